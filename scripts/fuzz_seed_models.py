"""Small ONNX models for the fuzzers' seeds that reach the int8 and sparse
lowerings once quantized or pruned (scripts/fuzz_seeds.py): their weights
are initializers (ONNX's backend test models pass weights as graph inputs,
which neither pass touches), their widths multiples of 8 (the block shapes
divide them) and they hold the patterns the quantizer treats specially
(a residual Add, Concat, a LayerNorm chain, a float-only Softmax).

Written with a few lines of protobuf encoding instead of the onnx package:
the scripts' python3 may not have it. Field numbers: onnx/onnx.proto.
"""
import random
import struct

FLOAT = 1


def varint(value):
    out = bytearray()
    value &= (1 << 64) - 1  # negative int64s: ten-byte two's complement
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def field_varint(number, value):
    return varint(number << 3) + varint(value)


def field_bytes(number, payload):
    if isinstance(payload, str):
        payload = payload.encode()
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def field_float(number, value):
    return varint(number << 3 | 5) + struct.pack("<f", value)


def attribute(name, value):
    out = field_bytes(1, name)
    if isinstance(value, float):
        return out + field_float(2, value) + field_varint(20, 1)
    if isinstance(value, int):
        return out + field_varint(3, value) + field_varint(20, 2)
    if isinstance(value, str):
        return out + field_bytes(4, value) + field_varint(20, 3)
    return out + b"".join(field_varint(8, v) for v in value) + field_varint(20, 7)  # ints


def node(op, inputs, outputs, name, **attributes):
    out = b"".join(field_bytes(1, i) for i in inputs) + b"".join(field_bytes(2, o) for o in outputs)
    out += field_bytes(3, name) + field_bytes(4, op)
    return out + b"".join(field_bytes(5, attribute(k, v)) for k, v in attributes.items())


def tensor(name, dims, values):
    packed = struct.pack(f"<{len(values)}f", *values)
    return b"".join(field_varint(1, d) for d in dims) + field_varint(2, FLOAT) + field_bytes(8, name) + \
        field_bytes(9, packed)


def value_info(name, dims):
    shape = b"".join(field_bytes(1, field_bytes(2, d) if isinstance(d, str) else field_varint(1, d)) for d in dims)
    return field_bytes(1, name) + field_bytes(2, field_bytes(1, field_varint(1, FLOAT) + field_bytes(2, shape)))


class GraphWriter:
    """Nodes and initializers in order; weights drawn from a seeded PRNG."""

    def __init__(self, seed):
        self.random = random.Random(seed)
        self.nodes, self.initializers = [], []

    def weight(self, name, dims, scale=0.5):
        count = 1
        for d in dims:
            count *= d
        self.initializers.append(tensor(name, dims, [self.random.uniform(-scale, scale) for _ in range(count)]))
        return name

    def constant(self, name, dims, values):
        self.initializers.append(tensor(name, dims, values))
        return name

    def add(self, op, inputs, name, **attributes):
        self.nodes.append(node(op, inputs, [name], name, **attributes))
        return name

    def model(self, inputs, outputs):
        graph = b"".join(field_bytes(1, n) for n in self.nodes) + field_bytes(2, "seed")
        graph += b"".join(field_bytes(5, t) for t in self.initializers)
        graph += b"".join(field_bytes(11, value_info(n, d)) for n, d in inputs)
        graph += b"".join(field_bytes(12, value_info(n, d)) for n, d in outputs)
        opset = field_bytes(1, "") + field_varint(2, 13)
        return field_varint(1, 7) + field_bytes(7, graph) + field_bytes(8, opset)


