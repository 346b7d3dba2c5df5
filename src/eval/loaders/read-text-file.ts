import { readFileSync, statSync } from 'node:fs';
import { EvalInputError } from '../eval-input-error.js';

/** Reads a UTF-8 file, turning a missing or unreadable path into a one-line `EvalInputError`. */
export function readTextFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new EvalInputError(`${path}: no such file`);
    if (code === 'EISDIR') throw new EvalInputError(`${path}: is a directory, expected a file`);
    throw new EvalInputError(`${path}: cannot read (${code ?? String(error)})`);
  }
}

/** Whether a path exists and is a directory (a missing path throws `EvalInputError`). */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    throw new EvalInputError(`${path}: no such file or directory`);
  }
}
