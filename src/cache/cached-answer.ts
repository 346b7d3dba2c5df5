// What a cache entry holds, and the result a hit returns: the stored answer at $0, with the cost it saved.
import { parseStructuredOutput } from '../providers/shared/structured-output.js';
import type { ToolCall } from '../providers/spec/message.js';
import type { FinishReason } from '../providers/spec/response.js';
import { emptyUsage } from '../providers/spec/usage.js';
import type { RouterRequest } from '../router/request.js';
import type { RouteInfo, RouterResult } from '../router/result.js';

/** How a request met the response cache: served from it (`exact`, `semantic`) or not (`false`). */
export interface CacheInfo {
  /** Which cache served the answer, or false when none did. */
  hit: 'exact' | 'semantic' | false;
  /** Cosine similarity of the matched question (semantic hits). */
  similarity?: number;
  /** What the call this hit replaced cost, in USD (hits). */
  savedUsd?: number;
  /** How old the served entry is, in ms (hits). */
  ageMs?: number;
  /** Why the request was not looked up (not cacheable), when it was not. */
  skipped?: string;
  /**
   * Why the semantic lookup alone was skipped (its paid embedding did not fit the budget or caps, or the embedder
   * failed), when it was.
   */
  semanticSkipped?: string;
}

/** A stored answer (JSON in the Store). */
export interface CachedAnswer {
  text: string;
  toolCalls: ToolCall[];
  finishReason: FinishReason;
  alias: string;
  model: string;
  provider: string;
  responseModel?: string;
  route: RouteInfo;
  /** What the original request cost, in USD. */
  costUsd: number;
  /** The question's text (last user turn), for the semantic cache's second check. */
  question: string;
  /** When it was stored, epoch ms. */
  createdAt: number;
  /** Until when the exact cache may serve it, epoch ms, when that ends before the entry does (a longer semantic TTL). */
  exactUntil?: number;
}

/** The part of a result worth storing. */
export function toCachedAnswer(result: RouterResult, question: string, now: number, exactFor?: number): CachedAnswer {
  const answer: CachedAnswer = {
    text: result.text,
    toolCalls: result.toolCalls,
    finishReason: result.finishReason,
    alias: result.alias,
    model: result.model,
    provider: result.provider,
    ...(result.responseModel ? { responseModel: result.responseModel } : {}),
    route: stripAttempts(result.route),
    costUsd: result.cost.usd,
    question,
    createdAt: now,
  };
  if (exactFor !== undefined) answer.exactUntil = now + exactFor;
  return answer;
}

/** A policy route lists every attempt; a hit made none, so the stored route keeps the decision only. */
function stripAttempts(route: RouteInfo): RouteInfo {
  return route.kind === 'policy' ? { ...route, attempts: [] } : route;
}

/** The result a hit returns: the stored answer, no attempts, $0, and `cache` saying what it saved. */
export function resultFromCache(
  answer: CachedAnswer,
  request: RouterRequest,
  requestId: string,
  cache: CacheInfo,
): RouterResult {
  const result: RouterResult = {
    requestId,
    text: answer.text,
    toolCalls: answer.toolCalls,
    finishReason: answer.finishReason,
    alias: answer.alias,
    model: answer.model,
    provider: answer.provider,
    usage: emptyUsage(),
    cost: { usd: 0, attempts: [] },
    route: answer.route,
    warnings: [],
    raw: undefined,
    cache,
  };
  if (answer.responseModel) result.responseModel = answer.responseModel;
  if (request.output) {
    const parsed = parseStructuredOutput(answer.text, request.output);
    if (parsed.ok) result.output = parsed.value;
    else result.outputError = parsed.error;
  }
  return result;
}
