// What the browser benchmarks share: the repository's root folder and their `--name value`
// options.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// The command line's arguments after the script's name.
export const args = process.argv.slice(2);
// The value after `name` on the command line, or `fallback` when it is not given.
export const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index < 0 ? fallback : args[index + 1];
};
