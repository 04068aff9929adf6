// Embind bindings: the only code that knows about JS. One handle class,
// ModelHandle, whose methods never throw into JS.
//
// Why status objects: an exception that escapes to JS (or val::throw_ from a
// catch block) is never freed (docs/toolchain.md), so every method catches at this
// outermost frame, copies the message, leaves the catch block (destroying the
// exception) and returns {ok: true, value} or {ok: false, code, message}. The
// JS wrapper (web/api.js) turns a failure into a real Error (NnslimError with
// that code).
//
// Error codes (core/error.h lists them). An Error thrown with a code keeps it;
// one thrown without (most call sites) gets the default of the phase that the
// entry point runs:
//   entry point                     phase                          default
//   loadOnnx                        parsing ONNX bytes             INVALID_MODEL
//   build                           building from a layer spec     INVALID_ARGUMENT
//   pruneFrom                       pruning a model's copy         INVALID_ARGUMENT
//   summary, profileJson            shape inference of the model   INVALID_MODEL
//   prepare                         checking feeds, compiling      INVALID_INPUT
//   execute, executeTimed           running the plan on the feeds  INVALID_INPUT
//   toOnnx, inputInfo, outputInfo,  reading a model that loaded    INTERNAL
//   planDescription, planExplanation,
//   supportedOps
// Whatever the phase: std::bad_alloc is OUT_OF_MEMORY, a protozero exception
// INVALID_MODEL, any other C++ exception INTERNAL. (import_onnx, the builder
// and Session::prepare classify at their own boundary the same way, so
// native callers get the same codes; prepare blames the model instead when
// it fails on the model's own shapes.)
//
// Bytes cross the boundary as copies: a typed_memory_view over the wasm heap
// is detached when memory grows, so a view is only made after every
// allocation it depends on, and is copied (set / slice) before anything else
// can allocate. run() is the exception, for speed: prepare() hands JS the
// heap addresses of the plan's input and output buffers, and web/api.js
// copies the inputs in and the outputs out itself (through the module's
// current HEAPU8, which is replaced when memory grows).
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>
#include <emscripten/val.h>

#include <malloc.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <map>
#include <memory>
#include <new>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <protozero/exception.hpp>

#include "api/model.h"
#include "core/error.h"
#include "core/thread_pool.h"

using emscripten::val;

