// Embind bindings for benchmarks only (not part of the public API): a memory
// read-bandwidth probe. bench/peers uses it for issue 3's bound "MLP batch 1
// within 1.1 x of its weight-read bandwidth bound": a batch-1 MLP does ~1 MAC
// per weight, so its time is bounded below by (weight bytes) / (read
// bandwidth for a buffer of that size), measured here in the same wasm module,
// with the same SIMD128 loads a kernel would use.
//
// What it measures: the buffer is filled once, then one untimed pass, then
// `repeats` timed passes that each read every byte. The timed passes are warm:
// the buffer sits in whatever cache level it fits in (L2/L3 for the MLP's
// 7.5 MB of weights), which is exactly where the MLP's weights are during
// repeated inference. The first pass is dropped because it may still pay for
// page faults or a cold cache, which repeated inference does not.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>
#include <emscripten/val.h>

#include <algorithm>
#include <cstddef>
#include <new>
#include <string>
#include <vector>

#include "core/simd.h"

using emscripten::val;

namespace {

constexpr double kMaxBytes = 1024.0 * 1024.0 * 1024.0;  // 1 GiB
constexpr double kMaxRepeats = 1e6;
// One step reads 4 independent f32x4 vectors (64 bytes): four accumulators so
// the adds do not form one serial dependency chain that would cap the rate.
constexpr std::size_t kFloatsPerStep = 16;

val errorResult(const std::string& message) {
  val result = val::object();
  result.set("error", message);
  return result;
}

// Sums `count` floats (a multiple of kFloatsPerStep) with SIMD128 loads.
// noinline, and called through a volatile pointer, so the compiler can neither
// merge the passes nor hoist the loop out of the timing.
__attribute__((noinline)) float sumAll(const float* data, std::size_t count) {
  v128_t acc0 = wasm_f32x4_splat(0.0f);
  v128_t acc1 = acc0;
  v128_t acc2 = acc0;
  v128_t acc3 = acc0;
  for (std::size_t i = 0; i < count; i += kFloatsPerStep) {
    acc0 = wasm_f32x4_add(acc0, wasm_v128_load(data + i));
    acc1 = wasm_f32x4_add(acc1, wasm_v128_load(data + i + 4));
    acc2 = wasm_f32x4_add(acc2, wasm_v128_load(data + i + 8));
    acc3 = wasm_f32x4_add(acc3, wasm_v128_load(data + i + 12));
  }
  const v128_t total = wasm_f32x4_add(wasm_f32x4_add(acc0, acc1), wasm_f32x4_add(acc2, acc3));
  return wasm_f32x4_extract_lane(total, 0) + wasm_f32x4_extract_lane(total, 1) +
         wasm_f32x4_extract_lane(total, 2) + wasm_f32x4_extract_lane(total, 3);
}

// readBandwidth(bytes, repeats) -> {gbPerSecond (median pass), bestGbPerSecond,
// bytes (rounded up to a multiple of 64), repeats, checksum} or {error}.
// GB = 1e9 bytes.
val readBandwidth(double bytes, double repeats) {
  if (!(bytes >= 1 && bytes <= kMaxBytes)) {
    return errorResult("readBandwidth: bytes must be in [1, 1 GiB], got " + std::to_string(bytes));
  }
  if (!(repeats >= 1 && repeats <= kMaxRepeats)) {
    return errorResult("readBandwidth: repeats must be in [1, 1e6], got " + std::to_string(repeats));
  }
  const std::size_t steps = (static_cast<std::size_t>(bytes) + 63) / 64;
  const std::size_t count = steps * kFloatsPerStep;
  const int passes = static_cast<int>(repeats);

  std::vector<float> buffer;
  bool allocated = true;
  try {
    buffer.resize(count);
  } catch (const std::bad_alloc&) {
    allocated = false;
  }
  if (!allocated) return errorResult("readBandwidth: out of memory for " + std::to_string(count * 4) + " bytes");
  for (std::size_t i = 0; i < count; ++i) buffer[i] = static_cast<float>(i % 251) * 1e-3f;

  const float* volatile source = buffer.data();
  float checksum = sumAll(source, count);  // untimed first pass
  std::vector<double> seconds(passes);
  for (int pass = 0; pass < passes; ++pass) {
    const double start = emscripten_get_now();
    checksum += sumAll(source, count);
    seconds[pass] = (emscripten_get_now() - start) / 1000.0;
  }
  std::sort(seconds.begin(), seconds.end());
  const double median = passes % 2 ? seconds[passes / 2] : (seconds[passes / 2 - 1] + seconds[passes / 2]) / 2;
  const double readBytes = static_cast<double>(count) * sizeof(float);

  val result = val::object();
  result.set("gbPerSecond", readBytes / median / 1e9);
  result.set("bestGbPerSecond", readBytes / seconds.front() / 1e9);
  result.set("bytes", readBytes);
  result.set("repeats", passes);
  result.set("checksum", checksum);
  return result;
}

}  // namespace

EMSCRIPTEN_BINDINGS(nnslim_bench) {
  emscripten::function("_readBandwidth", &readBandwidth);
}
