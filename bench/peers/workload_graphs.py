"""ONNX graphs of the peer-benchmark workloads, with fixed seeded weights.

- MLP 784-1024-1024-10: Gemm+Relu, Gemm+Relu, Gemm (PyTorch's nn.Linear
  layout: weight [out, in], transB=1).
- MobileNetV2-1.0 at 224x224 (Sandler et al. 2018, Table 2), as an exporter
  writes it after BatchNorm folding: Conv with bias, ReLU6 as Clip(0, 6),
  residual Add, GlobalAveragePool, Flatten, Gemm 1280 -> 1000.

Weights are He-scaled (std = sqrt(2 / fan_in)); each conv gets a random
BatchNorm (gamma, beta, mean, var) that is folded into it:
    W' = W * gamma / sqrt(var + eps),  b' = beta - mean * gamma / sqrt(var + eps)
so the folded weights look like a trained network's, not like a fresh init.
The batch dim is fixed (one file per batch size) so every runtime gets static shapes.
"""

import numpy as np
from onnx import TensorProto, helper, numpy_helper

OPSET = 13
BN_EPS = 1e-5

# (expansion t, output channels c, repeats n, first stride s): Table 2 of the paper.
MOBILENETV2_BLOCKS = [
    (1, 16, 1, 1),
    (6, 24, 2, 2),
    (6, 32, 3, 2),
    (6, 64, 4, 2),
    (6, 96, 3, 1),
    (6, 160, 3, 2),
    (6, 320, 1, 1),
]


