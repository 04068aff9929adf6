// An independent oracle for ONNX files: Debian's python3-onnx (onnx 1.12)
// reads the model and runs ONNX's own shape inference; nnslim's figures are
// compared against what it reports.
import { runChecked } from './node_child.js';

const SCRIPT = `
import json, sys, onnx
from onnx import shape_inference, numpy_helper
model = onnx.load(sys.argv[1])
graph = shape_inference.infer_shapes(model).graph
shapes = {v.name: [d.dim_value for d in v.type.tensor_type.shape.dim]
          for v in list(graph.value_info) + list(graph.output) + list(graph.input)}
inits = {t.name: list(t.dims) for t in graph.initializer}
numel = lambda dims: int(__import__('math').prod(dims))
nodes = []
for n in graph.node:
    nodes.append({'op': n.op_type, 'inputs': [inits.get(i) or shapes.get(i) for i in n.input],
                  'outputs': [shapes.get(o) for o in n.output],
                  'attrs': {a.name: onnx.helper.get_attribute_value(a) for a in n.attribute
                            if a.type in (onnx.AttributeProto.INT, onnx.AttributeProto.INTS)}})
print(json.dumps({'initializerElements': sum(numel(d) for d in inits.values()), 'nodes': nodes}))
`;

export function onnxFacts(path) {
  return JSON.parse(runChecked('/usr/bin/python3', ['-c', SCRIPT, path], { label: `python3: the ONNX facts of ${path}` }));
}

// Conv MACs by the rule in docs/profiling.md: N*Hout*Wout*Cout*(Cin/group)*Kh*Kw.
export function convMacs(node) {
  const [weightDims] = [node.inputs[1]];
  const outputDims = node.outputs[0];
  const [cout, cinPerGroup, ...kernel] = weightDims;
  const [n, , ...spatial] = outputDims;
  return [n, ...spatial, cout, cinPerGroup, ...kernel].reduce((a, b) => a * b, 1);
}
