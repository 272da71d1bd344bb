// Where the page's thread goes during a start of the browser app: records a Chromium trace of one
// visit and prints the page's main-thread tasks longer than a threshold, each with what took its
// time (scripts, WebAssembly compilation, layout, paint, canvas commits...), and the page's own
// stages (web/app.js marks), all in ms since navigation. The benchmark (browser_bench.mjs) says how
// long a start takes; this says why, and judges where a change can help.
//
// Usage: node bench/browser_trace.mjs [--app FOLDER] [--visit cold|warm] [--until colour|thumbnails]
//                                     [--min-ms N] [--trace FILE]
//   --app    the assembled app (default build/wasm/app)
//   --visit  cold: a fresh profile; warm (default): the second visit, served by the service worker
//   --until  colour (default): kodim05 opened at once, traced until its first colour;
//            thumbnails: nothing opened, traced until the start screen shows every example
//   --min-ms tasks shorter than this are summed but not listed (default 20)
//   --trace  also write the raw trace (chrome://tracing, Perfetto) to FILE
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

import { chromiumArgs } from '../tests/browser/harness.mjs';
import { startServer } from '../scripts/serve.mjs';
import { option, root } from './command_line.mjs';

const app = resolve(option('--app', join(root, 'build', 'wasm', 'app')));
const visit = option('--visit', 'warm');
const until = option('--until', 'colour');
const minMs = Number(option('--min-ms', '20'));
const traceFile = option('--trace');
if (!['cold', 'warm'].includes(visit) || !['colour', 'thumbnails'].includes(until) || !(minMs >= 0)) {
  console.error('usage: node bench/browser_trace.mjs [--app FOLDER] [--visit cold|warm] ' +
    '[--until colour|thumbnails] [--min-ms N] [--trace FILE]');
  process.exit(2);
}
const data = resolve(process.env.TINT_DATA_DIR ?? join(root, '..', 'shared', 'data'));
const kodak = readFileSync(join(data, 'kodak', 'kodim05.png')).toString('base64');
const exampleCount = JSON.parse(readFileSync(join(app, 'site.json'), 'utf8')).examples.length;

// Runs in the page before its scripts: resolves window.__done (ms since navigation) at the first
// colour of kodim05, opened as soon as the app takes files, or when every example's thumbnail is on
// the start screen. The same conditions as the benchmark's probes.
function probe({ photo, until, exampleCount }) {
  const bytes = photo ? Uint8Array.fromBase64(photo) : null;
  window.__done = new Promise((resolve) => {
    const poll = () => {
      const tint = window.tint;
      if (tint && until === 'colour') {
        if (!window.__opened) {
          performance.mark('tint: photo opened');
          tint.openFile(bytes, 'kodim05.png');
          window.__opened = true;
        }
        if (tint.status().colorized) {
          performance.mark('tint: first colour');
          return resolve(performance.now());
        }
      }
      if (tint && until === 'thumbnails') {
        const examples = tint.status().examples;
        if (examples.length === exampleCount && examples.every((example) => example.thumbnail.length === 4)) {
          performance.mark('tint: thumbnails drawn');
          return resolve(performance.now());
        }
      }
      requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
  });
}

const categories = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'v8',
  'v8.wasm', 'blink.user_timing', 'loading'];

const server = await startServer({ root: app });
const profile = mkdtempSync(join(tmpdir(), 'tint-trace-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1280, height: 800 },
  args: chromiumArgs,
});
let events;
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await context.addInitScript(probe, { photo: until === 'colour' ? kodak : null, until, exampleCount });
  if (visit === 'warm') {
    await page.goto(server.url, { waitUntil: 'commit' });
    await page.evaluate(async () => {
      await window.__done;
      await navigator.serviceWorker.ready;
      while (!navigator.serviceWorker.controller) await new Promise((resolve) => setTimeout(resolve, 50));
    });
    await page.goto('about:blank');
  }
  const cdp = await context.newCDPSession(page);
  const chunks = [];
  cdp.on('Tracing.dataCollected', ({ value }) => chunks.push(...value));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { categories: categories.join(','), transferMode: 'ReportEvents' });
  await page.goto(server.url, { waitUntil: 'commit' });
  await page.evaluate(() => window.__done);
  await cdp.send('Tracing.end');
  await complete;
  events = chunks;
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  await server.close();
}
if (traceFile) writeFileSync(traceFile, JSON.stringify({ traceEvents: events }));

