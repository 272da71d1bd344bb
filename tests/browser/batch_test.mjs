// Many photos at once: a folder chosen in the picker becomes a batch, coloured one photo after
// another; the zip holds every photo at full size in its subfolders, byte for byte the file the
// single-photo download gives; bad files are listed with the reason; pause, cancel and the
// finished part's download.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { PNG } from 'pngjs';

import {
  cifarTestImage, click, idle, nextResult, paths, press, screenshot, sharedApp, status,
} from './harness.mjs';

let page;
sharedApp((session) => {
  page = session.page;
});

// The entries of a zip (client-zip stores them uncompressed): { name: bytes }, from its central
// directory.
function readZip(zip) {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let end = zip.length - 22;
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) --end;
  assert.ok(end >= 0, 'no end of central directory');
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const entries = {};
  for (let i = 0; i < count; ++i) {
    assert.equal(view.getUint32(at, true), 0x02014b50, 'a central directory entry');
    assert.equal(view.getUint16(at + 10, true), 0, 'stored, not compressed');
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const skip = nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    const name = new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength));
    const local = view.getUint32(at + 42, true);
    const data = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    entries[name] = zip.subarray(data, data + size);
    at += 46 + skip;
  }
  return entries;
}

// A JPEG's stored width and height, from its frame header.
function jpegSize(bytes) {
  let at = 2;
  while (at < bytes.length) {
    const marker = bytes[at + 1];
    const length = (bytes[at + 2] << 8) | bytes[at + 3];
    if (marker >= 0xc0 && marker <= 0xc2) {
      return [(bytes[at + 7] << 8) | bytes[at + 8], (bytes[at + 5] << 8) | bytes[at + 6]];
    }
    at += 2 + length;
  }
  throw new Error('no JPEG frame header');
}

// kodim07 as a JPEG (the browser's encoder) whose EXIF says "turn 90 degrees clockwise": stored
// 768x512, shown 512x768.
async function rotatedJpeg() {
  const png = readFileSync(join(paths.data, 'kodak', 'kodim07.png')).toString('base64');
  const jpeg = await page.evaluate(async (base64) => {
    const bitmap = await createImageBitmap(new Blob([Uint8Array.fromBase64(base64)]));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    canvas.getContext('2d').drawImage(bitmap, 0, 0);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
    return [...new Uint8Array(await blob.arrayBuffer())];
  }, png);
  // APP1 "Exif": a big-endian TIFF header and one IFD entry, Orientation (0x0112) = 6.
  const exif = [0xff, 0xe1, 0, 34, ...Buffer.from('Exif\0\0'), 0x4d, 0x4d, 0, 42, 0, 0, 0, 8,
    0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0];
  return Buffer.from([...jpeg.slice(0, 2), ...exif, ...jpeg.slice(2)]);
}

// The folder the user picks: 18 photos in subfolders (6 Kodak PNGs, kodim08 tiled over 1536x1024,
// which opens and saves over several frames, 8 CIFAR thumbnails, a rotated JPEG, a BMP whose result
// name meets a PNG's) and two bad files.
const folder = () => join(paths.files, 'album');
const kodak = ['kodim01', 'kodim02', 'kodim03', 'kodim04', 'kodim05', 'kodim06'];
async function writeAlbum() {
  rmSync(folder(), { recursive: true, force: true });
  const put = (name, bytes) => {
    mkdirSync(join(folder(), name, '..'), { recursive: true });
    writeFileSync(join(folder(), name), bytes);
  };
  kodak.forEach((name, i) =>
    put(`${i < 3 ? 'day1' : 'day2'}/${name}.png`, readFileSync(join(paths.data, 'kodak', `${name}.png`))));
  put('day2/evening/portrait.jpg', await rotatedJpeg());
  for (let i = 0; i < 8; ++i) put(`${i < 4 ? '' : 'day2/evening/'}cifar${i}.png`, readFileSync(cifarTestImage(i)));
  const tile = PNG.sync.read(readFileSync(join(paths.data, 'kodak', 'kodim08.png')));
  const wide = new PNG({ width: 2 * tile.width, height: 2 * tile.height });
  for (const [x, y] of [[0, 0], [1, 0], [0, 1], [1, 1]])
    PNG.bitblt(tile, wide, 0, 0, tile.width, tile.height, x * tile.width, y * tile.height);
  put('day2/wide.png', PNG.sync.write(wide));
  put('day1/ramp.bmp', readFileSync(join(paths.source, 'tests', 'data', 'rgb.bmp')));
  put('day1/ramp.png', readFileSync(join(paths.source, 'tests', 'data', 'rgb.png')));
  put('notes.txt', Buffer.from('a shopping list, not a photo\n'));
  put('day1/broken.jpg', (await rotatedJpeg()).subarray(0, 3000));
}

