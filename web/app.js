// The page around the WebAssembly app: starts it on the canvas, hands it files (picker, drag and
// drop, paste, the page's models and examples from site.json; several photos or a folder as a
// batch), follows and writes links in the URL hash, saves its downloads, registers the service
// worker for offline use, and offers a small scripting interface (window.tint) used by the tests
// and the benchmark.
import { PhotoBatch, filesOfDrop, filesOfFolderPicker } from './batch.js';
import { OrtGlue, markStage, messageOf } from './ort_glue.js';
import { forwardTouches, shareOrDownload } from './touch.js';

markStage('page script');

const startup = document.getElementById('startup');
const canvas = document.getElementById('canvas');
const imageInput = document.getElementById('image-input');
const modelInput = document.getElementById('model-input');
const hintsInput = document.getElementById('hints-input');
const folderInput = document.getElementById('folder-input');
const referenceInput = document.getElementById('reference-input');

let startupFailed = false;
function showStartupFailure(text) {
  startupFailed = true;
  startup.textContent = text;
  startup.classList.remove('hidden');
  startup.classList.add('failed');
}

const page = {
  showStartupFailure,
  openFilePicker(kind) {
    ({
      image: imageInput, model: modelInput, hints: hintsInput, folder: folderInput, reference: referenceInput,
    })[kind].click();
  },
  download(bytes, fileName, mimeType) {
    const url = URL.createObjectURL(new Blob([bytes], { type: mimeType }));
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  },
  // The colorized photo on a phone or tablet: the share sheet (the gallery, messages...).
  share(bytes, fileName, mimeType) {
    shareOrDownload(new File([bytes], fileName, { type: mimeType }),
      () => page.download(bytes, fileName, mimeType));
  },
  // The link to what the app shows, kept in the address bar for the user to copy.
  showLink(model, example, view, hints) {
    const link = new URLSearchParams(Object.entries({ model, example, view, hints }).filter(([, value]) => value));
    history.replaceState(null, '', `#${link}`);
  },
};

// Read before the app starts writing its own state into the hash.
const linkAtStart = location.hash;

const fileName = (path) => path.slice(path.lastIndexOf('/') + 1);

// The page's files (site.json: { models: [...], examples: [...] }, paths relative to the page)
// download while the app starts; each resolves to { name, bytes } or { name, error }, so that no
// failure goes unhandled before the app can report it.
async function fetchSite() {
  const response = await fetch('site.json');
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const site = await response.json();
  markStage('site.json read');
  const download = (path) => fetch(path).then(async (file) => {
    if (!file.ok) throw new Error(`HTTP ${file.status}`);
    const bytes = new Uint8Array(await file.arrayBuffer());
    markStage(`downloaded ${fileName(path)}`);
    return { name: fileName(path), bytes };
  }).catch((error) => ({ name: fileName(path), error }));
  return {
    models: (site.models ?? []).map((path) => ({ name: fileName(path), download: download(path) })),
    examples: (site.examples ?? []).map((path) => ({ name: fileName(path), download: download(path) })),
  };
}
const siteFiles = fetchSite().then((site) => ({ site }), (error) => ({ error }));

const ortGlue = new OrtGlue(globalThis.ort, new URL('ort/', location.href).href);
// On a first visit nothing is cached yet: ONNX Runtime's download (3.7 MB) and compilation are the
// longest part of the way to the first colour, so they start with the page rather than when the
// default model is in. On later visits (the service worker's) they take a moment, and starting
// early would only compete with the start screen (bench/browser-results-startup.md).
if (!navigator.serviceWorker?.controller) ortGlue.startRuntime();
let app;
try {
  markStage('app module starting');
  app = await globalThis.createTintApp({
    canvas,
    ortGlue,
    page,
    printErr: (text) => console.warn(text),
  });
} catch (error) {
  showStartupFailure(`tint could not start: ${messageOf(error)}`);
  throw error;
}
if (startupFailed) throw new Error(startup.textContent);
ortGlue.attach(app);
forwardTouches(canvas, app);
page.batch = new PhotoBatch(app, page);
markStage('app module ready');
startup.classList.add('hidden');

