// ONNX conformance: runs ONNX's own backend test cases (Debian's
// libonnx-testdata: node/, pytorch-converted/, pytorch-operator/) through
// run_reference and compares every output with ONNX's tolerance
//   |actual - expected| <= atol + rtol * |expected|,  rtol = 1e-3, atol = 1e-7
// (integers and bools exactly).
//
// "[conformance-quick]" runs a quick representative subset that must pass (in
// every build, wasm included); the full sweep is hidden ("[.conformance]") and
// runs through scripts/conformance.sh: with NNSLIM_CONFORMANCE_REPORT=path it
// writes one TSV line per case (suite, case, status, ops, detail) that the
// script turns into docs/conformance.md, and the native ctest run fails when
// that table differs from the committed one.
//
// A case is skipped, with its reason, when the model does not import or run
// because of something nnslim declares unsupported (an op, an attribute value,
// training mode, string tensors: messages that say "not support").
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <catch2/catch.hpp>
#include <protozero/pbf_reader.hpp>

#include "core/error.h"
#include "numeric_match.h"
#include "test_data.h"
#include "onnx/onnx_import.h"
#include "onnx/onnx_tensor.h"
#include "ops/op_registry.h"
#include "ops/reference/reference.h"
#include "runtime/session.h"

namespace fs = std::filesystem;
using namespace nnslim;