// Where a control was last drawn, by its label.
async function controlNamed(label) {
  const state = await status(page);
  const control = state.drawn_controls.find((entry) => entry.label === label && entry.visible[2] > 0);
  assert.ok(control, `no control '${label}' on screen: ${state.drawn_controls.map((c) => c.label).join(', ')}`);
  const [left, top, width, height] = control.visible;
  return [left + width / 2, top + height / 2];
}

async function batchEnds() {
  await page.waitForFunction(() => ['done', 'cancelled'].includes(window.tint.status().batch?.state),
    null, { timeout: 300_000, polling: 250 });
  return status(page);
}

const zipOfBatch = async () => readZip(Buffer.from(await page.evaluate(async () =>
  (await window.tint.batchZip()).toBase64()), 'base64'));

let zip;

test('a folder chosen in the picker is coloured as a batch; bad files are listed', async () => {
  await writeAlbum();
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), click(page, await controlNamed('Open folder...'))]);
  await chooser.setFiles(folder());
  await page.waitForFunction(() => window.tint.status().batch?.done >= 8);
  await screenshot(page, 'batch-running');
  const state = await batchEnds();
  assert.deepEqual(state.batch.photos.map(({ name }) => name), [
    'album/cifar0.png', 'album/cifar1.png', 'album/cifar2.png', 'album/cifar3.png',
    'album/day1/broken.jpg', 'album/day1/kodim01.png', 'album/day1/kodim02.png', 'album/day1/kodim03.png',
    'album/day1/ramp.bmp', 'album/day1/ramp.png', 'album/day2/evening/cifar4.png',
    'album/day2/evening/cifar5.png', 'album/day2/evening/cifar6.png', 'album/day2/evening/cifar7.png',
    'album/day2/evening/portrait.jpg', 'album/day2/kodim04.png', 'album/day2/kodim05.png',
    'album/day2/kodim06.png', 'album/day2/wide.png', 'album/notes.txt',
  ], 'the folder\'s 20 files, in order');
  assert.equal(state.batch.state, 'done');
  assert.equal(state.batch.done, 18);
  assert.deepEqual(state.batch.failed.map(({ name }) => name).sort(), ['album/day1/broken.jpg', 'album/notes.txt']);
  for (const { name, reason } of state.batch.failed) assert.match(reason, /truncated|damaged|not a readable image/, name);
  assert.ok(state.batch.photos_per_minute > 0);
  await screenshot(page, 'batch-done');
});

