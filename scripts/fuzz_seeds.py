#!/usr/bin/env python3
"""Writes the fuzzers' seed corpora (never committed: they are copies).

    python3 scripts/fuzz_seeds.py OUT_DIR MAX_LEN

OUT_DIR/onnx/: every ONNX file of the test data no longer than MAX_LEN bytes
(libFuzzer ignores the rest of a longer seed): ONNX's backend test models
(Debian's libonnx-testdata), tests/data/generated/ and the real-model corpus
under tests/models/packages/ when scripts/setup.sh fetched it.
OUT_DIR/builder/: layer specs (docs/builder-spec.md) that use every layer
type, activation and padding form, small enough to run in one fuzz execution.
"""
import hashlib
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
ONNX_SOURCES = [
    pathlib.Path("/usr/share/libonnx-testdata/data"),
    ROOT / "tests/data/generated",
    ROOT / "tests/models/packages",
]


def write_unique(folder, data):
    """Names a seed by its content's hash, as libFuzzer names corpus files."""
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def onnx_seeds(folder, max_len):
    if not ONNX_SOURCES[0].is_dir():
        sys.exit(f"{ONNX_SOURCES[0]} is missing: bash scripts/setup.sh installs libonnx-testdata")
    count = 0
    for source in ONNX_SOURCES:
        for path in sorted(source.rglob("*.onnx")) if source.is_dir() else []:
            data = path.read_bytes()
            if len(data) <= max_len:
                write_unique(folder, data)
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


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    out, max_len = pathlib.Path(sys.argv[1]), int(sys.argv[2])
    for target in ("onnx", "builder"):
        (out / target).mkdir(parents=True, exist_ok=True)
    onnx_count = onnx_seeds(out / "onnx", max_len)
    specs = builder_specs()
    for document in specs:
        write_unique(out / "builder", json.dumps(document).encode())
    print(f"seeds: {onnx_count} ONNX files (<= {max_len} bytes), {len(specs)} builder specs in {out}")


if __name__ == "__main__":
    main()
