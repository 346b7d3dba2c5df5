import { countO200kTokens } from '../budgets/count-o200k-tokens.js';
import { type TextTokenCounter, tallyInputTokens } from '../budgets/estimate-input-tokens.js';
import { inputTokensUpperBound } from '../budgets/input-size-bound.js';
import { BudgetExceededError } from '../errors.js';
import { worstCaseCostUsd } from '../pricing/worst-case-cost.js';
import type { RouterRequest } from './request.js';
import { inputEstimateOptions, type Target } from './target.js';
import { fitOutputCap } from './fit-to-model.js';
import { requestedOutputCap, toChatRequest } from './to-chat-request.js';

/** A step's worst case on its first target: what the budget check compares against the remaining budget. */
export interface StepWorstCase {
  /** The most the call can cost, in USD. */
  estimateUsd: number;
  /** Upper estimate of its input tokens. */
  inputTokens: number;
  /** Its output cap. */
  maxOutputTokens: number;
}

/**
 * The worst case of sending `request` (a step's request: its caps and checks' hooks applied) to `target`: estimated
 * input × input price + output cap × output price, at the price in force now. With `outputTokens`, that many output
 * tokens (at most the cap) are priced as output instead of the cap: an expected cost rather than the worst case. `count`, when
 * given, counts each text's o200k tokens in place of `countO200kTokens` (a memo shared by one request's estimates).
 */
export function stepWorstCase(
  request: RouterRequest,
  target: Target,
  defaultMaxOutputTokens: number,
  outputTokens?: number,
  count?: TextTokenCounter,
): StepWorstCase {
  // The request's own fields are what its adapter request's estimate reads (toChatRequest copies them), and its cap
  // is fitted by fitToModel's rule: the estimate builds no adapter request, as a policy prices every candidate.
  const { maxOutputTokens } = fitOutputCap(requestedOutputCap(request, target, defaultMaxOutputTokens), target);
  const cache = request.cache;
  const inputTokens = tallyInputTokens(request, inputEstimateOptions(target), count ?? countO200kTokens);
  const priced = outputTokens === undefined ? maxOutputTokens : Math.min(outputTokens, maxOutputTokens);
  // An expected cost (no prompt caching asked) prices the output once, as output: the worst case also tries it as
  // reasoning, for the rare model that prices reasoning apart, which an expectation need not.
  const estimateUsd =
    outputTokens !== undefined && cache === undefined
      ? target.pricing.cost(
          {
            inputTokens,
            cachedInputTokens: 0,
            cacheWriteTokens: 0,
            cacheWrite1hTokens: 0,
            outputTokens: priced,
            reasoningTokens: 0,
          },
          new Date(),
        ).usd
      : worstCaseCostUsd(
          target.pricing,
          { inputTokens, maxOutputTokens: priced, ...(cache ? { cache } : {}) },
          new Date(),
        );
  return { estimateUsd, inputTokens, maxOutputTokens };
}

/**
 * Whether a cascade step fits the remaining per-request budget: the worst case of its first target (estimated
 * input × input price + output cap × output price), plus `checkCallsUsd` (the worst case of the calls its checks
 * will make, e.g. an agreement check's), on top of what the request already spent. Returns the refusal
 * when it does not fit, undefined when it does (or the request has no budget).
 */
export function stepBudgetRefusal(
  request: RouterRequest,
  target: Target,
  spentUsd: number,
  defaultMaxOutputTokens: number,
  checkCallsUsd = 0,
): BudgetExceededError | undefined {
  const limitUsd = request.budget?.maxUsd;
  if (limitUsd === undefined) return undefined;
  // The worst case at the input's size bound is a worst case too: when even it fits, nothing needs counting.
  const chat = toChatRequest(request, target, defaultMaxOutputTokens);
  const upper = inputTokensUpperBound(chat, inputEstimateOptions(target));
  const call = {
    inputTokens: upper,
    maxOutputTokens: chat.maxOutputTokens,
    ...(chat.cache ? { cache: chat.cache } : {}),
  };
  if (spentUsd + worstCaseCostUsd(target.pricing, call, new Date()) + checkCallsUsd <= limitUsd) return undefined;
  const { estimateUsd, inputTokens, maxOutputTokens } = stepWorstCase(request, target, defaultMaxOutputTokens);
  if (spentUsd + estimateUsd + checkCallsUsd <= limitUsd) return undefined;
  return new BudgetExceededError({
    scope: 'request',
    limitUsd,
    spentUsd,
    estimateUsd: estimateUsd + checkCallsUsd,
    estimate: { model: target.model, inputTokens, maxOutputTokens },
  });
}
