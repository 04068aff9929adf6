#include "fuzz_options.h"

#include <algorithm>

#include "core/format.h"

namespace nnslim::fuzz {
namespace {

constexpr const char* kMethods[] = {"minmax", "percentile", "mse", "entropy"};
// Block shapes (rows x cols, at least 2 weights): the kernels' favourite 8x1
// first, then shapes that divide few layers (a skipped layer is a path too).
constexpr int kBlocks[8][2] = {{8, 1}, {4, 1}, {1, 4}, {2, 2}, {4, 4}, {1, 2}, {2, 1}, {16, 1}};
constexpr const char* kNm[] = {"2:4", "1:4", "1:2", "3:4", "2:8", "4:8", "1:8", "7:8"};

bool bit(uint8_t byte, int index) { return (byte >> index) & 1; }

std::string prune_json(uint8_t prune, uint8_t extra) {
  const int method = prune & 3;
  const bool variant = bit(prune, 2);
  std::string json = str("{\"sparsity\":", (prune >> 4) / 16.0);
  if (bit(prune, 3)) json += ",\"skip\":[]";
  const int shape = extra & 7;
  switch (method) {
    case 0: json += str(",\"method\":\"magnitude\",\"scope\":\"", variant ? "global" : "layer", "\""); break;
    case 1: json += str(",\"method\":\"block\",\"block\":[", kBlocks[shape][0], ",", kBlocks[shape][1], "]"); break;
    case 2: json += str(",\"method\":\"block\",\"nm\":\"", kNm[shape], "\""); break;
    default: json += str(",\"method\":\"channel\",\"criterion\":\"", variant ? "l2" : "l1", "\""); break;
  }
  return json + "}";
}

}  // namespace

DerivedOptions take_options(const uint8_t*& data, size_t& size) {
  uint8_t b[kOptionBytes] = {};
  const size_t taken = std::min(size, kOptionBytes);
  std::copy(data, data + taken, b);
  data += taken;
  size -= taken;

  DerivedOptions o;
  QuantizeOptions& q = o.quantize.options;
  q.weight_only = bit(b[0], 0);
  q.per_channel = bit(b[0], 1);
  q.symmetric_activations = bit(b[0], 2);
  o.quantize.method = kMethods[(b[0] >> 3) & 3];
  q.weight_bits = bit(b[0], 5) ? 7 : 8;
  q.bias_correction = bit(b[0], 6);
  o.quantize_pruned = bit(b[0], 7);

  o.prune_json = prune_json(b[1], b[2]);

  o.timed = bit(b[2], 3);
  o.quantize.percentile = bit(b[2], 4) ? 99.0 : 99.99;
  o.calibrate_weight_only = bit(b[2], 5);
  o.profile_compiles = bit(b[2], 6);
  o.profile_batch = bit(b[2], 7) ? 2 : 1;

  o.sample_values = static_cast<SampleValues>(b[3] & 3);
  o.sample_count = bit(b[3], 2) ? 2 : 1;
  o.sample_seed = b[3] >> 3;
  return o;
}

}  // namespace nnslim::fuzz
