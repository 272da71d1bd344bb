// The touch layout under Chromium's mobile emulation (touch only, no mouse): on a phone upright
// (390x844) and sideways (844x390) and on a tablet (820x1180) the picture takes most of the screen
// and every control lies inside it, a finger high; a tap on an example colours it; two fingers zoom
// about themselves and a double tap fits again; with the hint tool a tap places a hint under the
// finger and a long press on it opens its colour; turning the phone keeps the photo and its hints;
// Open offers the picker, Save hands the photo to the share sheet; a 12-Mpx photo works; several
// photos make a batch with a sheet of its own; Colour like... takes a reference in the Hints sheet.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import {
  bundledModels, holdFinger, idle, launch, nextResult, openApp, paths, readPng, screenshot, status,
  touch, writePng,
} from './harness.mjs';

const upright = { width: 390, height: 844 };
const sideways = { width: 844, height: 390 };
const tablet = { width: 820, height: 1180 };
const fingerHeight = 44;  // CSS px: the smallest comfortable touch target

// navigator.share as a phone's browser has it, recording what it was given.
function fakeShareSheet() {
  window.sharedFiles = [];
  navigator.canShare = (data) => Array.isArray(data?.files) && data.files.length > 0;
  navigator.share = async ({ files }) => {
    for (const file of files) window.sharedFiles.push({ name: file.name, type: file.type, size: file.size });
  };
}

const waitFrames = (page, count = 4) => page.evaluate((frames) => new Promise((resolve) => {
  const step = (left) => (left === 0 ? resolve() : requestAnimationFrame(() => step(left - 1)));
  step(frames);
}), count);

// A quick tap (down and up at once): the app sees the press and the release in frames of their own.
async function tap(page, [x, y]) {
  await page.touchscreen.tap(x, y);
  await waitFrames(page, 6);
}

const centreOf = ([left, top, width, height]) => [left + width / 2, top + height / 2];

function controlNamed(state, label) {
  const control = state.drawn_controls.find((entry) => entry.label === label && entry.visible[2] > 0);
  assert.ok(control, `no control '${label}' on screen: ${state.drawn_controls.map((c) => c.label).join(', ')}`);
  return control;
}

// The picture's share of the screen, and every control on screen inside it and a finger high.
function checkLayout(state, viewport, where) {
  const canvas = state.view.canvas;
  const share = (canvas.width * canvas.height) / (viewport.width * viewport.height);
  // Those a window shows (a sheet scrolls the others into view).
  const onScreen = state.drawn_controls.filter((control) => control.visible[3] > 0);
  assert.ok(onScreen.length >= 6, `${where}: only ${onScreen.length} controls drawn`);
  for (const { label, rect, visible: [left, top, width, height] } of onScreen) {
    const name = `${where}: '${label}' at ${rect.map(Math.round)}`;
    // Nothing scrolls sideways: a control cut at its window's side cannot be reached (list rows
    // reach into the window's padding, a few px that it hides).
    assert.ok(width >= rect[2] - 24, `${name} is cut to ${width} px wide by its window`);
    assert.ok(left >= -0.5 && top >= -0.5 && left + width <= viewport.width + 0.5 &&
      top + height <= viewport.height + 0.5, `${name} is not inside the ${viewport.width}x${viewport.height} screen`);
    assert.ok(rect[3] >= fingerHeight - 0.5, `${name} is ${rect[3]} px high, under ${fingerHeight}`);
  }
  return share;
}

async function openSheet(page, label) {
  await tap(page, centreOf(controlNamed(await status(page), label).visible));
  const state = await status(page);
  assert.equal(state.sheet, label.toLowerCase());
  return state;
}

let session;
before(async () => {
  session = await launch({
    viewport: upright, deviceScaleFactor: 2, isMobile: true, hasTouch: true, initScript: fakeShareSheet,
  });
  await openApp(session, { examples: 2 });
});
after(() => session?.close());

test('a phone upright gets the touch layout; a tap on an example colours it', async () => {
  const { page } = session;
  let state = await status(page);
  assert.equal(state.layout, 'phone');
  const example = state.examples.find((entry) => entry.thumbnail.length > 0);
  assert.ok(example, 'no example on the start screen');
  checkLayout(state, upright, 'start screen');
  await screenshot(page, 'phone-start', { scale: 'css' });
  state = await nextResult(page, () => tap(page, centreOf(example.thumbnail)));
  assert.equal(state.image.name, example.name);
  assert.ok(state.colorized, 'the example was not colorized');
  const share = checkLayout(state, upright, 'photo');
  assert.ok(share >= 0.7, `the picture takes ${(share * 100).toFixed(0)} % of the screen`);
  await screenshot(page, 'phone-upright', { scale: 'css' });
});

