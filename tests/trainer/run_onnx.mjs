// Runs an ONNX model in ONNX Runtime Web (WASM backend) under Node, as the browser app will:
//   node run_onnx.mjs MODEL.onnx INPUT.f32 N C H W OUTPUT.f32
// INPUT.f32 / OUTPUT.f32 are raw little-endian float32; the output's dims go to stdout as JSON.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

const require = createRequire(import.meta.url);
const ort = require('onnxruntime-web');

const [model, inputPath, n, c, h, w, outputPath] = process.argv.slice(2);
if (!outputPath) {
  console.error('usage: node run_onnx.mjs MODEL.onnx INPUT.f32 N C H W OUTPUT.f32');
  process.exit(2);
}
ort.env.wasm.numThreads = 1;
ort.env.wasm.wasmPaths = dirname(require.resolve('onnxruntime-web')) + '/';
const bytes = readFileSync(inputPath);
const input = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
const session = await ort.InferenceSession.create(readFileSync(model));
const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', input, [n, c, h, w].map(Number)) };
const result = await session.run(feeds);
const output = result[session.outputNames[0]];
writeFileSync(outputPath, Buffer.from(output.data.buffer, output.data.byteOffset, output.data.byteLength));
console.log(JSON.stringify(output.dims));
