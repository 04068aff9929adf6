// A persistent pool of worker threads that splits one step's work into tiles.
//
// parallel_for(threads, tiles, f) calls f(tile) once for every tile in
// [0, tiles), on the calling thread and on up to threads - 1 workers, and
// returns when all are done. Tiles are claimed one at a time from a shared
// counter, so which thread runs a tile varies from run to run; callers make
// tiles write disjoint outputs and compute each output the same way whoever
// runs it (never a reduction split across tiles): results are then the same
// bits for any thread count.
//
// Workers are created by set_capacity (or on first use) and live as long as
// the process. Between
// jobs a worker spins for a short while (the next step of a model usually
// follows within microseconds), then blocks on a condition variable: an idle
// pool uses no CPU. Nothing allocates per job.
//
// Builds without threads (the single-threaded wasm module) compile the
// inline path only: max_threads() is 1 and f runs on the calling thread.
#pragma once
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

  // Jobs handed to workers so far (not those run inline): lets tests check
  // that a step did split its work.
  size_t jobs_dispatched() const { return jobs_dispatched_; }

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
  size_t jobs_dispatched_ = 0;  // written under the dispatch lock
};

}  // namespace nnslim
