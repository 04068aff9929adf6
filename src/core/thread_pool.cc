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

using Clock = std::chrono::steady_clock;

// How long a thread spins on an atomic before blocking, outside a model run:
// bounded, so an idle pool sleeps, and short, so spinning workers take
// little from other processes on a shared machine.
constexpr std::chrono::microseconds kSpinTime{30};
// How long during a run (RunScope). A longer spin keeps workers awake across
// the serial stretches of a model (MobileNetV2: 2-120 us), but a worker that
// spins while another process holds its core gets scheduled beside the
// caller and takes the caller's time: MobileNetV2 b1 2 vs 1 thread with a
// CPU-bound process on the other core, same run
// (bench/threads/compare_modules.mjs): 0.94x with 30 us, 0.80x with 150 us,
// 0.58x with 1 ms; on an idle machine the same builds measured 1.76x (30 us)
// and 1.82x (1 ms), within the run-to-run swing of this VM. So the run spin
// stays short; a run's start still wakes blocked workers.
constexpr std::chrono::microseconds kRunSpinTime{30};

// How long a worker that ran out of tiles waits for the job's other
// participants to finish theirs before its spin for the next job starts:
// about one tile of a large step (MobileNetV2's largest, 1 ms on one
// thread, makes 16 tiles of ~60 us on 2). Measured (MobileNetV2 f32 b1,
// 2 threads, `chrt -f 5 node bench/threads/profile_steps.mjs --iterations
// 30`, pool counters per run): worker blocks per run 4.5-5 -> 1.1 (the one
// after the run), the caller's wait for workers 390 -> 290 us per run.
// Bounded, because a worker that spins beside a caller descheduled from
// its core, or sharing one with it, burns time the caller could use.
// Unlike the run spin it lasts only while a job's tiles are still running
// (it ends when `done` is full), and without chrt beside a CPU hog it did
// not measurably lose: 2 vs 1 thread, builds with 100 us and with 30 us
// (this spin and the caller's wait) in one process, `node -e 'for(;;){}' &`
// pinned nowhere, `node bench/threads/compare_modules.mjs --base OTHER
// --iterations 40`, load average 3.2-5.8 before the hog: 100 us first
// 1.19x / 1.15x / 1.07x vs 30 us 1.11x / 1.05x / 1.04x; 30 us first 1.18x
// / 1.08x vs 100 us 1.11x / 1.04x. The build loaded first wins by 0.03-0.1
// whichever it is: no difference above that swing (docs/runtime.md).
constexpr std::chrono::microseconds kJobEndSpinTime{100};

// Spins until ready() or limit() (a duration, asked again as the spin goes
// on) has passed since the spin began; true when ready().
template <class Ready, class Limit>
bool spin_until(Ready ready, Limit limit) {
  const auto start = Clock::now();
  for (;;) {
    for (int i = 0; i < 64; ++i)
      if (ready()) return true;
    if (Clock::now() - start >= limit()) return ready();
  }
}

// Set on pool workers and on a caller while it runs tiles: a parallel_for
// inside a tile runs inline (no nested jobs).
thread_local bool in_job = false;
// ThreadPool::participant_index(): set once on each worker.
thread_local size_t participant = 0;

int64_t ticks_now() { return Clock::now().time_since_epoch().count(); }
double ticks_to_us(int64_t ticks) { return std::chrono::duration<double, std::micro>(Clock::duration(ticks)).count(); }

}  // namespace

