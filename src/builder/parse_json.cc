#include "builder/parse_json.h"

#include "core/error.h"

namespace nnslim {

nlohmann::json parse_json(const std::string& text, const char* what) {
  using json = nlohmann::json;
  json out;
  try {
    // json::parse(text) with its pieces spelled out: json::parse compiles the
    // parser twice (with and without a per-value callback, chosen at run
    // time), ~12 KB of wasm; this instantiates only the callback-free one.
    // Same grammar, same errors (json::parse_error).
    auto input = nlohmann::detail::input_adapter(text);
    nlohmann::detail::json_sax_dom_parser<json> to_dom(out, /*allow_exceptions=*/true);
    nlohmann::detail::parser<json, decltype(input)>(std::move(input), nullptr, /*allow_exceptions=*/true,
                                                   /*skip_comments=*/false)
        .sax_parse(&to_dom, /*strict=*/true);
  } catch (const json::exception& e) {
    fail(ErrorCode::InvalidArgument, what, " is not valid JSON: ", e.what());
  }
  return out;
}

}  // namespace nnslim
