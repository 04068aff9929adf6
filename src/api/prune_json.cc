#include "api/prune_json.h"

#include <cmath>
#include "builder/parse_json.h"
#include "core/error.h"

namespace nnslim {
namespace {


[[noreturn]] void bad_option(const std::string& option, const std::string& expected, const Json& got) {
  fail(ErrorCode::InvalidArgument, "prune: ", option, " must be ", expected, ", got ", got.dump());
}

double sparsity_of(const Json& value, const std::string& option) {
  if (!value.is_number()) bad_option(option, "a number in [0, 1)", value);
  const double s = value.as_double();
  if (!(s >= 0 && s < 1)) bad_option(option, "a number in [0, 1)", value);
  return s;
}

// "1x4" or [1, 4] -> rows, cols; "2:4" -> n, m (separator `sep`).
std::pair<int64_t, int64_t> pair_of(const Json& value, const std::string& option, char sep, const std::string& expected) {
  int64_t a = 0, b = 0;
  if (value.is_array() && value.size() == 2 && value[0].is_integer() && value[1].is_integer()) {
    a = value[0].as_int();
    b = value[1].as_int();
  } else if (value.is_string()) {
    const std::string text = value.as_string();
    const size_t at = text.find(sep);
    if (at == std::string::npos || at == 0 || at + 1 == text.size() ||
        text.find_first_not_of("0123456789", 0) != at || text.find_first_not_of("0123456789", at + 1) != std::string::npos ||
        text.size() > 12)
      bad_option(option, expected, value);
    a = std::stoll(text.substr(0, at));
    b = std::stoll(text.substr(at + 1));
  } else {
    bad_option(option, expected, value);
  }
  if (a < 1 || b < 1 || a > 1024 || b > 1024) bad_option(option, expected, value);
  return {a, b};
}

}  // namespace

PruneOptions parse_prune_options(const std::string& text) {
  const Json in = parse_json(text, "prune: options");
  NNSLIM_CHECK(in.is_object(), ErrorCode::InvalidArgument, "prune: options must be an object");
  PruneOptions options;
  bool sparsity_given = false;
  for (const auto& [key, value] : in.members()) {
    if (key == "method") {
      const std::string m = value.is_string() ? value.as_string() : "";
      if (m == "magnitude") options.method = PruneMethod::Magnitude;
      else if (m == "block") options.method = PruneMethod::Block;
      else if (m == "channel") options.method = PruneMethod::Channel;
      else bad_option("method", "'magnitude', 'block' or 'channel'", value);
    } else if (key == "sparsity") {
      options.sparsity = sparsity_of(value, "sparsity");
      sparsity_given = true;
    } else if (key == "scope") {
      const std::string s = value.is_string() ? value.as_string() : "";
      if (s == "layer") options.scope = PruneScope::Layer;
      else if (s == "global") options.scope = PruneScope::Global;
      else bad_option("scope", "'layer' or 'global'", value);
    } else if (key == "layers") {
      if (!value.is_object()) bad_option("layers", "an object mapping layer names to sparsities", value);
      for (const auto& [name, s] : value.members()) options.layer_sparsity[name] = sparsity_of(s, "layers['" + name + "']");
    } else if (key == "skip") {
      if (!value.is_array()) bad_option("skip", "an array of layer names", value);
      for (const Json& name : value) {
        if (!name.is_string()) bad_option("skip", "an array of layer names", value);
        options.skip.push_back(name.as_string());
      }
      options.has_skip = true;
    } else if (key == "block") {
      std::tie(options.block_rows, options.block_cols) =
          pair_of(value, "block", 'x', "a block shape such as '1x4', '4x1', '2x2', '4x4', '8x1' or [rows, cols]");
      if (options.block_rows * options.block_cols < 2) bad_option("block", "a block of at least 2 weights", value);
    } else if (key == "nm") {
      std::tie(options.nm_n, options.nm_m) = pair_of(value, "nm", ':', "'N:M' with 1 <= N < M, such as '2:4'");
      if (options.nm_n >= options.nm_m) bad_option("nm", "'N:M' with 1 <= N < M, such as '2:4'", value);
    } else if (key == "criterion") {
      const std::string c = value.is_string() ? value.as_string() : "";
      if (c == "l1") options.criterion = PruneCriterion::L1;
      else if (c == "l2") options.criterion = PruneCriterion::L2;
      else bad_option("criterion", "'l1' or 'l2'", value);
    } else {
      fail(ErrorCode::InvalidArgument, "prune: unknown option '", key,
           "' (options: method, sparsity, scope, layers, skip, block, nm, criterion)");
    }
  }
  // block / nm imply method 'block'; with another method they are a mistake.
  if (in.contains("block") || in.contains("nm")) {
    if (!in.contains("method")) options.method = PruneMethod::Block;
    NNSLIM_CHECK(options.method == PruneMethod::Block, ErrorCode::InvalidArgument,
                 "prune: block and nm apply to method 'block' only");
  }
  // N:M fixes the sparsity at 1 - N/M.
  if (options.nm_m > 0 && !sparsity_given)
    options.sparsity = 1.0 - static_cast<double>(options.nm_n) / static_cast<double>(options.nm_m);
  return options;
}

std::string prune_report_to_json(const PruneReport& report) {
  Json layers = Json::array();
  for (const PrunedLayer& l : report.layers) {
    layers.push_back(Json::object({{"name", l.name},
                      {"op", l.op},
                      {"weights", l.weights},
                      {"zeros", l.zeros},
                      {"sparsity", l.weights ? static_cast<double>(l.zeros) / static_cast<double>(l.weights) : 0.0},
                      {"channelsBefore", l.channels_before},
                      {"channelsAfter", l.channels_after}}));
  }
  Json out;
  out["layers"] = std::move(layers);
  Json& skipped = out["skipped"] = Json::array();
  for (const std::string& why : report.skipped) skipped.push_back(why);
  return out.dump();
}

}  // namespace nnslim
