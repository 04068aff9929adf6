// Tensor: a dtype, static dims and (optionally) owned bytes.
//
// Used for initializers (weights), Constant-node payloads and folded
// constants. A weight tensor may be *unmaterialized*: dims known, no bytes.
// That is how a builder model of VGG16 is profiled without allocating 528 MB;
// `materialize()` fills it from its init rule when the model must run.
#pragma once
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "core/dtype.h"

namespace nnslim {

// How an unmaterialized weight gets its values (builder models).
enum class WeightInit : uint8_t {
  None,        // must already hold data
  Zeros,
  Ones,
  HeNormal,    // N(0, 2/fan_in), truncated at 2 sigma, from a seeded PRNG
};

struct Tensor {
  DType dtype = DType::Undefined;
  std::vector<int64_t> dims;
  std::vector<uint8_t> bytes;  // row-major; empty until materialized
  WeightInit init = WeightInit::None;
  int64_t fan_in = 1;          // for HeNormal
  uint64_t seed = 0;           // for HeNormal

  int64_t numel() const {
    int64_t n = 1;
    for (int64_t d : dims) n *= d;
    return n;
  }
  size_t byte_size() const { return static_cast<size_t>(numel()) * dtype_size(dtype); }
  bool materialized() const { return !bytes.empty() || numel() == 0; }

  template <typename T>
  const T* data() const { return reinterpret_cast<const T*>(bytes.data()); }
  template <typename T>
  T* data() { return reinterpret_cast<T*>(bytes.data()); }

  // Reads element i of an integer or float tensor as int64 / double.
  int64_t int_at(int64_t i) const;
  double float_at(int64_t i) const;
  std::vector<int64_t> to_int64_vector() const;

  // Fills bytes from `init` (no-op if already materialized).
  void materialize();

  static std::shared_ptr<Tensor> from_int64(const std::vector<int64_t>& values,
                                            std::vector<int64_t> dims);
  static std::shared_ptr<Tensor> from_float(const std::vector<float>& values,
                                            std::vector<int64_t> dims);
};

using TensorPtr = std::shared_ptr<Tensor>;

// Bytes one allocation may take: a 32-bit WebAssembly memory holds 4 GiB in
// all, so anything near that cannot be allocated (and would overflow size_t).
// Native builds refuse the same sizes, so a model fails alike everywhere and
// no request reaches malloc that a sanitizer's allocator could not serve
// (AddressSanitizer's maximum is 1 TiB: a fuzzed model asked for 2.5 TB).
constexpr int64_t kMaxAllocationBytes = (int64_t{1} << 32) - (int64_t{1} << 28);

// Throws Error("out of memory: <what> needs N bytes ...") if `bytes` is
// negative or above kMaxAllocationBytes; returns it as size_t otherwise.
size_t checked_allocation_bytes(int64_t bytes, const std::string& what);

}  // namespace nnslim
