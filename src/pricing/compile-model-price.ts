import type { ConditionalPrice, ModelPrice, Provider } from '@pydantic/genai-prices';
import { calcPrice } from './genai-prices.js';
import type { Usage } from '../core/usage.js';
import { type CostBreakdown, toGenaiPricesUsage } from './cost-of-usage.js';

/**
 * A model's price compiled once, at lookup, into a small function that gives EXACTLY what genai-prices'
 * `calcPrice` gives for the usages routewise produces (same selection, same decomposition, same floating-point
 * operations in the same order), without its general unit-decomposition machinery (~30 µs a call).
 *
 * What it reproduces from `@pydantic/genai-prices` 0.1.8 (`calcPrice` → price selection `we`, decomposition `ne`,
 * unit pricing `_e` / `de`), read from its code and pinned by a property test over the whole catalog:
 * - price selection: a plain price object, or a list of conditional prices scanned from the LAST to the first;
 *   the first whose constraint holds wins (none: always; `start_date`: `at >=` that UTC midnight; `time_of_date`:
 *   the UTC second of day `s` in `[start, end)`, or when `end < start` (a window over midnight) `s >= start ||
 *   s < end`); none holding: the first entry. An invalid `at` throws `RangeError` only for conditional prices;
 * - decomposition: each priced unit is billed on its count minus the counts of its priced descendants, so
 *   uncached input = input − (1h writes | cache reads | writes, each only if priced); 5-minute writes = writes −
 *   1h writes when `cache_write_1h_mtok` is priced, else all writes go at `cache_write_mtok`; plain output =
 *   output − reasoning only when `output_reasoning_mtok` is priced. An unpriced part is thus billed at its parent's
 *   rate. A negative remainder within a few ULPs is clamped to 0 (genai-prices' tolerance), a larger one throws;
 * - tiers: the tier is picked by the call's TOTAL input tokens (cache reads and writes included), strictly above
 *   `start` (`input > start`), tiers sorted by `start` and the last that holds wins; the picked rate prices the
 *   whole request, every unit of it, output included;
 * - `requests_kcount`: one request per call, added to the total only (neither input nor output);
 * - a unit routewise's usage never reports (audio, image, video, tool calls, pages, characters, `cache_write_5m`
 *   since routewise reports all writes plus the 1h part…) is billed on a count of 0 by genai-prices: it adds
 *   exactly 0, so it is dropped, once genai-prices itself has accepted the price object (see below).
 *
 * A model is NOT compiled (undefined is returned and the caller keeps `calcPrice`) when its prices have a key
 * genai-prices does not know (it warns and skips it on every call), when genai-prices rejects its prices (invalid
 * tiers or constraints, a cache price without its parent price…: `calcPrice` throws on every call, and keeps
 * doing so), for genai-prices' one provider special case (Groq's Whisper models), or when the compiled function
 * disagrees with `calcPrice` on the probe usages at compile time (a changed genai-prices, say).
 */
export type CompiledCost = (usage: Usage, at: Date) => CostBreakdown | undefined;

/** A compiled model, or why it was not compiled (the caller then prices with `calcPrice`). */
export type CompileResult = { ok: true; cost: CompiledCost } | { ok: false; reason: string };

// Slots of the units routewise's usage reports (plus requests), indexing `slots` and `CompiledPrice.priced`.
const INPUT = 0;
const CACHE_READ = 1;
const CACHE_WRITE = 2;
const CACHE_WRITE_1H = 3;
const OUTPUT = 4;
const REASONING = 5;
const REQUESTS = 6;

const DIRECTION_INPUT = 0;
const DIRECTION_OUTPUT = 1;
const DIRECTION_NONE = 2;

