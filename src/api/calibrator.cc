// See calibrator.h.
#include "api/calibrator.h"

#include "core/error.h"

namespace nnslim {

Calibrator::Calibrator(const Graph& prepared, bool histograms) : histograms_(histograms) {
  observed_ = activations_to_quantize(prepared, QuantizeOptions{});
  observers_.resize(observed_.size());
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
    if (pass_ == 0)
      observers_[i].observe_minmax(t->data<float>(), count);
    else
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
