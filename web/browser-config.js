// The loader settings of the browser entry (web/index.js; web/index-threads.js
// re-exports it): which artifacts, the forced build
// (globalThis.NNSLIM_BUILD, read at the first call) and the thread count.
import { _configure } from './api.js';
import { threadsForCores } from './builds.js';

export function configureBrowser(artifacts) {
  _configure({
    artifacts,
    get requestedBuild() { return globalThis.NNSLIM_BUILD; },
    maxThreads: () => threadsForCores(globalThis.navigator?.hardwareConcurrency ?? 1),
  });
}
