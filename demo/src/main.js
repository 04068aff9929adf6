// The demo page: loads a model in the worker, shows its profile, the
// deployment doctor, builds and benchmarks variants, plots the Pareto front
// and offers the downloads. Every nnslim call runs in worker.js; this file
// only renders and keeps the page's state (which is also the JSON report).
import manifest from '../default-model.json';
import { batchChart, latencyHistogram, layerChart, paretoChart, stepChart } from './charts.js';
import { diagnose } from './doctor.js';
import { paretoFront } from './pareto.js';
import { textLineSamples } from './text-lines.js';
import { missingMethods, VARIANTS } from './variants.js';
import { WorkerClient } from './worker-client.js';

const $ = (selector) => document.querySelector(selector);
const worker = new WorkerClient();

const state = {
  environment: null,   // the worker's facts (environment())
  doctor: [],          // diagnose()'s checks
  model: null,         // { name, source, inputs, outputs, inputShapes, batchable, profile, profileOnly }
  samples: null,       // { kind, items: [{ text?, expected?, data }] } or null (synthetic, made in the worker)
  predictions: null,   // the original model's top-1 on the samples
  variants: new Map(), // id -> { built, profile, fidelity, benchmark }
  batch: [],           // batchSweep rows
  perLayer: null,      // { variant, totalMs, steps: [{ layer, op, kernel, reference, ms }] }
};

let currentJob = null; // { cancel } of the job the Cancel button stops
let loadArgs = null;   // what loaded the current model (bytes kept): a restarted worker reloads it
let workerRestarted = false;
worker.onRestart = () => { workerRestarted = true; };

// ---------------------------------------------------------------- formatting

const integer = (n) => Math.round(n).toLocaleString('en-US');
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(2)} MiB`;
const ms = (value) => (value >= 10 ? value.toFixed(1) : value.toFixed(3));
const escapeHtml = (text) => String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));

// ---------------------------------------------------------------- status, errors, jobs

function setStatus(text) {
  $('#status').textContent = text;
}

function showError(error) {
  const box = $('#error');
  if (!error) {
    box.hidden = true;
    box.innerHTML = '';
    delete box.dataset.code;
    return;
  }
  box.hidden = false;
  box.dataset.code = error.code ?? '';
  box.innerHTML = `${error.code ? `<code>${escapeHtml(error.code)}</code>: ` : ''}${escapeHtml(error.message)}`;
}

// Runs one worker job with the status bar's progress and Cancel button.
// Only one job at a time: the buttons are disabled meanwhile.
async function runJob(label, type, args, options = {}) {
  const progress = $('#progress');
  setStatus(`${label}…`);
  progress.hidden = false;
  progress.removeAttribute('value');
  $('#cancel').hidden = false;
  const job = worker.start(type, args, {
    ...options,
    onProgress: (p) => {
      if (p.total) {
        progress.max = p.total;
        progress.value = p.done;
      }
      setStatus(`${label}: ${p.phase ?? ''} ${p.done ?? ''}/${p.total ?? ''}`);
    },
  });
  currentJob = job;
  try {
    return await job.promise;
  } finally {
    currentJob = null;
    progress.hidden = true;
    $('#cancel').hidden = true;
  }
}

// Wraps a user action: busy flag (the test waits on it), errors shown with their code.
async function action(body) {
  document.body.dataset.busy = '1';
  for (const button of document.querySelectorAll('button:not(#cancel), select, input')) button.disabled = true;
  showError(null);
  try {
    await body();
    setStatus('Ready.');
  } catch (error) {
    if (error.name === 'AbortError') {
      if (workerRestarted) await reloadAfterRestart();
      setStatus('Cancelled.');
    } else {
      showError(error);
      setStatus('Failed (see the message above); the page is still usable.');
    }
  } finally {
    for (const button of document.querySelectorAll('button:not(#cancel), select, input')) button.disabled = false;
    $('#model-select option[value="file"]').disabled = true;
    document.body.dataset.busy = '0';
    renderVariants();
  }
}

// ---------------------------------------------------------------- model

async function loadModel(choice, file) {
  state.model = null;
  state.variants.clear();
  state.batch = [];
  state.perLayer = null;
  state.samples = null;
  state.predictions = null;
  renderAll();
  let source;
  let name;
  let inputShape;
  let profileOnly = false;
  if (file) {
    name = file.name;
    const bytes = new Uint8Array(await file.arrayBuffer());
    source = { kind: 'bytes', bytes };
  } else if (choice === 'default') {
    name = manifest.title;
    source = { kind: 'url', url: new URL(manifest.file, document.baseURI).href };
    inputShape = manifest.inputShape;
  } else {
    const zooName = choice.slice('zoo:'.length);
    name = $(`#model-select option[value="${choice}"]`).textContent;
    profileOnly = zooName === 'vgg16';
    source = { kind: 'zoo', name: zooName };
  }
  loadArgs = { source: source.bytes ? { ...source, bytes: source.bytes.slice() } : source, inputShape, profileOnly };
  const transfer = source.bytes ? [source.bytes.buffer] : [];
  const info = await runJob(`Loading ${name}`, 'load', { source, inputShape, profileOnly }, { transfer });
  state.model = { name, source: file ? { kind: 'file', name: file.name } : source, profileOnly, ...info };
  if (choice === 'default' && !file) {
    const [dims] = Object.values(info.inputShapes);
    state.samples = { kind: 'text lines', items: textLineSamples(dims) };
  }
  state.variants.set('f32', { built: true, profile: info.profile });
  renderAll();
  if (!profileOnly) {
    const rows = await runJob('Classifying the samples', 'predict', { samples: sampleData() });
    state.predictions = rows.map((row) => row.indexOf(Math.max(...row)));
    renderSamples();
  }
}

