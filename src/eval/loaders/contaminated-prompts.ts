import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EvalInputError } from '../eval-input-error.js';
import { readTextFile } from './read-text-file.js';

/** File name RouteLLM uses for prompts that overlap its routers' training data. */
export const CONTAMINATED_FILE = 'contaminated_prompts.jsonl';

/**
 * Finds `contaminated_prompts.jsonl` beside a data file (its own directory, then the parent: RouteLLM keeps MMLU's
 * beside the `responses/` folder) and returns its `eval_prompt` values with the file's path, or undefined.
 */
export function findContaminatedPrompts(dataFile: string): { path: string; prompts: Set<string> } | undefined {
  const dir = dirname(dataFile);
  for (const candidate of [join(dir, CONTAMINATED_FILE), join(dirname(dir), CONTAMINATED_FILE)]) {
    if (!existsSync(candidate)) continue;
    const prompts = new Set<string>();
    for (const line of readTextFile(candidate).split('\n')) {
      if (line.trim() === '') continue;
      let entry: { eval_prompt?: unknown };
      try {
        entry = JSON.parse(line);
      } catch {
        throw new EvalInputError(`${candidate}: a line is not valid JSON`);
      }
      if (typeof entry.eval_prompt === 'string') prompts.add(entry.eval_prompt);
    }
    return { path: candidate, prompts };
  }
  return undefined;
}
