import { parseArgs } from 'node:util';
import { formatShare, formatUsd, textTable } from '../spend-report/format-figures.js';
import {
  type Forecast,
  type ForecastLine,
  ledgerForecast,
  mustPrice,
  planForecast,
  type PlanInputs,
} from '../spend-report/forecast.js';
import { readLedgerRows } from '../spend-report/read-ledger-rows.js';
import { writeOutput } from './cli-io.js';
import type { CommandIo } from './eval-command.js';
import { LEDGER_SOURCE_FLAGS, LEDGER_SOURCE_USAGE, ledgerSourceFrom, rowFilterFrom } from './ledger-source-flags.js';
import { UsageError } from './usage-error.js';

/** Help text of `routewise forecast`. */
export const FORECAST_USAGE = `Usage: routewise forecast --users N --messages-per-user N --input-tokens N --output-tokens N --model P:M [options]
       routewise forecast --ledger FILE (or --postgres URL) [--target-requests N | --multiplier X] [options]

Monthly LLM cost at P50 and P95 traffic, per feature and per model: users × messages per user × tokens per message
× price × retry factor × safety factor (prices: the bundled price data the router uses), or a ledger's observed
per-feature requests and cost per request projected to a target volume. Says what the routing saves against always
using the strongest model.

From flags:
  --users N                 users
  --messages-per-user N     messages (requests) per user per month
  --input-tokens N          input tokens per message    --output-tokens N   output tokens per message
  --model P:M[=SHARE]       a model as provider:model (e.g. openai:gpt-5-mini) and the share of messages it answers;
                            repeatable, shares must add up to 1 (one model: all of them)
  --feature NAME            the feature's name in the output
  --retry-factor X          default 1.1 from flags, 1 from a ledger (its costs already include the retries)
From a ledger:
  --ledger FILE             a JSONL ledger
${LEDGER_SOURCE_USAGE}
  --target-requests N       requests a month to project to (spread over features as observed)
  --multiplier X            or: the observed monthly rate × X (default 1)
Both:
  --safety-factor X         headroom on every figure (default 1.2)
  --p95-factor X            P95 over P50 traffic when it cannot be measured (flags, or < 7 days of ledger; default 1.5)
  --strongest P:M           the model to compare with (default: the dearest seen, per 1M input + 1M output tokens)
  --json FILE               write the forecast as JSON ("-" for stdout)
  -h, --help                show this help`;

/** Runs `routewise forecast`; returns the exit code. Bad input throws `UsageError`. */
export async function forecastCommand(argv: string[], io: CommandIo): Promise<number> {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0] as string);
  }
  if (values.help) {
    io.stdout.write(`${FORECAST_USAGE}\n`);
    return 0;
  }
  const fromLedger = values.ledger !== undefined || values.postgres !== undefined;
  const safetyFactor = factorFlag(values['safety-factor'], '--safety-factor') ?? 1.2;
  const p95Factor = factorFlag(values['p95-factor'], '--p95-factor') ?? 1.5;
  const strongest = values.strongest;
  if (strongest !== undefined) priced(strongest, '--strongest');
  let forecast: Forecast;
  if (fromLedger) {
    const planFlags = ['users', 'messages-per-user', 'input-tokens', 'output-tokens', 'model'] as const;
    const mixed = planFlags.filter((flag) => values[flag] !== undefined);
    if (mixed.length > 0)
      throw new UsageError(`--${mixed[0]} is a planning flag: a ledger forecast takes its figures from the ledger`);
    if (values['target-requests'] !== undefined && values.multiplier !== undefined) {
      throw new UsageError('--target-requests and --multiplier exclude each other');
    }
    const rows = await readLedgerRows(ledgerSourceFrom(values.ledger, values), rowFilterFrom(values));
    const targetRequests = countFlag(values['target-requests'], '--target-requests');
    const multiplier = factorFlag(values.multiplier, '--multiplier');
    forecast = ledgerForecast(rows, {
      retryFactor: factorFlag(values['retry-factor'], '--retry-factor') ?? 1,
      safetyFactor,
      p95Factor,
      ...(targetRequests !== undefined ? { targetRequests } : {}),
      ...(multiplier !== undefined ? { multiplier } : {}),
      ...(strongest !== undefined ? { strongest } : {}),
    });
  } else {
    const missing = ['users', 'messages-per-user', 'input-tokens', 'output-tokens'].filter(
      (flag) => values[flag as keyof typeof values] === undefined,
    );
    if (values.model === undefined || values.model.length === 0) missing.push('model');
    if (missing.length > 0) {
      throw new UsageError(`missing --${missing.join(', --')} (or forecast from a ledger with --ledger FILE)`);
    }
    const inputs: PlanInputs = {
      users: countFlag(values.users, '--users') as number,
      messagesPerUser: countFlag(values['messages-per-user'], '--messages-per-user') as number,
      inputTokens: countFlag(values['input-tokens'], '--input-tokens') as number,
      outputTokens: countFlag(values['output-tokens'], '--output-tokens') as number,
      models: modelShares(values.model as string[]),
      retryFactor: factorFlag(values['retry-factor'], '--retry-factor') ?? 1.1,
      safetyFactor,
      p95Factor,
      ...(values.feature !== undefined ? { feature: values.feature } : {}),
      ...(strongest !== undefined ? { strongest } : {}),
    };
    forecast = planForecast(inputs);
  }
  if (values.json === '-') io.stdout.write(`${JSON.stringify(forecast, null, 2)}\n`);
  else io.stdout.write(`${formatForecast(forecast)}\n`);
  if (values.json !== undefined && values.json !== '-') {
    writeOutput(values.json, `${JSON.stringify(forecast, null, 2)}\n`);
    io.stderr.write(`wrote ${values.json}\n`);
  }
  return 0;
}

