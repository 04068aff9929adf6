// Whether a run of a plan splits its steps over the session's threads or
// runs them all on the calling thread, from the plan's own measured run
// times (Session::execute).
//
// Why: a 2-thread run pays for waking the pool, and what that costs depends
// on how long the pool slept and on the machine, not on the model alone. On
// the 2-vCPU VM the project is measured on (docs/runtime.md, "Threads",
// "Spaced runs"): a blocked worker wakes in ~35 us when its CPU idled up to
// ~2 ms, but after 5-50 ms idle it runs 0.6-4.6 ms later, often first on the
// caller's own CPU (the guest kernel packs woken threads onto a busy vCPU),
// where it takes the caller's time. So a ~1 ms model that gains 1.4x back to
// back ran 0.6x after a 20 ms pause, while MobileNetV2 (6-11 ms) still
// gained 1.2x. No fixed threshold serves every model and machine; results
// are the same bits on any thread count, so each plan just measures both.
//
// How: runs fall into classes by the pause before them (the time since the
// plan's previous run ended: back to back, under kGapLimitsUs[0], and so
// on), since the pool's state follows the pause. Per class, the last
// kSamples run times with N threads give a typical time (their
// interquartile mean); a run on the calling thread does not touch the
// pool, so one typical time of the last kSamples 1-thread runs serves every
// class (measured: 1-thread MobileNetV2 10.5 ms back to back, 10.7 after
// 20 ms; ppocr-cls 1.00 and 1.04 ms). A class runs N threads until it has
// kMinSamples of them (the behaviour without this choice), then 1 thread
// while fewer than kMinSamples 1-thread runs exist, then the faster;
// every `explore_every` runs it tries the other choice once
// to follow changes (the machine's load, the pool kept awake by another
// model): the interval doubles each time the other choice loses again (up
// to kMaxExploreEvery), so a clear winner costs ~1/1000 of runs, and an
// explored run faster than the current choice's typical time is tried
// again on the next run, until the typical times agree (a change is
// followed within a few runs) or it loses. Why the interquartile mean, not the median: after a
// 20 ms pause MobileNetV2's 2-thread runs fall in two groups, ~6 ms (the
// worker woke on its own CPU) and ~11.7 ms (it shared the caller's), about
// half each; their median sat on the 1-thread time (10.9 ms), so a median
// choice flipped between the two and ran 1 thread in 60% of the runs
// (0.99-1.01x), while their mean, ~9 ms, is what a page running once per
// frame gets from 2 threads. Dropping a quarter at each end still ignores
// a moment's interference from another process (two runs of eight). With
// the interquartile mean alone it still ran 1 thread in a third of those
// runs (eight samples of two groups are noisy), and with a 5% margin in
// 6-13 of 40 (1.01-1.02x against 1.06-1.18x always splitting, same
// process): hence kSplitMargin at 15%.
//
// An exploration of N threads that follows a run on the calling thread
// splits twice and counts the second run only: the first wakes a pool that
// slept through the 1-thread runs, which back-to-back splits never pay (a
// ~1 ms model measured 1.7 ms on such a first run and 0.7 ms back to back,
// so counting it kept the choice on 1 thread while 2 were 1.4x faster).
#pragma once
#include <cstddef>
#include <cstdint>

namespace nnslim {

class ThreadChoice {
 public:
  // A plan's first kWarmupRuns runs use the session's threads and are not
  // measured: early in a process the pool's split runs are slow for a while
  // (ppocr-cls, a 1-thread and a 2-thread model alternating in a fresh
  // process: splits of 1.0-2.1 ms in its first ~40 runs, 0.61-0.68 ms from
  // about the 65th, against 0.92-0.95 ms on 1 thread), and a choice made on
  // those samples kept it on 1 thread for the next exploration intervals
  // (bench/threads/compare_modules.mjs, 100 rounds: 1.17x-1.34x against
  // 1.41x-1.43x without the choice; MLP 0.99x-1.04x against 1.19x-1.32x).
  static constexpr uint32_t kWarmupRuns = 64;
  explicit ThreadChoice(uint32_t warmup_runs = kWarmupRuns) : warmup_left_(warmup_runs) {}

