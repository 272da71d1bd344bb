// The README's main command, scripts/run.sh: it serves the app with the default models on the port
// it is given, a browser colorizes an example from the start screen with one click, a second start
// on the same port says the port is in use, and Ctrl-C (SIGINT) stops it cleanly.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';

import {
  clickExample, colourfulness, downloadResult, exitOf, freePort, launch, lightnessOf, openApp,
  screenshot, status, paths, waitForOutput,
} from './harness.mjs';

function runMain(port) {
  return spawn(join(paths.source, 'scripts', 'run.sh'), ['--port', String(port)],
    { cwd: paths.source, stdio: ['ignore', 'pipe', 'pipe'] });
}

test('scripts/run.sh serves the app; an example colorizes with one click; Ctrl-C stops it', async () => {
  const port = await freePort();
  const main = runMain(port);
  let output = '';
  main.stdout.on('data', (chunk) => { output += chunk; });
  main.stderr.on('data', (chunk) => { output += chunk; });
  try {
    // Installing and building are done when the tests run: run.sh finds everything up to date.
    const line = await waitForOutput(main, /serving .* at http:\/\/127\.0\.0\.1:\d+\//, 600_000);
    assert.ok(line.includes(`http://127.0.0.1:${port}/`), line);

    const session = await launch({ url: `http://127.0.0.1:${port}/` });
    try {
      const { page } = session;
      await openApp(session, { models: 2, examples: 4 });
      const start = await status(page);
      assert.deepEqual(start.models.map((model) => model.file), ['tint-photo.onnx', 'tint-palette.onnx']);
      assert.deepEqual(start.examples.map((example) => example.name),
        ['cat.png', 'coffee.png', 'astronaut.png', 'rocket.jpg']);
      assert.equal(start.image, undefined);
      await screenshot(page, 'main-start-screen');

      await clickExample(page, 'cat.png');
      await page.waitForFunction(() => window.tint.status().colorized && window.tint.status().busy === '',
        null, { timeout: 120_000 });
      const state = await status(page);
      assert.equal(state.image.name, 'cat.png');
      assert.equal(state.models[state.selected_model].file, 'tint-photo.onnx');
      assert.deepEqual([state.colorized.width, state.colorized.height], [state.image.width, state.image.height]);
      assert.equal(await page.evaluate(() => location.hash), '#model=tint-photo.onnx&example=cat.png&view=split');
      await screenshot(page, 'main-colorized');

      // The default photo model gives colour, and keeps the photo's lightness.
      const { png } = await downloadResult(page);
      assert.ok(colourfulness(png) > 10, `colourfulness ${colourfulness(png)}`);
      const centre = 4 * (Math.floor(png.height / 2) * png.width + Math.floor(png.width / 2));
      assert.ok(lightnessOf(...png.data.subarray(centre, centre + 3)) > 0);
      assert.deepEqual(session.pageErrors, []);
    } finally {
      await session.close();
    }

    const second = runMain(port);
    try {
      const secondOutput = await waitForOutput(second, /already in use/, 600_000);
      assert.match(secondOutput, new RegExp(`port ${port} on 127.0.0.1 is already in use.*--port`));
      assert.equal(await exitOf(second, 10_000), 1);
    } finally {
      if (second.exitCode === null) second.kill('SIGKILL');
    }

    main.kill('SIGINT');
    assert.equal(await exitOf(main, 10_000), 0, output);
    assert.match(output, /tint stopped/);
    const refused = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => { socket.destroy(); resolve(false); });
      socket.once('error', () => resolve(true));
    });
    assert.ok(refused, 'the port is free again');
  } finally {
    if (main.exitCode === null) main.kill('SIGKILL');
  }
});
