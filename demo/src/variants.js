// The variants the page can build from the loaded model, as recipes: steps
// applied in order to the original (quantize and prune are Model methods that
// return a new Model). A recipe is offered only when the loaded nnslim has
// every method it needs (feature detection in the worker), so the page picks
// up quantization and pruning as soon as the package ships them.

export const VARIANTS = [
  { id: 'f32', label: 'f32 (original)', steps: [] },
  {
    id: 'int8',
    label: 'int8 per-channel',
    steps: [{ method: 'quantize', options: { weights: 'int8', perChannel: true, activations: 'int8', calibration: { method: 'minmax' } } }],
  },
  {
    id: 'int8-weights',
    label: 'int8 weight-only',
    steps: [{ method: 'quantize', options: { weights: 'int8', perChannel: true, activations: 'float32' } }],
  },
  ...[0.5, 0.75, 0.9].map((sparsity) => ({
    id: `pruned-${sparsity * 100}`,
    label: `pruned ${sparsity * 100}%`,
    steps: [{ method: 'prune', options: { method: 'magnitude', sparsity } }],
  })),
  { id: 'block', label: 'block-pruned 8x1, 75%', steps: [{ method: 'prune', options: { method: 'block', sparsity: 0.75, block: '8x1' } }] },
  { id: 'channel', label: 'channel-pruned 50%', steps: [{ method: 'prune', options: { method: 'channel', sparsity: 0.5 } }] },
  {
    id: 'int8-pruned',
    label: 'int8 + pruned 50%',
    steps: [
      { method: 'prune', options: { method: 'magnitude', sparsity: 0.5 } },
      { method: 'quantize', options: { weights: 'int8', perChannel: true, activations: 'int8', calibration: { method: 'minmax' } } },
    ],
  },
];

/** The Model methods a recipe needs that `available` ({ quantize: bool, prune: bool }) lacks. */
export function missingMethods(variant, available) {
  return [...new Set(variant.steps.map((step) => step.method))].filter((method) => !available[method]);
}
