// The thread pool (core/thread_pool.h): every tile runs exactly once, for
// any thread and tile count, over many back-to-back jobs (the job word's
// claim protocol), with a nested parallel_for running inline.
#include <catch2/catch.hpp>

#include <atomic>
#include <vector>

#include "core/thread_pool.h"

namespace nnslim {
namespace {

#if NNSLIM_THREADS

TEST_CASE("thread pool: every tile runs exactly once, job after job, for 1..6 threads", "[threads][pool]") {
  ThreadPool& pool = ThreadPool::shared();
  const size_t saved = pool.max_threads();
  pool.set_capacity(6);
  std::vector<std::atomic<int>> hits(97);
  for (size_t threads = 1; threads <= 6; ++threads)
    for (size_t tiles : {1, 2, 5, 64, 97})
      for (int job = 0; job < 200; ++job) {
        for (auto& h : hits) h.store(0);
        auto tile = [&](size_t t) { hits[t].fetch_add(1); };
        pool.parallel_for(threads, tiles, tile);
        size_t wrong = 0;
        for (size_t t = 0; t < hits.size(); ++t) wrong += hits[t].load() != (t < tiles ? 1 : 0);
        INFO(threads << " threads, " << tiles << " tiles, job " << job);
        REQUIRE(wrong == 0);
      }
  pool.set_capacity(saved);
}

TEST_CASE("thread pool: a parallel_for inside a tile runs inline, and the outer job still completes", "[threads][pool]") {
  ThreadPool& pool = ThreadPool::shared();
  const size_t saved = pool.max_threads();
  pool.set_capacity(4);
  std::atomic<int> inner_tiles{0};
  const size_t jobs_before = pool.jobs_dispatched();
  auto outer = [&](size_t) {
    auto inner = [&](size_t) { inner_tiles.fetch_add(1); };
    pool.parallel_for(4, 10, inner);
  };
  pool.parallel_for(4, 8, outer);
  CHECK(inner_tiles.load() == 80);
  CHECK(pool.jobs_dispatched() == jobs_before + 1);  // the inner ones ran inline
  pool.set_capacity(saved);
}

#else  // the single-threaded wasm module: no workers, every tile inline

TEST_CASE("thread pool without thread support: one thread, every tile inline and in order", "[threads][pool]") {
  ThreadPool& pool = ThreadPool::shared();
  pool.set_capacity(8);
  CHECK(pool.max_threads() == 1);
  std::vector<size_t> order;
  auto tile = [&](size_t t) { order.push_back(t); };
  pool.parallel_for(4, 5, tile);
  CHECK(order == std::vector<size_t>{0, 1, 2, 3, 4});
  CHECK(pool.jobs_dispatched() == 0);
}

#endif

}  // namespace
}  // namespace nnslim
