// Internal helpers for this repository's tests and benchmarks, not part of
// the public API (package.json's "exports" does not reach this file, and the
// entries do not re-export it). Import an entry first (web/node.js or
// web/index.js): it configures the loader (Node then loads the module on the
// first helper call; in a browser, await init() first).
export { _buildFromSpec, _poolStats, _setAdaptiveThreads, _setMinParallelWork, _trapForTests, _wasmMemoryStats } from './api.js';
