// The shipped single-threaded module (dist/nnslim.wasm) must stay within its
// size budget: prints its size and gzip size, exits 1 when it is over budget
// or missing. Run by ctest in the wasm build (CMakeLists.txt).
//   node tests/size/wasm_size_budget.mjs [path/to/nnslim.wasm] [--budget BYTES]
//   node tests/size/wasm_size_budget.mjs --threads   (the threaded module, its own budget)
//
// The budget: BUDGET_BYTES below. A change that needs more (int8 kernels,
// sparse kernels, ...) raises it here, in the same commit, with the reason
// and the measured breakdown (python3 tools/wasm-size-breakdown.py) in
// docs/toolchain.md, "Size".
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

// History (docs/toolchain.md, "Size", has the breakdown):
//   962,958 bytes before size work (gzip 336,282);
//   500,954 after it (gzip 199,181): the target was 450,000, and the rest is
//   features (the op table and shape rules, the lowerings, the builder's JSON
//   reader, the ONNX reader/writer, the reference ops); the budget is that
//   size plus ~1.8% for small changes;
//   632,190 (gzip 241,513) once the real-converter lowerings landed (Concat,
//   Slice, Pad, Gather, Cast, compare/Where, Reduce, ArgMax, Pow, BatchNorm
//   steps and their kernel families, 20 more ops in the op table): +131 KB of
//   features real models need to stay off the reference path; 620,178 (gzip
//   240,322) once the activation epilogues took their kernels from the
//   wasm-SIMD-only lists. The budget is that size plus ~1.3%; the next cut
//   (docs/toolchain.md) is the scalar kernels the new families' runtime
//   tables still link.
//   663,241 (gzip 258,452) with quantization (QuantizeLinear/DequantizeLinear,
//   the quantize pass, calibration, their bindings): +43 KB, see
//   docs/toolchain.md, "Quantization"; 700,446 bytes (gzip 271,924) with the int8 runtime
//   (qs8 kernels, QDQ lowerings, Q/DQ steps: +31 KB of code, docs/toolchain.md,
//   "The int8 runtime"). Budget: that size plus ~1%.
//   766,572 bytes (gzip measured by this test) with everything of 2026-12-05
//   merged: quantization (~47 KB), the int8 runtime (~31 KB), pruning
//   (~38 KB), the sparse kernels and steps (~13 KB), the thread pool's
//   single-threaded stubs (~3 KB), the importer's new checks; each measured
//   on its own branch (docs/toolchain.md, the sections after "After the
//   real-converter lowerings"). Budget: that plus ~0.7%. The 450,000 target
//   is far: the cuts listed in docs/toolchain.md come next.
//   700,262 bytes (gzip 274,153) after the cuts of docs/toolchain.md, "Cuts
//   after the merge" (from 768,812): the library's own JSON value and reader
//   instead of nlohmann (-33 KB), the bindings at -Oz (-11 KB), small sorts,
//   the op table as data, wasm-SIMD-only reduce / ArgMax / Pow tables, the
//   quantize pass without string-keyed trees. Then, on their own branches
//   (docs/toolchain.md, one section each): weight-only int8 on int8 weights
//   and the batch-1 int8 GEMV (+14.4 KB), the int8 pooling / Concat / Resize /
//   table steps (+17.7 KB), the block-sparse kernels (+8.7 KB), NaN
//   propagation and the trap hook (+3.6 KB), the relaxed int8 dot kernels'
//   plain stand-ins (+0.8 KB). Merged: 747,266 bytes (relaxed 747,635). Budget: the larger plus
//   ~0.5%; the relaxed build shares it. Then the int8 block-sparse kernel
//   and step (+12.1 KB: docs/toolchain.md, "int8 block-sparse kernels"), the
//   faster int8 MobileNetV2 path (+3.9 KB: "Faster int8 kernels"), the int8
//   Transpose, bilinear Resize and Mul steps and kernels (+11.9 KB), less the
//   strtod cut (-12.4 KB: "Where the bytes are now"). Merged: 765,764 bytes
//   (relaxed 764,945). Budget: the larger plus ~0.5%. Then the dot7w
//   lowering (7-bit weights as the relaxed dot's 7-bit operand: the weight
//   check and second packing in both modules, weightBits in the pass and the
//   bindings; the 4x8 / 1x8 dot7w tiles in the relaxed one: docs/toolchain.md,
//   "7-bit weights (dot7w)"): +3,400 bytes (relaxed +5,163); int8 no slower
//   than float on the corpus' small-layer models (+8.4 KB: docs/toolchain.md,
//   "int8 on small-layer models"); the kernel folders' cold files (weight
//   packing, indirection buffers, references) at -Oz (-11,955, of which the
//   shared helpers that replaced copy-paste cost +1.6 KB: docs/toolchain.md,
//   "The budget, by feature", which attributes every byte to a feature).
//   Merged: 767,589 bytes (relaxed 768,811); with f32-packw back at -O3 (it
//   packs per run for computed MatMul weights): 770,397 (relaxed 771,573).
//   Budget: the larger plus ~0.5%. Then int8 coverage of the transformer
//   parts (docs/toolchain.md, "int8 coverage: LayerNorm, MatMul bias, Slice"):
//   +8,941 bytes, 779,859 (relaxed ~781,000 by the same difference). Budget:
//   that plus ~0.1%. Then the rest of that day's merge (explain()'s reasons,
//   the layout split, the int8 stem shuffle; the relaxed 3x12 f32 tile in the
//   relaxed module: docs/toolchain.md, "The sixth merge"): 781,531 bytes,
//   relaxed 786,701. Budget: the relaxed size plus ~0.5%. Then the 3x3
//   depthwise kernel that shares input columns between neighbouring pixels
//   (docs/toolchain.md, "Depthwise 3x3: shared input columns"): +1,952
//   bytes (781,567 -> 783,519), relaxed +3,899 (786,739 -> 790,638: there it
//   also shares on stride-2 rows); the int8 Add, input and stem-tail
//   speedups (docs/toolchain.md, "int8 Add, input and stem-tail speedups"):
//   +3,121 bytes alone (784,652, relaxed 790,668); the sparse SpMM's
//   finiteness check inside its transpose (+2,029) and summary's input
//   shapes in the bindings (+1,150). All merged (the seventh session):
//   790,216 bytes, relaxed 798,015 (docs/toolchain.md,
//   "The seventh merge").
//   Budget: the relaxed size plus ~0.5%. The eighth merge (calibration in
//   place +4.2 KB, the folded summary of quantized files, the int8
//   epilogues, the BatchNormalization fixes: docs/toolchain.md, "The eighth
//   merge"): 795,515 bytes, relaxed 803,939. Budget: the relaxed size plus ~0.5%.
//   The ninth merge: 809,712 / 817,068 (budget 819,000). The tenth (the int8
//   3x3 depthwise cols kernel, the peeled ppmm K pair, joined steps:
//   docs/toolchain.md, "The tenth merge"): 812,576 bytes, relaxed 819,824.
//   Budget: the relaxed size plus ~0.5%.
//   The twelfth session's activation chains (Paddle2ONNX's written-out
//   HardSwish, PP-LCNetV3's affine blocks and swish fused into conv / dwconv /
//   gemm epilogues: 0.89-0.93x f32 time on the three PaddleOCR models;
//   docs/runtime.md, "Elementwise activation chains"): +5,893 bytes
//   (820,345 -> 826,238), relaxed +5,866 (827,369 -> 833,235, past the old
//   831,000). Budget: the relaxed size plus ~0.1%. With the per-run thread
//   choice merged too (runtime/thread_choice.h, docs/runtime.md "Spaced
//   runs"; its session and binding code is in every module): 827,912,
//   relaxed 834,894. Budget: the relaxed size plus ~0.1%.
const BUDGET_BYTES = 836_000;
// Threads cost the single-threaded module 2,826 bytes (620,178 -> 623,004:
// numThreads and the pool's capacity in the bindings and the session; the
// steps' parallel_ranges compiles to a plain call there).
// The threaded module (dist/threads/nnslim-threads.wasm, checked with
// --threads): the same code compiled with -pthread is 643,498 bytes, +3.3%
// over the single-threaded one: atomics in the allocator and libc++, the
// pthread runtime (thread creation, TLS, futex waits), the pool and the
// steps' tiling. Its budget is that plus ~0.9%.
// With everything of 2026-12-05 merged (see BUDGET_BYTES), the int8 and
// sparse steps on the pool too: 792,866 bytes. After the cuts of
// docs/toolchain.md, "Cuts after the merge": 724,695 bytes. With the same
// features as the plain module (see BUDGET_BYTES) and the blob-URL loading
// of the threaded glue: 775,014 bytes. Budget: that plus ~0.5%. Then the
// same features and cuts as the plain module (see BUDGET_BYTES): 796,678 bytes.
// Budget: that plus ~0.5%. Then int8 on small-layer models (+8.4 KB, as in
// the plain module) and the kernel folders' cold files at -Oz (-11.9 KB):
// with the split-aligned arena and the Add/pool splits merged, 800,124 bytes;
// with f32-packw back at -O3, 802,953. Budget: that plus ~0.5%. Then int8
// coverage of the transformer parts (as in the plain module): 812,434 bytes.
// Budget: that plus ~0.2%. Then the rest of that day's merge (as above, and
// the pool's equal tiles): 816,893 bytes. Budget: that plus ~0.5%. With the
// shared-column depthwise kernel (see BUDGET_BYTES): 818,881, within it.
// The seventh merge (everything listed under BUDGET_BYTES): 825,770 bytes.
// Budget: that plus ~0.5%. The eighth merge: 831,130 bytes. Budget: that
// plus ~0.5%. The ninth: 846,035 (848,000). The tenth: 848,974 bytes.
// Budget: that plus ~0.5%. The activation chains (see BUDGET_BYTES): +5,908
// bytes (856,700 -> 862,608). Budget: that plus ~0.16%. With the per-run
// thread choice (see BUDGET_BYTES): 864,596. Budget: that plus ~0.2%.
const THREADS_BUDGET_BYTES = 866_000;

