"""ONNX graph -> layer manifest + weights blob, for runtimes that build the network
themselves (the TF.js runner calls tf.fused.* per layer).

The manifest is read off the ONNX file itself, so whichever script built the graph,
the TF.js network gets exactly the ONNX weights. Supported: the ops the workloads
use (Conv, Gemm, Relu, Clip, Add, GlobalAveragePool, Flatten); a Relu or Clip is
fused into the Conv/Gemm that produces its input when that is its only consumer,
as converters and XNNPACK do. Anything else raises ValueError naming the node.

Manifest layers (values are named by their ONNX value names):
  conv    input, output, inShape, outShape (NCHW), inChannels, outChannels, group,
          depthwise, kernel [kh, kw], strides [sh, sw], pads [top, left, bottom, right]
          (ONNX order), dilations, activation 'none'|'relu'|'relu6',
          weight {offset, byteLength, shape [O, I/group, kh, kw]}, bias {...}
  gemm    input, output, inFeatures, outFeatures, transB, activation, weight, bias
  add     inputs [a, b], output (the residual wiring)
  globalAveragePool, flatten (axis)
Offsets are bytes into the .bin (little-endian float32, 64-byte aligned).
"""

import numpy as np
import onnx
from onnx import numpy_helper, shape_inference

ALIGN = 64


class WeightBlob:
    def __init__(self):
        self.chunks = []
        self.size = 0

    def add(self, array):
        array = np.ascontiguousarray(array, dtype='<f4')
        padding = (-self.size) % ALIGN
        if padding:
            self.chunks.append(b'\0' * padding)
            self.size += padding
        entry = {'offset': self.size, 'byteLength': array.nbytes, 'shape': list(array.shape)}
        self.chunks.append(array.tobytes())
        self.size += array.nbytes
        return entry

    def bytes(self):
        return b''.join(self.chunks)


def static_shape(value_info):
    dims = value_info.type.tensor_type.shape.dim
    if not all(d.HasField('dim_value') for d in dims):
        raise ValueError(f"value '{value_info.name}' has no static shape")
    return [d.dim_value for d in dims]


def attribute_map(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def scalar_initializer(initializers, name, node):
    if name not in initializers or initializers[name].size != 1:
        raise ValueError(f"node '{node.name or node.op_type}': input '{name}' must be a scalar initializer")
    return float(initializers[name].reshape(()))


def activation_of(node, initializers):
    """'relu' or 'relu6' for Relu / Clip(0, 6); None for any other op."""
    if node.op_type == 'Relu':
        return 'relu'
    if node.op_type == 'Clip':
        if len(node.input) != 3:
            raise ValueError(f"Clip '{node.name}': expected min and max inputs (opset >= 11)")
        low = scalar_initializer(initializers, node.input[1], node)
        high = scalar_initializer(initializers, node.input[2], node)
        if (low, high) != (0.0, 6.0):
            raise ValueError(f"Clip '{node.name}': only Clip(0, 6) is supported, got Clip({low}, {high})")
        return 'relu6'
    return None


def build_manifest(model):
    """Returns (manifest dict without file names, weights bytes)."""
    model = shape_inference.infer_shapes(model, strict_mode=True)
    graph = model.graph
    initializers = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    shapes = {v.name: static_shape(v) for v in list(graph.input) + list(graph.value_info) + list(graph.output)}
    consumers = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)

    blob = WeightBlob()
    layers = []
    fused = set()  # ids of activation nodes folded into their producer
    for node in graph.node:
        if id(node) in fused:
            continue
        label = node.name or f'{node.op_type}->{node.output[0]}'
        output = node.output[0]
        activation = 'none'
        if node.op_type in ('Conv', 'Gemm'):
            users = consumers.get(output, [])
            if len(users) == 1 and activation_of(users[0], initializers):
                activation = activation_of(users[0], initializers)
                fused.add(id(users[0]))
                output = users[0].output[0]

        attrs = attribute_map(node)
        if node.op_type == 'Conv':
            weight = initializers[node.input[1]]
            bias = initializers[node.input[2]] if len(node.input) > 2 else np.zeros(weight.shape[0], np.float32)
            in_shape = shapes[node.input[0]]
            group = attrs.get('group', 1)
            if attrs.get('auto_pad', b'NOTSET') not in (b'NOTSET', 'NOTSET'):
                raise ValueError(f"Conv '{label}': auto_pad is not supported here; write explicit pads")
            layers.append({
                'op': 'conv', 'name': label, 'input': node.input[0], 'output': output,
                'inShape': in_shape, 'outShape': shapes[output],
                'inChannels': in_shape[1], 'outChannels': weight.shape[0], 'group': group,
                'depthwise': group == in_shape[1] and group == weight.shape[0] and weight.shape[1] == 1,
                'kernel': list(weight.shape[2:]), 'strides': attrs.get('strides', [1, 1]),
                'pads': attrs.get('pads', [0, 0, 0, 0]), 'dilations': attrs.get('dilations', [1, 1]),
                'activation': activation, 'weight': blob.add(weight), 'bias': blob.add(bias),
            })
        elif node.op_type == 'Gemm':
            if attrs.get('transA', 0) or attrs.get('alpha', 1.0) != 1.0 or attrs.get('beta', 1.0) != 1.0:
                raise ValueError(f"Gemm '{label}': only transA=0, alpha=beta=1 is supported")
            weight = initializers[node.input[1]]
            trans_b = attrs.get('transB', 0)
            layers.append({
                'op': 'gemm', 'name': label, 'input': node.input[0], 'output': output,
                'inShape': shapes[node.input[0]], 'outShape': shapes[output],
                'inFeatures': weight.shape[1] if trans_b else weight.shape[0],
                'outFeatures': weight.shape[0] if trans_b else weight.shape[1],
                'transB': trans_b, 'activation': activation,
                'weight': blob.add(weight), 'bias': blob.add(initializers[node.input[2]]),
            })
        elif node.op_type == 'Add':
            if any(name in initializers for name in node.input):
                raise ValueError(f"Add '{label}': only the residual Add of two activations is supported")
            layers.append({'op': 'add', 'name': label, 'inputs': list(node.input), 'output': output,
                           'outShape': shapes[output]})
        elif node.op_type == 'GlobalAveragePool':
            layers.append({'op': 'globalAveragePool', 'name': label, 'input': node.input[0], 'output': output,
                           'outShape': shapes[output]})
        elif node.op_type == 'Flatten':
            layers.append({'op': 'flatten', 'name': label, 'input': node.input[0], 'output': output,
                           'axis': attrs.get('axis', 1), 'outShape': shapes[output]})
        elif activation_of(node, initializers):
            layers.append({'op': 'activation', 'name': label, 'input': node.input[0], 'output': output,
                           'activation': activation_of(node, initializers), 'outShape': shapes[output]})
        else:
            raise ValueError(f"node '{label}': op {node.op_type} is not supported by the manifest writer")

    graph_input, graph_output = graph.input[0], graph.output[0]
    manifest = {
        'graph': graph.name,
        'input': {'name': graph_input.name, 'shape': shapes[graph_input.name], 'layout': 'NCHW'
                  if len(shapes[graph_input.name]) == 4 else 'NC'},
        'output': {'name': graph_output.name, 'shape': shapes[graph_output.name]},
        # Weights and biases of the layers (Clip's bounds are not parameters).
        'params': sum(entry[key]['byteLength'] // 4 for entry in layers for key in ('weight', 'bias') if key in entry),
        'layers': layers,
    }
    return manifest, blob.bytes()
