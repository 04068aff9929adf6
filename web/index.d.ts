// Types of the `nnslim` package (hand-written: Emscripten 3.1.6 has no .d.ts
// generator; tests/js/types.test.js type-checks tests/types/usage.ts against
// this file and compares its exports with the runtime's).

// ---------------------------------------------------------------- errors

/**
 * What went wrong, for code to branch on (the C++ core's list, src/core/error.h, then the loader's two):
 * - `INVALID_MODEL`: the ONNX bytes are not a valid model (truncated, corrupt, inconsistent graph or shapes).
 * - `UNSUPPORTED_OP`: a valid model uses what nnslim does not implement (an op, an opset version,
 *   subgraphs, sparse or external tensors, a data type).
 * - `INVALID_ARGUMENT`: an argument of an API call is wrong (a layer config, a Tensor's type/data/dims,
 *   an option such as batchSize, a model path that cannot be read).
 * - `INVALID_INPUT`: the feeds of run() do not fit the model (unknown or missing input, wrong dtype or shape).
 * - `OUT_OF_MEMORY`: a tensor, weight or arena is larger than an allocation may be, or the heap cannot grow enough.
 * - `DISPOSED`: the model was disposed.
 * - `INTERNAL`: a bug in nnslim, or an engine it cannot run on (no WebAssembly SIMD).
 * - `NOT_INITIALIZED`: a synchronous call that needs the WebAssembly module (sequential, model, zoo,
 *   supportedOps) ran in a browser before `await init()` resolved.
 * - `WASM_LOAD_FAILED`: the .wasm could not be fetched, read or compiled; the message names the URL and
 *   what came back (HTTP status, MIME type, first bytes). Retry with `init({ wasmUrl })` or `init({ wasmBinary })`.
 */
export type NnslimErrorCode =
  | 'INVALID_MODEL' | 'UNSUPPORTED_OP' | 'INVALID_ARGUMENT' | 'INVALID_INPUT'
  | 'OUT_OF_MEMORY' | 'DISPOSED' | 'INTERNAL' | 'NOT_INITIALIZED' | 'WASM_LOAD_FAILED';

/** Bad input: malformed/unsupported model, bad layer config, bad argument or feed. The module keeps working. */
export class NnslimError extends Error {
  /** Every code, in the core's order. */
  static readonly codes: readonly NnslimErrorCode[];
  /** A missing or unknown code becomes 'INTERNAL'. */
  constructor(message?: string, options?: { code?: NnslimErrorCode; cause?: unknown });
  readonly code: NnslimErrorCode;
}
/** The WebAssembly instance trapped; every later call throws this. Reload the page / restart the process. */
export class NnslimCrashError extends NnslimError {
  constructor(message?: string, options?: { cause?: unknown });
  readonly code: 'INTERNAL';
}

// ---------------------------------------------------------------- module

/** Where init() gets the WebAssembly module (at most one of the two; neither: next to the package's JS). */
export interface InitOptions {
  /**
   * URL of nnslim.wasm (the package exports it as 'nnslim/nnslim.wasm'), for CDNs and unusual hosting.
   * A relative string is relative to the page (or worker); in Node a string that is not a URL is a file path.
   */
  wasmUrl?: string | URL;
  /** The bytes of nnslim.wasm, already fetched. */
  wasmBinary?: ArrayBuffer | ArrayBufferView;
  /**
   * Most bytes of WebAssembly memory the module may grow to (default: the build's 4 GB; at least the
   * 32 MiB it starts with). An allocation past it fails with OUT_OF_MEMORY and the module keeps working.
   */
  maxMemoryBytes?: number;
}
/**
 * Loads the WebAssembly module, once. Importing nnslim loads nothing: async calls (loadModel, ...) call
 * init() themselves, and Node loads on the first synchronous call too; in a browser, `await init()` before
 * synchronous calls (sequential, model, zoo, supportedOps: else NOT_INITIALIZED). Rejects with
 * WASM_LOAD_FAILED (URL and what came back); a later call may retry, e.g. with a corrected wasmUrl.
 * Once loaded, later calls resolve at once and their options are ignored.
 */
