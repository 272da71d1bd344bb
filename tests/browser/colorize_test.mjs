// Colorizing a Kodak photo end to end: opened with the file picker, colorized by the bundled
// model, downloaded as PNG and checked; then the canvas' views, zoom, pan, split and resizing.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import {
  colourfulness, downloadResult, drag, lightnessOf, nextResult, openWithPicker, paths, press,
  readPng, screenshot, sharedApp, status, writePng,
} from './harness.mjs';

const photo = () => join(paths.data, 'kodak', 'kodim05.png');
let page;
sharedApp((session) => {
  page = session.page;
});

test('colorizes a Kodak photo opened with the file picker, at the photo\'s own size', async () => {
  const state = await nextResult(page, () => openWithPicker(page, photo()));
  assert.deepEqual(state.image, { name: 'kodim05.png', width: 768, height: 512, has_colour: true, hints: 0 });
  assert.equal(state.colorized.width, 768);
  assert.equal(state.colorized.height, 512);
  assert.equal(state.timings.network_runs, 1);
  assert.ok(state.timings.inference_ms > 0 && state.timings.decode_ms > 0);
  await screenshot(page, 'colorize-kodim05-split');
});

test('the downloaded PNG keeps the input\'s size and lightness and has colour', async () => {
  const { name, png } = await downloadResult(page);
  assert.equal(name, 'kodim05-colour.png');
  const input = readPng(photo());
  assert.equal(png.width, input.width);
  assert.equal(png.height, input.height);

  // L of the result against L of the input: the colour is put onto the input's own L, so only
  // 8-bit rounding moves it, and gamut clipping where the predicted colour leaves sRGB (a channel
  // clipped to 0 or 255). Unclipped pixels keep L within 1 % (1 unit of 0..100); all pixels on
  // average.
  const count = png.width * png.height;
  let sum = 0, worstUnclipped = 0, clipped = 0;
  for (let i = 0; i < count; ++i) {
    const [r, g, b] = png.data.subarray(4 * i, 4 * i + 3);
    const expected = lightnessOf(input.data[4 * i], input.data[4 * i + 1], input.data[4 * i + 2]);
    const difference = Math.abs(lightnessOf(r, g, b) - expected);
    sum += difference;
    if ([r, g, b].some((value) => value === 0 || value === 255)) ++clipped;
    else worstUnclipped = Math.max(worstUnclipped, difference);
  }
  const mean = sum / count;
  console.log(`L difference: mean ${mean.toFixed(3)}, largest unclipped ${worstUnclipped.toFixed(3)} ` +
    `(L in 0..100; ${(100 * clipped / count).toFixed(2)} % of the pixels clipped)`);
  assert.ok(mean <= 1, `mean |dL| ${mean} is over 1 % of the L range`);
  assert.ok(worstUnclipped <= 1, `an unclipped pixel's L moved by ${worstUnclipped}`);

  // Hasler and Suesstrunk's colourfulness is exactly 0 for any gray image (R = G = B); their
  // scale calls 15 "slightly colourful". The fixture's model is trained for seconds and gives
  // faint colour, so the bar is 5: far above gray, reachable by a barely trained model.
  const colour = colourfulness(png);
  console.log(`colourfulness ${colour.toFixed(2)} (gray: 0, original photo: ${colourfulness(input).toFixed(2)})`);
  assert.ok(colour > 5, `colourfulness ${colour} is too low: the output is (nearly) gray`);
});

test('views: input, colorized, original, side by side, before/after', async () => {
  const views = [['1', 'input'], ['2', 'colorized'], ['3', 'original'], ['4', 'side-by-side'],
    ['5', 'split']];
  for (const [key, mode] of views) {
    await press(page, key);
    await page.waitForFunction((expected) => window.tint.status().view.mode === expected, mode);
    await screenshot(page, `view-${mode}`);
  }
});

test('the before/after split follows the mouse, wheel zooms about the cursor, drag pans', async () => {
  const state = await status(page);
  assert.equal(state.view.mode, 'split');
  // The split line, from the view's transform: origin + split * width * zoom within the canvas.
  const { canvas, origin, zoom: fittedZoom } = state.view;
  const imageWidth = 768 * fittedZoom;
  const centreX = canvas.left + origin[0] + state.view.split * imageWidth;
  const centreY = canvas.top + origin[1] + (512 * fittedZoom) / 2;
  await drag(page, [centreX, centreY], [centreX - imageWidth / 4, centreY]);
  const split = (await status(page)).view.split;
  assert.ok(Math.abs(split - 0.25) < 0.02, `split at ${split}, expected 0.25`);
  await screenshot(page, 'split-dragged');

  const zoom = (await status(page)).view.zoom;
  await page.mouse.move(centreX + 100, centreY + 50);
  for (let i = 0; i < 4; ++i) {
    await page.mouse.wheel(0, -100);
    await page.waitForTimeout(50);
  }
  const zoomed = (await status(page)).view.zoom;
  assert.ok(zoomed > zoom * 1.5, `zoom ${zoom} -> ${zoomed} after scrolling up`);
  const originBefore = (await status(page)).view.origin;
  await drag(page, [centreX + 100, centreY + 50], [centreX + 300, centreY + 150]);
  const originAfter = (await status(page)).view.origin;
  assert.ok(Math.abs(originAfter[0] - originBefore[0] - 200) < 2 &&
    Math.abs(originAfter[1] - originBefore[1] - 100) < 2,
    `dragging by (200, 100) moved the image from ${originBefore} to ${originAfter}`);
  await screenshot(page, 'zoomed-and-panned');

  await press(page, 'f');
  await page.waitForFunction((fitted) => Math.abs(window.tint.status().view.zoom - fitted) < 1e-3, zoom);
});

