// Small ONNX messages written field by field with protozero's pbf_writer, for
// tests that need models the exporter would never write (typed-field
// initializers, Constant nodes, hostile files). Field numbers: onnx.proto.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <protozero/pbf_writer.hpp>

namespace nnslim {
namespace test_onnx {

using Fill = std::function<void(protozero::pbf_writer&)>;

// One serialized message whose fields `fill` writes.
inline std::string message(const Fill& fill) {
  std::string buffer;
  protozero::pbf_writer w(buffer);
  fill(w);
  return buffer;
}

// ValueInfoProto of a tensor; a dim < 0 is written as dim_param "N".
inline std::string value_info(const std::string& name, int32_t elem_type, const std::vector<int64_t>& dims) {
  return message([&](protozero::pbf_writer& w) {
    w.add_string(1, name);
    std::string dims_msg = message([&](protozero::pbf_writer& shape) {
      for (int64_t d : dims)
        shape.add_message(1, message([&](protozero::pbf_writer& dim) {
          if (d >= 0) dim.add_int64(1, d);
          else dim.add_string(2, "N");
        }));
    });
    std::string tensor_type = message([&](protozero::pbf_writer& t) {
      t.add_int32(1, elem_type);
      t.add_message(2, dims_msg);
    });
    w.add_message(2, message([&](protozero::pbf_writer& type) { type.add_message(1, tensor_type); }));
  });
}

// TensorProto header (dims, data_type, name); `data` writes the payload fields.
inline std::string tensor(const std::string& name, int32_t data_type, const std::vector<int64_t>& dims,
                          const Fill& data) {
  return message([&](protozero::pbf_writer& w) {
    for (int64_t d : dims) w.add_int64(1, d);
    w.add_int32(2, data_type);
    w.add_string(8, name);
    data(w);
  });
}

inline std::string raw_float_tensor(const std::string& name, const std::vector<int64_t>& dims,
                                    const std::vector<float>& values) {
  return tensor(name, 1, dims, [&](protozero::pbf_writer& w) {
    w.add_bytes(9, reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float));
  });
}

// AttributeProto; `value` writes the value field(s); type = AttributeType.
inline std::string attribute(const std::string& name, int32_t type, const Fill& value) {
  return message([&](protozero::pbf_writer& w) {
    w.add_string(1, name);
    w.add_int32(20, type);
    value(w);
  });
}

inline std::string node(const std::string& op_type, const std::string& name, const std::vector<std::string>& inputs,
                        const std::vector<std::string>& outputs, const std::vector<std::string>& attributes = {}) {
  return message([&](protozero::pbf_writer& w) {
    for (const auto& in : inputs) w.add_string(1, in);
    for (const auto& out : outputs) w.add_string(2, out);
    if (!name.empty()) w.add_string(3, name);
    w.add_string(4, op_type);
    for (const auto& a : attributes) w.add_message(5, a);
  });
}

struct GraphParts {
  std::vector<std::string> nodes, initializers, inputs, outputs, value_infos;
};

inline std::string graph(const GraphParts& parts, const std::string& name = "test_graph") {
  return message([&](protozero::pbf_writer& w) {
    for (const auto& n : parts.nodes) w.add_message(1, n);
    w.add_string(2, name);
    for (const auto& t : parts.initializers) w.add_message(5, t);
    for (const auto& i : parts.inputs) w.add_message(11, i);
    for (const auto& o : parts.outputs) w.add_message(12, o);
    for (const auto& v : parts.value_infos) w.add_message(13, v);
  });
}

inline std::string model(const std::string& graph_bytes, int64_t opset = 13) {
  return message([&](protozero::pbf_writer& w) {
    w.add_int64(1, 8);
    w.add_string(2, "nnslim-test");
    w.add_message(7, graph_bytes);
    w.add_message(8, message([&](protozero::pbf_writer& o) {
      o.add_string(1, "");
      o.add_int64(2, opset);
    }));
  });
}

inline std::vector<uint8_t> bytes_of(const std::string& s) { return std::vector<uint8_t>(s.begin(), s.end()); }

}  // namespace test_onnx
}  // namespace nnslim