// Loads the same model again with the first input's dims given as "1x3x48x320".
async function reloadWithShape(text) {
  const dims = text.split(/[x, ]+/).filter(Boolean).map(Number);
  if (!dims.length || dims.some((d) => !Number.isSafeInteger(d) || d < 1)) {
    throw Object.assign(new Error(`input shape '${text}': give positive integers like 1x3x224x224`), { code: 'INVALID_ARGUMENT' });
  }
  const { source } = loadArgs;
  loadArgs = { ...loadArgs, inputShape: dims };
  const args = { ...loadArgs, source: source.bytes ? { ...source, bytes: source.bytes.slice() } : source };
  const info = await runJob('Reloading with the new input shape', 'load', args, { transfer: args.source.bytes ? [args.source.bytes.buffer] : [] });
  state.variants.clear();
  state.batch = [];
  state.perLayer = null;
  state.variants.set('f32', { built: true, profile: info.profile });
  Object.assign(state.model, info);
  if (state.samples && state.samples.items[0].data.length !== dims.reduce((a, b) => a * b, 1)) state.samples = null;
  renderAll();
}

// The worker was replaced (a job ignored Cancel): load the same model again;
// the built variants are gone (their figures stay in the table).
async function reloadAfterRestart() {
  workerRestarted = false;
  for (const [id, entry] of state.variants) if (id !== 'f32') entry.built = false;
  if (!loadArgs) return;
  const { source } = loadArgs;
  const args = { ...loadArgs, source: source.bytes ? { ...source, bytes: source.bytes.slice() } : source };
  await runJob('Reloading the model in a new worker', 'load', args, { transfer: args.source.bytes ? [args.source.bytes.buffer] : [] });
}

function sampleData() {
  return state.samples?.items.map((item) => item.data) ?? null;
}

