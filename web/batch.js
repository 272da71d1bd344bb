// Many photos at once (wasm/batch.hpp): the page holds the batch's files and reads each one only
// when the app asks for it, so that one photo at a time is in memory. The finished photos wait for
// the zip on disk, in the origin's private file system (in memory as Blobs where the browser has
// none), and leave as one zip, streamed by client-zip (zip/client-zip.js, loaded on first use)
// straight into the file the user picks where the browser can write files, assembled by the
// browser as a file otherwise.
import { messageOf } from './ort_glue.js';

// Larger files are listed as too large without being read: no photo the app opens comes near.
const kMaxFileBytes = 256 * 1024 * 1024;

const megabytes = (bytes) => (bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0);

// Each page's finished photos go to a folder of its own in the origin's private file system, held
// by a Web Lock of the same name while the page lives: a folder whose lock is free is a closed
// page's, and is removed. Null where the browser cannot write files there.
const kFolderPrefix = 'tint-batch-';
async function openResultFolder() {
  try {
    if (!('createWritable' in FileSystemFileHandle.prototype)) return null;
    const root = await navigator.storage.getDirectory();
    const name = `${kFolderPrefix}${Date.now()}-${Math.random().toString(36).slice(2)}`;
    await new Promise((held) => navigator.locks.request(name, () => {
      held();
      return new Promise(() => {});  // never released: the page's end releases it
    }));
    for await (const other of root.keys()) {
      if (!other.startsWith(kFolderPrefix) || other === name) continue;
      await navigator.locks.request(other, { ifAvailable: true }, (lock) =>
        lock && root.removeEntry(other, { recursive: true }).catch(() => {}));
    }
    return await root.getDirectoryHandle(name, { create: true });
  } catch {
    return null;
  }
}

export class PhotoBatch {
  constructor(app, page) {
    this.app = app;
    this.page = page;
    this.sources = [];  // by the app's index: { name, file } or { name, bytes }
    this.results = [];  // by the app's index: promises of { name, file, lastModified }
    this.folder = null;  // a promise of the results' folder (openResultFolder)
    this.filesWritten = 0;
    this.zipName = 'photos-colour.zip';
    this.generation = 0;  // a cleared batch's reads still under way are dropped
    this.hiddenLoop = null;
    document.addEventListener('visibilitychange', () => {
      if (document.hidden) this.workWhileHidden();
    });
  }

  // A hidden page gets no frames (the app works between them): the batch goes on in a loop of
  // messages, which hidden pages run at full speed, unlike timers. While the app waits for a file
  // or for ONNX Runtime the loop sleeps until one arrives (wake), or a second at most.
  workWhileHidden() {
    if (this.hiddenLoop) return;
    const channel = new MessageChannel();
    let fallback = 0;
    const again = () => channel.port2.postMessage(null);
    channel.port1.onmessage = () => {
      clearTimeout(fallback);
      const next = document.hidden ? this.app._tint_work_while_hidden() : 0;
      if (next === 1) {
        again();
      } else if (next === 2) {
        fallback = setTimeout(again, 1000);
      } else {
        this.hiddenLoop = null;  // frames again, or nothing to do
        channel.port1.close();
      }
    };
    this.hiddenLoop = { wake: again };
    again();
  }

  // A file was read or a network run finished: the hidden loop goes on at once.
  wake() {
    this.hiddenLoop?.wake();
  }

  // Files join the batch (names with their subfolders, '/'-separated); `folder` names the zip.
  add(entries, folder) {
    if (this.sources.length === 0 && folder) this.zipName = `${folder}-colour.zip`;
    for (const entry of entries) {
      const size = entry.file ? entry.file.size : entry.bytes.length;
      const index = this.app.ccall('tint_batch_add', 'number', ['string', 'number'], [entry.name, size]);
      this.sources[index] = entry;
    }
  }

  // The app's turn for photo `index`: its bytes into the app's heap, or why they cannot be.
  async read(index) {
    // Never within the app's call: a run of bad files would nest a call per file.
    await null;
    const unreadable = (reason) => {
      this.app.ccall('tint_batch_photo_unreadable', null, ['number', 'string'], [index, reason]);
      this.wake();
    };
    const entry = this.sources[index];
    if (!entry) {
      unreadable('its file is no longer there');
      return;
    }
    const size = entry.file ? entry.file.size : entry.bytes.length;
    if (size > kMaxFileBytes) {
      unreadable(`too large (${megabytes(size)} MB; files up to ${megabytes(kMaxFileBytes)} MB are read)`);
      return;
    }
    const generation = this.generation;
    let bytes;
    try {
      bytes = entry.bytes ?? new Uint8Array(await entry.file.arrayBuffer());
    } catch (error) {
      if (generation === this.generation) unreadable(`could not be read: ${messageOf(error)}`);
      return;
    }
    if (generation !== this.generation) return;
    const pointer = this.app._malloc(Math.max(1, bytes.length));
    if (!pointer) {
      unreadable(`not enough memory to read its ${megabytes(bytes.length)} MB`);
      return;
    }
    this.app.HEAPU8.set(bytes, pointer);
    this.app._tint_batch_photo_read(index, pointer, bytes.length);
    this.wake();
  }

