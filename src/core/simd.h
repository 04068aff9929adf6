// The one place that chooses where wasm SIMD128 intrinsics come from:
// <wasm_simd128.h> under Emscripten, SIMDe's portable implementation natively
// (byte-identical results; see docs/toolchain.md). Kernels include this, never the
// two headers directly.
#pragma once
#if defined(__EMSCRIPTEN__)
#include <wasm_simd128.h>
#else
#define SIMDE_ENABLE_NATIVE_ALIASES
#include <simde/wasm/simd128.h>
#endif