// Who runs which tile. Each participant t of a job owns a contiguous
// segment of its tiles, [t * units / threads, (t + 1) * units / threads):
// it claims its own from the front and, when they are gone, steals the
// others' from the back. The caller is participant 0 and owns the first
// segment, worker i owns segment i + 1. So in consecutive steps split the
// same way (a model's convs, depthwise convs and elementwise ops all split
// NHWC pixel ranges in order) each thread works on the pixels it wrote
// itself, which are still in its own core's cache. A shared "next tile"
// counter instead gives each thread random tiles, and on a 2-core Zen 4
// that made memory-bound steps slower on 2 threads than on 1: half of
// every input came from the other core's cache (docs/runtime.md,
// "Threads"). Stealing keeps the balance when a thread is slowed.
//
// A segment is one 64-bit word: the job's number (32 bits, as the global
// job word's low 32), begin and end (16 bits each). Claims are
// compare-and-swaps on the whole word, so a worker that wakes late for a
// job that has finished (and the next one begun) can never claim a tile of
// the wrong job; it just finds the number changed. The caller waits only
// for the job's tiles to be done, not for every worker to show up: on a
// machine shared with other processes a descheduled worker costs nothing.
// More than 65,535 tiles are grouped into that many claim units.
//
// A job's parameters (tile count, function, context) live in one of two
// slots, chosen by the job number's parity. The caller fills job N + 1's
// slot while a late worker of job N may still be reading job N's. With one
// shared slot, a worker of job N could read job N + 1's parameters before
// job N + 1 was published and run job N's tiles with them (with a shared
// tile counter this made a worker claim a tile that did not exist and the
// caller wait forever: tests/cpp/thread_pool_test.cc reproduces the hang).
// Slot N % 2 is rewritten only for job N + 2, after job N + 1 was
// published, which needs every tile of job N claimed and done: a worker
// that read a rewritten slot then finds every segment of job N empty or
// renumbered and claims nothing. The parameters are written with release
// and read with acquire: reading a slot orders the segment loads after.
constexpr int kNumberShift = 32;
constexpr int kBeginShift = 16;
constexpr uint64_t kUnitMask = 0xffff;
constexpr size_t kMaxUnits = kUnitMask;  // claim units per job
constexpr size_t kMaxParticipants = 64;  // segments (threads per job)

uint64_t segment_word(uint64_t number, size_t begin, size_t end) {
  return (number & 0xffffffffu) << kNumberShift | uint64_t(begin) << kBeginShift | uint64_t(end);
}
uint64_t word_number(uint64_t word) { return word >> kNumberShift; }
size_t word_begin(uint64_t word) { return static_cast<size_t>((word >> kBeginShift) & kUnitMask); }
size_t word_end(uint64_t word) { return static_cast<size_t>(word & kUnitMask); }
// The blocked_mask bits of a job's or run's workers: workers 0 .. threads - 2.
uint64_t workers_mask(size_t threads) {
  const size_t workers = threads - 1;  // threads >= 1
  return workers >= 64 ? ~uint64_t{0} : (uint64_t{1} << workers) - 1;
}

struct ThreadPool::State {
  std::mutex mutex;                  // guards sleeping and waking (no lost wake-ups)
  std::condition_variable wake;      // workers: a new job number
  std::condition_variable finished;  // the caller: the job's last tile is done
  std::mutex dispatch;               // one job at a time (callers on several threads)
  std::vector<std::thread> workers;
  // The words threads poll each get a cache line of their own: a spinning
  // worker reads `job`, a waiting caller `done`; a write to another word on
  // the polled line (the caller's counters, the other's claims) would pull
  // the line away from the poller and back on every job.
  alignas(64) std::atomic<uint64_t> job{0};  // the current job's number (workers wait for it to change)
  // Claim units finished, a running total over all jobs: a job is done when
  // it has grown by the job's units from the job's done_base. (Reset to 0
  // per job it cost the caller one more store to a line the worker wrote
  // last, on every job: in wasm every atomic store is a full fence, so it
  // waits out the line's trip from the other core.) Wraps harmlessly: only
  // differences are compared.
  alignas(64) std::atomic<size_t> done{0};
  alignas(64) std::atomic<int> active_runs{0};  // RunScopes alive (spin policy)
  std::atomic<uint32_t> run_epoch{0};  // bumped by each run's start: wakes blocked workers
  // Workers in wake.wait, bit i for worker i (participant i + 1): a job or
  // run start notifies only when one of its own workers sleeps, so workers a
  // session leaves out (numThreads below the pool's size) can sleep through
  // its runs without costing each job a notify.
  std::atomic<uint64_t> blocked_mask{0};
  // The threads of the runs in progress (the most of them): workers beyond
  // it stay asleep through run starts and do not spin between jobs. Before,
  // every worker woke at each run's start and spun through its jobs, on a
  // 2-core machine taking the cores from the run (the Chromium TF.js bench,
  // a pool of 4 for a 2-thread model: 0.5-2.4 ms of CPU per run each).
  std::atomic<size_t> run_threads{0};
  std::atomic<size_t> skipped_jobs{0};  // jobs a worker saw and had no part in (stats)
  std::atomic<bool> caller_blocked{false};  // the caller in finished.wait
  std::atomic<bool> worker_trapped{false};  // ThreadPool::worker_trapped(): no job can finish