/** The price keys of the units routewise reports (plus the per-request fee): slot, `per`, direction. */
const COMPILED_KEYS: Readonly<Record<string, readonly [slot: number, per: number, direction: number]>> = {
  input_mtok: [INPUT, 1e6, DIRECTION_INPUT],
  cache_read_mtok: [CACHE_READ, 1e6, DIRECTION_INPUT],
  cache_write_mtok: [CACHE_WRITE, 1e6, DIRECTION_INPUT],
  cache_write_1h_mtok: [CACHE_WRITE_1H, 1e6, DIRECTION_INPUT],
  output_mtok: [OUTPUT, 1e6, DIRECTION_OUTPUT],
  output_reasoning_mtok: [REASONING, 1e6, DIRECTION_OUTPUT],
  requests_kcount: [REQUESTS, 1e3, DIRECTION_NONE],
};

/**
 * The price keys of genai-prices 0.1.8's unit registry whose usage routewise never reports: genai-prices bills
 * them on a count of 0. None of them is an ancestor of a reported unit (checked by a test against the registry),
 * so their absence from the usage never makes genai-prices throw "missing usage value".
 */
const ZERO_USAGE_KEYS: ReadonlySet<string> = new Set([
  'audio_hours',
  'cache_audio_read_mtok',
  'cache_audio_write_1h_mtok',
  'cache_audio_write_5m_mtok',
  'cache_audio_write_mtok',
  'cache_image_read_mtok',
  'cache_image_write_1h_mtok',
  'cache_image_write_5m_mtok',
  'cache_image_write_mtok',
  'cache_text_read_mtok',
  'cache_text_write_1h_mtok',
  'cache_text_write_5m_mtok',
  'cache_text_write_mtok',
  'cache_video_read_mtok',
  'cache_video_write_1h_mtok',
  'cache_video_write_5m_mtok',
  'cache_video_write_mtok',
  'cache_write_5m_mtok',
  'code_executions_kcount',
  'input_annotated_document_kpages',
  'input_audio_hours',
  'input_audio_mtok',
  'input_audio_tool_mtok',
  'input_mchars',
  'input_document_kpages',
  'input_image_mtok',
  'input_image_tool_mtok',
  'input_gpixels',
  'input_text_messages_kcount',
  'input_text_mtok',
  'input_text_tool_mtok',
  'input_tool_mtok',
  'input_video_mtok',
  'input_video_tool_mtok',
  'output_audio_citation_mtok',
  'output_audio_reasoning_mtok',
  'output_audio_hours',
  'output_audio_mtok',
  'output_citation_mtok',
  'output_image_citation_mtok',
  'output_image_reasoning_mtok',
  'output_image_mtok',
  'output_text_citation_mtok',
  'output_text_reasoning_mtok',
  'output_text_mtok',
  'output_video_citation_mtok',
  'output_video_reasoning_mtok',
  'output_video_mtok',
  'rerank_searches_kcount',
  'social_searches_kcount',
  'storage_searches_kcount',
  'web_searches_kcount',
]);

/** The keys the compiler understands, for tests. */
export const compiledPriceKeys: readonly string[] = Object.keys(COMPILED_KEYS);
/** The registry keys billed on a count of 0 for routewise's usages, for tests. */
export const zeroUsagePriceKeys: readonly string[] = [...ZERO_USAGE_KEYS];

interface Tier {
  start: number;
  price: number;
}

interface Term {
  slot: number;
  per: number;
  direction: number;
  /** The flat price, when not tiered. */
  flat: number;
  /** The base price and tiers sorted by start, when tiered. */
  base: number;
  tiers: readonly Tier[] | undefined;
}

/** One price object, compiled. */
interface CompiledPrice {
  /** The terms in the price object's key order (genai-prices sums them in that order). */
  terms: readonly Term[];
  /** How many non-request units the object prices, unknown-to-routewise ones included (genai-prices' tolerance). */
  unitCount: number;
  priced: readonly boolean[];
}

type Rule =
  | { kind: 'always'; price: CompiledPrice }
  | { kind: 'since'; ms: number; price: CompiledPrice }
  | { kind: 'time-of-day'; start: number; end: number; price: CompiledPrice };

