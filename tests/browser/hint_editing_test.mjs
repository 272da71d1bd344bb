// Colour hints edited with the mouse and keyboard, as a user does: a click places a hint coloured
// as the result there, the hex field recolours it, and its region follows; drag, Delete,
// right-click, Clear all, undo and redo; zoom and pan keep hints on their spots; links and hints
// files carry them to a fresh page; native colorize --hints agrees; bad hints in a link or a file
// get a message; a model without hint inputs says why it has no hint tools.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import {
  bundledModels, click, deltaE, downloadResult, drag, idle, launch, meanLab, openApp, openFile,
  paths, press, pressChord, readPng, screenshot, sharedApp, srgbOfLab, status,
} from './harness.mjs';

const hintModel = bundledModels.indexOf('hint.onnx');
const kodim03 = () => join(paths.data, 'kodak', 'kodim03.png');
const work = () => join(paths.work, 'hint-editing');

// A quiet patch of kodim03's wall (little change in L around it), and one far from it.
const spot = [600, 100];
const farSpot = [150, 450];
const spotRadius = 6, farRadius = 10;
let placedAt;  // where the first click placed its hint

let page;
sharedApp(async (session) => {
  page = session.page;
  mkdirSync(work(), { recursive: true });
  await page.evaluate((index) => window.tint.selectModel(index), hintModel);
  await openFile(page, kodim03(), 'kodim03.png');
  await press(page, '2');  // the colorized view
  await settled(page);
});

// Waits until nothing runs and the picture shows the current hints.
async function settled(target) {
  await target.waitForFunction(() => {
    const state = window.tint.status();
    return state.busy === '' && state.colorized?.hints_current === true;
  }, null, { timeout: 120_000 });
  return status(target);
}

// The screen position of image pixel (x, y)'s centre, in the page's CSS pixels.
function onScreen(state, [x, y]) {
  const { zoom, origin, canvas } = state.view;
  return [canvas.left + origin[0] + (x + 0.5) * zoom, canvas.top + origin[1] + (y + 0.5) * zoom];
}

const hintsOf = async (target) => JSON.parse(await target.evaluate(() => window.tint.hints())).hints;
const hex = (rgb) => rgb.map((c) => c.toString(16).padStart(2, '0')).join('');

// Types a colour into the hint tools' hex field, as a user does.
async function typeHex(target, rgb) {
  const [left, top, , height] = (await status(target)).controls['hint-hex'];
  await click(target, [left + 20, top + height / 2]);
  await pressChord(target, ['Control', 'a']);
  await target.keyboard.type(hex(rgb).toUpperCase(), { delay: 30 });
  await press(target, 'Enter');
}

// Places a hint by clicking pixel `at` and gives it `rgb` through the hex field.
async function placeHint(target, at, rgb) {
  const before = (await status(target)).image.hints;
  await click(target, onScreen(await status(target), at));
  if ((await status(target)).image.hints !== before + 1) await screenshot(target, 'hint-editing-no-hint-placed');
  assert.equal((await status(target)).image.hints, before + 1, 'the click placed no hint');
  await typeHex(target, rgb);
  return settled(target);
}

