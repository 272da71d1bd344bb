// The browser's colorization equals the native trainer's `tint colorize` on the same CIFAR-10 test
// image and model, within 2/255 per channel: both run the same shared core around the network
// (LibTorch natively, ONNX Runtime Web in the page). The same holds for the model that takes colour
// hints, without hints and with them.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import {
  bundledModels, cifarTestImage, downloadResult, dropFile, idle, nextResult, paths, readPng,
  screenshot, sharedApp, status,
} from './harness.mjs';

let page;
sharedApp((session) => {
  page = session.page;
});

const hintModel = bundledModels.indexOf('hint.onnx');

// Selects bundled model `index` (the app then runs at its network side) and waits until idle.
async function useModel(index) {
  if ((await status(page)).selected_model !== index)
    await page.evaluate((model) => window.tint.selectModel(model), index);
  return idle(page);
}

// Runs the native trainer's colorize on `input` at the app's network side; returns its PNG.
function nativeColorize(run, input, outputFolder, workingSide, extra = []) {
  execFileSync(paths.trainer, ['colorize', join(paths.models, run, 'best.pt'), input,
    '-o', outputFolder, '--max-side', String(workingSide), '--threads', '1', ...extra],
  { stdio: 'inherit' });
  return readPng(join(outputFolder, input.slice(input.lastIndexOf('/') + 1)));
}

// The largest difference per channel of two RGBA images of the same size.
function largestDifference(a, b) {
  assert.deepEqual([a.width, a.height], [b.width, b.height]);
  let worst = 0;
  for (let i = 0; i < a.data.length; ++i)
    if (i % 4 !== 3) worst = Math.max(worst, Math.abs(a.data[i] - b.data[i]));
  return worst;
}

// A CIFAR-10 test image for each model, and a Kodak photo, which the any-size model runs at the
// app's network side and upsamples.
const cases = [
  { model: 0, run: 'photo', name: 'cifar-test-3.png', write: (path) => copyFileSync(cifarTestImage(3), path) },
  { model: 1, run: 'palette', name: 'cifar-test-12.png', write: (path) => copyFileSync(cifarTestImage(12), path) },
  { model: 0, run: 'photo', name: 'kodim03.png',
    write: (path) => copyFileSync(join(paths.data, 'kodak', 'kodim03.png'), path) },
];

for (const { model, run, name, write } of cases) {
  test(`${run} model, ${name}: browser output equals native colorize within 2/255`, async () => {
    const work = join(paths.work, 'parity', run);
    const input = join(work, name);
    mkdirSync(work, { recursive: true });
    write(input);
    const state = await useModel(model);
    const native = nativeColorize(run, input, join(work, 'native'), state.working_side);

    await nextResult(page, () => dropFile(page, input, name, 'image/png'));
    const { png: browser } = await downloadResult(page);
    await screenshot(page, `parity-${run}-${name.replace('.png', '')}`);

    const worst = largestDifference(browser, native);
    console.log(`${run}, ${name}: largest difference ${worst}/255 over ${browser.width}x${browser.height} pixels`);
    assert.ok(worst <= 2, `browser and native differ by ${worst}/255`);
  });
}

// A few hints of strong colours on kodim03 (768x512), in its pixel coordinates.
const hints = {
  hints: [
    { x: 100, y: 100, rgb: [230, 20, 20] },
    { x: 600.5, y: 120, rgb: [20, 200, 40] },
    { x: 380, y: 400, rgb: [30, 60, 230] },
    { x: 700, y: 480, rgb: [250, 220, 0] },
  ],
};

test('hint model, kodim03.png, without and with hints: browser output equals native colorize --hints within 2/255', async () => {
  const work = join(paths.work, 'parity', 'hint');
  mkdirSync(work, { recursive: true });
  const input = join(work, 'kodim03.png');
  copyFileSync(join(paths.data, 'kodak', 'kodim03.png'), input);
  const hintsFile = join(work, 'hints.json');
  writeFileSync(hintsFile, JSON.stringify(hints));

  // Selecting the model sets the network side to the side its card names.
  const state = await useModel(hintModel);
  const card = state.models[hintModel];
  assert.equal(card.takes_hints, true);
  assert.equal(card.working_side, 160);
  assert.equal(state.working_side, 160);

  // No hints: automatic colorization, the hint planes all zero.
  const automatic = await nextResult(page, () => dropFile(page, input, 'kodim03.png', 'image/png'));
  assert.equal(automatic.image.hints, 0);
  assert.deepEqual([automatic.prediction.width, automatic.prediction.height], [160, 104]);
  await page.evaluate(() => { window.automaticPrediction = window.tint.prediction(); });
  const { png: browserAutomatic } = await downloadResult(page);
  const nativeAutomatic = nativeColorize('hint', input, join(work, 'native'), state.working_side);
  const worstAutomatic = largestDifference(browserAutomatic, nativeAutomatic);
  console.log(`hint model without hints: largest difference ${worstAutomatic}/255`);
  assert.ok(worstAutomatic <= 2, `browser and native differ by ${worstAutomatic}/255`);

  // The same hints through the scripting interface: the network runs again, with them.
  const hinted = await nextResult(page, async () =>
    assert.equal(await page.evaluate((text) => window.tint.setHints(text), JSON.stringify(hints)), true));
  assert.equal(hinted.image.hints, 4);
  assert.deepEqual(JSON.parse(await page.evaluate(() => window.tint.hints())), hints);
  assert.equal(hinted.timings.network_runs, automatic.timings.network_runs + 1);
  // The fixture's model has had four training steps: the hints barely change its colours, but they
  // reach the network, whose output changes.
  const change = await page.evaluate(() => {
    const before = window.automaticPrediction.values, after = window.tint.prediction().values;
    let largest = 0;
    for (let i = 0; i < after.length; ++i) largest = Math.max(largest, Math.abs(after[i] - before[i]));
    return largest;
  });
  console.log(`hint model: the hints change its output by up to ${change}`);
  assert.ok(change > 1e-3, `the hints did not change the network's output (${change})`);
  const { png: browserHinted } = await downloadResult(page);
  await screenshot(page, 'parity-hint-kodim03-hints');
  const nativeHinted = nativeColorize('hint', input, join(work, 'native-hints'), state.working_side,
    ['--hints', hintsFile]);
  const worstHinted = largestDifference(browserHinted, nativeHinted);
  console.log(`hint model with ${hints.hints.length} hints: largest difference ${worstHinted}/255`);
  assert.ok(worstHinted <= 2, `browser and native differ by ${worstHinted}/255`);
});
