// After a trap (WebAssembly.RuntimeError) the instance is unusable: the trap
// itself and every later call (init, features, loadModel, run, benchmark,
// quantize, prune, the builder, model queries) throw an NnslimError with code
// INTERNAL that says the instance crashed and must be re-created, instead of
// running on memory the trap may have left half-written; dispose() stays
// quiet. The trap comes from a test-only hook that executes wasm
// `unreachable` inside the module (web/internal.js _trapForTests).
//
// Each build runs the scenario in a child process of its own (a trap poisons
// the whole process's module): the plain build, and the threaded one when
// dist/threads/ is built, there twice: a trap on the calling thread, and one
// on a pool worker thread, inside a tile of a parallel job (the caller,
// waiting for that tile, traps in turn; the worker's error event must not
// end the process).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runChild } from './node_child.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const THIS_FILE = fileURLToPath(import.meta.url);
const SCENARIO = process.env.NNSLIM_TRAP_SCENARIO;  // plain, threads or threads-worker
const SCENARIOS = { plain: 'the plain build', threads: 'the threaded build', 'threads-worker': 'a pool worker of the threaded build' };

if (SCENARIO === undefined) {
  const threadsBuilt = existsSync(resolve(ROOT, 'dist/threads/nnslim-threads.wasm'));
  for (const [scenario, where] of Object.entries(SCENARIOS)) {
    const build = scenario.split('-')[0];
    const skip = build === 'threads' && !threadsBuilt ? 'dist/threads/ is not built'
      : build === 'threads' && process.env.NNSLIM_DEBUG_WASM === '1' ? 'NNSLIM_DEBUG_WASM=1 has no threaded build' : false;
    test(`${where}: a trap makes every later call throw INTERNAL`, { skip }, (t) => {
      // Without NODE_TEST_CONTEXT: set, it makes the child report to this runner instead of its stdout.
      const env = { ...process.env };
      delete env.NODE_TEST_CONTEXT;
      const child = runChild(process.execPath, ['--test', '--test-reporter=spec', THIS_FILE], {
        cwd: ROOT,
        env: { ...env, NNSLIM_TRAP_SCENARIO: scenario, NNSLIM_BUILD: build, NNSLIM_MAX_THREADS: '2' },
        label: `the ${scenario} scenario`,
        t,
      });
      assert.equal(child.ok, true, child.describe());
      assert.match(child.stdout, /every later call throws/);
    });
  }
} else {
  const nnslim = await import('../../web/node.js');
  const { _trapForTests } = await import('../../web/internal.js');
  await nnslim.init();

  const isCrash = (error) => {
    assert.ok(error instanceof nnslim.NnslimError, `not an NnslimError: ${error?.stack ?? error}`);
    assert.ok(error instanceof nnslim.NnslimCrashError);
    assert.equal(error.code, 'INTERNAL');
    assert.match(error.message, /crashed/);
    assert.ok(error.cause instanceof WebAssembly.RuntimeError, 'the cause is the trap');
    return true;
  };
  const isLaterCrash = (error) => isCrash(error) && /cannot be used: reload the page/.test(error.message);

  const onWorker = SCENARIO === 'threads-worker';
  test(`${SCENARIO}: every later call throws INTERNAL after a trap`, async () => {
    assert.equal(nnslim.features().build, SCENARIO.split('-')[0]);
    const model = nnslim.sequential({
      weights: 'he',
      seed: 3,
      layers: [
        nnslim.layers.dense({ units: 8, activation: 'relu', inputShape: [6], name: 'hidden' }),
        nnslim.layers.dense({ units: 3, name: 'out' }),
      ],
    });
    const bytes = model.toOnnx();
    const feeds = { [model.inputNames[0]]: new nnslim.Tensor('float32', new Float32Array(12).fill(0.5), [2, 6]) };
    const before = await model.run(feeds);
    assert.equal(before[model.outputNames[0]].data.length, 6, 'the model ran before the trap');

    if (onWorker) {
      // The caller, waiting for the worker's tile, traps in turn.
      assert.throws(() => _trapForTests({ onWorker }), (error) => isCrash(error) && /unreachable/.test(error.cause.message));
      // The worker's own error event arrives now: it must leave the process
      // running and the instance poisoned.
      await new Promise((settle) => { setTimeout(settle, 500); });
    } else {
      assert.throws(() => _trapForTests(), (error) => isCrash(error) && /unreachable/.test(error.cause.message));
    }

    await assert.rejects(nnslim.init(), isLaterCrash);
    assert.throws(() => nnslim.features(), isLaterCrash);
    assert.throws(() => nnslim.supportedOps(), isLaterCrash);
    await assert.rejects(nnslim.loadModel(bytes), isLaterCrash);
    assert.throws(() => nnslim.sequential({ layers: [nnslim.layers.dense({ units: 1, inputShape: [1] })] }),
      isLaterCrash);
    await assert.rejects(model.run(feeds), isLaterCrash);
    await assert.rejects(model.runProfiled(feeds), isLaterCrash);
    await assert.rejects(model.benchmark({ warmup: 0, iterations: 1 }), isLaterCrash);
    await assert.rejects(model.benchmark({ warmup: 0, iterations: 1, inputs: feeds }), isLaterCrash);
    await assert.rejects(model.quantize({ weights: 'int8', activations: 'float32' }), isLaterCrash);
    await assert.rejects(model.quantize({ calibration: { samples: [feeds] } }), isLaterCrash);
    await assert.rejects(model.prune({ sparsity: 0.5 }), isLaterCrash);
    assert.throws(() => model.summary({ printFn: null }), isLaterCrash);
    assert.throws(() => model.profile(), isLaterCrash);
    assert.throws(() => model.toOnnx(), isLaterCrash);
    assert.throws(() => model.inputs, isLaterCrash);
    assert.throws(() => model.planDescription(), isLaterCrash);
    assert.throws(() => _trapForTests(), isLaterCrash);
    model.dispose(); // quiet: nothing to free on a dead instance
    model.dispose();
  });
}
