// "Colour like...": a colour photo of the same scene gives the opened photo its colours as ordinary
// hints (the user's own hints stay; a stronger setting gives more), the reference shows as a
// thumbnail and its name travels in the hints file; a photo dropped or pasted after "Colour
// like..." is the reference; bad references (gray, tiny, damaged, huge) leave the photo as it
// was; the palette model takes the reference's dominant colours as its swatches; native
// `tint colorize --reference` agrees.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { test } from 'node:test';

import {
  bundledModels, click, deltaE, downloadResult, dropFile, labOf, meanLab, openFile, pasteFile,
  paths, readPng, screenshot, sharedApp, status, writePng,
} from './harness.mjs';

const hintModel = bundledModels.indexOf('hint.onnx');
const paletteModel = bundledModels.indexOf('palette24.onnx');
const work = () => join(paths.work, 'reference');
const kodim03 = () => join(paths.data, 'kodak', 'kodim03.png');

// kodim03 as another camera might show it: mirrored, cropped to 80 % of each side.
function writeMirroredCrop(path) {
  const photo = readPng(kodim03());
  const width = Math.floor(photo.width * 0.8), height = Math.floor(photo.height * 0.8);
  const left = Math.floor(photo.width / 10), top = Math.floor(photo.height / 20);
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; ++y)
    for (let x = 0; x < width; ++x)
      for (let c = 0; c < 3; ++c)
        rgb[(y * width + x) * 3 + c] = photo.data[((top + y) * photo.width + left + width - 1 - x) * 4 + c];
  writePng(path, width, height, rgb);
}

let page;
sharedApp(async (session) => {
  page = session.page;
  mkdirSync(work(), { recursive: true });
  writeMirroredCrop(join(work(), 'kodim03-mirrored.png'));
  await page.evaluate((index) => window.tint.selectModel(index), hintModel);
  await openFile(page, kodim03(), 'kodim03.png');
  await settled();
});

async function settled() {
  await page.waitForFunction(() => {
    const state = window.tint.status();
    return state.busy === '' && state.colorized?.hints_current === true;
  }, null, { timeout: 120_000 });
  return status(page);
}

const hintsFile = async () => JSON.parse(await page.evaluate(() => window.tint.hints()));

// Clicks the named control (status().controls).
async function clickControl(name) {
  const [left, top, width, height] = (await status(page)).controls[name];
  await click(page, [left + width / 2, top + height / 2]);
}

test('Colour like... gives the photo hints of the reference colours, as ordinary hints', async () => {
  const reference = join(work(), 'kodim03-mirrored.png');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), clickControl('reference-open')]);
  await chooser.setFiles(reference);
  await page.waitForFunction(() => window.tint.status().reference !== null);
  const state = await settled();
  assert.equal(state.reference.name, 'kodim03-mirrored.png');
  assert.ok(state.reference.hints >= 30, `only ${state.reference.hints} hints`);
  assert.equal(state.image.hints, state.reference.hints);
  assert.match(state.reference.outcome, /hints from kodim03-mirrored\.png/);
  assert.ok(state.controls['reference-thumbnail'], 'the reference is shown');
  // The hints carry kodim03's own colours where they are.
  const truth = readPng(kodim03());
  const file = await hintsFile();
  assert.equal(file.reference, 'kodim03-mirrored.png');
  let near = 0;
  const inside = (value, side) => Math.min(side - 3, Math.max(2, Math.floor(value)));
  for (const hint of file.hints) {
    const [, a, b] = meanLab(truth, [inside(hint.x, truth.width), inside(hint.y, truth.height)], 2);
    const [, hintA, hintB] = labOf(...hint.rgb);
    if (Math.hypot(hintA - a, hintB - b) < 10) ++near;
  }
  assert.ok(near >= 0.7 * file.hints.length, `${near} of ${file.hints.length} hints near the truth`);
  await screenshot(page, 'reference-kodim03');
});

test('the user\'s own hints stay when the strength changes; more strength gives more hints', async () => {
  const before = await hintsFile();
  const own = { x: 20, y: 500, rgb: [250, 30, 200] };
  await page.evaluate((text) => window.tint.setHints(text),
    JSON.stringify({ hints: [...before.hints, own] }));
  await settled();
  await page.evaluate(() => window.tint.setReferenceStrength(1));
  const state = await settled();
  assert.ok(state.reference.hints > before.hints.length,
    `${state.reference.hints} hints at strength 1, ${before.hints.length} at 0.5`);
  const after = await hintsFile();
  assert.equal(after.hints.length, state.reference.hints + 1);
  assert.deepEqual(after.hints[0], own);
});

