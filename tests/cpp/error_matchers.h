// A Catch2 matcher for nnslim::Error: its code, and fragments its message
// must contain (the node or input it names, the problem):
//   CHECK_THROWS_MATCHES(import_onnx(...), Error,
//                        IsError(ErrorCode::UnsupportedOp, {"node 'act'", "Frobnicate"}));
#pragma once
#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"

namespace Catch {
template <>
struct StringMaker<nnslim::Error> {
  static std::string convert(const nnslim::Error& e) {
    return std::string(nnslim::error_code_name(e.code())) + ": " + e.what();
  }
};
}  // namespace Catch

namespace nnslim {
namespace test {

class ErrorMatcher : public Catch::MatcherBase<Error> {
 public:
  ErrorMatcher(ErrorCode code, std::vector<std::string> fragments) : code_(code), fragments_(std::move(fragments)) {}

  bool match(const Error& e) const override {
    if (e.code() != code_) return false;
    const std::string message = e.what();
    for (const std::string& fragment : fragments_)
      if (message.find(fragment) == std::string::npos) return false;
    return true;
  }

  std::string describe() const override {
    std::string text = std::string("has code ") + error_code_name(code_);
    for (const std::string& fragment : fragments_) text += " and contains \"" + fragment + "\"";
    return text;
  }

 private:
  ErrorCode code_;
  std::vector<std::string> fragments_;
};

inline ErrorMatcher IsError(ErrorCode code, std::vector<std::string> fragments = {}) {
  return ErrorMatcher(code, std::move(fragments));
}

}  // namespace test
}  // namespace nnslim