test('a click places a hint coloured as the result there; a red hint turns its patch red and leaves a far one', async () => {
  const before = (await downloadResult(page)).png;
  const wall = meanLab(before, spot, spotRadius);

  await click(page, onScreen(await status(page), spot));
  let state = await settled(page);
  assert.equal(state.image.hints, 1);
  assert.equal(state.hints.selected, 0);
  const [placed] = await hintsOf(page);
  // The mouse moves in whole CSS pixels; at this zoom one may fall on the neighbouring pixel.
  assert.ok(Math.abs(placed.x - spot[0]) <= 1 && Math.abs(placed.y - spot[1]) <= 1,
    `the hint is at ${placed.x}, ${placed.y}, not ${spot}`);
  placedAt = [placed.x, placed.y];
  const offset = 4 * (placed.y * before.width + placed.x);
  assert.deepEqual(placed.rgb, [...before.data.subarray(offset, offset + 3)],
    'a new hint takes the result\'s colour at its spot');
  assert.equal(state.hints.undo_steps, 1);

  // A strong red at the wall's own lightness: the patch must take it.
  const red = srgbOfLab(wall[0], 55, 35);
  await typeHex(page, red);
  state = await settled(page);
  assert.deepEqual((await hintsOf(page))[0].rgb, red);
  assert.deepEqual(state.hints.recent_colours[0], red);
  assert.equal(state.hints.undo_steps, 2, 'typing a colour is one undo step');
  const after = (await downloadResult(page)).png;
  const patch = meanLab(after, spot, spotRadius);
  const target = meanLab({ data: Uint8Array.from([...red, 255]), width: 1 }, [0, 0], 0);
  const toHint = deltaE(patch, target);
  const farChange = deltaE(meanLab(after, farSpot, farRadius), meanLab(before, farSpot, farRadius));
  console.log(`red hint: patch Delta E to the hint ${toHint.toFixed(2)} (was ${deltaE(wall, target).toFixed(2)}), far patch changed by ${farChange.toFixed(2)}`);
  assert.ok(toHint <= 10, `the hinted patch is ${toHint} from the hint's colour`);
  assert.ok(farChange <= 3, `a patch far from the hint changed by ${farChange}`);
  await screenshot(page, 'hint-editing-red-hint');

  // Native colorize --hints with the same hints gives the same picture.
  const hintsFile = join(work(), 'native-hints.json');
  writeFileSync(hintsFile, await page.evaluate(() => window.tint.hints()));
  execFileSync(paths.trainer, ['colorize', join(paths.models, 'hint', 'best.pt'), kodim03(),
    '-o', join(work(), 'native'), '--threads', '1', '--hints', hintsFile], { stdio: 'inherit' });
  const native = readPng(join(work(), 'native', 'kodim03.png'));
  let worst = 0;
  for (let i = 0; i < native.data.length; ++i)
    if (i % 4 !== 3) worst = Math.max(worst, Math.abs(native.data[i] - after.data[i]));
  console.log(`native colorize --hints against the browser: largest difference ${worst}/255`);
  assert.ok(worst <= 2, `native and browser differ by ${worst}/255`);
});

test('drag moves a hint; Delete, right-click and Clear all remove; Ctrl+Z and Ctrl+Shift+Z undo and redo', async () => {
  let state = await settled(page);
  const runs = state.timings.network_runs;
  const steps = state.hints.undo_steps;
  const to = [520, 160];
  await drag(page, onScreen(state, spot), onScreen(state, to), 12);
  state = await settled(page);
  let [moved] = await hintsOf(page);
  assert.ok(Math.abs(moved.x - to[0]) <= 1 && Math.abs(moved.y - to[1]) <= 1,
    `the hint is at ${moved.x}, ${moved.y}, not ${to}`);
  assert.equal(state.hints.undo_steps, steps + 1, 'a drag is one undo step');
  assert.ok(state.timings.network_runs > runs, 'moving the hint ran the network');
  await screenshot(page, 'hint-editing-dragged');

  await pressChord(page, ['Control', 'z']);
  state = await settled(page);
  [moved] = await hintsOf(page);
  assert.deepEqual([moved.x, moved.y], placedAt, 'undo puts the hint back');
  await pressChord(page, ['Control', 'Shift', 'z']);
  await settled(page);
  [moved] = await hintsOf(page);
  assert.ok(Math.abs(moved.x - to[0]) <= 1, 'redo moves it again');

  // A second hint, removed with Delete (it is selected), then the first with a right-click.
  await placeHint(page, [300, 300], [30, 60, 200]);
  assert.equal((await hintsOf(page)).length, 2);
  await press(page, 'Delete');
  state = await settled(page);
  assert.equal(state.image.hints, 1);
  await click(page, onScreen(state, [moved.x, moved.y]), 'right');
  state = await settled(page);
  assert.equal(state.image.hints, 0);
  await pressChord(page, ['Control', 'z']);
  state = await settled(page);
  assert.equal(state.image.hints, 1, 'undo brings back the right-clicked hint');

  const [left, top, width, height] = state.controls['hint-clear'];
  await click(page, [left + width / 2, top + height / 2]);
  state = await settled(page);
  assert.equal(state.image.hints, 0);
  await pressChord(page, ['Control', 'z']);
  state = await settled(page);
  assert.equal(state.image.hints, 1, 'undo brings back what Clear all removed');
});