const args = process.argv.slice(2);
let budget = BUDGET_BYTES;
let path = fileURLToPath(new URL('../../dist/nnslim.wasm', import.meta.url));
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--budget') budget = Number(args[++i]);
  else if (args[i] === '--threads') {
    budget = THREADS_BUDGET_BYTES;
    path = fileURLToPath(new URL('../../dist/threads/nnslim-threads.wasm', import.meta.url));
  } else path = args[i];
}
if (!Number.isSafeInteger(budget) || budget <= 0) {
  console.error(`wasm size budget: --budget must be a positive integer, got ${args.join(' ')}`);
  process.exit(2);
}

let bytes;
try {
  bytes = readFileSync(path);
} catch (error) {
  console.error(`wasm size budget: cannot read ${path} (build the nnslim_wasm target first): ${error.message}`);
  process.exit(1);
}
const gzipped = gzipSync(bytes, { level: 9 }).length;
const fmt = (n) => n.toLocaleString('en-US');
console.log(`${path}: ${fmt(bytes.length)} bytes (gzip -9: ${fmt(gzipped)}); budget ${fmt(budget)} bytes`);
if (bytes.length > budget) {
  console.error(`wasm size budget exceeded by ${fmt(bytes.length - budget)} bytes: ` +
    'find what grew with python3 tools/wasm-size-breakdown.py, or raise BUDGET_BYTES with a written reason');
  process.exit(1);
}
