// nnslim::Error: the one exception type the core throws for bad input.
//
// Inside the core, validation failures throw Error with a message that names
// the node/value and the problem. The wasm bindings catch it (and
// std::bad_alloc, protozero's exceptions) at the outermost frame, copy the
// message and hand JS a status object; web/ turns that into a real JS Error.
// Microkernels never throw: operators validate before calling them.
#pragma once
#include <stdexcept>
#include <string>

#include "core/format.h"  // str(pieces...)

namespace nnslim {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

template <typename... Parts>
[[noreturn]] void fail(const Parts&... parts) {
  throw Error(str(parts...));
}

}  // namespace nnslim

// NNSLIM_CHECK(cond, "message ", pieces...) throws nnslim::Error when cond is false.
#define NNSLIM_CHECK(cond, ...)          \
  do {                                   \
    if (!(cond)) ::nnslim::fail(__VA_ARGS__); \
  } while (0)
