#include "runtime/steps/qs8_table.h"

#include "core/quant_math.h"
#include "ops/reference/reference.h"

namespace nnslim {

std::vector<int8_t> qs8_function_table(const Graph& graph, const Node* node, const QuantParams& x,
                                       const QuantizedOutput& y) {
  auto dequantized = std::make_shared<Tensor>();
  dequantized->dtype = DType::Float32;
  dequantized->dims = {256};
  dequantized->bytes.resize(dequantized->byte_size());
  for (int i = 0; i < 256; ++i)
    dequantized->data<float>()[i] = dequantize_value(static_cast<int8_t>(i), x.scale, x.zero_point);
  TensorPtr f = dequantized;
  if (node != nullptr) {
    const ReferenceFn fn = find_reference(node->op_type);
    if (fn == nullptr) return {};
    std::vector<const Tensor*> inputs = {dequantized.get()};
    for (size_t i = 1; i < node->inputs.size(); ++i) {
      const int v = node->inputs[i];
      if (v < 0) {
        inputs.push_back(nullptr);
        continue;
      }
      const Value& value = graph.value(v);
      if (!value.constant || !value.constant->materialized()) return {};
      inputs.push_back(value.constant.get());
    }
    Value out;
    out.dtype = DType::Float32;
    out.shape = {256};
    out.has_shape = true;
    f = run_reference_node(*node, graph.opset, fn, inputs, {&out})[0];
  }
  std::vector<int8_t> table(256);
  for (int i = 0; i < 256; ++i) {
    int64_t q = quantize_value(f->data<float>()[i], y.params.scale, y.params.zero_point, quant_range(DType::Int8));
    q = q < y.qmin ? y.qmin : q > y.qmax ? y.qmax : q;
    table[static_cast<size_t>(i)] = static_cast<int8_t>(q);
  }
  return table;
}

bool is_identity_table(const std::vector<int8_t>& table) {
  for (int i = 0; i < 256; ++i)
    if (table[static_cast<size_t>(i)] != static_cast<int8_t>(i)) return false;
  return true;
}

}  // namespace nnslim
