// nnslim against onnxruntime-web on the int8 QDQ file of a corpus model,
// layer by layer (each runtime against a float64 oracle of the file, from its
// own int8 inputs) and end to end (nnslim vs ORT 'all', ORT 'disabled' vs ORT
// 'all'). docs/quantization.md, "nnslim against onnxruntime-web on the same
// int8 file", has the figures.
//
//   npm ci --prefix bench && bash scripts/build.sh
//   node bench/quantize/ort_layer_agreement.mjs [--model blazeface-back-256] [--samples 2] [--layers]
//
// --samples: smooth-image calibration samples (seeded, as the test's);
// --layers: print every layer with a code off.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import * as ort from 'onnxruntime-web';

import * as nnslim from '../../web/node.js';
import { corpusModels, corpusInput } from '../../tests/models/corpus.mjs';
import { endToEnd, layerAgreement } from '../../tests/js/qdq_agreement.js';

const { values: options } = parseArgs({
  options: {
    model: { type: 'string', default: 'blazeface-back-256' },
    samples: { type: 'string', default: '2' },
    layers: { type: 'boolean', default: false },
  },
});
ort.env.wasm.numThreads = 1;
const entry = corpusModels().find((m) => m.name === options.model);
if (!entry) throw new Error(`no corpus model '${options.model}'`);
let state = 7;
const random = () => {
  state ^= state << 13; state ^= state >>> 17; state ^= state << 5;
  return (state >>> 0) / 4294967296;
};
const feedsOf = () => Object.fromEntries(Object.entries(entry.inputs).map(([name, shape]) =>
  [name, new nnslim.Tensor('float32', corpusInput(entry, shape, random), shape)]));
const scratch = mkdtempSync(join(tmpdir(), 'nnslim-ort-layers-'));
try {
  const model = await nnslim.loadModel(entry.file);
  const samples = Array.from({ length: Number(options.samples) }, feedsOf);
  const quantized = await model.quantize({ calibration: { samples } });
  const file = join(scratch, 'model.int8.onnx');
  writeFileSync(file, quantized.toOnnx());
  quantized.dispose();
  model.dispose();
  const feeds = feedsOf();
  const { layers, skipped } = await layerAgreement({ file, feeds, ort, scratch });
  const total = (runtime, k) => layers.reduce((sum, l) => (k === 1 ? Math.max(sum, l[runtime][1]) : sum + l[runtime][0]), 0);
  console.log(`${entry.name}, ${options.samples} calibration samples, onnxruntime-web ${ort.env.versions?.web ?? ''}`);
  console.log(`${layers.length} layers checked (${skipped.length} not: ${skipped.map(([, why]) => why).join(', ')}), ` +
    `${layers.reduce((s, l) => s + l.elements, 0)} codes`);
  for (const runtime of ['nnslim', 'ort']) console.log(`  ${runtime}: ${total(runtime, 0)} codes off the oracle, by at most ${total(runtime, 1)}`);
  if (options.layers) {
    for (const l of layers.filter((x) => x.nnslim[0] || x.ort[0])) {
      console.log(`  ${l.name} (${l.ops.join('+')}): nnslim ${l.nnslim[0]} off (max ${l.nnslim[1]}), ort ${l.ort[0]} off (max ${l.ort[1]}) of ${l.elements}`);
    }
  }
  for (const { name, nnslimVsOrt, ortVsOrt } of await endToEnd({ file, feeds, ort })) {
    console.log(`${name}: nnslim vs ORT 'all' ${nnslimVsOrt.toFixed(1)} dB; ORT 'disabled' vs ORT 'all' ${ortVsOrt.toFixed(1)} dB`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
