# An independent oracle for the int8 layers of a QDQ ONNX file: for every
# QuantizeLinear output a runtime reported, the float ops between it and the
# DequantizeLinear nodes it reads are recomputed in float64 numpy from that
# runtime's own int8 inputs (ONNX's definitions: x^ = (q - z) * s, then the
# float ops, then q = saturate(round_half_to_even(y / s) + z)) and compared
# with the runtime's int8 output. A runtime that implements the file is
# within one step of this on every element (a sum that lands within float
# round-off of a .5 tie may round either way); a wrong scale, zero point,
# rounding or fused activation shows as many elements off, or off by more.
#
# usage: qdq_layer_oracle.py MODEL.onnx DUMP_DIR RUNTIME...
# DUMP_DIR/index.json: {value name: {file, type, dims}}; DUMP_DIR/RUNTIME/FILE
# the raw little-endian values (NCHW, as the graph defines them). Prints JSON
# {layers: [{name, ops, elements, RUNTIME: [elements off, max |off|]}],
#  skipped: [[name, why]]}.
import json, sys

import numpy as np
import onnx
from onnx import numpy_helper

model = onnx.load(sys.argv[1])
dump, runtimes = sys.argv[2], sys.argv[3:]
index = json.load(open(dump + '/index.json'))
consts = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
for node in model.graph.node:
    if node.op_type == 'Constant':
        consts[node.output[0]] = numpy_helper.to_array(node.attribute[0].t)
producer = {o: n for n in model.graph.node for o in n.output}
DTYPES = {'int8': np.int8, 'uint8': np.uint8, 'float32': np.float32}


class Skip(Exception):
    pass


def attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def reported(runtime, name):
    entry = index[name]
    return np.fromfile(f'{dump}/{runtime}/{entry["file"]}', dtype=DTYPES[entry['type']]).reshape(entry['dims'])


def windows(x, kh, kw, strides, dilations, oh, ow):
    for i in range(kh):
        for j in range(kw):
            yield i, j, x[:, :, i * dilations[0]: i * dilations[0] + strides[0] * (oh - 1) + 1: strides[0],
                          j * dilations[1]: j * dilations[1] + strides[1] * (ow - 1) + 1: strides[1]]


def conv(x, w, b, a):
    if x.ndim != 4 or a.get('auto_pad', b'NOTSET') not in (b'NOTSET', 'NOTSET'):
        raise Skip('Conv other than 2-D with explicit pads')
    group, strides = a.get('group', 1), a.get('strides', [1, 1])
    pads, dilations = a.get('pads', [0, 0, 0, 0]), a.get('dilations', [1, 1])
    x = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
    m, cg, kh, kw = w.shape
    oh = (x.shape[2] - dilations[0] * (kh - 1) - 1) // strides[0] + 1
    ow = (x.shape[3] - dilations[1] * (kw - 1) - 1) // strides[1] + 1
    out = np.zeros((x.shape[0], m, oh, ow))
    mg = m // group
    for g in range(group):
        for i, j, patch in windows(x[:, g * cg:(g + 1) * cg], kh, kw, strides, dilations, oh, ow):
            out[:, g * mg:(g + 1) * mg] += np.einsum('nchw,mc->nmhw', patch, w[g * mg:(g + 1) * mg, :, i, j])
    return out if b is None else out + b.reshape(1, -1, 1, 1)


def max_pool(x, a):
    k = a['kernel_shape']
    strides, pads = a.get('strides', k), a.get('pads', [0, 0, 0, 0])
    x = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])), constant_values=-np.inf)
    oh, ow = (x.shape[2] - k[0]) // strides[0] + 1, (x.shape[3] - k[1]) // strides[1] + 1
    out = np.full(x.shape[:2] + (oh, ow), -np.inf)
    for _, _, patch in windows(x, k[0], k[1], strides, [1, 1], oh, ow):
        out = np.maximum(out, patch)
    return out


def resize_linear(x, sizes, a):
    # Bilinear over the last two axes, half_pixel (what tf2onnx writes for
    # UpSampling2D(interpolation='bilinear')): source = (o + 0.5) / scale - 0.5.
    mode, transform = a.get('mode', b'nearest'), a.get('coordinate_transformation_mode', b'half_pixel')
    if mode not in (b'linear', 'linear') or transform not in (b'half_pixel', 'half_pixel') or sizes is None:
        raise Skip('Resize other than linear half_pixel with sizes')
    sizes = [int(v) for v in sizes]
    if sizes[:-2] != list(x.shape[:-2]):
        raise Skip('Resize of other than the last two axes')
    for axis in (x.ndim - 2, x.ndim - 1):
        length, out = x.shape[axis], sizes[axis]
        src = np.clip((np.arange(out) + 0.5) * (length / out) - 0.5, 0, length - 1)
        lo = np.floor(src).astype(int)
        hi = np.minimum(lo + 1, length - 1)
        frac = (src - lo).reshape([-1 if d == axis else 1 for d in range(x.ndim)])
        x = np.take(x, lo, axis=axis) * (1 - frac) + np.take(x, hi, axis=axis) * frac
    return x


