// JSON text -> nlohmann::json, for the builder's layer spec and the API's
// option objects: one parser instantiation for the whole library.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

namespace nnslim {

// Throws Error(INVALID_ARGUMENT) "<what> is not valid JSON: ..." on bad text.
nlohmann::json parse_json(const std::string& text, const char* what);

}  // namespace nnslim
