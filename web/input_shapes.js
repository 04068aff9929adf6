// Inputs with symbolic dims besides the leading (batch) one: Paddle2ONNX's
// dynamic H/W ([N, 3, H, W]), PyTorch's dynamic sequence axes. Such a dim has
// no sensible default: bound to 1 (as the batch is) it makes a 1x1 image or
// a 1-step sequence, which either fails deep inside the model (a MaxPool
// larger than its input) or, worse, yields a profile, a benchmark or int8
// ranges of an input nobody feeds. So whatever makes up shapes (profile,
// summary, benchmark's and calibration's random inputs) asks for them.

import { describeType } from './describe_type.js';
import { NnslimError } from './errors.js';

// Throws INVALID_ARGUMENT for the first input of `inputInfo` ([{ name, dims,
// dimNames }], dims null where symbolic) that has a symbolic dim past the
// first and is not among `givenNames`; `what` is the calling function. A
// given name that is no input is left to the caller's own check.
export function requireStaticShapes(what, inputInfo, givenNames) {
  if (givenNames.some((name) => !inputInfo.some((input) => input.name === name))) return;
  for (const { name, dims, dimNames } of inputInfo) {
    if (!dims || givenNames.includes(name) || !dims.slice(1).includes(null)) continue;
    const declared = dims.map((d, i) => d ?? dimNames?.[i] ?? '?').join(', ');
    const example = dims.map((d, i) => d ?? (i === 0 ? 1 : '?'));
    throw new NnslimError(`${what}: input '${name}' has symbolic dims besides the batch ([${declared}]), so its shape ` +
      `must be given: inputShapes: { '${name}': [${example.join(', ')}] } with each ? a size (CLI: --input-shape ${name}=${
        example.join('x')})`, { code: 'INVALID_ARGUMENT' });
  }
}

// { name: [dims] } (or undefined) -> [{ name, dims }] with every dim a
// positive safe integer; whether the names and shapes fit the model is the
// core's check (Graph::bind_input_shape) or run()'s.
export function checkInputShapes(what, inputShapes) {
  if (inputShapes === undefined) return [];
  if (inputShapes === null || typeof inputShapes !== 'object' || Array.isArray(inputShapes)) {
    throw new NnslimError(`${what}: inputShapes must be an object mapping input names to shapes, got ${describeType(inputShapes)}`,
      { code: 'INVALID_ARGUMENT' });
  }
  return Object.entries(inputShapes).map(([name, dims]) => {
    if (!Array.isArray(dims) || !dims.every((d) => Number.isSafeInteger(d) && d >= 1)) {
      throw new NnslimError(`${what}: inputShapes['${name}'] must be an array of positive integers, got ${JSON.stringify(dims)}`,
        { code: 'INVALID_ARGUMENT' });
    }
    return { name, dims };
  });
}

// The batch size of a profile or a benchmark with given input shapes: a
// shape's first dim is the batch where the model's first dim is symbolic, so
// without batchSize it is that dim, and a batchSize that disagrees with it is
// an error (else the report would say batch 2 beside the MACs of batch 1).
// batchSize: the caller's option (undefined: not given); shapes: [{ name,
// dims }] from checkInputShapes.
export function batchSizeOf(what, batchSize, shapes, inputInfo) {
  if (batchSize !== undefined && (!Number.isSafeInteger(batchSize) || batchSize < 1)) {
    throw new NnslimError(`${what}: batchSize must be a positive integer, got ${String(batchSize)}`, { code: 'INVALID_ARGUMENT' });
  }
  let batch = batchSize;
  for (const { name, dims } of shapes) {
    const input = inputInfo.find((entry) => entry.name === name);
    if (!input?.dims || input.dims[0] !== null || dims.length === 0) continue;
    if (batch === undefined) batch = dims[0];
    if (dims[0] !== batch) {
      throw new NnslimError(`${what}: inputShapes['${name}'] has batch ${dims[0]} (its first dim), but ${
        batchSize === undefined ? 'another input has' : 'batchSize is'} ${batch}; give the batch in the shapes`,
      { code: 'INVALID_ARGUMENT' });
    }
  }
  return batch ?? 1;
}

// The shapes of one sample's feeds ({ name: Tensor }) as inputShapes
// ({ name: [dims] }): what a profile of the model on such samples binds.
export function shapesOfFeeds(feeds) {
  return Object.fromEntries(Object.entries(feeds).map(([name, tensor]) => [name, [...tensor.dims]]));
}
