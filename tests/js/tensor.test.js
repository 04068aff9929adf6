import assert from 'node:assert/strict';
import { test } from 'node:test';

import { NnslimError } from '../../web/errors.js';
import { Tensor } from '../../web/tensor.js';

test('Tensor keeps type, data and dims like onnxruntime-web', () => {
  const data = new Float32Array(6);
  const tensor = new Tensor('float32', data, [2, 3]);
  assert.equal(tensor.type, 'float32');
  assert.equal(tensor.data, data, 'kept, not copied');
  assert.deepEqual(tensor.dims, [2, 3]);
  assert.equal(tensor.size, 6);
});

test('Tensor infers the type from a typed array and dims from its length', () => {
  const tensor = new Tensor(new Int32Array([1, 2, 3]));
  assert.equal(tensor.type, 'int32');
  assert.deepEqual(tensor.dims, [3]);
});

test('Tensor converts plain arrays (BigInt for int64)', () => {
  assert.deepEqual(new Tensor('float32', [1, 2], [2]).data, new Float32Array([1, 2]));
  assert.deepEqual(new Tensor('int64', [1, 2], [1, 2]).data, new BigInt64Array([1n, 2n]));
});

test('Tensor rejects mismatched types, sizes and dims with NnslimError INVALID_ARGUMENT', () => {
  const invalid = (message) => (error) => error instanceof NnslimError && error.code === 'INVALID_ARGUMENT' && message.test(error.message);
  assert.throws(() => new Tensor('float32', new Int32Array(2), [2]), invalid(/needs a Float32Array/));
  assert.throws(() => new Tensor('float32', new Float32Array(5), [2, 3]), invalid(/hold 6 elements but data has 5/));
  assert.throws(() => new Tensor('float32', new Float32Array(2), [2, -1]), invalid(/non-negative integers/));
  assert.throws(() => new Tensor('float32', new Float32Array(2), 2), invalid(/dims must be an array/));
  assert.throws(() => new Tensor('complex64', new Float32Array(2), [2]), invalid(/unsupported type 'complex64'/));
  assert.throws(() => new Tensor('int64', [1.5], [1]), invalid(/'int64' tensor needs integers/));
  assert.throws(() => new Tensor({ length: 2 }), invalid(/must be a typed array/));
});
