// examples/node/tour.mjs runs as documented: profile, benchmark, int8 and
// pruned variants with their fidelity, ONNX exports that load back.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import * as nnslim from '../../web/node.js';
import { jsonOf, runChild } from './node_child.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// The tour took 21 s on the loaded 2-core machine (docs/reliability.md,
// "Child processes of the JS tests"); node_child.js retries it once if it hangs.
const TOUR_TIMEOUT_MS = 180_000;
const scratch = mkdtempSync(join(tmpdir(), 'nnslim-tour-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

test('the Node tour: three variants, int8 ~4x smaller weights, pruned 75% with fewer effective MACs, exports load back', async (t) => {
  const result = runChild(process.execPath, ['examples/node/tour.mjs', '--out', scratch, '--json'],
    { cwd: ROOT, timeoutMs: TOUR_TIMEOUT_MS, maxBuffer: 1 << 24, t });
  assert.equal(result.ok, true, result.describe());
  const report = jsonOf(result);
  const { f32, int8, pruned75 } = report.variants;
  assert.ok(['threads', 'relaxed', 'plain'].includes(report.build));
  // 4 bytes per float weight against 1 per int8 weight, plus scales and int32 biases.
  assert.ok(int8.weightBytes.byDtype.int8 > 0);
  assert.ok(int8.weightBytes.total < f32.weightBytes.total / 3, JSON.stringify(int8.weightBytes));
  for (const v of [f32, int8, pruned75]) assert.ok(v.p50Ms > 0);
  const sqnr = (v) => Object.values(v.fidelity)[0].sqnrDb;
  assert.ok(Number.isFinite(sqnr(int8)) && sqnr(int8) > 15, `int8 SQNR ${sqnr(int8)}`);
  assert.ok(!Number.isNaN(sqnr(pruned75)));
  for (const file of ['int8.onnx', 'pruned75.onnx']) {
    const model = await nnslim.loadModel(readFileSync(join(scratch, file)));
    try {
      const profile = model.profile();
      if (file === 'pruned75.onnx') {
        // 75% of every layer but the first conv and the classifier (left
        // dense by default, and the classifier holds a third of the weights).
        assert.ok(profile.sparsity > 0.3, `sparsity ${profile.sparsity}`);
        assert.ok(profile.effectiveMacs < 0.5 * profile.macs, `${profile.effectiveMacs} of ${profile.macs} MACs`);
      } else {
        assert.ok(profile.weightBytes.byDtype.int8 > 0);
      }
    } finally {
      model.dispose();
    }
  }
});
