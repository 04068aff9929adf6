"""Layer manifest (onnx_manifest.py) + its weights -> a LiteRT (.tflite) model of
the same network with the same float32 weights, for the LiteRT.js peer
(runner_litert.mjs). No TensorFlow here: the file is written directly in the
TFLite FlatBuffer format (schema tensorflow/lite/schema/schema.fbs, identifier
"TFL3"), with the few ops the workloads use:

  conv (group 1)        CONV_2D            filter [O, kh, kw, I] = ONNX [O, I, kh, kw] transposed
  conv (depthwise)      DEPTHWISE_CONV_2D  filter [1, kh, kw, C] = ONNX [C, 1, kh, kw] transposed
  conv pads             SAME when they equal TFLite's SAME pads (stride 1, odd kernel), VALID
                        when zero, else an explicit PAD before a VALID conv (ONNX pads stride-2
                        3x3 convs 1/1; TFLite's SAME would pad 0/1: a different network)
  relu / relu6          the conv's / FC's fused activation
  add                   ADD
  globalAveragePool     AVERAGE_POOL_2D over the whole map (VALID)
  flatten               nothing: FULLY_CONNECTED flattens its input to [batch, in]
  gemm                  FULLY_CONNECTED, weights [out, in]

Activations are NHWC (TFLite's layout): the input is [N, H, W, C] where the ONNX
file's is [N, C, H, W]; runners feed the same image in each layout.
"""

import struct

import numpy as np

# BuiltinOperator codes and BuiltinOptions union indices (schema.fbs).
ADD, AVERAGE_POOL_2D, CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED, PAD = 0, 1, 3, 4, 9, 34
OPT_CONV, OPT_DEPTHWISE, OPT_POOL, OPT_FC, OPT_ADD, OPT_PAD = 1, 2, 5, 8, 11, 22
SAME, VALID = 0, 1
ACTIVATIONS = {'none': 0, 'relu': 1, 'relu6': 3}
FLOAT32, INT32 = 0, 2


# --- A minimal FlatBuffer writer --------------------------------------------
# Objects are written front to back: a table's vtable, then the table, then
# its children, so every uoffset points forward as the format requires.

class Table:
    def __init__(self, fields):
        """fields: {slot: (kind, value)}; kind 'u8' | 'i8' | 'i32' | 'u32' | 'f32' | 'off' (value: an object)."""
        self.fields = fields


class String:
    def __init__(self, text):
        self.data = text.encode()


class ScalarVector:
    def __init__(self, fmt, values, align=4):
        self.fmt, self.values, self.align = fmt, list(values), align


class Bytes:
    """A [ubyte] vector whose data starts 16-byte aligned (schema: force_align 16)."""

    def __init__(self, data):
        self.data = bytes(data)


class OffsetVector:
    def __init__(self, items):
        self.items = list(items)


SCALAR = {'u8': '<B', 'i8': '<b', 'i32': '<i', 'u32': '<I', 'f32': '<f'}


