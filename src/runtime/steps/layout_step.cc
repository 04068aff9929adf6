#include "runtime/steps/layout_step.h"

#include <algorithm>
#include <cstring>

#include "core/error.h"
#include "kernels/x32-transpose/x32-transpose.h"
#include "kernels/x8-transpose/x8-transpose.h"
#include "runtime/parallel.h"

namespace nnslim {
namespace {

// A 2-D transpose per image: NCHW is [C, HW] per image and NHWC is
// [HW, C]; the copy transposes that matrix (element size generic).
class LayoutStep : public Step {
 public:
  LayoutStep(int from, int to, bool to_nhwc, int64_t n, int64_t c, int64_t hw, size_t elem, std::string reason)
      : to_nhwc_(to_nhwc), n_(n), c_(c), hw_(hw), elem_(elem), reason_(std::move(reason)) {
    inputs = {from};
    outputs = {to};
  }
  void run(CompiledPlan& plan) override {
    const uint8_t* src = plan.data<const uint8_t>(inputs[0]);
    uint8_t* dst = plan.data<uint8_t>(outputs[0]);
    const int64_t rows = to_nhwc_ ? c_ : hw_, cols = to_nhwc_ ? hw_ : c_;
    if (elem_ == 4 || elem_ == 1) {
      // 64x64 blocks (16 KiB in, 16 KiB out for floats: both fit L1) of SIMD
      // tile transposes (4x4 floats, 16x16 int8 codes), so neither the row
      // reads nor the strided writes thrash. Work split over (image, band
      // of 64 pixels): disjoint outputs, and each thread writes the pixel
      // range that the next step, split over pixels too, reads on that
      // thread (bands of channels left a 3-channel model input on one
      // thread); over bands of channels where there are more of those.
      // A copy: the bytes it moves decide whether it splits.
      constexpr int64_t kBlock = 64;
      const int64_t pixels = to_nhwc_ ? cols : rows, channels = to_nhwc_ ? rows : cols;
      const bool by_pixels = pixels >= channels;
      const int64_t split = by_pixels ? pixels : channels, other = by_pixels ? channels : pixels;
      const bool split_cols = by_pixels == to_nhwc_;  // the split dimension is the source's columns
      const size_t bands = static_cast<size_t>((split + kBlock - 1) / kBlock);
      const double bytes = 2.0 * double(n_) * double(c_ * hw_) * double(elem_);
      parallel_ranges(plan, static_cast<size_t>(n_) * bands, 1, bytes_moved_work(bytes), [&](size_t begin, size_t end) {
        for (size_t unit = begin; unit < end; ++unit) {
          const int64_t b = static_cast<int64_t>(unit / bands), s0 = static_cast<int64_t>(unit % bands) * kBlock;
          const size_t image = static_cast<size_t>(b * c_ * hw_);
          for (int64_t o0 = 0; o0 < other; o0 += kBlock) {
            const int64_t r0 = split_cols ? o0 : s0, k0 = split_cols ? s0 : o0;
            const size_t block_rows = static_cast<size_t>(std::min(kBlock, rows - r0));
            const size_t block_cols = static_cast<size_t>(std::min(kBlock, cols - k0));
            const size_t from = static_cast<size_t>(r0 * cols + k0), to = static_cast<size_t>(k0 * rows + r0);
            if (elem_ == 4)
              kernels::x32_transpose_ukernel__wasmsimd_4x4(
                  block_rows, block_cols, reinterpret_cast<const uint32_t*>(src) + image + from,
                  static_cast<size_t>(cols), reinterpret_cast<uint32_t*>(dst) + image + to, static_cast<size_t>(rows));
            else
              kernels::x8_transpose_ukernel__wasmsimd_16x16(block_rows, block_cols, src + image + from,
                                                            static_cast<size_t>(cols), dst + image + to,
                                                            static_cast<size_t>(rows));
          }
        }
      });
      return;
    }
    for (int64_t b = 0; b < n_; ++b) {
      const uint8_t* s = src + static_cast<size_t>(b * c_ * hw_) * elem_;
      uint8_t* d = dst + static_cast<size_t>(b * c_ * hw_) * elem_;
      for (int64_t r = 0; r < rows; ++r)
        for (int64_t k = 0; k < cols; ++k)
          std::memcpy(d + static_cast<size_t>(k * rows + r) * elem_, s + static_cast<size_t>(r * cols + k) * elem_, elem_);
    }
  }
  std::string describe() const override {
    return std::string(to_nhwc_ ? "layout NCHW->NHWC" : "layout NHWC->NCHW") + (reason_.empty() ? "" : " " + reason_);
  }

 private:
  bool to_nhwc_;
  int64_t n_, c_, hw_;
  size_t elem_;
  std::string reason_;
};

}  // namespace

std::unique_ptr<Step> make_layout_step(const Graph& graph, int from, int to, bool to_nhwc, const std::string& reason) {
  const Value& nchw = graph.value(to_nhwc ? from : to);
  NNSLIM_CHECK(nchw.shape.size() == 4, ErrorCode::Internal, "internal: layout copy of a rank-", nchw.shape.size(),
               " value");
  const Shape& s = nchw.shape;
  auto step = std::make_unique<LayoutStep>(from, to, to_nhwc, s[0], s[1], s[2] * s[3], dtype_size(nchw.dtype), reason);
  step->layer = nchw.name;
  step->op_type = "layout";
  return step;
}

}  // namespace nnslim