test('every sheet keeps its controls on screen and a finger high', async () => {
  const { page } = session;
  for (const sheet of ['Model', 'View', 'Hints']) {
    const state = await openSheet(page, sheet);
    checkLayout(state, upright, `${sheet} sheet`);
    await screenshot(page, `phone-sheet-${sheet.toLowerCase()}`, { scale: 'css' });
    await tap(page, centreOf(controlNamed(state, 'Close').visible));
    assert.equal((await status(page)).sheet, '');
  }
});

test('a finger scrolls a sheet and drags the before/after line', async () => {
  const { page } = session;
  let state = await openSheet(page, 'Model');
  const sheetControl = (current) => controlNamed(current, 'Open model...');
  const [left, top, width] = sheetControl(state).visible;
  const fromY = top + 20;
  await touch(session, Array.from({ length: 9 }, (_, i) => [[left + width / 2, fromY - i * 15]]));
  state = await status(page);
  const movedBy = top - state.drawn_controls.find((entry) => entry.label === 'Open model...').rect[1];
  assert.ok(movedBy > 60, `the sheet scrolled ${movedBy} px under a 120 px drag`);
  assert.equal(state.sheet, 'model', 'the drag pressed a control');
  await tap(page, centreOf(controlNamed(state, 'Close').visible));

  state = await status(page);
  const { canvas, origin, zoom, split } = state.view;
  const lineX = canvas.left + origin[0] + split * state.image.width * zoom;
  const y = canvas.top + canvas.height / 2;
  await touch(session, Array.from({ length: 9 }, (_, i) => [[lineX + 6 + i * 10, y]]));
  const after = (await status(page)).view;
  const expected = split + 80 / (state.image.width * zoom);
  assert.ok(Math.abs(after.split - expected) < 0.03, `the line is at ${after.split}, ${expected} expected`);
  assert.equal(after.zoom, zoom, 'dragging the line zoomed');
});

test('two fingers zoom about themselves; a double tap fits again', async () => {
  const { page } = session;
  const before = await status(page);
  const { left, top, width, height } = before.view.canvas;
  const [cx, cy] = [left + width / 2, top + height / 2];
  // The image point between the fingers, before and after.
  const imagePoint = (state) => [(cx - left - state.view.origin[0]) / state.view.zoom,
    (cy - top - state.view.origin[1]) / state.view.zoom];
  const steps = [];
  for (let i = 0; i <= 8; ++i) {
    const half = 40 + (i * (100 - 40)) / 8;  // the fingers 80 px apart, then 200
    steps.push([[cx - half, cy], [cx + half, cy]]);
  }
  await touch(session, steps);
  await waitFrames(page);
  const after = await status(page);
  const ratio = after.view.zoom / before.view.zoom;
  assert.ok(Math.abs(ratio - 2.5) < 0.25, `zoomed ${ratio.toFixed(2)}x for fingers spread 2.5x`);
  const [x0, y0] = imagePoint(before), [x1, y1] = imagePoint(after);
  assert.ok(Math.hypot(x1 - x0, y1 - y0) * after.view.zoom < 4,
    `the point between the fingers moved from (${x0.toFixed(1)}, ${y0.toFixed(1)}) to (${x1.toFixed(1)}, ${y1.toFixed(1)})`);
  assert.equal(after.image.hints, 0, 'a pinch placed a hint');

  await page.touchscreen.tap(cx + 60, cy + 60);
  await page.waitForTimeout(50);
  await page.touchscreen.tap(cx + 60, cy + 60);
  await waitFrames(page, 6);
  const fitted = await status(page);
  assert.ok(Math.abs(fitted.view.zoom - before.view.zoom) < 1e-4,
    `a double tap left the zoom at ${fitted.view.zoom} (fitted: ${before.view.zoom})`);
});

