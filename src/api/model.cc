// The facade over import, builder, profiler and exporter (see model.h).
#include "api/model.h"

#include "api/calibrator.h"
#include "api/prune_json.h"

#include <algorithm>

#include "builder/builder.h"
#include "core/error.h"
#include "core/json.h"
#include "core/thread_pool.h"
#include "onnx/onnx_export.h"
#include "onnx/onnx_import.h"
#include "ops/op_registry.h"
#include "passes/drop_unread_training_outputs.h"
#include "report/profile.h"
#include "runtime/parallel.h"
#include "runtime/thread_choice.h"

namespace nnslim {

std::unique_ptr<Model> Model::load_onnx(const uint8_t* data, size_t size) {
  NNSLIM_CHECK(data != nullptr || size == 0, "load_onnx: no data");
  NNSLIM_CHECK(size > 0, "not an ONNX model: the input is empty (0 bytes)");
  return std::unique_ptr<Model>(new Model(import_onnx(data, size)));
}

std::unique_ptr<Model> Model::build(const std::string& spec_json) {
  return std::unique_ptr<Model>(new Model(build_graph_from_spec(spec_json)));
}

std::unique_ptr<Model> Model::from_graph(Graph graph) { return std::unique_ptr<Model>(new Model(std::move(graph))); }

std::string Model::summary(const std::map<std::string, Shape>& input_shapes, bool qdq_nodes) const {
  return format_summary(graph_, input_shapes, qdq_nodes);
}

std::string Model::profile_json(int64_t batch_size, const std::map<std::string, Shape>& input_shapes,
                                bool compile_plan, bool qdq_nodes) {
  NNSLIM_CHECK(batch_size >= 1, ErrorCode::InvalidArgument, "profile: batchSize must be a positive integer, got ",
               batch_size);
  ModelProfile profile = profile_graph(graph_, batch_size, input_shapes, !qdq_nodes);
  if (compile_plan && session().signature_is_shapes_only()) {
    Graph bound = graph_;
    for (const auto& [input, dims] : input_shapes) bound.bind_input_shape(input, dims);
    bound.bind_symbolic_dims(batch_size);
    std::vector<InputRef> inputs;
    for (int id : bound.inputs) {
      const Value& v = bound.value(id);
      NNSLIM_CHECK(v.has_shape, ErrorCode::InvalidArgument, "profile: input '", v.name,
                   "' has no declared shape, so no plan can be compiled for it");
      inputs.push_back(InputRef{v.name, v.dtype, v.shape.data(), v.shape.size(),
                                static_cast<size_t>(shape_numel(v.shape)) * dtype_size(v.dtype), nullptr});
    }
    session().prepare(inputs.data(), inputs.size());
    profile.runtime_arena_bytes = session().arena_bytes();
  }
  return profile_to_json(profile);
}

std::vector<uint8_t> Model::to_onnx() const { return export_onnx(graph_); }

std::unique_ptr<Model> Model::prune(const std::string& options_json, std::string* report_json,
                                    const PruneProgress& progress) const {
  const PruneOptions options = parse_prune_options(options_json);
  Graph pruned = graph_;  // constants are shared: the passes replace, never edit, them
  const PruneReport report = prune_graph(pruned, options, progress);
  if (report_json) *report_json = prune_report_to_json(report);
  return std::unique_ptr<Model>(new Model(std::move(pruned)));
}

Model::Model(Graph graph) : graph_(std::move(graph)) { drop_unread_training_outputs(graph_); }
Model::~Model() = default;

void Model::begin_calibration(bool histograms) {
  calibrator_.reset();
  calibrator_ = std::make_unique<Calibrator>(prepare_for_quantization(graph_, QuantizeOptions{}), histograms);
}

int Model::calibration_passes() const { return calibrator_ ? calibrator_->passes() : 0; }

void Model::calibration_begin_pass(int pass) {
  NNSLIM_CHECK(calibrator_, ErrorCode::Internal, "calibration was not started");
  calibrator_->begin_pass(pass);
}

void Model::calibrate(const std::vector<NamedTensor>& sample) {
  NNSLIM_CHECK(calibrator_, ErrorCode::Internal, "calibration was not started");
  calibrator_->observe(sample);
}

std::unique_ptr<Model> Model::quantize(const QuantizeSettings& settings) const {
  const CalibrationMethod method = parse_calibration_method(settings.method);
  NNSLIM_CHECK(settings.percentile > 0 && settings.percentile <= 100, ErrorCode::InvalidArgument,
               "quantize: calibration.percentile must be in (0, 100], got ", settings.percentile);
  NNSLIM_CHECK(settings.options.weight_bits == 7 || settings.options.weight_bits == 8, ErrorCode::InvalidArgument,
               "quantize: weightBits must be 7 or 8, got ", settings.options.weight_bits);
  Graph graph = prepare_for_quantization(graph_, settings.options);
  std::map<std::string, ValueRange> ranges;
  if (!settings.options.weight_only) {
    NNSLIM_CHECK(calibrator_ && calibrator_->samples_seen() > 0, ErrorCode::InvalidArgument,
                 "quantize: static int8 activations need calibration samples (calibration.samples is empty)");
    ranges = calibrator_->ranges(method, settings.percentile, settings.options.symmetric_activations);
    // A graph output keeps its whole observed range whatever the method:
    // clipping what the model returns (a class probability, a box) is never
    // a good trade, while the methods' clipping helps inner activations.
    const std::map<std::string, ValueRange> whole =
        calibrator_->ranges(CalibrationMethod::MinMax, settings.percentile, settings.options.symmetric_activations);
    for (int out : graph.outputs) {
      auto it = whole.find(graph.value(out).name);
      if (it != whole.end()) ranges[it->first] = it->second;
    }
  }
  std::map<std::string, std::vector<float>> means;
  if (calibrator_ && calibrator_->samples_seen() > 0) means = calibrator_->channel_means();
  quantize_qdq(graph, ranges, settings.options, means.empty() ? nullptr : &means);
  return std::unique_ptr<Model>(new Model(std::move(graph)));
}

Session& Model::session() {
  if (!session_) {
    session_ = std::make_unique<Session>(graph_);
    session_->set_threads(threads_);
  }
  return *session_;
}

bool Model::set_adaptive_threads(bool on) {
  const bool previous = ThreadChoice::enabled();
  ThreadChoice::enabled() = on;
  return previous;
}

double Model::set_min_parallel_work(double work) {
  const double previous = min_parallel_work();
  min_parallel_work() = work;
  return previous;
}

void Model::set_threads(size_t threads) {
  threads_ = std::max<size_t>(1, std::min(threads, ThreadPool::shared().max_threads()));
  if (session_) session_->set_threads(threads_);
}

void Model::prepare(const InputRef* inputs, size_t count) { session().prepare(inputs, count); }
uint8_t* Model::input_buffer(size_t index) { return session().input_buffer(index); }
size_t Model::input_bytes(size_t index) { return session().input_bytes(index); }
void Model::execute() { session().execute(); }
void Model::execute_timed(std::vector<StepTiming>& timings) { session().execute_timed(timings); }
size_t Model::output_count() { return graph_.outputs.size(); }
const uint8_t* Model::output_data(size_t index) { return session().output_data(index); }
const Value& Model::output_value(size_t index) { return session().output_value(index); }
uint64_t Model::generation() { return session().generation(); }
int64_t Model::arena_bytes() { return session().arena_bytes(); }
const Graph& Model::plan_graph() { return session().plan_graph(); }
bool Model::signature_is_shapes_only() { return session().signature_is_shapes_only(); }
bool Model::decides_shapes(std::string_view name) { return session().decides_shapes(name); }

std::vector<std::string> Model::supported_op_types() { return nnslim::supported_op_types(); }

std::vector<NamedTensor> Model::run(const std::vector<NamedTensor>& inputs) { return session().run(inputs); }

std::vector<NamedTensor> Model::run_timed(const std::vector<NamedTensor>& inputs, std::vector<StepTiming>& timings) {
  return session().run_timed(inputs, timings);
}

std::string Model::explain_plan_json() const {
  Json steps = Json::array();
  if (session_)
    for (const Session::StepReport& step : session_->explain_plan()) {
      const StepWeightInfo& w = step.weights;
      steps.push_back(Json::object({{"layer", step.layer},
                       {"description", step.description},
                       {"hasWeights", w.has_weights},
                       {"weights", w.weights},
                       {"zeroWeights", w.zero_weights},
                       {"denseMacs", w.dense_macs},
                       {"effectiveMacs", w.effective_macs},
                       {"sparseKernel", w.sparse_kernel},
                       {"kernel", w.kernel},
                       {"reason", w.reason}}));
    }
  return steps.dump();
}

std::vector<std::string> Model::describe_plan() const {
  return session_ ? session_->describe_plan() : std::vector<std::string>{};
}

}  // namespace nnslim
