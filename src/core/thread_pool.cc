#include "core/thread_pool.h"

#include <algorithm>

#if NNSLIM_THREADS
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>
#endif

namespace nnslim {

#if NNSLIM_THREADS

namespace {

// How long a thread spins on an atomic before blocking: a model's next
// parallel step usually starts within this, and waking a blocked Web Worker
// (Atomics.notify) costs tens of microseconds. Bounded, so an idle pool
// sleeps.
constexpr std::chrono::microseconds kSpinTime{200};

template <class Ready>
bool spin_until(Ready ready) {
  const auto until = std::chrono::steady_clock::now() + kSpinTime;
  for (;;) {
    for (int i = 0; i < 64; ++i)
      if (ready()) return true;
    if (std::chrono::steady_clock::now() >= until) return ready();
  }
}

// Set on pool workers and on a caller while it runs tiles: a parallel_for
// inside a tile runs inline (no nested jobs).
thread_local bool in_job = false;

}  // namespace

struct ThreadPool::State {
  std::mutex mutex;                  // guards sleeping and waking (no lost wake-ups)
  std::condition_variable wake;      // workers: a new job (generation changed)
  std::condition_variable finished;  // the caller: every worker acknowledged the job
  std::mutex dispatch;               // one job at a time (callers on several threads)
  std::vector<std::thread> workers;
  // The current job; written by the caller before generation is bumped.
  std::atomic<uint64_t> generation{0};
  std::atomic<size_t> next_tile{0};
  std::atomic<size_t> pending{0};  // workers that have not yet acknowledged the job
  size_t tiles = 0, participants = 0;
  TileFn fn = nullptr;
  void* context = nullptr;

  void claim_tiles() {
    for (size_t t = next_tile.fetch_add(1, std::memory_order_relaxed); t < tiles;
         t = next_tile.fetch_add(1, std::memory_order_relaxed))
      fn(context, t);
  }

  void worker_loop(size_t index) {
    in_job = true;
    uint64_t seen = 0;
    for (;;) {
      if (!spin_until([&] { return generation.load(std::memory_order_acquire) != seen; })) {
        std::unique_lock<std::mutex> lock(mutex);
        wake.wait(lock, [&] { return generation.load(std::memory_order_acquire) != seen; });
      }
      seen = generation.load(std::memory_order_acquire);
      // Worker i helps when the job asked for more than i + 1 threads; the
      // others only acknowledge it.
      if (index + 1 < participants) claim_tiles();
      if (pending.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        std::lock_guard<std::mutex> lock(mutex);
        finished.notify_one();
      }
    }
  }
};

ThreadPool::ThreadPool() : state_(new State), capacity_(std::max(1u, std::thread::hardware_concurrency())) {}

size_t ThreadPool::max_threads() const { return capacity_; }

void ThreadPool::set_capacity(size_t threads) { capacity_ = std::max<size_t>(1, threads); }

void ThreadPool::run(size_t threads, size_t tiles, TileFn fn, void* context) {
  threads = std::min({threads, capacity_, tiles});
  if (threads <= 1 || in_job) {
    for (size_t t = 0; t < tiles; ++t) fn(context, t);
    return;
  }
  State& s = *state_;
  std::lock_guard<std::mutex> dispatch(s.dispatch);
  while (s.workers.size() + 1 < threads) {
    const size_t index = s.workers.size();
    s.workers.emplace_back([&s, index] { s.worker_loop(index); });
    s.workers.back().detach();
  }
  ++jobs_dispatched_;
  s.tiles = tiles;
  s.participants = threads;
  s.fn = fn;
  s.context = context;
  s.next_tile.store(0, std::memory_order_relaxed);
  s.pending.store(s.workers.size(), std::memory_order_relaxed);
  {
    std::lock_guard<std::mutex> lock(s.mutex);
    s.generation.fetch_add(1, std::memory_order_release);
  }
  s.wake.notify_all();
  in_job = true;
  s.claim_tiles();
  in_job = false;
  if (!spin_until([&] { return s.pending.load(std::memory_order_acquire) == 0; })) {
    std::unique_lock<std::mutex> lock(s.mutex);
    s.finished.wait(lock, [&] { return s.pending.load(std::memory_order_acquire) == 0; });
  }
}

#else  // no thread support: everything on the calling thread

struct ThreadPool::State {};

ThreadPool::ThreadPool() : state_(nullptr), capacity_(1) {}

size_t ThreadPool::max_threads() const { return 1; }

void ThreadPool::set_capacity(size_t) {}

void ThreadPool::run(size_t, size_t tiles, TileFn fn, void* context) {
  for (size_t t = 0; t < tiles; ++t) fn(context, t);
}

#endif

ThreadPool& ThreadPool::shared() {
  static ThreadPool* pool = new ThreadPool();
  return *pool;
}

}  // namespace nnslim