test('with the hint tool a tap places a hint under the finger; a long press opens its colour', async () => {
  const { page } = session;
  await page.evaluate((index) => window.tint.selectModel(index), bundledModels.indexOf('hint.onnx'));
  let state = await idle(page);
  assert.ok(state.hints.tools, `no hint tools: ${state.hints.why_no_tools}`);
  const { left, top, width, height } = state.view.canvas;
  const [x, y] = [left + width * 0.25, top + height * 0.45];  // away from the before/after divider
  await tap(page, [x, y]);
  state = await idle(page);
  assert.equal(state.image.hints, 1);
  const [hint] = JSON.parse(await page.evaluate(() => window.tint.hints())).hints;
  const expected = [(x - left - state.view.origin[0]) / state.view.zoom,
    (y - top - state.view.origin[1]) / state.view.zoom];
  // Within 2 CSS px: the finger's place comes in whole pixels, the hint's in whole image pixels.
  assert.ok(Math.hypot(hint.x - expected[0], hint.y - expected[1]) * state.view.zoom <= 2,
    `the hint is at (${hint.x}, ${hint.y}), the finger was over (${expected.map((v) => v.toFixed(1))})`);

  await holdFinger(session, [x, y], 800);
  await waitFrames(page);
  state = await status(page);
  assert.equal(state.sheet, 'hints');
  assert.equal(state.hints.selected, 0);
  assert.equal(state.image.hints, 1, 'the long press placed or removed a hint');
  checkLayout(state, upright, 'hint colour');
  await screenshot(page, 'phone-hint-colour', { scale: 'css' });
  await tap(page, centreOf(controlNamed(state, 'Close').visible));
});

test('turning the phone keeps the photo and its hints; sideways the picture keeps the screen', async () => {
  const { page } = session;
  const before = await status(page);
  const hints = await page.evaluate(() => window.tint.hints());
  await page.setViewportSize(sideways);
  await waitFrames(page, 8);
  const state = await status(page);
  assert.equal(state.layout, 'phone');
  assert.equal(state.image.name, before.image.name);
  assert.equal(await page.evaluate(() => window.tint.hints()), hints);
  const share = checkLayout(state, sideways, 'sideways');
  assert.ok(share >= 0.7, `sideways the picture takes ${(share * 100).toFixed(0)} % of the screen`);
  // Fitted, it fits the turned screen: the whole photo, as large as it goes.
  const { width, height } = state.view.canvas;
  const fit = Math.min(width / state.image.width, height / state.image.height);
  assert.ok(Math.abs(state.view.zoom - fit) < 1e-3, `zoom ${state.view.zoom} sideways, ${fit} fits`);
  await screenshot(page, 'phone-sideways', { scale: 'css' });
  checkLayout(await openSheet(page, 'Hints'), sideways, 'sideways hints sheet');
  await screenshot(page, 'phone-sideways-hints', { scale: 'css' });
  await tap(page, centreOf(controlNamed(await status(page), 'Close').visible));
  await page.setViewportSize(upright);
  await waitFrames(page, 8);
  assert.equal(await page.evaluate(() => window.tint.hints()), hints);
});

test('a finger whose lift was lost does not turn the next tap into a pinch', async () => {
  const { page } = session;
  await page.evaluate(() => {
    const canvas = document.getElementById('canvas');
    const finger = new Touch({ identifier: 99, target: canvas, clientX: 20, clientY: 150 });
    canvas.dispatchEvent(new TouchEvent('touchstart',
      { touches: [finger], changedTouches: [finger], bubbles: true, cancelable: true }));
  });
  await waitFrames(page, 6);
  const before = await status(page);
  await tap(page, centreOf(controlNamed(before, 'View').visible));
  const state = await status(page);
  assert.equal(state.sheet, 'view');
  assert.equal(state.image.hints, before.image.hints, 'the lost finger placed a hint');
  await tap(page, centreOf(controlNamed(state, 'Close').visible));
});

test('Open offers the phone\'s photos and camera; Save hands the colour photo to the share sheet', async () => {
  const { page } = session;
  const state = await status(page);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 10_000 }),
    tap(page, centreOf(controlNamed(state, 'Open').visible))]);
  assert.ok(chooser.isMultiple());
  assert.match(await chooser.element().getAttribute('accept'), /image\/\*/);
  await chooser.setFiles([]);
  await tap(page, centreOf(controlNamed(state, 'Save').visible));
  await page.waitForFunction(() => window.sharedFiles.length > 0, null, { timeout: 10_000 });
  const [shared] = await page.evaluate(() => window.sharedFiles);
  assert.equal(shared.name, `${state.image.name.replace(/\.[^.]+$/, '')}-colour.png`);
  assert.equal(shared.type, 'image/png');
  assert.ok(shared.size > 1000, `a ${shared.size}-byte PNG`);
});

