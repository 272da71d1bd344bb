// ONNX Runtime Web for the app (wasm execution provider, served from this origin, run in ONNX
// Runtime's proxy worker): sessions and runs are asynchronous here and reported back to the C++ side through its exported callbacks
// (wasm/ort_bridge.cpp), so the app needs no ASYNCIFY.
export class OrtGlue {
  constructor(ort, ortFolderUrl) {
    this.ort = ort;
    this.sessions = new Map();
    // Threads need cross-origin isolation (SharedArrayBuffer); without it ORT runs on one.
    const threads = globalThis.crossOriginIsolated
      ? Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1))
      : 1;
    ort.env.wasm.numThreads = threads;
    ort.env.wasm.wasmPaths = ortFolderUrl;
    // In a worker of its own: the page keeps drawing (a hint dragged follows the mouse) while the
    // network runs.
    ort.env.wasm.proxy = true;
    this.description =
      `ONNX Runtime Web ${ort.env.versions?.web ?? ''}, wasm, ${threads} thread${threads > 1 ? 's' : ''}` +
      (globalThis.crossOriginIsolated ? '' : ' (page not cross-origin isolated)');
  }

  attach(module) {
    this.module = module;
    module.ccall('tint_set_runtime_description', null, ['string'], [this.description]);
  }

  async createSession(sessionId, bytes) {
    try {
      const session = await this.ort.InferenceSession.create(bytes, {
        executionProviders: ['wasm'],
        graphOptimizationLevel: 'all',
      });
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
    const finish = (channels, outputHeight, outputWidth, milliseconds, error) =>
      this.module.ccall('tint_run_finished', null,
        ['number', 'number', 'number', 'number', 'number', 'string'],
        [runId, channels, outputHeight, outputWidth, milliseconds, error]);
    const session = this.sessions.get(sessionId);
    if (!session) {
      finish(0, 0, 0, 0, 'the model was closed');
      return;
    }
    try {
      const feeds = { [session.inputNames[0]]: new this.ort.Tensor('float32', input, [1, channels, height, width]) };
      const start = performance.now();
      const results = await session.run(feeds);
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
