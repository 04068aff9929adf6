// Errors the package throws. Both are real `Error`s (instanceof Error, with a
// stack); the message is the C++ core's message unchanged, which names the
// node/layer and the problem.

// Bad input: a malformed or unsupported model, a bad layer config, a bad
// argument. The module keeps working after one of these.
export class NnslimError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = 'NnslimError';
  }
}

// The WebAssembly instance trapped (a bug in nnslim, or the engine ran out of
// memory outside C++'s control). Its state is undefined afterwards, so every
// later call fails with this error; reload the page / restart the process.
export class NnslimCrashError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = 'NnslimCrashError';
  }
}
