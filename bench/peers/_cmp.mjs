import * as ort from 'onnxruntime-web';
import { readFileSync } from 'node:fs';
ort.env.wasm.numThreads = 1;
const [name, model, inputName, ...shape] = process.argv.slice(2);
const f32 = (p) => { const b = readFileSync(p); return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)); };
const s = await ort.InferenceSession.create(readFileSync(model), { executionProviders: ['wasm'] });
const r = await s.run({ [inputName]: new ort.Tensor('float32', f32(`/tmp/dump_${name}_in.bin`), shape.map(Number)) });
function err(a, b) { let lo = Infinity, hi = -Infinity, d = 0, at = -1; for (let i = 0; i < b.length; i++) { lo = Math.min(lo, b[i]); hi = Math.max(hi, b[i]); const e = Math.abs(a[i] - b[i]); if (e > d) { d = e; at = i; } } return `${(d / (hi - lo)).toExponential(2)} (max diff ${d.toExponential(2)} at ${at}, range ${lo.toFixed(3)}..${hi.toFixed(3)})`; }
s.outputNames.forEach((n, i) => {
  const o = r[n].data, ref = f32(`/tmp/dump_${name}_ref${i}.bin`), got = f32(`/tmp/dump_${name}_got${i}.bin`);
  console.log(name, n, 'ort-vs-ref', err(o, ref), '| nnslim-vs-ref', err(got, ref), '| nnslim-vs-ort', err(got, o));
});
