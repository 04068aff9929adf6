// Range(start, limit, delta): scalars of one dtype; the output is 1-D with
// max(ceil((limit - start) / delta), 0) elements: start, start + delta, ...
// The bounds must be constants (the output length depends on them); the
// output folds (the reference fills it) when small. Cost: none (no arithmetic the profiler counts).
#include <cmath>

#include "ops/op_helpers.h"

namespace nnslim {
namespace {

void infer_range(InferContext& ctx) {
  for (size_t i = 0; i < 3; ++i) {
    if (shape_numel(ctx.input_shape(i)) != 1 || ctx.input_rank(i) > 1)
      ctx.fail("input ", i, " must be a scalar, got shape ", shape_to_string(ctx.input_shape(i)));
    if (ctx.input_dtype(i) != ctx.input_dtype(0)) ctx.fail("start, limit and delta must share a dtype");
    if (!ctx.input_constant(i))
      ctx.fail(ErrorCode::UnsupportedOp, "start, limit and delta must be constants: computed ranges are not supported");
  }
  const DType dtype = ctx.input_dtype(0);
  const bool numeric = dtype == DType::Float32 || dtype == DType::Float64 || dtype == DType::Int16 ||
                       dtype == DType::Int32 || dtype == DType::Int64;
  if (!numeric) ctx.fail("dtype ", dtype_name(dtype), " is not one of Range's (float, double, int16, int32, int64)");
  int64_t n;
  if (dtype_is_float(dtype)) {
    const double start = ctx.input_constant(0)->float_at(0), limit = ctx.input_constant(1)->float_at(0),
                 delta = ctx.input_constant(2)->float_at(0);
    if (delta == 0 || !std::isfinite(start) || !std::isfinite(limit) || !std::isfinite(delta))
      ctx.fail("start, limit and delta must be finite and delta non-zero");
    const double count = std::ceil((limit - start) / delta);
    if (count > double(int64_t{1} << 40)) ctx.fail("range of ", count, " elements is too large");
    n = count > 0 ? static_cast<int64_t>(count) : 0;
  } else {
    const int64_t start = ctx.input_constant(0)->int_at(0), limit = ctx.input_constant(1)->int_at(0),
                  delta = ctx.input_constant(2)->int_at(0);
    if (delta == 0) ctx.fail("delta must not be 0");
    // ceil((limit - start) / delta) exactly, in uint64: the distance and the
    // step's magnitude can each need 64 bits (int64 differences overflow;
    // long double would bring software 128-bit arithmetic into the wasm).
    const bool forward = delta > 0;
    if (forward ? limit <= start : limit >= start) {
      n = 0;
    } else {
      const uint64_t distance = forward ? uint64_t(limit) - uint64_t(start) : uint64_t(start) - uint64_t(limit);
      const uint64_t step = forward ? uint64_t(delta) : uint64_t{0} - uint64_t(delta);
      const uint64_t count = distance / step + (distance % step != 0);
      if (count > uint64_t{1} << 40) ctx.fail("range is too large");
      n = static_cast<int64_t>(count);
    }
  }
  ctx.set_output(0, dtype, {n});
}

}  // namespace

extern const OpRules kOp_Range = {3, 3, 1, 1, infer_range, nullptr,
    /*non_trainable_inputs=*/0, /*shape_inputs=*/0b111u};

}  // namespace nnslim