namespace {

const char* const kSuites[] = {"node", "pytorch-converted", "pytorch-operator"};
constexpr double kRtol = 1e-3, kAtol = 1e-7;

// Cases that need a looser tolerance, each with the reason.
struct Tolerance {
  double rtol, atol;
  const char* reason;
};
const std::map<std::string, Tolerance>& tolerance_overrides() {
  static const std::map<std::string, Tolerance> overrides = {};
  return overrides;
}

// Cases whose test data disagrees with the ONNX specification or with its
// own model; skipped with the reason.
const std::map<std::string, const char*>& known_data_issues() {
  static const std::map<std::string, const char*> issues = {
      {"test_cast_FLOAT_to_BFLOAT16",
       "ONNX 1.12's expected bfloat16 values are truncated; the spec (and nnslim) round to nearest even"},
      {"test_castlike_FLOAT_to_BFLOAT16",
       "ONNX 1.12's expected bfloat16 values are truncated; the spec (and nnslim) round to nearest even"},
      {"test_castlike_FLOAT_to_BFLOAT16_expanded",
       "the model declares input 'like' as [3, 4] but the test data gives [1]"},
      {"test_castlike_BFLOAT16_to_FLOAT_expanded",
       "the model declares input 'like' as [3, 4] but the test data gives [1]"},
  };
  return issues;
}

enum class Status { Pass, Fail, Skip };
const char* status_name(Status s) { return s == Status::Pass ? "pass" : s == Status::Fail ? "fail" : "skip"; }

struct CaseResult {
  Status status = Status::Pass;
  std::string detail;            // failure message or skip reason
  std::vector<std::string> ops;  // distinct op types of the model
};

std::vector<uint8_t> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail("cannot open ", path.string());
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The op types of a ModelProto's main graph (ModelProto.graph = 7,
// GraphProto.node = 1, NodeProto.op_type = 4), read directly so that a case
// whose model does not import can still be filed under its ops.
std::vector<std::string> model_op_types(const std::vector<uint8_t>& bytes) {
  std::set<std::string> ops;
  try {
    protozero::pbf_reader model(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    while (model.next(7)) {
      protozero::pbf_reader graph = model.get_message();
      while (graph.next(1)) {
        protozero::pbf_reader node = graph.get_message();
        while (node.next()) {
          if (node.tag() == 4)
            ops.insert(node.get_string());
          else
            node.skip();
        }
      }
    }
  } catch (const std::exception&) {
  }
  return std::vector<std::string>(ops.begin(), ops.end());
}

// input_0.pb, input_1.pb, ... in numeric order.
std::vector<fs::path> numbered_files(const fs::path& dir, const std::string& prefix) {
  std::vector<fs::path> files;
  for (int i = 0;; ++i) {
    fs::path p = dir / (prefix + std::to_string(i) + ".pb");
    if (!fs::exists(p)) break;
    files.push_back(p);
  }
  return files;
}

TensorPtr read_tensor_file(const fs::path& path) {
  const std::vector<uint8_t> bytes = read_file(path);
  return read_onnx_tensor(bytes.data(), bytes.size());
}

// Element i of a float tensor as double; 16-bit floats decoded here (not with
// the code under test).
double float_element(const Tensor& t, int64_t i) {
  if (t.dtype != DType::Float16 && t.dtype != DType::BFloat16) return t.float_at(i);
  uint16_t bits;
  std::memcpy(&bits, t.bytes.data() + 2 * i, 2);
  if (t.dtype == DType::BFloat16) {
    const uint32_t word = static_cast<uint32_t>(bits) << 16;
    float f;
    std::memcpy(&f, &word, 4);
    return f;
  }
  const int exponent = (bits >> 10) & 0x1f, mantissa = bits & 0x3ff;
  const double magnitude = exponent == 0    ? std::ldexp(mantissa, -24)
                           : exponent == 31 ? (mantissa ? NAN : INFINITY)
                                            : std::ldexp(1024 + mantissa, exponent - 25);
  return bits & 0x8000 ? -magnitude : magnitude;
}

// Empty if equal within tolerance (NaN-aware: numeric_match.h), else a
// description of the first mismatch.
std::string compare(const Tensor& actual, const Tensor& expected, const Tolerance& tol) {
  if (actual.dtype != expected.dtype)
    return str("dtype ", dtype_name(actual.dtype), ", expected ", dtype_name(expected.dtype));
  if (actual.dims != expected.dims)
    return str("shape ", shape_to_string(actual.dims), ", expected ", shape_to_string(expected.dims));
  if (!dtype_is_float(expected.dtype))  // integers and bools exactly
    return test::describe_mismatches(
        expected.numel(), [&](int64_t i) { return actual.int_at(i); }, [&](int64_t i) { return expected.int_at(i); },
        test::Tolerance{});
  return test::describe_mismatches(
      expected.numel(), [&](int64_t i) { return float_element(actual, i); },
      [&](int64_t i) { return float_element(expected, i); }, test::Tolerance{tol.rtol, tol.atol});
}

// Messages by which nnslim declares something out of scope (an op, an
// attribute value, a tensor kind, training); anything else is a failure.
bool says_unsupported(const std::string& message) {
  for (const char* phrase : {"not support", "unsupported", "nnslim supports", "inference only",
                             "imports no ai.onnx opset"})
    if (message.find(phrase) != std::string::npos) return true;
  return false;
}

// ONNX 1.12's test generator stores bfloat16 tensors as uint16 with the same
// bits; relabel them where the model says bfloat16.
void relabel_bfloat16(Tensor& t, DType wanted) {
  if (t.dtype == DType::Uint16 && wanted == DType::BFloat16) t.dtype = DType::BFloat16;
}

// With NNSLIM_CONFORMANCE_PLANS=FILE set, every case's compiled plan (the
// step descriptions: which kernel each node got) is appended to FILE as
// "suite/case<TAB>step | step | ...", to check which fast paths conformance exercises.
void record_plan(const std::string& case_name, const std::vector<std::string>& steps) {
  static const char* path = std::getenv("NNSLIM_CONFORMANCE_PLANS");
  if (!path) return;
  static std::ofstream file(path);
  file << case_name << '\t';
  for (size_t i = 0; i < steps.size(); ++i) file << (i ? " | " : "") << steps[i];
  file << '\n';
}

// The optimized runtime on the same inputs (graph inputs in order).
std::vector<TensorPtr> run_session(const Graph& graph, const std::vector<TensorPtr>& inputs,
                                   const std::string& case_name) {
  Session session(graph);
  std::vector<NamedTensor> feeds;
  for (size_t i = 0; i < inputs.size() && i < graph.inputs.size(); ++i)
    feeds.push_back({graph.value(graph.inputs[i]).name, inputs[i]});
  std::vector<TensorPtr> outputs;
  for (NamedTensor& out : session.run(feeds)) outputs.push_back(std::move(out.tensor));
  record_plan(case_name, session.describe_plan());
  return outputs;
}

CaseResult run_case(const fs::path& dir) {
  CaseResult result;
  const std::vector<uint8_t> model_bytes = read_file(dir / "model.onnx");
  result.ops = model_op_types(model_bytes);
  const std::string name = dir.filename().string();
  auto issue = known_data_issues().find(name);
  if (issue != known_data_issues().end()) {
    result.status = Status::Skip;
    result.detail = issue->second;
    return result;
  }
  auto override_it = tolerance_overrides().find(name);
  const Tolerance tol = override_it != tolerance_overrides().end() ? override_it->second : Tolerance{kRtol, kAtol, ""};
  Graph graph;
  try {
    graph = import_onnx(model_bytes.data(), model_bytes.size());
  } catch (const std::exception& e) {
    result.status = says_unsupported(e.what()) ? Status::Skip : Status::Fail;
    result.detail = str("import: ", e.what());
    return result;
  }
  std::vector<fs::path> data_sets;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_directory() && entry.path().filename().string().rfind("test_data_set_", 0) == 0)
      data_sets.push_back(entry.path());
  std::sort(data_sets.begin(), data_sets.end());
  if (data_sets.empty()) {
    result.status = Status::Skip;
    result.detail = "no test data sets";
    return result;
  }
  for (const fs::path& set : data_sets) {
    try {
      std::vector<TensorPtr> inputs;
      for (const fs::path& p : numbered_files(set, "input_")) {
        inputs.push_back(read_tensor_file(p));
        if (inputs.size() <= graph.inputs.size())
          relabel_bfloat16(*inputs.back(), graph.value(graph.inputs[inputs.size() - 1]).dtype);
      }
      const std::vector<fs::path> expected_files = numbered_files(set, "output_");
      // Both executors must match ONNX's outputs: the reference (the oracle)
      // and the optimized runtime (fast kernels where they apply).
      for (const char* executor : {"reference", "runtime"}) {
        const std::vector<TensorPtr> outputs =
            executor[1] == 'e' ? run_reference(graph, inputs)
                                : run_session(graph, inputs, dir.parent_path().filename().string() + "/" + name);
        if (outputs.size() != expected_files.size()) {
          result.status = Status::Fail;
          result.detail = str(set.filename().string(), " (", executor, "): ", outputs.size(), " outputs, expected ",
                              expected_files.size());
          return result;
        }
        for (size_t i = 0; i < outputs.size(); ++i) {
          const TensorPtr expected = read_tensor_file(expected_files[i]);
          relabel_bfloat16(*expected, outputs[i]->dtype);
          const std::string diff = compare(*outputs[i], *expected, tol);
          if (!diff.empty()) {
            result.status = Status::Fail;
            result.detail = str(set.filename().string(), " output ", i, " (", executor, "): ", diff);
            return result;
          }
        }
      }
    } catch (const std::exception& e) {
      result.status = says_unsupported(e.what()) ? Status::Skip : Status::Fail;
      result.detail = str(set.filename().string(), ": ", e.what());
      return result;
    }
  }
  return result;
}

std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\t' || c == '\r') c = ' ';
  return s;
}

