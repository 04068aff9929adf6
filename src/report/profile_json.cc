// model.profile()'s JSON object (keys documented in web/index.d.ts); keys come
// out sorted (core/json.h).
#include "core/json.h"

#include "report/profile.h"

namespace nnslim {
namespace {

// Symbolic dims (-1) become null.
Json shape_json(const Shape& shape) {
  Json out = Json::array();
  for (int64_t d : shape) {
    if (d < 0) out.push_back(nullptr);
    else out.push_back(d);
  }
  return out;
}

// The compute counts a model and each of its layers report alike.
template <typename Profile>
void put_compute(Json& out, const Profile& p) {
  out["macs"] = p.macs;
  out["flops"] = p.flops;
  out["elementwiseOps"] = p.elementwise_ops;
  out["nonzeroParams"] = p.nonzero_params;
  out["effectiveMacs"] = p.effective_macs;
  out["effectiveFlops"] = p.effective_flops;
  out["sparsity"] = p.sparsity;
}

}  // namespace

std::string profile_to_json(const ModelProfile& p) {
  Json out;
  out["batchSize"] = p.batch_size;
  out["params"] = Json::object({{"total", p.params}, {"trainable", p.trainable_params}, {"nonTrainable", p.non_trainable_params}});
  put_compute(out, p);
  Json by_dtype = Json::object();
  for (const auto& [dtype, bytes] : p.weight_bytes_by_dtype) by_dtype[dtype] = bytes;
  out["weightBytes"] = Json::object({{"total", p.weight_bytes}, {"byDtype", by_dtype}});
  out["activationBytes"] = p.activation_bytes;
  out["peakMemoryBytes"] = p.peak_memory_bytes;
  if (p.runtime_arena_bytes >= 0) out["runtimeArenaBytes"] = p.runtime_arena_bytes;
  else out["runtimeArenaBytes"] = nullptr;
  Json layers = Json::array();
  for (const LayerProfile& l : p.layers) {
    Json layer;
    layer["name"] = l.name;
    layer["type"] = l.type;
    layer["outputShape"] = shape_json(l.output_shape);
    layer["params"] = l.params;
    layer["trainableParams"] = l.trainable_params;
    layer["nonTrainableParams"] = l.non_trainable_params;
    put_compute(layer, l);
    layer["activationBytes"] = l.activation_bytes;
    if (l.weight_dtype.empty()) layer["weightDtype"] = nullptr;
    else layer["weightDtype"] = l.weight_dtype;
    layers.push_back(std::move(layer));
  }
  out["layers"] = std::move(layers);
  return out.dump();
}

}  // namespace nnslim
