// The profiler (the params / FLOPs / memory slides of the lecture "The art of speed").
//
// Convention (docs/profiling.md): 1 MAC = 2 FLOPs; bias adds and activations
// are elementwise ops, not MACs; params = every weight element, BatchNorm
// moving mean/variance non-trainable (Keras).
//
// Two memory figures, of two different plans:
//   peak_memory_bytes    graph activations, liveness plan: the graph as
//                        written (unfused), every value at 16-byte alignment
//                        (runtime/memory_plan.h), inputs included. A property of
//                        the model, computed without compiling anything.
//   runtime_arena_bytes  runtime arena of the compiled plan: what run()
//                        allocates for activations at this batch size (fused
//                        steps, their scratch buffers, 64-byte alignment).
//                        Only known once a plan is compiled (Model::profile_json
//                        with compile = true); -1 otherwise.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "ir/graph.h"

namespace nnslim {

struct LayerProfile {
  std::string name;          // layer name (builder) or node name (ONNX)
  std::string type;          // "Dense", "Conv2D" (builder) or the op type (ONNX)
  Shape output_shape;        // as displayed (NHWC for builder models)
  bool batch_dim_symbolic = false;
  int64_t params = 0, trainable_params = 0, non_trainable_params = 0;
  int64_t macs = 0, flops = 0, elementwise_ops = 0;
  int64_t activation_bytes = 0;  // bytes of this layer's outputs
  double sparsity = 0;           // fraction of zero kernel weights (unmaterialized: by init rule)
  // Zeros skipped: params that are not 0, and the MACs of the multiplications
  // by a nonzero weight (a Conv/Gemm/MatMul's MACs times its weight's density).
  int64_t nonzero_params = 0;
  int64_t effective_macs = 0, effective_flops = 0;
  // dtype of the layer's largest weight ("int8" in a quantized model); "" without weights.
  std::string weight_dtype;
};

struct ModelProfile {
  int64_t batch_size = 1;
  int64_t params = 0, trainable_params = 0, non_trainable_params = 0;
  int64_t macs = 0, flops = 0, elementwise_ops = 0;
  // Zeros skipped (see LayerProfile); sparsity: zero fraction of every weight
  // of rank >= 2 (the kernels), as the per-layer figure.
  int64_t nonzero_params = 0, effective_macs = 0, effective_flops = 0;
  double sparsity = 0;
  int64_t weight_bytes = 0;
  std::map<std::string, int64_t> weight_bytes_by_dtype;  // "float32" -> bytes
  int64_t activation_bytes = 0;    // sum over every intermediate/output tensor
  int64_t peak_memory_bytes = 0;     // graph activations, liveness plan (+ inputs)
  int64_t runtime_arena_bytes = -1;  // runtime arena of the compiled plan; -1: not compiled
  std::vector<LayerProfile> layers;
};

// `graph` may have symbolic input dims: the inputs named in `input_shapes` take
// those shapes (Graph::bind_input_shape), every other symbolic dim is bound to
// batch_size, on a copy.
// fold_qdq: the activation QuantizeLinear / DequantizeLinear nodes of a QDQ
// file join the layer they quantize (one row per quantized layer, as
// summary() shows it) instead of a row each (profile()'s per-node rows, which
// the per-layer timings match).
ModelProfile profile_graph(const Graph& graph, int64_t batch_size,
                           const std::map<std::string, Shape>& input_shapes = {}, bool fold_qdq = false);
std::string profile_to_json(const ModelProfile& profile);
// Keras-style table (layer (type), output shape, param #; totals); symbolic
// batch dims print as "None". input_shapes: as profile_graph's.
// qdq_nodes: list a QDQ file's QuantizeLinear / DequantizeLinear nodes as
// rows of their own (default: folded into the layer they quantize, whose type
// reads "Conv int8" when its weights are int8).
std::string format_summary(const Graph& graph, const std::map<std::string, Shape>& input_shapes = {},
                           bool qdq_nodes = false);

}  // namespace nnslim
