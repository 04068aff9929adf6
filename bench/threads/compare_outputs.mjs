// Whether two builds of nnslim give the same output bits on a workload:
//
//   node bench/threads/compare_outputs.mjs --base DIR[,DIR...] [--workload ppocr-cls] [--skip-this]
//
// Each build (DIR's web/node.js and dist/; this checkout unless --skip-this)
// runs the workload's input with 1 and 2 threads; every output of every run
// is compared with the first build's 1-thread run, element by element (a NaN
// matches a NaN). A change meant to keep results exact (e.g. a fusion that
// runs the same float ops in the same order) must print "identical" for all.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

import { loadWorkload } from '../peers/workloads.mjs';

const { values: options } = parseArgs({
  options: {
    base: { type: 'string' },
    workload: { type: 'string', default: 'ppocr-cls' },
    'skip-this': { type: 'boolean', default: false },
  },
});
if (!options.base) throw new Error('--base DIR (a checkout with its package built) is required');
const builds = options.base.split(',').map((dir) => resolve(dir));
if (!options['skip-this']) builds.push(resolve(new URL('../..', import.meta.url).pathname));

const workload = await loadWorkload(options.workload);
let reference = null;
let allSame = true;
for (const dir of builds) {
  const nnslim = await import(pathToFileURL(`${dir}/web/node.js`).href);
  await nnslim.init();
  const feeds = { [workload.manifest.input.name]: new nnslim.Tensor('float32', workload.input, workload.inputShape) };
  for (const threads of [1, 2]) {
    const model = await nnslim.loadModel(workload.onnxBytes, { numThreads: threads });
    const outputs = await model.run(feeds);
    const got = Object.entries(outputs).map(([name, tensor]) => [name, new Uint32Array(new Float32Array(tensor.data).buffer)]);
    if (!reference) {
      reference = got;
      console.log(`${workload.name}: reference ${dir}, ${threads} thread: ${got.map(([n, d]) => `${n} [${d.length}]`).join(', ')}`);
      continue;
    }
    const diffs = got.map(([name, data], i) => {
      const want = reference[i][1];
      let differing = 0;
      for (let j = 0; j < want.length; j++) {
        const a = data[j], b = want[j];
        const nanA = (a & 0x7f800000) === 0x7f800000 && (a & 0x7fffff) !== 0;
        const nanB = (b & 0x7f800000) === 0x7f800000 && (b & 0x7fffff) !== 0;
        if (a !== b && !(nanA && nanB)) differing++;
      }
      return `${name}: ${data.length === want.length && differing === 0 ? 'identical' : `${differing} of ${want.length} differ`}`;
    });
    allSame &&= diffs.every((line) => line.endsWith('identical'));
    console.log(`${workload.name}: ${dir}, ${threads} threads: ${diffs.join(', ')}`);
  }
}
console.log(allSame ? 'all identical' : 'DIFFERENT');
process.exit(allSame ? 0 : 1);
