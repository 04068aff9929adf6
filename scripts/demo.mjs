// `npm run demo`: sets up what is missing, builds the package and the demo
// page, serves it on http://127.0.0.1 with the cross-origin isolation headers
// (COOP/COEP) that threads and fine timers need, and prints the URL.
//   node scripts/demo.mjs [--port N] [--no-isolation]   build, then serve
//   node scripts/demo.mjs --build                        build the static site (demo/dist) only
// NNSLIM_SKIP_BUILD=1 skips the set-up and package build (the tests build first).
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startStaticServer } from './static-server.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEMO = join(ROOT, 'demo');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : fallback;
};

function run(command, commandArgs, cwd = ROOT) {
  console.log(`demo: ${command} ${commandArgs.join(' ')}${cwd === ROOT ? '' : ` (in ${cwd})`}`);
  execFileSync(command, commandArgs, { cwd, stdio: 'inherit' });
}

// npm writes node_modules/.package-lock.json on every install: older than
// the lockfile means the lockfile changed since.
function needsInstall(folder) {
  const installed = join(folder, 'node_modules/.package-lock.json');
  return !existsSync(installed) || statSync(join(folder, 'package-lock.json')).mtimeMs > statSync(installed).mtimeMs;
}

export function buildDemo() {
  if (process.env.NNSLIM_SKIP_BUILD !== '1') run('bash', ['scripts/build.sh']); // set-up (apt, npm ci, corpus) + dist/
  if (needsInstall(DEMO)) run('npm', ['ci', '--no-audit', '--no-fund'], DEMO);
  run('npm', ['run', 'build'], DEMO); // default model into public/, then vite build -> demo/dist
  return join(DEMO, 'dist');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const site = buildDemo();
  if (flag('--build')) {
    console.log(`demo: static site in ${site}; a host must send "Cross-Origin-Opener-Policy: same-origin" and `
      + '"Cross-Origin-Embedder-Policy: require-corp" for threads (without them the page runs single-threaded), '
      + 'and serve .wasm as application/wasm.');
  } else {
    const isolation = !flag('--no-isolation');
    const server = await startStaticServer({
      mounts: { '/': site }, port: Number(option('--port', process.env.PORT ?? 5180)), crossOriginIsolation: isolation,
    });
    console.log(`\nnnslim demo: ${server.url}/  (${isolation ? 'cross-origin isolated' : 'without COOP/COEP'}; Ctrl-C stops it)\n`);
  }
}
