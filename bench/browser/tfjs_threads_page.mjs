// The page that compare_tfjs_threads.mjs and tfjs_threads_wake.mjs time:
// nnslim's threaded build and TensorFlow.js's threaded wasm backend
// (tfjs-backend-wasm's threaded-SIMD module, XNNPACK on a pthreadpool) on
// one cross-origin-isolated page, both with the same thread count, on the
// same workload (TF.js runs the network tfjs_network.mjs builds from the
// manifest and weights that make_workloads.py wrote next to the .onnx).
//
// TF.js caps its pool at navigator.hardwareConcurrency / 2 (its backend.cc
// assumes two hyperthreads per core), so on a 2-core machine it runs 1 thread
// whatever setThreadsCount asks. To measure it with 2 threads, the page gets
// hardwareConcurrency overridden to 2x the most threads asked for (DevTools'
// Emulation.setHardwareConcurrencyOverride, before TF.js's backend starts);
// openPage asserts each runtime's own thread count.
//
// nnslim sees its own value (nnslimCores; by default the same): its pool gets
// hardwareConcurrency - 1 workers at init, and a run wakes all of them,
// including those beyond its numThreads, which then spin through the run's
// jobs (src/core/thread_pool.cc: a worker outside a job goes straight back
// to its 30 us run spin). With the old override of 4 on this 2-core VM,
// a 2-thread MobileNetV2 run had two such workers using 0.5-2.4 ms of CPU
// each, and the caller and the working worker waited 1-3 ms per run for a
// core (schedstat; 2026-12-06, load 1.3): 6.5-13 ms a run. With a pool of
// 2 the undisturbed runs take 5.5-7.9 ms (waits ~0.1 ms), but on this VM
// the pool of 2 is bimodal, as TF.js's 2 threads are: about half the runs
// 8.9-15 ms, both threads waiting 3-8 ms for a vCPU while nothing else in
// the VM ran (the host); the extra spinners, keeping both vCPUs busy, had
// kept more of nnslim's runs fast (docs/benchmarks.md).
import { existsSync } from 'node:fs';

import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const RUNTIMES = ['nnslim', 'TF.js'];

// Runs in the page (stringified): loads both runtimes with `threads` threads
// and leaves window.benchRun(which) (0: nnslim, 1: TF.js), which runs one and
// returns its wall time, and window.benchOutputs().
async function setUpPage({ threads, onnxUrl, manifestUrl, weightsUrl, input, inputShape }) {
  const { nnslim, tf, tfjsNetwork } = window;
  if (!window.crossOriginIsolated) throw new Error('the page is not cross-origin isolated: no SharedArrayBuffer, no threads');
  const model = await nnslim.loadModel(onnxUrl, { numThreads: threads });
  const feeds = { [model.inputNames[0]]: new nnslim.Tensor('float32', Float32Array.from(input), inputShape) };

  tf.wasm.setWasmPaths('/bench/node_modules/@tensorflow/tfjs-backend-wasm/dist/');
  tf.wasm.setThreadsCount(threads);
  if (!(await tf.setBackend('wasm'))) throw new Error('tf.setBackend("wasm") failed');
  await tf.ready();
  const manifest = await (await fetch(manifestUrl)).json();
  const weights = await (await fetch(weightsUrl)).arrayBuffer();
  const network = tfjsNetwork.buildNetwork(tf, { manifest, weights });
  // Images go in NHWC (TF.js's layout); anything else as it is (runner_tfjs.mjs).
  const [n, c, h, w] = inputShape;
  const tfInput = inputShape.length === 4
    ? tf.tensor4d(tfjsNetwork.nchwToNhwc(Float32Array.from(input), inputShape), [n, h, w, c])
    : tf.tensor(Float32Array.from(input), inputShape);

  const runs = [
    async () => (await model.run(feeds))[model.outputNames[0]].data,
    async () => {
      const output = tf.tidy(() => network.forward(tfInput));
      const data = await output.data();
      output.dispose();
      return data;
    },
  ];
  window.benchRun = async (which) => {
    const start = performance.now();
    await runs[which]();
    return performance.now() - start;
  };
  window.benchOutputs = async () => Promise.all(runs.map(async (run) => Array.from(await run())));
  return {
    userAgent: navigator.userAgent,
    isolated: window.crossOriginIsolated,
    cores: navigator.hardwareConcurrency,
    nnslimBuild: nnslim.features().build,
    nnslimThreads: model.numThreads,
    nnslimMaxThreads: nnslim.features().maxThreads,
    tfjsBackend: tf.getBackend(),
    tfjsSimd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
    tfjsMultithread: await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
    tfjsThreads: tf.wasm.getThreadsCount(),
    tfjsWasmFile: performance.getEntriesByType('resource').map((entry) => entry.name)
      .find((url) => url.includes('/tfjs-backend-wasm/') && url.endsWith('.wasm')),
  };
}