namespace {

val success(val value) {
  val status = val::object();
  status.set("ok", true);
  status.set("value", std::move(value));
  return status;
}

using nnslim::ErrorCode;

// A caught exception, copied out of its catch block.
struct CaughtError {
  ErrorCode code = ErrorCode::Internal;
  std::string message;
};

val failure(const CaughtError& error) {
  val status = val::object();
  status.set("ok", false);
  status.set("code", std::string(nnslim::error_code_name(error.code)));
  status.set("message", error.message);
  return status;
}

// Runs call(context); on a C++ exception stores its code (an Error's own,
// else `phase_default`; see the table above) and message in `caught` and
// returns true. No JS value is created, so the hot path (execute) stays
// allocation-free. Not a template: every entry point shares this one copy of
// the handlers (a copy per entry point cost 13 KB of wasm).
__attribute__((noinline)) bool capture_error_of(ErrorCode phase_default, CaughtError& caught, void (*call)(void*),
                                                void* context) {
  try {
    call(context);
    return false;
  } catch (const nnslim::Error& error) {
    caught = {error.code() == ErrorCode::Unclassified ? phase_default : error.code(), error.what()};
  } catch (const std::bad_alloc&) {
    caught = {ErrorCode::OutOfMemory, "out of memory: the WebAssembly heap cannot grow enough for this model"};
  } catch (const protozero::exception& error) {
    caught = {ErrorCode::InvalidModel, std::string("malformed protobuf (not a valid ONNX model): ") + error.what()};
  } catch (const std::exception& error) {
    caught = {ErrorCode::Internal, std::string("internal error: ") + error.what()};
  } catch (...) {
    caught = {ErrorCode::Internal, "internal error: unknown C++ exception"};
  }
  return true;
}

// capture_error_of for any callable `body` (returning void).
template <typename Body>
bool capture_error(ErrorCode phase_default, CaughtError& caught, Body& body) {
  return capture_error_of(phase_default, caught, [](void* context) { (*static_cast<Body*>(context))(); }, &body);
}

// Runs `body` (returning val): {ok: true, value} or, on a C++ exception, the
// failure status (capture_error). The exception is destroyed before any JS
// value is created.
template <typename Body>
val guarded(ErrorCode phase_default, Body&& body) {
  val value = val::undefined();
  CaughtError caught;
  auto call = [&] { value = body(); };
  if (capture_error(phase_default, caught, call)) return failure(caught);
  return success(std::move(value));
}

// Copies a JS Uint8Array into a fresh vector on the wasm heap. The view is
// created after the vector's allocation (which may grow memory).
std::vector<uint8_t> copy_bytes_from_js(const val& bytes) {
  const size_t size = bytes["length"].as<size_t>();
  std::vector<uint8_t> copy(size);
  if (size > 0) {
    val heap_view(emscripten::typed_memory_view(size, copy.data()));
    heap_view.call<void>("set", bytes);
  }
  return copy;
}

// [{name, dims: [numbers]}] (web/api.js checked the dims are positive safe
// integers) -> the static shapes profile and summary bind.
std::map<std::string, nnslim::Shape> shapes_from_js(const val& input_shapes) {
  std::map<std::string, nnslim::Shape> shapes;
  const int count = input_shapes["length"].as<int>();
  for (int i = 0; i < count; ++i) {
    const val entry = input_shapes[i];
    nnslim::Shape& dims = shapes[entry["name"].as<std::string>()];
    for (double d : vecFromJSArray<double>(entry["dims"])) dims.push_back(static_cast<int64_t>(d));
  }
  return shapes;
}

// Copies bytes on the wasm heap into a new JS Uint8Array that owns its memory.
val copy_bytes_to_js(const std::vector<uint8_t>& bytes) {
  val heap_view(emscripten::typed_memory_view(bytes.size(), bytes.data()));
  return heap_view.call<val>("slice");
}

// The conversions of run() live in their own non-inlined functions: binaryen
// 108 (Debian's Emscripten 3.1.6) aborts reading a function whose nested
// exception regions it cannot resolve ("exceptionTargetNames.empty()"), which
// these loops produced when inlined into the guarded lambda.
//
// prepare_from_js: inputs = [{name, type, dims, data: Uint8Array}] (the
// caller's order). Validates them, binds the plan for their signature, and
// returns where each input's bytes go and where each output's bytes are:
//   {generation, reusable, inputs: [{ptr, byteLength}],
//    outputs: [{name, type, dims, ptr, byteLength}]}
// Only the values of shape-deciding inputs are read here; web/api.js writes
// the input bytes into the wasm heap itself (one copy) and calls execute().
__attribute__((noinline)) val prepare_from_js(nnslim::Model& model, const val& inputs) {
  const size_t count = inputs["length"].as<size_t>();
  std::vector<std::string> names(count);
  std::vector<std::vector<int64_t>> dims(count);
  std::vector<std::vector<uint8_t>> values(count);
  std::vector<nnslim::InputRef> refs(count);
  for (size_t i = 0; i < count; ++i) {
    const val input = inputs[i];
    names[i] = input["name"].as<std::string>();
    const std::string type = input["type"].as<std::string>();
    refs[i].dtype = nnslim::dtype_from_name(type);
    NNSLIM_CHECK(refs[i].dtype != nnslim::DType::Undefined, ErrorCode::InvalidInput, "input '", names[i],
                 "': unsupported type '", type, "'");
    const val js_dims = input["dims"];
    const size_t rank = js_dims["length"].as<size_t>();
    for (size_t d = 0; d < rank; ++d) dims[i].push_back(static_cast<int64_t>(js_dims[d].as<double>()));
    const val data = input["data"];
    refs[i].byte_length = data["length"].as<size_t>();
    if (model.decides_shapes(names[i])) {
      values[i] = copy_bytes_from_js(data);
      refs[i].data = values[i].data();
    }
    refs[i].name = names[i];
    refs[i].dims = dims[i].data();
    refs[i].rank = rank;
  }
  model.prepare(refs.data(), refs.size());

  val result = val::object();
  result.set("generation", static_cast<double>(model.generation()));
  result.set("reusable", model.signature_is_shapes_only());
  val buffers = val::array();
  for (size_t i = 0; i < count; ++i) {
    val entry = val::object();
    entry.set("ptr", static_cast<double>(reinterpret_cast<uintptr_t>(model.input_buffer(i))));
    entry.set("byteLength", static_cast<double>(model.input_bytes(i)));
    buffers.call<void>("push", entry);
  }
  result.set("inputs", buffers);
  val outputs = val::array();
  for (size_t i = 0; i < model.output_count(); ++i) {
    const nnslim::Value& v = model.output_value(i);
    val entry = val::object();
    entry.set("name", v.name);
    entry.set("type", std::string(nnslim::dtype_name(v.dtype)));
    val out_dims = val::array();
    for (int64_t d : v.shape) out_dims.call<void>("push", static_cast<double>(d));
    entry.set("dims", out_dims);
    entry.set("ptr", static_cast<double>(reinterpret_cast<uintptr_t>(model.output_data(i))));
    entry.set("byteLength", static_cast<double>(nnslim::shape_numel(v.shape) * nnslim::dtype_size(v.dtype)));
    outputs.call<void>("push", entry);
  }
  result.set("outputs", outputs);
  return result;
}

__attribute__((noinline)) val steps_to_js(const std::vector<nnslim::StepTiming>& timings) {
  val steps = val::array();
  for (const nnslim::StepTiming& t : timings) {
    val step = val::object();
    step.set("layer", t.layer);
    step.set("op", t.op);
    step.set("kernel", t.kernel);
    step.set("reference", t.reference);
    step.set("ms", t.ms);
    steps.call<void>("push", step);
  }
  return steps;
}

// A calibration sample: [{name, type, dims, data: Uint8Array}] -> tensors
// (copies). Whether names, dtypes and dims fit the model is the session's check.
__attribute__((noinline)) std::vector<nnslim::NamedTensor> sample_from_js(const val& inputs) {
  const size_t count = inputs["length"].as<size_t>();
  std::vector<nnslim::NamedTensor> sample(count);
  for (size_t i = 0; i < count; ++i) {
    const val input = inputs[i];
    sample[i].name = input["name"].as<std::string>();
    auto tensor = std::make_shared<nnslim::Tensor>();
    const std::string type = input["type"].as<std::string>();
    tensor->dtype = nnslim::dtype_from_name(type);
    NNSLIM_CHECK(tensor->dtype != nnslim::DType::Undefined, ErrorCode::InvalidArgument, "quantize: sample input '",
                 sample[i].name, "': unsupported type '", type, "'");
    const val js_dims = input["dims"];
    const size_t rank = js_dims["length"].as<size_t>();
    for (size_t d = 0; d < rank; ++d) tensor->dims.push_back(static_cast<int64_t>(js_dims[d].as<double>()));
    tensor->bytes = copy_bytes_from_js(input["data"]);
    NNSLIM_CHECK(tensor->bytes.size() == tensor->byte_size(), ErrorCode::InvalidArgument, "quantize: sample input '",
                 sample[i].name, "' has ", tensor->bytes.size(), " bytes for dims ", nnslim::shape_to_string(tensor->dims));
    sample[i].tensor = std::move(tensor);
  }
  return sample;
}

// quantize()'s options object (web/quantize.js normalized it):
// {perChannel, symmetric, weightOnly, weightBits, biasCorrection, method, percentile, skip: [names], only: [names]}.
__attribute__((noinline)) nnslim::QuantizeSettings quantize_settings_from_js(const val& options) {
  nnslim::QuantizeSettings settings;
  settings.options.per_channel = options["perChannel"].as<bool>();
  settings.options.symmetric_activations = options["symmetric"].as<bool>();
  settings.options.weight_only = options["weightOnly"].as<bool>();
  settings.options.weight_bits = options["weightBits"].as<int>();
  settings.options.bias_correction = options["biasCorrection"].as<bool>();
  settings.method = options["method"].as<std::string>();
  settings.percentile = options["percentile"].as<double>();
  for (const std::string& name : emscripten::vecFromJSArray<std::string>(options["skip"]))
    settings.options.skip.push_back(name);
  for (const std::string& name : emscripten::vecFromJSArray<std::string>(options["only"]))
    settings.options.only.push_back(name);
  return settings;
}

val io_info(const nnslim::Graph& graph, const std::vector<int>& ids) {
  val list = val::array();
  for (int id : ids) {
    const nnslim::Value& v = graph.value(id);
    val entry = val::object();
    entry.set("name", v.name);
    entry.set("type", std::string(nnslim::dtype_name(v.dtype)));
    val dims = val::array();
    val dim_names = val::array();
    for (size_t d = 0; d < v.shape.size(); ++d) {
      dims.call<void>("push", v.shape[d] >= 0 ? val(static_cast<double>(v.shape[d])) : val::null());
      dim_names.call<void>("push", d < v.dim_params.size() && !v.dim_params[d].empty() ? val(v.dim_params[d]) : val::null());
    }
    entry.set("dims", v.has_shape ? dims : val::null());
    entry.set("dimNames", dim_names);
    list.call<void>("push", entry);
  }
  return list;
}

class ModelHandle {
 public:
  // bytes: a Uint8Array (web/api.js normalizes ArrayBuffer, Buffer, views).
  val loadOnnx(const val& bytes) {
    return guarded(ErrorCode::InvalidModel, [&] {
      if (!bytes.instanceof (val::global("Uint8Array")))
        nnslim::fail(ErrorCode::InvalidArgument, "loadOnnx: expected a Uint8Array");
      std::vector<uint8_t> data = copy_bytes_from_js(bytes);
      model_ = nnslim::Model::load_onnx(data.data(), data.size());
      return val::undefined();
    });
  }