export function init(options?: InitOptions): Promise<void>;
/** Alias of init(). */
export function ready(options?: InitOptions): Promise<void>;
/** Whether this engine supports WebAssembly SIMD128 (nnslim requires it). */
export function simdSupported(): boolean;
/** The package's WebAssembly builds: 'threads' (pthreads, plain SIMD), 'relaxed' (relaxed-SIMD kernels), 'plain' (SIMD128 only). */
export type BuildName = 'plain' | 'relaxed' | 'threads';
/** What this engine supports, which build runs (chosen at init() by feature probes) and its threads. */
export interface Features {
  simd: boolean;
  relaxedSimd: boolean;
  /** The threaded build runs (before init(): the engine could run it: SharedArrayBuffer, cross-origin isolation in pages). */
  threads: boolean;
  /** The build init() loaded; null before init() resolves. */
  build: BuildName | null;
  /** Why that build: e.g. 'the engine supports threads', 'forced by NNSLIM_BUILD=plain'. */
  reason: string | null;
  /** Most threads a model may use (1 with a single-threaded build); null before init(). */
  maxThreads: number | null;
  /** Threads a model uses when loadModel's numThreads is not given: maxThreads, at most 4; null before init(). */
  defaultThreads: number | null;
  /** globalThis.crossOriginIsolated where the platform has it (browsers), else null. */
  crossOriginIsolated: boolean | null;
  /** Why the threaded build does not run; null when it does. */
  threadsUnavailableReason: string | null;
}
/**
 * The engine's features and the running build. NNSLIM_BUILD=plain|relaxed|threads|auto (Node's
 * environment, or globalThis.NNSLIM_BUILD set before the first call in a page) forces a build.
 */
export function features(): Features;
/** ONNX op types the importer supports, sorted. Needs the module: in a browser, `await init()` first. */
export function supportedOps(): string[];


// ---------------------------------------------------------------- tensors

export type TensorType =
  | 'float32' | 'float64' | 'int8' | 'uint8' | 'int16' | 'uint16'
  | 'int32' | 'uint32' | 'int64' | 'uint64' | 'bool';

export interface TensorDataTypeMap {
  float32: Float32Array; float64: Float64Array;
  int8: Int8Array; uint8: Uint8Array; int16: Int16Array; uint16: Uint16Array;
  int32: Int32Array; uint32: Uint32Array;
  int64: BigInt64Array; uint64: BigUint64Array; bool: Uint8Array;
}

/**
 * Like onnxruntime-web's Tensor: `new Tensor('float32', data, [1, 3])`. The data is kept, not copied.
 * A bad type, data or dims throws NnslimError with code 'INVALID_ARGUMENT'.
 */
export class Tensor<T extends TensorType = TensorType> {
  constructor(type: T, data: TensorDataTypeMap[T] | readonly number[] | readonly bigint[], dims?: readonly number[]);
  constructor(data: TensorDataTypeMap[T], dims?: readonly number[]);
  readonly type: T;
  readonly data: TensorDataTypeMap[T];
  readonly dims: readonly number[];
  /** Number of elements (product of dims). */
  readonly size: number;
}

// ---------------------------------------------------------------- profile