  // Pause classes: [0, 500 us), [500 us, 3 ms), [3 ms, 12 ms), 12 ms and
  // more. The limits follow the VM's wake-up measurements above (~35 us up
  // to ~2 ms idle, slow from ~5 ms); a class that holds two regimes only
  // makes its typical times noisier.
  static constexpr int kClasses = 4;
  static constexpr double kGapLimitsUs[kClasses - 1] = {500, 3000, 12000};
  static constexpr int kSamples = 8;
  static constexpr int kMinSamples = 3;
  static constexpr uint32_t kFirstExploreEvery = 8;
  static constexpr uint32_t kMaxExploreEvery = 1024;
  // N threads faster by kClearWin or more try 1 thread every
  // kClearExploreEvery runs at first, not every kFirstExploreEvery: with
  // tries after 8, 16 and 32 runs, 60 back-to-back MobileNetV2 int8 runs
  // (2 threads 1.8x faster) held 3-4 on 1 thread, and their median moved
  // (bench/threads/compare_modules.mjs: 1.61x against main's 1.78x). A
  // clear 1-thread win keeps the short interval: with 64 there, ppocr-cls
  // and the int8 MLP stayed on 1 thread back to back after cold first
  // splits (spaced_runs gap 0: 0.99x and 1.00x against main's 1.43x and
  // 1.37x).
  static constexpr double kClearWin = 1.5;
  static constexpr uint32_t kClearExploreEvery = 64;

  static int gap_class(double gap_us);
  // 1 thread is chosen only when N threads' typical time is more than 15%
  // slower: near-ties keep the split (the behaviour without this choice),
  // and a bimodal N-thread class (below) does not flip back and forth. The
  // losses it is for are far larger (a ~1 ms model 1.7x slower on 2
  // threads after a pause, a 40 us one 2.2x).
  static constexpr double kSplitMargin = 1.15;
  static bool split_wins(double split_us, double single_us);

  // Off: every run uses the session's threads (tests that count a run's
  // jobs, benchmarks that compare with and without). Process-wide.
  static bool& enabled() {
    static bool on = true;
    return on;
  }

  // Threads for the next run (`threads`, the session's, or 1) after a pause
  // of gap_us; counts the run toward its class's exploration.
  size_t choose(size_t threads, double gap_us);
  // The run just chosen took run_us with `used` threads (1 or more).
  void record(size_t used, double gap_us, double run_us);

  // For tests and profiles: a class's typical run time with N threads
  // (`split`) or the 1-thread one (any class); 0 without kMinSamples
  // samples.
  double typical_us(int gap_class, bool split) const;

 private:
  struct Times {
    float us[kSamples] = {};
    int count = 0, next = 0;
    void add(double run_us);
    // The interquartile mean: the mean of the samples left when the
    // fastest and the slowest quarter are dropped; 0 below kMinSamples.
    double typical() const;
  };
  struct Class {
    Times split;  // N threads
    uint32_t explore_every = kFirstExploreEvery;
    uint32_t since_explore = 0;
    bool exploring = false;  // the run chosen last tries the other choice
    bool warming = false;    // ... and splits after a 1-thread run: not counted
    bool confirming = false; // the next run of the class repeats the split, counted
    bool best_split = true;  // the choice the last exploration confirmed
  };
  Class classes_[kClasses];
  uint32_t warmup_left_;  // runs still to split unmeasured
  bool warmup_run_ = false;  // the run chosen last is one of them
  Times single_;  // 1 thread, any pause
  bool last_single_ = false;  // the last recorded run used 1 thread
};

}  // namespace nnslim
