#include "builder/layers.h"

#include "builder/layer_config.h"

namespace nnslim {
namespace {

constexpr size_t kImageRank = 4;  // [N, C, H, W] inside the graph, [N, H, W, C] for the user

AttributeMap attrs_of(std::initializer_list<std::pair<const std::string, Attribute>> list) {
  return AttributeMap(list);
}

// The channel count of an image input, checking the rank.
int64_t image_channels(const BuildContext& ctx, int x) {
  const Shape& s = ctx.shape(x);
  if (s.size() != kImageRank)
    ctx.fail("expects an image input [batch, height, width, channels], got rank ", s.size() == 0 ? 0 : s.size() - 1,
             " (without the batch dim)");
  return s[1];
}

// ---- Activations (Keras names as TF.js spells them).

// Emits the activation `name` on x; "linear" emits nothing unless `force_node`
// (an Activation layer must still produce its own output).
int emit_activation(BuildContext& ctx, int x, const std::string& name, double alpha, bool force_node) {
  if (name == "linear" || name.empty()) return force_node ? ctx.emit("Identity", {x}) : x;
  if (name == "relu") return ctx.emit("Relu", {x});
  if (name == "relu6") {
    // Clip's bounds are inputs since opset 11; they are constants, not weights.
    const int lo = ctx.add_float_scalar("clip_min", 0.f);
    const int hi = ctx.add_float_scalar("clip_max", 6.f);
    return ctx.emit("Clip", {x, lo, hi});
  }
  if (name == "sigmoid") return ctx.emit("Sigmoid", {x});
  if (name == "tanh") return ctx.emit("Tanh", {x});
  if (name == "softmax") {
    // Keras: over the last axis = the channels, which is axis 1 of an NCHW image.
    const int64_t axis = ctx.shape(x).size() == kImageRank ? 1 : -1;
    return ctx.emit("Softmax", {x}, attrs_of({{"axis", Attribute::make_int(axis)}}));
  }
  if (name == "hardSwish") {
    // x * relu6(x + 3) / 6; the ONNX op exists from opset 14.
    if (ctx.graph.opset < 14) ctx.graph.opset = 14;
    return ctx.emit("HardSwish", {x});
  }
  if (name == "leakyRelu")
    return ctx.emit("LeakyRelu", {x}, attrs_of({{"alpha", Attribute::make_float(static_cast<float>(alpha))}}));
  ctx.fail("unknown activation '", name,
           "' (known: relu, relu6, sigmoid, tanh, softmax, linear, hardSwish, leakyRelu)");
}

// Keras' default alpha of LeakyReLU (TF.js and tf.keras 2).
constexpr double kLeakyReluAlpha = 0.3;

// "valid" -> explicit zero pads; "same" -> SAME_UPPER (TF puts the odd pixel at the end).
void set_padding(const BuildContext& ctx, AttributeMap& attrs, const std::string& padding) {
  if (padding == "valid") {
    attrs["pads"] = Attribute::make_ints({0, 0, 0, 0});
  } else if (padding == "same") {
    attrs["auto_pad"] = Attribute::make_string("SAME_UPPER");
  } else {
    ctx.fail("padding must be 'valid' or 'same', got '", padding, "'");
  }
}

// ---- Layers

int emit_dense(BuildContext& ctx, const std::vector<int>& in, const Json& config) {
  LayerConfig c(ctx, config);
  const int64_t units = c.require_int("units");
  const std::string activation = c.get_string("activation", "linear");
  const double alpha = c.get_float("alpha", kLeakyReluAlpha);
  const bool use_bias = c.get_bool("useBias", true);
  c.check_all_used();
  if (units <= 0) ctx.fail("units must be positive, got ", units);
  const Shape& x = ctx.shape(in[0]);
  if (x.size() != 2)
    ctx.fail("expects a flat input [batch, features], got rank ", x.size() - 1,
             " without the batch dim: add a flatten layer first");
  const int64_t features = x[1];
  std::vector<int> inputs{in[0], ctx.add_weight("kernel", {features, units}, WeightInit::HeNormal, features)};
  if (use_bias) inputs.push_back(ctx.add_weight("bias", {units}, WeightInit::Zeros));
  const int y = ctx.emit("Gemm", inputs);
  return emit_activation(ctx, y, activation, alpha, false);
}

int emit_conv(BuildContext& ctx, int x, LayerConfig& c, bool depthwise) {
  const int64_t cin = image_channels(ctx, x);
  const int64_t cout = depthwise ? cin * c.get_int("depthMultiplier", 1) : c.require_int("filters");
  const std::vector<int64_t> kernel = c.require_pair("kernelSize");
  const std::vector<int64_t> strides = c.get_pair("strides", {1, 1});
  const std::vector<int64_t> dilations = c.get_pair("dilationRate", {1, 1});
  const std::string padding = c.get_string("padding", "valid");
  const std::string activation = c.get_string("activation", "linear");
  const double alpha = c.get_float("alpha", kLeakyReluAlpha);
  const bool use_bias = c.get_bool("useBias", true);
  c.check_all_used();
  if (cout <= 0) ctx.fail(depthwise ? "depthMultiplier" : "filters", " must be positive");
  const int64_t group = depthwise ? cin : 1;
  const int64_t per_group_in = cin / group;
  // He fan-in = inputs feeding one output = (Cin / group) * kh * kw.
  const int64_t fan_in = per_group_in * kernel[0] * kernel[1];
  std::vector<int> inputs{x, ctx.add_weight(depthwise ? "depthwise_kernel" : "kernel",
                                            {cout, per_group_in, kernel[0], kernel[1]}, WeightInit::HeNormal, fan_in)};
  if (use_bias) inputs.push_back(ctx.add_weight("bias", {cout}, WeightInit::Zeros));
  AttributeMap attrs{{"kernel_shape", Attribute::make_ints(kernel)},
                     {"strides", Attribute::make_ints(strides)},
                     {"dilations", Attribute::make_ints(dilations)}};
  if (group != 1) attrs["group"] = Attribute::make_int(group);
  set_padding(ctx, attrs, padding);
  const int y = ctx.emit("Conv", inputs, std::move(attrs));
  return emit_activation(ctx, y, activation, alpha, false);
}

int emit_conv2d(BuildContext& ctx, const std::vector<int>& in, const Json& config) {
  LayerConfig c(ctx, config);
  return emit_conv(ctx, in[0], c, false);
}

int emit_depthwise_conv2d(BuildContext& ctx, const std::vector<int>& in, const Json& config) {
  LayerConfig c(ctx, config);
  return emit_conv(ctx, in[0], c, true);
}

int emit_pool(BuildContext& ctx, const std::vector<int>& in, const Json& config, bool max_pool) {
  LayerConfig c(ctx, config);
  const std::vector<int64_t> pool = c.get_pair("poolSize", {2, 2});
  const std::vector<int64_t> strides = c.get_pair("strides", pool);  // Keras: strides default to poolSize
  const std::string padding = c.get_string("padding", "valid");
  c.check_all_used();
  image_channels(ctx, in[0]);
  AttributeMap attrs{{"kernel_shape", Attribute::make_ints(pool)}, {"strides", Attribute::make_ints(strides)}};
  set_padding(ctx, attrs, padding);
  // TF's average pool divides by the number of real (unpadded) pixels.
  if (!max_pool) attrs["count_include_pad"] = Attribute::make_int(0);
  return ctx.emit(max_pool ? "MaxPool" : "AveragePool", {in[0]}, std::move(attrs));
}

int emit_max_pooling2d(BuildContext& ctx, const std::vector<int>& in, const Json& config) {
  return emit_pool(ctx, in, config, true);
}

int emit_average_pooling2d(BuildContext& ctx, const std::vector<int>& in, const Json& config) {
  return emit_pool(ctx, in, config, false);
}

int emit_global_average_pooling2d(BuildContext& ctx, const std::vector<int>& in, const Json& config) {
  LayerConfig c(ctx, config);
  const bool keep_dims = c.get_bool("keepDims", false);
  c.check_all_used();
  image_channels(ctx, in[0]);
  const int pooled = ctx.emit("GlobalAveragePool", {in[0]});  // [N, C, 1, 1]
  if (keep_dims) return pooled;
  return ctx.emit("Flatten", {pooled}, attrs_of({{"axis", Attribute::make_int(1)}}));  // Keras: [N, C]
}

int emit_batch_normalization(BuildContext& ctx, const std::vector<int>& in, const Json& config) {
  LayerConfig c(ctx, config);
  const double epsilon = c.get_float("epsilon", 1e-3);  // Keras' default
  c.get_float("momentum", 0.99);                         // training only
  const int64_t axis = c.get_int("axis", -1);
  c.check_all_used();
  const Shape& x = ctx.shape(in[0]);
  if (x.size() < 2) ctx.fail("expects an input with a channel axis");
  const int64_t rank = static_cast<int64_t>(x.size());
  if (axis != -1 && axis != rank - 1) ctx.fail("only the channel axis (-1) is supported, got axis ", axis);
  if (epsilon <= 0) ctx.fail("epsilon must be positive");
  const int64_t channels = x[1];  // NCHW, or [N, C] for flat inputs
  std::vector<int> inputs{in[0],
                          ctx.add_weight("gamma", {channels}, WeightInit::Ones),
                          ctx.add_weight("beta", {channels}, WeightInit::Zeros),
                          ctx.add_weight("moving_mean", {channels}, WeightInit::Zeros, 1, /*always_frozen=*/true),
                          ctx.add_weight("moving_variance", {channels}, WeightInit::Ones, 1, /*always_frozen=*/true)};
  return ctx.emit("BatchNormalization", inputs,
                  attrs_of({{"epsilon", Attribute::make_float(static_cast<float>(epsilon))}}));
}

int emit_flatten(BuildContext& ctx, const std::vector<int>& in, const Json& config) {
  LayerConfig c(ctx, config);
  c.check_all_used();
  int x = in[0];
  // Keras flattens an image in (H, W, C) order: go back to NHWC first, so that
  // the following Dense sees features in Keras' order.
  if (ctx.shape(x).size() == kImageRank)
    x = ctx.emit("Transpose", {x}, attrs_of({{"perm", Attribute::make_ints({0, 2, 3, 1})}}));
  return ctx.emit("Flatten", {x}, attrs_of({{"axis", Attribute::make_int(1)}}));
}

int emit_dropout(BuildContext& ctx, const std::vector<int>& in, const Json& config) {
  LayerConfig c(ctx, config);
  const double rate = c.get_float("rate", 0.5);
  c.check_all_used();
  if (rate < 0 || rate >= 1) ctx.fail("rate must be in [0, 1), got ", rate);
  return ctx.emit("Identity", {in[0]});  // inference: dropout is the identity
}

int emit_activation_layer(BuildContext& ctx, const std::vector<int>& in, const Json& config) {
  LayerConfig c(ctx, config);
  if (!c.has("activation")) ctx.fail("'activation' is required");
  const std::string activation = c.get_string("activation", "");
  const double alpha = c.get_float("alpha", kLeakyReluAlpha);
  c.check_all_used();
  return emit_activation(ctx, in[0], activation, alpha, true);
}

// padding: n (all sides), [h, w] (symmetric), or [[top, bottom], [left, right]].
int emit_zero_padding2d(BuildContext& ctx, const std::vector<int>& in, const Json& config) {
  LayerConfig c(ctx, config);
  const Json* p = c.raw("padding");
  c.check_all_used();
  image_channels(ctx, in[0]);
  int64_t top = 1, bottom = 1, left = 1, right = 1;
  auto is_int = [](const Json& j) { return j.is_integer(); };
  auto is_int_pair = [&](const Json& j) { return j.is_array() && j.size() == 2 && is_int(j[0]) && is_int(j[1]); };
  if (!p) {
  } else if (is_int(*p)) {
    top = bottom = left = right = p->as_int();
  } else if (is_int_pair(*p)) {
    top = bottom = (*p)[0].as_int();
    left = right = (*p)[1].as_int();
  } else if (p->is_array() && p->size() == 2 && is_int_pair((*p)[0]) && is_int_pair((*p)[1])) {
    top = (*p)[0][0].as_int();
    bottom = (*p)[0][1].as_int();
    left = (*p)[1][0].as_int();
    right = (*p)[1][1].as_int();
  } else {
    ctx.fail("padding must be n, [h, w] or [[top, bottom], [left, right]], got ", p->dump());
  }
  if (top < 0 || bottom < 0 || left < 0 || right < 0) ctx.fail("padding must not be negative");
  // ONNX pads: [x1_begin, x2_begin, ..., x1_end, x2_end, ...] over N, C, H, W.
  const int pads = ctx.add_int64_constant("pads", {0, 0, top, left, 0, 0, bottom, right});
  return ctx.emit("Pad", {in[0], pads});
}

int emit_add(BuildContext& ctx, const std::vector<int>& in, const Json& config) {
  LayerConfig c(ctx, config);
  c.check_all_used();
  for (size_t i = 1; i < in.size(); ++i)
    if (ctx.shape(in[i]) != ctx.shape(in[0]))
      ctx.fail("inputs must have equal shapes, got ", shape_to_string(ctx.shape(in[0])), " and ",
               shape_to_string(ctx.shape(in[i])), " (NCHW)");
  int sum = ctx.emit("Add", {in[0], in[1]});
  for (size_t i = 2; i < in.size(); ++i) sum = ctx.emit("Add", {sum, in[i]});
  return sum;
}

int emit_concatenate(BuildContext& ctx, const std::vector<int>& in, const Json& config) {
  LayerConfig c(ctx, config);
  int64_t axis = c.get_int("axis", -1);
  c.check_all_used();
  const int64_t rank = static_cast<int64_t>(ctx.shape(in[0]).size());
  if (axis < -rank || axis >= rank) ctx.fail("axis ", axis, " is out of range for rank ", rank);
  if (axis < 0) axis += rank;
  if (axis == 0) ctx.fail("cannot concatenate along the batch axis");
  // The user's axis is NHWC: H=1, W=2, C=3 -> NCHW: C=1, H=2, W=3.
  if (rank == static_cast<int64_t>(kImageRank)) axis = axis == 3 ? 1 : axis + 1;
  return ctx.emit("Concat", in, attrs_of({{"axis", Attribute::make_int(axis)}}));
}

const LayerType kLayerTypes[] = {
    {"dense", "Dense", 1, 1, emit_dense},
    {"conv2d", "Conv2D", 1, 1, emit_conv2d},
    {"depthwiseConv2d", "DepthwiseConv2D", 1, 1, emit_depthwise_conv2d},
    {"maxPooling2d", "MaxPooling2D", 1, 1, emit_max_pooling2d},
    {"averagePooling2d", "AveragePooling2D", 1, 1, emit_average_pooling2d},
    {"globalAveragePooling2d", "GlobalAveragePooling2D", 1, 1, emit_global_average_pooling2d},
    {"batchNormalization", "BatchNormalization", 1, 1, emit_batch_normalization},
    {"flatten", "Flatten", 1, 1, emit_flatten},
    {"dropout", "Dropout", 1, 1, emit_dropout},
    {"activation", "Activation", 1, 1, emit_activation_layer},
    {"zeroPadding2d", "ZeroPadding2D", 1, 1, emit_zero_padding2d},
    {"add", "Add", 2, -1, emit_add},
    {"concatenate", "Concatenate", 2, -1, emit_concatenate},
};

}  // namespace

const LayerType* find_layer_type(const std::string& spec_type) {
  for (const LayerType& t : kLayerTypes)
    if (spec_type == t.spec_type) return &t;
  return nullptr;
}

std::string layer_type_list() {
  std::string out;
  for (const LayerType& t : kLayerTypes) out += (out.empty() ? "" : ", ") + std::string(t.spec_type);
  return out;
}

}  // namespace nnslim