/** The terminal form of a forecast. */
export function formatForecast(forecast: Forecast): string {
  const { factors, total, strongest } = forecast;
  const lines = [
    `routewise forecast (${forecast.basis === 'flags' ? 'planning formula' : 'from the ledger'}): ` +
      `${Math.round(forecast.monthlyRequests)} requests a month`,
    `factors: retry ${factors.retry}, safety ${factors.safety}; traffic P50 ${round(factors.p50Traffic)}×, P95 ${round(factors.p95Traffic)}×`,
    `monthly total: ${formatUsd(total.usdP50)} at P50 traffic, ${formatUsd(total.usdP95)} at P95`,
  ];
  const table = (title: string, rows: ForecastLine[]) => {
    lines.push('', `${title}:`);
    lines.push(
      ...textTable(
        ['', 'requests/mo', 'P50 $/mo', 'P95 $/mo'],
        rows.map((r) => [r.key, String(Math.round(r.requestsP50)), formatUsd(r.usdP50), formatUsd(r.usdP95)]),
      ).map((line) => `  ${line}`),
    );
  };
  table('per feature', forecast.byFeature);
  table('per model', forecast.byModel);
  lines.push('');
  if (strongest) {
    lines.push(
      `always ${strongest.model} (${strongest.chosenBy === 'flag' ? '--strongest' : 'the dearest model'}): ` +
        `${formatUsd(strongest.usdP50)} a month at P50 (${formatUsd(strongest.usdP95)} at P95); ` +
        `the routing saves ${formatUsd(strongest.savedUsdP50)} (${formatShare(strongest.savedShare)})`,
    );
  }
  lines.push(...forecast.notes.map((note) => `note: ${note}`));
  return lines.join('\n');
}

function modelShares(specs: string[]): PlanInputs['models'] {
  const models = specs.map((spec) => {
    const [model, share] = spec.split('=') as [string, string | undefined];
    priced(model, '--model');
    if (share === undefined) return { model, share: undefined };
    const value = Number(share);
    if (!Number.isFinite(value) || value <= 0 || value > 1)
      throw new UsageError(`--model ${spec}: the share must be in (0, 1]`);
    return { model, share: value };
  });
  const only = models.length === 1 ? models[0] : undefined;
  if (only && only.share === undefined) return [{ model: only.model, share: 1 }];
  if (models.some((m) => m.share === undefined)) {
    throw new UsageError('with several --model flags, give each its share of messages: --model openai:gpt-5-mini=0.8');
  }
  const sum = models.reduce((a, m) => a + (m.share as number), 0);
  if (Math.abs(sum - 1) > 1e-6) throw new UsageError(`the --model shares add up to ${round(sum)}, not 1`);
  return models as PlanInputs['models'];
}

function priced(model: string, flag: string): void {
  try {
    mustPrice(model);
  } catch (error) {
    throw new UsageError(`${flag}: ${(error as Error).message}`);
  }
}

function countFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value.replaceAll('_', ''));
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`${flag}: "${value}" is not a non-negative number`);
  return n;
}

function factorFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag}: "${value}" is not a positive number`);
  return n;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      ...LEDGER_SOURCE_FLAGS,
      users: { type: 'string' },
      'messages-per-user': { type: 'string' },
      'input-tokens': { type: 'string' },
      'output-tokens': { type: 'string' },
      model: { type: 'string', multiple: true },
      feature: { type: 'string' },
      ledger: { type: 'string' },
      'target-requests': { type: 'string' },
      multiplier: { type: 'string' },
      'retry-factor': { type: 'string' },
      'safety-factor': { type: 'string' },
      'p95-factor': { type: 'string' },
      strongest: { type: 'string' },
      json: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