function reportError(text) {
  app.ccall('tint_report_error', null, ['string'], [text]);
}

// Copies the file into the app's heap; the app frees it. Returns the pointer, or 0 (reported).
function copyToHeap(bytes, name) {
  const pointer = app._malloc(Math.max(1, bytes.length));
  if (!pointer) reportError(`Could not open ${name}: not enough memory for ${bytes.length} bytes`);
  else app.HEAPU8.set(bytes, pointer);
  return pointer;
}

function openBytes(bytes, name, bundled) {
  const pointer = copyToHeap(bytes, name);
  if (pointer) {
    app.ccall('tint_open_file', null, ['number', 'number', 'string', 'number'],
      [pointer, bytes.length, name, bundled ? 1 : 0]);
  }
}

// A colour photo for "Colour like...".
function openReference(bytes, name) {
  const pointer = copyToHeap(bytes, name);
  if (pointer) app.ccall('tint_open_reference', null, ['number', 'number', 'string'], [pointer, bytes.length, name]);
}

async function openReferenceFile(file) {
  try {
    openReference(new Uint8Array(await file.arrayBuffer()), file.name);
  } catch (error) {
    reportError(`Could not read ${file.name}: ${messageOf(error)}`);
  }
}

function addExample(bytes, name) {
  const pointer = copyToHeap(bytes, name);
  if (pointer) app.ccall('tint_add_example', null, ['number', 'number', 'string'], [pointer, bytes.length, name]);
}

// Hints files last: dropped with their photo, they are for that photo. All are read first and
// handed over together, so that a small photo's run (which starts when they are in) takes its
// hints.
const isHintsFile = (file) => /\.json$/i.test(file.name);
const isPhoto = (file) => !/\.(json|onnx)$/i.test(file.name);

// Several photos, or any photo while a batch is under way, join the batch; a folder's every file
// does (what is not a photo is listed as such). Models and hints files open as they are.
function batchUnderWay() {
  return ['running', 'paused'].includes(status().batch?.state);
}

async function openFiles(files, folder) {
  // After "Colour like...", the one photo dropped or pasted is the reference.
  if (!folder && files.length === 1 && isPhoto(files[0].file) && app._tint_wants_reference()) {
    await openReferenceFile(files[0].file);
    return;
  }
  const photos = folder ? files : files.filter((entry) => isPhoto(entry.file));
  if (folder || photos.length > 1 || (photos.length === 1 && batchUnderWay())) {
    page.batch.add(photos, folder);
    files = files.filter((entry) => !photos.includes(entry));
  }
  const sorted = files.map(({ file }) => file).sort((a, b) => isHintsFile(a) - isHintsFile(b));
  const contents = await Promise.all(sorted.map((file) => file.arrayBuffer().then(
    (buffer) => new Uint8Array(buffer),
    (error) => reportError(`Could not read ${file.name}: ${messageOf(error)}`))));
  sorted.forEach((file, index) => {
    if (contents[index]) openBytes(contents[index], file.name, false);
  });
  app._tint_files_opened();
}

const entriesOf = (fileList) => [...fileList].map((file) => ({ name: file.name, file }));

for (const input of [imageInput, modelInput, hintsInput]) {
  input.addEventListener('change', async () => {
    await openFiles(entriesOf(input.files));
    input.value = '';  // choosing the same file again opens it again
  });
}
referenceInput.addEventListener('change', async () => {
  if (referenceInput.files.length > 0) await openReferenceFile(referenceInput.files[0]);
  referenceInput.value = '';
});
folderInput.addEventListener('change', async () => {
  const { files, folder } = filesOfFolderPicker(folderInput.files);
  await openFiles(files, folder);
  folderInput.value = '';
});

