// Per-thread scratch (runtime/scratch_slots.h): a range claims a slot no
// other running range holds, a pool participant gets its own slot (the same
// buffer from job to job, so its lines stay in that thread's core), and no
// two slots share a cache line.
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <set>
#include <vector>

#include "core/thread_pool.h"
#include "runtime/scratch_slots.h"

namespace nnslim {
namespace {

TEST_CASE("scratch slots: buffers start on cache lines and never share one", "[threads][scratch]") {
  // Two slots whatever the machine's core count (without thread support
  // the pool has one thread, so one slot: only its alignment is checked).
  ThreadPool& pool = ThreadPool::shared();
  const size_t saved = pool.max_threads();
  pool.set_capacity(2);
  {
    // 5 int16 per slot (10 bytes): slots one line apart, not 10 bytes apart.
    ScratchSlots<int16_t> slots(5);
    ScratchSlots<int16_t>::Claim first(slots);
    const auto a = reinterpret_cast<uintptr_t>(first.data());
    CHECK(a % 64 == 0);
#if NNSLIM_THREADS
    REQUIRE(pool.max_threads() == 2);
    ScratchSlots<int16_t>::Claim second(slots);
    const auto b = reinterpret_cast<uintptr_t>(second.data());
    CHECK(b % 64 == 0);
    CHECK((a > b ? a - b : b - a) >= 64);
#endif
  }
  pool.set_capacity(saved);
  ScratchSlots<float> none(0);
  CHECK(ScratchSlots<float>::Claim(none).data() == nullptr);
}

#if NNSLIM_THREADS

TEST_CASE("scratch slots: each pool participant claims its own slot, job after job", "[threads][scratch]") {
  ThreadPool& pool = ThreadPool::shared();
  const size_t saved = pool.max_threads();
  pool.set_capacity(3);
  ScratchSlots<float> slots(100);
  // Which buffer each participant got, and whether two ranges ever held one
  // buffer at once.
  std::mutex mutex;
  std::vector<std::set<const float*>> seen(3);
  std::atomic<bool> overlap{false}, outsider{false};
  auto record = [&](size_t) {
    ScratchSlots<float>::Claim claim(slots);
    const size_t self = ThreadPool::participant_index();
    if (self >= 3) {  // (no Catch2 assertion off the test's thread)
      outsider = true;
      return;
    }
    {
      std::lock_guard<std::mutex> lock(mutex);
      seen[self].insert(claim.data());
    }
    for (size_t i = 0; i < 100; ++i) claim.data()[i] = float(self);
    for (size_t i = 0; i < 100; ++i)
      if (claim.data()[i] != float(self)) overlap = true;  // another range wrote this buffer meanwhile
  };
  for (int job = 0; job < 200; ++job) pool.parallel_for(3, 24, record);
  CHECK_FALSE(overlap.load());
  CHECK_FALSE(outsider.load());  // only participants 0, 1 and 2 ran ranges
  // The caller is participant 0 and always gets slot 0; a worker the slot of
  // its own index (the slots are free when it claims: one range per thread).
  std::set<const float*> all;
  for (size_t p = 0; p < 3; ++p) {
    INFO("participant " << p);
    CHECK(seen[p].size() <= 1);
    all.insert(seen[p].begin(), seen[p].end());
  }
  size_t used = 0;
  for (const auto& s : seen) used += s.size();
  CHECK(all.size() == used);  // no buffer shared by two participants
  pool.set_capacity(saved);
}

#endif

}  // namespace
}  // namespace nnslim
