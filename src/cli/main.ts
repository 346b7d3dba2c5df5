#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RoutewiseError } from '../errors.js';
import { type CommandIo, EVAL_USAGE, evalCommand } from './eval-command.js';
import { FORECAST_USAGE, forecastCommand } from './forecast-command.js';
import { REPORT_USAGE, reportCommand } from './report-command.js';
import { TRAIN_USAGE, trainCommand } from './train-command.js';
import { UsageError } from './usage-error.js';

/** Top-level help of the `routewise` command. */
export const USAGE = `Usage: routewise <command> [options]

Commands:
  eval     replay routing policies over recorded outcomes (run "routewise eval --help")
  train    retrain the learned classifier on your labelled data (run "routewise train --help")
  report   where the money went, from a spend ledger (run "routewise report --help")
  forecast monthly cost at P50 and P95 traffic, from flags or a ledger (run "routewise forecast --help")

${EVAL_USAGE}

${TRAIN_USAGE}

${REPORT_USAGE}

${FORECAST_USAGE}`;

/**
 * The `routewise` command line. Returns the exit code: 0 on success, 2 on bad input (a one-line message on stderr),
 * 1 on an unexpected failure.
 */
export async function main(
  argv: string[],
  io: CommandIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      io.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    }
    if (command === 'eval') return await evalCommand(rest, io);
    if (command === 'train') return await trainCommand(rest, io);
    if (command === 'report') return await reportCommand(rest, io);
    if (command === 'forecast') return await forecastCommand(rest, io);
    throw new UsageError(`unknown command "${command}" (commands: eval, train, report, forecast)`);
  } catch (error) {
    if (error instanceof UsageError || error instanceof RoutewiseError) {
      io.stderr.write(`routewise ${command}: ${error.message.split('\n')[0]}\n`);
      return 2;
    }
    io.stderr.write(`routewise ${command}: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
