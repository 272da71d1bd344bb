// The page around the WebAssembly app: starts it on the canvas, hands it files (picker, drag and
// drop, paste, the bundled models), saves its downloads, registers the service worker for offline
// use, and offers a small scripting interface (window.tint) used by the tests and the benchmark.
import { OrtGlue, messageOf } from './ort_glue.js';

const startup = document.getElementById('startup');
const canvas = document.getElementById('canvas');
const imageInput = document.getElementById('image-input');
const modelInput = document.getElementById('model-input');

let startupFailed = false;
function showStartupFailure(text) {
  startupFailed = true;
  startup.textContent = text;
  startup.classList.remove('hidden');
  startup.classList.add('failed');
}

const page = {
  showStartupFailure,
  openFilePicker(isModel) {
    (isModel ? modelInput : imageInput).click();
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
};

// The bundled models download while the app starts; each resolves to { name, bytes } or
// { name, error }, so that no failure goes unhandled before the app can report it.
async function fetchBundledModels() {
  const response = await fetch('models/models.json');
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const { models } = await response.json();
  return models.map((name) => ({
    name,
    download: fetch(`models/${encodeURIComponent(name)}`).then(async (model) => {
      if (!model.ok) throw new Error(`HTTP ${model.status}`);
      return { name, bytes: new Uint8Array(await model.arrayBuffer()) };
    }).catch((error) => ({ name, error })),
  }));
}
const bundledModels = fetchBundledModels().then((list) => ({ list }), (error) => ({ error }));

const ortGlue = new OrtGlue(globalThis.ort, new URL('ort/', location.href).href);
let app;
try {
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
startup.classList.add('hidden');

function reportError(text) {
  app.ccall('tint_report_error', null, ['string'], [text]);
}

// Copies the file into the app's heap; the app frees it.
function openBytes(bytes, name, bundled) {
  const pointer = app._malloc(Math.max(1, bytes.length));
  if (!pointer) {
    reportError(`Could not open ${name}: not enough memory for ${bytes.length} bytes`);
    return;
  }
  app.HEAPU8.set(bytes, pointer);
  app.ccall('tint_open_file', null, ['number', 'number', 'string', 'number'],
    [pointer, bytes.length, name, bundled ? 1 : 0]);
}

async function openFiles(files) {
  for (const file of files) {
    try {
      openBytes(new Uint8Array(await file.arrayBuffer()), file.name, false);
    } catch (error) {
      reportError(`Could not read ${file.name}: ${messageOf(error)}`);
    }
  }
}

for (const input of [imageInput, modelInput]) {
  input.addEventListener('change', async () => {
    await openFiles([...input.files]);
    input.value = '';  // choosing the same file again opens it again
  });
}

window.addEventListener('dragover', (event) => {
  event.preventDefault();
  event.dataTransfer.dropEffect = 'copy';
});
window.addEventListener('drop', (event) => {
  event.preventDefault();
  openFiles([...event.dataTransfer.files]);
});
document.addEventListener('paste', (event) => {
  const files = [...(event.clipboardData?.files ?? [])];
  if (files.length === 0) return;
  event.preventDefault();
  openFiles(files);
});

// The bundled models, the default first, opened in their list's order as they arrive.
async function openBundledModels() {
  const { list, error } = await bundledModels;
  if (error) {
    reportError(`Could not load the list of bundled models: ${messageOf(error)}`);
    return;
  }
  for (const { download } of list) {
    const model = await download;
    if (model.error) reportError(`Could not load the bundled model ${model.name}: ${messageOf(model.error)}`);
    else openBytes(model.bytes, model.name, true);
  }
}
// The service worker caches everything for offline use; registered once the bundled models are
// in, so that its downloads do not compete with the first visit's.
openBundledModels().then(() => {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('sw.js').catch((error) =>
    console.warn(`tint works online only here: no service worker (${messageOf(error)})`));
});

function status() {
  return JSON.parse(app.UTF8ToString(app._tint_status_json()));
}

window.tint = {
  status,
  // Resolves once nothing is loading, running or decoding.
  async idle() {
    while (status().busy !== '') await new Promise((resolve) => requestAnimationFrame(resolve));
  },
  openFile: (bytes, name) => openBytes(bytes, name, false),
  colorize: () => app._tint_colorize(),
  selectModel: (index) => app._tint_select_model(index),
  setTemperature: (temperature) => app._tint_set_temperature(temperature),
  setPaletteColour: (index, [red, green, blue]) =>
    app._tint_set_palette_colour(index, red, green, blue),
  setWorkingSide: (side) => app._tint_set_working_side(side),
  download: () => app._tint_download(),
  classMap() {
    const pointer = app._tint_class_map();
    if (!pointer) return null;
    const { width, height } = status().prediction;
    return { width, height, classes: app.HEAPU8.slice(pointer, pointer + width * height) };
  },
};
