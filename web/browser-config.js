// The loader settings both browser entries share (web/index.js,
// web/index-threads.js): which artifacts, the forced build
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
