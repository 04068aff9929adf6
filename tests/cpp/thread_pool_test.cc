// The thread pool (core/thread_pool.h): every tile runs exactly once, for
// any thread and tile count, over many back-to-back jobs (the job word's
// claim protocol), with a nested parallel_for running inline.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
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

// Back-to-back jobs whose tile counts change from job to job: the window in
// which a late worker of one job reads the next job's parameters. With one
// shared parameter slot a worker claimed a tile past the end of its job and
// the caller hung (reproduced about once per 200k jobs on 2 cores with 4
// threads). A hang cannot fail a Catch2 check, so a watchdog ends the
// process with a message if no job finishes for 20 s.
TEST_CASE("thread pool: jobs of changing sizes never claim a tile past their end, never hang", "[threads][pool]") {
  ThreadPool& pool = ThreadPool::shared();
  const size_t saved = pool.max_threads();
  pool.set_capacity(4);
  static std::atomic<long> finished_jobs{0};
  static std::atomic<bool> watching{true};
  std::thread watchdog([] {
    long last = -1;
    while (watching.load()) {
      for (int i = 0; i < 200 && watching.load(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      const long now = finished_jobs.load();
      if (watching.load() && now == last) {
        std::fprintf(stderr, "thread pool hung after %ld jobs\n", now);
        std::_Exit(3);
      }
      last = now;
    }
  });
  constexpr size_t kMaxTiles = 33;
  const size_t sizes[] = {1, 2, 9, 3, 17, 2, 5, 33, 4};
  std::vector<std::atomic<int>> hits(kMaxTiles);
  std::atomic<long> out_of_range{0};
  long wrong_jobs = 0;
  for (long job = 0; job < 600000; ++job) {
    const size_t tiles = sizes[job % 9];
    for (auto& h : hits) h.store(0, std::memory_order_relaxed);
    auto tile = [&](size_t t) {
      if (t >= tiles) out_of_range.fetch_add(1);
      else hits[t].fetch_add(1, std::memory_order_relaxed);
    };
    pool.parallel_for(4, tiles, tile);
    for (size_t t = 0; t < tiles; ++t)
      if (hits[t].load(std::memory_order_relaxed) != 1) { ++wrong_jobs; break; }
    finished_jobs.store(job + 1);
  }
  watching.store(false);
  watchdog.join();
  CHECK(out_of_range.load() == 0);
  CHECK(wrong_jobs == 0);
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

// Each participant owns a contiguous segment of the tiles and steals from
// the others' backs, so whatever the timing the tiles a thread runs form
// at most two contiguous runs (its own segment's front part, and a stolen
// back part of the other's): consecutive steps split the same way keep the
// data each thread wrote on its own core. (A shared tile counter scatters
// them.) The caller owns the first segment.
TEST_CASE("thread pool: with 2 threads each thread runs at most two contiguous runs of tiles", "[threads][pool]") {
  ThreadPool& pool = ThreadPool::shared();
  const size_t saved = pool.max_threads();
  pool.set_capacity(2);
  constexpr size_t kTiles = 64;
  const std::thread::id caller = std::this_thread::get_id();
  for (int job = 0; job < 300; ++job) {
    std::vector<int> by_caller(kTiles, -1);
    auto tile = [&](size_t t) {
      by_caller[t] = std::this_thread::get_id() == caller;
      // Uneven tiles, so that stealing happens in some jobs.
      volatile double x = 0;
      for (size_t i = 0; i < (t % 7) * 200; ++i) x = x + 1.0;
    };
    pool.parallel_for(2, kTiles, tile);
    size_t runs[2] = {0, 0};
    for (size_t t = 0; t < kTiles; ++t) {
      REQUIRE(by_caller[t] >= 0);
      if (t == 0 || by_caller[t] != by_caller[t - 1]) ++runs[by_caller[t]];
    }
    INFO("job " << job << ": caller runs " << runs[1] << ", worker runs " << runs[0]);
    CHECK(runs[0] <= 2);
    CHECK(runs[1] <= 2);
  }
  pool.set_capacity(saved);
}

// Between a run's steps workers keep spinning (RunScope); after the run
// they block (an idle pool uses no CPU), and a run's start wakes them.
// Polls with a generous deadline: on a loaded machine a worker may be
// descheduled for a while.
template <class Condition>
bool eventually(Condition condition) {
  for (int i = 0; i < 500; ++i) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return condition();
}

bool all_blocked(const ThreadPool& pool) {
  const ThreadPool::Stats stats = pool.stats();
  return stats.workers > 0 && stats.blocked_now == stats.workers;
}

TEST_CASE("thread pool: workers block after a run ends, and a run's start wakes them", "[threads][pool]") {
  ThreadPool& pool = ThreadPool::shared();
  const size_t saved = pool.max_threads();
  pool.set_capacity(2);
  std::atomic<int> hits{0};
  auto tile = [&](size_t) { hits.fetch_add(1); };
  {
    ThreadPool::RunScope run(2);
    pool.parallel_for(2, 8, tile);
  }
  CHECK(eventually([&] { return all_blocked(pool); }));
  const size_t blocks = pool.stats().worker_blocks;
  {
    // The start wakes the blocked workers; with no job coming they spin for
    // the run spin time and block again, still inside the run.
    ThreadPool::RunScope run(2);
    CHECK(eventually([&] { return pool.stats().worker_blocks > blocks; }));
    pool.parallel_for(2, 8, tile);
  }
  CHECK(hits.load() == 16);
  CHECK(eventually([&] { return all_blocked(pool); }));
  const ThreadPool::Stats stats = pool.stats();
  CHECK(stats.runs >= 2);
  CHECK(stats.caller_tiles <= stats.tiles);
  pool.set_capacity(saved);
}

// A session on fewer threads than the pool has: the workers it leaves out
// sleep through its runs (no wake at the run's start, no spin between its
// jobs), and the others still take part. Before, each left-out worker woke
// at every run's start and saw every job while it spun.
TEST_CASE("thread pool: workers beyond a run's threads sleep through its jobs", "[threads][pool]") {
  ThreadPool& pool = ThreadPool::shared();
  const size_t saved = pool.max_threads();
  pool.set_capacity(4);
  std::atomic<int> hits{0};
  std::atomic<int> by_left_out{0};
  auto tile = [&](size_t) {
    hits.fetch_add(1);
    if (ThreadPool::participant_index() >= 2) by_left_out.fetch_add(1);
  };
  CHECK(eventually([&] { return all_blocked(pool); }));
  const size_t skipped = pool.stats().skipped_jobs;
  constexpr int kRuns = 20, kJobs = 50;
  for (int r = 0; r < kRuns; ++r) {
    ThreadPool::RunScope run(2);
    for (int j = 0; j < kJobs; ++j) pool.parallel_for(2, 8, tile);
  }
  CHECK(hits.load() == kRuns * kJobs * 8);
  CHECK(by_left_out.load() == 0);
  // Each left-out worker may see a job or two while it goes to sleep; not
  // one per job of 1,000 (2,000 for the two of them before).
  CHECK(pool.stats().skipped_jobs - skipped < 40);
  // A run on all four still wakes all three workers: each blocks again
  // after its run spin, so the blocks grow by at least three.
  CHECK(eventually([&] { return all_blocked(pool); }));
  const size_t blocks = pool.stats().worker_blocks;
  {
    ThreadPool::RunScope run(4);
    CHECK(eventually([&] { return pool.stats().worker_blocks >= blocks + 3; }));
    pool.parallel_for(4, 64, tile);
  }
  CHECK(hits.load() == kRuns * kJobs * 8 + 64);
  pool.set_capacity(saved);
}

// More tiles than the 65,535 claim units of a job: grouped, each still
// runs exactly once.
// An owner stuck in a tile has the rest of its segment stolen, and the pool
// counts the stolen tiles (ThreadPool::Stats::stolen_tiles). Here the
// worker's first tile (2) waits until its last (3) has run, which only the
// caller can do; without the theft the job would never end (the tile gives
// up after 10 s and the check fails instead).
TEST_CASE("thread pool: an owner's last tile is stolen when the owner is stuck", "[threads][pool]") {
  ThreadPool& pool = ThreadPool::shared();
  const size_t saved = pool.max_threads();
  pool.set_capacity(2);
  const size_t stolen_before = pool.stats().stolen_tiles;
  for (int job = 0; job < 20; ++job) {
    std::atomic<bool> last_ran{false}, gave_up{false};
    std::atomic<int> hits{0};
    auto tile = [&](size_t t) {
      hits.fetch_add(1);
      if (t == 3) last_ran.store(true);
      if (t != 2) return;
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      while (!last_ran.load()) {
        if (std::chrono::steady_clock::now() > deadline) {
          gave_up.store(true);
          return;
        }
        std::this_thread::yield();
      }
    };
    pool.parallel_for(2, 4, tile);
    INFO("job " << job);
    CHECK(hits.load() == 4);
    CHECK(last_ran.load());
    CHECK_FALSE(gave_up.load());
  }
  // Tile 3 cannot run on its owner before tile 2 ends: the caller stole it
  // in every job (the worker ran tile 2 or came late; either way, a theft).
  CHECK(pool.stats().stolen_tiles >= stolen_before + 20);
  pool.set_capacity(saved);
}

TEST_CASE("thread pool: a job of more tiles than claim units runs each tile once", "[threads][pool]") {
  ThreadPool& pool = ThreadPool::shared();
  const size_t saved = pool.max_threads();
  pool.set_capacity(3);
  constexpr size_t kTiles = 200003;
  std::vector<std::atomic<uint8_t>> hits(kTiles);
  auto tile = [&](size_t t) { hits[t].fetch_add(1, std::memory_order_relaxed); };
  pool.parallel_for(3, kTiles, tile);
  size_t wrong = 0;
  for (auto& h : hits) wrong += h.load() != 1;
  CHECK(wrong == 0);
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