/** Per-layer figures of Model.profile(). 1 MAC = 2 FLOPs; bias adds and activations are elementwise ops, not MACs. */
export interface LayerProfile {
  /** Layer name (builder models) or node name (ONNX). */
  name: string;
  /** Keras class name ('Dense', 'Conv2D', ...) for builder models, the op type for ONNX nodes. */
  type: string;
  /** As displayed: NHWC for builder models; `null` for a dim that is still symbolic. */
  outputShape: Array<number | null>;
  params: number;
  trainableParams: number;
  nonTrainableParams: number;
  macs: number;
  flops: number;
  elementwiseOps: number;
  /** Bytes of this layer's outputs. */
  activationBytes: number;
  /** Fraction of zeros among the layer's weights of rank >= 2 (unmaterialized builder weights: by their init rule). */
  sparsity: number;
  /** Params that are not 0. */
  nonzeroParams: number;
  /** MACs with zero weights skipped: macs x the weight's density (Conv, Gemm, MatMul). */
  effectiveMacs: number;
  /** 2 x effectiveMacs. */
  effectiveFlops: number;
  /** dtype of the layer's largest weight ('int8' once quantized); null without weights. */
  weightDtype: TensorType | null;
}

export interface ModelProfile {
  batchSize: number;
  /** Every weight element; BatchNorm moving mean/variance are non-trainable (Keras' convention). */
  params: { total: number; trainable: number; nonTrainable: number };
  macs: number;
  /** 2 x macs. */
  flops: number;
  elementwiseOps: number;
  /** Params that are not 0. */
  nonzeroParams: number;
  /** MACs with zero weights skipped (the FLOPs of a pruned model in the lecture's table). */
  effectiveMacs: number;
  /** 2 x effectiveMacs. */
  effectiveFlops: number;
  /** Fraction of zeros among every weight of rank >= 2 (the kernels). */
  sparsity: number;
  /** Bytes of weights, in total and per dtype ('float32' -> bytes). */
  weightBytes: { total: number; byDtype: Record<string, number> };
  /** Sum of the bytes of every layer output. */
  activationBytes: number;
  /**
   * Graph activations, liveness plan: the most bytes of activations alive at
   * once when the graph as written (unfused) runs node by node, every tensor
   * 16-byte aligned, inputs included. A property of the model; compiles nothing.
   */
  peakMemoryBytes: number;
  /**
   * Runtime arena of the compiled plan: the bytes run() allocates for
   * activations at this batch size (fused steps, their scratch buffers, 64-byte
   * alignment; inputs included). Usually differs from peakMemoryBytes. Null
   * unless profile({ compile: true }), or when an input's values decide shapes.
   */
  runtimeArenaBytes: number | null;
  layers: LayerProfile[];
}

export interface ProfileOptions {
  /**
   * Binds a symbolic batch dim (default: the first dim of inputShapes' shapes,
   * else 1; one that disagrees with those is an INVALID_ARGUMENT error).
   */
  batchSize?: number;
  /**
   * Static shapes for inputs with symbolic dims besides the batch (dynamic
   * H/W): input name -> dims. Each must have the input's rank and keep its
   * static dims; otherwise an INVALID_ARGUMENT NnslimError. Required for an
   * input with such dims (INVALID_ARGUMENT naming the input otherwise).
   */
  inputShapes?: Record<string, number[]>;
  /**
   * Also compile the plan run() would use at this batch size (materializing
   * weights; the plan is cached for run()) and report its runtimeArenaBytes.
   * Throws what run() would throw when the model cannot run. Default false.
   */
  compile?: boolean;
  /**
   * A QDQ file's QuantizeLinear / DequantizeLinear nodes as layers of their
   * own (default true, as the per-layer timings list them); false folds them
   * into the layer they quantize, as summary() does.
   */
  qdqNodes?: boolean;
}

export interface SummaryOptions {
  /** Where the table is printed (default console.log); null: don't print, only return it. */
  printFn?: ((text: string) => void) | null;
  /**
   * Static shapes for inputs with symbolic dims besides the batch, as
   * ProfileOptions.inputShapes; required for such inputs (INVALID_ARGUMENT
   * naming the input otherwise).
   */
  inputShapes?: Record<string, number[]>;
  /**
   * A quantized (QDQ) file's QuantizeLinear / DequantizeLinear nodes as rows
   * of their own (default false: folded into the layer they quantize, one
   * row per quantized layer, typed e.g. "Conv int8"). CLI: --qdq-nodes.
   */
  qdqNodes?: boolean;
}

