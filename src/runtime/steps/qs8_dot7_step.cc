#include "runtime/steps/qs8_dot7_step.h"

#include <vector>

#include "kernels/qs8-dot7/qs8-dot7.h"
#include "runtime/parallel.h"
#include "runtime/steps/qdq_match.h"

namespace nnslim {

namespace {

class Qs8Dot7Step : public Step {
 public:
  Qs8Dot7Step(size_t m, size_t n, size_t k, std::vector<char> packed, kernels::QS8RequantParams params,
              std::string what)
      : m_(m), n_(n), k_(k), packed_(std::move(packed)), params_(params), what_(std::move(what)),
        config_(kernels::qs8_dot7_default_config()) {}
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

bool qs8_dot7_applies(const Graph& graph, int q_value) {
  return kernels::qs8_dot7_native() && int8_lower_bound(graph, q_value) >= 0;
}

std::unique_ptr<Step> make_qs8_dot7_step(size_t m, const Qs8Dot7Weights& w, kernels::QS8RequantParams params,
                                         std::string what, const char* how) {
  const size_t nr = kernels::qs8_dot7_default_config().nr;
  std::vector<char> packed(kernels::qs8_packw_c4_size(nr, w.n, w.k));
  kernels::qs8_packw_c4(nr, w.n, w.k, w.data, w.n_stride, w.c_stride, w.bias, w.scales, w.a_zero_point,
                        packed.data());
  return std::make_unique<Qs8Dot7Step>(m, w.n, w.k, std::move(packed), params,
                                       std::move(what) + " -> " + how + " ");
}

}  // namespace nnslim
