// Imports a user's JavaScript or TypeScript module (`--classifier-module`), TypeScript through tsx where Node cannot.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { EvalInputError } from '../eval-input-error.js';

const TYPESCRIPT = new Set(['.ts', '.mts', '.cts', '.tsx']);

type TsImport = (specifier: string, parentURL: string) => Promise<unknown>;

/**
 * Imports the module at an absolute path. A TypeScript file that the running Node cannot load by itself (Node before
 * 22.18 without a TypeScript loader: `ERR_UNKNOWN_FILE_EXTENSION`) is loaded through tsx's `tsImport` when tsx is
 * installed, in the module's own project or beside routewise; without tsx, an `EvalInputError` says what to run.
 * `label` is how the module is named in that error (`--classifier-module ./x.ts`).
 */
export async function importUserModule(absolute: string, label: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(absolute).href;
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (!TYPESCRIPT.has(extname(absolute)) || code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
  }
  const tsImport = await findTsImport(absolute);
  if (!tsImport) {
    throw new EvalInputError(
      `${label}: Node ${process.version} cannot load TypeScript by itself and tsx is not installed. ` +
        'Run `npm install --save-dev tsx` in your project and try again (or compile the module and pass the .js file).',
    );
  }
  return (await tsImport(url, url)) as Record<string, unknown>;
}

/** tsx's `tsImport`, resolved from the user's module first (their project's tsx), then from routewise itself. */
async function findTsImport(absolute: string): Promise<TsImport | undefined> {
  const here = typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url);
  for (const from of [absolute, here]) {
    const entry = tsxEsmApi(from);
    if (!entry) continue;
    const api = (await import(pathToFileURL(entry).href)) as { tsImport?: unknown };
    if (typeof api.tsImport === 'function') return api.tsImport as TsImport;
  }
  return undefined;
}

/**
 * The file of tsx's ESM API (`tsx/esm/api` under the `import` condition) as seen from `from`, or undefined when no
 * tsx is installed there. Read from tsx's exports map because `require.resolve` would pick the CommonJS file, which
 * cannot be imported.
 */
function tsxEsmApi(from: string): string | undefined {
  let manifest: string;
  try {
    manifest = createRequire(from).resolve('tsx/package.json');
  } catch {
    return undefined;
  }
  const exports = (JSON.parse(readFileSync(manifest, 'utf8')) as { exports?: Record<string, unknown> }).exports;
  const api = exports?.['./esm/api'] as { import?: string | { default?: string } } | undefined;
  const file = typeof api?.import === 'string' ? api.import : api?.import?.default;
  return file ? join(dirname(manifest), file) : undefined;
}
