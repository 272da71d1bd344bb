// Benchmarks the browser app in headless Chromium (Debian's, via playwright-core) on localhost and
// writes a markdown table: time from navigation to the first colorized image (cold and warm),
// network + decode time at three sizes, re-decode time for palette edits and the temperature,
// bytes loaded, the WebAssembly heap over 100 colorizations, and, with a model that takes colour
// hints, the time from a hint change to the updated picture and the frame times while a hint is
// dragged with the mouse.
//
// With it, the timeline of a page start: when each stage (HTML, scripts, both WebAssembly modules,
// the model, ONNX Runtime's session, the first run, the first colour) ended, in ms since navigation.
//
// Usage: node bench/browser_bench.mjs [--app FOLDER] [--data FOLDER] [--out FILE] [--startup-only]
//   --app   the assembled app; default build/wasm/app when it bundles models, else the browser
//           tests' copy (build/wasm/tests/browser/app, with the models the test fixture trains)
//   --data  the data sets (default $TINT_DATA_DIR or ../shared/data)
//   --out   also write the table with the command and machine to FILE
//   --startup-only  only navigation to the first colour and its timeline
// Run it on an otherwise idle machine: every number is wall-clock time.
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { PNG } from 'pngjs';

import { chromiumArgs } from '../tests/browser/harness.mjs';
import { startServer } from '../scripts/serve.mjs';
import { args, option, root } from './command_line.mjs';

const bundlesModels = (folder) =>
  existsSync(join(folder, 'site.json')) &&
  JSON.parse(readFileSync(join(folder, 'site.json'), 'utf8')).models.length > 0;
