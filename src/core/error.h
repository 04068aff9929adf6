// nnslim::Error: the one exception type the core throws for bad input.
//
// Inside the core, validation failures throw Error with a message that names
// the node/value and the problem. The wasm bindings catch it (and
// std::bad_alloc, protozero's exceptions) at the outermost frame, copy the
// message and hand JS a status object; web/ turns that into a real JS Error.
// Microkernels never throw: operators validate before calling them.
#pragma once
#include <sstream>
#include <stdexcept>
#include <string>

namespace nnslim {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

namespace detail {
inline void append_all(std::ostringstream&) {}
template <typename T, typename... Rest>
void append_all(std::ostringstream& out, const T& first, const Rest&... rest) {
  out << first;
  append_all(out, rest...);
}
}  // namespace detail

// Builds a message from any streamable pieces: str("node '", name, "': ", n).
template <typename... Parts>
std::string str(const Parts&... parts) {
  std::ostringstream out;
  detail::append_all(out, parts...);
  return out.str();
}

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
