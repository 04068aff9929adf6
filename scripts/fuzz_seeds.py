#!/usr/bin/env python3
"""Writes the fuzzers' seed corpora (never committed: they are copies).

    python3 scripts/fuzz_seeds.py OUT_DIR MAX_LEN

OUT_DIR/onnx/: every ONNX file of the test data no longer than MAX_LEN bytes
(libFuzzer ignores the rest of a longer seed): ONNX's backend test models
(Debian's libonnx-testdata), tests/data/generated/ and the real-model corpus
under tests/models/packages/ when scripts/setup.sh fetched it.
OUT_DIR/builder/: layer specs (docs/builder-spec.md) that use every layer
type, activation and padding form, small enough to run in one fuzz execution.

Every seed starts with the fuzz entries' option bytes (tests/fuzz/fuzz_options.h:
how the model is pruned and quantized): derived from the seed's hash for the
test data, and DERIVED_VARIANTS sets of them for the models made to reach the
int8 and sparse lowerings (scripts/fuzz_seed_models.py, and the builder's
MLP, residual and conv specs), so that every pruning method, calibration
method and weight layout starts from a model it changes.
"""
import hashlib
import json
import pathlib
import random
import sys

import fuzz_seed_models

ROOT = pathlib.Path(__file__).resolve().parent.parent
ONNX_SOURCES = [
    pathlib.Path("/usr/share/libonnx-testdata/data"),
    ROOT / "tests/data/generated",
    ROOT / "tests/models/packages",
]
OPTION_BYTES = 4  # tests/fuzz/fuzz_options.h: kOptionBytes
DERIVED_VARIANTS = 12


def write_unique(folder, data):
    """Names a seed by its content's hash, as libFuzzer names corpus files."""
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def hashed_options(data):
    return hashlib.sha1(data).digest()[:OPTION_BYTES]