/** Usage counts genai-prices needs, both as wholes and as the six reported units; reused (single-threaded). */
const slots = [0, 0, 0, 0, 0, 0, 1];

// Every reported key positive: a usage with more positive parts than any real one, so genai-prices' checks that
// depend on which parts are positive fire on it if they fire on any usage at all.
const PROBES: readonly Usage[] = [
  {
    inputTokens: 100,
    cachedInputTokens: 10,
    cacheWriteTokens: 20,
    cacheWrite1hTokens: 5,
    outputTokens: 50,
    reasoningTokens: 5,
  },
  {
    inputTokens: 3_000_000,
    cachedInputTokens: 700_001,
    cacheWriteTokens: 300_007,
    cacheWrite1hTokens: 100_003,
    outputTokens: 90_011,
    reasoningTokens: 20_021,
  },
  { inputTokens: 1, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 1, reasoningTokens: 0 },
];

/**
 * Compiles the price of `model` in `provider` (the one-model provider routewise prices it with) into a function
 * equal to `calcPrice` on routewise's usages, or says why it cannot. The returned function does NOT check the
 * usage (the caller does, with `checkUsage`); it returns undefined when genai-prices would refuse the usage
 * (parts exceeding their whole beyond its rounding tolerance), so the caller can let `calcPrice` throw.
 */
export function compileModelPrice(provider: Provider, model: string): CompileResult {
  let reference: ReturnType<typeof calcPrice>;
  try {
    reference = calcPrice(toGenaiPricesUsage(PROBES[0] as Usage), model, { provider, timestamp: new Date(0) });
  } catch (error) {
    return { ok: false, reason: `calcPrice throws on it: ${(error as Error).message}` };
  }
  if (!reference) return { ok: false, reason: 'calcPrice finds no price for it' };
  // The model as calcPrice matched and normalized it (legacy constraints rewritten with their `type`).
  const info = reference.model;
  if (provider.id === 'groq' && (info.id === 'whisper-large-v3' || info.id === 'whisper-large-v3-turbo')) {
    return { ok: false, reason: "genai-prices' Groq Whisper special case" };
  }
  const rules: Rule[] = [];
  const entries: readonly ConditionalPrice[] = Array.isArray(info.prices) ? info.prices : [{ prices: info.prices }];
  for (const entry of entries) {
    const price = compilePrice(entry.prices);
    if (typeof price === 'string') return { ok: false, reason: price };
    const problem = probe(provider, entry.prices, price);
    if (problem) return { ok: false, reason: problem };
    const rule = compileRule(entry, price);
    if (typeof rule === 'string') return { ok: false, reason: rule };
    rules.push(rule);
  }
  const conditional = Array.isArray(info.prices);
  const first = rules[0] as Rule;
  if (!conditional) {
    const price = first.price;
    return { ok: true, cost: (usage) => evaluate(price, usage) };
  }
  return { ok: true, cost: (usage, at) => evaluate(select(rules, first, at), usage) };
}

/** genai-prices' `we`: the last entry whose constraint holds, else the first. */
function select(rules: readonly Rule[], first: Rule, at: Date): CompiledPrice {
  const ms = at.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid time value');
  let secondOfDay = -1;
  for (let index = rules.length - 1; index >= 0; index--) {
    const rule = rules[index] as Rule;
    if (rule.kind === 'always') return rule.price;
    if (rule.kind === 'since') {
      if (ms >= rule.ms) return rule.price;
    } else {
      if (secondOfDay < 0) {
        // = getUTCHours() * 3600 + getUTCMinutes() * 60 + getUTCSeconds() + getUTCMilliseconds() / 1e3, exactly:
        // the first three terms are an integer, so only the last addition rounds, the same way.
        const msOfDay = ((ms % 86_400_000) + 86_400_000) % 86_400_000;
        const millis = msOfDay % 1000;
        secondOfDay = (msOfDay - millis) / 1000 + millis / 1e3;
      }
      const { start, end } = rule;
      if (end < start) {
        if (secondOfDay >= start || secondOfDay < end) return rule.price;
      } else if (secondOfDay >= start && secondOfDay < end) return rule.price;
    }
  }
  return first.price;
}

