// Emscripten 3.1.6's libunwind (Unwind-wasm.c), built for the threaded
// module with its landing-pad context as a plain global instead of a
// thread_local one.
//
// Why: with wasm exceptions, code that clang 14 compiles stores the
// landing pad's LSDA into `__wasm_lpad_context` as an ordinary global, but
// the -pthread build of libunwind (libunwind-mt-except.a) defines it
// thread_local, so the personality function reads another address, finds
// no LSDA, and every typed catch misses: a C++ exception reaches JS as
// "unknown C++ exception" (measured: a 10-line throw/catch program prints
// the catch-all branch with -pthread, the typed one without; with this
// object linked in, the typed one). Later LLVM makes both sides
// thread-local. A plain global is right here because only the thread that
// calls into the module throws: pool workers run kernels, which never throw.
//
// This file compiles Emscripten's own source (not a copy); linked as an
// object, it takes precedence over the archive member.
#include <threads.h>
#undef thread_local
#define thread_local
#include "Unwind-wasm.c"