const buildApp = join(root, 'build', 'wasm', 'app');
const app = resolve(option('--app', bundlesModels(buildApp) ? buildApp : join(root, 'build', 'wasm', 'tests', 'browser', 'app')));
const data = resolve(option('--data', process.env.TINT_DATA_DIR ?? join(root, '..', 'shared', 'data')));
const out = option('--out');
const startupOnly = args.includes('--startup-only');
if (!bundlesModels(app)) {
  console.error(`${app} bundles no model: build the app with TINT_APP_MODELS, or run the browser tests first`);
  process.exit(2);
}
const models = JSON.parse(readFileSync(join(app, 'site.json'), 'utf8')).models
  .map((path) => path.slice(path.lastIndexOf('/') + 1));

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const ms = (value) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
const mb = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`;

// PNG bytes of a centre crop of a PNG file.
function centreCrop(path, width, height) {
  const source = PNG.sync.read(readFileSync(path));
  const crop = new PNG({ width, height });
  const left = Math.floor((source.width - width) / 2), top = Math.floor((source.height - height) / 2);
  PNG.bitblt(source, crop, left, top, width, height, 0, 0);
  return PNG.sync.write(crop);
}

function cifarImage(index) {
  const folder = join(data, 'cifar-10-batches-bin');
  const full = join(folder, 'test_batch.bin');
  const batch = readFileSync(existsSync(full) ? full : join(folder, 'test_batch.first1017.bin'));
  const record = batch.subarray(index * 3073 + 1, (index + 1) * 3073);
  const png = new PNG({ width: 32, height: 32 });
  for (let p = 0; p < 1024; ++p) {
    for (let c = 0; c < 3; ++c) png.data[4 * p + c] = record[c * 1024 + p];
    png.data[4 * p + 3] = 255;
  }
  return PNG.sync.write(png);
}

const kodak = readFileSync(join(data, 'kodak', 'kodim05.png'));
const images = [
  ['32x32 (CIFAR-10 test image)', cifarImage(3)],
  ['256x256 (kodim05 centre crop)', centreCrop(join(data, 'kodak', 'kodim05.png'), 256, 256)],
  ['768x512 (kodim05)', kodak],
];

async function newBrowser(server) {
  const profile = mkdtempSync(join(tmpdir(), 'tint-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1280, height: 800 },
    args: chromiumArgs,
  });
  return {
    context,
    page: context.pages()[0] ?? (await context.newPage()),
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

// Runs in the page before its own scripts: opens kodim05 the moment the app can take it and
// records when the first colorized image is ready, in ms since navigation started.
function firstResultProbe(base64) {
  // Decoded natively: a script-side decode of the 0.6 MB photo would hold the page's thread for
  // over 100 ms before the page starts, which a user opening a file does not pay.
  const bytes = Uint8Array.fromBase64(base64);
  // Tasks that held the page's thread for more than 50 ms: [start, duration].
  window.__longTasks = [];
  // Awaited by the benchmark: a waitForFunction would inject Playwright's own script into the
  // page, over 100 ms of the page's thread during the start.
  window.__firstResultMs = new Promise((resolve) => { window.__firstColour = resolve; });
  new PerformanceObserver((list) => window.__longTasks.push(
    ...list.getEntries().map((task) => [task.startTime, task.duration]))).observe({ type: 'longtask' });
  const poll = () => {
    if (!window.tint) {
      requestAnimationFrame(poll);
      return;
    }
    if (!window.__opened) {
      performance.mark('tint: photo opened');
      window.tint.openFile(bytes, 'kodim05.png');
      window.__opened = true;
    }
    const state = window.tint.status();
    if (state.colorized) {
      performance.mark('tint: first colour');
      window.__framesDrawn = state.timings.frames_drawn;
      window.__firstColour(performance.now());
    } else {
      requestAnimationFrame(poll);
    }
  };
  requestAnimationFrame(poll);
}

// Runs in the page before its own scripts: records when the start screen shows every example's
// thumbnail (the app lays a thumbnail out in the frame that draws it), in ms since navigation.
function thumbnailsProbe(count) {
  window.__thumbnailsMs = new Promise((resolve) => {
    const poll = () => {
      const examples = window.tint?.status().examples ?? [];
      if (examples.length === count && examples.every((example) => example.thumbnail.length === 4)) {
        resolve(performance.now());
      } else {
        requestAnimationFrame(poll);
      }
    };
    requestAnimationFrame(poll);
  });
}

// The time to the first colour, and the stages of the start: the page's marks ("tint: <stage>",
// web/app.js and web/ort_glue.js) and when each script, WebAssembly module and model arrived.
async function timeToFirstResult(page, url) {
  await page.goto(url, { waitUntil: 'commit' });
  return page.evaluate(async () => {
    const firstResultMs = await window.__firstResultMs;
    const stages = { 'HTML received': performance.getEntriesByType('navigation')[0].responseEnd };
    for (const entry of performance.getEntriesByType('resource')) {
      const file = entry.name.slice(entry.name.lastIndexOf('/') + 1);
      if (/\.(js|mjs|wasm|onnx)$/.test(file)) stages[`${file} received`] = entry.responseEnd;
    }
    for (const mark of performance.getEntriesByType('mark')) {
      const stage = mark.name.replace(/^tint: /, '');
      if (stage !== mark.name && !(stage in stages)) stages[stage] = mark.startTime;
    }
    const before = window.__longTasks.filter(([start]) => start < firstResultMs);
    const blocked = before.reduce((sum, [, duration]) => sum + duration, 0);
    const longest = before.reduce((most, task) => (task[1] > most[1] ? task : most), [0, 0]);
    return { ms: firstResultMs, stages, blocked, longest, frames: window.__framesDrawn };
  });
}

// Markdown rows: each stage's median time over the cold and the warm visits, in the cold order.
function timelineRows({ cold, warm }) {
  const at = (visits, stage) => {
    const times = visits.map((visit) => visit.stages[stage]).filter((time) => time !== undefined);
    return times.length ? median(times) : undefined;
  };
  const stages = [...new Set([...cold, ...warm].flatMap((visit) => Object.keys(visit.stages)))];
  const key = (stage) => at(cold, stage) ?? at(warm, stage);
  const rows = stages.sort((a, b) => key(a) - key(b)).map((stage) => {
    const cell = (visits) => (at(visits, stage) === undefined ? '-' : ms(at(visits, stage)));
    return `| ${stage} | ${cell(cold)} | ${cell(warm)} |`;
  });
  const blocked = (visits) => ms(median(visits.map((visit) => visit.blocked)));
  // (Builds before frames_drawn have no count.)
  const frames = (visits) => (visits.every((visit) => visit.frames !== undefined)
    ? median(visits.map((visit) => visit.frames)) : '-');
  const longest = (visits) => {
    const [start, duration] = [...visits].sort((a, b) => a.longest[1] - b.longest[1])[visits.length >> 1].longest;
    return `${ms(duration)} from ${ms(start)}`;
  };
  return [...rows,
    `| the page's thread in long tasks (> 50 ms) before the first colour, in all | ${blocked(cold)} | ${blocked(warm)} |`,
    `| its longest task (the median visit's) | ${longest(cold)} | ${longest(warm)} |`,
    `| frames drawn up to the first colour (each a canvas commit) | ${frames(cold)} | ${frames(warm)} |`];
}

