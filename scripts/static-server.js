// A tiny static file server for the browser tests (and the demo page): serves
// a folder over http://127.0.0.1 with the MIME types wasm and ES modules need,
// and with cross-origin isolation headers (COOP/COEP). Isolation matters for
// benchmarking: Chromium coarsens performance.now() to 100 us on pages that
// are not cross-origin isolated, 5 us on pages that are; it is also what
// SharedArrayBuffer (threads) will need.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.onnx': 'application/octet-stream',
  '.pb': 'application/octet-stream',
};

// mounts: { '/url-prefix/': '/folder', ... }; '/' is the root. Longest
// prefix wins. Paths that escape their folder (..) get 403. headers: added
// to every answer (e.g. a CDN's Access-Control-Allow-Origin).
// crossOriginIsolation (or its alias isolated): false serves without
// COOP/COEP (how a page behaves on a host that does not send them).
export async function startStaticServer({
  mounts, port = 0, host = '127.0.0.1', headers: extraHeaders = {}, isolated = true, crossOriginIsolation = isolated,
}) {
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
  const isolationHeaders = crossOriginIsolation
    ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' }
    : {};
  const server = createServer(async (request, response) => {
    const headers = { ...isolationHeaders, 'Cache-Control': 'no-store', ...extraHeaders };
    try {
      const pathname = decodeURIComponent(new URL(request.url, 'http://x').pathname);
      const prefix = prefixes.find((p) => pathname.startsWith(p));
      if (!prefix) throw Object.assign(new Error('not found'), { status: 404 });
      const folder = resolve(mounts[prefix]);
      let file = normalize(join(folder, pathname.slice(prefix.length)));
      if (file !== folder && !file.startsWith(folder + sep)) throw Object.assign(new Error('forbidden'), { status: 403 });
      let info = await stat(file);
      if (info.isDirectory()) {
        file = join(file, 'index.html');
        info = await stat(file);
      }
      response.writeHead(200, {
        ...headers,
        'Content-Type': MIME_TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Length': info.size,
      });
      createReadStream(file).pipe(response);
    } catch (error) {
      const status = error.status ?? (error.code === 'ENOENT' ? 404 : 500);
      response.writeHead(status, { ...headers, 'Content-Type': 'text/plain' });
      response.end(`${status} ${error.message}\n`);
    }
  });
  await new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, done);
  });
  const { port: boundPort } = server.address();
  return {
    url: `http://${host}:${boundPort}`,
    close: () => new Promise((done) => server.close(done)),
  };
}
