// Errors the package throws. Both are real `Error`s (instanceof Error, with a
// stack); the message is the C++ core's message unchanged, which names the
// node/layer and the problem.

// What went wrong, for code to branch on (`error.code`). The C++ core's list
// (NNSLIM_ERROR_CODES in src/core/error.h) is the source of truth, with one
// line per code on when it occurs; the core's errors arrive with the code
// already named. The package's loader adds two codes of its own (the core
// never sees them). tests/js/errors.test.js checks that this list, the
// README's and web/index.d.ts's are the core's followed by the loader's.
const CODES = Object.freeze([
  'INVALID_MODEL',
  'UNSUPPORTED_OP',
  'INVALID_ARGUMENT',
  'INVALID_INPUT',
  'OUT_OF_MEMORY',
  'DISPOSED',
  'INTERNAL',
  // The loader's: a synchronous call before init() resolved (browsers), and
  // a .wasm that could not be fetched, read or compiled.
  'NOT_INITIALIZED',
  'WASM_LOAD_FAILED',
]);

// Bad input: a malformed or unsupported model, a bad layer config, a bad
// argument or feed, a disposed model. The module keeps working after one of
// these. new NnslimError(message, { code, cause }); a missing or unknown code
// is 'INTERNAL' (the package never throws one without a code).
export class NnslimError extends Error {
  static codes = CODES;

  constructor(message, options) {
    super(message, options);
    this.name = 'NnslimError';
    this.code = CODES.includes(options?.code) ? options.code : 'INTERNAL';
  }
}

// The WebAssembly instance trapped (a bug in nnslim, or the engine ran out of
// memory outside C++'s control). Its state is undefined afterwards, so every
// later call fails with this error; reload the page / restart the process.
// An NnslimError (a catch on NnslimError sees it) whose code is always 'INTERNAL'.
export class NnslimCrashError extends NnslimError {
  constructor(message, options) {
    super(message, { ...options, code: 'INTERNAL' });
    this.name = 'NnslimCrashError';
  }
}