// ---------------------------------------------------------------- models

/** A model in WebAssembly memory: from loadModel() or the builder. Call dispose() when done. */
export class Model {
  protected constructor();
  /** Keras-style table (layer (type), output shape, params; totals); printed and returned. */
  summary(options?: SummaryOptions): string;
  /** Params, MACs, FLOPs, weight/activation bytes and peak memory, per layer and in total. */
  profile(options?: ProfileOptions): ModelProfile;
  /** A standard ONNX file (a fresh Uint8Array owned by the caller). */
  toOnnx(): Uint8Array;
  /** The graph inputs: a symbolic dim (the batch) is null in dims and named in dimNames. */
  readonly inputs: ValueInfo[];
  readonly outputs: ValueInfo[];
  readonly inputNames: string[];
  readonly outputNames: string[];
  /**
   * Runs the model (like onnxruntime-web's session.run): feeds map input names to Tensors.
   * Rejects with NnslimError naming the input and the expected dtype and shape on a mismatch.
   */
  run(feeds: Record<string, Tensor>): Promise<Record<string, Tensor>>;
  /** run() that also times every compiled step: where the latency goes, layer by layer. */
  runProfiled(feeds: Record<string, Tensor>): Promise<{ outputs: Record<string, Tensor>; steps: StepTiming[] }>;
  /** Latency and throughput of run() on seeded random inputs (or `inputs`). */
  benchmark(options?: BenchmarkOptions): Promise<BenchmarkResult>;
  /** The compiled steps of the last run: which kernel each node got. */
  planDescription(): string[];
  /**
   * A pruned copy of this model (this one is unchanged). Bad options reject
   * with an INVALID_ARGUMENT NnslimError naming the option.
   */
  prune(options?: PruneOptions): Promise<Model>;
  /** On a model prune() returned: what was pruned and what was left alone; null otherwise. */
  pruneReport: PruneReport | null;
  /**
   * Per layer: sparsity, dense and effective MACs, the kernel the plan chose,
   * its time, and the predicted vs measured speedup over `baseline`.
   */
  explain(options?: ExplainOptions): Promise<Explanation>;
  /** Threads run() splits large steps over (loadModel's numThreads, capped at features().maxThreads). */
  readonly numThreads: number;
  /**
   * A new model with int8 weights (and int8 activations calibrated on calibration.samples,
   * unless activations is 'float32') as a standard ONNX QDQ graph; this model is unchanged.
   * Rejects with an INVALID_ARGUMENT NnslimError naming the bad option or sample.
   */
  quantize(options?: QuantizeOptions): Promise<Model>;
  /** Quantizes one layer at a time and ranks layers by the output SQNR kept (worst first). */
  sensitivity(options?: SensitivityOptions): Promise<LayerSensitivity[]>;
  /** Frees the model's WebAssembly memory now (idempotent); later calls throw. */
  dispose(): void;
}

// ---------------------------------------------------------------- pruning

