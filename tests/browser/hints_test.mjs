// Colour hints through the page's scripting interface, and what the side panel says about the
// model that takes them: bad hints text gives a message and changes nothing, a model without hints
// refuses them, hints belong to the opened image, and the panel shows the terms of a model trained
// on Tiny ImageNet.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';

import {
  bundledModels, idle, nextResult, openFile, paths, screenshot, sharedApp, status,
} from './harness.mjs';

const hintModel = bundledModels.indexOf('hint.onnx');
const hints = { hints: [{ x: 10, y: 20, rgb: [255, 0, 0] }, { x: 500, y: 300, rgb: [0, 0, 255] }] };

let page;
sharedApp(async (session) => {
  page = session.page;
  await page.evaluate((index) => window.tint.selectModel(index), hintModel);
  await nextResult(page, () => openFile(page, join(paths.data, 'kodak', 'kodim03.png'), 'kodim03.png'));
});

const setHints = (text) => page.evaluate((hintsText) => window.tint.setHints(hintsText), text);
const readHints = async () => JSON.parse(await page.evaluate(() => window.tint.hints()));
const lastMessage = async () => (await status(page)).messages.at(-1);

test('bad hints text gives a message, keeps the previous hints, and the app keeps working', async () => {
  await nextResult(page, async () => assert.equal(await setHints(JSON.stringify(hints)), true));
  const before = await status(page);
  assert.equal(before.image.hints, 2);

  const bad = [
    ['{"hints": [{"x": 10, "y": 20, "rgb": [255, 0', /line 1, column \d+/],
    ['{"hints": [{"x": 900, "y": 20, "rgb": [255, 0, 0]}]}',
      /hints\.hints\[0\]\.x: 900 is outside the 768x512 image \(0 <= x < 768\)/],
    ['{"hints": [{"x": 1, "y": 2, "rgb": [256, 0, 0]}]}', /hints\.hints\[0\]\.rgb\[0\]: 256 is not an sRGB/],
    ['{"points": []}', /missing field 'hints'/],
    ['', /./],
  ];
  for (const [text, detail] of bad) {
    assert.equal(await setHints(text), false, text);
    const message = await lastMessage();
    assert.equal(message.error, true);
    assert.match(message.text, /^Could not set the colour hints \(the previous ones stay\): /);
    assert.match(message.text, detail);
  }
  const after = await idle(page);
  assert.deepEqual(await readHints(), hints);
  assert.equal(after.image.hints, 2);
  assert.equal(after.timings.network_runs, before.timings.network_runs, 'no run for refused hints');
  assert.equal(after.colorized.serial, before.colorized.serial);
  await screenshot(page, 'hints-bad-text');

  // ... and keeps working: clearing the hints runs the network again, automatically.
  const cleared = await nextResult(page, () => page.evaluate(() => window.tint.clearHints()));
  assert.equal(cleared.image.hints, 0);
  assert.deepEqual(await readHints(), { hints: [] });
  assert.equal(cleared.timings.network_runs, before.timings.network_runs + 1);
  assert.deepEqual(cleared.messages.filter((message) => message.error).length,
    after.messages.filter((message) => message.error).length);
});

test('a model that takes no hints refuses them; the image keeps its hints for one that does', async () => {
  await nextResult(page, async () => assert.equal(await setHints(JSON.stringify(hints)), true));
  const photo = bundledModels.indexOf('photo.onnx');
  const state = await nextResult(page, () => page.evaluate((index) => window.tint.selectModel(index), photo));
  assert.equal(state.models[photo].takes_hints, false);
  // Its card names no network side: the app's own default.
  assert.equal(state.working_side, 128);
  assert.equal(await setHints(JSON.stringify({ hints: [{ x: 1, y: 1, rgb: [0, 255, 0] }] })), false);
  const message = await lastMessage();
  assert.equal(message.error, true);
  assert.match(message.text, /the model \S+ takes no hints \(its card says so\); choose a model that takes colour hints/);
  assert.deepEqual(await readHints(), hints);

  const back = await nextResult(page, () => page.evaluate((index) => window.tint.selectModel(index), hintModel));
  assert.equal(back.working_side, 160);
  assert.equal(back.image.hints, 2);
});

test('hints belong to the opened image: opening another one clears them', async () => {
  assert.equal((await status(page)).image.hints, 2);
  const state = await nextResult(page, () => openFile(page, join(paths.data, 'kodak', 'kodim05.png'), 'kodim05.png'));
  assert.equal(state.image.name, 'kodim05.png');
  assert.equal(state.image.hints, 0);
  assert.deepEqual(await readHints(), { hints: [] });
  // A hint outside the new image's 768x512 is refused as for any image.
  assert.equal(await setHints('{"hints": [{"x": 10, "y": 600, "rgb": [1, 2, 3]}]}'), false);
  assert.match((await lastMessage()).text, /hints\.hints\[0\]\.y: 600 is outside the 768x512 image/);
});

test('the model panel shows the terms of a model trained on Tiny ImageNet, and none for CIFAR-10', async () => {
  let state = await idle(page);
  assert.equal(state.selected_model, hintModel);
  const terms = state.card.find(([label]) => label === 'Data terms');
  assert.ok(terms, `no terms row in ${JSON.stringify(state.card)}`);
  assert.match(terms[1], /ImageNet/);
  assert.match(terms[1], /non-commercial/);
  assert.equal(terms[1], state.models[hintModel].terms);
  assert.ok(state.card.some(([label, text]) => label === 'Input' && /takes colour hints/.test(text)));
  await screenshot(page, 'hints-model-panel-terms');

  state = await nextResult(page, () => page.evaluate(() => window.tint.selectModel(0)));
  assert.equal(state.models[0].terms, '');
  assert.equal(state.card.find(([label]) => label === 'Data terms'), undefined);
  await screenshot(page, 'hints-model-panel-cifar');
});