class GraphWriter:
    """Collects nodes and initializers; names values t0, t1, ... in order."""

    def __init__(self, rng):
        self.rng = rng
        self.nodes = []
        self.initializers = []
        self.value_count = 0
        self.layer_count = 0

    def fresh(self, prefix='t'):
        self.value_count += 1
        return f'{prefix}{self.value_count}'

    def constant(self, name, array):
        # np.array, not np.ascontiguousarray: the latter turns a 0-d scalar into shape [1].
        self.initializers.append(numpy_helper.from_array(np.array(array, dtype=np.float32, order='C'), name))
        return name

    def he_weight(self, shape, fan_in):
        return self.rng.standard_normal(shape).astype(np.float32) * np.float32(np.sqrt(2.0 / fan_in))

    def folded_batch_norm(self, weight):
        """Folds a random BatchNorm into conv weight [O, I, kh, kw]; returns (W', b')."""
        channels = weight.shape[0]
        gamma = self.rng.uniform(0.5, 1.5, channels)
        beta = self.rng.normal(0.0, 0.1, channels)
        mean = self.rng.normal(0.0, 0.1, channels)
        var = self.rng.uniform(0.5, 1.5, channels)
        scale = gamma / np.sqrt(var + BN_EPS)
        folded_weight = weight * scale.reshape(-1, 1, 1, 1)
        folded_bias = beta - mean * scale
        return folded_weight.astype(np.float32), folded_bias.astype(np.float32)

    def clip_0_6(self, x):
        if not any(i.name == 'relu6_min' for i in self.initializers):
            self.constant('relu6_min', np.array(0.0, dtype=np.float32))
            self.constant('relu6_max', np.array(6.0, dtype=np.float32))
        y = self.fresh()
        self.nodes.append(helper.make_node('Clip', [x, 'relu6_min', 'relu6_max'], [y]))
        return y

    def conv_bn(self, x, in_channels, out_channels, kernel, stride, group, relu6):
        """Conv (BN folded) with symmetric 'same'-style pads, optionally followed by Clip(0, 6)."""
        self.layer_count += 1
        name = f'conv{self.layer_count}'
        fan_in = (in_channels // group) * kernel * kernel
        weight = self.he_weight((out_channels, in_channels // group, kernel, kernel), fan_in)
        weight, bias = self.folded_batch_norm(weight)
        pad = kernel // 2
        y = self.fresh()
        self.nodes.append(helper.make_node(
            'Conv', [x, self.constant(f'{name}.weight', weight), self.constant(f'{name}.bias', bias)], [y],
            name=name, kernel_shape=[kernel, kernel], strides=[stride, stride], pads=[pad, pad, pad, pad],
            dilations=[1, 1], group=group))
        return self.clip_0_6(y) if relu6 else y

    def gemm(self, x, in_features, out_features, relu):
        """nn.Linear: y = x W^T + b with W [out, in]."""
        self.layer_count += 1
        name = f'fc{self.layer_count}'
        weight = self.he_weight((out_features, in_features), in_features)
        bias = self.rng.normal(0.0, 0.1, out_features).astype(np.float32)
        y = self.fresh()
        self.nodes.append(helper.make_node(
            'Gemm', [x, self.constant(f'{name}.weight', weight), self.constant(f'{name}.bias', bias)], [y],
            name=name, alpha=1.0, beta=1.0, transA=0, transB=1))
        if not relu:
            return y
        z = self.fresh()
        self.nodes.append(helper.make_node('Relu', [y], [z]))
        return z

    def rename_output(self, value, output_name):
        """Renames the last node's output to the graph output name."""
        last = self.nodes[-1]
        assert last.output[0] == value
        last.output[0] = output_name
        return output_name

    def model(self, graph_name, input_name, input_shape, output_name, output_shape):
        graph = helper.make_graph(
            self.nodes, graph_name,
            [helper.make_tensor_value_info(input_name, TensorProto.FLOAT, input_shape)],
            [helper.make_tensor_value_info(output_name, TensorProto.FLOAT, output_shape)],
            self.initializers)
        model = helper.make_model(graph, producer_name='nnslim-bench',
                                  opset_imports=[helper.make_opsetid('', OPSET)])
        model.ir_version = 7  # ONNX 1.8+: what opset 13 needs, readable by every runtime here
        return model


def build_mlp(batch, seed=784):
    """MLP 784-1024-1024-10, input 'input' [batch, 784] -> 'logits' [batch, 10]."""
    writer = GraphWriter(np.random.default_rng(seed))
    x = writer.gemm('input', 784, 1024, relu=True)
    x = writer.gemm(x, 1024, 1024, relu=True)
    x = writer.gemm(x, 1024, 10, relu=False)
    writer.rename_output(x, 'logits')
    return writer.model('mlp_784_1024_1024_10', 'input', [batch, 784], 'logits', [batch, 10])


def inverted_residual(writer, x, in_channels, out_channels, stride, expansion):
    """Expand 1x1 + ReLU6 (skipped when t = 1), depthwise 3x3 + ReLU6, project 1x1 (linear);
    a residual Add when the block keeps shape (stride 1, in == out)."""
    hidden = in_channels * expansion
    y = x
    if expansion != 1:
        y = writer.conv_bn(y, in_channels, hidden, 1, 1, 1, relu6=True)
    y = writer.conv_bn(y, hidden, hidden, 3, stride, hidden, relu6=True)
    y = writer.conv_bn(y, hidden, out_channels, 1, 1, 1, relu6=False)
    if stride == 1 and in_channels == out_channels:
        z = writer.fresh()
        writer.nodes.append(helper.make_node('Add', [x, y], [z]))
        y = z
    return y


def build_mobilenetv2(batch, seed=224, resolution=224, classes=1000):
    """MobileNetV2-1.0, input 'input' [batch, 3, 224, 224] (NCHW) -> 'logits' [batch, 1000].
    3,487,818 parameters after folding (3,504,872 with BatchNorm's gamma and beta, as
    torchvision counts it); 300.8 M MACs per image at 224x224."""
    writer = GraphWriter(np.random.default_rng(seed))
    x = writer.conv_bn('input', 3, 32, 3, 2, 1, relu6=True)
    channels = 32
    for expansion, out_channels, repeats, first_stride in MOBILENETV2_BLOCKS:
        for i in range(repeats):
            x = inverted_residual(writer, x, channels, out_channels, first_stride if i == 0 else 1, expansion)
            channels = out_channels
    x = writer.conv_bn(x, channels, 1280, 1, 1, 1, relu6=True)
    pooled = writer.fresh()
    writer.nodes.append(helper.make_node('GlobalAveragePool', [x], [pooled]))
    flat = writer.fresh()
    writer.nodes.append(helper.make_node('Flatten', [pooled], [flat], axis=1))
    x = writer.gemm(flat, 1280, classes, relu=False)
    writer.rename_output(x, 'logits')
    return writer.model('mobilenetv2_1.0_224', 'input', [batch, 3, resolution, resolution],
                        'logits', [batch, classes])
