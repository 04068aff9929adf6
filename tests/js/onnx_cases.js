// ONNX backend test cases (Debian's libonnx-testdata) as plain JS data, and
// ONNX's comparison rule, shared by the Node and browser run() tests.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

export const DATA = '/usr/share/libonnx-testdata/data';

// Reads test_data_set_N's tensors with python onnx: [{dims, data}] per file.
export function readCase(dir, dataSet = 0) {
  const script = `
import glob, json, sys
from onnx import TensorProto, numpy_helper
def load(path):
    t = TensorProto(); t.ParseFromString(open(path, 'rb').read())
    a = numpy_helper.to_array(t)
    return {'dims': list(a.shape), 'data': a.astype('float64').ravel().tolist()}
d = sys.argv[1] + '/test_data_set_' + sys.argv[2] + '/'
print(json.dumps({'inputs': [load(p) for p in sorted(glob.glob(d + 'input_*.pb'))],
                  'outputs': [load(p) for p in sorted(glob.glob(d + 'output_*.pb'))]}))
`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, dir, String(dataSet)], { encoding: 'utf8', maxBuffer: 1 << 26 }));
}

// ONNX backend-test tolerance: |actual - expected| <= atol + rtol * |expected|.
export function assertClose(actual, expected, rtol = 1e-3, atol = 1e-7) {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; ++i) {
    const bound = atol + rtol * Math.abs(expected[i]);
    if (Math.abs(actual[i] - expected[i]) > bound) {
      assert.fail(`element ${i}: ${actual[i]} vs expected ${expected[i]} (bound ${bound})`);
    }
  }
}

