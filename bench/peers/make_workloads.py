#!/usr/bin/python3
"""Writes the peer-benchmark workloads into bench/peers/generated/ (git-ignored):
for each workload <name>.onnx (what onnxruntime-web and nnslim load), <name>.json
(the layer manifest the TF.js runner builds the same network from), <name>.bin
(the manifest's float32 weights, taken from the .onnx) and <name>.tflite (the
same network and weights for LiteRT.js, written from the manifest: manifest_tflite.py).

Run with Debian's python (onnx 1.12 + numpy): /usr/bin/python3 bench/peers/make_workloads.py
"""

import json
import pathlib
import sys

import onnx

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from manifest_tflite import manifest_to_tflite  # noqa: E402
from onnx_manifest import build_manifest  # noqa: E402
from workload_graphs import build_mlp, build_mobilenetv2  # noqa: E402

# name -> (description, graph builder); each file has a fixed batch size.
WORKLOADS = {
    'mlp_b1': ('MLP 784-1024-1024-10, batch 1', lambda: build_mlp(batch=1)),
    'mobilenetv2_b1': ('MobileNetV2-1.0 224x224, batch 1', lambda: build_mobilenetv2(batch=1)),
    'mobilenetv2_b8': ('MobileNetV2-1.0 224x224, batch 8', lambda: build_mobilenetv2(batch=8)),
}


def macs_of(layer):
    """Multiply-accumulates of a conv/gemm layer (bias and activations are not MACs)."""
    if layer['op'] == 'conv':
        n, c_out, h, w = layer['outShape']
        kh, kw = layer['kernel']
        return n * c_out * h * w * (layer['inChannels'] // layer['group']) * kh * kw
    if layer['op'] == 'gemm':
        return layer['inShape'][0] * layer['inFeatures'] * layer['outFeatures']
    return 0


def main():
    out_dir = HERE / 'generated'
    out_dir.mkdir(exist_ok=True)
    for name, (description, build) in WORKLOADS.items():
        model = build()
        onnx.checker.check_model(model, full_check=True)
        manifest, weights = build_manifest(model)
        manifest.update({
            'name': name, 'description': description,
            'onnx': f'{name}.onnx', 'weights': f'{name}.bin', 'tflite': f'{name}.tflite',
            'macs': sum(macs_of(layer) for layer in manifest['layers']),
        })
        onnx.save(model, out_dir / f'{name}.onnx')
        (out_dir / f'{name}.bin').write_bytes(weights)
        (out_dir / f'{name}.json').write_text(json.dumps(manifest, indent=1) + '\n')
        (out_dir / f'{name}.tflite').write_bytes(manifest_to_tflite(manifest, weights))
        print(f"{name}: {len(manifest['layers'])} layers, {manifest['params']:,} params, "
              f"{manifest['macs']:,} MACs, {len(weights) / 1e6:.1f} MB weights")


if __name__ == '__main__':
    main()
