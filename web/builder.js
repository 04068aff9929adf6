// The layers API, TensorFlow.js / Keras style:
//
//   const m = nnslim.sequential({ layers: [
//     nnslim.layers.dense({ units: 5, activation: 'relu', inputShape: [3] }),
//     nnslim.layers.dense({ units: 4, activation: 'softmax' }) ] });
//
//   const x = nnslim.input({ shape: [32, 32, 3] });
//   const y = nnslim.layers.conv2d({ filters: 8, kernelSize: 3 }).apply(x);
//   const m2 = nnslim.model({ inputs: x, outputs: y });
//
// This file only collects layer configs, wires them and names them
// Keras-style; the C++ builder (src/builder) checks every config and computes
// every shape. The hand-over is one JSON document, the layer spec
// (docs/builder-spec.md).

import { _buildFromSpec } from './api.js';
import { NnslimError } from './errors.js';

// Every error the builder throws is about a layer config or a builder option.
const invalidArgument = (message) => new NnslimError(message, { code: 'INVALID_ARGUMENT' });

// Options handled here, never sent to the C++ builder as layer config.
const LAYER_OPTIONS = new Set(['name', 'trainable', 'inputShape', 'batchSize', 'batchInputShape']);

// spec type -> [Keras' default name stem, least inbound, most inbound (Infinity: any)]
const LAYER_KINDS = {
  dense: ['dense', 1, 1],
  conv2d: ['conv2d', 1, 1],
  depthwiseConv2d: ['depthwise_conv2d', 1, 1],
  maxPooling2d: ['max_pooling2d', 1, 1],
  averagePooling2d: ['average_pooling2d', 1, 1],
  globalAveragePooling2d: ['global_average_pooling2d', 1, 1],
  batchNormalization: ['batch_normalization', 1, 1],
  flatten: ['flatten', 1, 1],
  dropout: ['dropout', 1, 1],
  activation: ['activation', 1, 1],
  zeroPadding2d: ['zero_padding2d', 1, 1],
  add: ['add', 2, Infinity],
  concatenate: ['concatenate', 2, Infinity],
};

function checkShape(shape, where) {
  if (!Array.isArray(shape) || shape.length === 0 || !shape.every((d) => Number.isSafeInteger(d) && d > 0)) {
    throw invalidArgument(`${where}: shape must be a non-empty array of positive integers (without the batch dim), got ${JSON.stringify(shape)}`);
  }
  return [...shape];
}

function checkBatchSize(batchSize, where) {
  if (batchSize === undefined || batchSize === null) return undefined;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw invalidArgument(`${where}: batchSize must be a positive integer, got ${String(batchSize)}`);
  }
  return batchSize;
}

function weightsMode(weights) {
  if (weights === undefined || weights === 'he') return 'he';
  if (weights === 'none' || weights === 'uninitialized') return 'none';
  throw invalidArgument(`weights must be 'he' or 'uninitialized' ('none'), got ${JSON.stringify(weights)}`);
}

function checkSeed(seed) {
  if (seed === undefined) return 0;
  if (!Number.isSafeInteger(seed) || seed < 0) throw invalidArgument(`seed must be a non-negative integer, got ${String(seed)}`);
  return seed;
}

// A tensor of the functional form: a graph input, or the output of one layer
// applied to other symbolic tensors.
class SymbolicTensor {
  #shape;

  constructor({ layer = null, inbound = [], input = null }) {
    this.layer = layer;       // the producing Layer (null for inputs)
    this.inbound = inbound;   // SymbolicTensors the layer was applied to
    this.input = input;       // {shape, batchSize, name} for graph inputs
  }

  get name() {
    return this.input ? this.input.name ?? 'input' : this.layer.name;
  }

  // [batch | null, ...dims]: inputs know theirs; a layer's output shape comes
  // from the C++ builder (built once, without weights, on first access).
  get shape() {
    if (!this.#shape) {
      if (this.input) {
        this.#shape = [this.input.batchSize ?? null, ...this.input.shape];
      } else {
        const spec = buildSpec(collectGraph([this]), { name: 'shape_probe', weights: 'none' });
        const probe = _buildFromSpec(spec);
        try {
          const { layers } = probe.profile({ batchSize: 1 });
          const own = layers.find((layer) => layer.name === spec.outputs[0]);
          this.#shape = [...own.outputShape];
        } finally {
          probe.dispose();
        }
      }
    }
    return [...this.#shape];
  }
}

class Layer {
  #type;
  #config;
  #explicitName;
  #assignedName;