export interface PruneOptions {
  /**
   * 'magnitude' (default): unstructured, the smallest |w| become 0.
   * 'block': whole blocks (`block`) ranked by L2 norm, or N:M (`nm`).
   * 'channel': whole output channels of Conv layers removed (the model shrinks).
   */
  method?: 'magnitude' | 'block' | 'channel';
  /** Fraction of weights (blocks, channels) to remove, in [0, 1). Default 0.5; N:M: 1 - N/M. */
  sparsity?: number;
  /** 'layer' (default): each layer to the target; 'global': one threshold across layers. */
  scope?: 'layer' | 'global';
  /** Per-layer sparsity overrides (layer names as profile() shows them); pruned even if in `skip`. */
  layers?: Record<string, number>;
  /** Layers left dense. Default: the first Conv and the classifier (the last Gemm/MatMul). */
  skip?: string[];
  /**
   * Block shape 'RxC' (R output x C input channels): '1x4', '4x1', '2x2', '4x4', '8x1', or [R, C].
   * Default '8x1': the fastest block-sparse kernels ('4x1' and '4x4' run them too; other shapes run the CSR ones).
   */
  block?: string | [number, number];
  /** N:M sparsity, e.g. '2:4': N of every M consecutive input channels kept. */
  nm?: string;
  /** Channel ranking: 'l1' (default) or 'l2' norm of the channel's weights. */
  criterion?: 'l1' | 'l2';
  /** Called after each layer. */
  onProgress?: (progress: { phase: 'prune'; done: number; total: number }) => void;
  /** Aborts before the work starts (rejects with the signal's reason). */
  signal?: AbortSignal;
}

export interface PrunedLayerReport {
  name: string;
  op: string;
  /** Elements of the layer's weight after pruning, and its zeros. */
  weights: number;
  zeros: number;
  sparsity: number;
  channelsBefore: number;
  channelsAfter: number;
}

export interface PruneReport {
  layers: PrunedLayerReport[];
  /** 'layer: why it was left alone' (skip list, a block that does not divide it, a residual Add...). */
  skipped: string[];
}

export interface ExplainOptions {
  /** The model to compare with (e.g. the unpruned original): its MACs and measured ms per layer. */
  baseline?: Model;
  /** Timed runs per model (median per layer); default 5. */
  iterations?: number;
  /** Where the table is printed (default: not printed). */
  printFn?: ((text: string) => void) | null;
  /** Static shapes for inputs with symbolic dims besides the batch. */
  inputShapes?: Record<string, number[]>;
}

export interface ExplainedLayer {
  name: string;
  type: string;
  sparsity: number;
  /** Dense MACs of this model's layer, and with zero weights skipped. */
  macs: number;
  effectiveMacs: number;
  /** The kernel(s) of its compiled steps, e.g. 'f32 igemm 4x8', 'f32 spmm 16x1'. */
  kernel: string;
  /** Whether a step of the layer runs a sparse kernel (zeros skipped). */
  sparseKernel: boolean;
  /** Why the plan chose that kernel, never empty: e.g. 'int8 GEMM: weights and activations quantized', 'float fallback: no int8 kernel for Softmax; ...', the sparsity against the measured crossover; a layer without a step of its own says it was folded. */
  why: string;
  /** Median ms of its steps. */
  ms: number;
  /** The baseline's MACs over the MACs this layer's kernel computes (effective MACs if it skips zeros); null without a baseline. */
  predictedSpeedup: number | null;
  /** The baseline's ms over this layer's ms; null without a baseline. */
  measuredSpeedup: number | null;
}

export interface Explanation {
  layers: ExplainedLayer[];
  /** The table, as printed. */
  text: string;
}

// ---------------------------------------------------------------- quantization

export type CalibrationMethod = 'minmax' | 'percentile' | 'mse' | 'entropy';

export interface QuantizeProgress {
  phase: 'calibrate' | 'quantize' | 'sensitivity';
  done: number;
  total: number;
  /** calibrate: the pass (0: ranges; 1: histograms for percentile/mse/entropy) and how many. */
  pass?: number;
  passes?: number;
}

