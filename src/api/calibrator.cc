// See calibrator.h.
#include "api/calibrator.h"

#include "core/error.h"
#include "kernels/f32-calib/f32-calib.h"

namespace nnslim {

Calibrator::Calibrator(const Graph& prepared, bool histograms) : histograms_(histograms) {
  observed_ = activations_to_quantize(prepared, QuantizeOptions{});
  observers_.resize(observed_.size());
  channel_sums_.resize(observed_.size());
  channel_counts_.assign(observed_.size(), 0.0);
  session_ = std::make_unique<Session>(prepared, observed_);
}

Calibrator::~Calibrator() = default;

namespace {
// Sizes `sums` to `channels` on the first sample; false when a later sample
// has another channel count (then the activation gets no means).
bool size_channel_sums(std::vector<double>& sums, int64_t channels) {
  if (sums.size() == static_cast<size_t>(channels)) return true;
  if (!sums.empty()) return false;
  sums.assign(static_cast<size_t>(channels), 0.0);
  return true;
}

// Adds the per-channel (axis 1) sums of x (logical shape `dims`; stored
// NCHW, or NHWC when `nhwc`) to `sums` and the per-channel count to `count`.
// Both layouts add the same values in the same order (kernels/f32-calib:
// four partial sums per channel row), so the means are the same bits
// whichever layout the plan kept. `lanes`: the NHWC walk's scratch.
void add_channel_sums(const float* x, const Shape& dims, bool nhwc, std::vector<double>& sums, double& count,
                      std::vector<double>& lanes) {
  const int64_t numel = shape_numel(dims);
  if (dims.size() < 2 || numel == 0) return;
  const int64_t channels = dims[1];
  int64_t inner = 1;
  for (size_t d = 2; d < dims.size(); ++d) inner *= dims[d];
  if (!size_channel_sums(sums, channels)) return;  // shapes changed between samples: no means
  const size_t outer = static_cast<size_t>(numel / (channels * inner));
  if (nhwc) {
    if (lanes.size() < 4 * static_cast<size_t>(channels)) lanes.resize(4 * static_cast<size_t>(channels));
    kernels::f32_calib_channel_sums_nhwc(outer, static_cast<size_t>(channels), static_cast<size_t>(inner), x,
                                         sums.data(), lanes.data());
  } else {
    kernels::f32_calib_channel_sums_nchw(outer, static_cast<size_t>(channels), static_cast<size_t>(inner), x,
                                         sums.data());
  }
  count += static_cast<double>(numel / channels);
}
}  // namespace

namespace {
constexpr const char* kPartlyCounted =
    "calibration: a sample failed part-way through its run and is partly counted: calibrate again from the start";
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

// Min, max and histograms do not depend on the order of the values (a
// histogram's counts are whole numbers in doubles, exact in any order), so
// the layout matters only to the channel sums.
void Calibrator::record(size_t i, const float* data, size_t count, const Shape& dims, bool nhwc) {
  if (pass_ == 0) {
    observers_[i].observe_minmax(data, count);
    add_channel_sums(data, dims, nhwc, channel_sums_[i], channel_counts_[i], lanes_);
  } else {
    observers_[i].observe_histograms(data, count);
  }
}

void Calibrator::observe_value(const ObservedValue& observed) {
  const Value& v = *observed.value;
  NNSLIM_CHECK(v.dtype == DType::Float32, ErrorCode::Internal,
               "calibration: activation '", v.name, "' is not float32");
  record(observed.index, static_cast<const float*>(observed.data), static_cast<size_t>(shape_numel(v.shape)), v.shape,
         observed.nhwc);
  ++observed_this_run_;
}

void Calibrator::observe(const std::vector<NamedTensor>& sample) {
  NNSLIM_CHECK(!partly_counted_, ErrorCode::InvalidArgument, kPartlyCounted);
  observed_this_run_ = 0;
  try {
    session_->run_observed(sample, *this);
  } catch (...) {
    // A step failed after some activations of this sample were counted:
    // sums and histograms cannot give them back, so this calibrator's
    // statistics are no longer those of whole samples.
    if (observed_this_run_ > 0) partly_counted_ = true;
    throw;
  }
  NNSLIM_CHECK(observed_this_run_ == observed_.size(), ErrorCode::Internal,
               "calibration: an activation was not observed");
  ++samples_;
}

std::map<std::string, ValueRange> Calibrator::ranges(CalibrationMethod method, double percentile,
                                                    bool symmetric) const {
  NNSLIM_CHECK(!partly_counted_, ErrorCode::InvalidArgument, kPartlyCounted);
  NNSLIM_CHECK(samples_ > 0, ErrorCode::InvalidArgument, "quantize: calibration.samples is empty");
  if (method_needs_histogram(method))
    NNSLIM_CHECK(has_histograms(), ErrorCode::Internal, "calibration: method needs the histogram pass");
  std::map<std::string, ValueRange> result;
  for (size_t i = 0; i < observed_.size(); ++i)
    result[observed_[i]] = observers_[i].range(method, percentile, symmetric);
  return result;
}

std::map<std::string, std::vector<float>> Calibrator::channel_means() const {
  NNSLIM_CHECK(!partly_counted_, ErrorCode::InvalidArgument, kPartlyCounted);
  std::map<std::string, std::vector<float>> means;
  for (size_t i = 0; i < observed_.size(); ++i) {
    if (channel_sums_[i].empty() || channel_counts_[i] <= 0) continue;
    std::vector<float>& m = means[observed_[i]];
    for (double sum : channel_sums_[i]) m.push_back(static_cast<float>(sum / channel_counts_[i]));
  }
  return means;
}

}  // namespace nnslim