  constructor(type, config = {}) {
    if (config === null || typeof config !== 'object' || Array.isArray(config)) {
      throw invalidArgument(`layers.${type}: expected a config object, got ${JSON.stringify(config)}`);
    }
    this.#type = type;
    this.#explicitName = config.name;
    if (this.#explicitName !== undefined && (typeof this.#explicitName !== 'string' || this.#explicitName === '')) {
      throw invalidArgument(`layers.${type}: name must be a non-empty string, got ${JSON.stringify(config.name)}`);
    }
    if (config.trainable !== undefined && typeof config.trainable !== 'boolean') {
      throw invalidArgument(`layers.${type}: trainable must be true or false, got ${JSON.stringify(config.trainable)}`);
    }
    this.trainable = config.trainable ?? true;
    const where = `layers.${type}${this.#explicitName ? ` '${this.#explicitName}'` : ''}`;
    if (config.batchInputShape !== undefined) {
      const [batch, ...shape] = config.batchInputShape;
      this.inputShape = checkShape(shape, where);
      this.batchSize = checkBatchSize(batch, where);
    } else if (config.inputShape !== undefined) {
      this.inputShape = checkShape(config.inputShape, where);
      this.batchSize = checkBatchSize(config.batchSize, where);
    }
    this.#config = Object.fromEntries(Object.entries(config).filter(([key, value]) => !LAYER_OPTIONS.has(key) && value !== undefined));
  }