// One browser per page (compare_litert.mjs: pages sharing one renderer
// process interfered with each other).
function launch() {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (bash scripts/setup.sh installs Debian's)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

// Opens the page in a browser of its own with both runtimes on `threads`
// threads; returns { browser, page, info }. Throws unless both run their
// threaded modules with the threads asked for (the comparison is void
// otherwise). serverUrl: a static server rooted at the repository, with
// COOP/COEP; workload: loadWorkload()'s.
export async function openPage({ serverUrl, workload, threads, hardwareConcurrency, nnslimCores = hardwareConcurrency }) {
  if (!workload.manifest.layers) throw new Error(`${workload.name}: TF.js needs a layer manifest (a make_workloads.py workload)`);
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const cdp = await page.context().newCDPSession(page);
    // nnslim starts (nnslim.init(), in the page's module script) under
    // nnslimCores, TF.js's backend (setUpPage) under hardwareConcurrency.
    await cdp.send('Emulation.setHardwareConcurrencyOverride', { hardwareConcurrency: nnslimCores });
    page.on('pageerror', (error) => console.error(`page (${threads} threads): ${error.message}`));
    page.on('console', (message) => { if (message.type() === 'error') console.error(`page (${threads} threads): ${message.text()}`); });

    await page.goto(`${serverUrl}/bench/browser/compare_tfjs_threads.html`);
    await page.waitForFunction(() => window.pageReady === true, null, { timeout: 60_000 });
    await cdp.send('Emulation.setHardwareConcurrencyOverride', { hardwareConcurrency });
    const settings = {
      threads,
      onnxUrl: `/bench/peers/generated/${workload.manifest.onnx}`,
      manifestUrl: `/bench/peers/generated/${workload.name}.json`,
      weightsUrl: `/bench/peers/generated/${workload.manifest.weights}`,
      input: Array.from(workload.input),
      inputShape: workload.inputShape,
    };
    const info = await page.evaluate(async ({ source, settings: s }) => new Function(`return (${source})`)()(s),
      { source: setUpPage.toString(), settings });
    const problems = [];
    if (!info.isolated) problems.push('the page is not cross-origin isolated');
    if (info.nnslimBuild !== 'threads') problems.push(`nnslim runs its ${info.nnslimBuild} build`);
    if (info.nnslimThreads !== threads) problems.push(`nnslim uses ${info.nnslimThreads} threads`);
    if (info.nnslimMaxThreads !== Math.min(nnslimCores, 8)) problems.push(`nnslim's pool has ${info.nnslimMaxThreads} threads, not ${nnslimCores}`);
    if (info.cores !== hardwareConcurrency) problems.push(`TF.js started under hardwareConcurrency ${info.cores}`);
    if (info.tfjsBackend !== 'wasm' || !info.tfjsSimd || !info.tfjsMultithread) {
      problems.push(`TF.js runs backend ${info.tfjsBackend} (SIMD ${info.tfjsSimd}, multithread ${info.tfjsMultithread})`);
    }
    if (!info.tfjsWasmFile?.endsWith('tfjs-backend-wasm-threaded-simd.wasm')) problems.push(`TF.js loaded ${info.tfjsWasmFile}`);
    if (info.tfjsThreads !== threads) problems.push(`TF.js uses ${info.tfjsThreads} threads`);
    if (problems.length > 0) throw new Error(`${threads}-thread page: ${problems.join('; ')}`);
    return { browser, page, info };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

// Runs runtime `which` (0: nnslim, 1: TF.js) once on the page; its wall ms.
export const runOnce = (page, which) => page.evaluate((w) => window.benchRun(w), which);
