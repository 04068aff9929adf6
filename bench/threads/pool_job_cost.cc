// What one job of the thread pool costs natively: 2 threads, jobs of 16
// tiles of a few ns each, 60 batches of 1,000 jobs; prints us per job (the
// fastest batch, the 25th percentile and the median).
//
// An A/B of two pools (e.g. main's and this checkout's), each compiled from
// its own tree, run alternately:
//   for d in /tmp/base-tree .; do
//     g++ -O2 -std=c++17 -pthread -I$d/src bench/threads/pool_job_cost.cc $d/src/core/thread_pool.cc \
//       -o /tmp/pool_job_cost-$(basename $d); done
//   for i in 1 2 3; do /tmp/pool_job_cost-base-tree; /tmp/pool_job_cost-.; done
// (The wasm pool differs: there every atomic store is a full fence.)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "core/thread_pool.h"

int main(int argc, char** argv) {
  const int spin = argc > 1 ? std::atoi(argv[1]) : 50;  // work per tile
  nnslim::ThreadPool& pool = nnslim::ThreadPool::shared();
  pool.set_capacity(2);
  volatile double sink = 0;
  auto tile = [&](size_t) {
    double x = 0;
    for (int i = 0; i < spin; ++i) x += i * 0.5;
    sink = sink + x;
  };
  std::vector<double> batches;
  nnslim::ThreadPool::RunScope run(2);  // workers spin between jobs, as in a model run
  for (int b = 0; b < 60; ++b) {
    const auto start = std::chrono::steady_clock::now();
    for (int j = 0; j < 1000; ++j) pool.parallel_for(2, 16, tile);
    batches.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count() / 1000);
  }
  std::sort(batches.begin(), batches.end());
  std::printf("us per job: fastest %.3f, p25 %.3f, median %.3f\n", batches[0], batches[15], batches[30]);
}
