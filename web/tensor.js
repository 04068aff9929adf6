// Tensor: a typed array plus a type and dims, shaped like onnxruntime-web's
// Tensor so code moves between the two: new Tensor('float32', data, [1, 3]).
// A bad type, data or dims throws NnslimError with code 'INVALID_ARGUMENT'.

import { NnslimError } from './errors.js';

const invalidArgument = (message) => new NnslimError(message, { code: 'INVALID_ARGUMENT' });

const ARRAY_TYPES = {
  float32: Float32Array,
  float64: Float64Array,
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  int64: BigInt64Array,
  uint64: BigUint64Array,
  bool: Uint8Array,
};

function typeOfArray(data) {
  for (const [type, ArrayType] of Object.entries(ARRAY_TYPES)) {
    if (type !== 'bool' && data instanceof ArrayType) return type;
  }
  throw invalidArgument('Tensor: data must be a typed array (Float32Array, Int32Array, ...) or an array of numbers');
}

function checkDims(dims) {
  if (!Array.isArray(dims)) throw invalidArgument('Tensor: dims must be an array of non-negative integers');
  for (const dim of dims) {
    if (!Number.isSafeInteger(dim) || dim < 0) {
      throw invalidArgument(`Tensor: dims must be non-negative integers, got [${dims.join(', ')}]`);
    }
  }
  return Object.freeze([...dims]);
}

// A plain array as the type's typed array; 64-bit types need integers
// (BigInt() rejects 1.5 and 'x' with a RangeError / SyntaxError of its own).
function fromArray(ArrayType, type, values) {
  if (type !== 'int64' && type !== 'uint64') return ArrayType.from(values);
  try {
    return ArrayType.from(values, BigInt);
  } catch (error) {
    throw new NnslimError(`Tensor: a '${type}' tensor needs integers, got ${error.message}`, { code: 'INVALID_ARGUMENT', cause: error });
  }
}

export class Tensor {
  // new Tensor(type, data, dims?) or new Tensor(typedArray, dims?).
  // `data` is kept, not copied (like onnxruntime-web); a plain array is
  // converted to the type's typed array. dims default to [data.length].
  constructor(typeOrData, dataOrDims, maybeDims) {
    let type;
    let data;
    let dims;
    if (typeof typeOrData === 'string') {
      [type, data, dims] = [typeOrData, dataOrDims, maybeDims];
      const ArrayType = ARRAY_TYPES[type];
      if (!ArrayType) {
        throw invalidArgument(`Tensor: unsupported type '${type}' (supported: ${Object.keys(ARRAY_TYPES).join(', ')})`);
      }
      if (Array.isArray(data)) {
        data = fromArray(ArrayType, type, data);
      } else if (!(data instanceof ArrayType)) {
        throw invalidArgument(`Tensor: a '${type}' tensor needs a ${ArrayType.name}, got ${data?.constructor?.name ?? typeof data}`);
      }
    } else {
      [data, dims] = [typeOrData, dataOrDims];
      type = typeOfArray(data);
    }
    this.type = type;
    this.data = data;
    this.dims = checkDims(dims ?? [data.length]);
    this.size = this.dims.reduce((product, dim) => product * dim, 1);
    if (this.size !== data.length) {
      throw invalidArgument(`Tensor: dims [${this.dims.join(', ')}] hold ${this.size} elements but data has ${data.length}`);
    }
  }
}
