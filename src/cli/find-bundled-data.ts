import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Finds the package's bundled `data/routellm` folder by walking up from this module; undefined if absent. */
export function findBundledData(from: string = dirname(fileURLToPath(import.meta.url))): string | undefined {
  let dir = from;
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'data', 'routellm');
    if (existsSync(join(candidate, 'gsm8k')) && existsSync(join(candidate, 'mmlu'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}
