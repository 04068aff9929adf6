// A step's indirection buffer (pointers to each output pixel's input taps,
// kernels/indirection/conv2d-indirection.h), built on the step's first run
// against that run's input. Later runs reuse it: an input at another address
// (the next image of the batch, a graph input the caller placed elsewhere) is
// reached by adding the byte distance to every pointer, which is the
// kernels' input_offset argument, so the buffer is never rebuilt.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/format.h"
#include "core/tensor.h"
#include "kernels/indirection/conv2d-indirection.h"

namespace nnslim {

// The pointer count of an indirection buffer (output pixels rounded up to
// `mr`, times the window's taps), computed in 64 bits and checked as an
// allocation: in wasm32 the size_t product of the kernels' *_size()
// helpers can pass 2^32 and wrap (a short buffer) or std::vector's
// max_size (a length_error), for a pool or conv with a huge output and a
// wide window. Throws OUT_OF_MEMORY instead.
inline size_t checked_indirection_pointers(const kernels::Conv2DGeometry& g, size_t mr) {
  const uint64_t pixels = static_cast<uint64_t>(g.output_height) * g.output_width;
  const uint64_t rows = (pixels + mr - 1) / mr * mr;
  const uint64_t taps = static_cast<uint64_t>(g.kernel_height) * g.kernel_width;
  const uint64_t limit = static_cast<uint64_t>(kMaxAllocationBytes) / sizeof(void*);
  const std::string what = str("an indirection buffer for ", pixels, " output pixels x ", taps, " window taps");
  NNSLIM_CHECK(taps == 0 || rows <= limit / taps, ErrorCode::OutOfMemory, "out of memory: ", what,
               " needs more than one allocation may take here (", kMaxAllocationBytes, " bytes)");
  checked_allocation_bytes(static_cast<int64_t>(rows * taps * sizeof(void*)), what);
  return static_cast<size_t>(rows * taps);
}

template <typename T>
class IndirectionCache {
 public:
  explicit IndirectionCache(size_t pointers) : pointers_(pointers) {}

  // The depthwise conv / pooling layout (dwconv_indirection_init); returns
  // the byte offset of `input` from the image the buffer points into.
  size_t dwconv_offset(const kernels::Conv2DGeometry& g, const T* input, size_t channels, const T* padding) {
    if (!built_for_) build(input, [&] { kernels::dwconv_indirection_init(g, input, channels, padding, data()); });
    return offset_of(input);
  }
  // The IGEMM layout of an MR-row tile (igemm_indirection_init).
  size_t igemm_offset(const kernels::Conv2DGeometry& g, size_t mr, const T* input, size_t channels,
                      const T* padding) {
    if (!built_for_) build(input, [&] { kernels::igemm_indirection_init(g, mr, input, channels, padding, data()); });
    return offset_of(input);
  }
  const T** data() { return pointers_.data(); }

 private:
  template <typename Init>
  void build(const T* input, Init&& init) {
    init();
    built_for_ = input;
  }
  size_t offset_of(const T* input) const {
    return reinterpret_cast<uintptr_t>(input) - reinterpret_cast<uintptr_t>(built_for_);
  }

  std::vector<const T*> pointers_;
  const T* built_for_ = nullptr;
};

}  // namespace nnslim
