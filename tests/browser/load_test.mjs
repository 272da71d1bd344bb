// The page loads cleanly, with and without cross-origin isolation, and never talks to another
// origin.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';

import {
  bundledModels, idle, launch, nextResult, openApp, openFile, paths, screenshot, status, waitForApp,
} from './harness.mjs';

// SwiftShader (WebGL without a GPU) reports read-backs for screenshots as performance warnings.
const harmless = /GPU stall due to ReadPixels/;

for (const isolated of [true, false]) {
  test(`loads and colorizes without console errors (${isolated ? '' : 'not '}cross-origin isolated)`, async () => {
    const session = await launch({ isolated });
    try {
      await openApp(session);
      await nextResult(session.page, () =>
        openFile(session.page, join(paths.data, 'kodak', 'kodim05.png'), 'kodim05.png'));
      const state = await status(session.page);
      assert.deepEqual(state.models.map((model) => [model.file, model.bundled, model.ready]),
        bundledModels.map((file) => [file, true, true]));
      assert.equal(state.selected_model, 0, 'the first bundled model is the default');
      assert.match(state.runtime, isolated ? /wasm, [2-4] threads/ : /wasm, 1 thread \(page not/);
      assert.equal(await session.page.evaluate(() => globalThis.crossOriginIsolated), isolated);
      await screenshot(session.page, `load-${isolated ? 'isolated' : 'not-isolated'}`);

      const problems = session.console.filter(
        (message) => ['error', 'warning'].includes(message.type) && !harmless.test(message.text));
      assert.deepEqual(problems, []);
      assert.deepEqual(session.pageErrors, []);
      assert.deepEqual(state.messages.filter((message) => message.error), []);
    } finally {
      await session.close();
    }
  });
}

test('the bundled models load one after another, the default first', async () => {
  const session = await launch();
  try {
    await openApp(session);
    // ONNX Runtime's sessions, in the order the page lists the models (web/ort_glue.js marks).
    const marks = await session.page.evaluate(() => Object.fromEntries(
      performance.getEntriesByType('mark').map((mark) => [mark.name, mark.startTime])));
    for (let id = 2; id <= bundledModels.length; ++id) {
      assert.ok(marks[`tint: session ${id} started`] >= marks[`tint: session ${id - 1} ready`],
        `session ${id} started at ${marks[`tint: session ${id} started`]} ms, before session ` +
        `${id - 1} was ready at ${marks[`tint: session ${id - 1} ready`]} ms`);
    }
    assert.equal((await status(session.page)).selected_model, 0);
  } finally {
    await session.close();
  }
});

test('on a first visit ONNX Runtime starts with the page, on a later one with the first model', async () => {
  const session = await launch();
  const { page } = session;
  const marks = () => page.evaluate(() => Object.fromEntries(
    performance.getEntriesByType('mark').map((mark) => [mark.name, mark.startTime])));
  try {
    await openApp(session);
    await page.waitForFunction(() => performance.getEntriesByName('tint: runtime ready').length === 1);
    const first = await marks();
    assert.ok(first['tint: runtime started'] < first['tint: app module starting'],
      'started before the app module');
    assert.ok(first['tint: runtime started'] < first['tint: session 1 started'],
      'started before the first model\'s session');
    // Its module script is fetched with the page's own scripts (index.html), before app.js runs.
    const moduleFetch = await page.evaluate(() => performance.getEntriesByType('resource')
      .find((entry) => entry.name.endsWith('/ort/ort-wasm-simd-threaded.mjs'))?.startTime);
    assert.ok(moduleFetch < first['tint: page script'],
      `ONNX Runtime's module was asked for at ${moduleFetch} ms, after the page script at ${first['tint: page script']} ms`);

    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      while (!navigator.serviceWorker.controller) await new Promise((resolve) => setTimeout(resolve, 50));
    });
    await page.reload();
    await openApp(session);
    assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null));
    assert.equal((await marks())['tint: runtime started'], undefined);
    const problems = session.console.filter((message) => ['error', 'warning'].includes(message.type) &&
      !harmless.test(message.text));
    assert.deepEqual(problems, []);
  } finally {
    await session.close();
  }
});

