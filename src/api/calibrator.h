// Calibration for the quantize pass: runs the float model on samples and
// records, for every activation the pass may quantize, the statistics its
// range methods need (passes/calibration_ranges.h).
//
// The observed activations become extra outputs of a copy of the prepared
// graph, so the runtime materializes them (a fused Conv+Relu keeps its
// intermediate out of the plan otherwise) and run() hands them back.
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

class Calibrator {
 public:
  // `prepared`: from prepare_for_quantization (no skip/only: every
  // activation is observed, so any later scope has its ranges).
  // histograms: also run the second pass that percentile/mse/entropy need.
  Calibrator(const Graph& prepared, bool histograms);
  ~Calibrator();

  int passes() const { return histograms_ ? 2 : 1; }
  void begin_pass(int pass);
  // One sample: a value per graph input. Errors name the input (Session's
  // checks: name, dtype, shape).
  void observe(const std::vector<NamedTensor>& sample);
  int samples_seen() const { return samples_; }
  bool has_histograms() const { return histograms_ && pass_ == 1 && samples_ > 0; }

  // The range of every observed activation by `method`.
  std::map<std::string, ValueRange> ranges(CalibrationMethod method, double percentile, bool symmetric) const;
  // Per-channel (axis 1) means of every observed activation of rank >= 2
  // (from the first pass), for bias correction.
  std::map<std::string, std::vector<float>> channel_means() const;

 private:
  bool histograms_;
  int pass_ = 0;
  int samples_ = 0;  // in the current pass
  std::vector<std::string> observed_;
  std::vector<RangeObserver> observers_;
  std::vector<std::vector<double>> channel_sums_;  // per observed activation, per channel
  std::vector<double> channel_counts_;             // values summed per channel
  std::unique_ptr<Session> session_;
};

}  // namespace nnslim