async function openBytes(page, bytes, name) {
  const before = await page.evaluate(() => window.tint.status().colorized?.serial ?? -1);
  await page.evaluate(({ base64, name }) =>
    window.tint.openFile(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)), name),
  { base64: bytes.toString('base64'), name });
  await waitForResult(page, before);
}

async function waitForResult(page, serialBefore) {
  await page.waitForFunction((serial) => {
    const state = window.tint.status();
    return state.busy === '' && (state.colorized?.serial ?? -1) > serial;
  }, serialBefore, { timeout: 120_000 });
  return page.evaluate(() => window.tint.status());
}

async function act(page, action, argument) {
  const before = await page.evaluate(() => window.tint.status().colorized.serial);
  await page.evaluate(action, argument);
  return waitForResult(page, before);
}

// Frame intervals (ms, sorted) while `during` runs, from the page's animation frames.
async function frameTimes(page, during) {
  await page.evaluate(() => {
    window.__frames = [];
    window.__recording = true;
    const record = (time) => {
      window.__frames.push(time);
      if (window.__recording) requestAnimationFrame(record);
    };
    requestAnimationFrame(record);
  });
  await during();
  const frames = await page.evaluate(() => {
    window.__recording = false;
    return window.__frames;
  });
  return {
    seconds: (frames.at(-1) - frames[0]) / 1000,
    intervals: frames.slice(1).map((time, i) => time - frames[i]).sort((a, b) => a - b),
  };
}
const p95 = (sorted) => sorted[Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))];

