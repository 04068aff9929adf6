// Per-thread scratch for a step whose ranges each need a private buffer
// (a widened A block, a transposed strip): one slot per thread the pool may
// run at once, allocated when the step is built, never in run().
//
// A range claims a free slot for its duration (ScratchSlots::Claim). At most
// ThreadPool::max_threads() ranges run at once, so a claim finds a free slot
// at its first pass; if the capacity was raised after the step was built, a
// claim waits for a range to release one (holders wait on nothing).
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/thread_pool.h"

namespace nnslim {

template <class T>
class ScratchSlots {
 public:
  explicit ScratchSlots(size_t elements)
      : elements_(elements), stride_(round_to_lines(elements)), slots_(ThreadPool::shared().max_threads()),
        busy_(new Flag[slots_]), data_(slots_ * stride_ + per_line()) {
    for (size_t i = 0; i < slots_; ++i) busy_[i].busy.store(false, std::memory_order_relaxed);
  }

  class Claim {
   public:
    // Tries the calling thread's own slot first (pool participant p takes
    // slot p), then the others in turn.
    explicit Claim(ScratchSlots& owner) : owner_(owner) {
      const size_t own = ThreadPool::participant_index() % owner_.slots_;
      for (;;) {
        for (size_t i = 0; i < owner_.slots_; ++i) {
          slot_ = (own + i) % owner_.slots_;
          bool expected = false;
          if (owner_.busy_[slot_].busy.compare_exchange_strong(expected, true, std::memory_order_acquire)) return;
        }
      }
    }
    ~Claim() { owner_.busy_[slot_].busy.store(false, std::memory_order_release); }
    Claim(const Claim&) = delete;
    Claim& operator=(const Claim&) = delete;

    // The slot's buffer (null when the step needs no scratch).
    T* data() const { return owner_.elements_ ? owner_.lines() + slot_ * owner_.stride_ : nullptr; }

   private:
    ScratchSlots& owner_;
    size_t slot_ = 0;
  };

 private:
  // Slots on cache lines of their own (their flags and their buffers):
  // each thread writes its own, and a line shared with another thread's
  // slot would move between the cores on every range.
  static constexpr size_t kLineBytes = 64;
  static constexpr size_t per_line() { return kLineBytes / sizeof(T) > 0 ? kLineBytes / sizeof(T) : 1; }
  static size_t round_to_lines(size_t elements) { return (elements + per_line() - 1) / per_line() * per_line(); }
  // The first line boundary in data_ (which holds one line more than the
  // slots: malloc aligns to 8 or 16 bytes only).
  T* lines() {
    const uintptr_t start = reinterpret_cast<uintptr_t>(data_.data());
    const uintptr_t aligned = (start + kLineBytes - 1) / kLineBytes * kLineBytes;
    return data_.data() + (aligned - start) / sizeof(T);
  }
  struct alignas(kLineBytes) Flag {
    std::atomic<bool> busy;
  };
  size_t elements_, stride_, slots_;
  std::unique_ptr<Flag[]> busy_;
  std::vector<T> data_;
};

}  // namespace nnslim