  // spec_json: the builder's layer spec (docs/builder-spec.md).
  val build(const std::string& spec_json) {
    return guarded(ErrorCode::InvalidArgument, [&] {
      model_ = nnslim::Model::build(spec_json);
      return val::undefined();
    });
  }

  // This handle gets a pruned copy of `source`'s model (source unchanged).
  // options_json: api/prune_json.h; on_progress: a JS function (done,
  // total) called after each layer, or undefined. Value: the report's JSON.
  val pruneFrom(const ModelHandle& source, const std::string& options_json, const val& on_progress) {
    return guarded(ErrorCode::InvalidArgument, [&] {
      std::string report;
      nnslim::PruneProgress progress;
      if (on_progress.typeOf().as<std::string>() == "function")
        progress = [&](size_t done, size_t total) {
          on_progress(static_cast<double>(done), static_cast<double>(total));
        };
      model_ = source.model().prune(options_json, &report, progress);
      return val(report);
    });
  }

  // input_shapes: as profileJson's. qdq_nodes: Q/DQ nodes as rows of their own.
  val summary(const val& input_shapes, bool qdq_nodes) const {
    return guarded(ErrorCode::InvalidModel,
                   [&] { return val(model().summary(shapes_from_js(input_shapes), qdq_nodes)); });
  }