test('the zip holds every photo at full size, named as its original in its subfolder', async () => {
  zip = await zipOfBatch();
  // The finished photos wait on disk, in the page's folder of the origin's private file system.
  const stored = await page.evaluate(async () => {
    const counts = [];
    for await (const [name, folder] of (await navigator.storage.getDirectory()).entries()) {
      let files = 0;
      for await (const file of folder.values()) files += (await file.getFile()).size > 0;
      counts.push([name.replace(/-.*/, '-'), files]);
    }
    return counts;
  });
  assert.deepEqual(stored, [['tint-', 18]]);
  const expected = [
    ...kodak.map((name, i) => `album/${i < 3 ? 'day1' : 'day2'}/${name}-colour.png`),
    'album/day2/evening/portrait-colour.jpg',
    ...Array.from({ length: 8 }, (_, i) => `album/${i < 4 ? '' : 'day2/evening/'}cifar${i}-colour.png`),
    'album/day2/wide-colour.png',
    'album/day1/ramp-colour.png', 'album/day1/ramp-colour (2).png',
  ];
  assert.deepEqual(Object.keys(zip).sort(), expected.sort());
  kodak.forEach((stem, i) => {
    const name = `album/${i < 3 ? 'day1' : 'day2'}/${stem}-colour.png`;
    const [png, source] = [Buffer.from(zip[name]), readFileSync(join(paths.data, 'kodak', `${stem}.png`))]
      .map((bytes) => PNG.sync.read(bytes));
    assert.deepEqual([png.width, png.height], [source.width, source.height], name);
  });
  // Upright, as the app shows it: the EXIF turn applied to the pixels.
  assert.deepEqual(jpegSize(zip['album/day2/evening/portrait-colour.jpg']), [512, 768]);
  assert.deepEqual([PNG.sync.read(Buffer.from(zip['album/cifar0-colour.png'])).width], [32]);
  const wide = PNG.sync.read(Buffer.from(zip['album/day2/wide-colour.png']));
  assert.deepEqual([wide.width, wide.height], [1536, 1024]);
});

test('each photo in the zip is the single-photo download, byte for byte', async () => {
  const single = async (path, name, result) => {
    await nextResult(page, () => page.evaluate(({ base64, name }) =>
      window.tint.openFile(Uint8Array.fromBase64(base64), name), { base64: readFileSync(path).toString('base64'), name }));
    const [download] = await Promise.all([page.waitForEvent('download'), press(page, 's')]);
    assert.equal(download.suggestedFilename(), result.split('/').at(-1).replace(' (2)', ''));
    assert.ok(readFileSync(await download.path()).equals(Buffer.from(zip[result])), `${name}: the zip's file differs`);
  };
  await single(join(folder(), 'day2', 'evening', 'portrait.jpg'), 'portrait.jpg', 'album/day2/evening/portrait-colour.jpg');
  await single(join(folder(), 'day1', 'kodim01.png'), 'kodim01.png', 'album/day1/kodim01-colour.png');
  await single(join(folder(), 'day1', 'ramp.bmp'), 'ramp.bmp', 'album/day1/ramp-colour.png');
  await single(join(folder(), 'day2', 'wide.png'), 'wide.png', 'album/day2/wide-colour.png');
});

test('Download zip streams the same zip into the file the user picks', async () => {
  await page.evaluate(() => {
    window.savedZip = null;
    window.showSaveFilePicker = async ({ suggestedName }) => ({
      createWritable: async () => {
        const chunks = [];
        return new WritableStream({
          write: (chunk) => { chunks.push(new Uint8Array(chunk)); },
          close: () => { window.savedZip = { suggestedName, bytes: new Uint8Array(chunks.flatMap((c) => [...c])), chunks: chunks.length }; },
        });
      },
    });
  });
  await click(page, await controlNamed('Download zip (18)'));
  await page.waitForFunction(() => window.savedZip, null, { timeout: 30_000 });
  const saved = await page.evaluate(() => ({ ...window.savedZip, bytes: window.savedZip.bytes.toBase64() }));
  assert.equal(saved.suggestedName, 'album-colour.zip');
  assert.ok(saved.chunks > 18, `streamed in ${saved.chunks} chunks`);
  const streamed = readZip(Buffer.from(saved.bytes, 'base64'));
  assert.deepEqual(Object.keys(streamed).sort(), Object.keys(zip).sort());
  for (const name of Object.keys(zip)) assert.ok(Buffer.from(streamed[name]).equals(Buffer.from(zip[name])), name);
});