test('an example the page cannot load is reported; the others still show', async () => {
  const session = await launch();
  try {
    await session.page.route('**/examples/kodim03.png', (route) => route.fulfill({ status: 404 }));
    await openApp(session, { examples: 1 });
    await session.page.waitForFunction(() =>
      window.tint.status().messages.some((message) => message.error));
    const state = await status(session.page);
    assert.deepEqual(state.examples.map((example) => example.name), ['kodim05.png']);
    assert.deepEqual(state.messages.filter((message) => message.error).map((message) => message.text),
      ['Could not load the example kodim03.png: HTTP 404']);
  } finally {
    await session.close();
  }
});

// Thumbnails show on the start screen at once, whether or not the models are in; behind an opened
// photo they wait until its colour is on screen (decoding them would delay it).
for (const photoOpen of [false, true]) {
  test(`examples show ${photoOpen ? 'behind an opened photo after its colour' : 'on the start screen at once'}`, async () => {
    const session = await launch();
    try {
      // The models held back until the test lets them through; with a photo, the examples until it
      // is open.
      const hold = async (pattern) => {
        let release;
        const held = new Promise((resolve) => { release = resolve; });
        await session.page.route(pattern, async (route) => {
          await held;
          await route.continue();
        });
        return release;
      };
      const releaseModels = await hold('**/models/*.onnx');
      const releaseExamples = photoOpen ? await hold('**/examples/*') : () => {};
      await session.page.goto(session.server.url);
      await session.page.waitForFunction(() => window.tint);
      if (photoOpen) await openFile(session.page, join(paths.data, 'kodak', 'kodim05.png'), 'kodim05.png');
      releaseExamples();
      await session.page.waitForFunction(() => performance.getEntriesByType('mark')
        .filter((mark) => /^tint: downloaded kodim0[35]\.png$/.test(mark.name)).length === 2);
      await session.page.waitForTimeout(500);  // frames go by
      const held = await status(session.page);
      assert.equal(held.busy, 'Downloading the page\'s models...');
      assert.deepEqual(held.examples.map((example) => example.name), photoOpen ? [] : ['kodim05.png', 'kodim03.png']);

      releaseModels();
      if (photoOpen) {
        await session.page.waitForFunction(() => window.tint.status().colorized);
        await waitForApp(session.page, { examples: 2 });
        assert.deepEqual((await status(session.page)).image, { name: 'kodim05.png', width: 768, height: 512, has_colour: true, hints: 0 });
      } else {
        await waitForApp(session.page, { examples: 2 });
        assert.deepEqual((await status(session.page)).examples.map((example) => example.thumbnail.length), [4, 4]);
      }
      assert.equal((await idle(session.page)).busy, '');
    } finally {
      await session.close();
    }
  });
}

// The service worker's install downloads every file again: it waits until the start is done, the
// models handed over and the app idle, rather than compete with ONNX Runtime's start.
test('the service worker registers once the app has nothing under way', async () => {
  const session = await launch();
  const { page } = session;
  try {
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await page.route('**/ort/*.wasm', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(session.server.url);
    await page.waitForFunction((count) => performance.getEntriesByType('mark')
      .filter((mark) => /^tint: downloaded .*\.onnx$/.test(mark.name)).length === count, bundledModels.length);
    await page.waitForTimeout(500);
    assert.match((await status(page)).busy, /^Loading model /);
    assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()) ?? null),
      null, 'registered while the app was busy');

    release();
    assert.equal((await idle(page)).busy, '');
    assert.ok(await page.evaluate(() => navigator.serviceWorker.ready.then(() => true)));
  } finally {
    await session.close();
  }
});

