// ONNX Runtime Web for the app (wasm execution provider, served from this origin): sessions and
// runs are asynchronous here and reported back to the C++ side through its exported callbacks
// (wasm/ort_bridge.cpp), so the app needs no ASYNCIFY.

// From this many cores on, ONNX Runtime runs in a worker of its own, leaving the page's thread to
// draw (a dragged hint follows the mouse while the network runs). With fewer, a worker only moves
// the contention for the cores: on 2 cores it doubles the network's time and the frames stall as
// much (bench/browser-results-photo.md), so the network runs on the page's thread there.
export const workerFromCores = 4;
export const ortInWorker = () => (navigator.hardwareConcurrency || 1) >= workerFromCores;

// Start-up stages as performance marks ("tint: <stage>"), for the benchmark's timeline.
export const markStage = (stage) => performance.mark(`tint: ${stage}`);

const sessionOptions = { executionProviders: ['wasm'], graphOptimizationLevel: 'all' };

// The smallest model ONNX Runtime loads, y = Identity(x) on one float (a serialised ModelProto:
// IR version 8, opset 13): its session starts the runtime before any real model is in.
const startModel = Uint8Array.from(
  atob('CAhCAhANOjcKEAoBeBIBeSIISWRlbnRpdHkSAWdaDwoBeBIKCggIARIECgIIAWIPCgF5EgoKCAgBEgQKAggB'),
  (character) => character.charCodeAt(0));

export class OrtGlue {
  constructor(ort, ortFolderUrl) {
    this.ort = ort;
    this.sessions = new Map();
    const cores = navigator.hardwareConcurrency || 1;
    const inWorker = ortInWorker();
    // Threads need cross-origin isolation (SharedArrayBuffer); without it ORT runs on one. In a
    // worker, one core stays with the page.
    const threads = globalThis.crossOriginIsolated
      ? Math.max(1, Math.min(4, inWorker ? cores - 1 : cores))
      : 1;
    ort.env.wasm.numThreads = threads;
    ort.env.wasm.wasmPaths = ortFolderUrl;
    ort.env.wasm.proxy = inWorker;
    this.inWorker = inWorker;
    this.description =
      `ONNX Runtime Web ${ort.env.versions?.web ?? ''}, wasm, ${threads} thread${threads > 1 ? 's' : ''}` +
      (globalThis.crossOriginIsolated ? '' : ' (page not cross-origin isolated)') +
      (inWorker ? ', in its own worker' : '');
  }

  // ONNX Runtime starts with its first session: its WebAssembly downloaded and compiled, its
  // threads started. This one, of the start model, released at once, has it start now. A runtime
  // that cannot start fails the real sessions too, which say so to the user.
  startRuntime() {
    markStage('runtime started');
    this.ort.InferenceSession.create(startModel, sessionOptions).then((session) => {
      markStage('runtime ready');
      return session.release();
    }, (error) => console.warn(`ONNX Runtime did not start: ${messageOf(error)}`));
  }

  attach(module) {
    this.module = module;
    module.ccall('tint_set_runtime', null, ['string', 'number'], [this.description, this.inWorker ? 1 : 0]);
  }

  async createSession(sessionId, bytes) {
    try {
      markStage(`session ${sessionId} started`);
      const session = await this.ort.InferenceSession.create(bytes, sessionOptions);
      markStage(`session ${sessionId} ready`);
      this.sessions.set(sessionId, session);
      this.module.ccall('tint_session_ready', null, ['number', 'string'], [sessionId, '']);
    } catch (error) {
      this.module.ccall('tint_session_ready', null, ['number', 'string'],
        [sessionId, `ONNX Runtime cannot load it: ${messageOf(error)}`]);
    }
  }

  releaseSession(sessionId) {
    const session = this.sessions.get(sessionId);
    this.sessions.delete(sessionId);
    session?.release();
  }

  // `input` holds channels x height x width floats: L, then the hint planes for a model that
  // takes hints (the C++ side makes them, as the model's card says).
  async runSession(sessionId, runId, input, channels, height, width) {
    const finish = (channels, outputHeight, outputWidth, milliseconds, error) => {
      this.module.ccall('tint_run_finished', null,
        ['number', 'number', 'number', 'number', 'number', 'string'],
        [runId, channels, outputHeight, outputWidth, milliseconds, error]);
      this.module.page?.batch?.wake();  // a hidden page's batch waits for it (web/batch.js)
    };
    const session = this.sessions.get(sessionId);
    if (!session) {
      finish(0, 0, 0, 0, 'the model was closed');
      return;
    }
    try {
      const feeds = { [session.inputNames[0]]: new this.ort.Tensor('float32', input, [1, channels, height, width]) };
      const start = performance.now();
      markStage(`run ${runId} started`);
      const results = await session.run(feeds);
      markStage(`run ${runId} finished`);
      const milliseconds = performance.now() - start;
      const output = results[session.outputNames[0]];
      const dims = output.dims;
      if (dims.length !== 4 || dims[0] !== 1 || output.type !== 'float32') {
        finish(0, 0, 0, milliseconds,
          `its output is ${output.type} [${dims.join(', ')}], a tint model gives float32 [1, C, H, W]`);
        return;
      }
      // The buffer may grow the heap: take HEAPF32 after it, never before.
      const pointer = this.module._tint_output_buffer(runId, output.data.length);
      if (pointer) {
        this.module.HEAPF32.set(output.data, pointer >> 2);
        finish(dims[1], dims[2], dims[3], milliseconds, '');
      } else {
        finish(0, 0, 0, milliseconds, 'no memory for the output (or the run was replaced)');
      }
      for (const name of session.outputNames) results[name].dispose?.();
    } catch (error) {
      finish(0, 0, 0, 0, messageOf(error));
    }
  }
}

export function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}