  // Stats (ThreadPool::stats): workers count their blocks; the rest is
  // written by the caller under the dispatch lock.
  alignas(64) std::atomic<size_t> worker_blocks{0};
  alignas(64) size_t tiles_total = 0;
  size_t caller_tiles = 0, caller_blocks = 0;
  std::atomic<size_t> runs{0};
  double caller_wait_us = 0;
  // When the workers were last told to wake (a run's start or a job for
  // blocked workers) and when the current run began, in Clock ticks: a
  // woken worker adds its wake latency, and the first tile it claims in a
  // run the delay from the run's start (how late a worker arrives after a
  // pause, the spaced-runs profile in docs/runtime.md).
  alignas(64) std::atomic<int64_t> notified_at{0};
  std::atomic<int64_t> run_started_at{0};
  alignas(64) std::atomic<size_t> wakes{0}, first_claims{0};
  std::atomic<int64_t> wake_ticks{0}, first_claim_ticks{0};

  struct alignas(64) JobSlot {
    std::atomic<size_t> tiles{0}, units{0}, unit_tiles{1}, participants{0}, done_base{0};
    std::atomic<TileFn> fn{nullptr};
    std::atomic<void*> context{nullptr};
  };
  JobSlot slots[2];
  JobSlot& slot(uint64_t number) { return slots[number & 1]; }

  // One cache line per segment: participants claim their own without
  // contending with each other.
  struct alignas(64) Segment {
    std::atomic<uint64_t> word{0};
  };
  Segment segments[kMaxParticipants];
  // Tiles each participant ran from another's segment, on lines of their
  // own: a shared counter written after a theft, before the `done` count,
  // would add a trip of its line between the cores to the job's end.
  struct alignas(64) Counter {
    std::atomic<size_t> count{0};
  };
  Counter stolen_tiles[kMaxParticipants];

  // Claims one unit of job `number` from segment `index`, from its front
  // (the owner) or its back (a thief); false when the segment is empty or
  // belongs to another job. `unit` is the claimed one; `stale` tells the
  // caller the job has changed.
  // `guess`, when not 0, is the word the segment is expected to hold: the
  // claim starts with a compare-and-swap on it instead of a load (an owner's
  // first claim of a job, on the word the caller just wrote: one trip of
  // the line from the caller's core instead of a load's and then the
  // compare-and-swap's). A wrong guess only costs the failed attempt.
  bool claim(size_t index, uint64_t number, bool front, size_t& unit, bool& stale, uint64_t guess = 0) {
    std::atomic<uint64_t>& word = segments[index].word;
    uint64_t seen = guess;
    if (guess == 0) seen = word.load(std::memory_order_acquire);
    for (;;) {
      if (word_number(seen) != (number & 0xffffffffu)) {
        stale = true;
        return false;
      }
      const size_t begin = word_begin(seen), end = word_end(seen);
      if (begin >= end) return false;
      unit = front ? begin : end - 1;
      const uint64_t claimed = front ? segment_word(number, begin + 1, end) : segment_word(number, begin, end - 1);
      if (word.compare_exchange_weak(seen, claimed, std::memory_order_acq_rel, std::memory_order_acquire)) return true;
    }
  }

