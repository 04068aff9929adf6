// Vite builds the page (and proves the package works under a bundler).
// The headers make the dev and preview servers cross-origin isolated, as
// `npm run demo` serves the built site (threads need SharedArrayBuffer).
//
// Workaround while the package initializes with a top-level await (remove
// once nnslim initializes lazily on first use): TLA needs an es2022 target,
// a worker bundle in ES format (an 'iife' worker cannot hold a TLA), and
// nnslim kept out of dependency pre-bundling (which moves the module away
// from its .wasm).
import { defineConfig } from 'vite';

const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  base: './',
  build: { target: 'es2022', chunkSizeWarningLimit: 1024 },
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['nnslim'] },
  server: { host: '127.0.0.1', headers: isolation, fs: { allow: ['..'] } },
  preview: { host: '127.0.0.1', headers: isolation },
});
