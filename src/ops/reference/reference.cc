#include "ops/reference/reference.h"

#include "ops/op_registry.h"

namespace nnslim {

namespace {
TensorView view_of(const Tensor& t) { return TensorView{t.dtype, t.dims, const_cast<uint8_t*>(t.bytes.data())}; }
}  // namespace

std::vector<TensorPtr> run_reference_node(const Node& node, int64_t opset, ReferenceFn fn,
                                          const std::vector<const Tensor*>& inputs,
                                          const std::vector<const Value*>& outputs) {
  std::vector<TensorView> in_views(inputs.size()), out_views(outputs.size());
  std::vector<const TensorView*> in_ptrs(inputs.size(), nullptr);
  std::vector<TensorView*> out_ptrs(outputs.size(), nullptr);
  std::vector<TensorPtr> results(outputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (!inputs[i]) continue;
    in_views[i] = view_of(*inputs[i]);
    in_ptrs[i] = &in_views[i];
  }
  for (size_t i = 0; i < outputs.size(); ++i) {
    if (!outputs[i]) continue;
    auto t = std::make_shared<Tensor>();
    t->dtype = outputs[i]->dtype;
    t->dims = outputs[i]->shape;
    t->bytes.assign(t->byte_size(), 0);
    out_views[i] = view_of(*t);
    out_ptrs[i] = &out_views[i];
    results[i] = std::move(t);
  }
  fn(node, opset, in_ptrs, out_ptrs);
  return results;
}

ReferenceFn find_reference(const std::string& op_type) {
  const OpDef* def = find_op("", op_type);
  return def ? def->reference : nullptr;
}

}  // namespace nnslim
