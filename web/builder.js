// PLACEHOLDER (the builder helper owns this file): the layers API.
export {};