  // batch_size arrives as a JS number; it must be a positive integer.
  // input_shapes: [{name, dims: [numbers]}] (web/api.js checked the dims are
  // positive safe integers). compile_plan: also compile the plan and report
  // its runtime arena.
  val profileJson(double batch_size, const val& input_shapes, bool compile_plan, bool qdq_nodes) {
    return guarded(ErrorCode::InvalidModel, [&] {
      if (!(batch_size >= 1 && batch_size <= 1e9 && std::floor(batch_size) == batch_size)) {
        nnslim::fail(ErrorCode::InvalidArgument, "profile: batchSize must be an integer between 1 and 1e9, got ",
                     batch_size);
      }
      const std::map<std::string, nnslim::Shape> shapes = shapes_from_js(input_shapes);
      model();  // a clear error on an empty handle
      return val(model_->profile_json(static_cast<int64_t>(batch_size), shapes, compile_plan, qdq_nodes));
    });
  }

  val toOnnx() const {
    return guarded(ErrorCode::Internal, [&] { return copy_bytes_to_js(model().to_onnx()); });
  }

  // run() in two halves (web/api.js): prepare(inputs) binds the plan for the
  // inputs' signature (see prepare_from_js), then, for every run with that
  // signature, JS writes the input bytes at the returned pointers and calls
  // execute(generation). execute() allocates nothing and returns a number:
  // kExecuted, kStale (another prepare() happened since, e.g. another
  // signature: prepare again) or kFailed (lastError() has the failure status).
  val prepare(const val& inputs) {
    return guarded(ErrorCode::InvalidInput, [&] {
      if (!model_) nnslim::fail(ErrorCode::Internal, "the model handle is empty (load or build a model first)");
      return prepare_from_js(*model_, inputs);
    });
  }

  static constexpr int kExecuted = 0, kStale = 1, kFailed = 2;

  int execute(double generation) {
    if (!model_ || generation != static_cast<double>(model_->generation())) return kStale;
    auto run = [&] { model_->execute(); };
    return capture_error(ErrorCode::InvalidInput, last_error_, run) ? kFailed : kExecuted;
  }

