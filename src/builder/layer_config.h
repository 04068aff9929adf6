// Reads one layer's "config" object: typed getters with defaults, and a check
// that no key went unread (a typo like "kernel_size" is an error, not a default).
#pragma once
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "builder/build_context.h"
#include "core/json.h"

namespace nnslim {

class LayerConfig {
 public:
  LayerConfig(const BuildContext& ctx, const Json& config);

  bool has(const char* key) const;
  int64_t get_int(const char* key, int64_t fallback);
  int64_t require_int(const char* key);
  double get_float(const char* key, double fallback);
  bool get_bool(const char* key, bool fallback);
  std::string get_string(const char* key, const std::string& fallback);
  // An int n or a pair [a, b] (Keras' kernelSize, strides, poolSize, dilationRate).
  std::vector<int64_t> get_pair(const char* key, std::vector<int64_t> fallback);
  std::vector<int64_t> require_pair(const char* key);
  // The raw value (for configs with several accepted forms).
  const Json* raw(const char* key);

  // Fails naming the first key no getter asked for.
  void check_all_used() const;

 private:
  const Json* find(const char* key);
  const BuildContext& ctx_;
  const Json& config_;
  std::set<std::string> used_;
};

}  // namespace nnslim
