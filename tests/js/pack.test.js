// The package as a user gets it: `npm pack`, install the tarball into an
// empty folder, import 'nnslim' from Node ESM, profile a model; run the bin.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { onnxFacts } from './onnx_oracle.js';
import { runChecked } from './node_child.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CONV_MODEL = '/usr/share/libonnx-testdata/data/pytorch-converted/test_Conv2d/model.onnx';
const scratch = mkdtempSync(join(tmpdir(), 'nnslim-pack-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

// Each child (npm pack 5 s, npm install 3 s, the bin 1.4 s on the loaded
// 2-core machine) within 60 s, one retry if it hangs, inside the test's 180 s.
const PACK_CHILD_TIMEOUT_MS = 60_000;
const run = (command, args, cwd) => runChecked(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], timeoutMs: PACK_CHILD_TIMEOUT_MS });

test('npm pack -> install in an empty folder -> import and profile', { timeout: 180_000 }, () => {
  const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', scratch], ROOT));
  const files = packed.files.map((file) => file.path);
  for (const required of ['package.json', 'README.md', 'dist/nnslim.mjs', 'dist/nnslim.wasm',
    'dist/nnslim-relaxed.mjs', 'dist/nnslim-relaxed.wasm',
    'dist/threads/nnslim-threads.mjs', 'dist/threads/nnslim-threads.wasm', 'dist/threads/nnslim-threads.worker.js',
    'dist/threads/nnslim-threads.text.mjs', 'dist/threads/package.json', 'web/index.js', 'web/node.js', 'web/index.d.ts', 'web/cli.js']) {
    assert.ok(files.includes(required), `the tarball lacks ${required}`);
  }
  for (const file of files) {
    assert.match(file,
      /^(package\.json|README\.md|web\/|dist\/nnslim(-relaxed)?\.(mjs|wasm)$|dist\/threads\/(nnslim-threads\.(mjs|wasm|worker\.js|text\.mjs)|package\.json)$|docs\/)/,
      `unexpected file ${file}`);
  }

  const project = join(scratch, 'user-project');
  run('mkdir', ['-p', project]);
  run('npm', ['install', '--no-audit', '--no-fund', join(scratch, packed.filename)], project);

  writeFileSync(join(project, 'main.mjs'), `
    import * as nnslim from 'nnslim';
    const model = await nnslim.loadModel(process.argv[2]);
    console.log(JSON.stringify({ ...model.profile({ batchSize: 1 }), threads: nnslim.features().threads }));
    model.dispose();
  `);
  const profile = JSON.parse(run(process.execPath, ['main.mjs', CONV_MODEL], project));
  assert.equal(profile.params.total, onnxFacts(CONV_MODEL).initializerElements);
  assert.equal(profile.threads, true, 'the installed package loads its threaded module in Node');

  // The sub-path exports resolve; the bin is installed.
  writeFileSync(join(project, 'resolve.mjs'), `
    console.log(import.meta.resolve('nnslim/nnslim.wasm'));
    console.log(import.meta.resolve('nnslim/package.json'));
    console.log(import.meta.resolve('nnslim/nnslim-threads.wasm'));
  `);
  const [wasmUrl, manifestUrl, threadsWasmUrl] = run(process.execPath, ['resolve.mjs'], project).trim().split('\n');
  assert.match(wasmUrl, /node_modules\/nnslim\/dist\/nnslim\.wasm$/);
  assert.match(threadsWasmUrl, /node_modules\/nnslim\/dist\/threads\/nnslim-threads\.wasm$/);
  assert.match(manifestUrl, /node_modules\/nnslim\/package\.json$/);
  const summary = run(join(project, 'node_modules', '.bin', 'nnslim'), ['summary', CONV_MODEL], project);
  assert.match(summary, /Conv/);
});
