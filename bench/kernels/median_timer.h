// The kernel benchmarks' timer: the median milliseconds per call of `fn`
// over `reps` timed batches. Each batch repeats fn enough times (doubling
// from 1, after one warm-up call) to last >= 1 ms, so the clock's resolution
// does not decide the result. now_ms: wall clock or the process' CPU time.
#pragma once
#include <algorithm>
#include <cstddef>
#include <functional>
#include <vector>

inline double median_ms_per_call(const std::function<void()>& fn, int reps, double (*now_ms)()) {
  fn();
  size_t calls = 1;
  for (;;) {
    const double t0 = now_ms();
    for (size_t i = 0; i < calls; i++) fn();
    if (now_ms() - t0 >= 1.0 || calls >= (1u << 20)) break;
    calls *= 2;
  }
  std::vector<double> per_call;
  for (int r = 0; r < reps; r++) {
    const double t0 = now_ms();
    for (size_t i = 0; i < calls; i++) fn();
    per_call.push_back((now_ms() - t0) / static_cast<double>(calls));
  }
  std::sort(per_call.begin(), per_call.end());
  return per_call[per_call.size() / 2];
}
