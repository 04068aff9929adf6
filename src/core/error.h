// nnslim::Error: the one exception type the core throws for bad input.
//
// Inside the core, validation failures throw Error with a message that names
// the node/value and the problem. The wasm bindings catch it (and
// std::bad_alloc, protozero's exceptions) at the outermost frame, copy the
// message and code and hand JS a status object; web/ turns that into a real JS
// Error (NnslimError, whose `code` is the code's name below).
// Microkernels never throw: operators validate before calling them.
//
// Codes. Most call sites throw without one (fail("...")): what went wrong is
// implied by the phase that was running (parsing a model: INVALID_MODEL;
// checking a run's feeds: INVALID_INPUT; ...), and the entry point that
// started the phase supplies it (the table in wasm/bindings.cc). A site gives
// a code only when its error belongs to another category than its phase's:
//   fail(ErrorCode::UnsupportedOp, node.describe(), ": ...");
//   NNSLIM_CHECK(bytes <= limit, ErrorCode::OutOfMemory, "out of memory: ...");
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>

#include "core/format.h"  // str(pieces...)

namespace nnslim {

// The stable codes users branch on, and their names in JS (NnslimError.code).
// This list is the one source of truth: web/errors.js, web/index.d.ts and the
// README repeat it, and tests/js/errors.test.js fails when they differ.
//   INVALID_MODEL     the ONNX bytes are not a valid model (truncated, corrupt,
//                     inconsistent graph, shapes that do not fit together)
//   UNSUPPORTED_OP    a valid model uses what nnslim does not implement: an op,
//                     an opset version, or a feature (subgraphs, sparse or
//                     external tensors, a data type)
//   INVALID_ARGUMENT  an argument of an API call is wrong: a layer config, a
//                     Tensor's type/data/dims, an option such as batchSize
//   INVALID_INPUT     the feeds of run() do not fit the model (unknown or
//                     missing input, wrong dtype, shape or byte length)
//   OUT_OF_MEMORY     a tensor, weight or arena is larger than an allocation
//                     may be, or the WebAssembly heap cannot grow enough
//   DISPOSED          the model was disposed (only JS throws this one)
//   INTERNAL          a bug in nnslim, or an engine it cannot run on
#define NNSLIM_ERROR_CODES(X)           \
  X(InvalidModel, "INVALID_MODEL")       \
  X(UnsupportedOp, "UNSUPPORTED_OP")     \
  X(InvalidArgument, "INVALID_ARGUMENT") \
  X(InvalidInput, "INVALID_INPUT")       \
  X(OutOfMemory, "OUT_OF_MEMORY")        \
  X(Disposed, "DISPOSED")                \
  X(Internal, "INTERNAL")

enum class ErrorCode : uint8_t {
  // Thrown without a code: the entry point's phase decides (see above).
  Unclassified,
#define NNSLIM_ERROR_CODE_ENUMERATOR(code, name) code,
  NNSLIM_ERROR_CODES(NNSLIM_ERROR_CODE_ENUMERATOR)
#undef NNSLIM_ERROR_CODE_ENUMERATOR
};

// "INVALID_MODEL", ...; "UNCLASSIFIED" for ErrorCode::Unclassified.
const char* error_code_name(ErrorCode code);

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message, ErrorCode code = ErrorCode::Unclassified)
      : std::runtime_error(message), code_(code) {}

  ErrorCode code() const { return code_; }

  // The code of an error thrown without one becomes `phase_default` (the
  // phase it leaves decides); an explicit code is kept. For the boundary of a
  // phase that catches, classifies and rethrows.
  void classify_as(ErrorCode phase_default) {
    if (code_ == ErrorCode::Unclassified) code_ = phase_default;
  }

 private:
  ErrorCode code_;
};

// fail("node '", name, "': ...") throws an Error without a code (the phase
// decides); fail(ErrorCode::X, "...") throws one with code X. (The second
// overload is the more specialized one, so an ErrorCode first picks it; an
// ErrorCode is not streamable, so it can never end up inside a message.)
template <typename... Parts>
[[noreturn]] void fail(const Parts&... parts) {
  throw Error(str(parts...));
}

template <typename... Parts>
[[noreturn]] void fail(ErrorCode code, const Parts&... parts) {
  throw Error(str(parts...), code);
}

}  // namespace nnslim

// NNSLIM_CHECK(cond, "message ", pieces...) throws nnslim::Error when cond is
// false; NNSLIM_CHECK(cond, ErrorCode::X, "message ", ...) gives it code X.
#define NNSLIM_CHECK(cond, ...)          \
  do {                                   \
    if (!(cond)) ::nnslim::fail(__VA_ARGS__); \
  } while (0)