// A right-click on the canvas removes a colour hint; the browser's menu would be in the way.
canvas.addEventListener('contextmenu', (event) => event.preventDefault());

window.addEventListener('dragover', (event) => {
  event.preventDefault();
  event.dataTransfer.dropEffect = 'copy';
});
window.addEventListener('drop', (event) => {
  event.preventDefault();
  filesOfDrop(event.dataTransfer).then(({ files, folder }) => openFiles(files, folder),
    (error) => reportError(`Could not read the dropped folder: ${messageOf(error)}`));
});
document.addEventListener('paste', (event) => {
  const files = [...(event.clipboardData?.files ?? [])];
  if (files.length === 0) return;
  event.preventDefault();
  openFiles(entriesOf(files));
});

// A link (#model=...&example=...&view=...&hints=...) names a bundled model, an example, a view and
// the example's colour hints; the app applies what the page has and says so when it names
// something the page does not offer or a hint it cannot take.
function followLink(site, hash) {
  const link = new URLSearchParams(hash.slice(1));
  const model = link.get('model') ?? '', example = link.get('example') ?? '', view = link.get('view') ?? '';
  const hints = link.get('hints') ?? '';
  const check = (kind, name, offered) => {
    if (!name || offered.some((entry) => entry.name === name)) return name;
    const names = offered.map((entry) => entry.name).join(', ') || 'none';
    reportError(`The link names the ${kind} '${name}', which this page does not have (it has: ${names})`);
    return '';
  };
  app.ccall('tint_follow_link', null, ['string', 'string', 'string', 'string'],
    [check('model', model, site.models), check('example', example, site.examples), view, hints]);
}

// The models (the default first), each handed to the app as it arrives, in the list's order, and
// the examples, together once all have arrived: each handed over alone was a frame drawn with part
// of the start screen (40 to 100 ms of the page's thread with software WebGL). The examples do not
// wait for the models, so that the start screen shows them at once.
async function openSite() {
  const { site, error } = await siteFiles;
  if (error) {
    reportError(`Could not load the page's list of models and examples (site.json): ${messageOf(error)}`);
    return;
  }
  followLink(site, linkAtStart);
  window.addEventListener('hashchange', () => followLink(site, location.hash));
  // The app waits for the models still coming before it does what can wait (example thumbnails
  // behind an opened photo), and says that they are downloading.
  let modelsDownloading = site.models.length;
  app._tint_set_models_downloading(modelsDownloading);
  // A downloaded file: `take` it, or say why not (`what`: which kind).
  const handOver = (file, what, take) => {
    if (file.error) {
      reportError(`Could not load ${what} ${file.name}: ${messageOf(file.error)}`);
      app.ccall('tint_drop_from_link', null, ['string'], [file.name]);
    } else {
      take(file);
    }
  };
  const openModel = (model) => openBytes(model.bytes, model.name, true);
  const takeExample = (example) => addExample(example.bytes, example.name);
  await Promise.all([
    (async () => {
      for (const { download } of site.models) {
        handOver(await download, 'the bundled model', openModel);
        app._tint_set_models_downloading(--modelsDownloading);
      }
    })(),
    Promise.all(site.examples.map(({ download }) => download)).then((examples) =>
      examples.forEach((example) => handOver(example, 'the example', takeExample))),
  ]);
}
// The service worker caches everything for offline use: registered once the page's files are in
// and the app has nothing under way, as its install downloads every file again. Registered earlier,
// on a first visit, it competed for the cores with ONNX Runtime's start and the first run (the
// first colour 0.15 to 0.3 s later, bench/browser-results-startup.md). updateViaCache 'none': a
// new precache.js is seen at once, whatever the host's cache headers.
openSite().then(whenIdle).then(() => {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('sw.js', { updateViaCache: 'none' }).catch((error) =>
    console.warn(`tint works online only here: no service worker (${messageOf(error)})`));
});