def conv_net():
    """Conv+Relu, a 1x1 conv in a residual Add, MaxPool, a depthwise conv with
    Clip (ReLU6), Concat, global pooling and a Gemm classifier, Softmax."""
    g = GraphWriter(1)
    c1 = g.add("Conv", ["x", g.weight("w1", [8, 3, 3, 3]), g.weight("b1", [8])], "conv1", pads=[1, 1, 1, 1])
    r1 = g.add("Relu", [c1], "relu1")
    c2 = g.add("Conv", [r1, g.weight("w2", [8, 8, 1, 1]), g.weight("b2", [8])], "conv2")
    s = g.add("Add", [r1, c2], "residual")
    p = g.add("MaxPool", [s], "pool", kernel_shape=[2, 2], strides=[2, 2])
    dw = g.add("Conv", [p, g.weight("w3", [8, 1, 3, 3]), g.weight("b3", [8])], "depthwise", group=8,
               pads=[1, 1, 1, 1])
    r6 = g.add("Clip", [dw, g.constant("lo", [], [0.0]), g.constant("hi", [], [6.0])], "relu6")
    k = g.add("Concat", [r6, p], "concat", axis=1)
    c4 = g.add("Conv", [k, g.weight("w4", [8, 16, 1, 1])], "conv4")
    gap = g.add("GlobalAveragePool", [c4], "gap")
    f = g.add("Flatten", [gap], "flatten")
    fc = g.add("Gemm", [f, g.weight("wf", [8, 8]), g.weight("bf", [8])], "fc", transB=1)
    g.add("Softmax", [fc], "y", axis=1)
    return g.model([("x", ["N", 3, 8, 8])], [("y", ["N", 8])])


def mlp():
    """Three MatMul + bias (+ Relu) layers, 16 -> 16 -> 16 -> 8."""
    g = GraphWriter(2)
    h = "x"
    for i, (k, n) in enumerate([(16, 16), (16, 16), (16, 8)]):
        m = g.add("MatMul", [h, g.weight(f"w{i}", [k, n])], f"fc{i}")
        h = g.add("Add", [m, g.weight(f"b{i}", [n])], f"bias{i}")
        if i < 2:
            h = g.add("Relu", [h], f"relu{i}")
    return g.model([("x", ["N", 16])], [(h, ["N", 8])])


def residual_block():
    """Conv-BatchNorm-Relu-Conv, Add of the block input, Relu; then a nearest
    Resize, a Sigmoid gate (Mul) and a Transpose."""
    g = GraphWriter(3)
    c1 = g.add("Conv", ["x", g.weight("w1", [8, 8, 3, 3])], "conv1", pads=[1, 1, 1, 1])
    bn = g.add("BatchNormalization", [c1, g.weight("gamma", [8]), g.weight("beta", [8]), g.weight("mean", [8]),
                                      g.constant("var", [8], [0.5 + 0.1 * i for i in range(8)])], "bn1")
    r = g.add("Relu", [bn], "relu1")
    c2 = g.add("Conv", [r, g.weight("w2", [8, 8, 3, 3]), g.weight("b2", [8])], "conv2", pads=[1, 1, 1, 1])
    s = g.add("Relu", [g.add("Add", [c2, "x"], "residual")], "relu2")
    up = g.add("Resize", [s, "", g.constant("scales", [4], [1.0, 1.0, 2.0, 2.0])], "upsample", mode="nearest")
    gate = g.add("Sigmoid", [up], "sigmoid")
    m = g.add("Mul", [up, gate], "gated")
    g.add("Transpose", [m], "y", perm=[0, 2, 3, 1])
    return g.model([("x", [1, 8, 4, 4])], [("y", [1, 8, 8, 8])])


def layer_norm_block():
    """A transformer-style block: MatMul, the LayerNorm chain (ReduceMean, Sub,
    Pow, Add eps, Sqrt, Div, Mul, Add), a second MatMul, Softmax."""
    g = GraphWriter(4)
    h = g.add("MatMul", ["x", g.weight("w0", [16, 16])], "fc0")
    mean = g.add("ReduceMean", [h], "mean", axes=[-1])
    d = g.add("Sub", [h, mean], "centered")
    square = g.add("Pow", [d, g.constant("two", [], [2.0])], "square")
    var = g.add("ReduceMean", [square], "variance", axes=[-1])
    std = g.add("Sqrt", [g.add("Add", [var, g.constant("eps", [], [1e-5])], "variance_eps")], "std")
    n = g.add("Div", [d, std], "normalized")
    ln = g.add("Add", [g.add("Mul", [n, g.weight("gamma", [16])], "scaled"), g.weight("beta", [16])], "layernorm")
    fc = g.add("MatMul", [ln, g.weight("w1", [16, 8])], "fc1")
    g.add("Softmax", [fc], "y", axis=-1)
    return g.model([("x", [1, 4, 16])], [("y", [1, 4, 8])])


def models():
    """(name, ONNX bytes) of every seed model."""
    return [("conv_net", conv_net()), ("mlp", mlp()), ("residual_block", residual_block()),
            ("layer_norm_block", layer_norm_block())]
