// Branch hints for microkernels (same meaning as XNNPACK's XNN_LIKELY etc.).
#pragma once

#if defined(__GNUC__) || defined(__clang__)
#define NNSLIM_LIKELY(condition) (__builtin_expect(!!(condition), 1))
#define NNSLIM_UNLIKELY(condition) (__builtin_expect(!!(condition), 0))
#define NNSLIM_UNPREDICTABLE(condition) (condition)
#else
#define NNSLIM_LIKELY(condition) (condition)
#define NNSLIM_UNLIKELY(condition) (condition)
#define NNSLIM_UNPREDICTABLE(condition) (condition)
#endif

// Forces inlining. The dwconv kernels write their tap loop out through a
// helper (dwconv_for_each_tap) that calls a lambda once per tap; when clang
// does not inline the helper, the lambda's captures (the tap pointers, the
// weight pointer) stay in linear memory and are reloaded and stored back on
// every channel step.
#if defined(__GNUC__) || defined(__clang__)
#define NNSLIM_ALWAYS_INLINE __attribute__((always_inline))
#else
#define NNSLIM_ALWAYS_INLINE
#endif

// Makes the compiler forget what it knows about a pointer's value (an empty
// asm that "modifies" it). The ppmm microkernels put one after each K step's
// increment: otherwise clang folds the steps' increments into growing constant
// offsets, and V8 (11.3, x64) cannot fold a constant offset into the address
// of v128.load32_splat, so each broadcast costs an extra lea. With the barrier
// every step loads at the same offsets, whose bases V8 keeps in registers.
#if defined(__GNUC__) || defined(__clang__)
#define NNSLIM_OPAQUE_POINTER(p) __asm__("" : "+r"(p))
#else
#define NNSLIM_OPAQUE_POINTER(p) ((void) 0)
#endif