// The page's main thread: the renderer thread on which the page's marks were made.
const marks = events.filter((event) => event.cat.includes('blink.user_timing') && event.name.startsWith('tint: '));
const navigation = events.find((event) => event.name === 'navigationStart' && event.args?.data?.isLoadingMainFrame &&
  event.args.data.documentLoaderURL?.startsWith(server.url));
if (!marks.length || !navigation) throw new Error('the trace holds no marks of the page or no navigation start');
const { pid, tid } = marks[0];
const since = (ts) => (ts - navigation.ts) / 1000;
const end = Math.max(...marks.filter((mark) => /first colour|thumbnails drawn/.test(mark.name)).map((mark) => mark.ts));
const mainThread = events.filter((event) => event.pid === pid && event.tid === tid && event.ph === 'X' &&
  event.ts >= navigation.ts && event.ts <= end);

// What an event did, in a few words: the script and function it ran, the resource it received.
function describe(event) {
  const data = event.args?.data ?? {};
  const file = (url) => url?.slice(url.lastIndexOf('/') + 1).replace(/\?.*/, '');
  if (data.functionName || data.url) return `${event.name} ${file(data.url) ?? ''} ${data.functionName ?? ''}`.trim();
  if (data.type) return `${event.name} ${data.type}`;
  return event.name;
}

// The thread's outermost tasks (a task may run others inside it).
const isTask = (event) => event.name === 'ThreadControllerImpl::RunTask' || event.name === 'RunTask';
const within = (inner, outer) => inner.ts >= outer.ts && inner.ts + inner.dur <= outer.ts + outer.dur;
const allTasks = mainThread.filter(isTask);
const tasks = allTasks.filter((task) => !allTasks.some((other) => other !== task && within(task, other) &&
  (other.dur > task.dur || other.ts < task.ts)));
const busy = tasks.reduce((sum, task) => sum + task.dur, 0) / 1000;
const lines = [`${visit} visit until the ${until === 'colour' ? 'first colour' : 'thumbnails'}: ` +
  `${since(end).toFixed(0)} ms; the page's thread busy ${busy.toFixed(0)} ms in ${tasks.length} tasks`, '',
  '| at | task | what took its time (> 2 ms) |', '|---|---|---|'];
const rows = [
  ...marks.filter((mark) => mark.ts >= navigation.ts && mark.ts <= end).map((mark) => [mark.ts, `| ${since(mark.ts).toFixed(0)} | mark | ${mark.name.slice(6)} |`]),
  ...tasks.filter((task) => task.dur / 1000 >= minMs).map((task) => {
    // The task's inner events of over 2 ms, outermost first; one inside a listed event only when
    // it is a quarter of it or more (what took that event's time), 8 at most.
    const inner = mainThread.filter((event) => !isTask(event) && within(event, task) && event.dur >= 2000)
      .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    const shown = [];
    for (const event of inner) {
      const inside = shown.find((outer) => within(event, outer));
      if (!inside || (inside.dur - event.dur > 2000 && shown.length < 8 && event.dur >= 0.25 * inside.dur)) shown.push(event);
    }
    const text = shown.slice(0, 8).map((event) => `${describe(event)} ${(event.dur / 1000).toFixed(0)}`).join('; ');
    return [task.ts, `| ${since(task.ts).toFixed(0)} | ${(task.dur / 1000).toFixed(0)} ms | ${text} |`];
  }),
].sort((a, b) => a[0] - b[0]).map(([, line]) => line);
console.log([...lines, ...rows].join('\n'));
