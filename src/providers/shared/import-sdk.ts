// tsup defines TSUP_FORMAT as 'esm' or 'cjs' in each build; source run by tsx or vitest has no such global.
declare const TSUP_FORMAT: string | undefined;

/**
 * Loads a provider SDK package the way the running build loads its other packages: `require` in the CommonJS
 * build, so a client the app built from `require('openai')` shares the SDK's classes with routewise (its errors
 * pass `instanceof`), and `import()` in the ESM build and in source.
 */
export function importSdk<T>(specifier: string): Promise<T> {
  // Spelled out inline so that esbuild folds it to a constant per build and drops the other branch.
  return typeof TSUP_FORMAT !== 'undefined' && TSUP_FORMAT === 'cjs'
    ? Promise.resolve().then(() => require(specifier) as T)
    : (import(specifier) as Promise<T>);
}
