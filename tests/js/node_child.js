// Child processes for the JS tests, guarded against a child that hangs.
//
// Node 20 can deadlock at process exit (nodejs/node#54918: a child stuck at
// 0% CPU in node::NodePlatform::DrainTasks after its work is done; seen in
// CI on `nnslim bench --per-layer --json`). Without a guard such a child
// stalls the test until node:test's 15-minute timeout and the CI run fails.
// runChild() gives every child a timeout and runs it once more only when it
// hung (killed by that timeout): a non-zero exit, another signal, a spawn
// error are real failures and are never retried. A retry is logged
// (t.diagnostic when the test context is given, and stderr), so it shows in
// the CI log. A child that hangs on both tries fails the test, so a test of
// "the process exits by itself" still fails when it never does.
//
// Timeouts: CHILD_TIMEOUT_MS unless a site gives its own, from the children's
// measured durations (docs/reliability.md, "Child processes of the JS
// tests"): every CLI, script and python child took at most 7 s on the
// 2-core machine at load 12-17 (2026-12-05), so 60 s is 8x that; a child
// slow enough to pass it is run once more, so only two slow tries in a row
// fail. Under NNSLIM_DEBUG_WASM=1 (scripts/test-debug-wasm.sh, the
// -sASSERTIONS=2 -sSAFE_HEAP=1 build) every timeout is doubled
// (DEBUG_WASM_FACTOR): its children took at most 1.9 s, but the build is
// slower per instruction, and this is where the hang was seen, twice.
// NNSLIM_CHILD_LOG=1 prints every child's duration to stderr (how the
// durations were measured).
import { spawn, spawnSync } from 'node:child_process';

export const CHILD_TIMEOUT_MS = 60_000;
export const DEBUG_WASM_FACTOR = 2;

const debugWasm = () => process.env.NNSLIM_DEBUG_WASM === '1';
export const scaledTimeout = (ms) => (debugWasm() ? ms * DEBUG_WASM_FACTOR : ms);

const tail = (text, limit = 4000) => (text.length > limit ? `...${text.slice(-limit)}` : text);
const commandLine = (command, args) => [command, ...args].map((a) => a.replace(/\s+/g, ' ').trim()).map((a) => (a.length > 80 ? `${a.slice(0, 77)}...` : a)).join(' ');

// What a finished child did, with its output: for assertion messages.
function describe(result) {
  const how = result.hung ? `hung (no exit within ${result.timeoutMs / 1000} s, killed), ${result.tries === 2 ? 'twice' : 'once, after an earlier child hung twice'}`
    : result.error ? `did not run: ${result.error.message}`
      : result.signal ? `was killed by ${result.signal}` : `exited with status ${result.status}`;
  return `${result.label} ${how} after ${result.ms} ms\n--- stdout:\n${tail(String(result.stdout ?? ''))}\n--- stderr:\n${tail(String(result.stderr ?? ''))}`;
}

function logRetry(label, timeoutMs, t) {
  const line = `${label}: no exit within ${timeoutMs / 1000} s (hung, nodejs/node#54918?): killed, running it once more`;
  t?.diagnostic(line);
  console.error(`# ${line}`);
}

function logDuration(result) {
  if (process.env.NNSLIM_CHILD_LOG === '1') console.error(`# child ${result.ms} ms${result.tries > 1 ? ` (try ${result.tries})` : ''}: ${result.label}`);
}

function finish(raw, base) {
  const result = { ...base, status: raw.status, signal: raw.signal, stdout: raw.stdout, stderr: raw.stderr, error: raw.error };
  result.ok = !result.hung && !result.error && result.signal === null && result.status === 0;
  result.describe = () => describe(result);
  logDuration(result);
  return result;
}

// spawnSync(command, args, options) with a timeout (options.timeoutMs, else
// CHILD_TIMEOUT_MS; both scaled under NNSLIM_DEBUG_WASM=1) and one retry when
// the child hung. options.t: the test context, for the retry's diagnostic;
// options.label: how messages name the child. Returns spawnSync's fields plus
// hung (true when both tries hung), ok (exited 0, no signal, no error), ms,
// tries and describe() (the outcome and the output, for a message). Throws
// only when the child hung twice: that fails the test with its output.
// Once a child of this test process has hung on both tries, the cause is
// not a rare exit deadlock: later children get one try each, so a test file
// whose every child hangs fails in about one timeout per child instead of
// two (spawnSync blocks the event loop: node:test's own timeout cannot cut
// it short).
let hungTwice = false;

function giveUp(tries) {
  return tries === 2 || hungTwice;
}

// For node_child.test.js, which hangs children on purpose.
export function resetHangBudget() {
  hungTwice = false;
}

function hungOut(raw, base) {
  hungTwice = true;
  const result = finish({ ...raw, error: undefined }, { ...base, hung: true });
  throw new Error(result.describe());
}

export function runChild(command, args, options = {}) {
  const { t, label = commandLine(command, args), timeoutMs = CHILD_TIMEOUT_MS, ...spawnOptions } = options;
  const timeout = scaledTimeout(timeoutMs);
  for (let tries = 1; ; tries += 1) {
    const start = Date.now();
    const raw = spawnSync(command, args, { encoding: 'utf8', ...spawnOptions, timeout, killSignal: 'SIGKILL' });
    const hung = raw.error?.code === 'ETIMEDOUT';
    const base = { label, timeoutMs: timeout, ms: Date.now() - start, tries, hung: false };
    if (!hung) return finish(raw, base);
    if (giveUp(tries)) hungOut(raw, base);
    logRetry(label, timeout, t);
  }
}

// runChild() that also requires success (exit 0, no signal): returns stdout,
// as execFileSync does, else throws with the child's output.
export function runChecked(command, args, options = {}) {
  const result = runChild(command, args, options);
  if (!result.ok) throw new Error(result.describe());
  return result.stdout;
}

// The async form, for a child whose output the test reads while it runs or
// that must not block the event loop: spawn() with the same timeout and retry
// rule. onSpawn(child), when given, is called for each try's child.
export async function runChildAsync(command, args, options = {}) {
  const { t, label = commandLine(command, args), timeoutMs = CHILD_TIMEOUT_MS, onSpawn, ...spawnOptions } = options;
  const timeout = scaledTimeout(timeoutMs);
  for (let tries = 1; ; tries += 1) {
    const start = Date.now();
    const raw = await new Promise((resolve) => {
      const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...spawnOptions });
      let stdout = '';
      let stderr = '';
      let timedOut = false;
      child.stdout?.setEncoding('utf8').on('data', (chunk) => { stdout += chunk; });
      child.stderr?.setEncoding('utf8').on('data', (chunk) => { stderr += chunk; });
      const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeout);
      child.on('error', (error) => { clearTimeout(timer); resolve({ status: null, signal: null, stdout, stderr, error }); });
      child.on('close', (status, signal) => {
        clearTimeout(timer);
        resolve({ status, signal, stdout, stderr, error: timedOut ? Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }) : undefined });
      });
      onSpawn?.(child);
    });
    const hung = raw.error?.code === 'ETIMEDOUT';
    const base = { label, timeoutMs: timeout, ms: Date.now() - start, tries, hung: false };
    if (!hung) return finish(raw, base);
    if (giveUp(tries)) hungOut(raw, base);
    logRetry(label, timeout, t);
  }
}

// The child's stdout (or `text`, a part of it) parsed as JSON; output that
// is not JSON fails with the child's output in the message.
export function jsonOf(result, text = result.stdout) {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`its output is not JSON (${error.message}): ${result.describe()}`);
  }
}
