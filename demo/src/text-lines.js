// The default model's sample inputs: short text lines drawn on a canvas,
// upright and rotated by 180 degrees, preprocessed as PaddleOCR's direction
// classifier expects (height 48, aspect kept, width padded to 192, channels
// first, (x / 255 - 0.5) / 0.5). The expected class of each sample is known
// (0 = upright, 1 = upside down), so top-1 agreement is about real inputs.

const LINES = ['nnslim 0.1', 'Pareto front', 'int8 latency', 'WebAssembly', 'p50 = 1.5 ms', 'ONNX model'];

/** [{ text, rotated, expected, data: Float32Array(3*48*192), canvas }] for `dims` = [1, 3, H, W]. */
export function textLineSamples(dims) {
  const [, channels, height, width] = dims;
  const samples = [];
  for (const text of LINES) {
    for (const rotated of [false, true]) {
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const context = canvas.getContext('2d', { willReadFrequently: true });
      context.fillStyle = '#fff';
      context.fillRect(0, 0, width, height);
      context.save();
      if (rotated) {
        context.translate(width, height);
        context.rotate(Math.PI);
      }
      context.fillStyle = '#111';
      context.font = `bold ${Math.round(height * 0.6)}px sans-serif`;
      context.textBaseline = 'middle';
      context.fillText(text, 6, height / 2, width - 12);
      context.restore();
      const pixels = context.getImageData(0, 0, width, height).data;
      const data = new Float32Array(channels * height * width);
      for (let c = 0; c < channels; c++) {
        for (let i = 0; i < height * width; i++) data[c * height * width + i] = (pixels[i * 4 + (2 - c % 3)] / 255 - 0.5) / 0.5;
      }
      samples.push({ text, rotated, expected: rotated ? 1 : 0, data, canvas });
    }
  }
  return samples;
}