  // Like execute(), timing every compiled step: {ok, value: [{layer, op, kernel, reference, ms}]}
  // (the per-layer latency profile), or value null when the binding is stale.
  val executeTimed(double generation) {
    return guarded(ErrorCode::InvalidInput, [&] {
      if (!model_ || generation != static_cast<double>(model_->generation())) return val::null();
      std::vector<nnslim::StepTiming> timings;
      model_->execute_timed(timings);
      return steps_to_js(timings);
    });
  }

  // JSON of the last plan's steps with their weight info (Model::explain_plan_json).
  val planExplanation() const {
    return guarded(ErrorCode::Internal, [&] { return val(model().explain_plan_json()); });
  }

  // {ok: false, code, message} of the last execute() that returned kFailed.
  val lastError() const { return failure(last_error_); }

  // [{name, type, dims}] of the graph inputs / outputs; a symbolic dim is
  // null, and its name (e.g. "batch") is in dimNames.
  val inputInfo() const {
    return guarded(ErrorCode::Internal, [&] { return io_info(model().graph(), model().graph().inputs); });
  }
  val outputInfo() const {
    return guarded(ErrorCode::Internal, [&] { return io_info(model().graph(), model().graph().outputs); });
  }

  // Quantization (web/quantize.js drives it): calibrationBegin(histograms)
  // -> number of passes; for each pass: calibrationPass(pass), then
  // calibrate(sample) per sample; then a new handle's quantizeFrom(this, options).
  val calibrationBegin(bool histograms) {
    return guarded(ErrorCode::InvalidArgument, [&] {
      live().begin_calibration(histograms);
      return val(live().calibration_passes());
    });
  }
  val calibrationPass(int pass) {
    return guarded(ErrorCode::InvalidArgument, [&] {
      live().calibration_begin_pass(pass);
      return val::undefined();
    });
  }
  val calibrate(const val& sample) {
    return guarded(ErrorCode::InvalidArgument, [&] {
      live().calibrate(sample_from_js(sample));
      return val::undefined();
    });
  }
  // Fills this (empty) handle with `source` quantized.
  val quantizeFrom(ModelHandle& source, const val& options) {
    return guarded(ErrorCode::InvalidArgument, [&] {
      model_ = source.live().quantize(quantize_settings_from_js(options));
      return val::undefined();
    });
  }

  // Threads run() may split a step over (capped at threadCapacity()).
  // Returns the count in effect.
  double setThreads(double threads) {
    if (!model_ || !(threads >= 1)) return 1;
    model_->set_threads(static_cast<size_t>(threads));
    return static_cast<double>(model_->threads());
  }

  // The compiled steps of the last run: which kernel each node got.
  val planDescription() const {
    return guarded(ErrorCode::Internal, [&] {
      val lines = val::array();
      for (const std::string& line : model().describe_plan()) lines.call<void>("push", line);
      return lines;
    });
  }

 private:
  const nnslim::Model& model() const {
    if (!model_) nnslim::fail(ErrorCode::Internal, "the model handle is empty (load or build a model first)");
    return *model_;
  }

  nnslim::Model& live() {
    if (!model_) nnslim::fail(ErrorCode::Internal, "the model handle is empty (load or build a model first)");
    return *model_;
  }

