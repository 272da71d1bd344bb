// Files in and out the ways a user moves them: drag and drop (images and models), paste, the model
// picker, and the PNG download.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { PNG } from 'pngjs';

import {
  cifarTestImage, downloadResult, dropFile, idle, nextResult, openWithPicker, pasteFile, paths,
  screenshot, sharedApp, status,
} from './harness.mjs';

let page;
sharedApp((session) => {
  page = session.page;
});

test('an image dropped on the canvas is colorized', async () => {
  const state = await nextResult(page, () =>
    dropFile(page, join(paths.data, 'kodak', 'kodim03.png'), 'kodim03.png', 'image/png'));
  assert.equal(state.image.name, 'kodim03.png');
  assert.deepEqual([state.colorized.width, state.colorized.height], [768, 512]);
  await screenshot(page, 'dropped-kodim03');
});

test('an image pasted from the clipboard is colorized', async () => {
  const state = await nextResult(page, () =>
    pasteFile(page, cifarTestImage(5), 'pasted.png', 'image/png'));
  assert.equal(state.image.name, 'pasted.png');
  assert.deepEqual([state.colorized.width, state.colorized.height], [32, 32]);
});

test('a model dropped on the page is added, selected and run', async () => {
  const model = join(paths.models, 'palette24.onnx');
  const state = await nextResult(page, () => dropFile(page, model, 'dropped-palette.onnx'));
  const added = state.models.at(-1);
  assert.deepEqual([added.file, added.bundled, added.ready, added.mode],
    ['dropped-palette.onnx', false, true, 'palette']);
  assert.equal(state.selected_model, state.models.length - 1);
  await screenshot(page, 'dropped-model');
});

test('a model chosen with the model picker (M) is added and selected', async () => {
  const model = join(paths.models, 'photo.onnx');
  const state = await nextResult(page, () => openWithPicker(page, model, 'm'));
  const added = state.models.at(-1);
  assert.deepEqual([added.file, added.bundled, added.ready], ['photo.onnx', false, true]);
  assert.equal(state.selected_model, state.models.length - 1);
});

test('the download is the colorized image as a full-size PNG', async () => {
  const { name, png } = await downloadResult(page);
  const state = await status(page);
  assert.equal(name, 'pasted-colour.png');
  assert.deepEqual([png.width, png.height], [state.image.width, state.image.height]);
});

test('a small image opens at once; a large one says so in a frame first', async () => {
  const open = (base64, name) => page.evaluate(([base64, name]) => {
    window.tint.openFile(Uint8Array.fromBase64(base64), name);
    const state = window.tint.status();
    return [state.image?.name, state.busy];
  }, [base64, name]);
  const small = readFileSync(cifarTestImage(7)).toString('base64');
  const [smallName] = await open(small, 'small.png');
  assert.equal(smallName, 'small.png', 'opened within the call');
  await idle(page);
  // Over a million pixels: the page shows what it is doing before the work holds it.
  const large = new PNG({ width: 1200, height: 1000 });
  large.data.fill(200);
  assert.deepEqual(await open(PNG.sync.write(large).toString('base64'), 'large.png'),
    ['small.png', 'Opening large.png...']);
  await idle(page);
  assert.equal((await status(page)).image.name, 'large.png');
});
