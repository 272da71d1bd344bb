// Re-decoding without the network: a palette swatch edit recolours exactly the pixels of its class,
// and the temperature changes a bins model's colours; neither runs ONNX Runtime again. And the
// canvas is drawn only when what it shows changes.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';

import { PNG } from 'pngjs';

import {
  cifarTestImage, downloadResult, idle, nextResult, openFile, paths, screenshot, sharedApp, status,
} from './harness.mjs';

let page;
sharedApp((session) => {
  page = session.page;
});

function changedPixels(a, b) {
  const changed = new Set();
  for (let p = 0; p < a.width * a.height; ++p)
    for (let c = 0; c < 3; ++c)
      if (a.data[4 * p + c] !== b.data[4 * p + c]) changed.add(p);
  return changed;
}

test('a palette swatch edit changes exactly the pixels of that class, without a network run', async () => {
  await page.evaluate(() => window.tint.selectModel(1));
  // A 32x32 photo at the palette model's own input size: one class per output pixel.
  await nextResult(page, () => openFile(page, cifarTestImage(12), 'cifar-test-12.png'));
  const { png: before } = await downloadResult(page);
  const { width, height, classes } = await page.evaluate(() => {
    const map = window.tint.classMap();
    return { ...map, classes: [...map.classes] };
  });
  assert.equal(width, before.width);
  assert.equal(height, before.height);

  // The most frequent class, recoloured to a green far from any CIFAR horse colour.
  const counts = new Map();
  for (const value of classes) counts.set(value, (counts.get(value) ?? 0) + 1);
  const [edited] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  const runs = (await status(page)).timings.network_runs;
  const after = await nextResult(page, () =>
    page.evaluate((index) => window.tint.setPaletteColour(index, [0, 200, 40]), edited));
  assert.deepEqual(after.decode.palette[edited], [0, 200, 40]);
  assert.equal(after.timings.network_runs, runs, 'no new network run');
  const { png: recoloured } = await downloadResult(page);
  await screenshot(page, 'palette-edited');

  const changed = changedPixels(before, recoloured);
  const ofClass = new Set(classes.flatMap((value, pixel) => (value === edited ? [pixel] : [])));
  console.log(`class ${edited}: ${ofClass.size} pixels, ${changed.size} changed`);
  assert.ok(ofClass.size > 0);
  assert.deepEqual([...changed].sort((a, b) => a - b), [...ofClass].sort((a, b) => a - b));
});

test('the temperature re-decodes a bins model\'s output, without a network run', async () => {
  await page.evaluate(() => window.tint.selectModel(0));
  await idle(page);
  await nextResult(page, () => openFile(page, join(paths.data, 'kodak', 'kodim05.png'), 'kodim05.png'));
  const { png: atCardTemperature } = await downloadResult(page);
  const start = await status(page);
  assert.equal(start.decode.temperature, 0.38, 'starts at the card\'s temperature');

  const outputs = [];
  for (const temperature of [0.1, 1.0]) {
    const state = await nextResult(page, () =>
      page.evaluate((value) => window.tint.setTemperature(value), temperature));
    assert.equal(state.timings.network_runs, start.timings.network_runs, 'no new network run');
    assert.ok(Math.abs(state.decode.temperature - temperature) < 1e-6);
    console.log(`temperature ${temperature}: decode ${state.timings.decode_ms.toFixed(1)} ms`);
    outputs.push((await downloadResult(page)).png);
    await screenshot(page, `temperature-${temperature}`);
  }
  const [cold, warm] = outputs;
  const changed = (a, b) => changedPixels(a, b).size / (a.width * a.height);
  assert.ok(changed(atCardTemperature, cold) > 0.1, 'temperature 0.1 changes the colours');
  assert.ok(changed(atCardTemperature, warm) > 0.1, 'temperature 1 changes the colours');
  assert.equal((await idle(page)).timings.network_runs, start.timings.network_runs);
});

// The canvas is drawn only when the picture changes (wasm/frame_changes.hpp): an idle page draws
// nothing and keeps showing its last frame, and a re-decode shows at once.
test('an unchanged picture is not drawn again, a changed one is', async () => {
  await page.evaluate(() => window.tint.selectModel(0));
  await nextResult(page, () => openFile(page, join(paths.data, 'kodak', 'kodim05.png'), 'kodim05.png'));
  await page.mouse.move(0, 0);  // off the canvas: nothing hovered
  await page.waitForTimeout(300);
  const { view, timings, colorized } = await status(page);
  // A part right of the split, where the colorized picture shows.
  const shown = async () => {
    const clip = {
      x: view.canvas.left + view.origin[0] + 0.65 * colorized.width * view.zoom,
      y: view.canvas.top + view.origin[1] + 0.3 * colorized.height * view.zoom,
      width: 0.3 * colorized.width * view.zoom, height: 0.4 * colorized.height * view.zoom,
    };
    return PNG.sync.read(await page.screenshot({ clip }));
  };
  const before = await shown();
  await page.waitForTimeout(1000);
  const idleState = await status(page);
  assert.equal(idleState.timings.frames_drawn, timings.frames_drawn, 'no frame drawn in a second of nothing');
  assert.equal(changedPixels(before, await shown()).size, 0, 'the last frame stays on screen');

  await nextResult(page, () => page.evaluate(() => window.tint.setTemperature(1.0)));
  await page.waitForTimeout(100);
  assert.ok((await status(page)).timings.frames_drawn > timings.frames_drawn, 'the new picture is drawn');
  assert.ok(changedPixels(before, await shown()).size > 1000, 'and shown');
  await page.evaluate(() => window.tint.setTemperature(0.38));
  await idle(page);
});

// The toolbar writes the zoom after the canvas has zoomed: a wheel step is one frame, not a second
// one to correct the text.
test('a zoom step is drawn in one frame', async () => {
  const { view } = await status(page);
  // Over the picture's left quarter: away from the split line, which lights up under the mouse.
  await page.mouse.move(view.canvas.left + view.origin[0] + 0.25 * 768 * view.zoom,
    view.canvas.top + view.canvas.height / 2);
  await page.waitForTimeout(300);
  const before = await status(page);
  await page.mouse.wheel(0, -100);
  await page.waitForFunction((zoom) => window.tint.status().view.zoom > zoom, before.view.zoom);
  await page.waitForTimeout(300);
  const after = await status(page);
  assert.equal(after.timings.frames_drawn - before.timings.frames_drawn, 1,
    `zoom ${before.view.zoom} -> ${after.view.zoom}`);
  await page.keyboard.press('f');  // fitted again, for the tests after this one
  await idle(page);
});
