import { createRequire } from 'node:module';

/**
 * A store's database driver (`ioredis`, `pg`), required when the store is built rather than imported with routewise:
 * together they cost about twice `import('openai')`, and most apps use the memory store. Both are CommonJS
 * packages, so this is the same module instance an app's own `import` of them gets. The CommonJS bundle has
 * `__filename`, the ESM one `import.meta.url`.
 */
export function requireDriver<T>(name: 'ioredis' | 'pg'): T {
  return createRequire(typeof __filename === 'string' ? __filename : import.meta.url)(name) as T;
}