function renderModel() {
  const { model } = state;
  $('#model-name').textContent = model ? `${model.name}${model.profileOnly ? ' (profile only: weights not materialized)' : ''}` : '';
  const totals = $('#model-totals');
  const layersTable = $('#layers-table');
  for (const id of ['#chart-macs', '#chart-params', '#chart-activations']) $(id).replaceChildren();
  if (!model) {
    totals.innerHTML = '';
    layersTable.innerHTML = '';
    return;
  }
  const p = model.profile;
  const inputs = Object.entries(model.inputShapes).map(([n, dims]) => `${n} [${dims.join(', ')}]`).join(', ');
  const rows = [
    ['Input', inputs, null],
    ['Total params', integer(p.params.total), p.params.total, 'params-total'],
    ['Trainable params', integer(p.params.trainable), p.params.trainable, 'params-trainable'],
    ['Non-trainable params', integer(p.params.nonTrainable), p.params.nonTrainable],
    ['MACs (batch 1)', integer(p.macs), p.macs, 'macs'],
    ['FLOPs (1 MAC = 2 FLOPs)', `${integer(p.flops)} (${(p.flops / 1e9).toFixed(3)} G)`, p.flops],
    ['Weights', mib(p.weightBytes.total), p.weightBytes.total],
    ['Activations (sum of layer outputs)', mib(p.activationBytes), p.activationBytes],
    ['Peak activation memory (liveness plan)', mib(p.peakMemoryBytes), p.peakMemoryBytes],
  ];
  if (model.guessedDims) {
    const [dims] = Object.values(model.inputShapes);
    rows.push(['Input shape (batch 1; edit for dynamic H/W)', `<input id="input-shape" value="${dims.join('x')}" size="14"> <button id="input-shape-apply" type="button">Apply</button>`, null, null, true]);
  }
  totals.innerHTML = rows.map(([label, text, value, id, html]) => `<tr${id ? ` data-testid="${id}" data-value="${value}"` : ''}><td>${label}</td><td>${html ? text : escapeHtml(text)}</td></tr>`).join('');
  totals.querySelector('#input-shape-apply')?.addEventListener('click', () => action(() => reloadWithShape($('#input-shape').value)));
  layersTable.innerHTML = '<tr><th>Layer (type)</th><th>Output shape</th><th>Param #</th><th>MACs</th></tr>'
    + p.layers.map((l) => `<tr><td>${escapeHtml(l.name)} (${escapeHtml(l.type)})</td><td>[${l.outputShape.map((d) => d ?? 'None').join(', ')}]</td><td class="num">${integer(l.params)}</td><td class="num">${integer(l.macs)}</td></tr>`).join('');
  $('#chart-macs').append(layerChart(p.layers, 'macs', 'MACs'));
  $('#chart-params').append(layerChart(p.layers, 'params', 'params'));
  $('#chart-activations').append(layerChart(p.layers, 'activationBytes', 'bytes'));
}

function renderSamples() {
  const box = $('#samples');
  box.replaceChildren();
  if (!state.samples) {
    if (state.model && !state.model.profileOnly) box.innerHTML = '<p class="note">Fidelity is measured on 8 seeded synthetic inputs (smooth images) for this model.</p>';
    return;
  }
  const labels = manifest.labels;
  state.samples.items.forEach((item, i) => {
    const figure = document.createElement('figure');
    const predicted = state.predictions?.[i];
    const right = predicted === item.expected;
    figure.append(item.canvas);
    const caption = document.createElement('figcaption');
    caption.textContent = predicted === undefined ? '' : `predicted ${labels[predicted] ?? predicted}`;
    if (predicted !== undefined && !right) caption.className = 'wrong';
    figure.append(caption);
    box.append(figure);
  });
  if (state.predictions) {
    const right = state.samples.items.filter((item, i) => item.expected === state.predictions[i]).length;
    const note = document.createElement('p');
    note.className = 'note';
    note.dataset.testid = 'sample-accuracy';
    note.textContent = `Sample inputs: ${right} of ${state.samples.items.length} text lines classified correctly by the original model; variants are compared with it on these.`;
    box.append(note);
  }
}

// ---------------------------------------------------------------- variants

function available(variant) {
  if (!state.environment) return { ok: false, why: 'loading' };
  if (!state.model) return { ok: false, why: 'no model loaded' };
  const missing = missingMethods(variant, state.environment.api);
  if (missing.length) return { ok: false, why: `needs Model.${missing.join('() and Model.')}() (not in this nnslim build yet)` };
  if (state.model?.profileOnly) return { ok: false, why: 'profile-only model' };
  return { ok: true };
}

