// `nnslim prune` and `nnslim explain` (web/cli.js dispatches here).
//   nnslim prune MODEL.onnx -o OUT.onnx [--sparsity 0.5] [--method magnitude|block|channel]
//                [--scope layer|global] [--block 8x1] [--nm 2:4] [--criterion l1|l2]
//                [--skip NAME]... [--layer NAME=SPARSITY]... [--json]
//   nnslim explain MODEL.onnx [--baseline ORIGINAL.onnx] [--iterations N] [--json]
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

import * as nnslim from './node.js';

export const PRUNE_USAGE = `  nnslim prune MODEL.onnx -o OUT.onnx [--sparsity S] [--method magnitude|block|channel]
               [--scope layer|global] [--block RxC] [--nm N:M] [--criterion l1|l2]
               [--skip NAME]... [--layer NAME=S]... [--input-shape [NAME=]DIMS]... [--json]
  nnslim explain [MODEL.onnx] [--baseline ORIGINAL.onnx] [--iterations N] [--input-shape [NAME=]DIMS]... [--json]`;

export const PRUNE_HELP = `  prune     a pruned copy of MODEL written to OUT.onnx (docs/pruning.md):
            magnitude (default; smallest |w| set to 0), block (whole RxC blocks, default 8x1, or N:M),
            channel (whole output channels removed, the model shrinks); --sparsity in [0, 1)
            (default 0.5); --skip replaces the default skip list (first conv, classifier);
            progress on a TTY; a table of the pruned layers, or --json
  explain   per layer: sparsity, dense and effective MACs (zeros skipped), the kernel the
            plan chose and its median ms; with --baseline, predicted vs measured speedup`;

export class CliUsageError extends Error {}

function parse(argv, options) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, options });
  } catch (error) {
    throw new CliUsageError(error.message);
  }
}

function number(text, name) {
  if (text === undefined) return undefined;
  if (!/^-?[0-9]*\.?[0-9]+(e-?[0-9]+)?$/i.test(text)) throw new CliUsageError(`--${name} must be a number, got '${text}'`);
  return Number(text);
}

// A progress bar on stderr when it is a terminal.
function progressBar() {
  if (!process.stderr.isTTY) return undefined;
  return ({ done, total }) => {
    const width = 30;
    const filled = Math.round((width * done) / Math.max(total, 1));
    process.stderr.write(`\rpruning [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total} layers`);
    if (done === total) process.stderr.write('\n');
  };
}

function formatReport(report, before, after) {
  const rows = report.layers.map((l) => [l.name, l.op, `${(100 * l.sparsity).toFixed(1)}%`,
    l.channelsBefore === l.channelsAfter ? '' : `${l.channelsBefore} -> ${l.channelsAfter}`]);
  const header = ['Layer', 'Op', 'Sparsity', 'Channels'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const ratio = (a, b) => (b > 0 ? (a / b).toFixed(3) : '-');
  return [
    line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line),
    ...(report.skipped.length ? ['', 'Left alone:', ...report.skipped.map((why) => `  ${why}`)] : []),
    '',
    `Params:          ${after.params.total.toLocaleString('en-US')} (was ${before.params.total.toLocaleString('en-US')}), ` +
      `nonzero ${after.nonzeroParams.toLocaleString('en-US')}`,
    `Sparsity:        ${(100 * after.sparsity).toFixed(1)}% of the kernel weights`,
    `FLOPs:           ${ratio(after.flops, before.flops)}x dense; effective (zeros skipped) ${ratio(after.effectiveFlops, before.flops)}x`,
    '',
  ].join('\n');
}

// --input-shape [NAME=]1x3x48x192 (repeatable), for the profiles of models
// with symbolic dims besides the batch.
function inputShapesOf(model, texts) {
  if (texts.length === 0) return undefined;
  const shapes = {};
  for (const text of texts) {
    const match = /^(?:(.+)=)?([1-9][0-9]*(?:[x,][1-9][0-9]*)*)$/.exec(text);
    if (!match) throw new CliUsageError(`--input-shape must look like NAME=1x3x224x224, got '${text}'`);
    if (match[1] === undefined && model.inputNames.length !== 1) throw new CliUsageError('--input-shape needs NAME= for a model with several inputs');
    shapes[match[1] ?? model.inputNames[0]] = match[2].split(/[x,]/).map(Number);
  }
  return shapes;
}

export async function pruneCommand(argv) {
  const { values, positionals } = parse(argv, {
    output: { type: 'string', short: 'o' },
    sparsity: { type: 'string' },
    method: { type: 'string' },
    scope: { type: 'string' },
    block: { type: 'string' },
    nm: { type: 'string' },
    criterion: { type: 'string' },
    skip: { type: 'string', multiple: true },
    layer: { type: 'string', multiple: true, default: [] },
    'input-shape': { type: 'string', multiple: true, default: [] },
    json: { type: 'boolean', default: false },
  });
  const [modelPath, ...extra] = positionals;
  if (modelPath === undefined) throw new CliUsageError('prune needs MODEL.onnx');
  if (extra.length > 0) throw new CliUsageError(`unexpected argument '${extra[0]}'`);
  if (values.output === undefined) throw new CliUsageError('prune needs -o OUT.onnx');
  const layers = {};
  for (const text of values.layer) {
    const match = /^(.+)=([^=]+)$/.exec(text);
    if (!match) throw new CliUsageError(`--layer must look like NAME=0.5, got '${text}'`);
    layers[match[1]] = number(match[2], 'layer');
  }
  const options = {
    method: values.method, sparsity: number(values.sparsity, 'sparsity'), scope: values.scope, block: values.block,
    nm: values.nm, criterion: values.criterion, skip: values.skip,
    layers: values.layer.length ? layers : undefined, onProgress: progressBar(),
  };
  for (const key of Object.keys(options)) if (options[key] === undefined) delete options[key];
  const model = await nnslim.loadModel(modelPath);
  try {
    // The profile first: a model that needs --input-shape fails before any pruning.
    const inputShapes = inputShapesOf(model, values['input-shape']);
    const before = model.profile({ inputShapes });
    const pruned = await model.prune(options);
    try {
      await writeFile(values.output, pruned.toOnnx());
      const after = pruned.profile({ inputShapes });
      process.stdout.write(values.json
        ? `${JSON.stringify({ ...pruned.pruneReport, output: values.output, before, after }, null, 2)}\n`
        : `${formatReport(pruned.pruneReport, before, after)}Wrote ${values.output}\n`);
    } finally {
      pruned.dispose();
    }
  } finally {
    model.dispose();
  }
}

export async function explainCommand(argv) {
  const { values, positionals } = parse(argv, {
    baseline: { type: 'string' },
    iterations: { type: 'string' },
    'input-shape': { type: 'string', multiple: true, default: [] },
    json: { type: 'boolean', default: false },
  });
  const [modelPath, ...extra] = positionals;
  if (extra.length > 0) throw new CliUsageError(`unexpected argument '${extra[0]}'`);
  const iterations = values.iterations === undefined ? 5 : number(values.iterations, 'iterations');
  const model = modelPath === undefined ? nnslim.zoo.mobilenetV2({ weights: 'he' }) : await nnslim.loadModel(modelPath);
  const baseline = values.baseline === undefined ? undefined : await nnslim.loadModel(values.baseline);
  try {
    const explanation = await model.explain({ baseline, iterations, inputShapes: inputShapesOf(model, values['input-shape']) });
    process.stdout.write(values.json ? `${JSON.stringify(explanation.layers, null, 2)}\n` : explanation.text);
  } finally {
    baseline?.dispose();
    model.dispose();
  }
}
