// Offline use: after the first visit the service worker has cached the app, ONNX Runtime Web and
// the bundled models, so that with the network off a reload still colorizes.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';

import { launch, nextResult, openApp, openWithPicker, paths, screenshot } from './harness.mjs';

test('with the network off, a reload still loads the models and colorizes', async () => {
  const session = await launch();
  const { page, context, server } = session;
  try {
    await openApp(session);
    // The first visit: wait for the service worker to take control with every file cached.
    const cached = await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      while (!navigator.serviceWorker.controller) await new Promise((resolve) => setTimeout(resolve, 50));
      const [name] = (await caches.keys()).filter((key) => key.startsWith('tint '));
      return (await (await caches.open(name)).keys()).map((request) => new URL(request.url).pathname);
    });
    for (const file of ['/', '/index.html', '/tint_app.wasm', '/ort/ort-wasm-simd-threaded.wasm',
      '/site.json', '/precache.js', '/models/photo.onnx', '/models/palette24.onnx',
      '/models/hint.onnx', '/examples/kodim05.png'])
      assert.ok(cached.includes(file), `${file} is cached`);

    let served = 0;
    server.server.on('request', () => ++served);
    await context.setOffline(true);
    assert.equal(await page.evaluate(() => fetch('/not-cached').then(() => 'online', () => 'offline')),
      'offline');

    await page.reload();
    await openApp(session);
    const state = await nextResult(page, () => openWithPicker(page, join(paths.data, 'kodak', 'kodim05.png')));
    assert.deepEqual([state.colorized.width, state.colorized.height], [768, 512]);
    assert.deepEqual(state.messages.filter((message) => message.error), []);
    assert.equal(served, 0, 'nothing reached the server while offline');
    await screenshot(page, 'offline-colorized');
  } finally {
    await session.close();
  }
});
