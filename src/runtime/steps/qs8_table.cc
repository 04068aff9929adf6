#include "runtime/steps/qs8_table.h"

#include "core/error.h"
#include "core/quant_math.h"
#include "ops/reference/reference.h"

namespace nnslim {

std::vector<int8_t> qs8_function_table(const Graph& graph, const Node* node, const QuantParams& x,
                                       const QuantizedOutput& y, size_t data_input) {
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
    std::vector<const Tensor*> inputs;
    std::vector<TensorPtr> scalars;  // owns the rank-0 copies
    for (size_t i = 0; i < node->inputs.size(); ++i) {
      const int v = node->inputs[i];
      if (i == data_input || v < 0) {
        inputs.push_back(i == data_input ? dequantized.get() : nullptr);
        continue;
      }
      const Value& value = graph.value(v);
      if (!value.constant || !value.constant->materialized() || value.constant->numel() != 1) return {};
      // A one-element constant of any rank ([1, 1, 1, 1] too) as a scalar,
      // so it broadcasts against the 256 values.
      auto scalar = std::make_shared<Tensor>(*value.constant);
      scalar->dims = {};
      scalars.push_back(scalar);
      inputs.push_back(scalar.get());
    }
    Value out;
    out.dtype = DType::Float32;
    out.shape = {256};
    out.has_shape = true;
    try {
      f = run_reference_node(*node, graph.opset, fn, inputs, {&out})[0];
    } catch (const Error&) {
      return {};  // attributes the reference rejects: the node's own step reports them
    }
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
