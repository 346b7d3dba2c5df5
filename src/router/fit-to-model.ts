import { InvalidRequestError } from '../errors.js';
import type { ChatRequest } from '../providers/spec/request.js';
import type { Target } from './target.js';

/**
 * No model routewise knows of writes more than this many tokens in one call; a cap above it for a model whose limit
 * is unknown is a mistake (`1e12`), not a request to serve.
 */
export const ABSURD_OUTPUT_TOKENS = 1_000_000;

/**
 * Fits a target's request to what the model itself accepts, before anything is estimated or sent: a cap above the
 * model's output limit (else its context window) is lowered to it; with neither known, an absurd cap is refused;
 * a reasoning setting on a model known not to reason is dropped (the call then costs no more than asked). Each
 * change is returned as a warning, which ends up in `res.warnings`.
 */
export function fitToModel(chat: ChatRequest, target: Target): string[] {
  const warnings: string[] = [];
  const cap = fitOutputCap(chat.maxOutputTokens, target);
  if (cap.warning !== undefined) warnings.push(cap.warning);
  chat.maxOutputTokens = cap.maxOutputTokens;
  if (chat.reasoning && target.reasoning === false) {
    const asked = 'effort' in chat.reasoning ? chat.reasoning.effort : chat.reasoning.budgetTokens;
    if (asked !== 'none' && asked !== 0) {
      warnings.push(`reasoning dropped: ${target.model} does not reason (its provider would reject the setting)`);
    }
    delete chat.reasoning;
  }
  return warnings;
}

/** An output cap fitted to a model's limits, and the warning when it was lowered. */
export interface FittedOutputCap {
  /** The cap the call is sent (and priced) with. */
  maxOutputTokens: number;
  /** Why it was lowered, when it was. */
  warning?: string;
}

/**
 * `fitToModel`'s rule for the output cap alone: lowered to the model's output limit (else its context window);
 * refused when it is absurd and neither is known. The budget estimates use it without building the whole request.
 */
export function fitOutputCap(maxOutputTokens: number, target: Target): FittedOutputCap {
  const limit = target.outputTokenLimit ?? target.contextWindow;
  if (limit !== undefined && maxOutputTokens > limit) {
    const what = target.outputTokenLimit !== undefined ? 'its maximum output' : 'its context window';
    return {
      maxOutputTokens: limit,
      warning: `maxOutputTokens ${maxOutputTokens} lowered to ${limit}, ${what} (${target.model})`,
    };
  }
  if (limit === undefined && maxOutputTokens > ABSURD_OUTPUT_TOKENS) {
    throw new InvalidRequestError([
      {
        path: 'maxOutputTokens',
        message:
          `${maxOutputTokens} is above any model's output (${ABSURD_OUTPUT_TOKENS} tokens) and the limit of ` +
          `${target.model} is unknown; set a smaller cap, or models.${target.alias}.outputTokenLimit`,
      },
    ]);
  }
  return { maxOutputTokens };
}
