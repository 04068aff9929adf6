#include "runtime/steps/qs8_dot7_step.h"

#include <vector>

#include "kernels/qs8-dot7/qs8-dot7.h"
#include "kernels/qs8-dot7w/qs8-dot7w.h"
#include "runtime/parallel.h"
#include "runtime/steps/qdq_match.h"

namespace nnslim {

namespace {

class Qs8Dot7Step : public Step {
 public:
  Qs8Dot7Step(size_t m, size_t n, size_t k, std::vector<char> packed, kernels::QS8RequantParams params,
              std::string what, kernels::QS8Dot7Config config)
      : m_(m), n_(n), k_(k), packed_(std::move(packed)), params_(params), what_(std::move(what)), config_(config) {}
  void run(CompiledPlan& plan) override {
    const int8_t* a = plan.data<const int8_t>(inputs[0]);
    int8_t* c = plan.data<int8_t>(outputs[0]);
    // Rows are independent integer sums: any split of whole MR strips gives
    // the same bytes.
    parallel_ranges(plan, m_, config_.mr, double(m_) * n_ * k_, [&](size_t begin, size_t end) {
      kernels::qs8_gemm_dot7(config_, end - begin, n_, k_, a + begin * k_, k_, packed_.data(), c + begin * n_, n_,
                             params_);
    });
  }
  std::string describe() const override { return what_ + config_.name; }

 private:
  size_t m_, n_, k_;
  std::vector<char> packed_;
  kernels::QS8RequantParams params_;
  std::string what_;
  kernels::QS8Dot7Config config_;
};

}  // namespace

Dot7Form qs8_dot7_form(const Graph& graph, int q_value, const Qs8Dot7Weights& w) {
  return kernels::qs8_dot7_native() ? qs8_dot7_form_if_native(graph, q_value, w) : Dot7Form::None;
}

Dot7Form qs8_dot7_form_if_native(const Graph& graph, int q_value, const Qs8Dot7Weights& w) {
  if (int8_lower_bound(graph, q_value) >= 0) return Dot7Form::Activations7;
  // dot7w's row offset 64 * sum_k A is an int32: |64 * 128 * K| < 2^31 for K < 2^18.
  if (w.k >= (size_t{1} << 18)) return Dot7Form::None;
  for (size_t n = 0; n < w.n; n++)
    for (size_t c = 0; c < w.k; c++) {
      const int8_t v = w.data[n * w.n_stride + c * w.c_stride];
      if (!kernels::qs8_weights_fit_7bit(&v, 1)) return Dot7Form::None;
    }
  return Dot7Form::Weights7;
}

const char* qs8_dot7_reason(Dot7Form form) {
  return form == Dot7Form::Activations7 ? "input codes in 0..127, the relaxed dot's 7-bit operand (dot7)"
                                        : "every weight in -64..63, the relaxed dot's 7-bit operand (dot7w)";
}

std::unique_ptr<Step> make_qs8_dot7_step(Dot7Form form, size_t m, const Qs8Dot7Weights& w,
                                         kernels::QS8RequantParams params, std::string what, const char* how) {
  const bool weights7 = form == Dot7Form::Weights7;
  const kernels::QS8Dot7Config config =
      weights7 ? kernels::qs8_dot7w_default_config() : kernels::qs8_dot7_default_config();
  std::vector<char> packed(kernels::qs8_packw_c4_size(config.nr, w.n, w.k));
  (weights7 ? kernels::qs8_packw_c4_w7 : kernels::qs8_packw_c4)(config.nr, w.n, w.k, w.data, w.n_stride, w.c_stride,
                                                               w.bias, w.scales, w.a_zero_point, packed.data());
  return std::make_unique<Qs8Dot7Step>(m, w.n, w.k, std::move(packed), params,
                                       std::move(what) + " -> " + how + " ", config);
}

}  // namespace nnslim
