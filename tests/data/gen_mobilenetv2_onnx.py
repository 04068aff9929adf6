#!/usr/bin/python3
"""MobileNetV2-1.0 (224x224x3, 1000 classes) as an ONNX file with BatchNorm
already folded into the convolutions: every Conv has a bias, no BN nodes.

Architecture (Sandler et al. 2018, as Keras' and torchvision's MobileNetV2):
stem Conv 3x3 stride 2 -> 32; 17 inverted residual blocks (t, c, n, s) =
(1,16,1,1) (6,24,2,2) (6,32,3,2) (6,64,4,2) (6,96,3,1) (6,160,3,2) (6,320,1,1):
[1x1 expand conv + ReLU6 when t != 1], 3x3 depthwise conv (stride s on a
stage's first block) + ReLU6, 1x1 linear projection, and a residual Add when
the stride is 1 and the channel counts match; then 1x1 conv to 1280 + ReLU6,
GlobalAveragePool, Flatten, Gemm 1280 -> 1000.

ReLU6 is Clip(x, min, max) at opset 13, whose bounds are inputs: two shared
rank-0 float initializers. They are literals, not weights: nnslim's parameter
rule (src/onnx/onnx_import.h: floating-point tensors of rank >= 1) leaves them
out, as Keras and torchvision do.

Checks before writing (the script fails otherwise):
- weights (float initializers of rank >= 1): 3,487,816 = Keras' 3,538,984
  - 68,224 (BatchNorm: 4 x 17,056 channels) + 17,056 (one bias per channel);
- MACs 300,774,272 (Keras' figure; 1 MAC per multiply-add of a conv/Gemm);
- onnx.checker and onnx shape inference (output [batch, 1000]).

Weights: He-normal (std = sqrt(2 / fan_in)) from numpy seed 2024; biases
N(0, 0.01^2). Input "input" [batch, 3, 224, 224] (dim_param "batch").

Usage: /usr/bin/python3 tests/data/gen_mobilenetv2_onnx.py [OUT_DIR]
writes OUT_DIR/mobilenetv2_folded.onnx (default tests/data/generated).
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

EXPECTED_PARAMS = 3_538_984 - 68_224 + 17_056  # = 3,487,816
EXPECTED_MACS = 300_774_272
BLOCKS = [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2),
          (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)]


class Builder:
    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)
        self.nodes, self.initializers = [], []
        self.macs = 0
        self.initializers.append(numpy_helper.from_array(np.array(0.0, np.float32), "relu6_min"))
        self.initializers.append(numpy_helper.from_array(np.array(6.0, np.float32), "relu6_max"))

    def conv(self, name, x, cin, cout, kernel, stride, groups, hw):
        """Conv with bias, 'same' padding; returns (output, output spatial size)."""
        fan_in = (cin // groups) * kernel * kernel
        w = self.rng.standard_normal((cout, cin // groups, kernel, kernel)) * np.sqrt(2.0 / fan_in)
        b = self.rng.standard_normal(cout) * 0.01
        self.initializers.append(numpy_helper.from_array(w.astype(np.float32), name + ".weight"))
        self.initializers.append(numpy_helper.from_array(b.astype(np.float32), name + ".bias"))
        pad = kernel // 2
        out_hw = (hw + 2 * pad - kernel) // stride + 1
        self.nodes.append(helper.make_node(
            "Conv", [x, name + ".weight", name + ".bias"], [name], name=name,
            kernel_shape=[kernel, kernel], strides=[stride, stride], pads=[pad] * 4, group=groups))
        self.macs += out_hw * out_hw * cout * fan_in
        return name, out_hw

    def relu6(self, x):
        name = x + "_relu6"
        self.nodes.append(helper.make_node("Clip", [x, "relu6_min", "relu6_max"], [name], name=name))
        return name


def build_model():
    b = Builder(seed=2024)
    x, hw = b.conv("stem_conv", "input", 3, 32, 3, 2, 1, 224)
    x = b.relu6(x)
    cin = 32
    block = 0
    for t, c, n, s in BLOCKS:
        for i in range(n):
            block += 1
            stride = s if i == 0 else 1
            prefix = f"block{block}"
            block_input = x
            hidden = cin * t
            if t != 1:
                x, hw = b.conv(prefix + "_expand", x, cin, hidden, 1, 1, 1, hw)
                x = b.relu6(x)
            x, hw = b.conv(prefix + "_depthwise", x, hidden, hidden, 3, stride, hidden, hw)
            x = b.relu6(x)
            x, hw = b.conv(prefix + "_project", x, hidden, c, 1, 1, 1, hw)
            if stride == 1 and cin == c:
                b.nodes.append(helper.make_node("Add", [block_input, x], [prefix + "_add"], name=prefix + "_add"))
                x = prefix + "_add"
            cin = c
    assert block == 17
    x, hw = b.conv("head_conv", x, cin, 1280, 1, 1, 1, hw)
    x = b.relu6(x)
    b.nodes.append(helper.make_node("GlobalAveragePool", [x], ["pool"], name="pool"))
    b.nodes.append(helper.make_node("Flatten", ["pool"], ["flatten"], name="flatten", axis=1))
    w = b.rng.standard_normal((1000, 1280)) * np.sqrt(2.0 / 1280)
    bias = b.rng.standard_normal(1000) * 0.01
    b.initializers.append(numpy_helper.from_array(w.astype(np.float32), "classifier.weight"))
    b.initializers.append(numpy_helper.from_array(bias.astype(np.float32), "classifier.bias"))
    b.nodes.append(helper.make_node("Gemm", ["flatten", "classifier.weight", "classifier.bias"], ["logits"],
                                    name="classifier", transB=1))
    b.macs += 1280 * 1000

    graph = helper.make_graph(
        b.nodes, "mobilenetv2_folded",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", 3, 224, 224])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 1000])],
        b.initializers)
    model = helper.make_model(graph, producer_name="nnslim-tests",
                              opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    return model, b.macs


def weight_count(model):
    """nnslim's parameter rule: floating-point initializers of rank >= 1."""
    return sum(int(np.prod(t.dims)) for t in model.graph.initializer
               if t.data_type == TensorProto.FLOAT and len(t.dims) >= 1)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "generated")
    os.makedirs(out_dir, exist_ok=True)
    model, macs = build_model()
    params = weight_count(model)
    all_elements = sum(int(np.prod(t.dims)) for t in model.graph.initializer)
    assert params == EXPECTED_PARAMS, f"weights {params:,} != {EXPECTED_PARAMS:,}"
    assert all_elements == params + 2  # + the two ReLU6 bounds
    assert macs == EXPECTED_MACS, f"MACs {macs:,} != {EXPECTED_MACS:,}"
    assert not any(n.op_type == "BatchNormalization" for n in model.graph.node)
    onnx.checker.check_model(model)
    inferred = onnx.shape_inference.infer_shapes(model)
    out_dims = [d.dim_param or d.dim_value for d in inferred.graph.output[0].type.tensor_type.shape.dim]
    assert out_dims == ["batch", 1000], out_dims
    path = os.path.join(out_dir, "mobilenetv2_folded.onnx")
    onnx.save(model, path)
    convs = sum(1 for n in model.graph.node if n.op_type == "Conv")
    print(f"wrote {path}: {convs} convs, {params:,} weights, {macs:,} MACs")


if __name__ == "__main__":
    main()
