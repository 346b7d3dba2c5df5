import { isSpendRow, type LedgerRecord } from '../ledger/ledger-record.js';
import { timeBucket } from '../ledger/spend-query.js';
import { createPriceCatalog, type ModelPricing } from '../pricing/price-catalog.js';
import { percentile } from '../router/experiments/statistics/percentile.js';
import { getOrCreate } from './get-or-create.js';
import { emptyUsage, type Usage } from '../providers/spec/usage.js';

/** Days in the forecast's month. */
export const DAYS_PER_MONTH = 30;

/** A model as `provider:model` (the provider's id in the bundled price data, e.g. `openai:gpt-5-mini`). */
export type ModelRef = string;

/** One line of a forecast: monthly USD at median and 95th-percentile traffic. */
export interface ForecastLine {
  /** The feature or model. */
  key: string;
  /** Requests a month at P50 traffic. */
  requestsP50: number;
  /** Monthly USD at P50 and P95 traffic. */
  usdP50: number;
  usdP95: number;
}

/** What `routewise forecast` prints. */
export interface Forecast {
  /** `flags` (the planning formula) or `ledger` (observed figures projected). */
  basis: 'flags' | 'ledger';
  /** The factors applied to every figure. */
  factors: { retry: number; safety: number; p50Traffic: number; p95Traffic: number };
  /** Requests a month the forecast is for (at P50 traffic, before factors). */
  monthlyRequests: number;
  total: { usdP50: number; usdP95: number };
  byFeature: ForecastLine[];
  byModel: ForecastLine[];
  /** The same traffic answered by the strongest model throughout, and what the routing saves against it. */
  strongest: {
    model: ModelRef;
    /** How it was chosen: `flag` (--strongest) or `dearest` (the priciest model seen, per 1M input + 1M output). */
    chosenBy: 'flag' | 'dearest';
    usdP50: number;
    usdP95: number;
    savedUsdP50: number;
    savedShare: number | null;
  } | null;
  /** What the figures rest on (observed days, unpriced models, assumptions). */
  notes: string[];
}

/** The pricing of a `provider:model` in the bundled price data; undefined when it has none. */
export function priceOf(ref: ModelRef): ModelPricing | undefined {
  const colon = ref.indexOf(':');
  if (colon <= 0) return undefined;
  const provider = ref.slice(0, colon);
  return catalog.lookup({ priceProviderId: provider, providerName: provider, model: ref.slice(colon + 1) });
}
const catalog = createPriceCatalog();

/** USD of one call with these token counts at a model's current price. */
export function callCost(pricing: ModelPricing, inputTokens: number, outputTokens: number, at = new Date()): number {
  return pricing.cost({ ...emptyUsage(), inputTokens, outputTokens }, at).usd;
}

/** Inputs of the planning formula. */
export interface PlanInputs {
  users: number;
  messagesPerUser: number;
  inputTokens: number;
  outputTokens: number;
  /** The models and the share of messages each answers (shares sum to 1). */
  models: Array<{ model: ModelRef; share: number }>;
  feature?: string;
  retryFactor: number;
  safetyFactor: number;
  /** P95 traffic over P50 (the planning assumption for peak months). */
  p95Factor: number;
  strongest?: ModelRef;
}

/**
 * The standard planning formula: users × messages per user × (input tokens × input price + output tokens × output
 * price) per model share, × retry factor × safety factor; P95 traffic is P50 × `p95Factor`.
 */
export function planForecast(inputs: PlanInputs): Forecast {
  const requests = inputs.users * inputs.messagesPerUser;
  const factor = inputs.retryFactor * inputs.safetyFactor;
  const byModel = inputs.models.map(({ model, share }): ForecastLine => {
    const pricing = mustPrice(model);
    const usd = requests * share * callCost(pricing, inputs.inputTokens, inputs.outputTokens) * factor;
    return { key: model, requestsP50: requests * share, usdP50: usd, usdP95: usd * inputs.p95Factor };
  });
  const total = sumLines(byModel);
  const strongestRef = inputs.strongest ?? dearest(inputs.models.map((m) => m.model));
  let strongest: Forecast['strongest'] = null;
  if (strongestRef) {
    const usd = requests * callCost(mustPrice(strongestRef), inputs.inputTokens, inputs.outputTokens) * factor;
    strongest = {
      model: strongestRef,
      chosenBy: inputs.strongest ? 'flag' : 'dearest',
      usdP50: usd,
      usdP95: usd * inputs.p95Factor,
      savedUsdP50: usd - total.usdP50,
      savedShare: usd > 0 ? (usd - total.usdP50) / usd : null,
    };
  }
  return {
    basis: 'flags',
    factors: { retry: inputs.retryFactor, safety: inputs.safetyFactor, p50Traffic: 1, p95Traffic: inputs.p95Factor },
    monthlyRequests: requests,
    total,
    byFeature: [{ key: inputs.feature ?? '(all)', requestsP50: requests, ...total }],
    byModel,
    strongest,
    notes: [
      `${inputs.users} users × ${inputs.messagesPerUser} messages a month × (${inputs.inputTokens} input + ` +
        `${inputs.outputTokens} output tokens) at the bundled prices, × ${inputs.retryFactor} retries × ${inputs.safetyFactor} safety`,
      `P95 traffic assumed ${inputs.p95Factor}× P50 (--p95-factor)`,
    ],
  };
}