  get type() { return this.#type; }
  get config() { return { ...this.#config }; }
  get explicitName() { return this.#explicitName; }

  // The explicit name, else the name the latest model gave it, else its stem.
  get name() {
    return this.#explicitName ?? this.#assignedName ?? LAYER_KINDS[this.#type][0];
  }

  _assignName(name) { this.#assignedName = name; }

  // Functional form: connects the layer to its input(s); returns its output.
  apply(inputs) {
    const list = Array.isArray(inputs) ? [...inputs] : [inputs];
    const [, least, most] = LAYER_KINDS[this.#type];
    for (const tensor of list) {
      if (!(tensor instanceof SymbolicTensor)) {
        throw invalidArgument(`${this.#type} '${this.name}'.apply: expected symbolic tensors (from input() or another layer's apply()), got ${tensor === null ? 'null' : typeof tensor}`);
      }
    }
    if (list.length < least || list.length > most) {
      const expected = most === Infinity ? `at least ${least}` : `${least}`;
      throw invalidArgument(`${this.#type} '${this.name}'.apply: takes ${expected} input(s), got ${list.length}`);
    }
    return new SymbolicTensor({ layer: this, inbound: list });
  }
}

// Every tensor the outputs depend on, inputs first, each after its inbound
// tensors (depth-first, in inbound order: a deterministic topological order).
function collectGraph(outputs) {
  const order = [];
  const state = new Map();  // tensor -> 'visiting' | 'done'
  const visit = (tensor) => {
    if (state.get(tensor) === 'done') return;
    // Symbolic tensors are immutable and only point backwards: no cycles.
    state.set(tensor, 'visiting');
    for (const parent of tensor.inbound) visit(parent);
    state.set(tensor, 'done');
    order.push(tensor);
  };
  for (const output of outputs) visit(output);
  return { order, outputs };
}

// Keras' naming: a layer without a name gets its stem, then stem_1, stem_2, ...
// skipping names taken by explicitly named layers of the same model.
function assignNames(layers) {
  const taken = new Set();
  for (const layer of layers) {
    if (layer.explicitName === undefined) continue;
    if (taken.has(layer.explicitName)) throw invalidArgument(`two layers are named '${layer.explicitName}': layer names must be unique in a model`);
    taken.add(layer.explicitName);
  }
  const next = new Map();
  const names = new Map();
  for (const layer of layers) {
    if (layer.explicitName !== undefined) {
      names.set(layer, layer.explicitName);
      continue;
    }
    const stem = LAYER_KINDS[layer.type][0];
    let count = next.get(stem) ?? 0;
    let name;
    do {
      name = count === 0 ? stem : `${stem}_${count}`;
      ++count;
    } while (taken.has(name));
    next.set(stem, count);
    taken.add(name);
    names.set(layer, name);
  }
  return names;
}

// The layer spec of docs/builder-spec.md.
function buildSpec({ order, outputs }, { name, weights, seed = 0, declaredInputs = null, inputNamer = null }) {
  const tensors = order;
  const layerTensors = tensors.filter((t) => t.layer);
  const layers = layerTensors.map((t) => t.layer);
  if (new Set(layers).size !== layers.length) {
    const shared = layers.find((layer, i) => layers.indexOf(layer) !== i);
    throw invalidArgument(`layer '${shared.name}' is applied more than once in one model: shared layers are not supported`);
  }
  const names = assignNames(layers);
  for (const [layer, layerName] of names) layer._assignName(layerName);

  const inputTensors = tensors.filter((t) => t.input);
  if (declaredInputs) {
    for (const t of inputTensors) {
      if (!declaredInputs.includes(t)) {
        throw invalidArgument(`model: the outputs depend on input '${t.name}', which is not among the model's inputs`);
      }
    }
  }
  const inputs = declaredInputs ?? inputTensors;
  const inputNames = new Map();
  inputs.forEach((t, i) => inputNames.set(t, t.input.name ?? (inputNamer ? inputNamer(names) : `input_${i + 1}`)));
  const refName = (t) => (t.input ? inputNames.get(t) : names.get(t.layer));

  return {
    name,
    weights: weightsMode(weights),
    seed: checkSeed(seed),
    inputs: inputs.map((t) => ({
      name: inputNames.get(t),
      shape: t.input.shape,
      dtype: 'float32',
      ...(t.input.batchSize !== undefined ? { batchSize: t.input.batchSize } : {}),
    })),
    layers: layerTensors.map((t) => ({
      name: names.get(t.layer),
      type: t.layer.type,
      inbound: t.inbound.map(refName),
      trainable: t.layer.trainable,
      config: t.layer.config,
    })),
    outputs: outputs.map(refName),
  };
}

// ---------------------------------------------------------------- public API

export function input({ shape, name, batchSize } = {}) {
  if (name !== undefined && (typeof name !== 'string' || name === '')) {
    throw invalidArgument(`input: name must be a non-empty string, got ${JSON.stringify(name)}`);
  }
  return new SymbolicTensor({
    input: { shape: checkShape(shape, 'input'), name, batchSize: checkBatchSize(batchSize, 'input') },
  });
}

const asList = (x) => (Array.isArray(x) ? [...x] : [x]);

export function model({ inputs, outputs, name = 'model', weights, seed } = {}) {
  if (inputs === undefined || outputs === undefined) throw invalidArgument('model: needs {inputs, outputs}');
  const inputList = asList(inputs);
  const outputList = asList(outputs);
  for (const t of inputList) {
    if (!(t instanceof SymbolicTensor) || !t.input) throw invalidArgument('model: inputs must come from nnslim.input()');
  }
  for (const t of outputList) {
    if (!(t instanceof SymbolicTensor)) throw invalidArgument('model: outputs must be symbolic tensors (from layer.apply())');
  }
  const spec = buildSpec(collectGraph(outputList), { name, weights, seed, declaredInputs: inputList });
  return _buildFromSpec(spec);
}

export function sequential({ layers: layerList = [], name = 'sequential', weights, seed } = {}) {
  if (!Array.isArray(layerList) || layerList.length === 0) {
    throw invalidArgument('sequential: needs at least one layer (the first with inputShape)');
  }
  layerList.forEach((layer, i) => {
    if (!(layer instanceof Layer)) throw invalidArgument(`sequential: layers[${i}] is not a layer (use nnslim.layers.dense(...) etc.)`);
  });
  const first = layerList[0];
  if (!first.inputShape) {
    throw invalidArgument(`sequential: the first layer (${first.type} '${first.name}') needs inputShape, e.g. inputShape: [3]`);
  }
  const source = new SymbolicTensor({ input: { shape: first.inputShape, batchSize: first.batchSize } });
  let x = source;
  for (const layer of layerList) {
    if (LAYER_KINDS[layer.type][1] !== 1) {
      throw invalidArgument(`sequential: ${layer.type} '${layer.name}' merges several inputs: use the functional form (input, apply, model)`);
    }
    x = layer.apply(x);
  }
  // Keras names a Sequential's input after its first layer: 'dense_input'.
  const spec = buildSpec(collectGraph([x]), {
    name, weights, seed, declaredInputs: [source], inputNamer: (names) => `${names.get(first)}_input`,
  });
  return _buildFromSpec(spec);
}

export const layers = Object.freeze(Object.fromEntries(
  Object.keys(LAYER_KINDS).map((type) => [type, (config) => new Layer(type, config)]),
));

// Internal (zoo and tests): the spec a model would be built from.
export function _specOf({ inputs, outputs, name = 'model', weights, seed }) {
  return buildSpec(collectGraph(asList(outputs)), { name, weights, seed, declaredInputs: asList(inputs) });
}
