// Is a 2-thread slowdown a property of the model or of the moment?
//
//   node bench/threads/scaling_windows.mjs --model FILE.onnx [--workload mobilenetv2_b1]
//        [--windows 8] [--rounds 10]
//
// Four models in one process: FILE and the workload's f32 model, each on 1
// and 2 threads, run in interleaved rounds; each window of --rounds rounds
// prints both 2-thread speedups (1-thread median / 2-thread median). On
// this VM the block-sparse model's speedup is bimodal (~1.3x or ~1.75x) and
// the f32 model's moves with it (~1.70x or ~1.85x) in the same windows: the
// machine's cross-core cost, not the model's buffers (docs/benchmarks.md,
// "Bimodal 2-thread scaling of the block-sparse model").
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

import * as nnslim from '../../web/node.js';
import { loadWorkload } from '../peers/workloads.mjs';
import { median } from '../quantize/samples.mjs';

const { values: options } = parseArgs({
  options: {
    model: { type: 'string' },
    workload: { type: 'string', default: 'mobilenetv2_b1' },
    windows: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '10' },
  },
});
if (!options.model) throw new Error('--model FILE.onnx is required (e.g. a block-pruned export of the workload)');
const windows = Number(options.windows);
const rounds = Number(options.rounds);

await nnslim.init();
const workload = await loadWorkload(options.workload);
const feeds = { [workload.manifest.input.name]: new nnslim.Tensor('float32', workload.input, workload.inputShape) };
const models = [];
for (const bytes of [new Uint8Array(await readFile(options.model)), workload.onnxBytes]) {
  for (const threads of [1, 2]) models.push(await nnslim.loadModel(bytes, { numThreads: threads }));
}
console.log(`| window | ${options.model} 1 / 2 threads ms | speedup | ${options.workload} f32 1 / 2 threads ms | speedup |`);
console.log('|---:|---:|---:|---:|---:|');
// Window -1 warms up (compilation tiers, the pool's first wake-ups).
for (let window = -1; window < windows; window++) {
  const wall = models.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < models.length; k++) {
      const m = (round + k) % models.length;
      const start = performance.now();
      await models[m].run(feeds);
      wall[m].push(performance.now() - start);
    }
  }
  if (window < 0) continue;
  const [a1, a2, b1, b2] = wall.map(median);
  console.log(`| ${window} | ${a1.toFixed(2)} / ${a2.toFixed(2)} | ${(a1 / a2).toFixed(2)}x | ` +
    `${b1.toFixed(2)} / ${b2.toFixed(2)} | ${(b1 / b2).toFixed(2)}x |`);
}
models.forEach((model) => model.dispose());
process.exit(0);