/** How a ledger forecast scales the observed traffic. */
export interface LedgerForecastOptions {
  /** Requests a month to project to (spread over features as observed). */
  targetRequests?: number;
  /** Or: the observed monthly rate times this. Default 1 (the observed rate). */
  multiplier?: number;
  retryFactor: number;
  safetyFactor: number;
  /** P95 over P50 traffic when the ledger covers too few days to measure it (fewer than 7). */
  p95Factor: number;
  strongest?: ModelRef;
}

/**
 * A forecast from a ledger's observed figures: each feature's requests a day and cost per request (retries,
 * escalations, checks and classifiers included, as charged), projected to a month at the target volume. P50 and
 * P95 traffic are the median and 95th percentile of the observed daily request counts over their mean (given 7 or
 * more days). The saving against the strongest model reprices each request's answering attempt's usage at its price.
 */
export function ledgerForecast(rows: readonly LedgerRecord[], options: LedgerForecastOptions): Forecast {
  const spend = rows.filter(isSpendRow);
  const notes: string[] = [];
  const requestFeature = new Map<string, string>();
  const daily = new Map<string, Set<string>>();
  for (const row of spend) {
    if (!requestFeature.has(row.requestId)) requestFeature.set(row.requestId, row.feature ?? '(untagged)');
    const day = timeBucket(row.at, 'day');
    getOrCreate(daily, day, () => new Set<string>()).add(row.requestId);
  }
  const observed = requestFeature.size;
  const days = observedDays(spend);
  const observedMonthly = observed === 0 ? 0 : (observed / days) * DAYS_PER_MONTH;
  const monthly = options.targetRequests ?? observedMonthly * (options.multiplier ?? 1);
  const scale = observed === 0 ? 0 : monthly / observed;
  notes.push(
    `${observed} requests over ${round(days)} days observed (${Math.round(observedMonthly)} a month), projected to ` +
      `${Math.round(monthly)} a month${options.targetRequests === undefined ? ` (× ${options.multiplier ?? 1})` : ''}`,
  );
  const counts = [...daily.values()].map((ids) => ids.size).sort((a, b) => a - b);
  const mean = counts.reduce((a, b) => a + b, 0) / Math.max(1, counts.length);
  let p50Traffic = 1;
  let p95Traffic = options.p95Factor;
  if (counts.length >= 7 && mean > 0) {
    p50Traffic = (percentile(counts, 0.5) ?? mean) / mean;
    p95Traffic = (percentile(counts, 0.95) ?? mean) / mean;
    notes.push(
      `P50 and P95 traffic from ${counts.length} days of requests: ${round(p50Traffic)}× and ${round(p95Traffic)}× the mean day`,
    );
  } else {
    notes.push(`fewer than 7 days observed: P50 traffic is the mean, P95 assumed ${options.p95Factor}× (--p95-factor)`);
  }
  const factor = options.retryFactor * options.safetyFactor;
  const project = (usd: number) => usd * scale * factor;
  const features = new Map<string, { usd: number; ids: Set<string> }>();
  const models = new Map<string, { usd: number; ids: Set<string> }>();
  for (const row of spend) {
    add(features, requestFeature.get(row.requestId) as string, row);
    add(models, row.model ? `${row.provider}:${row.model}` : `(${row.source ?? row.purpose} charges)`, row);
  }
  const toLines = (groups: Map<string, { usd: number; ids: Set<string> }>) =>
    [...groups]
      .map(
        ([key, { usd, ids }]): ForecastLine => ({
          key,
          requestsP50: ids.size * scale * p50Traffic,
          usdP50: project(usd) * p50Traffic,
          usdP95: project(usd) * p95Traffic,
        }),
      )
      .sort((a, b) => b.usdP50 - a.usdP50);
  const byFeature = toLines(features);
  const total = sumLines(byFeature);
  const strongest = strongestCounterfactual(spend, options.strongest, notes);
  return {
    basis: 'ledger',
    factors: { retry: options.retryFactor, safety: options.safetyFactor, p50Traffic, p95Traffic },
    monthlyRequests: monthly,
    total,
    byFeature,
    byModel: toLines(models),
    strongest:
      strongest === undefined
        ? null
        : {
            model: strongest.model,
            chosenBy: strongest.chosenBy,
            usdP50: project(strongest.usd) * p50Traffic,
            usdP95: project(strongest.usd) * p95Traffic,
            savedUsdP50: project(strongest.usd - strongest.actual) * p50Traffic,
            savedShare: strongest.usd > 0 ? (strongest.usd - strongest.actual) / strongest.usd : null,
          },
    notes,
  };
}

