import type { EvalDataset, EvalRow, ModelOutcome } from '../dataset.js';
import type { RawDataset } from '../loaders/raw-dataset.js';
import { estimateTokens } from './estimate-tokens.js';
import type { TokenPricer } from './token-pricer.js';

/** Options of `resolveCosts`. */
export interface ResolveCostsOptions {
  /** Prices token counts of a model. */
  pricer: TokenPricer;
  /** Output tokens assumed when neither a count nor a response is recorded (default 1: MMLU answers are one letter). */
  defaultOutputTokens?: number;
}

/**
 * Gives every outcome a USD cost: the recorded `costUsd` when present, else token counts × prices, where a missing
 * input count is estimated from the prompt and a missing output count from the recorded response (or
 * `defaultOutputTokens` when there is none).
 */
export function resolveCosts(raw: RawDataset, options: ResolveCostsOptions): EvalDataset {
  const defaultOutput = options.defaultOutputTokens ?? 1;
  const notes = [...raw.notes];
  let priced = 0;
  let estimatedOutput = 0;
  let assumedOutput = 0;
  const rows: EvalRow[] = raw.rows.map((row) => {
    let promptTokens: number | undefined;
    const outcomes: Record<string, ModelOutcome> = {};
    for (const model of raw.models) {
      const o = row.outcomes[model]!;
      const outcome: ModelOutcome = { quality: o.quality, costUsd: 0 };
      if (o.response !== undefined) outcome.response = o.response;
      if (o.costUsd !== undefined) outcome.costUsd = o.costUsd;
      else {
        promptTokens ??= estimateTokens(row.prompt);
        let outputTokens = o.outputTokens;
        if (outputTokens === undefined && o.response !== undefined) {
          outputTokens = estimateTokens(o.response);
          estimatedOutput++;
        } else if (outputTokens === undefined) {
          outputTokens = defaultOutput;
          assumedOutput++;
        }
        outcome.costUsd = options.pricer(model, { inputTokens: o.inputTokens ?? promptTokens, outputTokens });
        priced++;
      }
      outcomes[model] = outcome;
    }
    const resolved: EvalRow = { prompt: row.prompt, outcomes, columns: row.columns };
    if (row.task !== undefined) resolved.task = row.task;
    return resolved;
  });
  if (priced > 0) {
    notes.push(
      `priced ${priced} outcome(s) from token counts × catalog prices` +
        (estimatedOutput > 0 ? `; ${estimatedOutput} output count(s) estimated from the response text` : '') +
        (assumedOutput > 0 ? `; ${assumedOutput} assumed to be ${defaultOutput} output token(s)` : ''),
    );
  }
  const hasResponses =
    raw.rows.length > 0 && raw.rows.every((r) => raw.models.every((m) => r.outcomes[m]!.response !== undefined));
  const dataset: EvalDataset = { models: raw.models, rows, hasResponses, notes };
  if (raw.warnings && raw.warnings.length > 0) dataset.warnings = raw.warnings;
  return dataset;
}
