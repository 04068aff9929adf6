// Hostile ONNX input: truncated and mutated real models, random bytes, and
// well-formed files that ask for what nnslim refuses. Every case must end in
// an nnslim::Error (or a graph), never a crash, another exception type or a
// huge allocation. Run under -DNNSLIM_SANITIZE=ON to catch silent overreads.
#include <catch2/catch.hpp>

#include "core/error.h"
#include "onnx/onnx_import.h"
#include "onnx/onnx_tensor.h"
#include "onnx_test_models.h"
#include "test_data.h"

namespace nnslim {
namespace {

using namespace test_onnx;
using protozero::pbf_writer;

// Imports; true if it produced a graph, false on nnslim::Error, whose code
// must say the model is at fault: INVALID_MODEL (or UNSUPPORTED_OP, which a
// mutation can produce: an opset or data type nnslim lacks). Any other
// exception fails the test through Catch.
bool imports(const uint8_t* data, size_t size, std::string* message = nullptr, ErrorCode* code = nullptr) {
  try {
    import_onnx(data, size);
    return true;
  } catch (const Error& e) {
    INFO(e.what());
    CHECK((e.code() == ErrorCode::InvalidModel || e.code() == ErrorCode::UnsupportedOp));
    if (message) *message = e.what();
    if (code) *code = e.code();
    return false;
  }
}

// The message of the Error importing `model_bytes` must throw, with `expected` code.
std::string import_error(const std::string& model_bytes, ErrorCode expected = ErrorCode::InvalidModel) {
  std::string message;
  ErrorCode code = ErrorCode::Unclassified;
  const bool ok = imports(reinterpret_cast<const uint8_t*>(model_bytes.data()), model_bytes.size(), &message, &code);
  CHECK_FALSE(ok);
  INFO(message);
  CHECK(error_code_name(code) == std::string(error_code_name(expected)));
  return message;
}

// splitmix64: seeded, the same sequence on every platform.
struct Random {
  uint64_t state;
  uint64_t next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
};

const std::string kConv2d = test_data::onnx("pytorch-converted/test_Conv2d/model.onnx");

TEST_CASE("hostile: a real model truncated at every byte offset", "[onnx][hostile]") {
  const std::vector<uint8_t> bytes = test_data::read_bytes(kConv2d);
  REQUIRE(imports(bytes.data(), bytes.size()));
  size_t errors = 0;
  for (size_t size = 0; size < bytes.size(); ++size) {
    // A copy of exactly `size` bytes, so that a sanitizer sees any overread.
    std::vector<uint8_t> prefix(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(size));
    std::string message;
    ErrorCode code = ErrorCode::Unclassified;
    if (!imports(prefix.data(), prefix.size(), &message, &code)) {
      ++errors;
      CHECK_FALSE(message.empty());
      CHECK(code == ErrorCode::InvalidModel);
    }
  }
  // Cutting inside the graph message breaks it: most prefixes must fail.
  CHECK(errors > bytes.size() / 2);
  std::string message;
  CHECK_FALSE(imports(bytes.data(), bytes.size() - 1, &message));
  CHECK_THAT(message, Catch::Contains("corrupt or truncated ONNX file"));
}

TEST_CASE("hostile: a real model with random byte mutations", "[onnx][hostile]") {
  const std::vector<uint8_t> bytes = test_data::read_bytes(kConv2d);
  Random random{7};
  for (int trial = 0; trial < 3000; ++trial) {
    std::vector<uint8_t> mutated = bytes;
    const int flips = 1 + static_cast<int>(random.next() % 4);
    for (int f = 0; f < flips; ++f)
      mutated[random.next() % mutated.size()] = static_cast<uint8_t>(random.next());
    imports(mutated.data(), mutated.size());
  }
}

TEST_CASE("hostile: 1000 seeded random buffers", "[onnx][hostile]") {
  Random random{12345};
  size_t errors = 0;
  for (int trial = 0; trial < 1000; ++trial) {
    std::vector<uint8_t> buffer(random.next() % 4096);
    for (uint8_t& b : buffer) b = static_cast<uint8_t>(random.next());
    // Half of them start like a ModelProto (ir_version, then a graph field) to get deeper.
    if (trial % 2 && buffer.size() > 8) {
      buffer[0] = 0x08;
      buffer[1] = 0x08;
      buffer[2] = 0x3A;  // field 7 (graph), length-delimited
      buffer[3] = static_cast<uint8_t>(buffer.size() - 4 < 127 ? buffer.size() - 4 : 127);
    }
    errors += !imports(buffer.data(), buffer.size());
    try {
      read_onnx_tensor(buffer.data(), buffer.size());
    } catch (const Error& e) {
      CHECK((e.code() == ErrorCode::InvalidModel || e.code() == ErrorCode::UnsupportedOp));
    }
  }
  CHECK(errors == 1000);  // random bytes never make a model with an opset and a graph
}

// Lengths of 2^31 and more: protozero's own bounds check overflows on wasm32.
TEST_CASE("hostile: length-delimited fields that claim 2 GiB or more", "[onnx][hostile]") {
  auto varint = [](uint64_t v) {
    std::string out;
    while (v >= 0x80) {
      out += static_cast<char>((v & 0x7F) | 0x80);
      v >>= 7;
    }
    return out + static_cast<char>(v);
  };
  for (uint64_t length : {uint64_t{0x80000000}, uint64_t{0xFFFFFFF0}, uint64_t{0x100000005}}) {
    INFO(length);
    const std::string padding(64, '\x01');
    // The graph field (7), then an unknown field (99), each claiming `length` bytes.
    const std::string graph_field = "\x3A" + varint(length) + padding;
    CHECK_THAT(import_error(graph_field), Catch::Contains("corrupt or truncated ONNX file"));
    const std::string unknown_field = varint((99u << 3) | 2) + varint(length) + padding;
    CHECK_THAT(import_error(unknown_field), Catch::Contains("corrupt or truncated ONNX file"));
    const std::string tensor_raw = "\x08\x04\x10\x01\x4A" + varint(length) + padding;  // dims 4, float, raw_data
    CHECK_THROWS_AS(read_onnx_tensor(reinterpret_cast<const uint8_t*>(tensor_raw.data()), tensor_raw.size()), Error);
  }
}

TEST_CASE("hostile: unknown ops are listed, each with its node", "[onnx][hostile]") {
  GraphParts parts;
  parts.inputs.push_back(value_info("x", 1, {1, 4}));
  parts.nodes.push_back(node("FrobnicateV2", "mystery_node", {"x"}, {"h"}));
  parts.nodes.push_back(node("Relu", "relu", {"h"}, {"h2"}));
  parts.nodes.push_back(node("TotallyMadeUp", "", {"h2"}, {"y"}));
  parts.outputs.push_back(value_info("y", 1, {1, 4}));
  const std::string text = import_error(model(graph(parts)), ErrorCode::UnsupportedOp);
  CHECK_THAT(text, Catch::Contains("FrobnicateV2"));
  CHECK_THAT(text, Catch::Contains("mystery_node"));
  CHECK_THAT(text, Catch::Contains("TotallyMadeUp"));
  CHECK_THAT(text, Catch::Contains("TotallyMadeUp_2"));
  CHECK_THAT(text, Catch::Contains("does not support"));

  // Another domain is not ai.onnx, even with a known op name.
  GraphParts custom;
  custom.inputs.push_back(value_info("x", 1, {1, 4}));
  custom.nodes.push_back(message([](pbf_writer& w) {
    w.add_string(1, "x");
    w.add_string(2, "y");
    w.add_string(3, "custom_relu");
    w.add_string(4, "Relu");
    w.add_string(7, "com.example");
  }));
  custom.outputs.push_back(value_info("y", 1, {1, 4}));
  CHECK_THAT(import_error(model(graph(custom)), ErrorCode::UnsupportedOp), Catch::Contains("com.example::Relu"));
}

TEST_CASE("hostile: absurd and negative dimensions", "[onnx][hostile]") {
  {
    GraphParts parts;  // an initializer claiming 2^40 elements, with no data
    parts.initializers.push_back(tensor("huge", 1, {int64_t{1} << 40}, [](pbf_writer&) {}));
    parts.outputs.push_back(value_info("huge", 1, {int64_t{1} << 40}));
    const std::string message = import_error(model(graph(parts)));
    CHECK_THAT(message, Catch::Contains("huge"));
    CHECK_THAT(message, Catch::Contains("too large"));
  }
  {
    GraphParts parts;  // 2^20 x 2^20: every dim fine, the product not
    parts.initializers.push_back(tensor("wide", 1, {1 << 20, 1 << 20}, [](pbf_writer&) {}));
    parts.outputs.push_back(value_info("wide", 1, {1, 1}));
    CHECK_THAT(import_error(model(graph(parts))), Catch::Contains("2^40 elements"));
  }
  {
    GraphParts parts;  // a graph input with dimension 2^40
    parts.inputs.push_back(value_info("x", 1, {1, int64_t{1} << 40}));
    parts.nodes.push_back(node("Relu", "relu", {"x"}, {"y"}));
    parts.outputs.push_back(value_info("y", 1, {}));
    const std::string message = import_error(model(graph(parts)));
    CHECK_THAT(message, Catch::Contains("graph input 'x'"));
    CHECK_THAT(message, Catch::Contains("1099511627776"));
  }
  {
    GraphParts parts;
    parts.initializers.push_back(tensor("neg", 1, {2, -3}, [](pbf_writer&) {}));
    parts.outputs.push_back(value_info("neg", 1, {}));
    CHECK_THAT(import_error(model(graph(parts))), Catch::Contains("dimension -3"));
  }
}

TEST_CASE("hostile: tensors nnslim refuses", "[onnx][hostile]") {
  auto error_for = [](const std::string& tensor_bytes, ErrorCode expected = ErrorCode::InvalidModel) {
    GraphParts parts;
    parts.initializers.push_back(tensor_bytes);
    parts.outputs.push_back(value_info("t", 1, {}));
    return import_error(model(graph(parts)), expected);
  };
  CHECK(error_for(tensor("t", 1, {4}, [](pbf_writer& w) {
          w.add_message(13, message([](pbf_writer& kv) { kv.add_string(1, "location"); kv.add_string(2, "weights.bin"); }));
          w.add_int32(14, 1);  // EXTERNAL
        }), ErrorCode::UnsupportedOp).rfind("tensor 't' uses external data (weights in a separate file), which is not "
                                            "supported in the browser", 0) == 0);
  CHECK_THAT(error_for(tensor("t", 8, {1}, [](pbf_writer& w) { w.add_string(6, "hello"); }), ErrorCode::UnsupportedOp),
             Catch::Contains("string tensor"));
  CHECK_THAT(error_for(tensor("t", 1, {4}, [](pbf_writer& w) { w.add_bytes(9, std::string(15, '\0')); })),
             Catch::Contains("tensor 't': raw_data has 15 bytes, expected 16"));
  CHECK_THAT(error_for(tensor("t", 1, {4}, [](pbf_writer& w) { w.add_float(4, 1.f); })),
             Catch::Contains("tensor 't' has 1 values in float_data, expected 4"));
  CHECK_THAT(error_for(tensor("t", 77, {1}, [](pbf_writer&) {})), Catch::Contains("unknown data type 77"));
  // float_data written as varints: the wrong wire type, not garbage floats.
  CHECK_THAT(error_for(tensor("t", 1, {1}, [](pbf_writer& w) { w.add_int64(4, 3); })),
             Catch::Contains("corrupt or truncated ONNX file"));
}

TEST_CASE("hostile: subgraph attributes name the node", "[onnx][hostile]") {
  GraphParts parts;
  parts.inputs.push_back(value_info("cond", 9, {}));
  const std::string branch = graph(GraphParts{}, "then_branch");
  parts.nodes.push_back(node("If", "branchy", {"cond"}, {"y"},
                             {attribute("then_branch", 5, [&](pbf_writer& w) { w.add_message(6, branch); })}));
  parts.outputs.push_back(value_info("y", 1, {}));
  const std::string message = import_error(model(graph(parts)), ErrorCode::UnsupportedOp);
  CHECK_THAT(message, Catch::Contains("branchy"));
  CHECK_THAT(message, Catch::Contains("subgraph"));
}

TEST_CASE("hostile: structural errors", "[onnx][hostile]") {
  {
    GraphParts parts;  // uses a value nobody produces
    parts.inputs.push_back(value_info("x", 1, {1}));
    parts.nodes.push_back(node("Relu", "r", {"ghost"}, {"y"}));
    parts.outputs.push_back(value_info("y", 1, {1}));
    CHECK_THAT(import_error(model(graph(parts))), Catch::Contains("ghost"));
  }
  {
    GraphParts parts;  // output not produced
    parts.inputs.push_back(value_info("x", 1, {1}));
    parts.outputs.push_back(value_info("nowhere", 1, {1}));
    CHECK_THAT(import_error(model(graph(parts))), Catch::Contains("nowhere"));
  }
  {
    GraphParts parts;  // a cycle: each node reads the other's output
    parts.inputs.push_back(value_info("x", 1, {1}));
    parts.nodes.push_back(node("Relu", "first", {"b"}, {"a"}));
    parts.nodes.push_back(node("Relu", "second", {"a"}, {"b"}));
    parts.nodes.push_back(node("Add", "join", {"x", "b"}, {"y"}));
    parts.outputs.push_back(value_info("y", 1, {1}));
    CHECK_THAT(import_error(model(graph(parts))),
               Catch::Contains("node 'first' (Relu): input 'b' is produced by the later node 'second' (Relu)"));
  }
  CHECK_THAT(import_error(""), Catch::Contains("no graph"));
  CHECK_THAT(import_error(message([](pbf_writer& w) {
               w.add_int64(1, 8);
               w.add_message(7, graph(GraphParts{}));
             })),
             Catch::Contains("opset"));
}

TEST_CASE("hostile: IR versions outside 1..10", "[onnx][hostile]") {
  auto with_ir_version = [](int64_t ir_version, bool present = true) {
    return message([&](pbf_writer& w) {
      if (present) w.add_int64(1, ir_version);
      w.add_message(7, graph(GraphParts{}));
    });
  };
  CHECK_THAT(import_error(with_ir_version(0, false)), Catch::Contains("ir_version 0 is not an ONNX IR version"));
  CHECK_THAT(import_error(with_ir_version(-5)), Catch::Contains("ir_version -5 is not an ONNX IR version"));
  CHECK_THAT(import_error(with_ir_version(11), ErrorCode::UnsupportedOp),
             Catch::Contains("ir_version 11 is newer than nnslim reads (IR versions 1..10)"));
}

}  // namespace
}  // namespace nnslim
