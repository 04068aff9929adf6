// The hand-written types: tests/types/usage.ts must type-check with
// `tsc --strict`, and web/index.d.ts must declare exactly what the runtime
// exports; internal `_names` are not exported at all (web/internal.js has them).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import ts from 'typescript';

import * as nnslim from '../../web/node.js';
import { runChild } from './node_child.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// tsc took 9 s on the loaded 2-core machine (docs/reliability.md).
const TSC_TIMEOUT_MS = 120_000;

test('tests/types/usage.ts type-checks with tsc --strict', (t) => {
  const tsc = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));
  const result = runChild(process.execPath, [tsc, '-p', 'tests/types/tsconfig.json'], { cwd: ROOT, label: 'tsc', timeoutMs: TSC_TIMEOUT_MS, t });
  assert.equal(result.ok, true, `tsc failed: ${result.describe()}`);
});

test('index.d.ts declares every runtime export and nothing else', () => {
  const declarationFile = fileURLToPath(new URL('../../web/index.d.ts', import.meta.url));
  const program = ts.createProgram([declarationFile], { strict: true, noEmit: true });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(declarationFile));
  const declared = checker.getExportsOfModule(moduleSymbol).map((symbol) => symbol.name)
    .filter((name) => !isTypeOnly(checker, moduleSymbol, name));
  const runtime = Object.keys(nnslim);
  assert.deepEqual([...declared].sort(), [...runtime].sort());
  const declaredZoo = checker.getExportsOfModule(checker.getExportsOfModule(moduleSymbol)
    .find((symbol) => symbol.name === 'zoo')).map((symbol) => symbol.name);
  assert.deepEqual(declaredZoo.sort(), Object.keys(nnslim.zoo).filter((name) => !name.startsWith('_')).sort());
});

test('the package entry exports no internal helper (_configure, _buildFromSpec, ...)', async () => {
  assert.deepEqual(Object.keys(nnslim).filter((name) => name.startsWith('_')), []);
  assert.deepEqual(Object.keys(nnslim.zoo).filter((name) => name.startsWith('_')), []);
  // ... and web/internal.js reaches the same, initialized module instance.
  const internal = await import('../../web/internal.js');
  assert.ok(internal._wasmMemoryStats().memoryBytes > 0);
  const model = internal._buildFromSpec({
    weights: 'none',
    inputs: [{ name: 'x', shape: [3], dtype: 'float32' }],
    layers: [{ name: 'fc', type: 'dense', inbound: ['x'], config: { units: 2 } }],
  });
  try {
    assert.ok(model instanceof nnslim.Model);
    assert.equal(model.profile().params.total, 3 * 2 + 2);
  } finally {
    model.dispose();
  }
});

// Interfaces and type aliases exist only for the type checker.
function isTypeOnly(checker, moduleSymbol, name) {
  const symbol = checker.getExportsOfModule(moduleSymbol).find((s) => s.name === name);
  return (symbol.flags & ts.SymbolFlags.Value) === 0;
}
