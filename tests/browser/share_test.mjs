// A demo page built by `tint share`, served by another static server (Python's http.server) from
// another folder on another loopback port: its title and description are escaped, it states the
// terms of a model trained on Tiny ImageNet, its links select what they name, it colorizes an
// example, talks only to its own origin, and works offline after the first visit.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import {
  bundledModels, exitOf, freePort, idle, launch, nextResult, openApp, paths, screenshot, status,
  waitForApp, waitForOutput,
} from './harness.mjs';

const title = '<script>window.injected = "title"</script> Birds & "boats"';
const description = "<img src=x onerror=\"window.injected='description'\"> Colour for CIFAR's photos";
const site = join(paths.work, 'share', 'site');
let server, session, url;

before(async () => {
  rmSync(join(paths.work, 'share'), { recursive: true, force: true });
  execFileSync(paths.trainer, ['share', ...bundledModels.map((file) => join(paths.models, file)),
    '--example', join(paths.data, 'kodak', 'kodim05.png'), '--example', join(paths.data, 'kodak', 'kodim03.png'),
    '--title', title, '--description', description, '--app', paths.builtApp, '-o', site], { stdio: 'inherit' });
  const port = await freePort();
  server = spawn('python3', ['-u', '-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', site],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  await waitForOutput(server, /Serving HTTP/, 10_000);
  url = `http://127.0.0.1:${port}/`;
  session = await launch({ url });
  session.page.on('dialog', (dialog) => assert.fail(`the page opened a dialog: ${dialog.message()}`));
  // The first visit comes by a link.
  await openApp(session, { examples: 2, hash: '#model=palette24.onnx&example=kodim03.png&view=side-by-side' });
});

const colorized = (page) => page.waitForFunction(
  () => window.tint.status().colorized && window.tint.status().busy === '', null, { timeout: 120_000 });

after(async () => {
  await session?.close();
  server?.kill();
});

test('the title and description are shown as text, never run as markup', async () => {
  const { page } = session;
  const html = readFileSync(join(site, 'index.html'), 'utf8');
  assert.ok(html.includes('&lt;script&gt;window.injected = &quot;title&quot;&lt;/script&gt;'));
  assert.ok(!html.includes('<script>window.injected'));
  const page_text = await page.evaluate(() => ({
    title: document.title,
    heading: document.getElementById('site-title').textContent,
    meta: document.querySelector('meta[name=description]').content,
    description: document.getElementById('site-description').textContent,
    privacy: document.getElementById('privacy').textContent,
    injected: window.injected ?? null,
    images: document.images.length,
  }));
  // The page's CSP would stop injected scripts anyway: the text and the element counts are what
  // show that nothing was parsed as markup.
  assert.deepEqual(page_text, {
    title, heading: title, meta: description, description, injected: null, images: 0,
    privacy: 'Your images never leave this machine: they are colorized here, in your browser.',
  });
  const manifest = JSON.parse(readFileSync(join(site, 'manifest.webmanifest'), 'utf8'));
  assert.equal(manifest.name, title);
});

test('the page states the terms of the models\' training data, for the models that have them', async () => {
  const { page } = session;
  const models = (await status(page)).models;
  const hint = models.find((model) => model.file === 'hint.onnx');
  assert.match(hint.terms, /ImageNet/);
  assert.deepEqual(models.filter((model) => model.terms !== '').map((model) => model.file), ['hint.onnx']);
  const terms = page.locator('#site-terms');
  assert.ok(await terms.isVisible());
  assert.deepEqual(await terms.locator('span').allTextContents(),
    [`Data terms of ${hint.name} (hint.onnx): ${hint.terms}`]);
  await screenshot(page, 'share-terms');
});

test('a link selects the model, the example and the view it names', async () => {
  const { page } = session;
  await colorized(page);
  const state = await idle(page);
  assert.equal(state.models[state.selected_model].file, 'palette24.onnx');
  assert.equal(state.image.name, 'kodim03.png');
  assert.deepEqual([state.colorized.width, state.colorized.height], [768, 512]);
  assert.equal(state.view.mode, 'side-by-side');
  assert.equal(await page.evaluate(() => location.hash), '#model=palette24.onnx&example=kodim03.png&view=side-by-side');
  await screenshot(page, 'share-link');

  // A changed hash (another link opened in the same tab) is followed too.
  const next = await nextResult(page, () => page.evaluate(() => {
    location.hash = '#model=photo.onnx&example=kodim05.png&view=split';
  }));
  assert.equal(next.models[next.selected_model].file, 'photo.onnx');
  assert.equal(next.image.name, 'kodim05.png');
  assert.equal(next.view.mode, 'split');

  // The address bar follows the user's choices, so that it can be sent as it is.
  await page.evaluate(() => window.tint.selectModel(1));
  await page.waitForFunction(() => location.hash === '#model=palette24.onnx&example=kodim05.png&view=split');

  // A link to what the page does not have says so.
  await page.evaluate(() => { location.hash = '#model=missing.onnx&view=nowhere'; });
  await page.waitForFunction(() => window.tint.status().messages.filter((message) => message.error).length >= 2);
  const errors = (await status(page)).messages.filter((message) => message.error).map((message) => message.text);
  assert.ok(errors.some((text) => text.includes(`'missing.onnx', which this page does not have (it has: ${bundledModels.join(', ')})`)), errors.join('\n'));
  assert.ok(errors.some((text) => text.includes("the view 'nowhere', which does not exist")), errors.join('\n'));
  // ... and the address bar goes back to the link of what is on screen.
  await page.waitForFunction(() => location.hash === '#model=palette24.onnx&example=kodim05.png&view=split');

  // A link that changes only the view changes only the view: no new network run.
  const runs = (await idle(page)).timings.network_runs;
  await page.evaluate(() => { location.hash = '#model=palette24.onnx&example=kodim05.png&view=input'; });
  await page.waitForFunction(() => window.tint.status().view.mode === 'input');
  assert.equal((await idle(page)).timings.network_runs, runs);
});

test('every request goes to the page\'s own origin, with no console errors', async () => {
  const origin = new URL(url).origin;
  const elsewhere = session.requests.filter((request) => new URL(request).origin !== origin);
  assert.deepEqual(elsewhere, []);
  assert.deepEqual(session.pageErrors, []);
  assert.deepEqual(session.console.filter((message) => message.type === 'error'), []);
});

test('after the first visit, the page works with its server gone and the network off', async () => {
  const { page, context } = session;
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    while (!navigator.serviceWorker.controller) await new Promise((resolve) => setTimeout(resolve, 50));
  });
  server.kill();
  await exitOf(server, 10_000);
  await context.setOffline(true);
  await page.evaluate(() => { location.hash = '#model=photo.onnx&example=kodim03.png&view=colorized'; });
  await page.reload();
  await waitForApp(page, { examples: 2 });
  await colorized(page);
  const state = await idle(page);
  assert.equal(state.image.name, 'kodim03.png');
  assert.equal(state.view.mode, 'colorized');
  assert.deepEqual(state.messages.filter((message) => message.error), []);
  await screenshot(page, 'share-offline');
});
