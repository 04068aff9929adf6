#include "runtime/thread_choice.h"

#include <algorithm>

namespace nnslim {

constexpr double ThreadChoice::kGapLimitsUs[];

// Near-ties go to the split (the behaviour without this choice): 1 thread
// wins only when N threads are slower by more than the margin.
bool ThreadChoice::split_wins(double split_us, double single_us) { return split_us <= single_us * kSplitMargin; }

int ThreadChoice::gap_class(double gap_us) {
  int c = 0;
  while (c < kClasses - 1 && gap_us >= kGapLimitsUs[c]) ++c;
  return c;
}

void ThreadChoice::Times::add(double run_us) {
  us[next] = static_cast<float>(run_us);
  next = (next + 1) % kSamples;
  count = std::min(count + 1, kSamples);
}

double ThreadChoice::Times::typical() const {
  if (count < kMinSamples) return 0;
  float sorted[kSamples];
  for (int i = 0; i < count; ++i) {  // insertion sort: at most kSamples
    int j = i;
    for (; j > 0 && sorted[j - 1] > us[i]; --j) sorted[j] = sorted[j - 1];
    sorted[j] = us[i];
  }
  const int drop = count / 4;
  double sum = 0;
  for (int i = drop; i < count - drop; ++i) sum += sorted[i];
  return sum / (count - 2 * drop);
}

size_t ThreadChoice::choose(size_t threads, double gap_us) {
  if (threads <= 1) return 1;
  if (warmup_left_ > 0) {
    --warmup_left_;
    warmup_run_ = true;
    return threads;
  }
  Class& c = classes_[gap_class(gap_us)];
  if (c.confirming) {  // the measured run of a split exploration
    c.confirming = false;
    c.exploring = true;
    return threads;
  }
  c.exploring = false;
  if (c.split.count < kMinSamples) return threads;
  if (single_.count < kMinSamples) return 1;
  const double split_us = c.split.typical(), single_us = single_.typical();
  const bool best_split = split_wins(split_us, single_us);
  if (best_split != c.best_split) {  // the other choice won: explore often again
    c.best_split = best_split;
    c.explore_every = kFirstExploreEvery;
    c.since_explore = 0;
  }
  // N threads clearly faster: try 1 thread rarely from the start. (Not the
  // other way: a class stuck on 1 thread loses what threads are for, and
  // its first split samples may be cold ones.)
  if (best_split && single_us >= kClearWin * split_us)
    c.explore_every = std::max(c.explore_every, kClearExploreEvery);
  if (++c.since_explore >= c.explore_every) {
    c.since_explore = 0;
    c.exploring = true;
    // A split right after a run on the calling thread wakes a pool that
    // slept through it: it runs unmeasured, and the next run of the class
    // splits again and counts.
    c.warming = !best_split && last_single_;
    return best_split ? 1 : threads;
  }
  return best_split ? threads : 1;
}

void ThreadChoice::record(size_t used, double gap_us, double run_us) {
  if (warmup_run_) {
    warmup_run_ = false;
    last_single_ = used <= 1;
    return;
  }
  Class& c = classes_[gap_class(gap_us)];
  last_single_ = used <= 1;
  if (c.warming) {
    c.warming = false;
    c.exploring = false;
    c.confirming = true;
    return;
  }
  (used > 1 ? c.split : single_).add(run_us);
  if (!c.exploring) return;
  c.exploring = false;
  const bool best_split = split_wins(c.split.typical(), single_.typical());
  if (best_split != c.best_split) return;  // it won: the next choose() switches
  // The explored run beat the current choice's typical time, but its
  // stale samples still outvote it: try again on the next run, so that a change
  // (a core freed again) is followed within a few runs. Else it lost
  // again: wait twice as long before the next try.
  if (best_split ? !split_wins(c.split.typical(), run_us) : split_wins(run_us, single_.typical()))
    c.since_explore = c.explore_every;
  else
    c.explore_every = std::min(2 * c.explore_every, kMaxExploreEvery);
}

double ThreadChoice::typical_us(int gap_class, bool split) const {
  if (gap_class < 0 || gap_class >= kClasses) return 0;
  const Class& c = classes_[gap_class];
  return split ? c.split.typical() : single_.typical();
}

}  // namespace nnslim
