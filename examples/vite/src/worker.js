// A module worker: importing nnslim loads nothing, so the handler below is
// registered at once and no message posted right after `new Worker()` is lost.
import * as nnslim from 'nnslim';

import { describeError } from './describe-error.js';
import { runSeededModel } from './seeded-model.js';

self.onmessage = async ({ data }) => {
  try {
    if (data.wasmUrl) await nnslim.init({ wasmUrl: data.wasmUrl });
    self.postMessage({ id: data.id, ...(await runSeededModel(nnslim)) });
  } catch (error) {
    self.postMessage({ id: data.id, error: describeError(error) });
  }
};
