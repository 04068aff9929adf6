#include "core/tensor.h"

#include <cmath>

#include "core/error.h"

namespace nnslim {

int64_t Tensor::int_at(int64_t i) const {
  switch (dtype) {
    case DType::Int64: return data<int64_t>()[i];
    case DType::Int32: return data<int32_t>()[i];
    case DType::Int16: return data<int16_t>()[i];
    case DType::Int8: return data<int8_t>()[i];
    case DType::Uint8: return data<uint8_t>()[i];
    case DType::Uint16: return data<uint16_t>()[i];
    case DType::Uint32: return data<uint32_t>()[i];
    case DType::Uint64: return static_cast<int64_t>(data<uint64_t>()[i]);
    case DType::Bool: return data<uint8_t>()[i] != 0;
    case DType::Float32: return static_cast<int64_t>(data<float>()[i]);
    case DType::Float64: return static_cast<int64_t>(data<double>()[i]);
    default: fail("cannot read a ", dtype_name(dtype), " tensor as integers");
  }
}

double Tensor::float_at(int64_t i) const {
  switch (dtype) {
    case DType::Float32: return data<float>()[i];
    case DType::Float64: return data<double>()[i];
    default: return static_cast<double>(int_at(i));
  }
}

std::vector<int64_t> Tensor::to_int64_vector() const {
  NNSLIM_CHECK(materialized(), "constant tensor has no data");
  std::vector<int64_t> out(static_cast<size_t>(numel()));
  for (int64_t i = 0; i < numel(); ++i) out[static_cast<size_t>(i)] = int_at(i);
  return out;
}

namespace {
// splitmix64: a small, well-distributed seeded generator; reproducible across
// native and wasm builds (no dependence on <random>'s implementation).
uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}
double uniform01(uint64_t& state) {  // in (0, 1)
  return (static_cast<double>(splitmix64(state) >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}
}  // namespace

size_t checked_allocation_bytes(int64_t bytes, const std::string& what) {
  NNSLIM_CHECK(bytes >= 0 && bytes <= kMaxAllocationBytes, ErrorCode::OutOfMemory, "out of memory: ", what, " needs ",
               bytes, " bytes, more than one allocation may take here (", kMaxAllocationBytes, " bytes)");
  return static_cast<size_t>(bytes);
}

void Tensor::materialize() {
  if (materialized()) return;
  // numel() < 2^40 (shape checks), so the int64 product cannot overflow.
  checked_allocation_bytes(numel() * static_cast<int64_t>(dtype_size(dtype)), "a weight tensor");
  NNSLIM_CHECK(dtype == DType::Float32, "only float32 weights can be initialized");
  NNSLIM_CHECK(init != WeightInit::None, "weight tensor has no data and no init rule");
  bytes.resize(byte_size());
  float* out = data<float>();
  const int64_t n = numel();
  switch (init) {
    case WeightInit::Zeros:
    case WeightInit::None:
      for (int64_t i = 0; i < n; ++i) out[i] = 0.f;
      break;
    case WeightInit::Ones:
      for (int64_t i = 0; i < n; ++i) out[i] = 1.f;
      break;
    case WeightInit::HeNormal: {
      // He et al. 2015: std = sqrt(2 / fan_in); Box-Muller, resampled beyond 2 sigma
      // (Keras' he_normal is a truncated normal).
      const double stddev = std::sqrt(2.0 / static_cast<double>(fan_in > 0 ? fan_in : 1));
      uint64_t state = seed;
      for (int64_t i = 0; i < n; ++i) {
        double z;
        do {
          z = std::sqrt(-2.0 * std::log(uniform01(state))) * std::cos(6.283185307179586 * uniform01(state));
        } while (std::fabs(z) > 2.0);
        out[i] = static_cast<float>(z * stddev);
      }
      break;
    }
  }
}

std::shared_ptr<Tensor> Tensor::from_int64(const std::vector<int64_t>& values, std::vector<int64_t> dims) {
  auto t = std::make_shared<Tensor>();
  t->dtype = DType::Int64;
  t->dims = std::move(dims);
  t->bytes.resize(values.size() * sizeof(int64_t));
  if (!values.empty()) std::memcpy(t->bytes.data(), values.data(), t->bytes.size());
  return t;
}

std::shared_ptr<Tensor> Tensor::from_float(const std::vector<float>& values, std::vector<int64_t> dims) {
  auto t = std::make_shared<Tensor>();
  t->dtype = DType::Float32;
  t->dims = std::move(dims);
  t->bytes.resize(values.size() * sizeof(float));
  if (!values.empty()) std::memcpy(t->bytes.data(), values.data(), t->bytes.size());
  return t;
}

}  // namespace nnslim