/**
 * What the observed requests would have cost answered by the strongest model: each request's answering attempt
 * (its last successful answer attempt) repriced at that model, against what the request actually cost (every row).
 * Requests without an answer (failed ones) and answers without usage are left out of both sides.
 */
function strongestCounterfactual(
  spend: readonly LedgerRecord[],
  flag: ModelRef | undefined,
  notes: string[],
): { model: ModelRef; chosenBy: 'flag' | 'dearest'; usd: number; actual: number } | undefined {
  const seen = [...new Set(spend.filter((r) => r.model).map((r) => `${r.provider}:${r.model}`))];
  const model = flag ?? dearest(seen);
  if (!model) {
    notes.push('no priced model in the ledger: no comparison with the strongest model');
    return undefined;
  }
  const pricing = mustPrice(model);
  const answers = new Map<string, Usage>();
  const actual = new Map<string, number>();
  for (const row of spend) {
    actual.set(row.requestId, (actual.get(row.requestId) ?? 0) + row.costUsd);
    if (row.kind === 'attempt' && row.purpose === 'answer' && row.status === 'ok' && row.usage) {
      answers.set(row.requestId, row.usage);
    }
  }
  let usd = 0;
  let paid = 0;
  for (const [id, usage] of answers) {
    usd += pricing.cost(usage, new Date()).usd;
    paid += actual.get(id) ?? 0;
  }
  notes.push(
    `strongest model ${model} (${flag ? '--strongest' : 'the dearest model in the ledger, per 1M input + 1M output tokens'}): ` +
      `${answers.size} answered requests repriced at its price with their answer's usage`,
  );
  return { model, chosenBy: flag ? 'flag' : 'dearest', usd, actual: paid };
}

/** The priciest of these models for 1M input + 1M output tokens (unpriced ones skipped). */
export function dearest(models: readonly ModelRef[]): ModelRef | undefined {
  let best: ModelRef | undefined;
  let highest = Number.NEGATIVE_INFINITY;
  for (const model of models) {
    const pricing = priceOf(model);
    if (!pricing) continue;
    const usd = callCost(pricing, 1e6, 1e6);
    if (usd > highest) {
      highest = usd;
      best = model;
    }
  }
  return best;
}

/** The pricing of a model, or a clear error naming it. */
export function mustPrice(model: ModelRef): ModelPricing {
  const pricing = priceOf(model);
  if (!pricing) {
    throw new RangeError(
      `no bundled price for "${model}" (write provider:model as in the price data, e.g. openai:gpt-5-mini, anthropic:claude-sonnet-4-6)`,
    );
  }
  return pricing;
}

function observedDays(rows: readonly LedgerRecord[]): number {
  if (rows.length === 0) return 1;
  const times = rows.map((row) => Date.parse(row.at));
  // At least one day: a morning's rows are a day's traffic, not a month's in an hour.
  return Math.max(1, (Math.max(...times) - Math.min(...times)) / 86_400_000);
}

function add(groups: Map<string, { usd: number; ids: Set<string> }>, key: string, row: LedgerRecord): void {
  const group = getOrCreate(groups, key, () => ({ usd: 0, ids: new Set<string>() }));
  group.usd += row.costUsd;
  group.ids.add(row.requestId);
}

function sumLines(lines: readonly ForecastLine[]): { usdP50: number; usdP95: number } {
  return {
    usdP50: lines.reduce((a, l) => a + l.usdP50, 0),
    usdP95: lines.reduce((a, l) => a + l.usdP95, 0),
  };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
