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
#include <memory>
#include <vector>

#include "core/thread_pool.h"

namespace nnslim {

template <class T>
class ScratchSlots {
 public:
  explicit ScratchSlots(size_t elements)
      : elements_(elements), slots_(ThreadPool::shared().max_threads()), busy_(new std::atomic<bool>[slots_]),
        data_(slots_ * elements) {
    for (size_t i = 0; i < slots_; ++i) busy_[i].store(false, std::memory_order_relaxed);
  }

  class Claim {
   public:
    explicit Claim(ScratchSlots& owner) : owner_(owner) {
      for (;;) {
        for (slot_ = 0; slot_ < owner_.slots_; ++slot_) {
          bool expected = false;
          if (owner_.busy_[slot_].compare_exchange_strong(expected, true, std::memory_order_acquire)) return;
        }
      }
    }
    ~Claim() { owner_.busy_[slot_].store(false, std::memory_order_release); }
    Claim(const Claim&) = delete;
    Claim& operator=(const Claim&) = delete;
    // The slot's buffer (null when the step needs no scratch).
    T* data() const { return owner_.elements_ ? owner_.data_.data() + slot_ * owner_.elements_ : nullptr; }

   private:
    ScratchSlots& owner_;
    size_t slot_ = 0;
  };

 private:
  size_t elements_, slots_;
  std::unique_ptr<std::atomic<bool>[]> busy_;
  std::vector<T> data_;
};

}  // namespace nnslim