// The quick subset: one or two cases per op family and the attribute
// variants that matter most (groups, dilations, pads, ceil_mode, broadcasting, opsets).
const char* const kQuickCases[] = {
    "node/test_add_bcast", "node/test_sub_bcast", "node/test_mul_bcast", "node/test_div_bcast",
    "node/test_pow_bcast_array", "node/test_max_example", "node/test_min_example", "node/test_sum_example",
    "node/test_mean_example", "node/test_equal_bcast", "node/test_less_bcast", "node/test_greater_bcast",
    "node/test_where_example", "node/test_relu", "node/test_clip", "node/test_leakyrelu",
    "node/test_prelu_broadcast", "node/test_sigmoid", "node/test_tanh", "node/test_hardsigmoid",
    "node/test_hardswish", "node/test_elu", "node/test_selu", "pytorch-converted/test_Softplus", "pytorch-converted/test_Softsign",
    "node/test_softmax_axis_0", "node/test_logsoftmax_axis_1", "node/test_batchnorm_epsilon",
    "node/test_basic_conv_with_padding", "node/test_conv_with_strides_and_asymmetric_padding",
    "node/test_conv_with_autopad_same", "node/test_convtranspose", "node/test_convtranspose_output_shape",
    "node/test_convtranspose_dilations", "node/test_gemm_all_attributes", "node/test_matmul_4d",
    "node/test_maxpool_2d_ceil", "node/test_maxpool_2d_dilations",
    "node/test_maxpool_with_argmax_2d_precomputed_pads", "node/test_averagepool_2d_pads_count_include_pad",
    "node/test_averagepool_2d_same_lower",
    "node/test_concat_3d_axis_negative_2", "node/test_reshape_negative_dim", "node/test_flatten_axis2",
    "node/test_transpose_all_permutations_3", "node/test_squeeze_negative_axes", "node/test_unsqueeze_unsorted_axes",
    "node/test_slice_neg_steps", "node/test_split_variable_parts_2d", "node/test_reflect_pad", "node/test_edge_pad",
    "node/test_resize_upsample_scales_nearest", "node/test_resize_downsample_scales_linear",
    "node/test_resize_upsample_sizes_nearest_ceil_half_pixel", "node/test_upsample_nearest", "node/test_cast_FLOAT_to_DOUBLE",
    "node/test_constantofshape_int_zeros", "node/test_shape_start_1_end_negative_1", "node/test_gather_2d_indices",
    "node/test_expand_dim_changed", "node/test_range_int32_type_negative_delta", "node/test_reduce_mean_keepdims_random",
    "node/test_reduce_sum_keepdims_random", "node/test_reduce_max_do_not_keepdims_random", "node/test_erf",
    "node/test_layer_normalization_4d_axis_negative_2", "pytorch-converted/test_Conv2d_groups",
    "pytorch-converted/test_Conv2d_depthwise_with_multiplier", "pytorch-converted/test_Conv3d_dilated_strided",
    "pytorch-converted/test_Conv1d_dilated", "pytorch-converted/test_ConvTranspose2d",
    "pytorch-converted/test_MaxPool3d_stride_padding", "pytorch-converted/test_AvgPool3d_stride",
    "pytorch-converted/test_Softmax", "pytorch-converted/test_PixelShuffle", "pytorch-operator/test_operator_chunk",
    "pytorch-operator/test_operator_permute2", "pytorch-operator/test_operator_pad", "node/test_quantizelinear_axis",
    "node/test_dequantizelinear_axis", "node/test_dynamicquantizelinear_expanded",
};

}  // namespace

