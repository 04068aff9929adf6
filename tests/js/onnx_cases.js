// ONNX backend test cases (Debian's libonnx-testdata) as plain JS data,
// shared by the Node and browser run() tests. Missing data fails the test.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { runChecked } from './node_child.js';

export const DATA = '/usr/share/libonnx-testdata/data';

// The folder of one case, e.g. onnxCase('pytorch-converted/test_Conv2d'); fails when it is missing.
export function onnxCase(relative) {
  const dir = `${DATA}/${relative}`;
  assert.ok(existsSync(dir), `test data ${dir} is missing: install Debian's libonnx-testdata `
    + '(`bash scripts/setup.sh` does; `bash scripts/test.sh` runs it)');
  return dir;
}

// Reads test_data_set_N's tensors with python onnx: [{dims, data}] per file.
export function readCase(dir, dataSet = 0) {
  assert.ok(existsSync(`${dir}/test_data_set_${dataSet}`), `test data ${dir}/test_data_set_${dataSet} is missing`);
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
  return JSON.parse(runChecked('/usr/bin/python3', ['-c', script, dir, String(dataSet)], { maxBuffer: 1 << 26, label: `python3: the ONNX case ${dir}` }));
}

