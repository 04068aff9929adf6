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

