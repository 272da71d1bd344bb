// A small static server for the browser app: the Content Security Policy header, optional
// cross-origin isolation (COOP/COEP, which gives ONNX Runtime its threads), gzip for text and
// WebAssembly, and ETag revalidation. Used by the browser tests and the benchmark, and by hand:
//   node tests/browser/serve.mjs [--port 8080] [--no-isolation] build/wasm/app
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

const contentTypes = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};
const compressible = new Set(['.html', '.js', '.mjs', '.css', '.json', '.webmanifest', '.wasm', '.onnx', '.svg']);

// The same policy as the page's meta tag: only this origin, plus WebAssembly compilation.
export const contentSecurityPolicy =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
  "img-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

// Serves `root` on 127.0.0.1 (port 0: any free port). Resolves to { url, close() } once every file
// is read and compressed, as a static host serves precompressed files.
export async function startServer({ root, port = 0, isolated = true }) {
  const rootDir = resolve(root);
  const cache = new Map();  // path -> { mtime, body, gzipped, etag }

  async function load(path) {
    const info = await stat(path);
    if (!info.isFile()) return null;
    const cached = cache.get(path);
    if (cached && cached.mtime === info.mtimeMs) return cached;
    const body = await readFile(path);
    const entry = {
      mtime: info.mtimeMs,
      body,
      gzipped: compressible.has(extname(path)) ? await gzipAsync(body, { level: 6 }) : null,
      etag: `"${createHash('sha1').update(body).digest('hex')}"`,
    };
    cache.set(path, entry);
    return entry;
  }
  const files = await readdir(rootDir, { recursive: true, withFileTypes: true });
  await Promise.all(files.filter((file) => file.isFile())
    .map((file) => load(join(file.parentPath ?? file.path, file.name))));

  const server = createServer(async (request, response) => {
    const headers = {
      'Content-Security-Policy': contentSecurityPolicy,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
    };
    if (isolated) {
      headers['Cross-Origin-Opener-Policy'] = 'same-origin';
      headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
    }
    let pathname = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
    if (pathname.endsWith('/')) pathname += 'index.html';
    const path = normalize(join(rootDir, pathname));
    let entry = null;
    if (path.startsWith(rootDir + sep) && (request.method === 'GET' || request.method === 'HEAD'))
      entry = await load(path).catch(() => null);
    if (!entry) {
      response.writeHead(404, { ...headers, 'Content-Type': 'text/plain' });
      response.end('not found\n');
      return;
    }
    headers['Content-Type'] = contentTypes[extname(path)] ?? 'application/octet-stream';
    headers.ETag = entry.etag;
    headers.Vary = 'Accept-Encoding';
    if (request.headers['if-none-match'] === entry.etag) {
      response.writeHead(304, headers);
      response.end();
      return;
    }
    let body = entry.body;
    if (entry.gzipped && /\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) {
      body = entry.gzipped;
      headers['Content-Encoding'] = 'gzip';
    }
    headers['Content-Length'] = body.length;
    response.writeHead(200, headers);
    response.end(request.method === 'HEAD' ? undefined : body);
  });
  await new Promise((done) => server.listen(port, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((done) => {
      server.closeAllConnections();
      server.close(done);
    }),
    server,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name) => {
    const index = args.indexOf(name);
    return index < 0 ? undefined : args.splice(index, 2)[1];
  };
  const isolated = !args.includes('--no-isolation');
  const port = Number(option('--port') ?? 8080);
  const root = args.filter((arg) => arg !== '--no-isolation')[0];
  if (!root) {
    console.error('usage: node tests/browser/serve.mjs [--port 8080] [--no-isolation] APP_FOLDER');
    process.exit(2);
  }
  const { url } = await startServer({ root, port, isolated });
  console.log(`serving ${root} at ${url}${isolated ? ' (cross-origin isolated)' : ''}`);
}
