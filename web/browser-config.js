// The loader settings of the browser entry (web/index.js; web/index-threads.js
// re-exports it): which artifacts, the forced build
// (globalThis.NNSLIM_BUILD, read at the first call) and the thread count.
import { _configure } from './api.js';

const MAX_THREADS_CAP = 8;

export function configureBrowser(artifacts) {
  _configure({
    artifacts,
    get requestedBuild() { return globalThis.NNSLIM_BUILD; },
    maxThreads: () => Math.max(1, Math.min(globalThis.navigator?.hardwareConcurrency ?? 1, MAX_THREADS_CAP)),
  });
}