  // Participant `self` runs units of job `number`: its own segment's from
  // the front, then the others' from the back, until none is left or the
  // job has changed; returns how many tiles it ran.
  size_t claim_tiles(uint64_t number, size_t self) {
    JobSlot& params = slot(number);
    const size_t tiles = params.tiles.load(std::memory_order_acquire);
    const size_t units = params.units.load(std::memory_order_acquire);
    const size_t unit_tiles = params.unit_tiles.load(std::memory_order_acquire);
    const size_t participants = params.participants.load(std::memory_order_acquire);
    const size_t done_base = params.done_base.load(std::memory_order_acquire);
    const TileFn f = params.fn.load(std::memory_order_acquire);
    void* c = params.context.load(std::memory_order_acquire);
    if (self >= participants || participants > kMaxParticipants) return 0;
    size_t ran = 0, ran_units = 0, stolen = 0;
    bool stale = false;
    auto run_unit = [&](size_t unit) {
      const size_t first = unit * unit_tiles;
      const size_t last = std::min(tiles, first + unit_tiles);
      for (size_t t = first; t < last; ++t) f(c, t);
      ran += last - first;
      ++ran_units;
    };
    size_t unit;
    uint64_t guess = segment_word(number, self * units / participants, (self + 1) * units / participants);
    for (; claim(self, number, true, unit, stale, guess); guess = 0) run_unit(unit);
    // Then the others' units, from the back (counted: each stolen tile
    // reads its input from the other core and leaves its output there).
    for (size_t k = 1; k < participants && !stale; ++k) {
      const size_t index = (self + k) % participants;
      while (claim(index, number, false, unit, stale)) {
        const size_t before = ran;
        run_unit(unit);
        stolen += ran - before;
      }
    }
    if (stolen > 0) stolen_tiles[self].count.fetch_add(stolen, std::memory_order_relaxed);
    // The units count as done once, when this participant finds none left
    // to claim: one write of the shared `done` line per participant and
    // job, not one per tile (each write takes the line from the other
    // core). Nothing waits on a partial count: the caller needs all.
    // The last units wake the caller if it blocked. `done` and
    // `caller_blocked` are both sequentially consistent: the caller sets
    // the flag before its last look at `done` (under the mutex), so either
    // it sees these units done or this sees it blocked.
    if (ran_units > 0 && done.fetch_add(ran_units, std::memory_order_seq_cst) + ran_units - done_base == units &&
        caller_blocked.load(std::memory_order_seq_cst)) {
      std::lock_guard<std::mutex> lock(mutex);
      finished.notify_one();
    }
    return ran;
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
    participant = index + 1;
    uint64_t seen = 0;
    uint32_t claimed_epoch = 0;  // the run whose first claim this worker counted
    const uint64_t my_bit = uint64_t{1} << index;
    auto fresh = [&] { return job.load(std::memory_order_seq_cst) != seen; };
    // A new job this worker takes part in (the slot may already hold a later
    // job's parameters: then that job's, which is the one that matters).
    auto fresh_for_me = [&] {
      const uint64_t number = job.load(std::memory_order_seq_cst);
      return number != seen && slot(number).participants.load(std::memory_order_acquire) > index + 1;
    };
    auto in_runs = [&] { return index + 1 < run_threads.load(std::memory_order_relaxed); };
    for (;;) {
      // Spins kRunSpinTime while a run that includes this worker is active,
      // not at all while only runs without it are, else kSpinTime: a run
      // that ends cuts a worker's spin short.
      auto spin_time = [&] {
        if (active_runs.load(std::memory_order_relaxed) == 0) return kSpinTime;
        return in_runs() ? kRunSpinTime : std::chrono::microseconds{0};
      };
      if (!spin_until(fresh, spin_time)) {
        // Block until a new job or a run's start (which restarts the spin,
        // so the run's first job finds this worker awake). A dispatcher or
        // run start that sees no blocked worker skips the notify: the
        // counter and the words are sequentially consistent, so a worker
        // counted after that look still sees the new job or epoch.
        std::unique_lock<std::mutex> lock(mutex);
        const uint32_t epoch = run_epoch.load(std::memory_order_seq_cst);
        blocked_mask.fetch_or(my_bit, std::memory_order_seq_cst);
        worker_blocks.fetch_add(1, std::memory_order_relaxed);
        wake.wait(lock, [&] {
          return fresh_for_me() || (run_epoch.load(std::memory_order_seq_cst) != epoch && in_runs());
        });
        blocked_mask.fetch_and(~my_bit, std::memory_order_seq_cst);
        // (Stats only. A worker whose predicate held before it slept counts
        // a wake too, timed from an older notify, or none yet: skipped.)
        const int64_t notified = notified_at.load(std::memory_order_relaxed);
        wakes.fetch_add(1, std::memory_order_relaxed);
        if (notified != 0) wake_ticks.fetch_add(ticks_now() - notified, std::memory_order_relaxed);
        if (!fresh()) continue;  // woken by a run's start: spin for its first job
      }
      seen = job.load(std::memory_order_acquire);
      // Worker i is participant i + 1. A worker outside the job (a session
      // on fewer threads than the pool has) has no tiles and no job end to
      // wait for: it goes straight back to the spin for the next job. (If
      // the slot was refilled meanwhile, job `seen` is done.)
      const JobSlot& params = slot(seen);
      const size_t participants = params.participants.load(std::memory_order_acquire);
      const size_t units = params.units.load(std::memory_order_acquire);
      const size_t done_base = params.done_base.load(std::memory_order_acquire);
      if (index + 1 >= participants) {
        skipped_jobs.fetch_add(1, std::memory_order_relaxed);
        continue;
      }
      // The clock only for a run's first claim: read on every job it
      // delayed each job's start for a statistic (a call out to JS here).
      const bool first_in_run = claimed_epoch != run_epoch.load(std::memory_order_relaxed);
      const int64_t arrived = first_in_run ? ticks_now() : 0;
      if (claim_tiles(seen, index + 1) > 0 && first_in_run) {
        claimed_epoch = run_epoch.load(std::memory_order_relaxed);
        first_claims.fetch_add(1, std::memory_order_relaxed);
        first_claim_ticks.fetch_add(arrived - run_started_at.load(std::memory_order_relaxed), std::memory_order_relaxed);
      }
      // The spin for the next job starts when this one ends: while another
      // participant still runs its last tiles (up to a tile's time) the
      // next job cannot come, and a worker that blocked meanwhile would
      // wake late for it.
      spin_until([&] { return fresh() || done.load(std::memory_order_acquire) - done_base >= units; },
                 [] { return kJobEndSpinTime; });
    }
  }
};

