// Decimal text -> the nearest double, correctly rounded (ties to even), on
// 64-bit integer arithmetic only.
//
// Why not strtod: in the wasm build libc's strtod computes in 128-bit
// `long double`, which wasm has no instructions for; it and the software
// float routines it brings (__divtf3, __multf3, __addtf3, fmodl, scanexp, ...)
// were ~15 KB of the shipped module for the two places that read decimal
// numbers (the JSON reader, the JSON writer's round-trip check).
//
// The method (Clinger's "AlgorithmR" with exact comparisons): a first guess
// x from the leading 19 digits in double arithmetic (a few ulp off at
// worst), then x moves to its neighbour while the exact value D * 10^E lies
// beyond the midpoint between them, the comparison done on big integers:
//   D * 10^E  vs  (2m + 1) * 2^(e - 1)   for x = m * 2^e (m integer)
// with powers of 10 and 2 moved to whichever side keeps both integral.
// Digits past the 800th only decide whether the value is above the
// truncated one (a double's midpoint has at most 767 significant digits), so
// they become one trailing 1.
#pragma once
#include <string_view>

namespace nnslim {

// `text` must be a decimal number: -?digits(.digits)?([eE][+-]?digits)?
// (also ".5" and "5."); what JSON and printf's %g write. Values beyond the
// double range give +-infinity, values below half the smallest subnormal
// +-0. Returns false (and leaves *out alone) on anything else.
bool decimal_to_double(std::string_view text, double* out);

}  // namespace nnslim
