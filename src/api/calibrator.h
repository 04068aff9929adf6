// Calibration for the quantize pass: runs the float model on samples and
// records, for every activation the pass may quantize, the statistics its
// range methods need (passes/calibration_ranges.h).
//
// The session observes the activations in place (Session::run_observed):
// each is handed over right after the step that writes it, in the layout the
// plan keeps it (NHWC after a conv), and read there; the plan compiles them
// as the graph outputs they would otherwise have to be, so no fused step
// (Conv+Relu) keeps one to itself and the values are the same bits. A
// calibration sample costs one inference plus the statistics: no NCHW copy,
// no output tensor, no arena holding every activation to the end of the run.
// The former way (the activations as extra outputs of a copy of the graph,
// copied out by run()) is the oracle of tests/cpp/calibration_in_place_test.cc.
// Usage: for pass in [0, passes()): begin_pass(pass); observe(sample) for every sample.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "passes/calibration_ranges.h"
#include "passes/quantize_qdq.h"
#include "runtime/session.h"

namespace nnslim {

class Calibrator : private ValueObserver {
 public:
  // `prepared`: from prepare_for_quantization (no skip/only: every
  // activation is observed, so any later scope has its ranges).
  // histograms: also run the second pass that percentile/mse/entropy need.
  Calibrator(const Graph& prepared, bool histograms);
  ~Calibrator();

  int passes() const { return histograms_ ? 2 : 1; }
  void begin_pass(int pass);
  // One sample: a value per graph input. Errors name the input (Session's
  // checks: name, dtype, shape); such a sample counts for nothing. A step
  // that fails part-way through the run (e.g. a Gather index out of range)
  // leaves the activations observed before it counted: every later call
  // then throws INVALID_ARGUMENT (start again with a new Calibrator).
  void observe(const std::vector<NamedTensor>& sample);
  int samples_seen() const { return samples_; }
  bool has_histograms() const { return histograms_ && pass_ == 1 && samples_ > 0; }

  // The range of every observed activation by `method`.
  std::map<std::string, ValueRange> ranges(CalibrationMethod method, double percentile, bool symmetric) const;
  // Per-channel (axis 1) means of every observed activation of rank >= 2
  // (from the first pass), for bias correction.
  std::map<std::string, std::vector<float>> channel_means() const;
  // The session's plan for the last sample's shapes (tests: which
  // activations it observes in NHWC).
  const Session& session() const { return *session_; }

 private:
  void observe_value(const ObservedValue& observed) override;  // ValueObserver
  // Adds activation i's values (`count` floats of logical shape `dims`,
  // stored NHWC when `nhwc`) to its statistics for the current pass.
  void record(size_t i, const float* data, size_t count, const Shape& dims, bool nhwc);

  bool histograms_;
  int pass_ = 0;
  int samples_ = 0;  // in the current pass
  std::vector<std::string> observed_;
  std::vector<RangeObserver> observers_;
  std::vector<std::vector<double>> channel_sums_;  // per observed activation, per channel
  std::vector<double> channel_counts_;             // values summed per channel
  std::vector<double> lanes_;                      // NHWC channel sums: 4 partial sums per channel
  size_t observed_this_run_ = 0;
  bool partly_counted_ = false;  // a run failed after observing something
  std::unique_ptr<Session> session_;
};

}  // namespace nnslim
