// Versions of the packages under test, read from their package.json files
// (by path: onnxruntime-web's exports map does not export ./package.json).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const BENCH_NODE_MODULES = new URL('../node_modules/', import.meta.url);

export function packageVersion(name) {
  try {
    return JSON.parse(readFileSync(new URL(`${name}/package.json`, BENCH_NODE_MODULES), 'utf8')).version;
  } catch {
    return 'not installed';
  }
}

export function packageDir(name) {
  return new URL(`${name}/`, BENCH_NODE_MODULES);
}

// The repository's package version plus its commit ("+dirty" with local changes).
export function nnslimVersion() {
  const version = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
  try {
    const git = (...args) => execFileSync('git', args, { cwd: new URL('../..', import.meta.url), encoding: 'utf8' }).trim();
    const dirty = git('status', '--porcelain', '--untracked-files=no') ? '+dirty' : '';
    return `${version} (commit ${git('rev-parse', '--short', 'HEAD')}${dirty})`;
  } catch {
    return version;
  }
}
