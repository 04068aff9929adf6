// The TensorFlow.js network a layer manifest (make_workloads.py) describes,
// with the fused ops a converted graph model runs (tf.fused.conv2d /
// depthwiseConv2d / matMul with bias + activation), in TensorFlow's layouts:
// NHWC activations, HWIO conv filters, [kh, kw, C, 1] depthwise filters,
// [in, out] dense kernels. No Node imports and `tf` passed in: the Node runner
// (runner_tfjs.mjs) and the browser bench (bench/browser/compare_tfjs_threads.mjs,
// which loads TF.js's UMD bundles) build the same network from the same weights.

// The float32 array a manifest entry {offset, byteLength, shape} points at
// (workloads.mjs has the same view, but imports node:fs).
const weightArray = (weights, entry) => new Float32Array(weights, entry.offset, entry.byteLength / 4);

// ONNX OIHW -> TF HWIO (regular conv) or [kh, kw, C, 1] (depthwise, ONNX [C, 1, kh, kw]).
function convFilter(tf, source, [outChannels, inPerGroup, kh, kw], depthwise) {
  const target = new Float32Array(source.length);
  for (let o = 0; o < outChannels; o++) {
    for (let i = 0; i < inPerGroup; i++) {
      for (let h = 0; h < kh; h++) {
        for (let w = 0; w < kw; w++) {
          const from = ((o * inPerGroup + i) * kh + h) * kw + w;
          // depthwise: index [h][w][c = o][0]; regular: [h][w][i][o]
          const to = depthwise ? (h * kw + w) * outChannels + o : ((h * kw + w) * inPerGroup + i) * outChannels + o;
          target[to] = source[from];
        }
      }
    }
  }
  return depthwise ? tf.tensor4d(target, [kh, kw, outChannels, 1]) : tf.tensor4d(target, [kh, kw, inPerGroup, outChannels]);
}

// Dense kernel as [in, out] (a Keras Dense kernel); ONNX Gemm with transB=1 stores [out, in].
function denseKernel(tf, source, [rows, cols], transB) {
  if (!transB) return tf.tensor2d(source.slice(), [rows, cols]);
  const target = new Float32Array(source.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) target[c * rows + r] = source[r * cols + c];
  return tf.tensor2d(target, [cols, rows]);
}

// ONNX pads [top, left, bottom, right] -> a number when symmetric, else TF's explicit form.
function tfPad([top, left, bottom, right]) {
  if (top === left && left === bottom && bottom === right) return top;
  return [[0, 0], [top, bottom], [left, right], [0, 0]];
}

const TF_ACTIVATION = { none: 'linear', relu: 'relu', relu6: 'relu6' };

export function nchwToNhwc(data, [n, c, h, w]) {
  const out = new Float32Array(data.length);
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      for (let p = 0; p < h * w; p++) out[(b * h * w + p) * c + ch] = data[(b * c + ch) * h * w + p];
    }
  }
  return out;
}

// Prepares weights once; returns forward(x) -> output tensor (call inside tf.tidy).
export function buildNetwork(tf, { manifest, weights }) {
  const steps = manifest.layers.map((layer) => {
    const activation = TF_ACTIVATION[layer.activation ?? 'none'];
    switch (layer.op) {
      case 'conv': {
        if (layer.group !== 1 && !layer.depthwise) throw new Error(`${layer.name}: grouped conv is not depthwise`);
        const filter = convFilter(tf, weightArray(weights, layer.weight), layer.weight.shape, layer.depthwise);
        const bias = tf.tensor1d(weightArray(weights, layer.bias).slice());
        const args = { filter, bias, activation, strides: layer.strides, pad: tfPad(layer.pads), dilations: layer.dilations };
        const op = layer.depthwise ? tf.fused.depthwiseConv2d : tf.fused.conv2d;
        return { layer, apply: ([x]) => op({ x, ...args }), weights: [filter, bias] };
      }
      case 'gemm': {
        const [rows, cols] = layer.weight.shape;
        const b = denseKernel(tf, weightArray(weights, layer.weight), [rows, cols], layer.transB);
        const bias = tf.tensor1d(weightArray(weights, layer.bias).slice());
        return { layer, apply: ([a]) => tf.fused.matMul({ a, b, bias, activation }), weights: [b, bias] };
      }
      case 'add':
        return { layer, apply: ([a, b]) => tf.add(a, b), weights: [] };
      case 'globalAveragePool': // NHWC: mean over H and W
        return { layer, apply: ([x]) => tf.mean(x, [1, 2], true), weights: [] };
      case 'flatten':
        // ONNX flattens NCHW order; from NHWC that needs a transpose unless H = W = 1.
        return {
          layer,
          apply: ([x]) => {
            const source = x.rank === 4 && x.shape[1] * x.shape[2] > 1 ? tf.transpose(x, [0, 3, 1, 2]) : x;
            const outer = source.shape.slice(0, layer.axis).reduce((p, d) => p * d, 1);
            return tf.reshape(source, [outer, -1]);
          },
          weights: [],
        };
      case 'activation':
        return { layer, apply: ([x]) => (layer.activation === 'relu6' ? tf.relu6(x) : tf.relu(x)), weights: [] };
      default:
        throw new Error(`${layer.name}: the TF.js runner does not know op '${layer.op}'`);
    }
  });

  const forward = (input) => {
    const values = new Map([[manifest.input.name, input]]);
    for (const { layer, apply } of steps) {
      const inputs = (layer.inputs ?? [layer.input]).map((name) => values.get(name));
      values.set(layer.output, apply(inputs));
    }
    return values.get(manifest.output.name);
  };
  return { forward, weights: steps.flatMap((step) => step.weights) };
}
