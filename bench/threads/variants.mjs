// The model variants the threads benchmark times, made through the public
// API from a workload's f32 ONNX bytes:
//   f32       the file as it is
//   int8      static int8 (model.quantize(): int8 weights and activations,
//             calibrated on 8 seeded inputs of the workload's shape)
//   sparse90  90% block-pruned in 8x1 blocks (model.prune({ method: 'block' }):
//             the block-sparse kernels)
import { seededInput } from '../peers/workloads.mjs';

export const VARIANTS = ['f32', 'int8', 'sparse90'];

const CALIBRATION_SAMPLES = 8;

// The ONNX bytes of `variant` of `workload` (nnslim: the web/node.js entry).
export async function makeVariant(nnslim, workload, variant) {
  if (variant === 'f32') return workload.onnxBytes;
  if (!VARIANTS.includes(variant)) throw new Error(`unknown variant '${variant}' (one of ${VARIANTS.join(', ')})`);
  const base = await nnslim.loadModel(workload.onnxBytes, { numThreads: 1 });
  let made;
  try {
    if (variant === 'int8') {
      const name = workload.manifest.input.name;
      const shape = workload.inputShape;
      const length = shape.reduce((a, b) => a * b, 1);
      const samples = Array.from({ length: CALIBRATION_SAMPLES }, (_, i) => ({
        [name]: new nnslim.Tensor('float32', seededInput(length, 1000 + i), shape),
      }));
      made = await base.quantize({ calibration: { samples } });
    } else {
      made = await base.prune({ method: 'block', block: '8x1', sparsity: 0.9 });
    }
    return made.toOnnx();
  } finally {
    made?.dispose();
    base.dispose();
  }
}
