#!/usr/bin/python3
"""A small Keras CNN as tf2onnx writes it, with expected outputs computed in
TensorFlow's own layout (NHWC activations, HWIO kernels) by numpy.

tf2onnx (python -m tf2onnx.convert) cannot run here (no TensorFlow, no pip
network), so this script writes the graph shapes tf2onnx is known for, which
a runtime must handle to run "real files from tf2onnx":
- the input stays NHWC ("input_1" [unk__51, 32, 32, 3], a dim_param named the
  way tf2onnx names unknown dims) and a Transpose perm [0,3,1,2] feeds the
  first Conv; kernels are stored transposed HWIO -> OIHW;
- its transpose optimizer removes most Transposes but not all: block 2 keeps
  the unoptimized Transpose(NCHW->NHWC) -> Transpose(NHWC->NCHW) pair around
  an NHWC-semantic Add of a per-channel bias (bias on the last axis);
- TF's 'SAME' padding becomes explicit asymmetric pads (stride 2 on an even
  size pads 0 before, 1 after), DepthwiseConv2D becomes Conv with group = C,
  ReLU6 becomes Clip with min/max initializer inputs (opset 13);
- Flatten with an unknown batch becomes Shape -> Gather(0) -> Unsqueeze ->
  Concat(-1 ...) -> Reshape on the NHWC tensor (after a Transpose back), and
  Dense becomes MatMul + Add; Softmax on the last axis.
Names follow tf2onnx ("StatefulPartitionedCall/model/conv2d/Conv2D:0").

The oracle is independent of ONNX layouts: numpy evaluates the Keras model in
NHWC with HWIO kernels and TF's SAME-padding rule. Two batch sizes (1 and 3)
are written as test data sets, ONNX backend-test style:
  OUT/tf2onnx_style_cnn/model.onnx
  OUT/tf2onnx_style_cnn/test_data_set_{0,1}/{input_0,output_0}.pb
Usage: /usr/bin/python3 tests/data/gen_tf2onnx_style_cnn.py [OUT_DIR]
"""
import math
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

rng = np.random.default_rng(51)
PREFIX = 'StatefulPartitionedCall/model/'


# ---- numpy oracle: TensorFlow semantics (NHWC, HWIO) ----
def same_pads(size, kernel, stride):
    out = math.ceil(size / stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2, out


def tf_conv2d(x, w_hwio, stride, depthwise=False):
    n, h, wd, c = x.shape
    kh, kw = w_hwio.shape[:2]
    top, bottom, oh = same_pads(h, kh, stride)
    left, right, ow = same_pads(wd, kw, stride)
    xp = np.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0)))
    out = np.zeros((n, oh, ow, c if depthwise else w_hwio.shape[3]), dtype=np.float64)
    for i in range(kh):
        for j in range(kw):
            window = xp[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :]
            if depthwise:
                out += window * w_hwio[i, j, :, 0]
            else:
                out += np.einsum('nhwc,cd->nhwd', window, w_hwio[i, j])
    return out


def keras_model(x, p):
    y = np.maximum(tf_conv2d(x, p['conv1_w'], 2) + p['conv1_b'], 0)                 # Conv2D 3x3/2 + relu
    y = np.clip(tf_conv2d(y, p['dw_w'], 1, depthwise=True) + p['dw_b'], 0, 6)     # DepthwiseConv2D + relu6
    y = tf_conv2d(y, p['pw_w'], 1) + p['pw_b']                                     # Conv2D 1x1, linear
    y = np.maximum(y + p['channel_bias'], 0)                                       # Add(bias on C) + relu
    y = np.clip(tf_conv2d(y, p['conv2_w'], 2) + p['conv2_b'], 0, 6)               # Conv2D 3x3/2 + relu6
    y = y.reshape(y.shape[0], -1)                                                  # Flatten (NHWC order)
    logits = y @ p['dense_w'] + p['dense_b']
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def he(shape, fan_in):
    return (rng.standard_normal(shape) * math.sqrt(2.0 / fan_in)).astype(np.float32)


P = {
    'conv1_w': he((3, 3, 3, 16), 27), 'conv1_b': (rng.standard_normal(16) * 0.1).astype(np.float32),
    'dw_w': he((3, 3, 16, 1), 9), 'dw_b': (rng.standard_normal(16) * 0.1).astype(np.float32),
    'pw_w': he((1, 1, 16, 24), 16), 'pw_b': (rng.standard_normal(24) * 0.1).astype(np.float32),
    'channel_bias': (rng.standard_normal(24) * 0.1).astype(np.float32),
    'conv2_w': he((3, 3, 24, 13), 216), 'conv2_b': (rng.standard_normal(13) * 0.1).astype(np.float32),
    'dense_w': he((8 * 8 * 13, 10), 8 * 8 * 13), 'dense_b': (rng.standard_normal(10) * 0.1).astype(np.float32),
}