TEST_CASE("ONNX conformance: quick subset", "[conformance-quick]") {
  for (const char* name : kQuickCases) {
    const fs::path dir = test_data::onnx(name);
    test_data::require_exists(dir.string());
    const CaseResult result = run_case(dir);
    INFO(name << ": " << status_name(result.status) << " " << result.detail);
    CHECK(result.status == Status::Pass);
  }
}

TEST_CASE("ONNX conformance: full sweep", "[.conformance]") {
  test_data::require_exists(test_data::kOnnxTestData);
  const char* report_path = std::getenv("NNSLIM_CONFORMANCE_REPORT");
  std::ofstream report;
  if (report_path) report.open(report_path);
  int counts[3] = {0, 0, 0};
  for (const char* suite : kSuites) {
    std::vector<fs::path> cases;
    for (const auto& entry : fs::directory_iterator(test_data::onnx(suite)))
      if (entry.is_directory() && entry.path().filename().string().rfind("test_", 0) == 0) cases.push_back(entry.path());
    std::sort(cases.begin(), cases.end());
    for (const fs::path& dir : cases) {
      CaseResult result;
      try {
        result = run_case(dir);
      } catch (const std::exception& e) {
        result.status = Status::Fail;
        result.detail = e.what();
      }
      ++counts[static_cast<int>(result.status)];
      std::string ops;
      for (const std::string& op : result.ops) ops += (ops.empty() ? "" : ",") + op;
      if (report) {
        report << suite << '\t' << dir.filename().string() << '\t' << status_name(result.status) << '\t' << ops << '\t'
               << one_line(result.detail);
        auto it = tolerance_overrides().find(dir.filename().string());
        if (it != tolerance_overrides().end()) report << " (tolerance rtol " << it->second.rtol << ", atol " << it->second.atol << ": " << it->second.reason << ")";
        report << '\n';
      }
      if (result.status == Status::Fail) {
        INFO(suite << "/" << dir.filename().string() << " [" << ops << "]: " << result.detail);
        CHECK(result.status != Status::Fail);
      }
    }
  }
  std::printf("ONNX conformance: %d passed, %d failed, %d skipped\n", counts[0], counts[1], counts[2]);
}

TEST_CASE("op table: every op has a reference, a shape rule and a passing ONNX case", "[ops][conformance-coverage]") {
  // The op table (src/ops/op_list.inc) is the one place an op is declared;
  // an op there must be fully usable: its rules and reference exist, and at
  // least one of ONNX's own test cases that uses it passes in both executors.
  test_data::require_exists(test_data::kOnnxTestData);
  std::map<std::string, int> passed;  // op type -> passing cases that use it
  for (const char* suite : kSuites) {
    for (const auto& entry : fs::directory_iterator(test_data::onnx(suite))) {
      if (!entry.is_directory() || entry.path().filename().string().rfind("test_", 0) != 0) continue;
      CaseResult result;
      try {
        result = run_case(entry.path());
      } catch (const std::exception&) {
        continue;  // a broken case counts for no op; the full sweep reports it
      }
      if (result.status != Status::Pass) continue;
      for (const std::string& op : result.ops) ++passed[op];
    }
  }
  REQUIRE(!all_ops().empty());
  for (const OpDef* def : all_ops()) {
    INFO(def->op_type);
    CHECK(def->reference != nullptr);
    CHECK(def->infer != nullptr);
    CHECK(def->since_opset >= 1);
    CHECK(passed[def->op_type] >= 1);
  }
}
