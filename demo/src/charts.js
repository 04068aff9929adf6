// The page's charts, drawn with Observable Plot (SVG: every mark is an
// element the browser test can count, e.g. one <circle> per Pareto point).
import * as Plot from '@observablehq/plot';

const WIDTH = 560;

/** Per-layer bars of `field` (macs, params, activationBytes) over the layers in graph order. */
export function layerChart(layers, field, label) {
  const data = layers.map((layer, index) => ({ index, value: layer[field], name: layer.name, type: layer.type }));
  return Plot.plot({
    width: WIDTH,
    height: 170,
    marginLeft: 60,
    x: { label: 'layer (graph order)', nice: true },
    y: { label, grid: true, tickFormat: 's' },
    marks: [
      Plot.rectY(data, { x1: (d) => d.index, x2: (d) => d.index + 0.9, y: 'value', fill: 'steelblue' }),
      Plot.tip(data, Plot.pointerX({ x: (d) => d.index + 0.45, y: 'value', title: (d) => `${d.name} (${d.type})\n${label}: ${d.value.toLocaleString()}` })),
      Plot.ruleY([0]),
    ],
  });
}

/** Histogram of one benchmark's timed runs. */
export function latencyHistogram(samplesMs, stats) {
  return Plot.plot({
    width: WIDTH,
    height: 190,
    x: { label: 'latency of one run (ms)' },
    y: { label: 'runs', grid: true },
    marks: [
      Plot.rectY(samplesMs, Plot.binX({ y: 'count' }, { x: (d) => d, fill: 'steelblue', thresholds: 30 })),
      Plot.ruleX([stats.p50], { stroke: 'black', strokeWidth: 2 }),
      Plot.ruleX([stats.p90, stats.p99], { stroke: 'orange', strokeDasharray: '4 3' }),
      Plot.text([stats.p50], { x: (d) => d, frameAnchor: 'top', dy: 6, dx: 4, textAnchor: 'start', text: () => 'p50' }),
      Plot.ruleY([0]),
    ],
  });
}

/** Throughput (inferences/s) and p50 latency against batch size, one line per variant. */
export function batchChart(rows) {
  return Plot.plot({
    width: WIDTH,
    height: 220,
    x: { label: 'batch size', type: 'log', base: 2, ticks: [...new Set(rows.map((r) => r.batchSize))], tickFormat: 'd' },
    y: { label: 'throughput (inferences/s)', grid: true, zero: true },
    color: { legend: true },
    marks: [
      Plot.line(rows, { x: 'batchSize', y: 'throughput', stroke: 'variant', marker: 'circle' }),
      Plot.text(rows, { x: 'batchSize', y: 'throughput', text: (d) => `${d.p50.toFixed(1)} ms`, dy: -10, fontSize: 10 }),
    ],
  });
}

/**
 * Fidelity against p50 latency; points: [{ label, latency, fidelity, onFront }],
 * front: the front's points sorted by latency (drawn as a line through them).
 */
export function paretoChart({ points, front }, fidelityLabel, percent) {
  const low = Math.min(...points.map((p) => p.fidelity));
  const byLatency = [...points].sort((a, b) => a.latency - b.latency);
  return Plot.plot({
    width: WIDTH,
    height: 300,
    marginRight: 40,
    insetTop: 24,
    insetRight: 30,
    x: { label: 'p50 latency (ms) →  slower', grid: true, zero: true },
    y: { label: `↑ ${fidelityLabel}`, grid: true, domain: percent ? [Math.max(0, Math.floor(low / 10) * 10 - 10), 100] : undefined, nice: !percent },
    color: { domain: ['on the Pareto front', 'dominated'], range: ['#d62728', '#999'], legend: true },
    marks: [
      Plot.line(front, { x: 'latency', y: 'fidelity', stroke: '#d62728', strokeWidth: 2, curve: 'step-after' }),
      Plot.dot(points, {
        x: 'latency', y: 'fidelity', r: 6, fill: (d) => (d.onFront ? 'on the Pareto front' : 'dominated'),
        stroke: 'white', title: (d) => `${d.label}: p50 ${d.latency.toFixed(2)} ms, ${fidelityLabel} ${d.fidelity.toFixed(2)}`,
      }),
      // Labels alternate above and below in latency order, so that neighbours do not overprint.
      ...[0, 1].map((parity) => Plot.text(byLatency.filter((_, i) => i % 2 === parity), {
        x: 'latency', y: 'fidelity', text: 'label', dy: parity ? 14 : -12, fontSize: 11,
      })),
    ],
  });
}

/** The slowest compiled steps (median ms over the runs), one bar each, labelled with op and kernel. */
export function stepChart(steps, count = 15) {
  const data = steps.map((step, index) => ({ ...step, index })).sort((a, b) => b.ms - a.ms).slice(0, count);
  return Plot.plot({
    width: WIDTH,
    height: 24 * data.length + 40,
    marginLeft: 200,
    marginRight: 170,
    x: { label: 'median ms per run', grid: true },
    y: { label: null, domain: data.map((d) => `${d.index}: ${d.layer}`.slice(0, 38)) },
    color: { domain: [false, true], range: ['steelblue', '#d62728'] },
    marks: [
      Plot.barX(data, { y: (d) => `${d.index}: ${d.layer}`.slice(0, 38), x: 'ms', fill: 'reference', title: (d) => `${d.op} -> ${d.kernel}${d.reference ? ' (reference)' : ''}` }),
      Plot.text(data, { y: (d) => `${d.index}: ${d.layer}`.slice(0, 38), x: 'ms', text: (d) => d.kernel.slice(0, 32), textAnchor: 'start', dx: 4, fontSize: 9 }),
    ],
  });
}