export interface QuantizeOptions {
  /**
   * Shapes of the random calibration inputs (without calibration.samples) for
   * inputs with symbolic dims besides the batch: input name -> dims. Required
   * for such inputs (INVALID_ARGUMENT naming the input otherwise).
   */
  inputShapes?: Record<string, number[]>;
  /** Default 'int8' (symmetric, [-127, 127]). */
  weights?: 'int8';
  /**
   * Weight code width: 8 (default, [-127, 127]) or 7 ([-63, 63]): the relaxed-SIMD
   * build then runs every int8 GEMM / 1x1 conv on its 8-bit dot (docs/quantization.md).
   */
  weightBits?: 8 | 7;
  /** 'int8' (default): static, calibrated; 'float32': weight-only. */
  activations?: 'int8' | 'float32';
  /** Per output channel weight scales (default true) or one per tensor. */
  perChannel?: boolean;
  /** Activation zero points: 'asymmetric' (default) or 'symmetric' (zero point 0). */
  scheme?: 'asymmetric' | 'symmetric';
  /** Same as scheme: 'symmetric' when true. */
  symmetric?: boolean;
  calibration?: {
    /** One feed per sample. Omitted: a console warning and 8 random samples. */
    samples?: Record<string, Tensor>[];
    /** Default 'minmax'. */
    method?: CalibrationMethod;
    /** For 'percentile', in (0, 100]; default 99.99. */
    percentile?: number;
  };
  /** Layer (or node) names kept in float. */
  skip?: string[];
  /** Subtract the mean output shift the weight rounding causes from the biases (default true). */
  biasCorrection?: boolean;
  onProgress?: (progress: QuantizeProgress) => void;
  signal?: AbortSignal;
}

export interface SensitivityOptions extends QuantizeOptions {
  /** Calibration and evaluation samples (else calibration.samples, else random). */
  samples?: Record<string, Tensor>[];
}

export interface LayerSensitivity {
  layer: string;
  type: string;
  /** Output SQNR of the model with only this layer quantized (lowest first). */
  sqnrDb: number;
}

export interface OutputComparison {
  /** 10 log10(sum r^2 / sum (r - c)^2); Infinity when identical, -Infinity with a NaN. */
  sqnrDb: number;
  cosine: number;
  maxAbsError: number;
  /** Fraction of rows whose argmax agrees, for [N, C] / [N, C, 1, 1] outputs; else null. */
  top1Agreement: number | null;
}

/** Fidelity of candidate outputs against reference outputs (one run, or arrays of runs pooled), per output. */
export function compare(
  reference: Record<string, Tensor> | Record<string, Tensor>[],
  candidate: Record<string, Tensor> | Record<string, Tensor>[],
): Record<string, OutputComparison>;

export interface ValueInfo {
  name: string;
  type: TensorType;
  /** null: no shape declared; a null dim: symbolic. */
  dims: (number | null)[] | null;
  dimNames: (string | null)[];
}

export interface StepTiming {
  /** The layer (builder) or node (ONNX) the step computes. */
  layer: string;
  /** The op type(s) it computes: e.g. "Conv+Clip" (fused), "Concat", "layout" (a layout copy). */
  op: string;
  /** What computes it: e.g. "f32 igemm 2x16 loadsplat", "memcpy", "reference". */
  kernel: string;
  /** True when the op's scalar NCHW reference implementation runs it (the slow fallback). */
  reference: boolean;
  ms: number;
}

export interface BenchmarkOptions {
  /** Untimed runs after the first (cold) one. Default 10. */
  warmup?: number;
  /** Timed runs. Default 100. */
  iterations?: number;
  /** Binds symbolic batch dims of the random inputs. Default: the batch of inputShapes, else 1. */
  batchSize?: number;
  onProgress?: (progress: { phase: 'warmup' | 'timed'; done: number; total: number }) => void;
  signal?: AbortSignal;
  /** Feeds to time instead of random ones. */
  inputs?: Record<string, Tensor>;
  /** Shapes of the random inputs where dims besides the batch are symbolic (see ProfileOptions). */
  inputShapes?: Record<string, number[]>;
  /** Time every step too (runProfiled()): the result gets `layers`. Default false. */
  perLayer?: boolean;
}

export interface LatencyStats {
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  min: number;
  max: number;
  stddev: number;
}