def option_variants(name):
    """DERIVED_VARIANTS option prefixes: the pruning method and the
    calibration method cycle through all four (so each model meets each),
    the other bits come from a PRNG seeded by the model's name."""
    rng = random.Random(name)
    variants = []
    for k in range(DERIVED_VARIANTS):
        quantize = (rng.randrange(256) & ~0x18) | (k % 4) << 3
        prune = (rng.randrange(256) & ~0x03) | (k // 4 + k) % 4
        variants.append(bytes([quantize, prune, rng.randrange(256), rng.randrange(256)]))
    return variants


def onnx_seeds(folder, max_len):
    if not ONNX_SOURCES[0].is_dir():
        sys.exit(f"{ONNX_SOURCES[0]} is missing: bash scripts/setup.sh installs libonnx-testdata")
    count = 0
    for source in ONNX_SOURCES:
        for path in sorted(source.rglob("*.onnx")) if source.is_dir() else []:
            data = path.read_bytes()
            if len(data) + OPTION_BYTES <= max_len:
                write_unique(folder, hashed_options(data) + data)
                count += 1
    for name, data in fuzz_seed_models.models():
        for options in option_variants(name):
            write_unique(folder, options + data)
            count += 1
    return count


def layer(name, kind, inbound, **config):
    return {"name": name, "type": kind, "inbound": inbound, "config": config}


def spec(inputs, layers, **extra):
    document = {"name": "seed", "seed": 1, "inputs": inputs, "layers": layers}
    document.update(extra)
    return document


def builder_specs():
    image = [{"name": "x", "shape": [6, 5, 3], "dtype": "float32"}]
    flat = [{"name": "x", "shape": [7], "dtype": "float32", "batchSize": 2}]
    activations = ["linear", "relu", "relu6", "sigmoid", "tanh", "softmax", "hardSwish", "leakyRelu"]
    specs = [
        spec(flat, [layer("d", "dense", ["x"], units=3, activation=a) for a in activations[:1]]),
        spec(flat, [layer("d", "dense", ["x"], units=4, activation="relu", useBias=False),
                    layer("d2", "dense", ["d"], units=2, activation="softmax")], outputs=["d2"]),
        spec(image, [layer("c", "conv2d", ["x"], filters=4, kernelSize=3, strides=[1, 2], padding="same",
                           dilationRate=1, activation="relu6"),
                     layer("p", "maxPooling2d", ["c"], poolSize=2, padding="same"),
                     layer("f", "flatten", ["p"]),
                     layer("d", "dense", ["f"], units=3)]),
        spec(image, [layer("dw", "depthwiseConv2d", ["x"], kernelSize=[3, 2], depthMultiplier=2,
                           padding="valid", activation="hardSwish"),
                     layer("bn", "batchNormalization", ["dw"], epsilon=0.001),
                     layer("a", "activation", ["bn"], activation="leakyRelu", alpha=0.2),
                     layer("g", "globalAveragePooling2d", ["a"])], weights="he"),
        spec(image, [layer("z", "zeroPadding2d", ["x"], padding=[[1, 0], [0, 2]]),
                     layer("ap", "averagePooling2d", ["z"], poolSize=[2, 3], strides=1),
                     layer("c1", "conv2d", ["ap"], filters=3, kernelSize=1),
                     layer("s", "add", ["ap", "c1"]),
                     layer("k", "concatenate", ["s", "ap"], axis=-1),
                     layer("o", "dropout", ["k"], rate=0.5)], outputs=["o", "s"]),
        spec(image, [layer("c", "conv2d", ["x"], filters=2, kernelSize=2, activation=a, useBias=True)
                     for a in ["tanh"]], weights="none"),
    ]
    for activation in activations:
        specs.append(spec(flat, [layer("a", "activation", ["x"], activation=activation)]))
    return specs


def derived_specs():
    """Specs whose pruned and quantized models reach the sparse and int8
    lowerings: widths are multiples of 8 (every block shape divides them)."""
    mlp_input = [{"name": "x", "shape": [16], "dtype": "float32", "batchSize": 2}]
    image = [{"name": "x", "shape": [8, 8, 8], "dtype": "float32"}]
    return [
        spec(mlp_input, [layer("d1", "dense", ["x"], units=16, activation="relu"),
                         layer("d2", "dense", ["d1"], units=16, activation="relu"),
                         layer("d3", "dense", ["d2"], units=8, activation="softmax")], weights="he"),
        spec(image, [layer("c1", "conv2d", ["x"], filters=8, kernelSize=3, padding="same", activation="relu"),
                     layer("c2", "conv2d", ["c1"], filters=8, kernelSize=3, padding="same"),
                     layer("s", "add", ["x", "c2"]),
                     layer("a", "activation", ["s"], activation="relu"),
                     layer("p", "maxPooling2d", ["a"], poolSize=2),
                     layer("c3", "conv2d", ["p"], filters=16, kernelSize=1, activation="relu6"),
                     layer("g", "globalAveragePooling2d", ["c3"]),
                     layer("d", "dense", ["g"], units=8)], weights="he"),
        spec(image, [layer("c1", "conv2d", ["x"], filters=16, kernelSize=3, strides=2, padding="same",
                           activation="relu"),
                     layer("dw", "depthwiseConv2d", ["c1"], kernelSize=3, padding="same", activation="relu6"),
                     layer("c2", "conv2d", ["dw"], filters=8, kernelSize=1),
                     layer("k", "concatenate", ["c2", "c2"], axis=-1),
                     layer("f", "flatten", ["k"]),
                     layer("d", "dense", ["f"], units=8)], weights="he"),
    ]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    out, max_len = pathlib.Path(sys.argv[1]), int(sys.argv[2])
    for target in ("onnx", "builder"):
        (out / target).mkdir(parents=True, exist_ok=True)
    onnx_count = onnx_seeds(out / "onnx", max_len)
    builder_count = 0
    for document in builder_specs():
        text = json.dumps(document).encode()
        write_unique(out / "builder", hashed_options(text) + text)
        builder_count += 1
    for index, document in enumerate(derived_specs()):
        text = json.dumps(document).encode()
        for options in option_variants(f"spec{index}"):
            write_unique(out / "builder", options + text)
            builder_count += 1
    print(f"seeds: {onnx_count} ONNX files (<= {max_len} bytes with the option bytes), "
          f"{builder_count} builder specs in {out}")


if __name__ == "__main__":
    main()