function renderVariants() {
  const busy = document.body.dataset.busy === '1';
  const rows = VARIANTS.map((variant) => {
    const entry = state.variants.get(variant.id);
    const { ok, why } = available(variant);
    const b = entry?.benchmark;
    const f = entry?.fidelity;
    const weights = entry?.profile ? mib(entry.profile.weightBytes.total) : '';
    const status = !ok ? why : entry?.built ? 'built' : 'not built';
    return `<tr data-variant="${variant.id}" data-available="${ok}">
      <td>${escapeHtml(variant.label)}</td><td class="status">${escapeHtml(status)}</td><td class="num">${weights}</td>
      <td class="num" data-field="p50" data-value="${b?.latencyMs.p50 ?? ''}">${b ? ms(b.latencyMs.p50) : ''}</td>
      <td class="num" data-field="p90" data-value="${b?.latencyMs.p90 ?? ''}">${b ? ms(b.latencyMs.p90) : ''}</td>
      <td class="num" data-field="p99">${b ? ms(b.latencyMs.p99) : ''}</td>
      <td class="num" data-field="throughput">${b ? b.throughput.toFixed(1) : ''}</td>
      <td class="num" data-field="threads" data-value="${b?.numThreads ?? ''}">${b?.numThreads ?? ''}</td>
      <td class="num" data-field="top1">${f ? `${(100 * f.top1Agreement).toFixed(1)}%` : ''}</td>
      <td class="num" data-field="sqnr">${f ? (f.sqnrDb === Infinity ? '∞' : f.sqnrDb.toFixed(1)) : ''}</td>
      <td><button type="button" class="run-variant" data-variant="${variant.id}" ${ok && !busy ? '' : 'disabled'}>${variant.id === 'f32' ? 'Benchmark' : 'Build & benchmark'}</button></td>
    </tr>`;
  });
  $('#variants-table').innerHTML = `<tr><th>Variant</th><th>Status</th><th>Weights</th><th>p50 ms</th><th>p90 ms</th><th>p99 ms</th>
    <th>throughput /s</th><th>threads</th><th>top-1 agreement</th><th>SQNR dB</th><th></th></tr>${rows.join('')}`;
  const missing = VARIANTS.filter((v) => !available(v).ok && state.environment).length;
  $('#variants-note').textContent = missing && !state.model?.profileOnly
    ? 'Greyed-out variants appear as soon as the loaded nnslim offers Model.quantize() / Model.prune() (the page detects them).'
    : '';
  const built = VARIANTS.filter((v) => state.variants.get(v.id)?.built);
  fillSelect($('#download-variant'), built);
  fillSelect($('#histogram-variant'), built.filter((v) => state.variants.get(v.id)?.benchmark));
}

function fillSelect(select, variants) {
  const keep = select.value;
  select.innerHTML = variants.map((v) => `<option value="${v.id}">${escapeHtml(v.label)}</option>`).join('');
  if (variants.some((v) => v.id === keep)) select.value = keep;
}

function benchmarkSettings() {
  return { warmup: Math.max(0, Number($('#warmup').value) | 0), iterations: Math.max(1, Number($('#iterations').value) | 0) };
}

// Build (unless f32), fidelity on the samples, latency benchmark.
async function runVariant(id) {
  const variant = VARIANTS.find((v) => v.id === id);
  const entry = state.variants.get(id) ?? {};
  state.variants.set(id, entry);
  if (!entry.built) {
    const built = await runJob(`Building ${variant.label}`, 'buildVariant', { id, samples: sampleData() });
    Object.assign(entry, { built: true, profile: built.profile });
    renderVariants();
  }
  entry.fidelity = await runJob(`Fidelity of ${variant.label}`, 'fidelity', { variant: id, samples: sampleData() });
  entry.benchmark = await runJob(`Benchmarking ${variant.label}`, 'benchmark', { variant: id, ...benchmarkSettings() });
  renderVariants();
  $('#histogram-variant').value = id;
  renderLatency();
  renderPareto();
}

async function runAll() {
  for (const variant of VARIANTS) {
    if (available(variant).ok) await runVariant(variant.id);
  }
}

