// Conformance of shapes: for every ONNX backend test case (libonnx-testdata's
// node/, pytorch-converted/, pytorch-operator/) whose ops nnslim supports,
// import the model, run shape inference and compare each graph output's dims
// with the dims of the expected output tensor test_data_set_0/output_<i>.pb.
// The oracle is ONNX's own expected data, read here with protozero directly
// (TensorProto field 1 `dims`, packed or not).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <protozero/pbf_reader.hpp>

#include "core/error.h"
#include "ir/shape_inference.h"
#include "onnx/onnx_import.h"
#include "ops/op_registry.h"

namespace fs = std::filesystem;
using namespace nnslim;

namespace {

const char* const kTestDataRoot = "/usr/share/libonnx-testdata/data";

// Cases left out on purpose, each with the reason. Everything else whose ops
// are all supported must match.
const std::map<std::string, std::string>& skipped_cases() {
  static const std::map<std::string, std::string> skipped = {
      {"test_resize_upsample_scales_cubic", "cubic resize is not supported"},
      {"test_resize_upsample_scales_cubic_align_corners", "cubic resize is not supported"},
      {"test_resize_upsample_scales_cubic_A_n0p5_exclude_outside", "cubic resize is not supported"},
      {"test_resize_upsample_scales_cubic_asymmetric", "cubic resize is not supported"},
      {"test_resize_downsample_scales_cubic", "cubic resize is not supported"},
      {"test_resize_downsample_scales_cubic_align_corners", "cubic resize is not supported"},
      {"test_resize_downsample_scales_cubic_A_n0p5_exclude_outside", "cubic resize is not supported"},
      {"test_resize_downsample_sizes_cubic", "cubic resize is not supported"},
      {"test_resize_upsample_sizes_cubic", "cubic resize is not supported"},
  };
  return skipped;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// ModelProto.graph (7) -> GraphProto.node (1) -> NodeProto.op_type (4) / domain (7).
std::vector<std::pair<std::string, std::string>> model_ops(const std::string& bytes) {
  std::vector<std::pair<std::string, std::string>> ops;
  protozero::pbf_reader model(bytes);
  while (model.next(7)) {
    protozero::pbf_reader graph = model.get_message();
    while (graph.next(1)) {
      protozero::pbf_reader node = graph.get_message();
      std::string op, domain;
      while (node.next()) {
        if (node.tag() == 4) op = node.get_string();
        else if (node.tag() == 7) domain = node.get_string();
        else node.skip();
      }
      ops.emplace_back(domain, op);
    }
  }
  return ops;
}

// TensorProto.dims (field 1): repeated int64, packed or one varint per dim.
Shape tensor_dims(const std::string& bytes) {
  Shape dims;
  protozero::pbf_reader tensor(bytes);
  while (tensor.next()) {
    if (tensor.tag() != 1) {
      tensor.skip();
      continue;
    }
    if (tensor.wire_type() == protozero::pbf_wire_type::length_delimited) {
      for (int64_t d : tensor.get_packed_int64()) dims.push_back(d);
    } else {
      dims.push_back(tensor.get_int64());
    }
  }
  return dims;
}

}  // namespace

TEST_CASE("inferred shapes match ONNX backend test outputs", "[ops][conformance]") {
  if (!fs::exists(kTestDataRoot)) {
    WARN("libonnx-testdata is not installed: skipped");
    return;
  }
  int checked = 0, unsupported = 0, skipped = 0;
  std::set<std::string> failed;
  for (const char* suite : {"node", "pytorch-converted", "pytorch-operator"}) {
    const fs::path dir = fs::path(kTestDataRoot) / suite;
    if (!fs::exists(dir)) continue;
    std::vector<fs::path> cases;
    for (const auto& entry : fs::directory_iterator(dir)) cases.push_back(entry.path());
    std::sort(cases.begin(), cases.end());
    for (const fs::path& case_dir : cases) {
      const std::string name = case_dir.filename().string();
      const fs::path model_path = case_dir / "model.onnx";
      const fs::path expected0 = case_dir / "test_data_set_0" / "output_0.pb";
      if (!fs::exists(model_path) || !fs::exists(expected0)) continue;
      const std::string bytes = read_file(model_path);
      bool all_supported = true;
      for (const auto& op : model_ops(bytes)) all_supported = all_supported && find_op(op.first, op.second);
      if (!all_supported) {
        ++unsupported;
        continue;
      }
      if (skipped_cases().count(name)) {
        ++skipped;
        continue;
      }
      INFO(suite << "/" << name);
      try {
        Graph graph = import_onnx(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
        graph.bind_symbolic_dims(1);
        infer_shapes(graph);
        for (size_t i = 0; i < graph.outputs.size(); ++i) {
          const fs::path expected = case_dir / "test_data_set_0" / ("output_" + std::to_string(i) + ".pb");
          REQUIRE(fs::exists(expected));
          const Shape want = tensor_dims(read_file(expected));
          const Shape got = graph.value(graph.outputs[i]).shape;
          INFO("output " << i << " '" << graph.value(graph.outputs[i]).name << "': inferred "
                         << shape_to_string(got) << ", expected " << shape_to_string(want));
          CHECK(got == want);
          if (got != want) failed.insert(name);
        }
        ++checked;
      } catch (const Error& e) {
        FAIL_CHECK("nnslim::Error: " << e.what());
        failed.insert(name);
      }
    }
  }
  WARN("shape conformance: " << checked << " cases checked (" << failed.size() << " failed), " << skipped
                             << " skipped on purpose, " << unsupported << " use unsupported ops");
  // The suite must actually exercise the ops: hundreds of cases qualify.
  CHECK(checked >= 300);
}
