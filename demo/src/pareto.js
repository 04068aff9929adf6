// The Pareto front of the variants: lower p50 latency and higher fidelity are
// both better; a variant is on the front when no other is at least as good on
// both and strictly better on one (the lecture's accuracy/latency figure).

/** points: [{ latency, fidelity, ... }]; returns the same objects with onFront set, and the front sorted by latency. */
export function paretoFront(points) {
  const marked = points.map((point) => ({
    ...point,
    onFront: !points.some((other) => other !== point && dominates(other, point)),
  }));
  const front = marked.filter((p) => p.onFront).sort((a, b) => a.latency - b.latency);
  return { points: marked, front };
}

function dominates(a, b) {
  const notWorse = a.latency <= b.latency && a.fidelity >= b.fidelity;
  const better = a.latency < b.latency || a.fidelity > b.fidelity;
  return notWorse && better;
}
