// What any webpack 5 app has: an entry and an HTML page. nnslim needs nothing
// here: webpack emits its .wasm as an asset (the package locates it with
// `new URL(..., import.meta.url)`) and bundles the module worker.
import HtmlWebpackPlugin from 'html-webpack-plugin';

export default {
  entry: './src/main.js',
  output: { clean: true },
  plugins: [new HtmlWebpackPlugin({ template: './index.html' })],
};