/** genai-prices' `he` for routewise's usages: decomposition (`ne`), then `_e` per unit, summed in key order. */
function evaluate(price: CompiledPrice, usage: Usage): CostBreakdown | undefined {
  const { priced, unitCount } = price;
  const input = usage.inputTokens;
  const output = usage.outputTokens;
  const read = usage.cachedInputTokens > 0 ? usage.cachedInputTokens : 0;
  const write = usage.cacheWriteTokens > 0 ? usage.cacheWriteTokens : 0;
  const write1h = usage.cacheWrite1hTokens !== undefined && usage.cacheWrite1hTokens > 0 ? usage.cacheWrite1hTokens : 0;
  const reasoning = usage.reasoningTokens > 0 ? usage.reasoningTokens : 0;
  // Leaves, most specific units first (genai-prices sorts by number of dimensions, then by usage key):
  // cache_write_1h (4), cache_read, cache_write, output_reasoning (3), input, output (2). A unit's leaf is its
  // count minus the leaves of its priced descendants, summed in that same order starting from 0.
  const leafWrite = priced[CACHE_WRITE_1H] ? remainder(write, 0 + write1h, unitCount) : write;
  if (leafWrite < 0) return undefined;
  let below = 0;
  if (priced[CACHE_WRITE_1H]) below += write1h;
  if (priced[CACHE_READ]) below += read;
  if (priced[CACHE_WRITE]) below += leafWrite;
  const leafInput = priced[INPUT] ? remainder(input, below, unitCount) : 0;
  if (leafInput < 0) return undefined;
  const leafOutput = priced[OUTPUT]
    ? priced[REASONING]
      ? remainder(output, 0 + reasoning, unitCount)
      : remainder(output, 0, unitCount)
    : 0;
  if (leafOutput < 0) return undefined;
  slots[INPUT] = leafInput;
  slots[CACHE_READ] = read;
  slots[CACHE_WRITE] = leafWrite;
  slots[CACHE_WRITE_1H] = write1h;
  slots[OUTPUT] = leafOutput;
  slots[REASONING] = reasoning;
  let inputUsd = 0;
  let outputUsd = 0;
  let otherUsd = 0;
  for (const term of price.terms) {
    const count = slots[term.slot] as number;
    let usd: number;
    if (term.tiers === undefined) usd = (term.flat * count) / term.per;
    else if (count <= 0) usd = 0;
    else {
      let rate = term.base;
      for (const tier of term.tiers) if (input > tier.start) rate = tier.price;
      usd = (((rate * count) / 1e6) * 1e6) / term.per;
    }
    if (term.direction === DIRECTION_INPUT) inputUsd += usd;
    else if (term.direction === DIRECTION_OUTPUT) outputUsd += usd;
    else otherUsd += usd;
  }
  return { usd: inputUsd + outputUsd + otherUsd, inputUsd, outputUsd };
}

/** `whole - parts`, clamped to 0 within genai-prices' tolerance; negative (refused) beyond it. */
function remainder(whole: number, parts: number, unitCount: number): number {
  const rest = whole - parts;
  if (rest >= 0) return rest;
  const tolerance = Number.EPSILON * Math.max(1, Math.abs(whole), Math.abs(parts)) * (unitCount + 1);
  return Math.abs(rest) <= tolerance ? 0 : rest;
}

