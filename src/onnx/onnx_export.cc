// Graph -> ONNX ModelProto (see onnx_export.h). Field numbers: onnx_proto_fields.h.
//
// Layout written: ir_version 8, producer "nnslim", one ai.onnx opset_import
// (graph.opset), and a graph with nodes (every attribute kind but subgraphs),
// initializers as raw_data (every node-less constant value: initializers,
// Constant payloads), inputs and outputs with their types and shapes (a
// symbolic dim as its dim_param, or "N"), and value_info for every other
// value whose type is known, so that a round trip keeps inferred shapes.
#include "onnx/onnx_export.h"

#include "onnx/onnx_proto_fields.h"
#include "onnx/onnx_wire.h"

namespace nnslim {
namespace {

namespace F = onnx_fields;
using protozero::pbf_writer;

constexpr int64_t kIrVersion = 8;

class Exporter {
 public:
  explicit Exporter(const Graph& graph) : graph_(graph) {}

  std::string run() {
    std::string buffer;
    pbf_writer model(buffer);
    model.add_int64(F::Model::kIrVersion, kIrVersion);
    model.add_string(F::Model::kProducerName, "nnslim");
    {
      pbf_writer g(model, F::Model::kGraph);
      write_graph(g);
    }
    {
      pbf_writer opset(model, F::Model::kOpsetImport);
      opset.add_string(F::OperatorSetId::kDomain, "");
      opset.add_int64(F::OperatorSetId::kVersion, graph_.opset);
    }
    return buffer;
  }

 private:
  // Anonymous values that a node consumes need a name in ONNX.
  std::string value_name(int id) const {
    const Value& v = graph_.value(id);
    return v.name.empty() ? str("nnslim_value_", id) : v.name;
  }

  bool is_initializer(int id) const {
    const Value& v = graph_.value(id);
    return v.constant && v.producer < 0;
  }

  void write_graph(pbf_writer& g) {
    std::vector<bool> consumed(graph_.values.size(), false), listed(graph_.values.size(), false);
    for (const Node& node : graph_.nodes)
      for (int in : node.inputs)
        if (in >= 0) consumed[static_cast<size_t>(in)] = true;
    for (int out : graph_.outputs) consumed[static_cast<size_t>(out)] = true;

    for (const Node& node : graph_.nodes) {
      pbf_writer n(g, F::Graph::kNode);
      for (int in : node.inputs) n.add_string(F::Node::kInput, in < 0 ? std::string() : value_name(in));
      for (int out : node.outputs) {
        // An unnamed output nothing reads is an optional output left out ("").
        const bool omitted = graph_.value(out).name.empty() && !consumed[static_cast<size_t>(out)];
        n.add_string(F::Node::kOutput, omitted ? std::string() : value_name(out));
      }
      n.add_string(F::Node::kName, node.name);
      n.add_string(F::Node::kOpType, node.op_type);
      for (const auto& entry : node.attrs) {
        pbf_writer a(n, F::Node::kAttribute);
        write_attribute(a, node, entry.first, entry.second);
      }
      if (!node.domain.empty()) n.add_string(F::Node::kDomain, node.domain);
    }
    g.add_string(F::Graph::kName, graph_.name.empty() ? std::string("nnslim") : graph_.name);
    for (size_t id = 0; id < graph_.values.size(); ++id) {
      if (!is_initializer(static_cast<int>(id))) continue;
      pbf_writer t(g, F::Graph::kInitializer);
      onnx_wire::write_tensor(t, *graph_.values[id].constant, value_name(static_cast<int>(id)));
      listed[id] = true;
    }
    for (int in : graph_.inputs) {
      write_value_info(g, F::Graph::kInput, in);
      listed[static_cast<size_t>(in)] = true;
    }
    for (int out : graph_.outputs) {
      write_value_info(g, F::Graph::kOutput, out);
      listed[static_cast<size_t>(out)] = true;
    }
    for (size_t id = 0; id < graph_.values.size(); ++id) {
      const Value& v = graph_.values[id];
      if (listed[id] || v.producer < 0 || (v.dtype == DType::Undefined && !v.has_shape)) continue;
      if (v.name.empty() && !consumed[id]) continue;
      write_value_info(g, F::Graph::kValueInfo, static_cast<int>(id));
    }
  }

  void write_value_info(pbf_writer& g, uint32_t field, int id) {
    const Value& v = graph_.value(id);
    pbf_writer info(g, field);
    info.add_string(F::ValueInfo::kName, value_name(id));
    if (v.dtype == DType::Undefined && !v.has_shape) return;
    pbf_writer type(info, F::ValueInfo::kType);
    pbf_writer tensor(type, F::Type::kTensorType);
    if (v.dtype != DType::Undefined) tensor.add_int32(F::TypeTensor::kElemType, static_cast<int32_t>(v.dtype));
    if (!v.has_shape) return;
    pbf_writer shape(tensor, F::TypeTensor::kShape);
    for (size_t i = 0; i < v.shape.size(); ++i) {
      pbf_writer dim(shape, F::TensorShape::kDim);
      if (v.shape[i] >= 0) {
        dim.add_int64(F::Dimension::kDimValue, v.shape[i]);
      } else {
        const bool named = i < v.dim_params.size() && !v.dim_params[i].empty();
        dim.add_string(F::Dimension::kDimParam, named ? v.dim_params[i] : std::string("N"));
      }
    }
  }

  static void write_attribute(pbf_writer& a, const Node& node, const std::string& name, const Attribute& attr) {
    using K = Attribute::Kind;
    namespace A = F::Attribute;
    a.add_string(A::kName, name);
    a.add_enum(A::kType, static_cast<int32_t>(attr.kind));
    switch (attr.kind) {
      case K::Float: a.add_float(A::kF, attr.f); break;
      case K::Int: a.add_int64(A::kI, attr.i); break;
      case K::String: a.add_bytes(A::kS, attr.s); break;
      case K::Tensor: {
        NNSLIM_CHECK(attr.t != nullptr, node.describe(), ": tensor attribute '", name, "' has no tensor");
        pbf_writer t(a, A::kT);
        onnx_wire::write_tensor(t, *attr.t, std::string());
        break;
      }
      case K::Floats: a.add_packed_float(A::kFloats, attr.floats.begin(), attr.floats.end()); break;
      case K::Ints: a.add_packed_int64(A::kInts, attr.ints.begin(), attr.ints.end()); break;
      case K::Strings:
        for (const std::string& s : attr.strings) a.add_bytes(A::kStrings, s);
        break;
      case K::Tensors:
        for (const TensorPtr& tensor : attr.tensors) {
          NNSLIM_CHECK(tensor != nullptr, node.describe(), ": attribute '", name, "' holds a null tensor");
          pbf_writer t(a, A::kTensors);
          onnx_wire::write_tensor(t, *tensor, std::string());
        }
        break;
      default:
        fail(node.describe(), ": attribute '", name, "' of kind ", attribute_kind_name(attr.kind),
             " cannot be exported");
    }
  }

  const Graph& graph_;
};

}  // namespace

std::vector<uint8_t> export_onnx(const Graph& graph) {
  const std::string bytes = Exporter(graph).run();
  return std::vector<uint8_t>(bytes.begin(), bytes.end());
}

}  // namespace nnslim