ThreadPool::ThreadPool() : state_(new State), capacity_(std::max(1u, std::thread::hardware_concurrency())) {}

size_t ThreadPool::max_threads() const { return capacity_; }

size_t ThreadPool::participant_index() { return participant; }

// Starts the workers now (their stacks and thread state are allocated
// here, once, not by a model's first run).
void ThreadPool::set_capacity(size_t threads) {
  capacity_ = std::max<size_t>(1, threads);
  std::lock_guard<std::mutex> dispatch(state_->dispatch);
  state_->start_workers(capacity_ - 1);
}

void ThreadPool::run(size_t threads, size_t tiles, TileFn fn, void* context) {
  threads = std::min({threads, capacity_, tiles, kMaxParticipants});
  if (threads <= 1 || in_job) {
    for (size_t t = 0; t < tiles; ++t) fn(context, t);
    return;
  }
  State& s = *state_;
  std::lock_guard<std::mutex> dispatch(s.dispatch);
  s.start_workers(threads - 1);
  jobs_dispatched_.fetch_add(1, std::memory_order_relaxed);
  const size_t unit_tiles = (tiles + kMaxUnits - 1) / kMaxUnits;
  const size_t units = (tiles + unit_tiles - 1) / unit_tiles;
  const uint64_t number = s.job.load(std::memory_order_relaxed) + 1;
  State::JobSlot& params = s.slot(number);
  params.tiles.store(tiles, std::memory_order_release);
  params.units.store(units, std::memory_order_release);
  params.unit_tiles.store(unit_tiles, std::memory_order_release);
  params.participants.store(threads, std::memory_order_release);
  // Every unit of the earlier jobs is counted by now (the caller waited for
  // them), so the running total is this job's base.
  const size_t done_base = s.done.load(std::memory_order_relaxed);
  params.done_base.store(done_base, std::memory_order_release);
  params.fn.store(fn, std::memory_order_release);
  params.context.store(context, std::memory_order_release);
  for (size_t t = 0; t < threads; ++t)
    s.segments[t].word.store(segment_word(number, t * units / threads, (t + 1) * units / threads),
                             std::memory_order_release);
  s.job.store(number, std::memory_order_seq_cst);
  // Spinning workers see the word; blocked ones need the notify (taken
  // under the mutex: a worker between its last look and its wait holds it).
  if ((s.blocked_mask.load(std::memory_order_seq_cst) & workers_mask(threads)) != 0) {
    s.notified_at.store(ticks_now(), std::memory_order_relaxed);
    { std::lock_guard<std::mutex> lock(s.mutex); }
    s.wake.notify_all();
  }
  in_job = true;
  const size_t ran = s.claim_tiles(number, 0);
  in_job = false;
  s.tiles_total += tiles;
  s.caller_tiles += ran;
  auto all_done = [&] {
    return s.done.load(std::memory_order_seq_cst) - done_base == units || s.worker_trapped.load(std::memory_order_acquire);
  };
  if (s.done.load(std::memory_order_seq_cst) - done_base == units) return;
  const auto waiting = Clock::now();
  // During a run the caller waits as long as a worker that ran out of
  // tiles does (kJobEndSpinTime): the job's last tiles are running, and a
  // blocked caller wakes late.
  const auto wait_spin = s.active_runs.load(std::memory_order_relaxed) > 0 ? kJobEndSpinTime : kSpinTime;
  if (!spin_until(all_done, [&] { return wait_spin; })) {
    std::unique_lock<std::mutex> lock(s.mutex);
    s.caller_blocked.store(true, std::memory_order_seq_cst);
    ++s.caller_blocks;
    s.finished.wait(lock, all_done);
    s.caller_blocked.store(false, std::memory_order_relaxed);
  }
  s.caller_wait_us += std::chrono::duration<double, std::micro>(Clock::now() - waiting).count();
  if (s.worker_trapped.load(std::memory_order_acquire)) __builtin_trap();
}

