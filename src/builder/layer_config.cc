#include "builder/layer_config.h"

namespace nnslim {

LayerConfig::LayerConfig(const BuildContext& ctx, const nlohmann::json& config) : ctx_(ctx), config_(config) {
  if (!config_.is_null() && !config_.is_object()) ctx_.fail("config must be an object");
}

bool LayerConfig::has(const char* key) const {
  return config_.is_object() && config_.contains(key) && !config_.at(key).is_null();
}

const nlohmann::json* LayerConfig::find(const char* key) {
  used_.insert(key);
  if (!has(key)) return nullptr;
  return &config_.at(key);
}

const nlohmann::json* LayerConfig::raw(const char* key) { return find(key); }

int64_t LayerConfig::get_int(const char* key, int64_t fallback) {
  const nlohmann::json* v = find(key);
  if (!v) return fallback;
  if (!v->is_number_integer()) ctx_.fail("'", key, "' must be an integer, got ", v->dump());
  return v->get<int64_t>();
}

int64_t LayerConfig::require_int(const char* key) {
  if (!has(key)) ctx_.fail("'", key, "' is required");
  return get_int(key, 0);
}

double LayerConfig::get_float(const char* key, double fallback) {
  const nlohmann::json* v = find(key);
  if (!v) return fallback;
  if (!v->is_number()) ctx_.fail("'", key, "' must be a number, got ", v->dump());
  return v->get<double>();
}

bool LayerConfig::get_bool(const char* key, bool fallback) {
  const nlohmann::json* v = find(key);
  if (!v) return fallback;
  if (!v->is_boolean()) ctx_.fail("'", key, "' must be true or false, got ", v->dump());
  return v->get<bool>();
}

std::string LayerConfig::get_string(const char* key, const std::string& fallback) {
  const nlohmann::json* v = find(key);
  if (!v) return fallback;
  if (!v->is_string()) ctx_.fail("'", key, "' must be a string, got ", v->dump());
  return v->get<std::string>();
}

std::vector<int64_t> LayerConfig::get_pair(const char* key, std::vector<int64_t> fallback) {
  const nlohmann::json* v = find(key);
  if (!v) return fallback;
  std::vector<int64_t> out;
  if (v->is_number_integer()) {
    out = {v->get<int64_t>(), v->get<int64_t>()};
  } else if (v->is_array() && v->size() == 2 && (*v)[0].is_number_integer() && (*v)[1].is_number_integer()) {
    out = {(*v)[0].get<int64_t>(), (*v)[1].get<int64_t>()};
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
  for (auto it = config_.begin(); it != config_.end(); ++it)
    if (!used_.count(it.key())) ctx_.fail("unknown config key '", it.key(), "'");
}

}  // namespace nnslim
