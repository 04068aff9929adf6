#include "builder/layer_config.h"

namespace nnslim {

LayerConfig::LayerConfig(const BuildContext& ctx, const Json& config) : ctx_(ctx), config_(config) {
  if (!config_.is_null() && !config_.is_object()) ctx_.fail("config must be an object");
}

bool LayerConfig::has(const char* key) const {
  const Json* v = config_.find(key);
  return v && !v->is_null();
}

const Json* LayerConfig::find(const char* key) {
  used_.insert(key);
  if (!has(key)) return nullptr;
  return config_.find(key);
}

const Json* LayerConfig::raw(const char* key) { return find(key); }

int64_t LayerConfig::get_int(const char* key, int64_t fallback) {
  const Json* v = find(key);
  if (!v) return fallback;
  if (!v->is_integer()) ctx_.fail("'", key, "' must be an integer, got ", v->dump());
  return v->as_int();
}

int64_t LayerConfig::require_int(const char* key) {
  if (!has(key)) ctx_.fail("'", key, "' is required");
  return get_int(key, 0);
}

double LayerConfig::get_float(const char* key, double fallback) {
  const Json* v = find(key);
  if (!v) return fallback;
  if (!v->is_number()) ctx_.fail("'", key, "' must be a number, got ", v->dump());
  return v->as_double();
}

bool LayerConfig::get_bool(const char* key, bool fallback) {
  const Json* v = find(key);
  if (!v) return fallback;
  if (!v->is_bool()) ctx_.fail("'", key, "' must be true or false, got ", v->dump());
  return v->as_bool();
}

std::string LayerConfig::get_string(const char* key, const std::string& fallback) {
  const Json* v = find(key);
  if (!v) return fallback;
  if (!v->is_string()) ctx_.fail("'", key, "' must be a string, got ", v->dump());
  return v->as_string();
}

std::vector<int64_t> LayerConfig::get_pair(const char* key, std::vector<int64_t> fallback) {
  const Json* v = find(key);
  if (!v) return fallback;
  std::vector<int64_t> out;
  if (v->is_integer()) {
    out = {v->as_int(), v->as_int()};
  } else if (v->is_array() && v->size() == 2 && (*v)[0].is_integer() && (*v)[1].is_integer()) {
    out = {(*v)[0].as_int(), (*v)[1].as_int()};
  } else {
    ctx_.fail("'", key, "' must be an integer or a pair of integers, got ", v->dump());
  }
  for (int64_t x : out)
    if (x <= 0) ctx_.fail("'", key, "' must be positive, got ", v->dump());
  return out;
}

std::vector<int64_t> LayerConfig::require_pair(const char* key) {
  if (!has(key)) ctx_.fail("'", key, "' is required");
  return get_pair(key, {});
}

void LayerConfig::check_all_used() const {
  if (!config_.is_object()) return;
  for (const Json::Member& member : config_.members())
    if (!used_.count(member.first)) ctx_.fail("unknown config key '", member.first, "'");
}

}  // namespace nnslim
