// How this machine's second CPU behaves right after a pause: a native probe
// of what a 2-thread model run meets when runs are spaced out
// (bench/threads/spaced_runs.mjs).
//
// The main thread sleeps `gap` ms while a worker is blocked on a condition
// variable (as the pool's workers are between spaced runs), then wakes it
// and both run the same fixed work, in chunks of ~80 us (a compute loop, or
// a pass over a private 256 KB buffer). Per gap it prints medians over the
// rounds: the worker's wake latency (notify -> running), each thread's time
// for the first and the last chunks, and the same work on the main thread
// alone after the same pause (the worker left asleep). With TICK > 0 the
// worker's wait times out every TICK us and waits again (its CPU never idles
// longer); WAKE_ONLY=1 skips the memory-bound pass.
//
//   g++ -O2 -std=c++17 -pthread bench/threads/wake_probe.cc -o /tmp/wake_probe
//   flock /tmp/nnslim-machine.lock /tmp/wake_probe [ROUNDS=30] [CHUNKS=100] [TICK=0] [WAKE_ONLY=0]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <sched.h>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
double us_since(Clock::time_point t) { return std::chrono::duration<double, std::micro>(Clock::now() - t).count(); }

// ~80 us of work per chunk on this VM's Zen 5 cores; `memory`
// walks a 256 KB buffer (the L2-resident working set of a model's tile).
constexpr int kIters = 60000;
double chunk(std::vector<float>& buffer, bool memory) {
  if (memory) {
    float s = 0;
    for (int r = 0; r < 4; ++r)
      for (size_t i = 0; i < buffer.size(); i += 4) s += buffer[i] * 1.0001f, buffer[i] = s;
    return s;
  }
  double x = 1;
  for (int i = 0; i < kIters; ++i) x = x * 1.0000001 + 1e-9;
  return x;
}

struct Shared {
  std::mutex mutex;
  std::condition_variable wake;
  int round = 0;
  Clock::time_point notified;
  double wake_us = 0;
  int main_cpu = -1, worker_cpu = -1;  // where each ran at the wake
  double apart_us = 0;  // when the worker first ran on a CPU other than main's
  std::vector<double> chunk_us;
  std::atomic<bool> done{false};
  bool memory = false;
  int chunks = 0;
  int tick_us = 0;
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}
double quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[static_cast<size_t>(q * (v.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::atoi(argv[1]) : 30;
  const int chunks = argc > 2 ? std::atoi(argv[2]) : 100;
  Shared s;
  s.tick_us = argc > 3 ? std::atoi(argv[3]) : 0;
  std::vector<int> gaps = {0, 1, 2, 5, 10, 15, 20, 50};
  const bool wake_only = argc > 4 && std::atoi(argv[4]) != 0;
  s.chunks = chunks;
  volatile double sink = 0;
  std::thread worker([&] {
    std::vector<float> buffer(64 * 1024, 1.0f);
    int seen = 0;
    for (;;) {
      std::unique_lock<std::mutex> lock(s.mutex);
      // With a tick the wait times out every `tick_us` and waits again: the
      // worker's CPU never idles longer than that.
      if (s.tick_us > 0) {
        while (s.round == seen) s.wake.wait_for(lock, std::chrono::microseconds(s.tick_us));
      } else {
        s.wake.wait(lock, [&] { return s.round != seen; });
      }
      seen = s.round;
      if (seen < 0) return;
      s.wake_us = std::chrono::duration<double, std::micro>(Clock::now() - s.notified).count();
      s.worker_cpu = sched_getcpu();
      s.apart_us = -1;
      const bool memory = s.memory;
      lock.unlock();
      std::vector<double> times;
      for (int c = 0; c < s.chunks; ++c) {
        const auto t = Clock::now();
        sink = sink + chunk(buffer, memory);
        times.push_back(us_since(t));
        if (s.apart_us < 0 && sched_getcpu() != s.main_cpu) s.apart_us = us_since(s.notified);
      }
      lock.lock();
      s.chunk_us = times;
      s.done.store(true);
    }
  });
  std::vector<float> buffer(64 * 1024, 1.0f);
  auto main_chunks = [&](bool memory) {
    std::vector<double> times;
    for (int c = 0; c < chunks; ++c) {
      const auto t = Clock::now();
      sink = sink + chunk(buffer, memory);
      times.push_back(us_since(t));
    }
    return times;
  };
  auto sum = [](const std::vector<double>& v, size_t from, size_t to) {
    double total = 0;
    for (size_t i = from; i < std::min(to, v.size()); ++i) total += v[i];
    return total;
  };
  for (bool memory : {false, true}) {
    if (wake_only && memory) break;
    std::printf("%s work, %d chunks, %d rounds (medians), worker tick %d us\n", memory ? "memory (256 KB)" : "compute",
                chunks, rounds, s.tick_us);
    for (int gap : gaps) {
      int same_cpu = 0;
      std::vector<double> apart;
      std::vector<double> wake, main_first, main_rest, worker_first, worker_rest, alone_first, alone_rest;
      for (int r = 0; r < rounds; ++r) {
        // Alone: the same pause, the worker asleep.
        std::this_thread::sleep_for(std::chrono::milliseconds(gap));
        std::vector<double> alone = main_chunks(memory);
        alone_first.push_back(sum(alone, 0, 10));
        alone_rest.push_back(sum(alone, chunks - 10, chunks));
        // Together.
        std::this_thread::sleep_for(std::chrono::milliseconds(gap));
        {
          std::lock_guard<std::mutex> lock(s.mutex);
          s.memory = memory;
          s.done.store(false);
          s.notified = Clock::now();
          s.main_cpu = sched_getcpu();
          ++s.round;
        }
        s.wake.notify_one();
        std::vector<double> mine = main_chunks(memory);
        while (!s.done.load()) {
        }
        std::lock_guard<std::mutex> lock(s.mutex);
        wake.push_back(s.wake_us);
        same_cpu += s.worker_cpu == s.main_cpu;
        apart.push_back(s.apart_us < 0 ? 1e9 : s.apart_us);
        main_first.push_back(sum(mine, 0, 10));
        main_rest.push_back(sum(mine, chunks - 10, chunks));
        worker_first.push_back(sum(s.chunk_us, 0, 10));
        worker_rest.push_back(sum(s.chunk_us, chunks - 10, chunks));
      }
      std::printf("gap %2d ms: woke on main's CPU %2d of %d, on its own CPU after %7.1f us (median); wake p10 %6.1f p90 %6.1f\n  ",
                  gap, same_cpu, rounds, median(apart), quantile(wake, 0.1), quantile(wake, 0.9));
      std::printf(
          "gap %2d ms: wake %6.1f us | first 10 chunks: alone %6.1f, main %6.1f, worker %6.1f us | last 10: alone %6.1f, "
          "main %6.1f, worker %6.1f us\n",
          gap, median(wake), median(alone_first), median(main_first), median(worker_first), median(alone_rest),
          median(main_rest), median(worker_rest));
    }
  }
  {
    std::lock_guard<std::mutex> lock(s.mutex);
    s.round = -1;
  }
  s.wake.notify_one();
  worker.join();
  return sink == 12345 ? 1 : 0;
}