# ---- the ONNX graph, tf2onnx style ----
nodes, inits = [], []


def const(name, array):
    inits.append(numpy_helper.from_array(np.asarray(array), PREFIX + name))
    return PREFIX + name


def node(op, inputs, name, **attrs):
    out = f'{PREFIX}{name}:0'
    nodes.append(helper.make_node(op, inputs, [out], name=PREFIX + name, **attrs))
    return out


def conv(x, key, stride, size, group=1):
    # HWIO -> OIHW (depthwise HW C 1 -> C 1 H W), as tf2onnx stores kernels.
    w = P[key + '_w']
    w_oihw = w.transpose(2, 3, 0, 1) if group > 1 else w.transpose(3, 2, 0, 1)
    top, bottom, _ = same_pads(size, w.shape[0], stride)
    left, right, _ = same_pads(size, w.shape[1], stride)
    return node('Conv', [x, const(key + '/kernel', np.ascontiguousarray(w_oihw)), const(key + '/bias', P[key + '_b'])],
                key + '/Conv2D', strides=[stride, stride], pads=[top, left, bottom, right],
                kernel_shape=list(w.shape[:2]), dilations=[1, 1], group=group)


relu6_min = const('relu6/min', np.array(0, np.float32))
relu6_max = const('relu6/max', np.array(6, np.float32))

x = node('Transpose', ['input_1'], 'conv2d/Conv2D__6', perm=[0, 3, 1, 2])
x = node('Relu', [conv(x, 'conv1', 2, 32)], 'conv2d/Relu')
x = node('Clip', [conv(x, 'dw', 1, 16, group=16), relu6_min, relu6_max], 'depthwise/Relu6')
x = conv(x, 'pw', 1, 16)
# Unoptimized leftover: back to NHWC for an Add on the last axis, then to NCHW again.
x = node('Transpose', [x, ], 'pw/Conv2D__14', perm=[0, 2, 3, 1])
x = node('Add', [x, const('channel_bias', P['channel_bias'])], 'tf.math.add/Add')
x = node('Transpose', [x], 'conv2d_2/Conv2D__20', perm=[0, 3, 1, 2])
x = node('Relu', [x], 're_lu/Relu')
x = node('Clip', [conv(x, 'conv2', 2, 16), relu6_min, relu6_max], 'conv2d_2/Relu6')
x = node('Transpose', [x], 'conv2d_2/Relu6__28', perm=[0, 2, 3, 1])
shape = node('Shape', [x], 'flatten/Shape')
batch = node('Gather', [shape, const('flatten/zero', np.array(0, np.int64))], 'flatten/strided_slice', axis=0)
batch = node('Unsqueeze', [batch, const('flatten/axes0', np.array([0], np.int64))], 'flatten/Unsqueeze')
target = node('Concat', [batch, const('flatten/minus_one', np.array([-1], np.int64))], 'flatten/Reshape/shape', axis=0)
x = node('Reshape', [x, target], 'flatten/Reshape')
x = node('MatMul', [x, const('dense/kernel', P['dense_w'])], 'dense/MatMul')
x = node('Add', [x, const('dense/bias', P['dense_b'])], 'dense/BiasAdd')
nodes.append(helper.make_node('Softmax', [x], ['dense'], name=PREFIX + 'dense/Softmax', axis=-1))

graph = helper.make_graph(
    nodes, 'tf2onnx', [helper.make_tensor_value_info('input_1', TensorProto.FLOAT, ['unk__51', 32, 32, 3])],
    [helper.make_tensor_value_info('dense', TensorProto.FLOAT, ['unk__52', 10])], inits)
model = helper.make_model(graph, producer_name='tf2onnx', producer_version='1.16.1 15c810',
                          opset_imports=[helper.make_opsetid('', 13)])
onnx.checker.check_model(model)
inferred = onnx.shape_inference.infer_shapes(model)
assert [d.dim_value for d in inferred.graph.output[0].type.tensor_type.shape.dim][1:] == [10]

out_dir = os.path.join(sys.argv[1] if len(sys.argv) > 1 else 'tests/data/generated', 'tf2onnx_style_cnn')
os.makedirs(out_dir, exist_ok=True)
onnx.save(model, os.path.join(out_dir, 'model.onnx'))
for index, batch_size in enumerate([1, 3]):
    data_dir = os.path.join(out_dir, f'test_data_set_{index}')
    os.makedirs(data_dir, exist_ok=True)
    image = rng.uniform(-1, 1, (batch_size, 32, 32, 3)).astype(np.float32)
    expected = keras_model(image.astype(np.float64), {k: v.astype(np.float64) for k, v in P.items()}).astype(np.float32)
    for name, array in (('input_0.pb', image), ('output_0.pb', expected)):
        with open(os.path.join(data_dir, name), 'wb') as f:
            f.write(numpy_helper.from_array(array).SerializeToString())
print(f'wrote {out_dir}')