// ---------------------------------------------------------------- latency, batch, Pareto

function renderLatency() {
  const id = $('#histogram-variant').value;
  const b = state.variants.get(id)?.benchmark;
  $('#histogram').replaceChildren(...(b ? [latencyHistogram(b.samplesMs, b.latencyMs)] : []));
  $('#batch-chart').replaceChildren(...(state.batch.length ? [batchChart(state.batch)] : []));
}

// Throws (shown on the page) unless the loaded model can run.
function requireRunnable() {
  if (!state.model) throw Object.assign(new Error('load a model first'), { code: 'INVALID_ARGUMENT' });
  if (state.model.profileOnly) throw Object.assign(new Error(`${state.model.name} is profile only: its weights are not materialized`), { code: 'INVALID_ARGUMENT' });
}

async function runPerLayer() {
  requireRunnable();
  const id = $('#histogram-variant').value || 'f32';
  state.perLayer = await runJob(`Timing every step of ${id}`, 'perLayer', { variant: id });
  renderPerLayer();
}

function renderPerLayer() {
  const box = $('#per-layer');
  const p = state.perLayer;
  if (!p) {
    box.replaceChildren();
    return;
  }
  const reference = p.steps.filter((step) => step.reference);
  const note = document.createElement('p');
  note.className = 'note';
  note.textContent = `${p.variant}: ${p.steps.length} steps, ${reference.length} on the slow scalar reference `
    + `(${reference.reduce((sum, step) => sum + step.ms, 0).toFixed(3)} ms); the ${Math.min(15, p.steps.length)} slowest:`;
  box.replaceChildren(note, stepChart(p.steps));
}

async function runBatch() {
  requireRunnable();
  if (!state.model.batchable) throw Object.assign(new Error('this model has a fixed batch size: its first input dim is not symbolic'), { code: 'INVALID_ARGUMENT' });
  const { warmup } = benchmarkSettings();
  const built = VARIANTS.filter((v) => state.variants.get(v.id)?.built);
  state.batch = [];
  for (const variant of built) {
    const rows = await runJob(`Batch sizes, ${variant.label}`, 'batchSweep', {
      variant: variant.id, batches: [1, 2, 4, 8], warmup: Math.min(warmup, 3), iterations: 10,
    });
    state.batch.push(...rows.map((row) => ({ ...row, variant: variant.label })));
    renderLatency();
  }
}

function paretoPoints() {
  const metric = $('#pareto-metric').value;
  const measured = VARIANTS.map((v) => ({ v, entry: state.variants.get(v.id) })).filter(({ entry }) => entry?.benchmark && entry?.fidelity);
  const finite = measured.map(({ entry }) => entry.fidelity.sqnrDb).filter(Number.isFinite);
  // An exact copy has infinite SQNR: plot it just above the best finite one.
  const exactSqnr = Math.max(60, ...finite.map((x) => x + 10));
  return {
    metric,
    label: metric === 'top1' ? 'top-1 agreement (%)' : 'SQNR (dB; an exact copy is drawn at the top)',
    points: measured.map(({ v, entry }) => ({
      id: v.id,
      label: v.label,
      latency: entry.benchmark.latencyMs.p50,
      fidelity: metric === 'top1' ? 100 * entry.fidelity.top1Agreement : (Number.isFinite(entry.fidelity.sqnrDb) ? entry.fidelity.sqnrDb : exactSqnr),
    })).filter((p) => Number.isFinite(p.latency) && Number.isFinite(p.fidelity)),
  };
}

function renderPareto() {
  const { points, label, metric } = paretoPoints();
  const chart = $('#pareto-chart');
  if (!points.length) {
    chart.innerHTML = '<p class="note">Benchmark a variant to see it here.</p>';
    return;
  }
  const pareto = paretoFront(points);
  chart.replaceChildren(paretoChart(pareto, label, metric === 'top1'));
  chart.dataset.points = String(points.length);
  chart.dataset.front = pareto.front.map((p) => p.id).join(',');
}

// ---------------------------------------------------------------- downloads

