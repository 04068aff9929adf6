// Malformed ONNX files for the bad-input matrix, written by Debian's
// python3-onnx (onnx 1.12) so that the bytes come from ONNX's own protobuf
// code, not from nnslim's writer. onnx.helper builds without checking, which
// lets every case break exactly one rule. Missing python3-onnx fails the test.
import { runChecked } from './node_child.js';

const SCRIPT = String.raw`
import base64, json, sys
import numpy as np
import onnx
from onnx import TensorProto, helper as h, defs

OPSET = 13
cases = {}

def emit(name, proto):
    cases[name] = base64.b64encode(proto.SerializeToString()).decode()

def model(nodes, inputs, outputs, inits=(), opset=OPSET, ir=8):
    graph = h.make_graph(nodes, 'bad', inputs, outputs, initializer=list(inits))
    m = h.make_model(graph, opset_imports=[h.make_opsetid('', opset)])
    m.ir_version = ir
    return m

f32 = lambda name, dims: h.make_tensor_value_info(name, TensorProto.FLOAT, dims)
relu = lambda: model([h.make_node('Relu', ['x'], ['y'], name='act')], [f32('x', [1, 4])], [f32('y', [1, 4])])

# -- not a model / header ------------------------------------------------------
emit('tensor_not_model', h.make_tensor('t', TensorProto.FLOAT, [2], [1.0, 2.0]))
emit('graph_not_model', h.make_graph([h.make_node('Relu', ['x'], ['y'])], 'g', [f32('x', [1])], [f32('y', [1])]))
m = relu(); m.ir_version = 0; emit('ir_version_zero', m)
m = relu(); m.ir_version = 99; emit('ir_version_future', m)
m = relu(); m.opset_import[0].version = 0; emit('opset_zero', m)
m = relu(); m.opset_import[0].version = 999; emit('opset_future', m)
m = relu(); m.ClearField('graph'); emit('missing_graph', m)

# -- tensors -------------------------------------------------------------------
def with_weight(tensor):
    node = h.make_node('Add', ['x', tensor.name], ['y'], name='add_w')
    return model([node], [f32('x', [1, 4])], [f32('y', [1, 4])], [tensor])

def raw(name, dims, nbytes, dtype=TensorProto.FLOAT):
    t = TensorProto(); t.name = name; t.data_type = dtype; t.dims.extend(dims); t.raw_data = b'\0' * nbytes
    return t

emit('dims_overflow_32', with_weight(raw('w', [65536, 65536], 16)))
emit('dims_overflow_64', with_weight(raw('w', [1 << 32, 1 << 32, 16], 16)))
emit('dims_negative', with_weight(raw('w', [-1, 4], 16)))
emit('tensor_2_pow_33', with_weight(raw('w', [1 << 33], 16)))
emit('raw_data_short', with_weight(raw('w', [4], 12)))
emit('raw_data_long', with_weight(raw('w', [4], 20)))
t = TensorProto(); t.name = 'w'; t.data_type = TensorProto.FLOAT; t.dims.extend([4]); t.int64_data.extend([1, 2, 3, 4])
emit('typed_data_wrong_type', with_weight(t))
t = TensorProto(); t.name = 'w'; t.data_type = TensorProto.FLOAT; t.dims.extend([4]); t.float_data.extend([1, 2, 3])
emit('typed_data_wrong_count', with_weight(t))
m = model([h.make_node('Relu', ['x'], ['y'], name='act')], [f32('x', [1, 1 << 33])], [f32('y', [1, 1 << 33])])
emit('input_2_pow_33', m)
t = TensorProto(); t.name = 'w'; t.data_type = TensorProto.FLOAT; t.dims.extend([4])
t.data_location = TensorProto.EXTERNAL
for key, value in (('location', 'weights.bin'), ('offset', '0'), ('length', '16')):
    entry = t.external_data.add(); entry.key = key; entry.value = value
emit('external_data', with_weight(t))

# -- graph structure -----------------------------------------------------------
emit('cycle', model([h.make_node('Relu', ['x2'], ['x1'], name='first'), h.make_node('Relu', ['x1'], ['x2'], name='second'),
                     h.make_node('Add', ['x', 'x2'], ['y'], name='join')], [f32('x', [1, 4])], [f32('y', [1, 4])]))
emit('unproduced_value', model([h.make_node('Add', ['x', 'ghost'], ['y'], name='reads_ghost')],
                               [f32('x', [1, 4])], [f32('y', [1, 4])]))
emit('duplicate_inputs', model([h.make_node('Relu', ['x'], ['y'], name='act')], [f32('x', [1, 4]), f32('x', [1, 4])],
                               [f32('y', [1, 4])]))
emit('two_writers', model([h.make_node('Relu', ['x'], ['y'], name='writer_a'), h.make_node('Neg', ['x'], ['y'], name='writer_b')],
                          [f32('x', [1, 4])], [f32('y', [1, 4])]))
emit('node_writes_input', model([h.make_node('Neg', ['x'], ['t'], name='neg'), h.make_node('Relu', ['t'], ['x'], name='overwrites_x'),
                                 h.make_node('Add', ['x', 't'], ['y'], name='join')], [f32('x', [1, 4])], [f32('y', [1, 4])]))
emit('dtype_mismatch', with_weight(h.make_tensor('w', TensorProto.INT64, [4], [1, 2, 3, 4])))

# -- attributes, for every op of the table with a schema at OPSET --------------
# Each node gets inputs its op accepts (float [1, 2, 4, 4] graph inputs unless
# INPUTS says otherwise: (name, dtype, dims, constant values or None)), so the
# bad attribute is the first thing wrong with it.
F, I8, I64 = TensorProto.FLOAT, TensorProto.INT8, TensorProto.INT64
INPUTS = {
    'BatchNormalization': [('x', F, [1, 2, 4, 4], None)] + [(n, F, [2], [1.0, 1.0]) for n in ('s', 'b', 'm', 'v')],
    'InstanceNormalization': [('x', F, [1, 2, 4, 4], None), ('s', F, [2], [1.0, 1.0]), ('b', F, [2], [0.0, 0.0])],
    'ConvTranspose': [('x', F, [1, 2, 4, 4], None), ('w', F, [2, 1, 3, 3], [0.5] * 18)],
    'Gemm': [('a', F, [2, 3], None), ('b', F, [3, 4], [0.5] * 12)],
    'Gather': [('x', F, [1, 2, 4, 4], None), ('i', I64, [2], [0, 1])],
    'DequantizeLinear': [('x', I8, [1, 2, 4, 4], None), ('s', F, [], [0.5])],
    'QuantizeLinear': [('x', F, [1, 2, 4, 4], None), ('s', F, [], [0.5])],
    'Resize': [('x', F, [1, 2, 4, 4], None), ('roi', F, [0], []), ('scales', F, [4], [1.0, 1.0, 2.0, 2.0])],
    'Constant': [],
}
REQUIRED_VALUES = {'kernel_shape': [2, 2], 'to': TensorProto.FLOAT, 'blocksize': 2, 'axis': 1}

def op_model(op, attrs, schema):
    spec = INPUTS.get(op, [('in%d' % i, F, [1, 2, 4, 4], None) for i in range(max(schema.min_input, 1))])
    node = h.make_node(op, [n for n, _, _, _ in spec], ['out'], name='victim')
    node.attribute.extend(attrs)
    inputs = [h.make_tensor_value_info(n, t, d) for n, t, d, v in spec if v is None]
    inits = [h.make_tensor(n, t, d, v) for n, t, d, v in spec if v is not None]
    return model([node], inputs, [f32('out', None)], inits)

def required_except(schema, skipped):
    return [h.make_attribute(n, REQUIRED_VALUES[n]) for n, a in sorted(schema.attributes.items())
            if a.required and n != skipped and n in REQUIRED_VALUES]

WRONG = {  # an attribute of another type than the schema's
    defs.OpSchema.AttrType.INT: lambda n: h.make_attribute(n, 'text'),
    defs.OpSchema.AttrType.FLOAT: lambda n: h.make_attribute(n, 'text'),
    defs.OpSchema.AttrType.STRING: lambda n: h.make_attribute(n, [1, 2]),
    defs.OpSchema.AttrType.INTS: lambda n: h.make_attribute(n, 'text'),
    defs.OpSchema.AttrType.FLOATS: lambda n: h.make_attribute(n, 'text'),
}
meta = {}
for op in json.loads(sys.argv[1]):
    try:
        schema = defs.get_schema(op, OPSET)
    except Exception:
        continue
    for name, attr in sorted(schema.attributes.items()):
        if attr.required:
            emit('missing_attr/%s/%s' % (op, name), op_model(op, required_except(schema, name), schema))
            meta['missing_attr/%s/%s' % (op, name)] = name
    for name, attr in sorted(schema.attributes.items()):
        if attr.type in WRONG:
            attrs = required_except(schema, name) + [WRONG[attr.type](name)]
            emit('wrong_attr_type/%s/%s' % (op, name), op_model(op, attrs, schema))
            meta['wrong_attr_type/%s/%s' % (op, name)] = name
            break

# -- IEEE specials through run(): numpy float32 is the oracle ------------------
specials = np.array([[np.nan, np.inf, -np.inf, 0.0, -0.0, 1.5, -2.0, 3e38]], dtype=np.float32)
divisor = np.array([[1.0, np.inf, 0.0, 0.0, 2.0, -np.inf, np.nan, 0.5]], dtype=np.float32)
weights = np.array([[1, -1], [1, 1], [1, 0.5], [2, -3], [1, 1], [0, 1], [1, 1], [1, -1]], dtype=np.float32)
with np.errstate(all='ignore'):
    expected = {
        'sum': specials + specials, 'product': specials * divisor, 'quotient': specials / divisor,
        'exp': np.exp(specials), 'tanh': np.tanh(specials), 'sigmoid': 1 / (1 + np.exp(-specials)),
        'sqrt': np.sqrt(specials), 'abs': np.abs(specials), 'neg': -specials,
        'matmul': (specials[:, :, None] * weights[None]).sum(axis=1, dtype=np.float32),
        'matmul_finite': specials[:, 3:7] @ weights[3:7],
        'relu': np.maximum(specials, np.float32(0)), 'clip': np.clip(specials, np.float32(0), np.float32(6)),
        'hard_sigmoid': np.clip(np.float32(0.2) * specials + np.float32(0.5), np.float32(0), np.float32(1)),
        'maximum': np.maximum(specials, divisor), 'minimum': np.minimum(specials, divisor),
        'reduce_max': np.max(specials, axis=1, keepdims=True), 'reduce_min': np.min(specials, axis=1, keepdims=True),
    }
const = lambda name, array: h.make_tensor(name, TensorProto.FLOAT, array.shape, array.ravel().tolist())
nodes = [h.make_node('Add', ['x', 'x'], ['sum']), h.make_node('Mul', ['x', 'd'], ['product']),
         h.make_node('Div', ['x', 'd'], ['quotient']), h.make_node('Exp', ['x'], ['exp']),
         h.make_node('Tanh', ['x'], ['tanh']), h.make_node('Sigmoid', ['x'], ['sigmoid']),
         h.make_node('Sqrt', ['x'], ['sqrt']), h.make_node('Abs', ['x'], ['abs']), h.make_node('Neg', ['x'], ['neg']),
         h.make_node('MatMul', ['x', 'w'], ['matmul']),
         h.make_node('Slice', ['x', 'starts', 'ends', 'axes'], ['x_finite']),
         h.make_node('MatMul', ['x_finite', 'w_finite'], ['matmul_finite']),
         h.make_node('Relu', ['x'], ['relu']), h.make_node('Clip', ['x', 'zero', 'six'], ['clip']),
         h.make_node('HardSigmoid', ['x'], ['hard_sigmoid']),
         h.make_node('Max', ['x', 'd'], ['maximum']), h.make_node('Min', ['x', 'd'], ['minimum']),
         h.make_node('ReduceMax', ['x'], ['reduce_max'], axes=[1]), h.make_node('ReduceMin', ['x'], ['reduce_min'], axes=[1])]
ints = lambda name, values: h.make_tensor(name, TensorProto.INT64, [len(values)], values)
ieee = model(nodes, [f32('x', [1, 8])], [f32(name, list(value.shape)) for name, value in expected.items()],
             [const('d', divisor), const('w', weights), const('w_finite', weights[3:7]),
              const('zero', np.array(0, dtype=np.float32)), const('six', np.array(6, dtype=np.float32)),
              ints('starts', [3]), ints('ends', [7]), ints('axes', [1])])
b64 = lambda array: base64.b64encode(np.ascontiguousarray(array, dtype=np.float32).tobytes()).decode()
print(json.dumps({'cases': cases, 'attribute': meta, 'ieee': {
    'model': base64.b64encode(ieee.SerializeToString()).decode(), 'input': b64(specials),
    'outputs': {name: b64(value) for name, value in expected.items()}}}))
`;

// {cases: {name: Uint8Array}, attribute: {caseName: attributeName}, ieee:
// {model, input, outputs}}; the attribute cases cover `ops` (supportedOps())
// that ONNX defines at opset 13; ieee is a model fed NaN/Inf and numpy's outputs.
export function badOnnxModels(ops) {
  const out = JSON.parse(runChecked('/usr/bin/python3', ['-c', SCRIPT, JSON.stringify(ops)],
    { maxBuffer: 1 << 26, label: 'python3: the bad ONNX models' }));
  const cases = Object.fromEntries(Object.entries(out.cases)
    .map(([name, base64]) => [name, new Uint8Array(Buffer.from(base64, 'base64'))]));
  const floats = (base64) => new Float32Array(new Uint8Array(Buffer.from(base64, 'base64')).buffer);
  const ieee = {
    model: new Uint8Array(Buffer.from(out.ieee.model, 'base64')),
    input: floats(out.ieee.input),
    outputs: Object.fromEntries(Object.entries(out.ieee.outputs).map(([name, base64]) => [name, floats(base64)])),
  };
  return { cases, attribute: out.attribute, ieee };
}
