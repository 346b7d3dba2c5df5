import type {
  ChatCompletion,
  ChatCompletionMessageFunctionToolCall,
} from 'openai/resources/chat/completions/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import type { ToolCall } from '../providers/spec/message.js';
import type { FinishReason } from '../providers/spec/response.js';
import type { Usage } from '../providers/spec/usage.js';
import type { RouterResult } from '../router/result.js';
import type { RoutewiseChatCompletion, RoutewiseCompletionInfo } from './openai-client-types.js';

/** OpenAI's finish reasons; `error` and `other` have no counterpart and read as `stop` (the raw one is in `routewise`). */
const FINISH_REASONS: Record<FinishReason, ChatCompletion.Choice['finish_reason']> = {
  stop: 'stop',
  length: 'length',
  'tool-calls': 'tool_calls',
  'content-filter': 'content_filter',
  error: 'stop',
  other: 'stop',
};

/** OpenAI's finish reason for a routewise one. */
export function toOpenAIFinishReason(reason: FinishReason): ChatCompletion.Choice['finish_reason'] {
  return FINISH_REASONS[reason];
}

/**
 * A routewise usage as Chat Completions usage (`prompt_tokens` counts cached tokens too, as OpenAI's does). Audio and
 * prediction counts are 0: routewise sends neither.
 */
export function toOpenAIUsage(usage: Usage): CompletionUsage {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedInputTokens, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: usage.reasoningTokens,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

/** Tool calls as the API returns them: arguments as JSON text. */
export function toOpenAIToolCalls(calls: readonly ToolCall[]): ChatCompletionMessageFunctionToolCall[] {
  return calls.map((call) => ({
    id: call.id,
    type: 'function',
    function: { name: call.name, arguments: JSON.stringify(call.arguments) },
  }));
}

/** The `routewise` field: how the request was routed and what it cost. */
export function routewiseInfo(result: RouterResult): RoutewiseCompletionInfo {
  const info: RoutewiseCompletionInfo = {
    requestId: result.requestId,
    alias: result.alias,
    provider: result.provider,
    model: result.model,
    route: result.route,
    cost: result.cost,
    warnings: result.warnings,
  };
  if (result.cache) info.cache = result.cache;
  if (result.experiment) info.experiment = result.experiment;
  return info;
}

/** The provider's own completion fields when an OpenAI-style API answered (its id, fingerprint, tier). */
export interface ProviderIdentity {
  id: string;
  created: number;
  system_fingerprint?: string;
  service_tier?: ChatCompletion['service_tier'];
}

/** The id, creation time, fingerprint and tier of the answer: the provider's when it sent them, else routewise's. */
export function providerIdentity(result: RouterResult): ProviderIdentity {
  const raw = (typeof result.raw === 'object' && result.raw !== null ? result.raw : {}) as Record<string, unknown>;
  const identity: ProviderIdentity = {
    id: typeof raw.id === 'string' && raw.id.startsWith('chatcmpl') ? raw.id : `chatcmpl-rw-${result.requestId}`,
    created: typeof raw.created === 'number' ? raw.created : Math.floor(Date.now() / 1000),
  };
  if (typeof raw.system_fingerprint === 'string') identity.system_fingerprint = raw.system_fingerprint;
  if (typeof raw.service_tier === 'string') identity.service_tier = raw.service_tier as ChatCompletion['service_tier'];
  return identity;
}

/** A routewise result as an OpenAI `ChatCompletion`, whichever provider answered, with `routewise` added. */
export function toChatCompletion(result: RouterResult): RoutewiseChatCompletion {
  const message: ChatCompletion.Choice['message'] = {
    role: 'assistant',
    content: result.text === '' && result.toolCalls.length > 0 ? null : result.text,
    refusal: null,
    annotations: [],
  };
  if (result.toolCalls.length > 0) message.tool_calls = toOpenAIToolCalls(result.toolCalls);
  const identity = providerIdentity(result);
  // A literal with every key in one order (no spread): this runs on every call.
  const completion: RoutewiseChatCompletion = {
    id: identity.id,
    object: 'chat.completion',
    created: identity.created,
    model: result.responseModel ?? result.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: toOpenAIFinishReason(result.finishReason) }],
    usage: toOpenAIUsage(result.usage),
    routewise: routewiseInfo(result),
  };
  if (identity.service_tier !== undefined) completion.service_tier = identity.service_tier;
  if (identity.system_fingerprint !== undefined) completion.system_fingerprint = identity.system_fingerprint;
  return completion;
}