function compilePrice(prices: ModelPrice): CompiledPrice | string {
  const terms: Term[] = [];
  const priced = [false, false, false, false, false, false, false];
  let unitCount = 0;
  for (const [key, value] of Object.entries(prices)) {
    if (value === undefined) continue; // genai-prices skips these too
    const compiled = COMPILED_KEYS[key];
    if (!compiled && !ZERO_USAGE_KEYS.has(key)) return `its price key "${key}" is unknown to genai-prices' units`;
    if (key !== 'requests_kcount') unitCount++;
    if (!compiled) continue;
    const [slot, per, direction] = compiled;
    priced[slot] = true;
    if (typeof value === 'number') terms.push({ slot, per, direction, flat: value, base: 0, tiers: undefined });
    else {
      // Validated by genai-prices on the probe; sorted like its TieredPrices (a stable sort by start).
      const tiers = [...value.tiers].sort((a, b) => a.start - b.start).map(({ start, price }) => ({ start, price }));
      terms.push({ slot, per, direction, flat: 0, base: value.base, tiers });
    }
  }
  return { terms, unitCount, priced };
}

function compileRule(entry: ConditionalPrice, price: CompiledPrice): Rule | string {
  const constraint = entry.constraint;
  if (constraint === undefined) return { kind: 'always', price };
  if (constraint.type === 'start_date') return { kind: 'since', ms: new Date(constraint.start_date).getTime(), price };
  if (constraint.type === 'time_of_date') {
    try {
      return {
        kind: 'time-of-day',
        start: secondOfDayOf(constraint.start_time),
        end: secondOfDayOf(constraint.end_time),
        price,
      };
    } catch (error) {
      return (error as Error).message;
    }
  }
  return `its price constraint ${JSON.stringify(constraint)} is not one genai-prices selects on`;
}

/** genai-prices' `A`, verbatim: a `HH:MM:SS[.fff](Z|±HH:MM)` time as a UTC second of the day. */
function secondOfDayOf(time: string): number {
  const match = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|([+-])(\d{2}):(\d{2}))$/.exec(time);
  if (!match) throw new Error(`Invalid time-of-day constraint: ${time}`);
  const [, hh, mm, ss, fraction = '', zone, sign, zoneHours = '00', zoneMinutes = '00'] = match;
  const hours = Number(hh);
  const minutes = Number(mm);
  const seconds = Number(ss);
  const offset = (Number(zoneHours) * 60 + Number(zoneMinutes)) * 60;
  if (hours > 23 || minutes > 59 || seconds > 59 || zoneHours > '23' || zoneMinutes > '59') {
    throw new Error(`Invalid time-of-day constraint: ${time}`);
  }
  const local = hours * 3600 + minutes * 60 + seconds + +`0.${fraction}`;
  const shift = zone === 'Z' ? 0 : sign === '+' ? offset : -offset;
  return (local - shift + 86400) % 86400;
}

/**
 * Lets genai-prices validate one price object (it throws on invalid tiers, on a price whose parent price is
 * missing, on usage it cannot decompose…) and checks the compiled price against it on the probe usages.
 */
function probe(provider: Provider, prices: ModelPrice, price: CompiledPrice): string | undefined {
  const probeProvider: Provider = {
    id: provider.id,
    name: provider.name,
    api_pattern: provider.api_pattern,
    models: [{ id: 'routewise-probe', match: { equals: 'routewise-probe' }, prices }],
  };
  for (const usage of PROBES) {
    let reference: ReturnType<typeof calcPrice>;
    try {
      reference = calcPrice(toGenaiPricesUsage(usage), 'routewise-probe', { provider: probeProvider });
    } catch (error) {
      return `calcPrice throws on it: ${(error as Error).message}`;
    }
    const fast = evaluate(price, usage);
    if (
      !reference ||
      !fast ||
      fast.usd !== reference.total_price ||
      fast.inputUsd !== reference.input_price ||
      fast.outputUsd !== reference.output_price
    ) {
      return 'the compiled price disagrees with calcPrice on a probe usage';
    }
  }
  return undefined;
}
