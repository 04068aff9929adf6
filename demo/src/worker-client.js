// The page's side of worker.js: each request is a job with an id, progress
// callbacks and a cancel(). Results and errors come back as a promise; an
// error keeps the worker's { name, code, message } (an NnslimError's code
// survives the trip).

export class WorkerClient {
  #worker;
  #nextJob = 1;
  #pending = new Map(); // job -> { resolve, reject, onProgress }

  constructor() {
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

  /** Starts a job; returns { promise, cancel }. */
  start(type, args = {}, { onProgress, transfer = [] } = {}) {
    const job = this.#nextJob++;
    const promise = new Promise((resolve, reject) => {
      this.#pending.set(job, { resolve, reject, onProgress });
    });
    this.#worker.postMessage({ job, type, args }, transfer);
    return { promise, cancel: () => this.#worker.postMessage({ type: 'cancel', job }) };
  }

  /** start() when nothing needs cancelling. */
  call(type, args, options) {
    return this.start(type, args, options).promise;
  }
}
