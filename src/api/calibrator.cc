// See calibrator.h.
#include "api/calibrator.h"

#include <cmath>
#include <limits>

#include "core/error.h"

namespace nnslim {

Calibrator::Calibrator(const Graph& prepared, bool histograms, CalibrationPath path)
    : path_(path), histograms_(histograms) {
  observed_ = activations_to_quantize(prepared, QuantizeOptions{});
  observers_.resize(observed_.size());
  channel_sums_.resize(observed_.size());
  channel_counts_.assign(observed_.size(), 0.0);
  if (path_ == CalibrationPath::InPlace) {
    session_ = std::make_unique<Session>(prepared, observed_);
    return;
  }
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

// Sizes `sums` to `channels` on the first sample; false when a later sample
// has another channel count (then the activation gets no means).
bool size_channel_sums(std::vector<double>& sums, int64_t channels) {
  if (sums.size() == static_cast<size_t>(channels)) return true;
  if (!sums.empty()) return false;
  sums.assign(static_cast<size_t>(channels), 0.0);
  return true;
}

// Adds the per-channel (axis 1) sums of x (NCHW, logical shape `dims`) to
// `sums` and the per-channel count to `count`.
void add_channel_sums(const float* x, const Shape& dims, std::vector<double>& sums, double& count) {
  const int64_t numel = shape_numel(dims);
  if (dims.size() < 2 || numel == 0) return;
  const int64_t channels = dims[1];
  int64_t inner = 1;
  for (size_t d = 2; d < dims.size(); ++d) inner *= dims[d];
  if (!size_channel_sums(sums, channels)) return;  // shapes changed between samples: no means
  const int64_t outer = numel / (channels * inner);
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
  count += static_cast<double>(numel / channels);
}

// The same sums, bit for bit, of x stored NHWC ([N, H, W, C] for the logical
// [N, C, H, W] `dims`). Each channel's four partial sums take the same values
// in the same order as add_channel_sums' (pixel i of a channel's H*W row goes
// to partial i % 4 while four remain, the tail to partial 0), so every double
// addition is the one the NCHW walk does; here they run pixel by pixel, over
// all channels at once (`lanes`: 4 x C partial sums, the caller's scratch).
void add_channel_sums_nhwc(const float* x, const Shape& dims, std::vector<double>& sums, double& count,
                           std::vector<double>& lanes) {
  const int64_t numel = shape_numel(dims);
  if (dims.size() != 4 || numel == 0) return;
  const int64_t channels = dims[1];
  const int64_t inner = dims[2] * dims[3];
  if (!size_channel_sums(sums, channels)) return;
  const size_t c_count = static_cast<size_t>(channels);
  if (lanes.size() < 4 * c_count) lanes.resize(4 * c_count);
  double* partial[4] = {lanes.data(), lanes.data() + c_count, lanes.data() + 2 * c_count, lanes.data() + 3 * c_count};
  for (int64_t o = 0; o < dims[0]; ++o) {
    for (double* p : partial) std::fill(p, p + c_count, 0.0);
    const float* image = x + o * inner * channels;
    int64_t i = 0;
    for (; i + 4 <= inner; i += 4)
      for (int lane = 0; lane < 4; ++lane) {
        const float* pixel = image + (i + lane) * channels;
        double* acc = partial[lane];
        for (size_t c = 0; c < c_count; ++c) acc[c] += finite_or_zero(pixel[c]);
      }
    for (; i < inner; ++i) {
      const float* pixel = image + i * channels;
      for (size_t c = 0; c < c_count; ++c) partial[0][c] += finite_or_zero(pixel[c]);
    }
    for (size_t c = 0; c < c_count; ++c)
      sums[c] += (partial[0][c] + partial[1][c]) + (partial[2][c] + partial[3][c]);
  }
  count += static_cast<double>(numel / channels);
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

// Min, max and histograms do not depend on the order of the values (a
// histogram's counts are whole numbers in doubles, exact in any order), so
// the layout matters only to the channel sums.
void Calibrator::record(size_t i, const float* data, size_t count, const Shape& dims, bool nhwc) {
  if (pass_ == 0) {
    observers_[i].observe_minmax(data, count);
    if (nhwc)
      add_channel_sums_nhwc(data, dims, channel_sums_[i], channel_counts_[i], lanes_);
    else
      add_channel_sums(data, dims, channel_sums_[i], channel_counts_[i]);
  } else {
    observers_[i].observe_histograms(data, count);
  }
}

void Calibrator::observe_value(const ObservedValue& observed) {
  const Value& v = *observed.value;
  NNSLIM_CHECK(v.dtype == DType::Float32 && observed.index < observed_.size(), ErrorCode::Internal,
               "calibration: activation '", v.name, "' is not float32");
  record(observed.index, static_cast<const float*>(observed.data), static_cast<size_t>(shape_numel(v.shape)), v.shape,
         observed.nhwc);
  ++observed_this_run_;
}

void Calibrator::observe(const std::vector<NamedTensor>& sample) {
  if (path_ == CalibrationPath::InPlace) {
    observed_this_run_ = 0;
    session_->run_observed(sample, *this);
    NNSLIM_CHECK(observed_this_run_ == observed_.size(), ErrorCode::Internal, "calibration: ", observed_this_run_,
                 " of ", observed_.size(), " activations were observed");
    ++samples_;
    return;
  }
  const std::vector<NamedTensor> outputs = session_->run(sample);
  std::map<std::string, const Tensor*> by_name;
  for (const NamedTensor& in : sample) by_name[in.name] = in.tensor.get();
  for (const NamedTensor& out : outputs) by_name[out.name] = out.tensor.get();
  for (size_t i = 0; i < observed_.size(); ++i) {
    auto found = by_name.find(observed_[i]);
    NNSLIM_CHECK(found != by_name.end() && found->second->dtype == DType::Float32, ErrorCode::Internal,
                 "calibration: activation '", observed_[i], "' was not computed");
    const Tensor* t = found->second;
    record(i, t->data<float>(), static_cast<size_t>(t->numel()), t->dims, false);
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
