// A small CNN with seeded He weights, run on a fixed input: the same numbers
// wherever nnslim runs (main thread, worker, Node), so the example's test
// can compare them. Takes the nnslim namespace so Node can run it too.
// Resolves to { output, build, numThreads }: the output's numbers, the build
// that ran (a cross-origin isolated page gets 'threads') and the model's threads.
export async function runSeededModel(nnslim) {
  await nnslim.init(); // sequential() is synchronous: load the module first
  const { layers } = nnslim;
  const model = nnslim.sequential({
    seed: 7,
    layers: [
      layers.conv2d({ filters: 8, kernelSize: 3, activation: 'relu', inputShape: [12, 12, 3] }),
      layers.maxPooling2d({ poolSize: 2 }),
      layers.flatten(),
      layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  try {
    const input = Float32Array.from({ length: 12 * 12 * 3 }, (_, i) => Math.sin(i * 0.37));
    const outputs = await model.run({ [model.inputNames[0]]: new nnslim.Tensor('float32', input, [1, 12, 12, 3]) });
    return { output: [...outputs[model.outputNames[0]].data], build: nnslim.features().build, numThreads: model.numThreads };
  } finally {
    model.dispose();
  }
}