  std::unique_ptr<nnslim::Model> model_;
  CaughtError last_error_;
};

val supportedOps() {
  return guarded(ErrorCode::Internal, [] {
    val list = val::array();
    for (const std::string& op : nnslim::Model::supported_op_types()) list.call<void>("push", op);
    return list;
  });
}

// For leak tests: bytes malloc currently hands out (dlmalloc's mallinfo).
// The thread pool: most threads a model may use (1 in the single-threaded
// module); the threaded module's JS entry sets it to its preloaded workers + 1.
double threadCapacity() { return static_cast<double>(nnslim::ThreadPool::shared().max_threads()); }
void setThreadCapacity(double threads) {
  if (threads >= 1) nnslim::ThreadPool::shared().set_capacity(static_cast<size_t>(threads));
}

// Benchmarks only: the cost model's threshold (runtime/parallel.h); returns
// the previous one.
double setMinParallelWork(double work) { return nnslim::Model::set_min_parallel_work(work); }
// Benchmarks only: runs choosing their thread count from their measured
// times (runtime/thread_choice.h); returns the previous setting.
bool setAdaptiveThreads(bool on) { return nnslim::Model::set_adaptive_threads(on); }

// Profiles and tests: the pool's counters (ThreadPool::Stats), all zero in
// the single-threaded module.
val poolStats() {
  const nnslim::ThreadPool::Stats s = nnslim::ThreadPool::shared().stats();
  val out = val::object();
  out.set("runs", static_cast<double>(s.runs));
  out.set("jobs", static_cast<double>(s.jobs));
  out.set("tiles", static_cast<double>(s.tiles));
  out.set("callerTiles", static_cast<double>(s.caller_tiles));
  out.set("workerBlocks", static_cast<double>(s.worker_blocks));
  out.set("callerBlocks", static_cast<double>(s.caller_blocks));
  out.set("callerWaitUs", s.caller_wait_us);
  out.set("stolenTiles", static_cast<double>(s.stolen_tiles));
  out.set("wakes", static_cast<double>(s.wakes));
  out.set("wakeUs", s.wake_us);
  out.set("firstClaims", static_cast<double>(s.first_claims));
  out.set("firstClaimUs", s.first_claim_us);
  return out;
}

double heapBytesInUse() { return static_cast<double>(mallinfo().uordblks); }

// Tests only (web/internal.js _trapForTests): executes wasm `unreachable`, the
// trap a memory-safety bug or an abort would raise, so the JS side's
// "instance unusable after a trap" rule can be tested. on_worker: the trap
// happens instead in a tile that a pool worker runs, as a kernel's would in
// a parallel step (the threaded module; the caller's own tile waits, at most
// 10 s, for a worker to take the other). Returns false, without trapping,
// when no worker took a tile (the single-threaded module, one thread).
bool trapForTests(bool on_worker) {
  if (!on_worker) __builtin_trap();
#if NNSLIM_THREADS
  const std::thread::id caller = std::this_thread::get_id();
  std::atomic<bool> worker_took{false};
  auto tile = [&](size_t) {
    if (std::this_thread::get_id() != caller) {
      worker_took = true;
      __builtin_trap();
    }
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!worker_took && std::chrono::steady_clock::now() < give_up) {
    }
  };
  nnslim::ThreadPool::shared().parallel_for(2, 2, tile);
#endif
  return false;
}

}  // namespace

// Called by wasm/threads/worker_trap.js on a pool worker whose tile trapped.
extern "C" EMSCRIPTEN_KEEPALIVE void nnslim_pool_worker_trapped() { nnslim::ThreadPool::shared().worker_trapped(); }

EMSCRIPTEN_BINDINGS(nnslim) {
  emscripten::class_<ModelHandle>("ModelHandle")
      .constructor<>()
      .function("loadOnnx", &ModelHandle::loadOnnx)
      .function("build", &ModelHandle::build)
      .function("pruneFrom", &ModelHandle::pruneFrom)
      .function("summary", &ModelHandle::summary)
      .function("profileJson", &ModelHandle::profileJson)
      .function("toOnnx", &ModelHandle::toOnnx)
      .function("prepare", &ModelHandle::prepare)
      .function("execute", &ModelHandle::execute)
      .function("executeTimed", &ModelHandle::executeTimed)
      .function("lastError", &ModelHandle::lastError)
      .function("inputInfo", &ModelHandle::inputInfo)
      .function("outputInfo", &ModelHandle::outputInfo)
      .function("planDescription", &ModelHandle::planDescription)
      .function("calibrationBegin", &ModelHandle::calibrationBegin)
      .function("calibrationPass", &ModelHandle::calibrationPass)
      .function("calibrate", &ModelHandle::calibrate)
      .function("quantizeFrom", &ModelHandle::quantizeFrom)
      .function("planExplanation", &ModelHandle::planExplanation)
      .function("setThreads", &ModelHandle::setThreads);
  emscripten::function("supportedOps", &supportedOps);
  emscripten::function("heapBytesInUse", &heapBytesInUse);
  emscripten::function("threadCapacity", &threadCapacity);
  emscripten::function("setThreadCapacity", &setThreadCapacity);
  emscripten::function("setMinParallelWork", &setMinParallelWork);
  emscripten::function("setAdaptiveThreads", &setAdaptiveThreads);
  emscripten::function("poolStats", &poolStats);
  emscripten::function("trapForTests", &trapForTests);
}
