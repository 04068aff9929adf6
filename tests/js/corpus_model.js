// A real model of the corpus (tests/models/corpus.json) for a test: its
// file's path, which must exist (a test fails, not skips, when its data is
// missing).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';

import { corpusModels } from '../models/corpus.mjs';

export function corpusModelFile(name) {
  const model = corpusModels().find((m) => m.name === name);
  assert.ok(model, `tests/models/corpus.json has no model '${name}'`);
  assert.ok(existsSync(model.file), `${model.file} is missing: run scripts/setup.sh`);
  return model.file;
}
