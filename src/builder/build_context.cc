#include "builder/build_context.h"

#include "ops/op_registry.h"

namespace nnslim {
namespace {

// A weight's seed depends on the spec seed and the weight's name only, so a
// layer keeps its initial values when other layers are added or removed.
// FNV-1a over the name, then the splitmix64 finalizer to spread the bits.
uint64_t weight_seed(uint64_t spec_seed, const std::string& name) {
  uint64_t h = 0xcbf29ce484222325ull ^ (spec_seed * 0x9E3779B97F4A7C15ull);
  for (unsigned char c : name) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  h ^= h >> 30;
  h *= 0xBF58476D1CE4E5B9ull;
  h ^= h >> 27;
  h *= 0x94D049BB133111EBull;
  return h ^ (h >> 31);
}

}  // namespace

void BuildContext::begin_layer(const std::string& name, const std::string& keras_type,
                               const std::string& spec_type, bool trainable) {
  layer_name_ = name;
  keras_type_ = keras_type;
  spec_type_ = spec_type;
  layer_trainable_ = trainable;
}

int BuildContext::add_weight(const std::string& suffix, const Shape& dims, WeightInit init, int64_t fan_in,
                             bool always_frozen) {
  auto tensor = std::make_shared<Tensor>();
  tensor->dtype = DType::Float32;
  tensor->dims = dims;
  const std::string name = layer_name_ + "/" + suffix;
  if (graph.find_value(name) >= 0) fail("weight name '", name, "' collides with an existing value");
  if (mode_ == WeightsMode::He) {
    tensor->init = init;
    tensor->fan_in = fan_in;
    tensor->seed = weight_seed(seed_, name);
  }
  int id = graph.add_constant(name, std::move(tensor), /*is_param=*/true);
  graph.value(id).trainable = layer_trainable_ && !always_frozen;
  return id;
}

int BuildContext::add_int64_constant(const std::string& suffix, const std::vector<int64_t>& values) {
  const std::string name = graph.unique_value_name(layer_name_ + "/" + suffix);
  return graph.add_constant(name, Tensor::from_int64(values, {static_cast<int64_t>(values.size())}),
                            /*is_param=*/false);
}

int BuildContext::add_float_scalar(const std::string& suffix, float value) {
  const std::string name = graph.unique_value_name(layer_name_ + "/" + suffix);
  return graph.add_constant(name, Tensor::from_float({value}, {}), /*is_param=*/false);
}

int BuildContext::emit(const std::string& op_type, const std::vector<int>& inputs, AttributeMap attrs) {
  Node node;
  node.op_type = op_type;
  node.inputs = inputs;
  node.attrs = std::move(attrs);
  node.layer = layer_name_;
  node.layer_type = keras_type_;
  return add_node_and_infer(std::move(node), layer_name_ + "/" + op_type);
}

int BuildContext::emit_hidden(const std::string& op_type, const std::vector<int>& inputs, AttributeMap attrs,
                              const std::string& output_name) {
  Node node;
  node.op_type = op_type;
  node.inputs = inputs;
  node.attrs = std::move(attrs);
  node.layer = kHiddenLayer;
  return add_node_and_infer(std::move(node), output_name);
}

int BuildContext::add_node_and_infer(Node node, const std::string& output_name) {
  const OpDef* def = find_op(node.domain, node.op_type);
  if (!def) fail("needs op ", node.op_type, ", which this build does not support");
  const std::string unique = graph.unique_value_name(output_name);
  node.name = unique;
  node.outputs = {graph.add_value(unique)};
  const int index = graph.add_node(std::move(node));
  Node& added = graph.nodes[static_cast<size_t>(index)];
  try {
    InferContext ctx(graph, added);
    def->infer(ctx);
  } catch (const Error& e) {
    fail(e.what());
  }
  return added.outputs[0];
}

}  // namespace nnslim
