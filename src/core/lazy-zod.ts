import { createRequire } from 'node:module';
import type * as Zod from 'zod';

/** zod's namespace (`z`), the argument every lazily built schema gets. */
export type ZodNamespace = typeof Zod.z;

let loaded: typeof Zod | undefined;

/**
 * zod, required on first use rather than imported with routewise: loading its modules and building routewise's
 * schemas cost about as much CPU as `import('openai')` itself, and a plain-text request never needs them (see
 * `plain-request-check.ts`). zod ships a CommonJS build, so a synchronous `require` serves both of routewise's
 * builds. An app's own zod may be another copy (its ESM build): nothing here depends on them being one, since a
 * user's schema is only called through its own methods (`safeParse`) or read structurally (`toJSONSchema`, whose
 * metadata registry zod keeps on `globalThis`, shared by every copy).
 */
export function loadZod(): typeof Zod {
  loaded ??= createRequire(typeof __filename === 'string' ? __filename : import.meta.url)('zod') as typeof Zod;
  return loaded;
}

/** A schema built on its first use (and loading zod then), the same instance after. */
export function lazySchema<T>(build: (z: ZodNamespace) => T): () => T {
  let schema: T | undefined;
  return () => {
    schema ??= build(loadZod().z);
    return schema;
  };
}
