// nnslim against onnxruntime-web on one int8 QDQ file, layer by layer and end
// to end (tests/js/quantize_ort_agreement.test.js and
// bench/quantize/ort_layer_agreement.mjs).
//
// layerAgreement(): every QuantizeLinear output of the file becomes a graph
// output (python onnx), both runtimes run that probed copy on the same feeds,
// and tests/js/qdq_layer_oracle.py recomputes each layer in float64 from each
// runtime's own int8 inputs: per layer, the codes each runtime has off the
// file's meaning and by how much. (With the extra outputs onnxruntime no
// longer fuses the QDQ patterns: it runs DequantizeLinear -> float op ->
// QuantizeLinear.)
//
// endToEnd(): the file as shipped, in nnslim and in onnxruntime-web at
// graphOptimizationLevel 'disabled' (the graph as written) and 'all' (QDQ
// fused into its int8 kernels): per output, SQNR of nnslim against ORT 'all'
// and of ORT 'disabled' against ORT 'all'.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as nnslim from '../../web/node.js';

const ORACLE = fileURLToPath(new URL('./qdq_layer_oracle.py', import.meta.url));

const ADD_OUTPUTS = `
import sys, onnx
m = onnx.load(sys.argv[1])
have = {o.name for o in m.graph.output}
for n in m.graph.node:
    if n.op_type == 'QuantizeLinear' and n.output[0] not in have:
        m.graph.output.append(onnx.helper.make_tensor_value_info(n.output[0], onnx.TensorProto.INT8, None))
onnx.save(m, sys.argv[2])
`;

export function sqnrDb(reference, candidate) {
  let signal = 0, noise = 0;
  for (let i = 0; i < reference.length; i++) {
    signal += reference[i] ** 2;
    noise += (reference[i] - candidate[i]) ** 2;
  }
  return 10 * Math.log10(signal / noise);
}

function ortFeedsOf(ort, feeds) {
  return Object.fromEntries(Object.entries(feeds).map(([name, t]) => [name, new ort.Tensor('float32', t.data, t.dims)]));
}

// -> { layers: [{ name, ops, elements, nnslim: [off, max], ort: [off, max] }], skipped: [[name, why]] }
export async function layerAgreement({ file, feeds, ort, scratch }) {
  const probed = join(scratch, 'probed.onnx');
  execFileSync('/usr/bin/python3', ['-c', ADD_OUTPUTS, file, probed]);
  const model = await nnslim.loadModel(probed);
  const session = await ort.InferenceSession.create(readFileSync(probed));
  try {
    const results = { nnslim: await model.run(feeds), ort: await session.run(ortFeedsOf(ort, feeds)) };
    const index = {};
    for (const runtime of Object.keys(results)) mkdirSync(join(scratch, runtime), { recursive: true });
    model.outputNames.forEach((name, k) => {
      const ours = results.nnslim[name];
      index[name] = { file: `${k}.bin`, type: ours.type, dims: ours.dims };
      for (const [runtime, outputs] of Object.entries(results)) {
        const { data } = outputs[name];
        if (data.length !== ours.data.length) throw new Error(`${runtime} ${name}: ${data.length} values, nnslim ${ours.data.length}`);
        writeFileSync(join(scratch, runtime, `${k}.bin`), new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      }
    });
    writeFileSync(join(scratch, 'index.json'), JSON.stringify(index));
    return JSON.parse(execFileSync('/usr/bin/python3', [ORACLE, probed, scratch, 'nnslim', 'ort'],
      { encoding: 'utf8', maxBuffer: 1 << 26 }));
  } finally {
    await session.release();
    model.dispose();
  }
}

// -> [{ name, nnslimVsOrt, ortVsOrt }] (dB)
export async function endToEnd({ file, feeds, ort }) {
  const ortAt = {};
  for (const level of ['disabled', 'all']) {
    const session = await ort.InferenceSession.create(readFileSync(file), { graphOptimizationLevel: level });
    ortAt[level] = await session.run(ortFeedsOf(ort, feeds));
    await session.release();
  }
  const model = await nnslim.loadModel(file);
  try {
    const ours = await model.run(feeds);
    return model.outputNames.map((name) => ({
      name,
      nnslimVsOrt: sqnrDb(ortAt.all[name].data, ours[name].data),
      ortVsOrt: sqnrDb(ortAt.all[name].data, ortAt.disabled[name].data),
    }));
  } finally {
    model.dispose();
  }
}
