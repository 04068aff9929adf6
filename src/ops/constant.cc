// Constant: its one attribute becomes the output constant: value (a tensor),
// value_float / value_int (scalars), value_floats / value_ints (1-D).
// The ONNX importer turns Constant nodes into constant values itself; this
// rule serves graphs that still contain one (builders, passes).
// ConstantOfShape(shape): a tensor of `shape` filled with `value` (a
// one-element tensor attribute; default float32 0); folds (the reference
// fills it) when small.
// Cost: none.
#include "ops/op_helpers.h"

namespace nnslim {
namespace {

void infer_constant(InferContext& ctx) {
  const Node& node = ctx.node();
  if (node.attrs.size() != 1)
    ctx.fail("needs exactly one value attribute, has ", node.attrs.size(), " attributes");
  const std::string& key = node.attrs.begin()->first;
  TensorPtr t;
  if (key == "value") {
    const Attribute& a = node.attrs.begin()->second;
    if (a.kind != Attribute::Kind::Tensor || !a.t) ctx.fail("attribute 'value' must be a tensor");
    t = a.t;
    if (dtype_size(t->dtype) == 0)
      ctx.fail(ErrorCode::UnsupportedOp, "a ", dtype_name(t->dtype), " constant is not supported");
    if (!t->materialized() || t->bytes.size() != t->byte_size()) ctx.fail("attribute 'value' holds no data of its size");
  } else if (key == "value_float") {
    t = Tensor::from_float({node.attr_float(key, 0)}, {});
  } else if (key == "value_floats") {
    const std::vector<float> v = node.attr_floats(key);
    t = Tensor::from_float(v, {static_cast<int64_t>(v.size())});
  } else if (key == "value_int") {
    t = Tensor::from_int64({node.attr_int(key, 0)}, {});
  } else if (key == "value_ints") {
    const std::vector<int64_t> v = node.attr_ints(key);
    t = Tensor::from_int64(v, {static_cast<int64_t>(v.size())});
  } else {
    ctx.fail(ErrorCode::UnsupportedOp, "attribute '", key, "' is not supported (value, value_float(s), value_int(s))");
  }
  ctx.set_output_constant(0, t);
}

void infer_constant_of_shape(InferContext& ctx) {
  if (ctx.input_rank(0) != 1) ctx.fail("input must be 1-D, got ", shape_to_string(ctx.input_shape(0)));
  const Shape shape = ctx.input_ints(0, "shape");
  for (int64_t d : shape)
    if (d < 0) ctx.fail("shape ", shape_to_string(shape), " has a negative dim");
  TensorPtr value = Tensor::from_float({0.f}, {1});
  auto it = ctx.node().attrs.find("value");
  if (it != ctx.node().attrs.end()) {
    if (it->second.kind != Attribute::Kind::Tensor || !it->second.t) ctx.fail("attribute 'value' must be a tensor");
    value = it->second.t;
    if (value->numel() != 1 || dtype_size(value->dtype) == 0 || value->bytes.size() != value->byte_size())
      ctx.fail("attribute 'value' must hold exactly one numeric element");
  }
  ctx.set_output(0, value->dtype, shape);
}

}  // namespace

extern const OpRules kOp_Constant = {0, 0, 1, 1, infer_constant, nullptr};
extern const OpRules kOp_ConstantOfShape = {1, 1, 1, 1, infer_constant_of_shape, nullptr,
    /*non_trainable_inputs=*/0, /*shape_inputs=*/1u << 0};

}  // namespace nnslim
