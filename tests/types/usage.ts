// Type-checked (never run) by tests/js/types.test.js: the whole public API as
// a user writes it, and a few mistakes the types must reject.
import * as nnslim from 'nnslim';
import { layers, loadModel, Model, ModelProfile, NnslimError, NnslimErrorCode, Tensor } from 'nnslim';

export async function usage(bytes: Uint8Array): Promise<void> {
  await nnslim.init();
  await nnslim.ready();
  await nnslim.init({ wasmUrl: '/assets/nnslim.wasm' });
  await nnslim.init({ wasmUrl: new URL('https://cdn.example/nnslim.wasm'), wasmBinary: undefined });
  await nnslim.init({ wasmBinary: new Uint8Array(8) });
  const loadCode: nnslim.NnslimErrorCode = 'WASM_LOAD_FAILED';
  void loadCode;
  const simd: boolean = nnslim.simdSupported();
  const ops: string[] = nnslim.supportedOps();
  const engine: nnslim.Features = nnslim.features();
  const relaxed: boolean = engine.relaxedSimd && engine.build === 'relaxed';

  const fromBytes: Model = await loadModel(bytes);
  const fromUrl = await loadModel(new URL('https://example.com/model.onnx'));
  const fromPath = await loadModel('model.onnx');
  const fromBuffer = await loadModel(bytes.buffer);

  const text: string = fromBytes.summary();
  fromBytes.summary({ printFn: null });
  fromBytes.summary({ printFn: (line) => console.log(line.length) });
  const profile: ModelProfile = fromBytes.profile({ batchSize: 8 });
  fromBytes.profile({ inputShapes: { [fromBytes.inputNames[0]]: [1, 3, 48, 192] } });
  const total: number = profile.params.total + profile.params.trainable + profile.params.nonTrainable;
  const gflops = profile.flops / 1e9 + profile.macs + profile.elementwiseOps;
  const f32: number | undefined = profile.weightBytes.byDtype['float32'];
  const memory = profile.weightBytes.total + profile.activationBytes + profile.peakMemoryBytes;
  for (const layer of profile.layers) {
    const row: [string, string, Array<number | null>, number, number, number] =
      [layer.name, layer.type, layer.outputShape, layer.params, layer.macs, layer.flops];
    const rest = layer.trainableParams + layer.nonTrainableParams + layer.elementwiseOps + layer.activationBytes + layer.sparsity;
    void row; void rest;
  }
  const onnx: Uint8Array = fromBytes.toOnnx();
  fromBytes.dispose();

  // Builder: sequential (the seed's Dense example) and functional form.
  const seq: Model = nnslim.sequential({
    layers: [
      layers.dense({ units: 5, activation: 'relu', inputShape: [3] }),
      layers.dense({ units: 8, activation: 'relu', trainable: false }),
      layers.dropout({ rate: 0.5 }),
      layers.dense({ units: 4, activation: 'softmax', useBias: false, name: 'head' }),
    ],
  });
  seq.summary();
  const input = nnslim.input({ shape: [32, 32, 3], name: 'image' });
  let x = layers.conv2d({ filters: 16, kernelSize: 3, strides: [2, 2], padding: 'same', useBias: false }).apply(input);
  x = layers.batchNormalization({ epsilon: 1e-3, momentum: 0.99 }).apply(x);
  x = layers.activation({ activation: 'relu6' }).apply(x);
  const branch = layers.depthwiseConv2d({ kernelSize: [3, 3], depthMultiplier: 1, padding: 'same' }).apply(x);
  const sum = layers.add().apply([x, branch]);
  const padded = layers.zeroPadding2d({ padding: [[0, 1], [0, 1]] }).apply(sum);
  const pooled = layers.maxPooling2d({ poolSize: 2 }).apply(padded);
  const averaged = layers.averagePooling2d({ poolSize: [2, 2], strides: 2 }).apply(pooled);
  const joined = layers.concatenate({ axis: -1 }).apply([averaged, averaged]);
  const features = layers.globalAveragePooling2d().apply(joined);
  const flat = layers.flatten().apply(features);
  const output = layers.dense({ units: 10, activation: 'softmax' }).apply(flat);
  const functional = nnslim.model({ inputs: input, outputs: output, name: 'tiny', weights: 'he', seed: 1 });
  const shape: Array<number | null> = output.shape;
  functional.profile();

  // Zoo.
  const mobilenet: Model = nnslim.zoo.mobilenetV2();
  const vgg = nnslim.zoo.vgg16({ inputShape: [224, 224, 3], classes: 1000, weights: 'uninitialized' });
  const resnet = nnslim.zoo.resnet50();

  // Tensors, like onnxruntime-web.
  const t = new Tensor('float32', new Float32Array(6), [2, 3]);
  const f: Float32Array = t.data;
  const dims: readonly number[] = t.dims;
  const inferred = new Tensor(new Int32Array(4), [2, 2]);
  const big = new Tensor('int64', [1n, 2n], [2]);

  // Per-layer timing: the kernel of every step, and the steps on the slow reference.
  const { outputs, steps } = await fromBytes.runProfiled({ x: t });
  const slow: nnslim.StepTiming[] = steps.filter((step) => step.reference);
  const where: string = `${steps[0].layer}: ${steps[0].op} -> ${steps[0].kernel}, ${steps[0].ms.toFixed(2)} ms`;
  const perLayer = await fromBytes.benchmark({ iterations: 5, perLayer: true });
  const layerMs: number = perLayer.layers?.[0]?.ms ?? 0;
  const ranOn: nnslim.BuildName = perLayer.build;
  const why: string = perLayer.buildReason;

  // Errors.
  try {
    await loadModel(bytes);
  } catch (error) {
    if (error instanceof NnslimError) console.log(error.message);
    if (error instanceof nnslim.NnslimCrashError) console.log(error.name);
    if (error instanceof NnslimError) {
      const code: NnslimErrorCode = error.code;
      switch (code) {
        case 'INVALID_MODEL': case 'UNSUPPORTED_OP': console.log('another model, please'); break;
        case 'INVALID_INPUT': case 'INVALID_ARGUMENT': case 'OUT_OF_MEMORY': case 'DISPOSED': case 'INTERNAL': break;
      }
    }
  }
  const all: readonly NnslimErrorCode[] = NnslimError.codes;
  const made = new NnslimError('bad feed', { code: 'INVALID_INPUT' });
  // @ts-expect-error not a code
  const wrong: NnslimErrorCode = 'INVALID';
  // @ts-expect-error codes are read-only
  made.code = 'INTERNAL';

  // Mistakes the types reject.
  // @ts-expect-error batchSize is a number
  fromBytes.profile({ batchSize: '8' });
  // @ts-expect-error loadModel needs a source
  await loadModel();
  // @ts-expect-error a number is not a model source
  await loadModel(42);
  // @ts-expect-error dense needs units
  layers.dense({ activation: 'relu' });
  // @ts-expect-error unknown activation
  layers.dense({ units: 3, activation: 'gelu' });
  // @ts-expect-error padding is 'valid' or 'same'
  layers.conv2d({ filters: 1, kernelSize: 1, padding: 'full' });
  // @ts-expect-error profile results are read-only figures, not functions
  profile.macs();
  // @ts-expect-error input shapes are arrays of numbers
  fromBytes.profile({ inputShapes: { x: '1x3x48x192' } });
  // @ts-expect-error perLayer is a boolean
  await fromBytes.benchmark({ perLayer: 'yes' });
  // @ts-expect-error a kernel name is a string
  const kernelCount: number = steps[0].kernel;
  // @ts-expect-error a Float32Array tensor is not int32
  const wrong: Int32Array = t.data;

  const q: nnslim.Model = await fromBytes.quantize({
    perChannel: true, scheme: 'symmetric', skip: ['conv1'],
    calibration: { samples: [{ x: t }], method: 'percentile', percentile: 99.99 },
    onProgress: (p) => { const fraction: number = p.done / p.total; void fraction; },
  });
  const fidelity: number = nnslim.compare(await fromBytes.run({ x: t }), await q.run({ x: t }))['y'].sqnrDb;
  const worst: string = (await fromBytes.sensitivity({ samples: [{ x: t }] }))[0].layer;
  // @ts-expect-error an unknown calibration method
  await fromBytes.quantize({ calibration: { method: 'median' } });
  void [q, fidelity, worst];

  void [simd, ops, fromUrl, fromPath, fromBuffer, text, total, gflops, f32, memory, onnx, shape,
    mobilenet, vgg, resnet, f, dims, inferred, big, outputs, slow, where, layerMs, kernelCount, wrong];
}
