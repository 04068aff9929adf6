// Sample inputs for the fidelity figures. The default classifier gets real
// text lines (rendered by the page, text-lines.js); other models get seeded
// synthetic images: a smooth wave over every index plus 5% noise (white noise
// alone makes every classifier's top-1 a coin toss), the same pattern the
// real-model corpus tests use (tests/models/corpus.mjs).

/** Mulberry32: a small seeded PRNG giving uniform [0, 1). */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Float32Array of `shape` in [-1, 1]: a smooth image whose phase depends on `seed`. */
export function smoothImage(shape, seed) {
  const random = seededRandom(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(size);
  const rank = shape.length;
  const index = new Array(rank).fill(0);
  const shift = random() * 10;
  const freq = 0.05 + 0.1 * random();
  for (let i = 0; i < size; i++) {
    let phase = shift;
    for (let k = 0; k < rank; k++) phase += freq * (k + 1) * index[k];
    const wave = Math.sin(phase) * Math.cos(0.05 * index[rank - 1] - 0.03 * index[rank > 1 ? rank - 2 : 0]);
    data[i] = 0.9 * wave + 0.1 * (2 * random() - 1);
    for (let k = rank - 1; k >= 0; k--) {
      if (++index[k] < shape[k]) break;
      index[k] = 0;
    }
  }
  return data;
}
