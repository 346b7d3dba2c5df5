import type { ChatRequest } from '../providers/spec/request.js';
import { fitToModel } from './fit-to-model.js';
import { mergeProviderOptions } from './merge-provider-options.js';
import type { RouterRequest } from './request.js';
import type { Target } from './target.js';

/** Default output cap when neither the request, the model nor the router sets one. */
export const DEFAULT_MAX_OUTPUT_TOKENS = 4096;

/**
 * The adapter's request for one target: the caller's request with a finite output cap
 * (request → model → router default) and the reasoning setting (request → model), fitted to the model's own limits
 * (`fitToModel`); what fitting changed goes to `warnings` when given.
 */
export function toChatRequest(
  request: RouterRequest,
  target: Target,
  defaultMaxOutputTokens: number,
  warnings?: string[],
): ChatRequest {
  const chat: ChatRequest = {
    messages: request.messages,
    maxOutputTokens: requestedOutputCap(request, target, defaultMaxOutputTokens),
  };
  const reasoning = request.reasoning ?? target.config.reasoning;
  if (reasoning !== undefined) chat.reasoning = reasoning;
  if (request.system !== undefined) chat.system = request.system;
  if (request.tools !== undefined) chat.tools = request.tools;
  if (request.toolChoice !== undefined) chat.toolChoice = request.toolChoice;
  if (request.output !== undefined) chat.output = request.output;
  if (request.temperature !== undefined) chat.temperature = request.temperature;
  if (request.stop !== undefined) chat.stop = request.stop;
  if (request.logprobs) chat.logprobs = true;
  if (request.cache !== undefined) chat.cache = request.cache;
  const providerOptions = mergeProviderOptions(target.config.providerOptions, request.providerOptions);
  if (providerOptions !== undefined) chat.providerOptions = providerOptions;
  const fitted = fitToModel(chat, target);
  if (warnings) warnings.push(...fitted);
  return chat;
}

/** The output cap asked for a target before fitting it to the model: the request's, else the model's, else the router's. */
export function requestedOutputCap(request: RouterRequest, target: Target, defaultMaxOutputTokens: number): number {
  return request.maxOutputTokens ?? target.config.maxOutputTokens ?? defaultMaxOutputTokens;
}