def dequantize(node, runtime):
    x = consts[node.input[0]] if node.input[0] in consts else reported(runtime, node.input[0])
    scale = consts[node.input[1]].astype(np.float64)
    zero = consts[node.input[2]].astype(np.float64) if len(node.input) > 2 and node.input[2] else np.zeros_like(scale)
    if scale.ndim == 1 and x.ndim > 1:  # per axis
        shape = [1] * x.ndim
        shape[attrs(node).get('axis', 1) % x.ndim] = -1
        scale, zero = scale.reshape(shape), zero.reshape(shape)
    return (x.astype(np.float64) - zero) * scale


def value(name, runtime):
    if name in consts:
        c = consts[name]
        return c.astype(np.float64) if c.dtype.kind == 'f' else c
    if name not in producer:
        raise Skip('reads a graph input')
    node = producer[name]
    op, a = node.op_type, attrs(node)
    if op == 'DequantizeLinear':
        return dequantize(node, runtime)
    x = [value(i, runtime) if i else None for i in node.input]
    opt = lambda k: x[k] if len(x) > k and x[k] is not None else None
    if op == 'Conv':
        return conv(x[0], x[1], opt(2), a)
    if op == 'Relu':
        return np.maximum(x[0], 0)
    if op == 'Clip':
        lo, hi = opt(1), opt(2)
        return np.clip(x[0], -np.inf if lo is None else lo, np.inf if hi is None else hi)
    if op in ('Add', 'Mul'):
        return x[0] + x[1] if op == 'Add' else x[0] * x[1]
    if op == 'Sigmoid':
        return 1 / (1 + np.exp(-x[0]))
    if op == 'Transpose':
        return np.transpose(x[0], a['perm'])
    if op == 'Reshape':
        dims = [x[0].shape[i] if int(d) == 0 else int(d) for i, d in enumerate(x[1])]
        return x[0].reshape(dims)
    if op == 'Concat':
        return np.concatenate(x, axis=a['axis'])
    if op == 'MaxPool':
        return max_pool(x[0], a)
    if op == 'Sub':
        return x[0] - x[1]
    if op == 'Equal':
        return (x[0] == x[1]).astype(np.float64)
    if op == 'Cast':
        return x[0].astype(np.float64)
    if op == 'Shape':
        return np.array(x[0].shape, dtype=np.int64)
    if op == 'Slice':
        starts, ends = [int(v) for v in x[1]], [int(v) for v in x[2]]
        axes = [int(v) for v in opt(3)] if opt(3) is not None else list(range(len(starts)))
        steps = [int(v) for v in opt(4)] if opt(4) is not None else [1] * len(starts)
        index = [slice(None)] * x[0].ndim
        for axis, start, end, step in zip(axes, starts, ends, steps):
            index[axis] = slice(start, end, step)
        return x[0][tuple(index)]
    if op == 'Split':
        axis = a.get('axis', 0)
        sizes = [int(v) for v in opt(1)] if opt(1) is not None else a.get('split')
        edges = np.cumsum([0] + list(sizes))
        k = list(node.output).index(name)
        return np.take(x[0], range(edges[k], edges[k + 1]), axis=axis)
    if op == 'Resize':
        return resize_linear(x[0], opt(3), a)
    if op == 'Pad' and a.get('mode', b'constant') in (b'constant', 'constant'):
        pads = [int(p) for p in x[1]]
        r = len(pads) // 2
        fill = opt(2)
        return np.pad(x[0], [(pads[i], pads[i + r]) for i in range(r)], constant_values=0 if fill is None else fill)
    raise Skip(op)


def quantize(y, node):
    scale = np.float64(consts[node.input[1]].astype(np.float32))
    zero = int(consts[node.input[2]]) if len(node.input) > 2 and node.input[2] else 0
    lo, hi = (-128, 127) if len(node.input) > 2 and consts[node.input[2]].dtype == np.int8 else (0, 255)
    return np.clip(np.rint(y / scale) + zero, lo, hi)


def ops_between(name, out):
    if name in consts or name not in producer or producer[name].op_type == 'DequantizeLinear':
        return out
    node = producer[name]
    for i in node.input:
        if i:
            ops_between(i, out)
    out.append(node.op_type)
    return out


layers, skipped = [], []
for node in model.graph.node:
    if node.op_type != 'QuantizeLinear' or node.output[0] not in index:
        continue
    try:
        row = {'name': node.output[0], 'ops': ops_between(node.input[0], [])}
        for runtime in runtimes:
            off = np.abs(quantize(value(node.input[0], runtime), node) - reported(runtime, node.output[0]))
            row['elements'] = int(off.size)
            row[runtime] = [int((off > 0).sum()), int(off.max())]
        layers.append(row)
    except Skip as why:
        skipped.append([node.output[0], str(why)])
print(json.dumps({'layers': layers, 'skipped': skipped}))