test('a 12-Mpx phone photo opens from Open and is colorized at full size', async () => {
  const { page } = session;
  // kodim05 repeated over 4000x3000 pixels, a phone camera's size.
  const source = readPng(join(paths.data, 'kodak', 'kodim05.png'));
  const width = 4000, height = 3000;
  const rgb = new Uint8Array(3 * width * height);
  for (let y = 0; y < height; ++y) {
    for (let x = 0; x < width; ++x) {
      const from = 4 * ((y % source.height) * source.width + (x % source.width));
      rgb.set(source.data.subarray(from, from + 3), 3 * (y * width + x));
    }
  }
  const path = join(paths.files, 'phone-4000x3000.png');
  writePng(path, width, height, rgb);
  const state = await nextResult(page, async () => {
    const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 10_000 }),
      tap(page, centreOf(controlNamed(await status(page), 'Open').visible))]);
    await chooser.setFiles(path);
  });
  assert.equal(state.image.name, 'phone-4000x3000.png');
  assert.deepEqual([state.colorized.width, state.colorized.height], [width, height]);
  const share = checkLayout(state, upright, '12-Mpx photo');
  assert.ok(share >= 0.7);
  await screenshot(page, 'phone-12mpx', { scale: 'css' });
});

test('several photos chosen on the phone become a batch, followed in its own sheet', async () => {
  const { page } = session;
  const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 10_000 }),
    tap(page, centreOf(controlNamed(await status(page), 'Open').visible))]);
  await chooser.setFiles([1, 2, 3].map((index) => join(paths.data, 'kodak', `kodim0${index}.png`)));
  await page.waitForFunction(() => window.tint.status().batch?.state === 'done', null, { timeout: 120_000, polling: 250 });
  const state = await status(page);
  assert.equal(state.sheet, 'batch', 'the batch\'s sheet opens with it');
  assert.equal(state.batch.done, 3);
  checkLayout(state, upright, 'Batch sheet');
  controlNamed(state, 'Download zip (3)');
  await screenshot(page, 'phone-batch', { scale: 'css' });
  // Cleared, the batch gives the hints their place in the bar back.
  await tap(page, centreOf(controlNamed(state, 'Clear').visible));
  const cleared = await status(page);
  assert.equal(cleared.batch, null);
  assert.equal(cleared.sheet, '');
  controlNamed(cleared, 'Hints');
});

test('Colour like... on a phone: the Hints sheet takes a reference and shows it, a finger high', async () => {
  const { page } = session;
  await page.evaluate((index) => window.tint.selectModel(index), bundledModels.indexOf('hint.onnx'));
  await idle(page);
  assert.ok((await status(page)).image, 'no photo open');
  let state = await openSheet(page, 'Hints');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 10_000 }),
    tap(page, centreOf(controlNamed(state, 'Colour like...').visible))]);
  await chooser.setFiles(join(paths.data, 'kodak', 'kodim03.png'));
  await page.waitForFunction(() => window.tint.status().reference !== null, null, { timeout: 30_000 });
  await idle(page);
  state = await status(page);
  assert.equal(state.sheet, 'hints');
  assert.equal(state.reference.name, 'kodim03.png');
  checkLayout(state, upright, 'Hints sheet with a reference');
  await screenshot(page, 'phone-reference', { scale: 'css' });
  await tap(page, centreOf(controlNamed(state, 'Forget').visible));
  assert.equal((await status(page)).reference, null);
  await tap(page, centreOf(controlNamed(await status(page), 'Close').visible));
});

test('a tablet gets the touch layout across its width, the sheet beside the picture', async () => {
  const tabletSession = await launch({ viewport: tablet, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
  try {
    const { page } = tabletSession;
    await openApp(tabletSession, { examples: 2 });
    let state = await status(page);
    assert.equal(state.layout, 'tablet');
    const example = state.examples.find((entry) => entry.thumbnail.length > 0);
    state = await nextResult(page, () => tap(page, centreOf(example.thumbnail)));
    const share = checkLayout(state, tablet, 'tablet');
    assert.ok(share >= 0.7, `the picture takes ${(share * 100).toFixed(0)} % of the tablet's screen`);
    state = await openSheet(page, 'Model');
    checkLayout(state, tablet, 'tablet model sheet');
    assert.ok(state.view.canvas.height > 0.85 * (tablet.height - 100),
      'the sheet took the height from the picture instead of standing beside it');
    await screenshot(page, 'tablet-model-sheet', { scale: 'css' });
  } finally {
    await tabletSession.close();
  }
});