class Writer:
    def __init__(self):
        self.buf = bytearray()

    def align(self, n, extra=0):
        """Pads so that len(buf) + extra is a multiple of n."""
        while (len(self.buf) + extra) % n:
            self.buf.append(0)

    def patch_offset(self, at, target):
        struct.pack_into('<I', self.buf, at, target - at)

    def place(self, obj):
        """Writes obj and its children; returns the position offsets refer to."""
        if isinstance(obj, String):
            self.align(4)
            pos = len(self.buf)
            self.buf += struct.pack('<I', len(obj.data)) + obj.data + b'\0'
            return pos
        if isinstance(obj, Bytes):
            self.align(16, extra=4)
            pos = len(self.buf)
            self.buf += struct.pack('<I', len(obj.data)) + obj.data
            return pos
        if isinstance(obj, ScalarVector):
            self.align(max(4, obj.align), extra=4)
            pos = len(self.buf)
            self.buf += struct.pack('<I', len(obj.values))
            for v in obj.values:
                self.buf += struct.pack(obj.fmt, v)
            return pos
        if isinstance(obj, OffsetVector):
            self.align(4)
            pos = len(self.buf)
            self.buf += struct.pack('<I', len(obj.items))
            slots = []
            for _ in obj.items:
                slots.append(len(self.buf))
                self.buf += b'\0\0\0\0'
            for at, item in zip(slots, obj.items):
                self.patch_offset(at, self.place(item))
            return pos
        return self.place_table(obj)

    def place_table(self, table):
        # Inline layout: soffset (4 bytes), then 4-byte fields, then 1-byte fields.
        slots = sorted(table.fields)
        size = lambda kind: 1 if kind in ('u8', 'i8') else 4
        order = sorted(slots, key=lambda s: -size(table.fields[s][0]))
        field_at, inline = {}, 4
        for s in order:
            field_at[s] = inline
            inline += size(table.fields[s][0])
        inline_size = (inline + 3) // 4 * 4
        num_slots = (max(slots) + 1) if slots else 0
        self.align(2)
        vtable_pos = len(self.buf)
        self.buf += struct.pack('<HH', 4 + 2 * num_slots, inline_size)
        for s in range(num_slots):
            self.buf += struct.pack('<H', field_at.get(s, 0))
        self.align(4)
        table_pos = len(self.buf)
        self.buf += struct.pack('<i', table_pos - vtable_pos)
        self.buf += bytes(inline_size - 4)
        children = []
        for s in order:
            kind, value = table.fields[s]
            at = table_pos + field_at[s]
            if kind == 'off':
                children.append((at, value))
            else:
                struct.pack_into(SCALAR[kind], self.buf, at, value)
        for at, child in children:
            self.patch_offset(at, self.place(child))
        return table_pos

    def finish(self, root, identifier=b'TFL3'):
        self.buf += b'\0\0\0\0' + identifier
        self.patch_offset(0, self.place(root))
        return bytes(self.buf)


# --- The network --------------------------------------------------------------

def nhwc(shape):
    return [shape[0], shape[2], shape[3], shape[1]] if len(shape) == 4 else list(shape)


class ModelBuilder:
    def __init__(self):
        self.buffers = [Table({})]  # buffer 0: the empty buffer of every activation
        self.tensors = []
        self.operators = []
        self.opcodes = []
        self.by_name = {}

    def tensor(self, name, shape, data=None, dtype=FLOAT32):
        buffer = 0
        if data is not None:
            self.buffers.append(Table({0: ('off', Bytes(np.ascontiguousarray(data).tobytes()))}))
            buffer = len(self.buffers) - 1
        self.tensors.append(Table({0: ('off', ScalarVector('<i', shape)), 1: ('i8', dtype), 2: ('u32', buffer),
                                   3: ('off', String(name))}))
        index = len(self.tensors) - 1
        self.by_name[name] = index
        return index

    def op(self, code, inputs, outputs, options_type, options):
        if code not in self.opcodes:
            self.opcodes.append(code)
        self.operators.append(Table({
            0: ('u32', self.opcodes.index(code)), 1: ('off', ScalarVector('<i', inputs)),
            2: ('off', ScalarVector('<i', outputs)), 3: ('u8', options_type), 4: ('off', Table(options)),
        }))

    def serialize(self, inputs, outputs, description):
        opcodes = [Table({0: ('i8', c), 2: ('i32', 1), 3: ('i32', c)}) for c in self.opcodes]
        subgraph = Table({0: ('off', OffsetVector(self.tensors)), 1: ('off', ScalarVector('<i', inputs)),
                          2: ('off', ScalarVector('<i', outputs)), 3: ('off', OffsetVector(self.operators)),
                          4: ('off', String('main'))})
        model = Table({0: ('u32', 3), 1: ('off', OffsetVector(opcodes)), 2: ('off', OffsetVector([subgraph])),
                       3: ('off', String(description)), 4: ('off', OffsetVector(self.buffers))})
        return Writer().finish(model)


def weights_of(blob, entry):
    return np.frombuffer(blob, dtype='<f4', count=entry['byteLength'] // 4,
                         offset=entry['offset']).reshape(entry['shape'])


