// See calibrator.h.
#include "api/calibrator.h"

#include <cmath>
#include <limits>

#include "core/error.h"

namespace nnslim {

Calibrator::Calibrator(const Graph& prepared, bool histograms) : histograms_(histograms) {
  observed_ = activations_to_quantize(prepared, QuantizeOptions{});
  observers_.resize(observed_.size());
  channel_sums_.resize(observed_.size());
  channel_counts_.assign(observed_.size(), 0.0);
  Graph observing = prepared;
  for (const std::string& name : observed_) {
    const int id = observing.find_value(name);
    bool already_output = observing.value(id).producer < 0;  // a graph input: read from the sample
    for (int out : observing.outputs) already_output = already_output || out == id;
    if (!already_output) observing.outputs.push_back(id);
  }
  session_ = std::make_unique<Session>(observing);
}

Calibrator::~Calibrator() = default;

namespace {
// x, or 0 for a NaN or an infinity (which a mean must not see).
inline double finite_or_zero(float x) { return std::fabs(x) <= std::numeric_limits<float>::max() ? x : 0.0; }

// Adds t's per-channel (axis 1) sums to `sums` and the per-channel count to `count`.
void add_channel_sums(const Tensor& t, std::vector<double>& sums, double& count) {
  if (t.dims.size() < 2 || t.numel() == 0) return;
  const int64_t channels = t.dims[1];
  int64_t inner = 1;
  for (size_t d = 2; d < t.dims.size(); ++d) inner *= t.dims[d];
  if (sums.size() != static_cast<size_t>(channels)) {
    if (!sums.empty()) return;  // shapes changed between samples: no means
    sums.assign(static_cast<size_t>(channels), 0.0);
  }
  const float* x = t.data<float>();
  const int64_t outer = t.numel() / (channels * inner);
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t c = 0; c < channels; ++c) {
      // Four partial sums: one chain of dependent double adds per value was
      // the calibration pass's second cost after the range observers.
      const float* row = x + (o * channels + c) * inner;
      double partial[4] = {0, 0, 0, 0};
      int64_t i = 0;
      for (; i + 4 <= inner; i += 4)
        for (int lane = 0; lane < 4; ++lane) partial[lane] += finite_or_zero(row[i + lane]);
      for (; i < inner; ++i) partial[0] += finite_or_zero(row[i]);
      sums[static_cast<size_t>(c)] += (partial[0] + partial[1]) + (partial[2] + partial[3]);
    }
  count += static_cast<double>(t.numel() / channels);
}
}  // namespace

void Calibrator::begin_pass(int pass) {
  NNSLIM_CHECK(pass >= 0 && pass < passes(), ErrorCode::Internal, "calibration: no pass ", pass);
  if (pass == 1) {
    NNSLIM_CHECK(samples_ > 0, ErrorCode::InvalidArgument, "quantize: calibration.samples is empty");
    for (RangeObserver& o : observers_) o.begin_histograms();
  }
  pass_ = pass;
  samples_ = 0;
}

void Calibrator::observe(const std::vector<NamedTensor>& sample) {
  const std::vector<NamedTensor> outputs = session_->run(sample);
  std::map<std::string, const Tensor*> by_name;
  for (const NamedTensor& in : sample) by_name[in.name] = in.tensor.get();
  for (const NamedTensor& out : outputs) by_name[out.name] = out.tensor.get();
  for (size_t i = 0; i < observed_.size(); ++i) {
    auto found = by_name.find(observed_[i]);
    NNSLIM_CHECK(found != by_name.end() && found->second->dtype == DType::Float32, ErrorCode::Internal,
                 "calibration: activation '", observed_[i], "' was not computed");
    const Tensor* t = found->second;
    const size_t count = static_cast<size_t>(t->numel());
    if (pass_ == 0) {
      observers_[i].observe_minmax(t->data<float>(), count);
      add_channel_sums(*t, channel_sums_[i], channel_counts_[i]);
    } else
      observers_[i].observe_histograms(t->data<float>(), count);
  }
  ++samples_;
}

std::map<std::string, ValueRange> Calibrator::ranges(CalibrationMethod method, double percentile,
                                                    bool symmetric) const {
  NNSLIM_CHECK(samples_ > 0, ErrorCode::InvalidArgument, "quantize: calibration.samples is empty");
  if (method_needs_histogram(method))
    NNSLIM_CHECK(has_histograms(), ErrorCode::Internal, "calibration: method needs the histogram pass");
  std::map<std::string, ValueRange> result;
  for (size_t i = 0; i < observed_.size(); ++i)
    result[observed_[i]] = observers_[i].range(method, percentile, symmetric);
  return result;
}

}  // namespace nnslim

namespace nnslim {

std::map<std::string, std::vector<float>> Calibrator::channel_means() const {
  std::map<std::string, std::vector<float>> means;
  for (size_t i = 0; i < observed_.size(); ++i) {
    if (channel_sums_[i].empty() || channel_counts_[i] <= 0) continue;
    std::vector<float>& m = means[observed_[i]];
    for (double sum : channel_sums_[i]) m.push_back(static_cast<float>(sum / channel_counts_[i]));
  }
  return means;
}

}  // namespace nnslim
