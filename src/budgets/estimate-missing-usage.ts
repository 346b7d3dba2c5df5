import type { ChatRequest } from '../providers/spec/request.js';
import type { ChatResponse } from '../providers/spec/response.js';
import type { Usage } from '../core/usage.js';
import { countO200kTokens } from './count-o200k-tokens.js';
import { defaultSafetyFactor, estimateInputTokens } from './estimate-input-tokens.js';

/** Whether a response carries real usage: every answered call reads at least one input token. */
export function hasReportedUsage(usage: Usage): boolean {
  return usage.inputTokens > 0 || usage.outputTokens > 0;
}

/**
 * Usage for an answer whose provider reported none (some OpenAI-compatible hosts omit it, or drop it from streams):
 * the request's input estimate and the answer's tokens (text and tool-call arguments) counted with o200k, scaled by the
 * provider's safety factor. An estimate, flagged as such by the caller, is better than a call recorded at $0.
 */
export function estimateMissingUsage(request: ChatRequest, response: ChatResponse, providerName: string): Usage {
  let output = countO200kTokens(response.text);
  for (const call of response.toolCalls) output += countO200kTokens(`${call.name}${JSON.stringify(call.arguments)}`);
  return {
    inputTokens: estimateInputTokens(request, { providerName }),
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    outputTokens: Math.ceil(output * defaultSafetyFactor(providerName)),
    reasoningTokens: 0,
  };
}
