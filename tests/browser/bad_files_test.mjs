// Bad files get a plain message in the app and change nothing else: the app keeps its image,
// result and models, and then colorizes a good image.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';

import {
  bundledModels, dropFile, idle, nextResult, openWithPicker, paths, screenshot, sharedApp, status,
} from './harness.mjs';

let page;
sharedApp(async (session) => {
  page = session.page;
  await nextResult(page, () => openWithPicker(page, join(paths.data, 'kodak', 'kodim05.png')));
});

const badFiles = [
  ['empty.png', /Could not open the image: empty\.png: empty file \(0 bytes\)/],
  ['truncated.png', /Could not open the image: truncated\.png: .*(not a readable image|cannot decode)/],
  ['text.png', /Could not open the image: text\.png: not a readable image/],
  ['bomb.png', /Could not open the image: bomb\.png: image of 20000x20000 pixels is over the limit/],
  ['garbage.onnx', /Could not open the model: garbage\.onnx: not a readable ONNX model \(/],
  ['no-card.onnx', /Could not open the model: no-card\.onnx: no tint model card in the ONNX metadata/],
  ['wrong-input.onnx', /Could not open the model: wrong-input\.onnx: the model card says the input has 1 channel \(L\), but the graph's input 'image' is \[1, 3, 32, 32\]/],
  ['damaged.onnx', /Could not open the model: damaged\.onnx: damaged: its weights do not match the checksum its model card holds/],
  ['contradicting-card.onnx', /Could not open the model: contradicting-card\.onnx: the model card describes a palette model with 4 output channels, but the graph's output is \[batch, 24, 32, 32\]/],
];

for (const [name, expected] of badFiles) {
  test(`${name} is refused with a message, and the app keeps what it had`, async () => {
    const before = await status(page);
    await dropFile(page, join(paths.files, name), name);
    await page.waitForFunction((count) => window.tint.status().messages.length > count,
      before.messages.length);
    const after = await idle(page);
    const message = after.messages.at(-1);
    console.log(`${name}: ${message.text}`);
    assert.equal(message.error, true);
    assert.match(message.text, expected);
    assert.deepEqual(after.image, before.image);
    assert.deepEqual(after.colorized, before.colorized);
    assert.deepEqual(after.models, before.models);
    await screenshot(page, `bad-file-${name.replace(/\.\w+$/, '')}`);
  });
}

test('after all that, a good image is colorized', async () => {
  const state = await nextResult(page, () =>
    openWithPicker(page, join(paths.data, 'kodak', 'kodim03.png')));
  assert.equal(state.image.name, 'kodim03.png');
  assert.deepEqual([state.colorized.width, state.colorized.height], [768, 512]);
  assert.equal(state.models.length, bundledModels.length);
});
