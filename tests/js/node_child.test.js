// The child-process guard of the JS tests (node_child.js): a child that hangs
// is killed by the timeout and run once more; a child that fails is never
// retried and fails with its output; a child that hangs twice fails. The
// children are small node scripts that count their starts in a file, so the
// tests see how many tries there were, not only what the helper reports.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

import { jsonOf, resetHangBudget, runChecked, runChild, runChildAsync, scaledTimeout } from './node_child.js';

const scratch = mkdtempSync(join(tmpdir(), 'nnslim-node-child-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

// Short: the hanging children cost the timeout per try. (scaledTimeout:
// the helper multiplies it under NNSLIM_DEBUG_WASM=1, as every site's.)
const TIMEOUT_MS = 1500;

let counter = 0;
// A node child that appends a line to its own start file, then behaves as
// `behaviour(starts)` says: 'hang' (stays alive doing nothing: an event loop
// kept busy by a timer, 0% CPU as the exit deadlock), 'ok', 'fail', 'signal'.
function child(behaviour) {
  const file = join(scratch, `starts-${counter += 1}`);
  const script = `
    const fs = require('node:fs');
    fs.appendFileSync(${JSON.stringify(file)}, 'start\\n');
    const starts = fs.readFileSync(${JSON.stringify(file)}, 'utf8').split('\\n').length - 1;
    const what = (${behaviour.toString()})(starts);
    console.log('started ' + starts);
    if (what === 'hang') setInterval(() => {}, 1000);
    else if (what === 'fail') { console.error('boom: a real failure'); process.exit(3); }
    else if (what === 'signal') process.kill(process.pid, 'SIGTERM');
    else console.log('done');
  `;
  return { args: ['-e', script], starts: () => readFileSync(file, 'utf8').split('\n').length - 1 };
}

// A stand-in for the test context: records the retry's diagnostic.
const recorder = () => ({ lines: [], diagnostic(line) { this.lines.push(line); } });

test('a child that succeeds runs once', () => {
  const c = child(() => 'ok');
  const t = recorder();
  const result = runChild(process.execPath, c.args, { timeoutMs: TIMEOUT_MS, t });
  assert.equal(result.ok, true, result.describe());
  assert.equal(result.tries, 1);
  assert.equal(c.starts(), 1);
  assert.match(result.stdout, /started 1\ndone/);
  assert.deepEqual(t.lines, []);
  assert.match(runChecked(process.execPath, child(() => 'ok').args, { timeoutMs: TIMEOUT_MS }), /done/);
});

test('a child that hangs once, then succeeds: killed, retried once, logged', () => {
  const c = child((starts) => (starts === 1 ? 'hang' : 'ok'));
  const t = recorder();
  const start = Date.now();
  const result = runChild(process.execPath, c.args, { timeoutMs: TIMEOUT_MS, t, label: 'hang-once' });
  assert.equal(result.ok, true, result.describe());
  assert.equal(result.tries, 2);
  assert.equal(c.starts(), 2);
  assert.match(result.stdout, /started 2\ndone/);
  assert.ok(Date.now() - start >= scaledTimeout(TIMEOUT_MS), 'the first try ran until the timeout');
  assert.equal(t.lines.length, 1);
  assert.match(t.lines[0], /^hang-once: no exit within [\d.]+ s \(hung.*running it once more$/);
});

test('a child that always hangs fails after two tries, with its output; the next hanging child gets one try', () => {
  resetHangBudget();
  const c = child(() => 'hang');
  const t = recorder();
  assert.throws(() => runChild(process.execPath, c.args, { timeoutMs: TIMEOUT_MS, t, label: 'always-hangs' }),
    (error) => {
      assert.match(error.message, /^always-hangs hung \(no exit within [\d.]+ s, killed\), twice/);
      assert.match(error.message, /--- stdout:\nstarted 2/);
      return true;
    });
  assert.equal(c.starts(), 2);
  assert.equal(t.lines.length, 1);
  // The cause is not a rare exit deadlock now: one try, no retry.
  const next = child((starts) => (starts === 1 ? 'hang' : 'ok'));
  assert.throws(() => runChild(process.execPath, next.args, { timeoutMs: TIMEOUT_MS, label: 'after' }),
    /after hung \(no exit within [\d.]+ s, killed\), once, after an earlier child hung twice/);
  assert.equal(next.starts(), 1);
  resetHangBudget();
});

test('a child that fails is not retried: its status and output reach the test', () => {
  const c = child(() => 'fail');
  const t = recorder();
  const result = runChild(process.execPath, c.args, { timeoutMs: TIMEOUT_MS, t, label: 'fails' });
  assert.equal(result.ok, false);
  assert.equal(result.status, 3);
  assert.equal(result.tries, 1);
  assert.equal(c.starts(), 1);
  assert.deepEqual(t.lines, []);
  assert.match(result.describe(), /^fails exited with status 3 after \d+ ms\n--- stdout:\nstarted 1\n\n--- stderr:\nboom: a real failure/);
  const again = child(() => 'fail');
  assert.throws(() => runChecked(process.execPath, again.args, { timeoutMs: TIMEOUT_MS }), /exited with status 3[^]*boom: a real failure/);
  assert.equal(again.starts(), 1);
});

test('a child killed by another signal than the timeout is not retried', () => {
  const c = child(() => 'signal');
  const result = runChild(process.execPath, c.args, { timeoutMs: TIMEOUT_MS });
  assert.equal(result.ok, false);
  assert.equal(result.signal, 'SIGTERM');
  assert.equal(result.tries, 1);
  assert.equal(c.starts(), 1);
  assert.throws(() => runChecked(process.execPath, child(() => 'signal').args, { timeoutMs: TIMEOUT_MS }), /was killed by SIGTERM/);
});

test('a command that cannot start is a failure, not a hang', () => {
  const result = runChild(join(scratch, 'no-such-program'), [], { timeoutMs: TIMEOUT_MS });
  assert.equal(result.ok, false);
  assert.equal(result.tries, 1);
  assert.match(result.describe(), /did not run: .*ENOENT/);
});

test('async: hangs once then succeeds; always hangs; fails; succeeds', async () => {
  resetHangBudget();
  const t = recorder();
  const once = child((starts) => (starts === 1 ? 'hang' : 'ok'));
  const retried = await runChildAsync(process.execPath, once.args, { timeoutMs: TIMEOUT_MS, t });
  assert.equal(retried.ok, true, retried.describe());
  assert.equal(retried.tries, 2);
  assert.equal(once.starts(), 2);
  assert.equal(t.lines.length, 1);

  const always = child(() => 'hang');
  await assert.rejects(runChildAsync(process.execPath, always.args, { timeoutMs: TIMEOUT_MS }), /hung[^]*twice[^]*started 2/);
  assert.equal(always.starts(), 2);

  const fails = child(() => 'fail');
  const failed = await runChildAsync(process.execPath, fails.args, { timeoutMs: TIMEOUT_MS });
  assert.equal(failed.status, 3);
  assert.equal(failed.tries, 1);
  assert.equal(fails.starts(), 1);
  assert.match(failed.stderr, /boom/);

  const ok = child(() => 'ok');
  const succeeded = await runChildAsync(process.execPath, ok.args, { timeoutMs: TIMEOUT_MS });
  assert.equal(succeeded.ok, true);
  assert.equal(succeeded.tries, 1);
  assert.match(succeeded.stdout, /done/);
});

test('wrong output: a child whose stdout is not the JSON expected fails with that output', () => {
  const result = runChild(process.execPath, child(() => 'ok').args, { timeoutMs: TIMEOUT_MS, label: 'not-json' });
  assert.equal(result.ok, true);
  assert.throws(() => jsonOf(result), /^Error: its output is not JSON \([^]*\): not-json exited with status 0 after \d+ ms\n--- stdout:\nstarted 1\ndone/);
  const json = runChild(process.execPath, ['-e', 'console.log(JSON.stringify({ a: 1 }))'], { timeoutMs: TIMEOUT_MS });
  assert.deepEqual(jsonOf(json), { a: 1 });
});
