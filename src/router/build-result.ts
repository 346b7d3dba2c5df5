import type { ChatResponse } from '../providers/spec/response.js';
import type { AttemptRecord } from './attempt.js';
import type { ExtraCharge, RouteInfo, RouterResult } from './result.js';
import type { Target } from './target.js';

/** What every route ends with, pinned or routed by a policy. */
export interface ResultParts {
  requestId: string;
  response: ChatResponse;
  target: Target;
  attempts: AttemptRecord[];
  /** Costs not tied to an attempt (a classifier's bare `costUsd`). */
  charges?: ExtraCharge[];
  route: RouteInfo;
  output?: unknown;
  outputError?: string;
}

/** The `RouterResult` of a finished route: the answering response, every attempt and charge summed, the route. */
export function buildResult(parts: ResultParts): RouterResult {
  const { response, target, attempts, charges = [] } = parts;
  let usd = 0;
  for (const attempt of attempts) usd += attempt.costUsd;
  for (const extra of charges) usd += extra.usd;
  const result: RouterResult = {
    requestId: parts.requestId,
    text: response.text,
    toolCalls: response.toolCalls,
    finishReason: response.finishReason,
    alias: target.alias,
    model: target.model,
    provider: target.providerName,
    usage: response.usage,
    cost: charges.length > 0 ? { usd, attempts, charges } : { usd, attempts },
    route: parts.route,
    warnings: response.warnings,
    raw: response.raw,
  };
  if (response.responseModel) result.responseModel = response.responseModel;
  if (response.rawFinishReason !== undefined) result.rawFinishReason = response.rawFinishReason;
  if (parts.output !== undefined) result.output = parts.output;
  if (parts.outputError !== undefined) result.outputError = parts.outputError;
  return result;
}