// Colour hints on the 768x512 photo (open) with model `hintModel`: the time from a hint change to
// the picture with it, and frame times while the mouse drags a hint. `note` says how ONNX Runtime
// runs.
async function hintBenchmarks(page, hintModel, note) {
  await act(page, (index) => window.tint.selectModel(index), hintModel);
  await act(page, () => window.tint.setHints({ hints: [{ x: 300, y: 200, rgb: [200, 40, 40] }] }));
  const runtime = (await page.evaluate(() => window.tint.status())).runtime;
  // From a hint change (a hint moved) to the picture with it, measured in the page.
  const changes = [];
  for (let i = 0; i < 10; ++i) {
    changes.push(await page.evaluate(async (x) => {
      const waitFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));
      const serial = window.tint.status().colorized.serial;
      const start = performance.now();
      window.tint.setHints({ hints: [{ x, y: 200, rgb: [200, 40, 40] }] });
      for (;;) {
        await waitFrame();
        const state = window.tint.status();
        if (state.busy === '' && state.colorized.serial > serial && state.colorized.hints_current)
          return performance.now() - start;
      }
    }, 310 + 10 * i));
  }
  const { prediction, timings } = await page.evaluate(() => window.tint.status());
  row(`hint change to the updated picture, 768x512 (kodim05), network at ${prediction.width}x${prediction.height}, median of 10${note}`,
    `${ms(median(changes))} (last run: network ${ms(timings.inference_ms)}, decode ${ms(timings.decode_ms)}; ${runtime})`, '<= 200 ms');

  // Frame times in the colorized view: idle for two seconds (what the browser gives here with
  // nothing to do), then while the mouse drags the hint (now at 400, 200) in a loop over the photo
  // for about three seconds, the network running alongside as often as it can.
  await page.keyboard.press('2');
  await page.waitForTimeout(300);
  const idle = await frameTimes(page, () => page.waitForTimeout(2000));
  const state = await page.evaluate(() => window.tint.status());
  const { zoom, origin, canvas } = state.view;
  const at = (x, y) => [canvas.left + origin[0] + (x + 0.5) * zoom, canvas.top + origin[1] + (y + 0.5) * zoom];
  await page.mouse.move(...at(400, 200));
  await page.waitForTimeout(100);
  await page.mouse.down();
  await page.waitForTimeout(100);
  const dragging = await frameTimes(page, async () => {
    const steps = 90;
    for (let i = 1; i <= steps; ++i) {
      const turn = (2 * Math.PI * i) / steps;
      await page.mouse.move(...at(400 + 250 * Math.sin(turn), 200 + 100 * (1 - Math.cos(turn))));
      await page.waitForTimeout(33);
    }
  });
  await page.mouse.up();
  await page.evaluate(() => window.tint.idle());
  const runs = (await page.evaluate(() => window.tint.status())).timings.network_runs - state.timings.network_runs;
  const frames = ({ intervals }) => `${ms(p95(intervals))} / ${ms(median(intervals))} / ${ms(intervals.at(-1))}`;
  row(`frame time while dragging a hint on 768x512 for ${dragging.seconds.toFixed(1)} s, p95 / median / max of ${dragging.intervals.length} frames, ${runs} network runs meanwhile${note}`,
    frames(dragging), 'p95 <= 33 ms');
  row(`  the same page idle for ${idle.seconds.toFixed(1)} s (this headless browser's own pace here)`, frames(idle));
  await page.evaluate(() => window.tint.clearHints());
  await page.evaluate(() => window.tint.idle());
}

const loadAtStart = loadavg()[0];
const rows = [];
const row = (benchmark, result, target = '-') => {
  rows.push(`| ${benchmark} | ${result} | ${target} |`);
  console.log(`${benchmark}: ${result}`);
};

// Navigation to the first colorized image: cold (fresh profile: no HTTP cache, no service worker),
// then warm (the same profile again: service worker cache, compiled code cache).
// Cold starts vary the most between runs here (by 0.3 s and more), so they take the most visits.
const coldVisits = 5;
async function firstResultTimes(server, requested) {
  const cold = [], warm = [];
  for (let round = 0; round < coldVisits; ++round) {
    const browser = await newBrowser(server);
    browser.context.on('request', (request) => requested?.add(new URL(request.url()).pathname));
    await browser.context.addInitScript(firstResultProbe, kodak.toString('base64'));
    cold.push(await timeToFirstResult(browser.page, server.url));
    await browser.page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      while (!navigator.serviceWorker.controller) await new Promise((resolve) => setTimeout(resolve, 50));
    });
    for (let visit = 0; visit < 3; ++visit) warm.push(await timeToFirstResult(browser.page, server.url));
    await browser.close();
  }
  return { cold, warm };
}
const firstColourMs = (visits) => median(visits.map((visit) => visit.ms));