function download(name, blob) {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

const fileStem = () => (state.model?.name ?? 'model').replace(/\.onnx$/i, '').replace(/[^\w.-]+/g, '-').slice(0, 60);

async function downloadOnnx() {
  const id = $('#download-variant').value;
  if (!id) throw Object.assign(new Error('build a variant first'), { code: 'INVALID_ARGUMENT' });
  const bytes = await runJob(`Exporting ${id}`, 'exportOnnx', { variant: id });
  download(`${fileStem()}-${id}.onnx`, new Blob([bytes], { type: 'application/octet-stream' }));
}

function report() {
  const { model } = state;
  const pareto = paretoPoints();
  const front = paretoFront(pareto.points);
  return {
    generatedAt: new Date().toISOString(),
    page: location.href,
    environment: { checks: state.doctor, worker: state.environment },
    model: model && {
      name: model.name, source: model.source, inputs: model.inputs, outputs: model.outputs, inputShapes: model.inputShapes, profile: model.profile,
    },
    samples: state.samples ? { kind: state.samples.kind, count: state.samples.items.length } : { kind: 'seeded synthetic images', count: 8 },
    variants: VARIANTS.filter((v) => state.variants.get(v.id)?.built).map((v) => {
      const { profile, fidelity, benchmark } = state.variants.get(v.id);
      return {
        id: v.id, label: v.label, steps: v.steps,
        params: profile.params, macs: profile.macs, weightBytes: profile.weightBytes, fidelity, benchmark,
      };
    }),
    batchThroughput: state.batch,
    perLayer: state.perLayer,
    pareto: { metric: pareto.label, points: front.points, front: front.front.map((p) => p.id) },
  };
}

// ---------------------------------------------------------------- wiring

function renderDoctor() {
  $('#doctor').innerHTML = state.doctor.map((c) => `<li data-check="${c.id}" data-status="${c.status}">
    <span class="status-${c.status}"></span><strong>${escapeHtml(c.label)}</strong><span>${escapeHtml(c.value)}</span>
    <span class="advice">${escapeHtml(c.advice)}</span></li>`).join('');
}

function renderAll() {
  renderPerLayer();
  renderModel();
  renderSamples();
  renderVariants();
  renderLatency();
  renderPareto();
}

function openFile(file) {
  if (!file) return;
  const option = $('#model-select option[value="file"]');
  option.textContent = `your file: ${file.name}`;
  $('#model-select').value = 'file';
  action(() => loadModel('file', file));
}

$('#cancel').addEventListener('click', () => currentJob?.cancel());
$('#model-select').addEventListener('change', (event) => {
  if (event.target.value !== 'file') action(() => loadModel(event.target.value));
});
$('#file-input').addEventListener('change', (event) => {
  openFile(event.target.files[0]);
  event.target.value = '';
});
document.addEventListener('dragover', (event) => {
  event.preventDefault();
  document.body.classList.add('dragging');
});
document.addEventListener('dragleave', () => document.body.classList.remove('dragging'));
document.addEventListener('drop', (event) => {
  event.preventDefault();
  document.body.classList.remove('dragging');
  if (document.body.dataset.busy !== '1') openFile(event.dataTransfer?.files?.[0]);
});
$('#variants-table').addEventListener('click', (event) => {
  const button = event.target.closest('button.run-variant');
  if (button) action(() => runVariant(button.dataset.variant));
});
$('#run-all').addEventListener('click', () => action(runAll));
$('#batch-run').addEventListener('click', () => action(runBatch));
$('#per-layer-run').addEventListener('click', () => action(runPerLayer));
$('#histogram-variant').addEventListener('change', renderLatency);
$('#pareto-metric').addEventListener('change', renderPareto);
$('#download-onnx').addEventListener('click', () => action(downloadOnnx));
$('#download-report').addEventListener('click', () => {
  download(`${fileStem()}-nnslim-report.json`, new Blob([JSON.stringify(report(), null, 2)], { type: 'application/json' }));
});

action(async () => {
  state.environment = await worker.call('environment');
  state.doctor = diagnose(state.environment);
  renderDoctor();
  await loadModel('default');
});
