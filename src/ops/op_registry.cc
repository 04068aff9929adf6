#include "ops/op_registry.h"

#include <algorithm>

#include "core/small_sort.h"
#include "ops/reference/reference_ops.h"

namespace nnslim {

#define NNSLIM_OP(name, since_opset, folding) extern const OpRules kOp_##name;
#include "ops/op_list.inc"
#undef NNSLIM_OP

const std::vector<const OpDef*>& all_ops() {
  // The lines hold the rules' addresses, so they are constant data; the
  // rules themselves (in other translation units) are copied on first use,
  // in one loop (an initializer list of OpDefs compiled to a copy per op:
  // ~8 KB of wasm).
  struct Line {
    const OpRules* rules;
    const char* op_type;
    int since_opset;
    bool folds;
    ReferenceFn reference;
  };
  static const Line kLines[] = {
#define NNSLIM_OP(name, since_opset, folding) {&kOp_##name, #name, since_opset, folding, &reference::ref_##name},
#include "ops/op_list.inc"
#undef NNSLIM_OP
  };
  static const std::vector<OpDef> table = [] {
    std::vector<OpDef> defs;
    defs.reserve(sizeof(kLines) / sizeof(kLines[0]));
    for (const Line& line : kLines)
      defs.push_back(OpDef{*line.rules, line.op_type, line.since_opset, line.folds, line.reference});
    return defs;
  }();
  static const std::vector<const OpDef*> pointers = [] {
    std::vector<const OpDef*> list;
    for (const OpDef& def : table) list.push_back(&def);
    return list;
  }();
  return pointers;
}

const OpDef* find_op(const std::string& domain, const std::string& op_type) {
  if (!domain.empty() && domain != "ai.onnx") return nullptr;
  for (const OpDef* def : all_ops())
    if (op_type == def->op_type) return def;
  return nullptr;
}

std::vector<std::string> supported_op_types() {
  std::vector<std::string> names;
  for (const OpDef* def : all_ops()) names.emplace_back(def->op_type);
  insertion_sort(names, [](const std::string& a, const std::string& b) { return a < b; });
  return names;
}

const Value& InferContext::input(size_t i) const {
  if (!has_input(i)) fail("input ", i, " is required but missing");
  return graph_.value(node_.inputs[i]);
}

const Tensor* InferContext::input_constant(size_t i) const {
  if (!has_input(i)) return nullptr;
  const Value& v = graph_.value(node_.inputs[i]);
  return v.constant && v.constant->materialized() ? v.constant.get() : nullptr;
}

std::vector<int64_t> InferContext::input_ints(size_t i, const char* what) const {
  const Tensor* t = input_constant(i);
  if (!t)
    fail(ErrorCode::UnsupportedOp, what, " (input ", i,
         ") must be a constant: values computed at run time are not supported");
  if (t->dtype != DType::Int64 && t->dtype != DType::Int32)
    fail(what, " (input ", i, ") must be int64, got ", dtype_name(t->dtype));
  return t->to_int64_vector();
}

void InferContext::set_output(size_t i, DType dtype, Shape shape) {
  if (i >= node_.outputs.size()) return;  // optional output not requested
  check_shape_sane(*this, shape);
  Value& v = graph_.value(node_.outputs[i]);
  v.dtype = dtype;
  v.shape = std::move(shape);
  v.has_shape = true;
}

void InferContext::set_output_constant(size_t i, TensorPtr tensor) {
  if (i >= node_.outputs.size()) return;
  set_output(i, tensor->dtype, tensor->dims);
  graph_.value(node_.outputs[i]).constant = std::move(tensor);
}

bool InferContext::output_read(size_t i) const {
  if (i >= node_.outputs.size() || node_.outputs[i] < 0) return false;
  const int id = node_.outputs[i];
  for (const int output : graph_.outputs)
    if (output == id) return true;
  for (const Node& other : graph_.nodes)
    for (const int input : other.inputs)
      if (input == id) return true;
  return false;
}

bool InferContext::all_inputs_constant() const {
  for (size_t i = 0; i < node_.inputs.size(); ++i)
    if (has_input(i) && !input_constant(i)) return false;
  return true;
}

int64_t InferContext::normalize_axis(int64_t axis, int64_t rank, const char* what) const {
  if (axis < -rank || axis >= rank) fail(what, " ", axis, " is out of range for rank ", rank);
  return axis < 0 ? axis + rank : axis;
}

void check_shape_sane(const InferContext& ctx, const Shape& shape) {
  constexpr int64_t kMaxDim = int64_t{1} << 31;
  constexpr int64_t kMaxElements = int64_t{1} << 40;
  int64_t n = 1;
  for (int64_t d : shape) {
    if (d < 0 || d >= kMaxDim) ctx.fail("dimension ", d, " in shape ", shape_to_string(shape), " is invalid or too large");
    n = d == 0 ? 0 : n * d;
    if (n >= kMaxElements) ctx.fail("shape ", shape_to_string(shape), " has too many elements (limit 2^40)");
  }
}

}  // namespace nnslim
