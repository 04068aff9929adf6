// A persistent pool of worker threads that splits one step's work into tiles.
//
// parallel_for(threads, tiles, f) calls f(tile) once for every tile in
// [0, tiles), on the calling thread and on up to threads - 1 workers, and
// returns when all are done. Each participating thread owns a contiguous
// segment of the tiles (the caller the first) and claims its own from the
// front, then steals the others' from the back (thread_pool.cc), so which
// thread runs a tile varies from run to run; callers make
// tiles write disjoint outputs and compute each output the same way whoever
// runs it (never a reduction split across tiles): results are then the same
// bits for any thread count.
//
// Workers are created by set_capacity (or on first use) and live as long as
// the process. Between jobs a worker spins for a while, then blocks on a
// condition variable: an idle pool uses no CPU. How long it spins depends on
// whether a model run is in progress (RunScope): during a run the next step
// comes after the caller's serial work between parallel steps (up to a few
// hundred microseconds), and a blocked worker would cost a wake-up (tens of
// microseconds for a Web Worker) on every step, so workers spin up to
// kRunSpinTime; outside a run they spin only kSpinTime. Either spin starts
// when the job a worker took part in has ended (a worker out of tiles first
// waits, up to kJobEndSpinTime, for the others' last tiles). A run's start
// wakes blocked workers, so they are spinning by its first parallel step.
// Nothing allocates per job.
//
// Builds without threads (the single-threaded wasm module) compile the
// inline path only: max_threads() is 1 and f runs on the calling thread.
#pragma once
#include <atomic>
#include <cstddef>

#if !defined(__EMSCRIPTEN__) || defined(__EMSCRIPTEN_PTHREADS__)
#define NNSLIM_THREADS 1
#else
#define NNSLIM_THREADS 0
#endif

namespace nnslim {

class ThreadPool {
 public:
  using TileFn = void (*)(void* context, size_t tile);

  // The process-wide pool.
  static ThreadPool& shared();

  // Most threads a job may use (the caller included): 1 without thread
  // support; in the threaded wasm module, the Web Workers Emscripten
  // preloaded plus the caller (set_capacity); natively, the hardware's.
  size_t max_threads() const;
  // Caps max_threads() (the threaded wasm module: its preloaded workers + 1;
  // a pthread beyond them could not start while the caller blocks) and
  // starts threads - 1 workers now, so that no run allocates them.
  void set_capacity(size_t threads);

  template <class F>
  void parallel_for(size_t threads, size_t tiles, F& f) {
    run(threads, tiles, [](void* context, size_t tile) { (*static_cast<F*>(context))(tile); }, &f);
  }
  void run(size_t threads, size_t tiles, TileFn fn, void* context);

  // Marks a model run in progress for its lifetime (runs may nest or
  // overlap on several threads): workers wake at its start and spin between
  // its jobs (see above). Costs nothing without thread support.
  class RunScope {
   public:
    explicit RunScope(size_t threads);
    ~RunScope();
    RunScope(const RunScope&) = delete;
    RunScope& operator=(const RunScope&) = delete;

   private:
    bool active_;
  };

  // Which participant of a job the calling thread is: worker i is i + 1,
  // any other thread 0 (a job's caller). Per-thread scratch uses it to keep
  // each thread on the same buffer from job to job (runtime/scratch_slots.h).
  static size_t participant_index();

  // Jobs handed to workers so far (not those run inline): lets tests check
  // that a step did split its work.
  size_t jobs_dispatched() const { return jobs_dispatched_.load(std::memory_order_relaxed); }

  // Counters since the process started, for profiles and tests (where the
  // time of a threaded run goes): jobs handed to workers, tiles of those
  // jobs and how many the caller ran itself, how often a worker blocked
  // (each block costs a wake-up later) and how often the caller blocked
  // waiting for a worker's last tile, and the caller's total time between
  // running out of tiles and the job's end (load imbalance plus wake-up
  // latency), in microseconds; and how many workers there are and how many
  // are blocked now.
  struct Stats {
    size_t jobs = 0, tiles = 0, caller_tiles = 0, worker_blocks = 0, caller_blocks = 0, runs = 0;
    // Tiles run by a participant outside its own segment (each moves its
    // data between cores).
    size_t stolen_tiles = 0;
    size_t workers = 0, blocked_now = 0;
    double caller_wait_us = 0;
    // Workers woken from a block and their summed wake latency (from the
    // notify to running again); runs in which a worker claimed a tile and
    // the summed delay from each such run's start to that worker's first
    // claim, in microseconds.
    size_t wakes = 0, first_claims = 0;
    // Jobs a worker saw that it had no part in (a session on fewer threads
    // than the pool has): those workers sleep through such runs instead.
    size_t skipped_jobs = 0;
    double wake_us = 0, first_claim_us = 0;
  };
  Stats stats() const;

  // Called (from JavaScript, on the worker's thread) when a pool worker
  // trapped inside a tile: that tile never counts as done, so a caller
  // waiting for its job traps in turn instead of waiting forever
  // (wasm/threads/worker_trap.js; the instance is unusable either way).
  void worker_trapped();

  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

 private:
  ThreadPool();  // never destroyed: workers block until the process ends
  struct State;
  State* state_;  // null without thread support
  size_t capacity_;
  std::atomic<size_t> jobs_dispatched_{0};  // written under the dispatch lock
};

}  // namespace nnslim