// Navigation to the start screen with its example thumbnails, warm (the second and later visits of
// one profile), nothing opened.
async function thumbnailTimes(server, count) {
  const browser = await newBrowser(server);
  await browser.context.addInitScript(thumbnailsProbe, count);
  const times = [];
  for (let visit = 0; visit < 6; ++visit) {
    await browser.page.goto(server.url, { waitUntil: 'commit' });
    const ms = await browser.page.evaluate(() => window.__thumbnailsMs);
    if (visit === 0) {
      await browser.page.evaluate(async () => {
        await navigator.serviceWorker.ready;
        while (!navigator.serviceWorker.controller) await new Promise((resolve) => setTimeout(resolve, 50));
      });
    } else {
      times.push(ms);
    }
  }
  await browser.close();
  return times;
}

// A photo of `width` x `height` as a JPEG, made in the page from kodim05 scaled up (a phone photo's
// size; the browser's own encoder, quality 0.9).
async function largeJpeg(page, width, height) {
  const base64 = await page.evaluate(async ({ png, width, height }) => {
    const bitmap = await createImageBitmap(new Blob([Uint8Array.fromBase64(png)], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(width, height);
    canvas.getContext('2d').drawImage(bitmap, 0, 0, width, height);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
    return new Uint8Array(await blob.arrayBuffer()).toBase64();
  }, { png: kodak.toString('base64'), width, height });
  return Buffer.from(base64, 'base64');
}

// From handing the app a photo's bytes to its colour on screen, measured in the page, with the
// page's longest task meanwhile (how long it could not answer the user).
async function photoToColour(page, bytes, name) {
  await page.evaluate((base64) => { window.__photo = Uint8Array.fromBase64(base64); }, bytes.toString('base64'));
  return page.evaluate(async (name) => {
    const tasks = [];
    const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries().map((task) => task.duration)));
    observer.observe({ type: 'longtask' });
    const serial = window.tint.status().colorized?.serial ?? -1;
    const start = performance.now();
    window.tint.openFile(window.__photo, name);
    for (;;) {
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const state = window.tint.status();
      if (state.busy === '' && (state.colorized?.serial ?? -1) > serial) break;
    }
    // The frame that shows it.
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const ms = performance.now() - start;
    // (Entries of the last tasks may not have been delivered yet.)
    tasks.push(...observer.takeRecords().map((task) => task.duration));
    observer.disconnect();
    const { timings } = window.tint.status();
    return { ms, longestTask: Math.max(0, ...tasks), timings };
  }, name);
}