  // A finished photo's file: kept for the zip, and its source let go.
  keep(index, bytes, name) {
    const lastModified = new Date();
    this.results[index] = this.store(bytes).then((file) => ({ name, file, lastModified }));
    this.sources[index] = undefined;
  }

  // The bytes as a file on disk where the browser writes files, a Blob otherwise.
  async store(bytes) {
    this.folder ??= openResultFolder();
    const folder = await this.folder;
    if (folder) {
      try {
        const handle = await folder.getFileHandle(String(this.filesWritten++), { create: true });
        const writable = await handle.createWritable();
        await writable.write(bytes);
        await writable.close();
        return await handle.getFile();
      } catch (error) {
        console.warn(`tint keeps a batch's photo in memory: ${messageOf(error)}`);
      }
    }
    return new Blob([bytes]);
  }

  forget() {
    ++this.generation;
    this.sources = [];
    this.results = [];
    this.folder?.then(async (folder) => {
      const names = [];
      for await (const name of folder?.keys() ?? []) names.push(name);
      for (const name of names) await folder.removeEntry(name).catch(() => {});
    });
    this.zipName = 'photos-colour.zip';
  }

  async zipResponse() {
    // (Imported again after a failure: the page may be back online, or the cache filled.)
    this.zipModule ??= import('./zip/client-zip.js').catch((error) => {
      this.zipModule = null;
      throw error;
    });
    const { downloadZip } = await this.zipModule;
    const files = (await Promise.all(this.results.filter(Boolean))).map(({ name, file, lastModified }) =>
      ({ name, input: file, lastModified }));
    return downloadZip(files);
  }

  // The zip's bytes, whole (the tests, small batches).
  async bytes() {
    return new Uint8Array(await (await this.zipResponse()).arrayBuffer());
  }

  // The Download zip button. The save dialog first, while the click still counts as the user's.
  async download() {
    try {
      if (window.showSaveFilePicker) {
        let handle;
        try {
          handle = await window.showSaveFilePicker({
            suggestedName: this.zipName,
            types: [{ description: 'Zip archive', accept: { 'application/zip': ['.zip'] } }],
          });
        } catch (error) {
          if (error.name === 'AbortError') return;  // the user closed the dialog
        }
        if (handle) {
          await (await this.zipResponse()).body.pipeTo(await handle.createWritable());
          return;
        }
      }
      this.page.download(await (await this.zipResponse()).blob(), this.zipName, 'application/zip');
    } catch (error) {
      this.app.ccall('tint_report_error', null, ['string'],
        [`Could not save the zip of the batch: ${messageOf(error)}`]);
    }
  }
}

// The files of a drop, folders walked with their subfolders: [{ name, file }] (names relative to
// the dropped folder's parent) and the first folder's name. The entries must be taken while the
// drop event runs; reading them may come later.
export async function filesOfDrop(dataTransfer) {
  const entries = [...dataTransfer.items].map((item) => item.webkitGetAsEntry?.()).filter(Boolean);
  const folder = entries.find((entry) => entry.isDirectory)?.name;
  if (!folder) return { files: [...dataTransfer.files].map((file) => ({ name: file.name, file })) };
  const files = [];
  const walk = async (entry) => {
    if (entry.name.startsWith('.')) return;  // hidden files (.DS_Store) and folders
    if (entry.isFile) {
      const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
      files.push({ name: entry.fullPath.replace(/^\//, ''), file });
      return;
    }
    const reader = entry.createReader();
    // readEntries gives a folder's entries a hundred or so at a time, then an empty list.
    for (let part; (part = await new Promise((resolve, reject) => reader.readEntries(resolve, reject))).length;)
      for (const child of part) await walk(child);
  };
  for (const entry of entries) await walk(entry);
  return { files: sortedByName(files), folder };
}

// A folder chosen in the picker: [{ name, file }] with the folder's name first in each name.
export function filesOfFolderPicker(fileList) {
  const files = [...fileList]
    .filter((file) => !file.webkitRelativePath.split('/').some((part) => part.startsWith('.')))
    .map((file) => ({ name: file.webkitRelativePath || file.name, file }));
  return { files: sortedByName(files), folder: files[0]?.name.split('/')[0] };
}

// IMG_2.jpg before IMG_10.jpg, as file managers show them.
const sortedByName = (files) =>
  files.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
