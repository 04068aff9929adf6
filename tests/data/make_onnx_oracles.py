#!/usr/bin/python3
"""Independent oracles for the C++ ONNX importer tests, computed with python onnx.

Writes <out>/pytorch_converted_params.tsv, one line per model under Debian's
libonnx-testdata pytorch-converted/ folder:

  model  params  float_init_elems  inputs  outputs  input0_dims  input0_sum

- params: the importer's parameter rule (src/onnx/onnx_import.h): elements of
  every floating-point initializer or Constant-node tensor of rank >= 1.
- float_init_elems: the plain sum of float initializer element counts.
- inputs: graph inputs that are not initializers; outputs: graph outputs.
- input0_dims / input0_sum: shape ("x"-joined, "-" for a scalar) and float64
  sum of test_data_set_0/input_0.pb, to check the C++ TensorProto reader.

Usage: /usr/bin/python3 tests/data/make_onnx_oracles.py [OUT_DIR]
(OUT_DIR defaults to tests/data/generated next to this script.)
"""
import glob
import os
import sys

import numpy as np
import onnx
from onnx import numpy_helper

DATA = "/usr/share/libonnx-testdata/data/pytorch-converted"
FLOAT_TYPES = {onnx.TensorProto.FLOAT, onnx.TensorProto.DOUBLE,
               onnx.TensorProto.FLOAT16, onnx.TensorProto.BFLOAT16}


def is_param(tensor):
    return tensor.data_type in FLOAT_TYPES and len(tensor.dims) >= 1


def constant_tensors(graph):
    """The payload tensors of Constant nodes (value_floats counts as 1-D float)."""
    for node in graph.node:
        if node.op_type != "Constant" or node.domain not in ("", "ai.onnx"):
            continue
        for attr in node.attribute:
            if attr.name == "value":
                yield attr.t
            elif attr.name == "value_floats":
                yield onnx.helper.make_tensor("c", onnx.TensorProto.FLOAT, [len(attr.floats)], list(attr.floats))


def numel(tensor):
    return int(np.prod(tensor.dims, dtype=np.int64)) if len(tensor.dims) else 1


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "generated")
    os.makedirs(out_dir, exist_ok=True)
    rows = []
    for model_path in sorted(glob.glob(os.path.join(DATA, "*", "model.onnx"))):
        name = os.path.basename(os.path.dirname(model_path))
        model = onnx.load(model_path)
        graph = model.graph
        tensors = list(graph.initializer) + list(constant_tensors(graph))
        params = sum(numel(t) for t in tensors if is_param(t))
        float_init = sum(numel(t) for t in graph.initializer if t.data_type in FLOAT_TYPES)
        init_names = {t.name for t in graph.initializer}
        inputs = sum(1 for i in graph.input if i.name not in init_names)
        outputs = len(graph.output)
        dims, total = "none", "0"
        input0 = os.path.join(os.path.dirname(model_path), "test_data_set_0", "input_0.pb")
        if os.path.exists(input0):
            t = onnx.TensorProto()
            with open(input0, "rb") as f:
                t.ParseFromString(f.read())
            array = numpy_helper.to_array(t)
            dims = "x".join(str(d) for d in array.shape) or "-"
            total = repr(float(array.astype(np.float64).sum()))
        rows.append(f"{name}\t{params}\t{float_init}\t{inputs}\t{outputs}\t{dims}\t{total}")
    out_path = os.path.join(out_dir, "pytorch_converted_params.tsv")
    with open(out_path, "w") as f:
        f.write("\n".join(rows) + "\n")
    print(f"wrote {out_path} ({len(rows)} models)")


if __name__ == "__main__":
    main()