void ThreadPool::worker_trapped() {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->worker_trapped.store(true, std::memory_order_release);
  state_->finished.notify_all();
}

ThreadPool::RunScope::RunScope(size_t threads) : active_(threads > 1 && ThreadPool::shared().capacity_ > 1) {
  if (!active_) return;
  State& s = *ThreadPool::shared().state_;
  s.runs.fetch_add(1, std::memory_order_relaxed);
  if (s.active_runs.fetch_add(1, std::memory_order_seq_cst) > 0) {
    // A run in progress already (another caller): the most threads of the two.
    size_t current = s.run_threads.load(std::memory_order_relaxed);
    while (current < threads && !s.run_threads.compare_exchange_weak(current, threads, std::memory_order_seq_cst)) {
    }
    return;
  }
  s.run_threads.store(threads, std::memory_order_seq_cst);
  s.run_started_at.store(ticks_now(), std::memory_order_relaxed);
  s.run_epoch.fetch_add(1, std::memory_order_seq_cst);
  if ((s.blocked_mask.load(std::memory_order_seq_cst) & workers_mask(threads)) != 0) {
    s.notified_at.store(ticks_now(), std::memory_order_relaxed);
    { std::lock_guard<std::mutex> lock(s.mutex); }
    s.wake.notify_all();
  }
}

ThreadPool::RunScope::~RunScope() {
  if (active_) ThreadPool::shared().state_->active_runs.fetch_sub(1, std::memory_order_relaxed);
}

ThreadPool::Stats ThreadPool::stats() const {
  State& s = *state_;
  std::lock_guard<std::mutex> dispatch(s.dispatch);
  Stats stats;
  stats.jobs = jobs_dispatched();
  stats.tiles = s.tiles_total;
  stats.caller_tiles = s.caller_tiles;
  stats.worker_blocks = s.worker_blocks.load(std::memory_order_relaxed);
  stats.caller_blocks = s.caller_blocks;
  stats.caller_wait_us = s.caller_wait_us;
  for (const State::Counter& counter : s.stolen_tiles) stats.stolen_tiles += counter.count.load(std::memory_order_relaxed);
  stats.runs = s.runs.load(std::memory_order_relaxed);
  stats.workers = s.workers.size();
  stats.blocked_now = static_cast<size_t>(__builtin_popcountll(s.blocked_mask.load(std::memory_order_relaxed)));
  stats.skipped_jobs = s.skipped_jobs.load(std::memory_order_relaxed);
  stats.wakes = s.wakes.load(std::memory_order_relaxed);
  stats.wake_us = ticks_to_us(s.wake_ticks.load(std::memory_order_relaxed));
  stats.first_claims = s.first_claims.load(std::memory_order_relaxed);
  stats.first_claim_us = ticks_to_us(s.first_claim_ticks.load(std::memory_order_relaxed));
  return stats;
}

#else  // no thread support: everything on the calling thread

struct ThreadPool::State {};

ThreadPool::ThreadPool() : state_(nullptr), capacity_(1) {}

size_t ThreadPool::max_threads() const { return 1; }

size_t ThreadPool::participant_index() { return 0; }

void ThreadPool::set_capacity(size_t) {}

void ThreadPool::worker_trapped() {}

void ThreadPool::run(size_t, size_t tiles, TileFn fn, void* context) {
  for (size_t t = 0; t < tiles; ++t) fn(context, t);
}

ThreadPool::RunScope::RunScope(size_t) : active_(false) {}
ThreadPool::RunScope::~RunScope() {}

ThreadPool::Stats ThreadPool::stats() const { return Stats{}; }

#endif

ThreadPool& ThreadPool::shared() {
  static ThreadPool* pool = new ThreadPool();
  return *pool;
}

}  // namespace nnslim