export interface BenchmarkResult {
  /** Per run() call, in ms, over the timed runs. */
  latencyMs: LatencyStats;
  /** Inferences per second: batchSize * 1000 / mean latency. */
  throughput: number;
  /** The first run, which compiles the plan. */
  coldMs: number;
  batchSize: number;
  warmup: number;
  iterations: number;
  samplesMs: number[];
  /** With perLayer: every step in execution order, ms = its median over the timed runs. */
  layers?: StepTiming[];
  /** The WebAssembly build that ran (features().build) and why it was chosen. */
  build: BuildName;
  buildReason: string;
  /** Threads the model ran on (Model.numThreads). */
  numThreads: number;
}

export interface LoadModelOptions {
  /**
   * Threads run() may split a step over: default features().defaultThreads, capped at
   * features().maxThreads (1 with the single-threaded module). Outputs are the same bits for any count.
   */
  numThreads?: number;
}

/**
 * Loads an ONNX model from bytes, a URL (fetched; `file:` URLs read from disk in Node)
 * or a path (read with fs in Node; fetched relative to the page in browsers).
 * Rejects with NnslimError naming the problem (and the node) for bad files.
 */
export function loadModel(
  source: Uint8Array | ArrayBufferLike | ArrayBufferView | URL | string,
  options?: LoadModelOptions,
): Promise<Model>;

// ---------------------------------------------------------------- builder (TF.js layers style)

export type Activation =
  | 'linear' | 'relu' | 'relu6' | 'sigmoid' | 'tanh' | 'softmax' | 'hardSwish' | 'leakyRelu';

/** An int n (= [n, n]) or [height, width]. */
export type IntOrPair = number | [number, number];

export type Padding = 'valid' | 'same';

/** Shape without the batch dim, channels last (Keras): [224, 224, 3] or [784]. */
export type Shape = number[];

export interface LayerConfig {
  /** Unique layer name; Keras-style default ('dense', 'dense_1', ...). */
  name?: string;
  /** false: the layer's weights count as non-trainable params. */
  trainable?: boolean;
  /** Only on a Sequential model's first layer: the input shape without the batch dim. */
  inputShape?: Shape;
  /** With inputShape: a fixed batch size (default: symbolic, bound by profile({batchSize})). */
  batchSize?: number;
  /** [batchSize | null, ...inputShape] (Keras' form of inputShape + batchSize). */
  batchInputShape?: Array<number | null>;
}

export interface DenseConfig extends LayerConfig {
  units: number;
  activation?: Activation;
  useBias?: boolean;
}
export interface Conv2DConfig extends LayerConfig {
  filters: number;
  kernelSize: IntOrPair;
  strides?: IntOrPair;
  padding?: Padding;
  dilationRate?: IntOrPair;
  activation?: Activation;
  useBias?: boolean;
}
export interface DepthwiseConv2DConfig extends LayerConfig {
  kernelSize: IntOrPair;
  depthMultiplier?: number;
  strides?: IntOrPair;
  padding?: Padding;
  dilationRate?: IntOrPair;
  activation?: Activation;
  useBias?: boolean;
}
export interface Pooling2DConfig extends LayerConfig {
  poolSize?: IntOrPair;
  strides?: IntOrPair;
  padding?: Padding;
}
export interface GlobalPooling2DConfig extends LayerConfig {
  keepDims?: boolean;
}
export interface BatchNormalizationConfig extends LayerConfig {
  axis?: number;
  momentum?: number;
  epsilon?: number;
}
export interface DropoutConfig extends LayerConfig {
  rate: number;
}
export interface ActivationConfig extends LayerConfig {
  activation: Activation;
  /** leakyRelu's slope (default 0.3, as in Keras). */
  alpha?: number;
}
export interface ZeroPadding2DConfig extends LayerConfig {
  /** n, [rows, cols] (symmetric) or [[top, bottom], [left, right]]. */
  padding?: number | [number, number] | [[number, number], [number, number]];
}
export interface ConcatenateConfig extends LayerConfig {
  axis?: number;
}

