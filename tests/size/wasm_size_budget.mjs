// The shipped single-threaded module (dist/nnslim.wasm) must stay within its
// size budget: prints its size and gzip size, exits 1 when it is over budget
// or missing. Run by ctest in the wasm build (CMakeLists.txt).
//   node tests/size/wasm_size_budget.mjs [path/to/nnslim.wasm] [--budget BYTES]
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
//   671,252 (gzip 261,464) with quantization (QuantizeLinear/DequantizeLinear,
//   the quantize pass, calibration, the opset-13 upgrade, bindings): +51 KB, see
//   docs/toolchain.md, "Quantization". Budget: that size plus ~0.7%.
const BUDGET_BYTES = 676_000;

const args = process.argv.slice(2);
let budget = BUDGET_BYTES;
let path = fileURLToPath(new URL('../../dist/nnslim.wasm', import.meta.url));
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--budget') budget = Number(args[++i]);
  else path = args[i];
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
