// The browser app's web server (scripts/run.sh), on 127.0.0.1 only: the Content Security Policy
// header, optional cross-origin isolation (COOP/COEP, which gives ONNX Runtime its threads), gzip
// for text and WebAssembly, and ETag revalidation. Also used by the browser tests and the benchmark.
//   node scripts/serve.mjs [--port 8080] [--no-isolation] APP_FOLDER
// A static file server is small enough here that a dependency would add more than it saves.
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
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.bmp': 'image/bmp',
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
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
    } catch {
      response.writeHead(400, { ...headers, 'Content-Type': 'text/plain' });
      response.end('bad request\n');
      return;
    }
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
  await new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', fail);
      done();
    });
  });
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((done) => {
      server.closeAllConnections();
      server.close(done);
    }),
    server,
  };
}

const usage = 'usage: node scripts/serve.mjs [--port 8080] [--no-isolation] APP_FOLDER';

function fail(text) {
  console.error(`serve: ${text}`);
  process.exit(1);
}

async function main(args) {
  let port = 8080, isolated = true, root;
  for (let i = 0; i < args.length; ++i) {
    if (args[i] === '--no-isolation') isolated = false;
    else if (args[i] === '--port') port = args[++i];
    else if (args[i] === '--help' || args[i] === '-h') { console.log(usage); return; }
    else if (args[i].startsWith('-')) fail(`unknown option ${args[i]}\n${usage}`);
    else if (root === undefined) root = args[i];
    else fail(`one app folder only, got ${root} and ${args[i]}\n${usage}`);
  }
  if (root === undefined) fail(`no app folder given\n${usage}`);
  if (!/^\d+$/.test(String(port)) || Number(port) > 65535)
    fail(`--port must be a number from 0 to 65535, got '${port}'`);
  const index = await stat(join(root, 'index.html')).catch(() => null);
  if (!index?.isFile()) fail(`${root} has no index.html: is it a built app folder (build/wasm/app)?`);

  let running;
  try {
    running = await startServer({ root, port: Number(port), isolated });
  } catch (error) {
    if (error.code === 'EADDRINUSE')
      fail(`port ${port} on 127.0.0.1 is already in use (is tint already running there?); ` +
        'choose another one with --port');
    if (error.code === 'EACCES') fail(`port ${port} needs more privileges; choose one above 1023 with --port`);
    throw error;
  }
  console.log(`tint is serving ${root} at ${running.url}${isolated ? ' (cross-origin isolated)' : ''}`);
  console.log('Open that address in a browser; press Ctrl-C to stop.');
  // Ctrl-C (and a service manager's SIGTERM) close open connections and exit normally.
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, async () => {
      await running.close();
      console.log('tint stopped');
      process.exit(0);
    });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
