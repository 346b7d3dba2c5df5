import { parseArgs } from 'node:util';
import { buildSpendReport } from '../spend-report/build-spend-report.js';
import { formatSpendReport } from '../spend-report/format-spend-report.js';
import { readLedgerRows } from '../spend-report/read-ledger-rows.js';
import { renderSpendReportHtml } from '../spend-report/render-spend-report-html.js';
import { writeOutput } from './cli-io.js';
import type { CommandIo } from './eval-command.js';
import { LEDGER_SOURCE_FLAGS, LEDGER_SOURCE_USAGE, ledgerSourceFrom, rowFilterFrom } from './ledger-source-flags.js';
import { UsageError } from './usage-error.js';

/** Help text of `routewise report`. */
export const REPORT_USAGE = `Usage: routewise report LEDGER [options]
       routewise report --postgres URL [options]

Where the money went, from a spend ledger: spend by day, tenant, feature, alias and model; cost per request and per
resolved task (from feedback rows); escalation, fallback and retry figures; cache savings; experiment arms with 95%
intervals; the alerts that fired. Prints a summary; --html and --json write the full report.

  LEDGER               a JSONL ledger file (jsonlLedger)
${LEDGER_SOURCE_USAGE}
  --resolved-at S      a request whose feedback score is ≥ S counts as resolved (default 0.5)
  --html FILE          write a self-contained HTML page with charts (no scripts, no external resources)
  --json FILE          write the report as JSON ("-" for stdout, which then gets no summary)
  --title T            the HTML page's title
  -h, --help           show this help`;

/** Runs `routewise report`; returns the exit code. Bad input throws `UsageError`. */
export async function reportCommand(argv: string[], io: CommandIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0] as string);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(`${REPORT_USAGE}\n`);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError(`one ledger at a time (got ${positionals.join(', ')})`);
  const resolvedAt = values['resolved-at'] === undefined ? 0.5 : Number(values['resolved-at']);
  if (!Number.isFinite(resolvedAt) || resolvedAt < 0 || resolvedAt > 1) {
    throw new UsageError(`--resolved-at: "${values['resolved-at']}" is not a score in [0, 1]`);
  }
  const source = ledgerSourceFrom(positionals[0], values);
  const filter = rowFilterFrom(values);
  const rows = await readLedgerRows(source, filter);
  const report = buildSpendReport(rows, { filter, resolvedAt });
  if (values.json === '-') io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else io.stdout.write(`${formatSpendReport(report)}\n`);
  if (values.json !== undefined && values.json !== '-') {
    writeOutput(values.json, `${JSON.stringify(report, null, 2)}\n`);
    io.stderr.write(`wrote ${values.json}\n`);
  }
  if (values.html !== undefined) {
    writeOutput(values.html, renderSpendReportHtml(report, values.title));
    io.stderr.write(`wrote ${values.html}\n`);
  }
  return 0;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      ...LEDGER_SOURCE_FLAGS,
      'resolved-at': { type: 'string' },
      html: { type: 'string' },
      json: { type: 'string' },
      title: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
