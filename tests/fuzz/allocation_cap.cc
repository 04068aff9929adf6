// The fuzzers' memory limit: a replacement operator new that throws
// std::bad_alloc when one allocation, or all live ones together, would pass
// a cap, as the wasm module's does when its heap cannot grow to the
// configured maximum. A fuzzed model asking for gigabytes then ends the way
// it ends in a browser (OUT_OF_MEMORY) instead of killing the fuzzer with
// libFuzzer's own out-of-memory report. Linked into the fuzzer binaries only.
//
// Allocations go to malloc, so AddressSanitizer still tracks every one of
// them (what is lost: new/delete vs new[]/delete[] mismatch reports).
#include <malloc.h>

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>

namespace {

constexpr size_t kMaxOneAllocation = size_t{256} << 20;
constexpr size_t kMaxLiveBytes = size_t{1} << 30;
std::atomic<size_t> live_bytes{0};

void* capped_allocate(size_t size) {
  if (size > kMaxOneAllocation || live_bytes.load(std::memory_order_relaxed) + size > kMaxLiveBytes) return nullptr;
  void* pointer = std::malloc(size == 0 ? 1 : size);
  if (pointer != nullptr) live_bytes.fetch_add(malloc_usable_size(pointer), std::memory_order_relaxed);
  return pointer;
}

void capped_free(void* pointer) {
  if (pointer == nullptr) return;
  live_bytes.fetch_sub(malloc_usable_size(pointer), std::memory_order_relaxed);
  std::free(pointer);
}

void* allocate_or_throw(size_t size) {
  void* pointer = capped_allocate(size);
  if (pointer == nullptr) throw std::bad_alloc();
  return pointer;
}

}  // namespace

void* operator new(size_t size) { return allocate_or_throw(size); }
void* operator new[](size_t size) { return allocate_or_throw(size); }
void* operator new(size_t size, const std::nothrow_t&) noexcept { return capped_allocate(size); }
void* operator new[](size_t size, const std::nothrow_t&) noexcept { return capped_allocate(size); }
void operator delete(void* pointer) noexcept { capped_free(pointer); }
void operator delete[](void* pointer) noexcept { capped_free(pointer); }
void operator delete(void* pointer, size_t) noexcept { capped_free(pointer); }
void operator delete[](void* pointer, size_t) noexcept { capped_free(pointer); }
void operator delete(void* pointer, const std::nothrow_t&) noexcept { capped_free(pointer); }
void operator delete[](void* pointer, const std::nothrow_t&) noexcept { capped_free(pointer); }
