// ONNX ModelProto -> Graph (see onnx_import.h for the contract).
//
// Messages are read in two steps: first the fields of a message are collected
// (repeated sub-messages as views into the buffer), then they are processed in
// dependency order, because protobuf fields may come in any order (a graph's
// nodes usually precede its initializers; a model's graph precedes its opsets).
#include "onnx/onnx_import.h"

#include "ops/shape_inference.h"
#include "onnx/onnx_legacy_opset.h"
#include "onnx/onnx_proto_fields.h"
#include "onnx/onnx_wire.h"
#include "ops/op_registry.h"

namespace nnslim {

bool onnx_tensor_is_param(const Tensor& tensor) {
  return dtype_is_float(tensor.dtype) && !tensor.dims.empty();
}

// A QDQ model's weights are integer initializers read by DequantizeLinear
// (int8 weights, int32 biases): params like the float weights they stand for;
// their scales and zero points (DequantizeLinear's inputs 1 and 2, float
// vectors for per-channel scales) are quantization metadata, not params. The
// quantize pass marks them so; a reloaded export must count the same.
void mark_quantized_params(Graph& graph) {
  for (const Node& node : graph.nodes) {
    if (node.op_type != "DequantizeLinear" || !node.domain.empty() || node.inputs.empty() || node.inputs[0] < 0) continue;
    Value& data = graph.value(node.inputs[0]);
    if (data.constant && !data.constant->dims.empty()) data.is_param = true;
    for (size_t i = 1; i < node.inputs.size(); ++i) {
      if (node.inputs[i] >= 0) graph.value(node.inputs[i]).is_param = false;
    }
  }
}

namespace {

using namespace onnx_wire;
namespace F = onnx_fields;
using protozero::data_view;

constexpr int64_t kMinOpset = 1;  // 1..5 -> 6 -> 7 (onnx_legacy_opset.h)
constexpr int64_t kMaxOpset = 21;
// ONNX IR versions: 1 is the first; 10 is the one files of opset 21 carry. A
// newer IR may hold fields (types, data layouts) this reader would skip.
constexpr int64_t kMinIrVersion = 1;
constexpr int64_t kMaxIrVersion = 10;

bool is_default_domain(const std::string& domain) { return domain.empty() || domain == "ai.onnx"; }

// ---- ValueInfoProto / TypeProto

struct ValueType {
  std::string kind = "untyped";  // "tensor", "sequence", "map", ...
  int32_t elem_type = 0;
  bool has_shape = false;
  Shape shape;
  std::vector<std::string> dim_params;  // filled only if some dim is symbolic
  int64_t negative_dim = 0;             // a dim_value < 0 (invalid), reported with the value's name
};

struct ValueInfo {
  std::string name;
  ValueType type;
};

void parse_dimension(data_view bytes, ParsePath& path, ValueType& type) {
  pbf_reader r(bytes);
  bool has_value = false;
  int64_t value = 0;
  std::string param;
  while (r.next()) {
    switch (r.tag()) {
      case F::Dimension::kDimValue: value = read_int64(r, path, "dim_value"); has_value = true; break;
      case F::Dimension::kDimParam: param = read_string(r, path, "dim_param"); break;
      default: skip_field(r, path);
    }
  }
  type.shape.push_back(has_value ? value : kSymbolicDim);
  type.dim_params.push_back(has_value ? std::string() : param);
  if (has_value && value < 0) type.negative_dim = value;
}

void parse_tensor_type(data_view bytes, ParsePath& path, ValueType& type) {
  pbf_reader r(bytes);
  while (r.next()) {
    switch (r.tag()) {
      case F::TypeTensor::kElemType: type.elem_type = read_int32(r, path, "elem_type"); break;
      case F::TypeTensor::kShape: {
        type.has_shape = true;
        type.shape.clear();
        type.dim_params.clear();
        pbf_reader shape(read_view(r, path, "shape"));
        while (shape.next()) {
          if (shape.tag() == F::TensorShape::kDim) parse_dimension(read_view(shape, path, "dim"), path, type);
          else skip_field(shape, path);
        }
        break;
      }
      default: skip_field(r, path);
    }
  }
}

ValueType parse_type(data_view bytes, ParsePath& path) {
  ValueType type;
  pbf_reader r(bytes);
  while (r.next()) {
    switch (r.tag()) {
      case F::Type::kTensorType: type.kind = "tensor"; parse_tensor_type(read_view(r, path, "tensor_type"), path, type); break;
      case F::Type::kSequenceType: type.kind = "sequence"; skip_field(r, path); break;
      case F::Type::kMapType: type.kind = "map"; skip_field(r, path); break;
      case F::Type::kOpaqueType: type.kind = "opaque"; skip_field(r, path); break;
      case F::Type::kSparseTensorType: type.kind = "sparse tensor"; skip_field(r, path); break;
      case F::Type::kOptionalType: type.kind = "optional"; skip_field(r, path); break;
      default: skip_field(r, path);
    }
  }
  bool symbolic = false;
  for (int64_t d : type.shape) symbolic = symbolic || d == kSymbolicDim;
  if (!symbolic) type.dim_params.clear();
  return type;
}

ValueInfo parse_value_info(data_view bytes, ParsePath& path) {
  ValueInfo info;
  pbf_reader r(bytes);
  while (r.next()) {
    switch (r.tag()) {
      case F::ValueInfo::kName: info.name = read_string(r, path, "name"); break;
      case F::ValueInfo::kType: info.type = parse_type(read_view(r, path, "type"), path); break;
      default: skip_field(r, path);
    }
  }
  return info;
}

// Copies a declared tensor type onto a value. `what` names the value in errors.
void apply_type(const ValueType& type, const std::string& what, Value& value) {
  if (type.elem_type != 0) {
    NNSLIM_CHECK(dtype_is_valid(type.elem_type), what, " has unknown element type ", type.elem_type);
    value.dtype = static_cast<DType>(type.elem_type);
  }
  if (!type.has_shape) return;
  NNSLIM_CHECK(type.negative_dim == 0, what, " has dimension ", type.negative_dim, " (negative)");
  Shape static_part = type.shape;  // symbolic dims count as 1 for the size limit
  for (int64_t& d : static_part)
    if (d == kSymbolicDim) d = 1;
  check_dims(static_part, what);
  value.shape = type.shape;
  value.has_shape = true;
  value.dim_params = type.dim_params;
}

// ---- AttributeProto

Attribute::Kind kind_from_present_fields(const std::vector<uint32_t>& present) {
  using K = Attribute::Kind;
  for (uint32_t field : present) {
    switch (field) {
      case F::Attribute::kF: return K::Float;
      case F::Attribute::kI: return K::Int;
      case F::Attribute::kS: return K::String;
      case F::Attribute::kT: return K::Tensor;
      case F::Attribute::kG: return K::Graph;
      case F::Attribute::kFloats: return K::Floats;
      case F::Attribute::kInts: return K::Ints;
      case F::Attribute::kStrings: return K::Strings;
      case F::Attribute::kTensors: return K::Tensors;
      case F::Attribute::kGraphs: return K::Graphs;
      default: break;
    }
  }
  return K::Undefined;
}

// `node` describes the owning node for messages ("node 'x' (Op)").
Attribute parse_attribute(data_view bytes, ParsePath& path, const std::string& node, std::string* name) {
  Attribute a;
  int32_t type = 0;
  std::vector<uint32_t> present;
  std::vector<data_view> tensor_views;
  bool has_ref = false;
  pbf_reader r(bytes);
  while (r.next()) {
    const uint32_t tag = r.tag();
    switch (tag) {
      case F::Attribute::kName: *name = read_string(r, path, "name"); continue;
      case F::Attribute::kType: type = read_int32(r, path, "type"); continue;
      case F::Attribute::kRefAttrName: has_ref = true; skip_field(r, path); continue;
      case F::Attribute::kF: a.f = read_float(r, path, "f"); break;
      case F::Attribute::kI: a.i = read_int64(r, path, "i"); break;
      case F::Attribute::kS: a.s = read_string(r, path, "s"); break;
      case F::Attribute::kT: tensor_views.assign(1, read_view(r, path, "t")); break;
      case F::Attribute::kFloats: append_floats(r, path, "floats", a.floats); break;
      case F::Attribute::kInts: append_int64s(r, path, "ints", a.ints); break;
      case F::Attribute::kStrings: a.strings.push_back(read_string(r, path, "strings")); break;
      case F::Attribute::kTensors: tensor_views.push_back(read_view(r, path, "tensors")); break;
      default: skip_field(r, path); break;
    }
    present.push_back(tag);
  }
  const std::string what = str(node, ": attribute '", *name, "'");
  NNSLIM_CHECK(!name->empty(), node, ": an attribute has no name");
  NNSLIM_CHECK(!has_ref, ErrorCode::UnsupportedOp, what,
               " refers to a function attribute (ref_attr_name); functions are not supported");
  switch (type) {
    case F::Attribute::kTypeSparseTensor:
    case F::Attribute::kTypeSparseTensors:
      fail(ErrorCode::UnsupportedOp, what, " is a sparse tensor; nnslim does not support sparse tensors");
    case F::Attribute::kTypeTypeProto:
    case F::Attribute::kTypeTypeProtos:
      fail(ErrorCode::UnsupportedOp, what, " is a type; nnslim does not support type attributes");
    default: break;
  }
  NNSLIM_CHECK(type >= 0 && type <= static_cast<int32_t>(Attribute::Kind::Graphs), what,
               " has unknown type ", type);
  // IR version 1 had no `type` field: the value field in use decides.
  a.kind = type != 0 ? static_cast<Attribute::Kind>(type) : kind_from_present_fields(present);
  NNSLIM_CHECK(a.kind != Attribute::Kind::Graph && a.kind != Attribute::Kind::Graphs, ErrorCode::UnsupportedOp, what,
               " is a subgraph; nnslim does not support subgraphs (If, Loop, Scan)");
  NNSLIM_CHECK(a.kind != Attribute::Kind::Undefined, what, " has no value");
  if (a.kind == Attribute::Kind::Tensor) {
    NNSLIM_CHECK(tensor_views.size() == 1, what, " is a tensor attribute without a tensor");
    std::string tensor_name;
    a.t = parse_tensor(tensor_views[0], path, &tensor_name);
  } else if (a.kind == Attribute::Kind::Tensors) {
    for (data_view view : tensor_views) {
      std::string tensor_name;
      a.tensors.push_back(parse_tensor(view, path, &tensor_name));
    }
  }
  return a;
}

// ---- NodeProto

struct ParsedNode {
  Node node;
  std::vector<std::string> input_names, output_names;
};

ParsedNode parse_node(data_view bytes, ParsePath& path, size_t index) {
  ParsedNode parsed;
  Node& node = parsed.node;
  std::vector<data_view> attribute_views;
  pbf_reader r(bytes);
  while (r.next()) {
    switch (r.tag()) {
      case F::Node::kInput: parsed.input_names.push_back(read_string(r, path, "input")); break;
      case F::Node::kOutput: parsed.output_names.push_back(read_string(r, path, "output")); break;
      case F::Node::kName: node.name = read_string(r, path, "name"); break;
      case F::Node::kOpType: node.op_type = read_string(r, path, "op_type"); break;
      case F::Node::kDomain: node.domain = read_string(r, path, "domain"); break;
      case F::Node::kAttribute: attribute_views.push_back(read_view(r, path, "attribute")); break;
      default: skip_field(r, path);
    }
  }
  NNSLIM_CHECK(!node.op_type.empty(), "node ", index, " ('", node.name, "') has no op_type");
  if (node.name.empty()) node.name = str(node.op_type, "_", index);
  if (node.domain == "ai.onnx") node.domain.clear();
  for (size_t i = 0; i < attribute_views.size(); ++i) {
    PathScope scope(path, str("attribute ", i));
    std::string name;
    Attribute a = parse_attribute(attribute_views[i], path, node.describe(), &name);
    NNSLIM_CHECK(node.attrs.count(name) == 0, node.describe(), ": attribute '", name, "' is given twice");
    node.attrs.emplace(name, std::move(a));
  }
  return parsed;
}

// The payload of a Constant node, from whichever value attribute it has.
TensorPtr constant_node_tensor(const Node& node) {
  NNSLIM_CHECK(node.attrs.size() == 1, node.describe(), ": a Constant node needs exactly one value attribute, has ",
               node.attrs.size());
  const std::string& key = node.attrs.begin()->first;
  const Attribute& a = node.attrs.begin()->second;
  auto expect = [&](Attribute::Kind kind) {
    NNSLIM_CHECK(a.kind == kind, node.describe(), ": attribute '", key, "' is ", attribute_kind_name(a.kind),
                 ", expected ", attribute_kind_name(kind));
  };
  if (key == "value") {
    expect(Attribute::Kind::Tensor);
    return a.t;
  }
  if (key == "value_float") {
    expect(Attribute::Kind::Float);
    return Tensor::from_float({a.f}, {});
  }
  if (key == "value_floats") {
    expect(Attribute::Kind::Floats);
    return Tensor::from_float(a.floats, {static_cast<int64_t>(a.floats.size())});
  }
  if (key == "value_int") {
    expect(Attribute::Kind::Int);
    return Tensor::from_int64({a.i}, {});
  }
  if (key == "value_ints") {
    expect(Attribute::Kind::Ints);
    return Tensor::from_int64(a.ints, {static_cast<int64_t>(a.ints.size())});
  }
  fail(node.describe(), ": Constant with attribute '", key,
       "' is not supported (only value, value_float(s), value_int(s))");
}

// ---- ModelProto / GraphProto

struct GraphFields {
  std::string name;
  std::vector<data_view> nodes, initializers, inputs, outputs, value_infos;
};

GraphFields collect_graph_fields(data_view bytes, ParsePath& path) {
  GraphFields g;
  pbf_reader r(bytes);
  while (r.next()) {
    switch (r.tag()) {
      case F::Graph::kNode: g.nodes.push_back(read_view(r, path, "node")); break;
      case F::Graph::kName: g.name = read_string(r, path, "name"); break;
      case F::Graph::kInitializer: g.initializers.push_back(read_view(r, path, "initializer")); break;
      case F::Graph::kInput: g.inputs.push_back(read_view(r, path, "input")); break;
      case F::Graph::kOutput: g.outputs.push_back(read_view(r, path, "output")); break;
      case F::Graph::kValueInfo: g.value_infos.push_back(read_view(r, path, "value_info")); break;
      case F::Graph::kSparseInitializer:
        fail(ErrorCode::UnsupportedOp, "the graph has sparse initializers, which nnslim does not support");
      default: skip_field(r, path);
    }
  }
  return g;
}

void import_graph(const GraphFields& fields, ParsePath& path, Graph& graph) {
  graph.name = fields.name;
  PathScope graph_scope(path, str("graph '", fields.name, "'"));

  for (size_t i = 0; i < fields.initializers.size(); ++i) {
    PathScope scope(path, str("initializer ", i));
    std::string name;
    TensorPtr tensor = parse_tensor(fields.initializers[i], path, &name);
    NNSLIM_CHECK(!name.empty(), "initializer ", i, " has no name");
    const bool is_param = onnx_tensor_is_param(*tensor);
    graph.add_constant(name, std::move(tensor), is_param);
  }

  for (size_t i = 0; i < fields.inputs.size(); ++i) {
    PathScope scope(path, str("input ", i));
    ValueInfo info = parse_value_info(fields.inputs[i], path);
    NNSLIM_CHECK(!info.name.empty(), "graph input ", i, " has no name");
    const int existing = graph.find_value(info.name);
    // IR versions < 4 list every initializer among the inputs too.
    if (existing >= 0 && graph.value(existing).constant) continue;
    const std::string what = str("graph input '", info.name, "'");
    NNSLIM_CHECK(info.type.kind == "tensor", what, " is a ", info.type.kind, "; nnslim supports tensor inputs only");
    const int id = graph.add_value(info.name);
    apply_type(info.type, what, graph.value(id));
    graph.inputs.push_back(id);
  }

  for (size_t n = 0; n < fields.nodes.size(); ++n) {
    PathScope scope(path, str("node ", n));
    ParsedNode parsed = parse_node(fields.nodes[n], path, n);
    Node& node = parsed.node;
    if (node.domain.empty() && node.op_type == "Constant") {
      NNSLIM_CHECK(parsed.output_names.size() == 1 && !parsed.output_names[0].empty(), node.describe(),
                   ": a Constant node needs exactly one named output");
      NNSLIM_CHECK(parsed.input_names.empty(), node.describe(), ": a Constant node takes no inputs");
      TensorPtr tensor = constant_node_tensor(node);
      check_dims(tensor->dims, node.describe());
      const bool is_param = onnx_tensor_is_param(*tensor);
      graph.add_constant(parsed.output_names[0], std::move(tensor), is_param);
      continue;
    }
    for (const std::string& in : parsed.input_names)
      node.inputs.push_back(in.empty() ? -1 : graph.get_or_add_value(in));
    for (const std::string& out : parsed.output_names)
      node.outputs.push_back(out.empty() ? graph.add_value("") : graph.get_or_add_value(out));
    graph.add_node(std::move(node));
  }

  for (size_t i = 0; i < fields.outputs.size(); ++i) {
    PathScope scope(path, str("output ", i));
    ValueInfo info = parse_value_info(fields.outputs[i], path);
    const int id = graph.find_value(info.name);
    NNSLIM_CHECK(id >= 0, "graph output '", info.name, "' is not produced by any node, input or initializer");
    if (info.type.kind == "tensor" && !graph.value(id).constant)
      apply_type(info.type, str("graph output '", info.name, "'"), graph.value(id));
    graph.outputs.push_back(id);
  }

  for (size_t i = 0; i < fields.value_infos.size(); ++i) {
    PathScope scope(path, str("value_info ", i));
    ValueInfo info = parse_value_info(fields.value_infos[i], path);
    const int id = graph.find_value(info.name);
    if (id < 0 || info.type.kind != "tensor" || graph.value(id).constant) continue;
    apply_type(info.type, str("value '", info.name, "'"), graph.value(id));
  }
}

// Keras' convention: BatchNorm's moving mean/variance are non-trainable.
void mark_non_trainable_params(Graph& graph) {
  for (const Node& node : graph.nodes) {
    const OpDef* def = find_op(node.domain, node.op_type);
    if (!def || def->non_trainable_inputs == 0) continue;
    for (size_t i = 0; i < node.inputs.size() && i < 32; ++i) {
      if (node.inputs[i] < 0 || !(def->non_trainable_inputs & (1u << i))) continue;
      Value& v = graph.value(node.inputs[i]);
      if (v.is_param) v.trainable = false;
    }
  }
}

// `model_opset`: the opset the file imports (before any upgrade).
void check_ops_supported(const Graph& graph, int64_t model_opset) {
  std::vector<std::string> missing = unsupported_ops(graph, model_opset);
  if (missing.empty()) return;
  std::string list;
  for (const std::string& m : missing) list += "\n  " + m;
  fail(ErrorCode::UnsupportedOp, missing.size(), " node(s) use ops nnslim does not support:", list);
}

Graph import_model(data_view bytes, ParsePath& path) {
  Graph graph;
  pbf_reader r(bytes);
  bool has_graph = false, has_opset = false;
  data_view graph_bytes;
  int64_t opset = 0, ir_version = 0;
  while (r.next()) {
    switch (r.tag()) {
      case F::Model::kIrVersion: ir_version = read_int64(r, path, "ir_version"); break;
      case F::Model::kProducerName: graph.producer_name = read_string(r, path, "producer_name"); break;
      case F::Model::kGraph: graph_bytes = read_view(r, path, "graph"); has_graph = true; break;
      case F::Model::kOpsetImport: {
        PathScope scope(path, "opset_import");
        pbf_reader entry(read_view(r, path, "opset_import"));
        std::string domain;
        int64_t version = 0;
        while (entry.next()) {
          switch (entry.tag()) {
            case F::OperatorSetId::kDomain: domain = read_string(entry, path, "domain"); break;
            case F::OperatorSetId::kVersion: version = read_int64(entry, path, "version"); break;
            default: skip_field(entry, path);
          }
        }
        if (is_default_domain(domain)) {
          opset = version;
          has_opset = true;
        }
        break;
      }
      default: skip_field(r, path);
    }
  }
  NNSLIM_CHECK(has_graph, "not an ONNX model: no graph found (", bytes.size(), " bytes)");
  NNSLIM_CHECK(ir_version >= kMinIrVersion, "ir_version ", ir_version, " is not an ONNX IR version (missing or below ",
               kMinIrVersion, ")");
  NNSLIM_CHECK(ir_version <= kMaxIrVersion, ErrorCode::UnsupportedOp, "ir_version ", ir_version,
               " is newer than nnslim reads (IR versions ", kMinIrVersion, "..", kMaxIrVersion, ")");
  NNSLIM_CHECK(has_opset, "the model imports no ai.onnx opset (opset_import is missing)");
  NNSLIM_CHECK(opset >= kMinOpset && opset <= kMaxOpset, ErrorCode::UnsupportedOp, "ai.onnx opset ", opset,
               " is not supported (nnslim supports opsets ", kMinOpset, "..", kMaxOpset, ")");
  graph.opset = opset;

  GraphFields fields = collect_graph_fields(graph_bytes, path);
  import_graph(fields, path, graph);
  if (graph.opset < 6) upgrade_pre_opset6_to_opset6(graph);
  if (graph.opset == 6) upgrade_opset6_to_opset7(graph);
  mark_quantized_params(graph);
  mark_non_trainable_params(graph);
  graph.verify();
  check_ops_supported(graph, opset);
  return graph;
}

}  // namespace

Graph import_onnx(const uint8_t* data, size_t size) {
  NNSLIM_CHECK(data != nullptr || size == 0, "import_onnx: null data");
  ParsePath path;
  try {
    return import_model(data_view(reinterpret_cast<const char*>(data), size), path);
  } catch (const protozero::exception& e) {
    path.corrupt(e.what());
  } catch (Error& e) {
    e.classify_as(ErrorCode::InvalidModel);  // what went wrong while reading a model is the model's fault
    throw;
  }
}

}  // namespace nnslim
