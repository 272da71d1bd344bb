// Benchmarks the browser app's batches in headless Chromium (Debian's, via playwright-core): photos
// a minute for a folder of 768x512 photos and one of 12-Mpx camera-sized JPEGs, and the memory of
// the page's processes over a long batch of 12-Mpx photos, which must not grow with the batch.
// The folders are written to a temporary folder and chosen in the app's folder picker, as a user
// does; the default (first bundled) model colours them.
//
// Usage: node bench/batch_bench.mjs [--app FOLDER] [--data FOLDER] [--photos N] [--out FILE]
//   --app     the assembled app (default build/wasm/app; it must bundle a model)
//   --data    the data sets (default $TINT_DATA_DIR or ../shared/data)
//   --photos  the long batch's 12-Mpx photos (default 200)
//   --out     also write the table with the command and machine to FILE
// Run it on an otherwise idle machine: photos a minute is wall-clock.
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

import { chromiumArgs } from '../tests/browser/harness.mjs';
import { startServer } from '../scripts/serve.mjs';
import { args, option, root } from './command_line.mjs';

const app = resolve(option('--app', join(root, 'build', 'wasm', 'app')));
const data = resolve(option('--data', process.env.TINT_DATA_DIR ?? join(root, '..', 'shared', 'data')));
const longBatch = Number(option('--photos', '200'));
const out = option('--out');
if (!existsSync(join(app, 'site.json')) || !JSON.parse(readFileSync(join(app, 'site.json'), 'utf8')).models.length) {
  console.error(`${app} bundles no model: build the app (cmake --build --preset wasm)`);
  process.exit(2);
}

const mb = (bytes) => `${(bytes / 1e6).toFixed(0)} MB`;
const work = mkdtempSync(join(tmpdir(), 'tint-batch-bench-'));
const profile = join(work, 'profile');
const server = await startServer({ root: app, isolated: true });
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1280, height: 800 },
  args: chromiumArgs,
});
const page = context.pages()[0] ?? (await context.newPage());
const loadAtStart = loadavg()[0];

// The resident memory of this browser's processes by kind (renderer, gpu, browser...), from /proc.
function processMemory() {
  const kinds = {};
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let command, rss;
    try {
      command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (!command.some((part) => part.includes(profile))) continue;
      rss = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;
    } catch {
      continue;  // gone meanwhile
    }
    const kind = /--type=([a-z-]+)/.exec(command.join(' '))?.[1] ?? 'browser';
    kinds[kind] = (kinds[kind] ?? 0) + rss;
  }
  return kinds;
}

// Camera-sized photos: kodim01-12 tiled over 4000x3000 and encoded by the browser as JPEG
// (quality 0.9, as cameras write them), each folder of photos written to disk.
async function writeFolder(name, count, width, height) {
  const folder = join(work, name);
  mkdirSync(folder, { recursive: true });
  const sources = Array.from({ length: 12 }, (_, i) =>
    readFileSync(join(data, 'kodak', `kodim${String(i + 1).padStart(2, '0')}.png`)).toString('base64'));
  const jpegs = [];
  for (const source of sources.slice(0, Math.min(count, 12))) {
    jpegs.push(Buffer.from(await page.evaluate(async ({ source, width, height }) => {
      const bitmap = await createImageBitmap(new Blob([Uint8Array.fromBase64(source)]));
      const canvas = new OffscreenCanvas(width, height);
      const context2d = canvas.getContext('2d');
      for (let y = 0; y < height; y += bitmap.height)
        for (let x = 0; x < width; x += bitmap.width) context2d.drawImage(bitmap, x, y);
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
      return new Uint8Array(await blob.arrayBuffer()).toBase64();
    }, { source, width, height }), 'base64'));
  }
  for (let i = 0; i < count; ++i)
    writeFileSync(join(folder, `photo${String(i + 1).padStart(4, '0')}.jpg`), jpegs[i % jpegs.length]);
  return folder;
}

// Chooses `folder` in the app's folder picker and follows the batch to its end, sampling memory.
async function runBatch(folder, count) {
  await page.evaluate(() => window.tint.clearBatch());
  const state = await page.evaluate(() => window.tint.status());
  const button = state.drawn_controls.find((control) => control.label === 'Open folder...');
  const [left, top, width, height] = button.visible;
  const chooser = page.waitForEvent('filechooser');
  await page.mouse.click(left + width / 2, top + height / 2, { delay: 80 });
  await (await chooser).setFiles(folder);
  const started = Date.now();
  const samples = [];
  for (;;) {
    const batch = await page.evaluate(() => {
      const { batch, heap_bytes: heap } = window.tint.status();
      return { ...batch, photos: undefined, heap };
    });
    samples.push({ done: batch.done + batch.failed.length, heap: batch.heap, ...processMemory() });
    if (batch.state === 'done') {
      const minutes = (Date.now() - started) / 60_000;
      if (batch.failed.length) throw new Error(`photos failed: ${JSON.stringify(batch.failed)}`);
      return { perMinute: count / minutes, minutes, samples, appPace: batch.photos_per_minute };
    }
    await page.waitForTimeout(1000);
  }
}

await page.goto(server.url);
await page.waitForFunction(() => window.tint?.status().models.some((model) => model.ready), null, { timeout: 120_000 });
const model = await page.evaluate(() => {
  const state = window.tint.status();
  return `${state.models[state.selected_model].file} (working side ${state.working_side})`;
});

const rows = [];
const small = await runBatch(await writeFolder('kodak-768', 24, 768, 512), 24);
rows.push(['24 photos, 768x512 JPEG', small]);
const large = await runBatch(await writeFolder('camera-12mpx', longBatch, 4000, 3000), longBatch);
rows.push([`${longBatch} photos, 4000x3000 JPEG`, large]);

// Memory over the long batch: its first tenth against its last, so that growth shows.
const peak = (samples, key) => Math.max(...samples.map((sample) => sample[key] ?? 0));
const tenth = Math.max(1, Math.floor(longBatch / 10));
const early = large.samples.filter((sample) => sample.done <= tenth);
const late = large.samples.filter((sample) => sample.done >= longBatch - tenth);

const lines = [
  '| batch | photos a minute | minutes |', '|---|---:|---:|',
  ...rows.map(([name, result]) => `| ${name} | ${result.perMinute.toFixed(1)} | ${result.minutes.toFixed(1)} |`),
  '',
  `Memory over the ${longBatch} 12-Mpx photos (resident, peak; first ${tenth} photos against the last ${tenth}):`, '',
  '| process | first photos | last photos |', '|---|---:|---:|',
  ...['renderer', 'gpu-process', 'utility', 'browser'].map((kind) =>
    `| ${kind} | ${mb(peak(early, kind))} | ${mb(peak(late, kind))} |`),
  `| WebAssembly heap (its size) | ${mb(peak(early, 'heap'))} | ${mb(peak(late, 'heap'))} |`,
];
const table = lines.join('\n');
console.log(table);
if (out) {
  const machine = `${cpus()[0].model.trim()}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB`;
  writeFileSync(out, [
    '# Batches in the browser: photos a minute and memory', '',
    `\`node bench/batch_bench.mjs${args.length ? ` ${args.join(' ')}` : ''}\`; ${new Date().toISOString().slice(0, 10)}; `,
    `Machine: ${machine}; headless Chromium, software WebGL; model ${model}; load average ` +
      `${loadAtStart.toFixed(1)} at the start and ${loadavg()[0].toFixed(1)} at the end.`, '',
    table, '',
  ].join('\n'));
}
await context.close();
await server.close();
rmSync(work, { recursive: true, force: true });