test('zoom and pan keep hints on their spots; H hides the markers', async () => {
  let state = await settled(page);
  const [hint] = await hintsOf(page);
  // Zoom in about a point away from the hint, then pan with a drag that starts on no marker.
  await page.mouse.move(...onScreen(state, [400, 250]));
  await page.mouse.wheel(0, -300);
  await page.waitForTimeout(300);
  state = await status(page);
  await drag(page, onScreen(state, [380, 300]), onScreen(state, [330, 280]));
  state = await settled(page);
  assert.ok(state.view.zoom > 1, `zoom ${state.view.zoom}`);
  assert.deepEqual(await hintsOf(page), [hint], 'zoom and pan leave the hints as they were');
  // The marker is where the hint's pixel is drawn now: a click there selects it, adds none.
  await click(page, onScreen(state, [hint.x, hint.y]));
  state = await settled(page);
  assert.equal(state.image.hints, 1);
  assert.equal(state.hints.selected, 0);
  await screenshot(page, 'hint-editing-zoomed');

  await press(page, 'h');
  assert.equal((await status(page)).hints.show_markers, false);
  await screenshot(page, 'hint-editing-markers-hidden');
  await press(page, 'h');
  assert.equal((await status(page)).hints.show_markers, true);
  await press(page, 'f');
});

test('a saved hints file opened with a fresh copy of the photo reproduces the picture; a bad file is refused', async () => {
  await placeHint(page, [200, 120], [40, 160, 60]);
  const picture = (await downloadResult(page)).png;
  const [download] = await Promise.all([page.waitForEvent('download'), (async () => {
    const [left, top, width, height] = (await status(page)).controls['hint-save'];
    await click(page, [left + width / 2, top + height / 2]);
  })()]);
  assert.equal(download.suggestedFilename(), 'kodim03-hints.json');
  const saved = join(work(), 'kodim03-hints.json');
  await download.saveAs(saved);
  assert.deepEqual(JSON.parse(readFileSync(saved, 'utf8')).hints, await hintsOf(page));

  const fresh = await launch();
  try {
    await openApp(fresh);
    await fresh.page.evaluate((index) => window.tint.selectModel(index), hintModel);
    // The photo and its hints dropped together, as a user sends them.
    await fresh.page.setInputFiles('#image-input', kodim03());
    await fresh.page.waitForFunction(() => window.tint.status().image);
    const [chooser] = await Promise.all([fresh.page.waitForEvent('filechooser'), (async () => {
      const [left, top, width, height] = (await status(fresh.page)).controls['hint-open'];
      await click(fresh.page, [left + width / 2, top + height / 2]);
    })()]);
    await chooser.setFiles(saved);
    const state = await settled(fresh.page);
    assert.equal(state.image.hints, (await hintsOf(page)).length);
    await press(fresh.page, '2');
    const again = (await downloadResult(fresh.page)).png;
    assert.ok(Buffer.compare(again.data, picture.data) === 0, 'the same picture from the file');

    // Dropped together, as a user sends them: the photo opens at once, and its one run takes the
    // hints.
    const runs = (await idle(fresh.page)).timings.network_runs;
    const transfer = await fresh.page.evaluateHandle(([image, hints]) => {
      const data = new DataTransfer();
      data.items.add(new File([Uint8Array.fromBase64(image)], 'kodim03.png', { type: 'image/png' }));
      data.items.add(new File([hints], 'kodim03-hints.json', { type: 'application/json' }));
      return data;
    }, [readFileSync(kodim03()).toString('base64'), readFileSync(saved, 'utf8')]);
    await fresh.page.dispatchEvent('#canvas', 'drop', { dataTransfer: transfer });
    await fresh.page.waitForFunction((before) => window.tint.status().timings.network_runs > before, runs);
    const dropped = await settled(fresh.page);
    assert.equal(dropped.image.hints, state.image.hints);
    assert.equal(dropped.timings.network_runs, runs + 1, 'one run, with the hints');
    assert.ok(Buffer.compare((await downloadResult(fresh.page)).png.data, picture.data) === 0,
      'the same picture from the dropped pair');

    // A bad file: a message naming the point, the hints kept, the app working.
    const bad = join(work(), 'bad-hints.json');
    writeFileSync(bad, JSON.stringify({ hints: [{ x: 10, y: 9000, rgb: [1, 2, 3] }] }));
    const [badChooser] = await Promise.all([fresh.page.waitForEvent('filechooser'), (async () => {
      const [left, top, width, height] = (await status(fresh.page)).controls['hint-open'];
      await click(fresh.page, [left + width / 2, top + height / 2]);
    })()]);
    await badChooser.setFiles(bad);
    await fresh.page.waitForFunction(() => window.tint.status().messages.at(-1).error);
    const refused = await idle(fresh.page);
    assert.match(refused.messages.at(-1).text,
      /bad-hints\.json\.hints\[0\]\.y: 9000 is outside the 768x512 image/);
    assert.equal(refused.image.hints, state.image.hints);
    await screenshot(fresh.page, 'hint-editing-bad-file');
  } finally {
    await fresh.close();
  }
});