test('every request goes to the page\'s origin, under its Content Security Policy', async () => {
  const session = await launch();
  try {
    const response = await session.page.goto(session.server.url);
    await openApp(session);
    const origin = new URL(session.server.url).origin;
    assert.ok(session.requests.length > 5);
    for (const url of session.requests)
      assert.ok(url.startsWith(`${origin}/`) || url.startsWith('blob:' + origin) || url.startsWith('data:'),
        `request to another origin: ${url}`);
    const headers = response.headers();
    assert.match(headers['content-security-policy'], /default-src 'self'/);
    assert.equal(headers['cross-origin-embedder-policy'], 'require-corp');
    // The page carries the same policy itself, for servers that send none.
    const meta = await session.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(meta, /default-src 'self'; script-src 'self' 'wasm-unsafe-eval'/);
  } finally {
    await session.close();
  }
});

test('is installable: a web manifest with icons, served from the page\'s origin', async () => {
  const session = await launch();
  try {
    await openApp(session);
    const manifest = await session.page.evaluate(async () => {
      const link = document.querySelector('link[rel="manifest"]');
      const response = await fetch(link.href);
      const json = await response.json();
      const icons = await Promise.all(json.icons.map(async (icon) => {
        const image = await fetch(new URL(icon.src, link.href));
        return { sizes: icon.sizes, ok: image.ok, type: image.headers.get('content-type') };
      }));
      return { ...json, icons };
    });
    assert.equal(manifest.display, 'standalone');
    assert.equal(manifest.start_url, './');
    for (const sizes of ['192x192', '512x512'])
      assert.ok(manifest.icons.some((icon) => icon.sizes === sizes && icon.ok && icon.type === 'image/png'),
        `a ${sizes} PNG icon`);
    assert.ok(await session.page.evaluate(() => navigator.serviceWorker.ready.then(() => true)));
  } finally {
    await session.close();
  }
});

test('draws at the screen\'s pixel density, with the mouse where the pointer is', async () => {
  const session = await launch({ deviceScaleFactor: 2, viewport: { width: 900, height: 600 } });
  try {
    const { page } = session;
    await openApp(session);
    await nextResult(page, () => openFile(page, join(paths.data, 'kodak', 'kodim05.png'), 'kodim05.png'));
    // The canvas fills the window under the page's header, its buffer at twice its CSS size.
    const sizes = await page.evaluate(() => {
      const canvas = document.getElementById('canvas');
      return { buffer: [canvas.width, canvas.height], css: [canvas.clientWidth, canvas.clientHeight],
        header: document.querySelector('header').offsetHeight };
    });
    assert.deepEqual(sizes.css, [900, 600 - sizes.header]);
    assert.deepEqual(sizes.buffer, [1800, 2 * sizes.css[1]]);
    // The wheel zooms about the pointer: the image point under it stays under it.
    const before = (await status(page)).view;
    const pointer = [before.canvas.left + 200, before.canvas.top + 150];
    const imagePoint = (view) => [0, 1].map((axis) =>
      (pointer[axis] - [view.canvas.left, view.canvas.top][axis] - view.origin[axis]) / view.zoom);
    await page.mouse.move(...pointer);
    await page.mouse.wheel(0, -200);
    await page.waitForFunction((zoom) => window.tint.status().view.zoom > zoom * 1.1, before.zoom);
    const after = (await status(page)).view;
    const [x0, y0] = imagePoint(before), [x1, y1] = imagePoint(after);
    assert.ok(Math.hypot(x1 - x0, y1 - y0) < 1, `(${x0}, ${y0}) moved to (${x1}, ${y1})`);
    await screenshot(page, 'pixel-ratio-2');
  } finally {
    await session.close();
  }
});

test('without WebGL2 the page says what is missing', async () => {
  const session = await launch({ extraArgs: ['--disable-webgl'] });
  try {
    await session.page.goto(session.server.url);
    const startup = session.page.locator('#startup');
    await startup.filter({ hasText: 'WebGL2' }).waitFor();
    assert.equal(await startup.textContent(), 'tint needs WebGL2, which this browser does not offer');
    assert.ok(await startup.isVisible());
    await screenshot(session.page, 'no-webgl2');
  } finally {
    await session.close();
  }
});