const unisolated = await startServer({ root: app, isolated: false });
const withoutIsolation = await firstResultTimes(unisolated);
await unisolated.close();
const server = await startServer({ root: app, isolated: true });
try {
  const requested = new Set();
  const starts = await firstResultTimes(server, requested);
  const { cold, warm } = starts;
  const runtime = await (async () => {
    const browser = await newBrowser(server);
    await browser.page.goto(server.url);
    await browser.page.waitForFunction(() => window.tint?.status().models.every((m) => m.ready) &&
      window.tint.status().models.length > 0);
    const state = await browser.page.evaluate(() => ({
      ...window.tint.status(),
      chromium: navigator.userAgent.match(/Chrome\/([\d.]+)/)?.[1],
    }));
    await browser.close();
    return state;
  })();
  row(`navigation to first colorized kodim05 (768x512), cold, median of ${cold.length}`, ms(firstColourMs(cold)), '<= 1.5 s');
  row(`navigation to first colorized kodim05 (768x512), warm, median of ${warm.length}`, ms(firstColourMs(warm)), '<= 1 s');
  row('the same without cross-origin isolation (ONNX Runtime on 1 thread), cold / warm',
    `${ms(firstColourMs(withoutIsolation.cold))} / ${ms(firstColourMs(withoutIsolation.warm))}`, '<= 1.5 s / 1 s');
  const exampleCount = JSON.parse(readFileSync(join(app, 'site.json'), 'utf8')).examples.length;
  const thumbnails = await thumbnailTimes(server, exampleCount);
  row(`navigation to the start screen with its ${exampleCount} example thumbnails drawn, warm, median of ${thumbnails.length}`,
    ms(median(thumbnails)), '<= 0.5 s');

  // Bytes the first visit loaded, as the server sends them (gzip): the app, ONNX Runtime and the
  // default model (the target), and the other bundled models and the example photos, which the
  // service worker caches too.
  const parts = { app: 0, ort: 0, defaultModel: 0, otherModels: 0, examples: 0 };
  let raw = 0;
  for (const path of requested) {
    const file = join(app, path.endsWith('/') ? `${path}index.html` : path);
    if (!existsSync(file) || !statSync(file).isFile()) continue;
    const bytes = readFileSync(file);
    const size = /\.(png|jpe?g)$/.test(file) ? bytes.length : gzipSync(bytes, { level: 6 }).length;
    raw += bytes.length;
    if (path.startsWith('/ort/')) parts.ort += size;
    else if (path === `/models/${models[0]}`) parts.defaultModel += size;
    else if (path.startsWith('/models/') && path.endsWith('.onnx')) parts.otherModels += size;
    else if (path.startsWith('/examples/')) parts.examples += size;
    else parts.app += size;
  }
  row('bytes loaded on the first visit, gzipped: app + ONNX Runtime + default model',
    `${mb(parts.app + parts.ort + parts.defaultModel)} (app ${mb(parts.app)}, ONNX Runtime ${mb(parts.ort)}, ` +
    `${models[0]} ${mb(parts.defaultModel)})`, '<= 8 MB');
  row('  and the other bundled models, and the example photos (cached for offline use too)',
    `${mb(parts.otherModels)} and ${mb(parts.examples)}; everything ` +
    `${mb(Object.values(parts).reduce((sum, size) => sum + size, 0))} gzipped, ${mb(raw)} raw`);

  if (!startupOnly) {
    // Network + decode per image size, median of 10 runs each, with the default (photo) model.
    const browser = await newBrowser(server);
    const { page } = browser;
    await page.goto(server.url);
    await page.waitForFunction((count) => window.tint?.status().models.filter((m) => m.ready).length === count,
      models.length, { timeout: 120_000 });
    const side = (await page.evaluate(() => window.tint.status())).working_side;
    for (const [label, bytes] of images) {
      await openBytes(page, bytes, 'bench.png');
      const inference = [], decode = [], both = [];
      for (let i = 0; i < 10; ++i) {
        const state = await act(page, () => window.tint.colorize());
        inference.push(state.timings.inference_ms);
        decode.push(state.timings.decode_ms);
        both.push(state.timings.inference_ms + state.timings.decode_ms);
      }
      const prediction = (await page.evaluate(() => window.tint.status())).prediction;
      row(`network + decode, ${label}, network at ${prediction.width}x${prediction.height}, median of 10`,
        `${ms(median(both))} (network ${ms(median(inference))}, decode ${ms(median(decode))})`,
        label.startsWith('768') ? '<= 150 ms' : '-');
    }

    // Phone photos: JPEGs of 12 and 35 megapixels, from the bytes to the colour on screen.
    for (const [width, height, target] of [[4032, 3024, '<= 1.5 s'], [7000, 5000, '<= 4 s']]) {
      const jpeg = await largeJpeg(page, width, height);
      const runs = [];
      for (let i = 0; i < 3; ++i) runs.push(await photoToColour(page, jpeg, `phone-${i}.jpg`));
      const middle = [...runs].sort((a, b) => a.ms - b.ms)[1];
      row(`a ${width}x${height} JPEG (${(width * height / 1e6).toFixed(0)} Mpx, ${mb(jpeg.length)}) from its bytes to its colour on screen, median of 3`,
        `${ms(middle.ms)} (network ${ms(middle.timings.inference_ms)}, decode ${ms(middle.timings.decode_ms)}; ` +
        `the page's longest task ${ms(middle.longestTask)})`, target);
    }
    await openBytes(page, kodak, 'kodim05.png');

    // Re-decoding at 768x512 without the network: the temperature (photo model) and a palette
    // swatch (palette model, when bundled).
    const temperatures = [];
    for (let i = 0; i < 10; ++i) {
      const state = await act(page, (t) => window.tint.setTemperature(t), 0.2 + 0.05 * i);
      temperatures.push(state.timings.decode_ms);
    }
    row('temperature re-decode, 768x512, median of 10', ms(median(temperatures)), '<= 16 ms');
    const paletteModel = runtime.models.findIndex((model) => model.mode === 'palette');
    if (paletteModel >= 0) {
      await act(page, (index) => window.tint.selectModel(index), paletteModel);
      const edits = [];
      for (let i = 0; i < 10; ++i) {
        const state = await act(page, (value) => window.tint.setPaletteColour(0, [value, 128, 64]), 20 * i + 10);
        edits.push(state.timings.decode_ms);
      }
      row('palette swatch re-decode, 768x512, median of 10', ms(median(edits)), '<= 16 ms');
      await act(page, () => window.tint.selectModel(0));
    }

    const hintModel = runtime.models.findIndex((model) => model.takes_hints);
    if (hintModel >= 0) {
      await hintBenchmarks(page, hintModel, '');
      await act(page, () => window.tint.selectModel(0));
    }

    // The heap over 100 colorizations of the 768x512 photo in a row.
    const heap = [];
    for (let i = 1; i <= 100; ++i) {
      const state = await act(page, () => window.tint.colorize());
      if ([1, 10, 50, 100].includes(i)) heap.push([i, state.allocated_bytes, state.heap_bytes]);
    }
    row('WASM heap in use after 1 / 10 / 50 / 100 colorizations of kodim05',
      heap.map(([, used]) => mb(used)).join(' / ') + ` (memory ${mb(heap.at(-1)[2])})`, 'flat');
    await browser.close();

    // The same hint benchmarks with ONNX Runtime in its own worker, as the page runs it from 4 cores
    // on (the page is told it has 4; the machine's cores stay as they are).
    if (hintModel >= 0) {
      const forced = await newBrowser(server);
      await forced.context.addInitScript(() =>
        Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => 4 }));
      await forced.page.goto(server.url);
      await forced.page.waitForFunction((count) => window.tint?.status().models.filter((m) => m.ready).length === count,
        models.length, { timeout: 120_000 });
      await openBytes(forced.page, kodak, 'kodim05.png');
      await hintBenchmarks(forced.page, hintModel, ', ONNX Runtime in its worker (as from 4 cores)');
      await forced.close();
    }
  }

  const table = ['| benchmark | result | target |', '|---|---|---|', ...rows].join('\n');
  const timeline = [
    `Timeline of a start, cross-origin isolated (ms since navigation; medians of ${cold.length} cold and ${warm.length} warm visits):`, '',
    '| stage | cold | warm |', '|---|---|---|', ...timelineRows(starts),
  ].join('\n');
  const modelNames = runtime.models.map((model) => `${model.file} (${model.mode})`).join(', ');
  const header = [
    '# Browser app benchmarks', '',
    `Command: \`node bench/browser_bench.mjs ${args.join(' ')}\` (app: \`${app.replace(root + '/', '')}\`).`,
    `Machine: ${cpus()[0].model.trim()}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB;`,
    `headless Chromium ${runtime.chromium} (Debian) on localhost, cross-origin isolated; ${runtime.runtime}.`,
    `Models: ${modelNames}; network side ${runtime.working_side} px. Measured ${new Date().toISOString().slice(0, 10)},`,
    `load average ${loadAtStart.toFixed(1)} at the start and ${loadavg()[0].toFixed(1)} at the end (other work on the machine slows every number).`, '',
  ].join('\n');
  console.log(`\n${table}\n\n${timeline}`);
  if (out) writeFileSync(out, `${header}\n${table}\n\n${timeline}\n`);
} finally {
  await server.close();
}
