// Bundles the Electron main process and preload into dist-electron/.
// The main bundle is ESM (package.json is "type": "module", and Electron loads ESM entries);
// the preload must be a single CommonJS file because a sandboxed preload cannot import or
// require anything but `electron` and a few built-ins, so zod and the contract are inlined.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = fileURLToPath(new URL('../dist-electron/', import.meta.url));
const production = process.env.NODE_ENV === 'production';

const common = {
  absWorkingDir: root,
  bundle: true,
  external: ['electron'],
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'info',
};

await rm(outdir, { recursive: true, force: true });
await Promise.all([
  build({
    ...common,
    entryPoints: ['electron/main/index.ts'],
    outfile: 'dist-electron/main.js',
    platform: 'node',
    format: 'esm',
    target: 'node20',
  }),
  build({
    ...common,
    entryPoints: ['electron/preload/index.ts'],
    outfile: 'dist-electron/preload.cjs',
    platform: 'node',
    format: 'cjs',
    target: ['node20', 'chrome130'],
  }),
]);
