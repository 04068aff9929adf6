// JSON text -> nnslim::Json (core/json.h), for the builder's layer spec and
// the API's option objects: strict RFC 8259 (no comments, no trailing commas,
// UTF-8 checked, nothing after the value), as nlohmann::json::parse was.
#pragma once
#include <string>

#include "core/json.h"

namespace nnslim {

// Throws Error(INVALID_ARGUMENT) "<what> is not valid JSON: <problem> at line
// L, column C" on bad text.
Json parse_json(const std::string& text, const char* what);

}  // namespace nnslim
