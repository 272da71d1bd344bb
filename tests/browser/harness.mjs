// What every browser test needs: Debian's Chromium, headless, driven by playwright-core; the test
// copy of the app served from its own origin; files opened the way a user opens them; downloads
// decoded; screenshots kept as artifacts. Paths come from the environment CTest sets
// (tests/browser/CMakeLists.txt).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { PNG } from 'pngjs';

import { startServer } from '../../scripts/serve.mjs';

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (run the browser tests through ctest)`);
  return value;
}

export const paths = {
  get work() { return required('TINT_BROWSER_WORK'); },
  get app() { return join(paths.work, 'app'); },
  get files() { return join(paths.work, 'files'); },
  get models() { return join(paths.work, 'models'); },
  get artifacts() { return join(paths.work, 'artifacts'); },
  get data() { return required('TINT_DATA_DIR'); },
  get trainer() { return required('TINT_NATIVE_TRAINER'); },
  get source() { return required('TINT_SOURCE_DIR'); },
  get builtApp() { return required('TINT_APP_DIR'); },  // the build's app (build/wasm/app)
};

export const chromiumArgs = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// A fresh browser profile and a server for the test app (or for `url`, served by someone else).
// Collects console messages, page errors and every request the page makes.
// `isMobile` and `hasTouch` emulate a phone or tablet (touch only, no mouse hover).
export async function launch({
  isolated = true, viewport = { width: 1280, height: 800 }, deviceScaleFactor = 1, extraArgs = [],
  url, isMobile = false, hasTouch = false, initScript,
} = {}) {
  const server = url ? { url, close: async () => {} } : await startServer({ root: paths.app, isolated });
  const profile = mkdtempSync(join(tmpdir(), 'tint-browser-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport,
    deviceScaleFactor,
    isMobile,
    hasTouch,
    acceptDownloads: true,
    args: [...chromiumArgs, ...extraArgs],
  });
  if (initScript) await context.addInitScript(initScript);
  const page = context.pages()[0] ?? (await context.newPage());
  const session = {
    server, context, page,
    console: [],
    pageErrors: [],
    requests: [],
    async close() {
      await context.close();
      await server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
  context.on('request', (request) => session.requests.push(request.url()));
  page.on('console', (message) => session.console.push({ type: message.type(), text: message.text() }));
  page.on('pageerror', (error) => session.pageErrors.push(error.message));
  return session;
}

// One browser with the app loaded for all the tests of a file; `ready(session)` runs once it is.
export function sharedApp(ready) {
  let session;
  before(async () => {
    session = await launch();
    await openApp(session);
    await ready(session);
  });
  after(() => session?.close());
}

// The models the test app bundles (tests/browser/prepare_fixtures.sh), in its order.
export const bundledModels = ['photo.onnx', 'palette24.onnx', 'hint.onnx'];

// Loads the app (at `hash`, a link) and waits for `models` models and `examples` examples.
export async function openApp(session, { models = bundledModels.length, examples = 0, hash = '' } = {}) {
  await session.page.goto(session.server.url + hash);
  await waitForApp(session.page, { models, examples });
}

// Waits until the app (loaded or reloaded) has `models` models ready and `examples` examples.
export async function waitForApp(page, { models = bundledModels.length, examples = 0 } = {}) {
  await page.waitForFunction(([modelCount, exampleCount]) => {
    const state = window.tint?.status();
    return state && state.models.filter((model) => model.ready).length >= modelCount &&
      state.examples.length >= exampleCount;
  }, [models, examples], { timeout: 120_000 });
}

// A free loopback port (for servers the tests start as separate processes).
export async function freePort() {
  const server = createServer();
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address();
  await new Promise((done) => server.close(done));
  return port;
}

// Resolves to the first line of a child process' output that matches `pattern`; rejects when the
// process exits first or `timeoutMs` passes.
export function waitForOutput(child, pattern, timeoutMs) {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk) => {
      output += chunk;
      const match = output.split('\n').find((line) => pattern.test(line));
      if (match !== undefined) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ${pattern}:\n${output}`));
    });
  });
}