def conv_padding(layer, in_hw):
    """SAME / VALID when TFLite's padding equals the ONNX pads, else None (an explicit PAD is needed)."""
    top, left, bottom, right = layer['pads']
    if top == left == bottom == right == 0:
        return VALID
    same = []
    for size, k, s in zip(in_hw, layer['kernel'], layer['strides']):
        out = (size + s - 1) // s
        total = max((out - 1) * s + k - size, 0)
        same.append((total // 2, total - total // 2))
    return SAME if [(top, bottom), (left, right)] == same else None


def manifest_to_tflite(manifest, blob):
    """The .tflite bytes of the manifest's network (see the module docstring)."""
    b = ModelBuilder()
    layers = manifest['layers']
    first = layers[0]
    input_shape = first['inShape']
    graph_input = b.tensor(first['input'], nhwc(input_shape))
    for layer in layers:
        op = layer['op']
        if op == 'conv':
            x = b.by_name[layer['input']]
            in_shape = layer['inShape']
            padding = conv_padding(layer, in_shape[2:])
            if padding is None:
                top, left, bottom, right = layer['pads']
                pads = b.tensor(layer['name'] + '/paddings', [4, 2],
                                np.array([[0, 0], [top, bottom], [left, right], [0, 0]], dtype='<i4'), INT32)
                padded_shape = [in_shape[0], in_shape[2] + top + bottom, in_shape[3] + left + right, in_shape[1]]
                padded = b.tensor(layer['name'] + '/padded', padded_shape)
                b.op(PAD, [x, pads], [padded], OPT_PAD, {})
                x, padding = padded, VALID
            w = weights_of(blob, layer['weight'])
            bias = b.tensor(layer['name'] + '/bias', [layer['outChannels']], weights_of(blob, layer['bias']))
            y = b.tensor(layer['output'], nhwc(layer['outShape']))
            sh, sw = layer['strides']
            act = ACTIVATIONS[layer['activation']]
            if layer['dilations'] != [1, 1]:
                raise ValueError(f"conv '{layer['name']}': dilation is not supported here")
            if layer['depthwise']:
                filt = b.tensor(layer['name'] + '/filter', [1, *layer['kernel'], layer['outChannels']],
                                np.ascontiguousarray(w.transpose(1, 2, 3, 0)))
                b.op(DEPTHWISE_CONV_2D, [x, filt, bias], [y], OPT_DEPTHWISE,
                     {0: ('i8', padding), 1: ('i32', sw), 2: ('i32', sh), 3: ('i32', 1), 4: ('i8', act),
                      5: ('i32', 1), 6: ('i32', 1)})
            elif layer['group'] == 1:
                filt = b.tensor(layer['name'] + '/filter', [layer['outChannels'], *layer['kernel'], layer['inChannels']],
                                np.ascontiguousarray(w.transpose(0, 2, 3, 1)))
                b.op(CONV_2D, [x, filt, bias], [y], OPT_CONV,
                     {0: ('i8', padding), 1: ('i32', sw), 2: ('i32', sh), 3: ('i8', act), 4: ('i32', 1), 5: ('i32', 1)})
            else:
                raise ValueError(f"conv '{layer['name']}': grouped (non-depthwise) convs are not supported here")
        elif op == 'add':
            a, c = (b.by_name[name] for name in layer['inputs'])
            y = b.tensor(layer['output'], nhwc(layer['outShape']))
            b.op(ADD, [a, c], [y], OPT_ADD, {0: ('i8', 0)})
        elif op == 'globalAveragePool':
            x = b.by_name[layer['input']]
            shape = b.tensors[x].fields[0][1].values  # NHWC
            y = b.tensor(layer['output'], [shape[0], 1, 1, shape[3]])
            b.op(AVERAGE_POOL_2D, [x], [y], OPT_POOL,
                 {0: ('i8', VALID), 1: ('i32', 1), 2: ('i32', 1), 3: ('i32', shape[2]), 4: ('i32', shape[1]),
                  5: ('i8', 0)})
        elif op == 'flatten':
            b.by_name[layer['output']] = b.by_name[layer['input']]
        elif op == 'gemm':
            x = b.by_name[layer['input']]
            w = weights_of(blob, layer['weight'])
            if not layer['transB']:
                w = w.T
            filt = b.tensor(layer['name'] + '/weights', [layer['outFeatures'], layer['inFeatures']],
                            np.ascontiguousarray(w))
            bias = b.tensor(layer['name'] + '/bias', [layer['outFeatures']], weights_of(blob, layer['bias']))
            y = b.tensor(layer['output'], list(layer['outShape']))
            b.op(FULLY_CONNECTED, [x, filt, bias], [y], OPT_FC, {0: ('i8', ACTIVATIONS[layer['activation']])})
        else:
            raise ValueError(f"layer '{layer['name']}': op '{op}' is not supported by the .tflite writer")
    graph_output = b.by_name[layers[-1]['output']]
    return b.serialize([graph_input], [graph_output], f"nnslim-bench {manifest.get('name', '')}")
