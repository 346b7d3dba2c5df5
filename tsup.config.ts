import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    // The CommonJS build reads the tokenizer ranks and shipped weights through import.meta.url.
    shims: true,
  },
  {
    // The CLI is ESM only: `routewise` runs as `dist/cli.js`.
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
  },
]);