test('a gray, tiny, damaged or huge reference is refused with a message and the photo stays', async () => {
  const before = await status(page);
  const hints = (await hintsFile()).hints;
  const gray = join(work(), 'gray.png');
  writePng(gray, 64, 48, new Uint8Array(64 * 48 * 3).fill(128));
  const tiny = join(work(), 'tiny.png');
  writePng(tiny, 8, 8, new Uint8Array(8 * 8 * 3).map((_, i) => (i * 37) % 256));
  const damaged = join(work(), 'damaged.jpg');
  writeFileSync(damaged, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 1, 2, 3]));
  // A PNG whose header says 10000x10000: refused from the header, before any decoding.
  const huge = join(work(), 'huge.png');
  const chunk = (kind, data) => {
    const body = Buffer.concat([Buffer.from(kind), data]);
    const length = Buffer.alloc(4), crc = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(10000, 0);
  header.writeUInt32BE(10000, 4);
  header.set([8, 2, 0, 0, 0], 8);
  writeFileSync(huge, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.alloc(64))), chunk('IEND', Buffer.alloc(0))]));
  for (const [path, reason] of [[gray, /gray\.png: the reference has no colour to give/],
    [tiny, /tiny\.png: the reference is 8x8, too small to match/], [damaged, /damaged\.jpg/],
    [huge, /huge\.png.*10000x10000 pixels is over the limit/]]) {
    const name = path.slice(path.lastIndexOf('/') + 1);
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), clickControl('reference-open')]);
    await chooser.setFiles(path);
    await page.waitForFunction((file) => window.tint.status().messages.some(
      (message) => message.text.startsWith(`Could not colour like ${file} `)), name);
    const state = await status(page);
    const last = state.messages.findLast((message) => message.text.startsWith(`Could not colour like ${name} `));
    assert.equal(last.error, true);
    assert.match(last.text, /\(the photo stays as it was\): /);
    assert.match(last.text, reason);
    assert.equal(state.reference.name, 'kodim03-mirrored.png');
    assert.deepEqual((await hintsFile()).hints, hints);
    assert.equal(state.colorized.serial, before.colorized.serial);
  }
});

test('after Colour like..., a dropped or pasted photo is the reference', async () => {
  const other = join(paths.data, 'kodak', 'kodim01.png');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), clickControl('reference-open')]);
  await chooser.setFiles([]);  // cancelled: the next photo dropped is the reference
  assert.equal((await status(page)).reference_wanted, true);
  await dropFile(page, other, 'kodim01.png', 'image/png');
  await page.waitForFunction(() => window.tint.status().reference?.name === 'kodim01.png');
  let state = await settled();
  assert.equal(state.image.name, 'kodim03.png', 'the photo stays');
  assert.equal(state.reference_wanted, false);
  // An unrelated reference gives few hints, if any.
  assert.ok(state.reference.hints < 10, `${state.reference.hints} hints from an unrelated photo`);

  await clickControl('reference-open').catch(() => {});
  await page.keyboard.press('Escape');
  await pasteFile(page, join(work(), 'kodim03-mirrored.png'), 'pasted.png', 'image/png');
  await page.waitForFunction(() => window.tint.status().reference?.name === 'pasted.png');
  state = await settled();
  assert.equal(state.image.name, 'kodim03.png');
  assert.ok(state.reference.hints >= 30);
});

test('native tint colorize --reference gives the same picture within 2/255', async () => {
  await page.evaluate(() => window.tint.clearHints());
  await page.evaluate(() => window.tint.setReferenceStrength(0.5));
  const state = await settled();
  assert.equal(state.image.hints, state.reference.hints);
  const { png: browser } = await downloadResult(page);
  const input = join(work(), 'kodim03.png');
  copyFileSync(kodim03(), input);
  const output = join(work(), 'native');
  execFileSync(paths.trainer, ['colorize', join(paths.models, 'hint', 'best.pt'), input, '-o', output,
    '--max-side', String(state.working_side), '--threads', '1',
    '--reference', join(work(), 'kodim03-mirrored.png')], { stdio: 'inherit' });
  const native = readPng(join(output, 'kodim03.png'));
  let worst = 0;
  for (let i = 0; i < browser.data.length; ++i)
    if (i % 4 !== 3) worst = Math.max(worst, Math.abs(browser.data[i] - native.data[i]));
  console.log(`reference hints: largest difference ${worst}/255`);
  assert.ok(worst <= 2, `browser and native differ by ${worst}/255`);
});

test('the palette model takes the reference dominant colours as its swatches', async () => {
  // Without a reference the palette model shows its own swatches; with one, the reference's.
  await clickControl('reference-forget');
  assert.equal((await status(page)).reference, null);
  await page.evaluate((index) => window.tint.selectModel(index), paletteModel);
  const own = (await settled()).decode.palette;
  const bytes = [...readFileSync(join(work(), 'kodim03-mirrored.png'))];
  await page.evaluate((data) => window.tint.openReference(Uint8Array.from(data), 'mirrored.png'), bytes);
  await page.waitForFunction(() => window.tint.status().reference?.name === 'mirrored.png');
  const state = await settled();
  assert.equal(state.decode.palette.length, own.length);
  assert.notDeepEqual(state.decode.palette, own);
  assert.match(state.reference.outcome, /The swatches are mirrored\.png's dominant colours/);
  // Every swatch is a colour of the reference: near one of its pixels.
  const reference = readPng(join(work(), 'kodim03-mirrored.png'));
  for (const swatch of state.decode.palette) {
    const lab = labOf(...swatch);
    let nearest = Infinity;
    for (let y = 0; y < reference.height; y += 4)
      for (let x = 0; x < reference.width; x += 4)
        nearest = Math.min(nearest, deltaE(lab, meanLab(reference, [x, y], 0)));
    assert.ok(nearest < 12, `swatch ${swatch} is ${nearest} from every reference colour`);
  }
  await screenshot(page, 'reference-palette');
  await page.evaluate((index) => window.tint.selectModel(index), hintModel);
  await settled();
});
