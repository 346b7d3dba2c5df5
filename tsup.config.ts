import { cpSync } from 'node:fs';
import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The ESM build: the library and the CLI in one build, so the code they share goes into chunks that `cli.js`
    // imports (the CLI never repeats the library). Dependencies stay external.
    // `ai-sdk` (the `routewise/ai-sdk` subpath) shares its chunks with `index` too: one copy of the error classes.
    entry: { index: 'src/index.ts', cli: 'src/cli/main.ts', 'ai-sdk': 'src/ai-sdk/index.ts' },
    format: ['esm'],
    dts: { entry: { index: 'src/index.ts' } },
    clean: true,
    target: 'node20',
    // The bundle reads the tokenizer ranks and the shipped weights relative to its own file.
    shims: true,
    // `learned()` reads its weights on first use, from `dist/weights/` (see readShippedWeights).
    onSuccess: async () => {
      cpSync('src/classifiers/weights', 'dist/weights', { recursive: true });
    },
  },
  {
    // No `dts` here: the ESM build's declarations serve both (the build script copies them to index.d.cts), which
    // saves a second TypeScript pass.
    entry: { index: 'src/index.ts', 'ai-sdk': 'src/ai-sdk/index.ts' },
    format: ['cjs'],
    // Shared chunks, so `require('routewise/ai-sdk')` and `require('routewise')` use one copy of the error classes
    // (`instanceof RouteExhaustedError` holds across both).
    splitting: true,
    target: 'node20',
    // p-retry is ESM-only: a CommonJS `require` of it fails on Node 20 before 20.19 (ERR_REQUIRE_ESM) and yields a
    // namespace without a callable default after. Bundled into the CommonJS output, it works on every Node 20+.
    noExternal: ['p-retry'],
    shims: true,
  },
  {
    // The `routewise/ai-sdk` declarations on their own (types it shares with `index` inlined): declarations built
    // together would share a chunk, which `index.d.cts` cannot import (it is an ES module in this package).
    entry: { 'ai-sdk': 'src/ai-sdk/index.ts' },
    format: ['esm'],
    dts: { only: true },
    target: 'node20',
  },
]);
