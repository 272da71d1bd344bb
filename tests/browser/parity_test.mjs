// The browser's colorization equals the native trainer's `tint colorize` on the same CIFAR-10 test
// image and model, within 2/255 per channel: both run the same shared core around the network
// (LibTorch natively, ONNX Runtime Web in the page).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import {
  cifarTestImage, downloadResult, dropFile, nextResult, paths, readPng, screenshot, sharedApp,
  status,
} from './harness.mjs';

let page;
sharedApp((session) => {
  page = session.page;
});

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
    const state = await status(page);
    execFileSync(paths.trainer, ['colorize', join(paths.models, run, 'best.pt'), input,
      '-o', join(work, 'native'), '--max-side', String(state.working_side), '--threads', '1'],
    { stdio: 'inherit' });
    const native = readPng(join(work, 'native', name));

    if (state.selected_model !== model) await page.evaluate((index) => window.tint.selectModel(index), model);
    await nextResult(page, () => dropFile(page, input, name, 'image/png'));
    const { png: browser } = await downloadResult(page);
    await screenshot(page, `parity-${run}-${name.replace('.png', '')}`);

    assert.equal(browser.width, native.width);
    assert.equal(browser.height, native.height);
    let worst = 0;
    for (let i = 0; i < browser.data.length; ++i)
      if (i % 4 !== 3) worst = Math.max(worst, Math.abs(browser.data[i] - native.data[i]));
    console.log(`${run}, ${name}: largest difference ${worst}/255 over ${browser.width}x${browser.height} pixels`);
    assert.ok(worst <= 2, `browser and native differ by ${worst}/255`);
  });
}