test('a link with hints reproduces the picture on a fresh page; bad hints in a link are named and dropped', async () => {
  // The example kodim03 (links name examples), with a hint placed by mouse.
  await page.waitForFunction(() => window.tint.status().examples.length >= 2);
  await page.evaluate(() => window.tint.openExample('kodim03.png'));
  await page.waitForFunction(() => window.tint.status().image_example === 'kodim03.png');
  await settled(page);
  await placeHint(page, [600, 100], [180, 40, 40]);
  const picture = (await downloadResult(page)).png;
  const [{ x, y }] = await hintsOf(page);
  // The address bar follows the hints (at most four times a second).
  await page.waitForFunction((hints) => location.hash.includes(`hints=${hints}`), `${x}_${y}_b42828`);
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, new RegExp(`hints=${x}_${y}_b42828(&|$)`));
  assert.match(hash, /example=kodim03\.png/);

  const fresh = await launch();
  try {
    await openApp(fresh, { hash, examples: 2 });
    const state = await settled(fresh.page);
    assert.equal(state.image_example, 'kodim03.png');
    assert.deepEqual(await hintsOf(fresh.page), await hintsOf(page));
    const again = (await downloadResult(fresh.page)).png;
    assert.ok(Buffer.compare(again.data, picture.data) === 0, 'the same picture from the link');

    const bad = hash.replace(/hints=[^&]*/, `hints=${x}_${y}_b42828-9000_1_00ff00-5_5_zz`);
    await fresh.page.evaluate((link) => { location.hash = link; }, bad);
    await fresh.page.waitForFunction(() => window.tint.status().messages.filter((m) => m.error).length >= 2);
    const after = await settled(fresh.page);
    const errors = after.messages.filter((m) => m.error).map((m) => m.text);
    assert.ok(errors.some((text) => /hint 2 \('9000_1_00ff00'\): x 9000 is outside the 768x512 image/.test(text)), errors.join('\n'));
    assert.ok(errors.some((text) => /hint 3 \('5_5_zz'\): colour 'zz' is not six hex digits/.test(text)), errors.join('\n'));
    assert.deepEqual((await hintsOf(fresh.page)).map((hint) => [hint.x, hint.y]), [[x, y]]);
    await screenshot(fresh.page, 'hint-editing-bad-link');
  } finally {
    await fresh.close();
  }
});

test('a model without hint inputs shows no hint tools and says why', async () => {
  const photo = bundledModels.indexOf('photo.onnx');
  await page.evaluate((index) => window.tint.selectModel(index), photo);
  let state = await idle(page);
  assert.equal(state.hints.tools, false);
  assert.match(state.hints.why_no_tools, /takes no colour hints \(its card says so\)/);
  assert.equal(state.controls['hint-hex'], undefined);
  const count = state.image.hints;
  await click(page, onScreen(state, [100, 100]));
  state = await idle(page);
  assert.equal(state.image.hints, count, 'a click adds no hint');
  await screenshot(page, 'hint-editing-no-hint-model');
  await page.evaluate((index) => window.tint.selectModel(index), hintModel);
  await idle(page);
});
