// The page's side of worker.js: each request is a job with an id, progress
// callbacks and a cancel(). Results and errors come back as a promise; an
// error keeps the worker's { name, code, message } (an NnslimError's code
// survives the trip).

export class WorkerClient {
  #worker;
  #nextJob = 1;
  #pending = new Map(); // job -> { resolve, reject, onProgress }
  /** Called after a cancel had to restart the worker (its models are gone). */
  onRestart = null;

  constructor() {
    this.#spawn();
  }

  #spawn() {
    this.#worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    this.#worker.onmessage = ({ data }) => {
      const pending = this.#pending.get(data.job);
      if (!pending) return;
      if (data.kind === 'progress') {
        pending.onProgress?.(data.progress);
        return;
      }
      this.#pending.delete(data.job);
      if (data.kind === 'result') pending.resolve(data.result);
      else pending.reject(Object.assign(new Error(data.error.message), { name: data.error.name, code: data.error.code }));
    };
    this.#worker.onerror = (event) => {
      const error = new Error(`the worker failed: ${event.message ?? 'unknown error'}`);
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
    };
  }

  // A job that does not stop when asked is inside a long stretch of wasm (or
  // of promise continuations that never let the worker read the cancel
  // message): the only way out is a new worker.
  #restart() {
    this.#worker.terminate();
    const error = Object.assign(new Error('cancelled (the worker was restarted)'), { name: 'AbortError' });
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
    this.#spawn();
    this.onRestart?.();
  }

  /** Starts a job; returns { promise, cancel }. cancel() aborts its signal, and restarts the worker if it has not stopped 500 ms later. */
  start(type, args = {}, { onProgress, transfer = [] } = {}) {
    const job = this.#nextJob++;
    const promise = new Promise((resolve, reject) => {
      this.#pending.set(job, { resolve, reject, onProgress });
    });
    this.#worker.postMessage({ job, type, args }, transfer);
    const cancel = () => {
      this.#worker.postMessage({ type: 'cancel', job });
      setTimeout(() => { if (this.#pending.has(job)) this.#restart(); }, 500);
    };
    return { promise, cancel };
  }

  /** start() when nothing needs cancelling. */
  call(type, args, options) {
    return this.start(type, args, options).promise;
  }
}