test('a large image (tiles beyond the texture limit) shows a busy indicator and is colorized at full size', async () => {
  // kodim05 repeated over 5000x1500 pixels: wider than one 4096-pixel texture.
  const source = readPng(photo());
  const width = 5000, height = 1500;
  const rgb = new Uint8Array(3 * width * height);
  for (let y = 0; y < height; ++y)
    for (let x = 0; x < width; ++x) {
      const from = 4 * ((y % source.height) * source.width + (x % source.width));
      rgb.set(source.data.subarray(from, from + 3), 3 * (y * width + x));
    }
  const path = join(paths.files, 'large-5000x1500.png');
  writePng(path, width, height, rgb);

  // What the status bar says, frame by frame, while the image is opened and colorized.
  await page.evaluate(() => {
    window.busyTexts = new Set();
    const record = () => {
      const { busy } = window.tint.status();
      if (busy) window.busyTexts.add(busy.replace(/[\d.]+ s$/, 'N s'));
      window.busyRecorder = requestAnimationFrame(record);
    };
    record();
  });
  const state = await nextResult(page, () => openWithPicker(page, path));
  const busy = await page.evaluate(() => {
    cancelAnimationFrame(window.busyRecorder);
    return [...window.busyTexts];
  });
  console.log(`busy: ${JSON.stringify(busy)}; network ${state.timings.inference_ms.toFixed(0)} ms, ` +
    `decode ${state.timings.decode_ms.toFixed(0)} ms`);
  // Each blocking step waits for a frame that shows it.
  for (const step of ['Opening large-5000x1500.png...', 'Colorizing...', 'Decoding...'])
    assert.ok(busy.includes(step), `the status bar said '${step}'`);
  assert.deepEqual([state.colorized.width, state.colorized.height], [width, height]);
  await screenshot(page, 'large-5000x1500');
});

// A phone photo's JPEG is decoded a band of rows per frame (its lightness and gray planes too), and
// so is its colorized result: the page keeps drawing frames, and so answering the user, meanwhile.
test('a 35-megapixel JPEG opens and is decoded over many frames, at full size', async () => {
  const frames = await page.evaluate(async (png) => {
    const bitmap = await createImageBitmap(new Blob([Uint8Array.fromBase64(png)], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(7000, 5000);
    canvas.getContext('2d').drawImage(bitmap, 0, 0, 7000, 5000);
    const jpeg = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })).arrayBuffer());
    const serial = window.tint.status().colorized?.serial ?? -1;
    const busy = {};
    await new Promise((resolve) => {
      const count = () => {
        const state = window.tint.status();
        busy[state.busy] = (busy[state.busy] ?? 0) + 1;
        if (state.busy === '' && (state.colorized?.serial ?? -1) > serial) return resolve();
        requestAnimationFrame(count);
      };
      window.tint.openFile(jpeg, 'phone.jpg');
      requestAnimationFrame(count);
    });
    return busy;
  }, readFileSync(photo()).toString('base64'));
  console.log(`frames: ${JSON.stringify(frames)}`);
  assert.ok(frames['Opening phone.jpg...'] >= 5, 'opened over frames');
  assert.ok(frames['Decoding...'] >= 3, 'decoded over frames');
  const state = await status(page);
  assert.deepEqual([state.image.width, state.image.height], [7000, 5000]);
  assert.deepEqual([state.colorized.width, state.colorized.height], [7000, 5000]);
});

test('the canvas follows the window size, keeping the image fitted', async () => {
  const fitted = (await status(page)).view.zoom;
  await page.setViewportSize({ width: 900, height: 600 });
  await page.waitForFunction((previous) => window.tint.status().view.zoom < previous * 0.9, fitted);
  await screenshot(page, 'resized-900x600');
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.waitForFunction((previous) => Math.abs(window.tint.status().view.zoom - previous) < 1e-3, fitted);
});
