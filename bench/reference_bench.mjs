// Benchmarks "Colour like..." in headless Chromium (Debian's, via playwright-core): the time the
// page's thread spends matching a 768x512 photo (kodim03) against a 1024-pixel reference (the
// photo's own colour version, mirrored, and an unrelated photo, each enlarged to 1024x683), at
// three strengths, as status().reference.match_ms reports it. The default (first bundled) model
// must take hints.
//
// Usage: node bench/reference_bench.mjs [--app FOLDER] [--data FOLDER] [--out FILE]
//   --app   the assembled app (default build/wasm/app)
//   --data  the data sets (default $TINT_DATA_DIR or ../shared/data)
//   --out   also write the table with the command and machine to FILE
import { cpus, loadavg } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { PNG } from 'pngjs';

import { chromiumArgs } from '../tests/browser/harness.mjs';
import { startServer } from '../scripts/serve.mjs';
import { option, root } from './command_line.mjs';

const app = resolve(option('--app', join(root, 'build', 'wasm', 'app')));
const data = resolve(option('--data', process.env.TINT_DATA_DIR ?? join(root, '..', 'shared', 'data')));
const out = option('--out');
const repeats = 5;

// A Kodak photo enlarged (nearest) to 1024x683, optionally mirrored, as PNG bytes.
function reference(name, mirrored) {
  const photo = PNG.sync.read(readFileSync(join(data, 'kodak', name)));
  const big = new PNG({ width: 1024, height: 683 });
  for (let y = 0; y < big.height; ++y)
    for (let x = 0; x < big.width; ++x) {
      const sx = Math.min(photo.width - 1, Math.floor(((mirrored ? big.width - 1 - x : x) * photo.width) / big.width));
      const sy = Math.min(photo.height - 1, Math.floor((y * photo.height) / big.height));
      photo.data.copy(big.data, (y * big.width + x) * 4, (sy * photo.width + sx) * 4, (sy * photo.width + sx) * 4 + 4);
    }
  return [...PNG.sync.write(big)];
}

const server = await startServer({ root: app, isolated: true });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs });
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
const loadAtStart = loadavg()[0];
await page.goto(server.url);
await page.waitForFunction(() => window.tint?.status().models.some((model) => model.ready), null, { timeout: 120_000 });
const idle = () => page.waitForFunction(() => {
  const state = window.tint.status();
  return state.busy === '' && state.colorized?.hints_current === true;
}, null, { timeout: 120_000 });
await page.evaluate((bytes) => window.tint.openFile(Uint8Array.from(bytes), 'kodim03.png'),
  [...readFileSync(join(data, 'kodak', 'kodim03.png'))]);
await idle();

const rows = [];
for (const [label, file, mirrored] of [['own, mirrored', 'kodim03.png', true], ['unrelated (kodim01)', 'kodim01.png', false]]) {
  await page.evaluate(({ bytes, name }) => window.tint.openReference(Uint8Array.from(bytes), name),
    { bytes: reference(file, mirrored), name: `${label}.png` });
  await idle();
  for (const strength of [0, 0.5, 1]) {
    const times = [];
    let hints = 0;
    for (let i = 0; i < repeats; ++i) {
      // Another strength first: the same one again would not match again.
      await page.evaluate((s) => window.tint.setReferenceStrength(s), strength === 1 ? 0.99 : strength + 0.01);
      await idle();
      await page.evaluate((s) => window.tint.setReferenceStrength(s), strength);
      await idle();
      const state = await page.evaluate(() => window.tint.status().reference);
      times.push(state.match_ms);
      hints = state.hints;
    }
    times.sort((a, b) => a - b);
    rows.push(`| ${label} | ${strength} | ${hints} | ${times[Math.floor(repeats / 2)].toFixed(0)} | ${times[repeats - 1].toFixed(0)} |`);
  }
}
await browser.close();
await server.close();

const table = [
  '| reference (1024x683) | strength | hints | matching, median (ms) | slowest (ms) |',
  '|---|---:|---:|---:|---:|',
  ...rows,
].join('\n');
const machine = `${cpus()[0].model}, ${cpus().length} cores; headless Chromium, the page's thread; load average ${loadAtStart.toFixed(2)} at the start`;
console.log(table);
console.log(`\n${machine}`);
if (out)
  writeFileSync(out, `# "Colour like...": matching a 768x512 photo against a 1024-pixel reference\n\n` +
    `Command: \`node bench/reference_bench.mjs --out ${out}\`\n\nMachine: ${machine}.\n\n${table}\n`);