// Resolves once nothing is loading, running or decoding, looking a few times a second: the status
// is JSON the app builds, not worth building every frame for this.
async function whenIdle() {
  while (status().busy !== '') await new Promise((resolve) => setTimeout(resolve, 200));
}

// The app's status; places on screen (view.canvas, examples[].thumbnail, controls) come from the
// app relative to the canvas and are given here in the page's CSS pixels, as mouse events take
// them.
function status() {
  const state = JSON.parse(app.UTF8ToString(app._tint_status_json()));
  const { left, top } = canvas.getBoundingClientRect();
  const onPage = (rect) => (rect.length ? [rect[0] + left, rect[1] + top, ...rect.slice(2)] : rect);
  state.view.canvas.left += left;
  state.view.canvas.top += top;
  for (const example of state.examples) example.thumbnail = onPage(example.thumbnail);
  for (const name of Object.keys(state.controls)) state.controls[name] = onPage(state.controls[name]);
  for (const control of state.drawn_controls) {
    control.rect = onPage(control.rect);
    control.visible = onPage(control.visible);
  }
  return state;
}

window.tint = {
  status,
  // Resolves once nothing is loading, running or decoding.
  async idle() {
    while (status().busy !== '') await new Promise((resolve) => requestAnimationFrame(resolve));
  },
  openFile: (bytes, name) => {
    openBytes(bytes, name, false);
    app._tint_files_opened();
  },
  colorize: () => app._tint_colorize(),
  selectModel: (index) => app._tint_select_model(index),
  // Opens the example named `name`, as a click on it does.
  openExample: (name) => app.ccall('tint_open_example', null, ['string'], [name]),
  setTemperature: (temperature) => app._tint_set_temperature(temperature),
  setPaletteColour: (index, [red, green, blue]) =>
    app._tint_set_palette_colour(index, red, green, blue),
  setWorkingSide: (side) => app._tint_set_working_side(side),
  // The opened image's colour hints (hint models): the hints JSON text, or its object
  // ({ hints: [{ x, y, rgb: [r, g, b] }] } in image pixels). False when refused; the app says why
  // in its messages and keeps the previous hints.
  setHints: (hints) => app.ccall('tint_set_hints', 'number', ['string'],
    [typeof hints === 'string' ? hints : JSON.stringify(hints)]) === 1,
  clearHints: () => app._tint_clear_hints(),
  // The hints as the hints JSON text.
  hints: () => app.UTF8ToString(app._tint_hints_json()),
  download: () => app._tint_download(),
  // "Colour like...": a colour photo's bytes; status().reference follows it.
  openReference: (bytes, name) => openReference(bytes, name),
  setReferenceStrength: (strength) => app._tint_set_reference_strength(strength),
  // A batch, as several files dropped together: [{ name, bytes }], names may carry subfolders
  // ('trip/day1/a.jpg'). status().batch follows it.
  openBatch: (files, folder) => page.batch.add(files.map(({ name, bytes }) => ({ name, bytes })), folder),
  pauseBatch: (paused) => app._tint_batch_pause(paused ? 1 : 0),
  cancelBatch: () => app._tint_batch_cancel(),
  clearBatch: () => app._tint_batch_clear(),
  // The finished photos' zip, whole (the Download zip button streams it).
  batchZip: () => page.batch.bytes(),
  // The last network output, { channels, width, height, values } (CHW floats), or null.
  prediction() {
    const pointer = app._tint_prediction_output();
    if (!pointer) return null;
    const { channels, width, height } = status().prediction;
    const start = pointer >> 2;
    return { channels, width, height, values: app.HEAPF32.slice(start, start + channels * width * height) };
  },
  classMap() {
    const pointer = app._tint_class_map();
    if (!pointer) return null;
    const { width, height } = status().prediction;
    return { width, height, classes: app.HEAPU8.slice(pointer, pointer + width * height) };
  },
};
