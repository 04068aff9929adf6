// The package's public surface, re-exported by both entries (web/index.js for
// browsers and bundlers, web/node.js for Node). Helpers whose names start with
// an underscore stay out of it: the package's own tests and benchmarks reach
// them through web/internal.js.
export { features, init, loadModel, Model, ready, simdSupported, supportedOps } from './api.js';
export * from './errors.js';
export { Tensor } from './tensor.js';
export { input, layers, model, sequential } from './builder.js';
export * as zoo from './zoo.js';
