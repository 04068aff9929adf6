// A memory read-bandwidth probe, its own small wasm module (target
// nnslim_bench_bandwidth, bench/CMakeLists.txt), not part of the package.
// bench/peers uses it for the bound "MLP batch 1 within 1.1 x of its
// weight-read bandwidth bound": a batch-1 MLP does ~1 MAC per weight, so its
// time is bounded below by (weight bytes) / (read bandwidth for a buffer of
// that size), measured here by wasm code in the same engine and process as the
// runtimes, with the same SIMD128 loads a kernel would use.
//
// What it measures: the buffer is filled once, then one untimed pass, then
// `repeats` timed passes that each read every byte with v128 loads and fold
// them together with v128.or. OR, not f32 add: an add has a 3-cycle latency,
// so four add chains cap a pass at 64 bytes per 3 cycles (~77 GB/s at 3.6 GHz
// on the Zen 4 this was tuned on: the same rate for a 16 KB buffer in L1 as
// for 7.5 MB in L3 -- a latency bound, not the memory's), while OR's 1-cycle
// latency leaves the loads as the limit. The add version is still timed and
// reported (addGbPerSecond) for comparison. The timed passes are warm:
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
// One step reads 8 v128 vectors (128 bytes) into four accumulators.
constexpr std::size_t kFloatsPerStep = 32;

val errorResult(const std::string& message) {
  val result = val::object();
  result.set("error", message);
  return result;
}

// ORs `count` floats (a multiple of kFloatsPerStep) together with SIMD128
// loads; returns lane 0 of the result so the loads cannot be dropped.
// noinline, and called through a volatile pointer, so the compiler can neither
// merge the passes nor hoist the loop out of the timing.
__attribute__((noinline)) float orAll(const float* data, std::size_t count) {
  v128_t acc0 = wasm_i32x4_splat(0);
  v128_t acc1 = acc0;
  v128_t acc2 = acc0;
  v128_t acc3 = acc0;
  for (std::size_t i = 0; i < count; i += kFloatsPerStep) {
    acc0 = wasm_v128_or(acc0, wasm_v128_or(wasm_v128_load(data + i), wasm_v128_load(data + i + 16)));
    acc1 = wasm_v128_or(acc1, wasm_v128_or(wasm_v128_load(data + i + 4), wasm_v128_load(data + i + 20)));
    acc2 = wasm_v128_or(acc2, wasm_v128_or(wasm_v128_load(data + i + 8), wasm_v128_load(data + i + 24)));
    acc3 = wasm_v128_or(acc3, wasm_v128_or(wasm_v128_load(data + i + 12), wasm_v128_load(data + i + 28)));
  }
  const v128_t total = wasm_v128_or(wasm_v128_or(acc0, acc1), wasm_v128_or(acc2, acc3));
  return wasm_f32x4_extract_lane(total, 0);
}

// The same read with four f32 add chains (the probe's earlier form).
__attribute__((noinline)) float sumAll(const float* data, std::size_t count) {
  v128_t acc0 = wasm_f32x4_splat(0.0f);
  v128_t acc1 = acc0;
  v128_t acc2 = acc0;
  v128_t acc3 = acc0;
  for (std::size_t i = 0; i < count; i += 16) {
    acc0 = wasm_f32x4_add(acc0, wasm_v128_load(data + i));
    acc1 = wasm_f32x4_add(acc1, wasm_v128_load(data + i + 4));
    acc2 = wasm_f32x4_add(acc2, wasm_v128_load(data + i + 8));
    acc3 = wasm_f32x4_add(acc3, wasm_v128_load(data + i + 12));
  }
  const v128_t total = wasm_f32x4_add(wasm_f32x4_add(acc0, acc1), wasm_f32x4_add(acc2, acc3));
  return wasm_f32x4_extract_lane(total, 0) + wasm_f32x4_extract_lane(total, 1) +
         wasm_f32x4_extract_lane(total, 2) + wasm_f32x4_extract_lane(total, 3);
}

using ReadPass = float (*)(const float*, std::size_t);

// Seconds of each of `passes` timed passes of `read` (after one untimed
// pass), sorted.
std::vector<double> timePasses(ReadPass read, const float* source, std::size_t count, int passes, float& checksum) {
  ReadPass volatile pass = read;
  checksum += pass(source, count);  // untimed first pass
  std::vector<double> seconds(passes);
  for (int i = 0; i < passes; ++i) {
    const double start = emscripten_get_now();
    checksum += pass(source, count);
    seconds[i] = (emscripten_get_now() - start) / 1000.0;
  }
  std::sort(seconds.begin(), seconds.end());
  return seconds;
}

double median(const std::vector<double>& sorted) {
  const std::size_t n = sorted.size();
  return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

// readBandwidth(bytes, repeats) -> {gbPerSecond (median OR pass),
// bestGbPerSecond, addGbPerSecond (median add pass), bytes (rounded up to a
// multiple of 128), repeats, checksum} or {error}.
// GB = 1e9 bytes.
val readBandwidth(double bytes, double repeats) {
  if (!(bytes >= 1 && bytes <= kMaxBytes)) {
    return errorResult("readBandwidth: bytes must be in [1, 1 GiB], got " + std::to_string(bytes));
  }
  if (!(repeats >= 1 && repeats <= kMaxRepeats)) {
    return errorResult("readBandwidth: repeats must be in [1, 1e6], got " + std::to_string(repeats));
  }
  const std::size_t steps = (static_cast<std::size_t>(bytes) + 127) / 128;
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

  const float* source = buffer.data();
  float checksum = 0;
  const std::vector<double> orSeconds = timePasses(orAll, source, count, passes, checksum);
  const std::vector<double> addSeconds = timePasses(sumAll, source, count, passes, checksum);
  const double readBytes = static_cast<double>(count) * sizeof(float);

  val result = val::object();
  result.set("gbPerSecond", readBytes / median(orSeconds) / 1e9);
  result.set("bestGbPerSecond", readBytes / orSeconds.front() / 1e9);
  result.set("addGbPerSecond", readBytes / median(addSeconds) / 1e9);
  result.set("bytes", readBytes);
  result.set("repeats", passes);
  result.set("checksum", checksum);
  return result;
}

}  // namespace

EMSCRIPTEN_BINDINGS(nnslim_bench_bandwidth) {
  emscripten::function("readBandwidth", &readBandwidth);
}
