// PLACEHOLDER (the builder helper owns this file): model zoo.
export {};
