import type { RouterResult } from '../result.js';
import type { CascadeOutcome } from '../run-cascade.js';

/** The result of a request a policy routed: the answering step's response, every attempt's cost, the route. */
export function toPolicyResult(requestId: string, outcome: CascadeOutcome): RouterResult {
  const { response, target, attempts, charges, route } = outcome;
  let usd = 0;
  for (const attempt of attempts) usd += attempt.costUsd;
  for (const extra of charges) usd += extra.usd;
  const result: RouterResult = {
    requestId,
    text: response.text,
    toolCalls: response.toolCalls,
    finishReason: response.finishReason,
    alias: target.alias,
    model: target.model,
    provider: target.providerName,
    usage: response.usage,
    cost: { usd, attempts, ...(charges.length > 0 ? { charges } : {}) },
    route,
    warnings: response.warnings,
    raw: response.raw,
  };
  if (response.responseModel) result.responseModel = response.responseModel;
  if (outcome.output !== undefined) result.output = outcome.output;
  if (outcome.outputError !== undefined) result.outputError = outcome.outputError;
  return result;
}
