#include "core/thread_pool.h"

#include <algorithm>

#if NNSLIM_THREADS
#include <atomic>
#include <chrono>
#include <cstdint>
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
// sleeps, and short, so spinning workers take little from the caller on a
// machine shared with other processes.
constexpr std::chrono::microseconds kSpinTime{30};

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

// The job word: the job's number in the high 32 bits, its next unclaimed
// tile in the low 32. A worker claims a tile by compare-and-swap on the
// whole word, so a worker that wakes late for a job that has finished (and
// the next one begun) can never claim a tile of the wrong job; it just
// finds the number changed. The caller waits only for the job's tiles to be
// done, not for every worker to show up: on a machine shared with other
// processes a descheduled worker costs nothing.
//
// A job's parameters (tile count, function, context) live in one of two
// slots, chosen by the job number's parity. The caller fills job N + 1's
// slot while a late worker of job N may still be reading job N's, and a
// worker checks claims against its own job's tile count. With one shared
// slot, a worker of job N could read job N + 1's larger count before job
// N + 1 was published, find job N's word below it, and claim a tile that
// does not exist: the caller then waited forever for a `done` count it had
// already passed (tests/cpp/thread_pool_test.cc reproduces the hang).
// Slot N % 2 is rewritten only for job N + 2, after job N + 1 was
// published, so a worker that read a rewritten slot then finds the job
// number changed and claims nothing. The parameters are written with
// release and read with acquire: reading a slot orders the word load after.
constexpr int kJobShift = 32;
constexpr uint64_t kTileMask = (uint64_t{1} << kJobShift) - 1;

struct ThreadPool::State {
  std::mutex mutex;                  // guards sleeping and waking (no lost wake-ups)
  std::condition_variable wake;      // workers: a new job number
  std::condition_variable finished;  // the caller: the job's last tile is done
  std::mutex dispatch;               // one job at a time (callers on several threads)
  std::vector<std::thread> workers;
  std::atomic<uint64_t> job{0};      // job number << 32 | next tile
  std::atomic<size_t> done{0};       // tiles of the current job finished
  std::atomic<bool> worker_trapped{false};  // ThreadPool::worker_trapped(): no job can finish

  struct JobSlot {
    std::atomic<size_t> tiles{0}, participants{0};
    std::atomic<TileFn> fn{nullptr};
    std::atomic<void*> context{nullptr};
  };
  JobSlot slots[2];
  JobSlot& slot(uint64_t number) { return slots[number & 1]; }

  // Runs tiles of job `number` until none is left or the job has changed.
  void claim_tiles(uint64_t number) {
    JobSlot& params = slot(number);
    const size_t count = params.tiles.load(std::memory_order_acquire);
    const TileFn f = params.fn.load(std::memory_order_acquire);
    void* c = params.context.load(std::memory_order_acquire);
    uint64_t word = job.load(std::memory_order_acquire);
    for (;;) {
      if ((word >> kJobShift) != number || (word & kTileMask) >= count) return;
      if (!job.compare_exchange_weak(word, word + 1, std::memory_order_acq_rel, std::memory_order_acquire)) continue;
      f(c, static_cast<size_t>(word & kTileMask));
      if (done.fetch_add(1, std::memory_order_acq_rel) + 1 == count) {
        std::lock_guard<std::mutex> lock(mutex);
        finished.notify_one();
      }
      word = job.load(std::memory_order_acquire);
    }
  }

  // Grows the pool to `count` workers (under the dispatch lock).
  void start_workers(size_t count) {
    workers.reserve(count);
    while (workers.size() < count) {
      const size_t index = workers.size();
      workers.emplace_back([this, index] { worker_loop(index); });
      workers.back().detach();
    }
  }

  void worker_loop(size_t index) {
    in_job = true;
    uint64_t seen = 0;
    auto fresh = [&] { return (job.load(std::memory_order_acquire) >> kJobShift) != seen; };
    for (;;) {
      if (!spin_until(fresh)) {
        std::unique_lock<std::mutex> lock(mutex);
        wake.wait(lock, fresh);
      }
      seen = job.load(std::memory_order_acquire) >> kJobShift;
      // Worker i helps when the job asked for more than i + 1 threads.
      if (index + 1 < slot(seen).participants.load(std::memory_order_acquire)) claim_tiles(seen);
    }
  }
};

ThreadPool::ThreadPool() : state_(new State), capacity_(std::max(1u, std::thread::hardware_concurrency())) {}

size_t ThreadPool::max_threads() const { return capacity_; }

// Starts the workers now (their stacks and thread state are allocated
// here, once, not by a model's first run).
void ThreadPool::set_capacity(size_t threads) {
  capacity_ = std::max<size_t>(1, threads);
  std::lock_guard<std::mutex> dispatch(state_->dispatch);
  state_->start_workers(capacity_ - 1);
}

void ThreadPool::run(size_t threads, size_t tiles, TileFn fn, void* context) {
  threads = std::min({threads, capacity_, tiles});
  if (threads <= 1 || in_job) {
    for (size_t t = 0; t < tiles; ++t) fn(context, t);
    return;
  }
  State& s = *state_;
  std::lock_guard<std::mutex> dispatch(s.dispatch);
  s.start_workers(threads - 1);
  ++jobs_dispatched_;
  const uint64_t number = ((s.job.load(std::memory_order_relaxed) >> kJobShift) + 1) & kTileMask;
  State::JobSlot& params = s.slot(number);
  params.tiles.store(tiles, std::memory_order_release);
  params.participants.store(threads, std::memory_order_release);
  params.fn.store(fn, std::memory_order_release);
  params.context.store(context, std::memory_order_release);
  s.done.store(0, std::memory_order_relaxed);
  {
    std::lock_guard<std::mutex> lock(s.mutex);
    s.job.store(number << kJobShift, std::memory_order_release);
  }
  s.wake.notify_all();
  in_job = true;
  s.claim_tiles(number);
  in_job = false;
  auto all_done = [&] {
    return s.done.load(std::memory_order_acquire) == tiles || s.worker_trapped.load(std::memory_order_acquire);
  };
  if (!spin_until(all_done)) {
    std::unique_lock<std::mutex> lock(s.mutex);
    s.finished.wait(lock, all_done);
  }
  if (s.worker_trapped.load(std::memory_order_acquire)) __builtin_trap();
}

void ThreadPool::worker_trapped() {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->worker_trapped.store(true, std::memory_order_release);
  state_->finished.notify_all();
}

#else  // no thread support: everything on the calling thread

struct ThreadPool::State {};

ThreadPool::ThreadPool() : state_(nullptr), capacity_(1) {}

size_t ThreadPool::max_threads() const { return 1; }

void ThreadPool::set_capacity(size_t) {}

void ThreadPool::worker_trapped() {}

void ThreadPool::run(size_t, size_t tiles, TileFn fn, void* context) {
  for (size_t t = 0; t < tiles; ++t) fn(context, t);
}

#endif

ThreadPool& ThreadPool::shared() {
  static ThreadPool* pool = new ThreadPool();
  return *pool;
}

}  // namespace nnslim