// Resolves to the exit code once `child` exits, or rejects after `timeoutMs`.
export function exitOf(child, timeoutMs) {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still running after ${timeoutMs} ms`)), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? signal);
    });
  });
}

// Clicks the start screen's button of example `name`, as a user does.
export async function clickExample(page, name) {
  const example = (await status(page)).examples.find((entry) => entry.name === name);
  if (!example?.thumbnail.length) throw new Error(`example ${name} is not on the start screen`);
  const [left, top, width, height] = example.thumbnail;
  await page.mouse.move(left + width / 2, top + height / 2);
  await page.waitForTimeout(holdMs);
  await page.mouse.down();
  await page.waitForTimeout(holdMs);
  await page.mouse.up();
}

export function status(page) {
  return page.evaluate(() => window.tint.status());
}

// Waits until the app has nothing running, loading or decoding.
export async function idle(page) {
  await page.evaluate(() => window.tint.idle());
  return status(page);
}

// Waits for a new colorized result after `action` (a new image, model, setting).
export async function nextResult(page, action) {
  const before = (await status(page)).colorized?.serial ?? -1;
  await action();
  await page.waitForFunction((serial) => {
    const current = window.tint.status();
    return current.busy === '' && (current.colorized?.serial ?? -1) > serial;
  }, before, { timeout: 120_000 });
  return status(page);
}

// ImGui 1.86 samples key and button state once per frame, so a key or button is held for a few
// frames, as a person's finger does (a press and release within one frame would go unseen).
const holdMs = 80;

export async function press(page, key) {
  await page.locator('#canvas').focus();
  await page.keyboard.down(key);
  await page.waitForTimeout(holdMs);
  await page.keyboard.up(key);
  await page.waitForTimeout(holdMs);
}

// Presses keys together, as Ctrl+Shift+Z: each held down in order, released in reverse.
export async function pressChord(page, keys) {
  await page.locator('#canvas').focus();
  for (const key of keys) await page.keyboard.down(key);
  await page.waitForTimeout(holdMs);
  for (const key of [...keys].reverse()) await page.keyboard.up(key);
  await page.waitForTimeout(holdMs);
}

// Clicks at (x, y) with `button` ('left' or 'right'), held for a few frames.
export async function click(page, [x, y], button = 'left') {
  await page.mouse.move(x, y);
  await page.waitForTimeout(holdMs);
  await page.mouse.down({ button });
  await page.waitForTimeout(holdMs);
  await page.mouse.up({ button });
  await page.waitForTimeout(holdMs);
}

// Drags with the left button from (x0, y0) to (x1, y1) in `steps` frame-sized moves.
export async function drag(page, [x0, y0], [x1, y1], steps = 8) {
  await page.mouse.move(x0, y0);
  await page.waitForTimeout(holdMs);
  await page.mouse.down();
  await page.waitForTimeout(holdMs);
  for (let i = 1; i <= steps; ++i) {
    await page.mouse.move(x0 + ((x1 - x0) * i) / steps, y0 + ((y1 - y0) * i) / steps);
    await page.waitForTimeout(holdMs / 2);
  }
  await page.waitForTimeout(holdMs);
  await page.mouse.up();
  await page.waitForTimeout(holdMs);
}

// Fingers, as the DevTools protocol gives them to the page: `steps` lists where each finger is at
// each step (the first step puts them down, the last lifts them), a frame-sized wait between.
export async function touch(session, steps) {
  const cdp = session.cdp ?? (session.cdp = await session.context.newCDPSession(session.page));
  const points = (fingers) => fingers.map(([x, y], id) => ({ x, y, id, radiusX: 4, radiusY: 4, force: 1 }));
  for (let i = 0; i < steps.length; ++i) {
    const type = i === 0 ? 'touchStart' : 'touchMove';
    await cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points(steps[i]) });
    await session.page.waitForTimeout(holdMs / 2);
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await session.page.waitForTimeout(holdMs);
}

// A finger held at (x, y) for `ms` milliseconds.
export async function holdFinger(session, [x, y], ms) {
  const cdp = session.cdp ?? (session.cdp = await session.context.newCDPSession(session.page));
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y, id: 0 }] });
  await session.page.waitForTimeout(ms);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await session.page.waitForTimeout(holdMs);
}

// Opens files through the app's own file picker, as a user does: the "O" shortcut (or "M" for
// models) opens the picker, and the files are chosen in it.
export async function openWithPicker(page, files, key = 'o') {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), press(page, key)]);
  await chooser.setFiles(files);
}

// Bytes into the page as base64 text, which crosses the DevTools protocol far faster than an array.
async function bytesHandle(page, path) {
  return page.evaluateHandle((base64) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)),
    readFileSync(path).toString('base64'));
}

// Drops a file on the canvas with a real DataTransfer, as a drag from the desktop does.
export async function dropFile(page, path, name, mimeType = '') {
  const bytes = await bytesHandle(page, path);
  const transfer = await page.evaluateHandle(({ bytes, name, mimeType }) => {
    const data = new DataTransfer();
    data.items.add(new File([bytes], name, { type: mimeType }));
    return data;
  }, { bytes, name, mimeType });
  await page.dispatchEvent('#canvas', 'dragenter', { dataTransfer: transfer });
  await page.dispatchEvent('#canvas', 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent('#canvas', 'drop', { dataTransfer: transfer });
}

// Pastes a file as the clipboard's content, as Ctrl+V on the page does.
export async function pasteFile(page, path, name, mimeType) {
  const bytes = await bytesHandle(page, path);
  await page.evaluate(({ bytes, name, mimeType }) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], name, { type: mimeType }));
    document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true }));
  }, { bytes, name, mimeType });
}

// Downloads the colorized PNG with the "S" shortcut and decodes it.
export async function downloadResult(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), press(page, 's')]);
  const path = await download.path();
  return { name: download.suggestedFilename(), png: readPng(path) };
}

export function readPng(path) {
  return PNG.sync.read(readFileSync(path));
}

// Writes 3-channel sRGB8 samples as a PNG file.
export function writePng(path, width, height, rgb) {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; ++i) {
    png.data.set(rgb.subarray(3 * i, 3 * i + 3), 4 * i);
    png.data[4 * i + 3] = 255;
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, PNG.sync.write(png));
}

const cifarRecordBytes = 1 + 3 * 32 * 32;  // label, then the R, G and B planes

// Test image `index` of CIFAR-10's test batch (the full one, or its first 1017 images, as the
// trainer reads it), written as a PNG in the work folder; returns its path.
export function cifarTestImage(index) {
  const path = join(paths.files, `cifar-test-${index}.png`);
  if (existsSync(path)) return path;
  const folder = join(paths.data, 'cifar-10-batches-bin');
  const full = join(folder, 'test_batch.bin');
  const batch = readFileSync(existsSync(full) ? full : join(folder, 'test_batch.first1017.bin'));
  const record = batch.subarray(index * cifarRecordBytes, (index + 1) * cifarRecordBytes);
  const rgb = new Uint8Array(3 * 32 * 32);
  for (let p = 0; p < 32 * 32; ++p)
    for (let c = 0; c < 3; ++c) rgb[3 * p + c] = record[1 + c * 1024 + p];
  writePng(path, 32, 32, rgb);
  return path;
}

// Opens a file through the page's scripting interface (for tests about what follows, not how).
export async function openFile(page, path, name) {
  const bytes = await bytesHandle(page, path);
  await page.evaluate(({ bytes, name }) => window.tint.openFile(bytes, name), { bytes, name });
}

// `options` are Playwright's (scale: 'css' for one pixel per CSS pixel on a high-density screen).
export async function screenshot(page, name, options = {}) {
  mkdirSync(paths.artifacts, { recursive: true });
  const path = join(paths.artifacts, `${name}.png`);
  await page.screenshot({ path, ...options });
  return path;
}

// CIE L* of an sRGB8 pixel, from the sRGB and CIELAB definitions (D65): an independent check of
// the app's colour core.
export function lightnessOf(red, green, blue) {
  const linear = (value) => {
    const c = value / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const y = 0.2126729 * linear(red) + 0.7151522 * linear(green) + 0.072175 * linear(blue);
  return y > 216 / 24389 ? 116 * Math.cbrt(y) - 16 : (24389 / 27) * y;
}

const srgbToLinear = (value) => {
  const c = value / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
};
const whiteX = 0.95047, whiteZ = 1.08883;

// CIELAB of an sRGB8 colour (D65), from the definitions.
export function labOf(red, green, blue) {
  const [r, g, b] = [red, green, blue].map(srgbToLinear);
  const x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / whiteX;
  const y = 0.2126729 * r + 0.7151522 * g + 0.072175 * b;
  const z = (0.0193339 * r + 0.119192 * g + 0.9503041 * b) / whiteZ;
  const f = (t) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

// The sRGB8 colour of a CIELAB colour (clipped into the gamut), from the definitions.
export function srgbOfLab(lightness, a, b) {
  const fy = (lightness + 16) / 116, fx = fy + a / 500, fz = fy - b / 200;
  const inverse = (t) => (t ** 3 > 216 / 24389 ? t ** 3 : (116 * t - 16) / (24389 / 27));
  const [x, y, z] = [inverse(fx) * whiteX, inverse(fy), inverse(fz) * whiteZ];
  const linear = [
    3.2404542 * x - 1.5371385 * y - 0.4985314 * z,
    -0.969266 * x + 1.8760108 * y + 0.041556 * z,
    0.0556434 * x - 0.2040259 * y + 1.0572252 * z,
  ];
  return linear.map((c) => {
    const v = Math.min(1, Math.max(0, c));
    return Math.round(255 * (v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055));
  });
}

// The mean CIELAB of the square of `radius` around (x, y) of an RGBA image.
export function meanLab({ data, width }, [x, y], radius) {
  const sum = [0, 0, 0];
  let count = 0;
  for (let j = y - radius; j <= y + radius; ++j)
    for (let i = x - radius; i <= x + radius; ++i) {
      const o = 4 * (j * width + i);
      labOf(data[o], data[o + 1], data[o + 2]).forEach((value, c) => { sum[c] += value; });
      ++count;
    }
  return sum.map((value) => value / count);
}

export const deltaE = (p, q) => Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);

// Hasler and Suesstrunk's colourfulness of an RGBA image (0 for any gray image).
export function colourfulness({ data, width, height }) {
  const count = width * height;
  let sumRg = 0, sumYb = 0, sumRg2 = 0, sumYb2 = 0;
  for (let i = 0; i < count; ++i) {
    const r = data[4 * i], g = data[4 * i + 1], b = data[4 * i + 2];
    const rg = r - g, yb = 0.5 * (r + g) - b;
    sumRg += rg; sumYb += yb; sumRg2 += rg * rg; sumYb2 += yb * yb;
  }
  const meanRg = sumRg / count, meanYb = sumYb / count;
  const varRg = sumRg2 / count - meanRg ** 2, varYb = sumYb2 / count - meanYb ** 2;
  return Math.sqrt(varRg + varYb) + 0.3 * Math.hypot(meanRg, meanYb);
}