/** The output of input() or of layer.apply() in the functional form. */
export interface SymbolicTensor {
  /** Shape with the batch dim first (null when symbolic). */
  readonly shape: Array<number | null>;
  readonly name: string;
}

export interface Layer {
  /** The explicit name, else the one the latest model gave it ('dense_1'), else its stem. */
  readonly name: string;
  /** The spec type: 'dense', 'conv2d', ... */
  readonly type: string;
  readonly trainable: boolean;
  /** A copy of the layer's own config (without name/trainable/inputShape). */
  readonly config: Record<string, unknown>;
  /** Functional form: connects this layer to its input(s). */
  apply(inputs: SymbolicTensor | SymbolicTensor[]): SymbolicTensor;
}

export const layers: {
  dense(config: DenseConfig): Layer;
  conv2d(config: Conv2DConfig): Layer;
  depthwiseConv2d(config: DepthwiseConv2DConfig): Layer;
  maxPooling2d(config?: Pooling2DConfig): Layer;
  averagePooling2d(config?: Pooling2DConfig): Layer;
  globalAveragePooling2d(config?: GlobalPooling2DConfig): Layer;
  batchNormalization(config?: BatchNormalizationConfig): Layer;
  flatten(config?: LayerConfig): Layer;
  dropout(config: DropoutConfig): Layer;
  activation(config: ActivationConfig): Layer;
  zeroPadding2d(config?: ZeroPadding2DConfig): Layer;
  add(config?: LayerConfig): Layer;
  concatenate(config?: ConcatenateConfig): Layer;
};

/**
 * Weights of a builder model: He-initialized from `seed` (the default; needed to run it),
 * or left uninitialized ('uninitialized' = 'none': profiling only, no weight memory).
 */
export interface WeightsOptions {
  weights?: 'he' | 'uninitialized' | 'none';
  /** Non-negative integer (default 0). */
  seed?: number;
}

export interface SequentialConfig extends WeightsOptions {
  layers?: Layer[];
  name?: string;
}
export interface ModelConfig extends WeightsOptions {
  inputs: SymbolicTensor | SymbolicTensor[];
  outputs: SymbolicTensor | SymbolicTensor[];
  name?: string;
}
export interface InputConfig {
  /** Without the batch dim, channels last. */
  shape: Shape;
  name?: string;
  batchSize?: number;
}

/** Builds synchronously: in a browser, `await init()` first (else NOT_INITIALIZED); Node loads on first use. */
export function sequential(config?: SequentialConfig): Model;
export function input(config: InputConfig): SymbolicTensor;
/** Builds synchronously: in a browser, `await init()` first (else NOT_INITIALIZED); Node loads on first use. */
export function model(config: ModelConfig): Model;

// ---------------------------------------------------------------- zoo

export interface ZooOptions extends WeightsOptions {
  /** Input shape without the batch dim (default [224, 224, 3]). */
  inputShape?: Shape;
  /** Number of classes of the head (default 1000). */
  classes?: number;
}

/** Models built synchronously: in a browser, `await init()` first (else NOT_INITIALIZED). */
export namespace zoo {
  /** The Dense model of the lecture "The art of speed": 3 -> 5 -> 8 -> 10 -> 15 -> 4 (layers 2 and 3 frozen): 387 params. */
  function seedDense(options?: WeightsOptions): Model;
  /** The Keras Sequential of the lecture "The art of speed" (3 -> 5 -> 8 -> 10 -> 15 -> 4, layers 2-3 frozen): 387 params. */
  function seedDense(options?: WeightsOptions): Model;
  /** MobileNetV2-1.0 (Keras layout): 3,538,984 params at 224x224. */
  function mobilenetV2(options?: ZooOptions): Model;
  /** VGG16 with its classifier: 138,357,544 params. */
  function vgg16(options?: ZooOptions): Model;
  /** ResNet-50 (torchvision layout). */
  function resnet50(options?: ZooOptions): Model;
}
