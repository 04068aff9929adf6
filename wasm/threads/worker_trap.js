// --post-js of the threaded module (inside its factory, after the glue).
// On a pool worker, a trap in a tile unwinds out of the thread's entry point
// into Emscripten's worker script, which reports it as the worker's error
// event; the caller, blocked until the tile is done, would wait forever. The
// wrapper tells the pool first (ThreadPool::worker_trapped: the caller wakes
// and traps in turn, so the call fails with a RuntimeError and web/api.js
// marks the instance unusable), then lets the trap go on as before.
if (ENVIRONMENT_IS_PTHREAD) {
  const invokeEntryPoint = Module['invokeEntryPoint'];
  Module['invokeEntryPoint'] = (entry, arg) => {
    try {
      return invokeEntryPoint(entry, arg);
    } catch (error) {
      if (error instanceof WebAssembly.RuntimeError) Module['_nnslim_pool_worker_trapped']();
      throw error;
    }
  };
}
