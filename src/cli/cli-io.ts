import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';

type FlagOptions = NonNullable<ParseArgsConfig['options']>;
import { EvalInputError } from '../eval/eval-input-error.js';
import { UsageError } from './usage-error.js';

/** A whole-number flag value, or undefined when the flag was not given; anything else is a `UsageError`. */
export function integerFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag}: "${value}" is not a whole number`);
  return Number(value);
}

/** Writes an output file, creating its folder; a failure is a one-line `EvalInputError` naming the path. */
export function writeOutput(path: string, text: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  } catch (error) {
    throw new EvalInputError(`${path}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

/** Parses a command's flags strictly (no positionals); a bad flag is a one-line `UsageError`. */
export function parseFlags<Options extends FlagOptions>(
  argv: string[],
  options: Options,
): ReturnType<typeof parseArgs<{ args: string[]; strict: true; allowPositionals: false; options: Options }>> {
  try {
    return parseArgs({ args: argv, strict: true, allowPositionals: false, options });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!);
  }
}