test('a batch paused stays put; cancelled, it keeps the finished photos for the zip', async () => {
  await click(page, await controlNamed('Clear'));
  assert.equal((await status(page)).batch, null);
  const files = [...kodak, 'kodim07', 'kodim08'].map((name) => ({
    name: `${name}.png`, base64: readFileSync(join(paths.data, 'kodak', `${name}.png`)).toString('base64'),
  }));
  await page.evaluate((files) => window.tint.openBatch(files.map(({ name, base64 }) =>
    ({ name, bytes: Uint8Array.fromBase64(base64) }))), files);
  await page.waitForFunction(() => window.tint.status().batch.done >= 1, null, { timeout: 120_000 });
  await click(page, await controlNamed('Pause'));
  const paused = (await idle(page)).batch;
  assert.equal(paused.state, 'paused');
  await page.waitForTimeout(1500);
  assert.equal((await status(page)).batch.done, paused.done, 'a paused batch went on');
  await screenshot(page, 'batch-paused');
  await click(page, await controlNamed('Resume'));
  await page.waitForFunction((done) => window.tint.status().batch.done > done, paused.done, { timeout: 120_000 });
  // Paused first, so that photos are left to cancel however fast they go.
  await page.evaluate(() => window.tint.pauseBatch(true));
  await page.evaluate(() => window.tint.cancelBatch());
  const state = await batchEnds();
  assert.equal(state.batch.state, 'cancelled');
  assert.ok(state.batch.done >= 2 && state.batch.done < 8, `${state.batch.done} done`);
  assert.equal(state.batch.cancelled, 8 - state.batch.done);
  const finished = state.batch.photos.filter((photo) => photo.state === 'done').map((photo) => photo.result);
  assert.deepEqual(Object.keys(await zipOfBatch()).sort(), finished.sort());
});

test('several photos chosen together join one batch; one alone opens as before', async () => {
  await page.evaluate(() => window.tint.clearBatch());
  const photos = [cifarTestImage(11), cifarTestImage(12)];
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), press(page, 'o')]);
  await chooser.setFiles(photos);
  const state = await batchEnds();
  assert.deepEqual(state.batch.photos.map(({ name, state }) => [name, state]),
    [['cifar-test-11.png', 'done'], ['cifar-test-12.png', 'done']]);
  const [alone] = await Promise.all([page.waitForEvent('filechooser'), press(page, 'o')]);
  const single = await nextResult(page, () => alone.setFiles([cifarTestImage(13)]));
  assert.equal(single.image.name, 'cifar-test-13.png');
  assert.equal(single.batch.total, 2, 'the finished batch is left as it was');
});

// Last: the app's frames do not come back after it.
test('a batch goes on while the page is hidden and gets no frames', async () => {
  await page.evaluate(() => window.tint.clearBatch());
  const names = ['kodim08', 'kodim09', 'kodim10', 'kodim11', 'kodim12'];
  const files = names.map((name) => ({
    name: `${name}.png`, base64: readFileSync(join(paths.data, 'kodak', `${name}.png`)).toString('base64'),
  }));
  await page.evaluate((files) => {
    // As a browser does for a hidden page: no animation frames, and the page is told it is hidden.
    window.requestAnimationFrame = () => 0;
    Object.defineProperty(document, 'hidden', { get: () => true });
    Object.defineProperty(document, 'visibilityState', { get: () => 'hidden' });
    window.tint.openBatch(files.map(({ name, base64 }) => ({ name, bytes: Uint8Array.fromBase64(base64) })));
    document.dispatchEvent(new Event('visibilitychange'));
  }, files);
  await page.waitForTimeout(300);  // the frames asked for before
  const framesWhenHidden = (await status(page)).timings.frames_drawn;
  const state = await batchEnds();
  assert.equal(state.batch.done, 5);
  assert.equal(state.timings.frames_drawn, framesWhenHidden, 'the batch waited for frames');
  assert.deepEqual(Object.keys(await zipOfBatch()).sort(), names.map((name) => `${name}-colour.png`));
});
