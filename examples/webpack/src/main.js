// The seeded model on the main thread and in a module worker. `?wasmUrl=...`
// passes init({ wasmUrl }) first (a CDN or unusual hosting); the test uses it
// to check that a broken URL is reported and a corrected one recovers.
import * as nnslim from 'nnslim';

import { describeError } from './describe-error.js';
import { runSeededModel } from './seeded-model.js';

async function onMainThread(wasmUrl) {
  try {
    if (wasmUrl) await nnslim.init({ wasmUrl });
    return await runSeededModel(nnslim);
  } catch (error) {
    return { error: describeError(error) };
  }
}

const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
const replies = new Map();
worker.onmessage = ({ data }) => {
  replies.get(data.id)(data);
  replies.delete(data.id);
};
let nextId = 0;
function inWorker(wasmUrl) {
  const id = ++nextId;
  const reply = new Promise((resolve) => replies.set(id, resolve));
  worker.postMessage({ id, wasmUrl }); // the first one right after new Worker()
  return reply;
}

function show(id, result) {
  document.getElementById(id).textContent = result.error
    ? `${result.error.code}: ${result.error.message}`
    : `${result.output.map((p) => p.toFixed(4)).join(' ')} (${result.build} build, ${result.numThreads} thread(s))`;
  return result;
}

function runBoth(wasmUrl) {
  return {
    worker: inWorker(wasmUrl).then((result) => show('worker', result)),
    main: onMainThread(wasmUrl).then((result) => show('main', result)),
  };
}

const wasmUrl = new URLSearchParams(location.search).get('wasmUrl') ?? undefined;
window.nnslimExample = { ...runBoth(wasmUrl), retry: (url) => runBoth(url) };
