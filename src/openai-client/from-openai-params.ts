import type { ChatCompletionTool, ChatCompletionToolChoiceOption } from 'openai/resources/chat/completions/completions';
import { InvalidRequestError } from '../errors.js';
import type { OpenAIRequestOptions } from '../providers/spec/provider-options.js';
import type { ReasoningEffort, ToolChoice, ToolDefinition } from '../providers/spec/request.js';
import type { RequestMetadata, RouterRequest } from '../router/request.js';
import { fromOpenAIMessages } from './from-openai-messages.js';
import type { RoutewiseChatCompletionCreateParams, RoutewiseChatRequestOptions } from './openai-client-types.js';
import { UnsupportedParameterError } from './unsupported-parameter-error.js';

/** The model name that lets the router's policy (or experiment) choose. */
export const AUTO_MODEL = 'auto';

/** A routewise request built from Chat Completions params, and what the stream wants. */
export interface ConvertedParams {
  request: RouterRequest;
  stream: boolean;
  includeUsage: boolean;
}

/** Params routewise sends on: everything else in `ChatCompletionCreateParams` is refused when set. */
const HANDLED = new Set([
  'messages',
  'model',
  'stream',
  'stream_options',
  'tools',
  'tool_choice',
  'response_format',
  'max_tokens',
  'max_completion_tokens',
  'temperature',
  'stop',
  'reasoning_effort',
  'user',
  'metadata',
  'n',
  'logprobs',
  'top_p',
  'seed',
  'frequency_penalty',
  'presence_penalty',
  'logit_bias',
  'parallel_tool_calls',
  'service_tier',
  'store',
  'safety_identifier',
  'verbosity',
  'prompt_cache_key',
  'modalities',
  'routewise',
]);

/** Why each known-but-unsupported parameter is refused. */
const REFUSED: Record<string, string> = {
  audio: 'audio output is not supported',
  functions: 'the deprecated functions; use tools',
  function_call: 'the deprecated function_call; use tool_choice',
  prediction: 'predicted outputs are OpenAI-only',
  web_search_options: 'web search is OpenAI-only',
  top_logprobs: 'log-probabilities are not returned',
  moderation: 'moderation is OpenAI-only',
  prompt_cache_retention: 'prompt cache retention is OpenAI-only',
  prompt_cache_options: 'prompt cache options are OpenAI-only',
};

const EFFORTS = new Set<string>(['none', 'minimal', 'low', 'medium', 'high']);

/**
 * Converts Chat Completions params (and the SDK's request options) to a routewise request. Every parameter either
 * maps to routewise's request or is refused with an `UnsupportedParameterError` naming it: none is silently dropped.
 * OpenAI-only sampling fields (`top_p`, `seed`, penalties, `logit_bias`, `service_tier`, `store`, `metadata`…) go to
 * `providerOptions.openai`, so they reach OpenAI and OpenAI-compatible models; `model: 'auto'` leaves the choice to
 * the router's policy.
 */
export function fromOpenAIParams(
  params: RoutewiseChatCompletionCreateParams,
  options: RoutewiseChatRequestOptions | undefined,
): ConvertedParams {
  if (typeof params !== 'object' || params === null) {
    throw new InvalidRequestError([{ path: '', message: 'must be a Chat Completions params object' }]);
  }
  for (const key of Object.keys(params)) {
    const value = (params as unknown as Record<string, unknown>)[key];
    if (value === undefined || value === null) continue;
    if (key in REFUSED) throw new UnsupportedParameterError(key, REFUSED[key] as string);
    if (!HANDLED.has(key)) throw new UnsupportedParameterError(key, 'routewise does not know this parameter');
  }
  if (params.n != null && params.n !== 1) throw new UnsupportedParameterError('n', 'one choice per request (n: 1)');
  if (params.logprobs) throw new UnsupportedParameterError('logprobs', 'log-probabilities are not returned');
  if (params.modalities?.some((m) => m !== 'text')) {
    throw new UnsupportedParameterError('modalities', 'text output only');
  }

  const request: RouterRequest = { messages: fromOpenAIMessages(params.messages) };
  if (typeof params.model !== 'string' || params.model.length === 0) {
    throw new InvalidRequestError([{ path: 'model', message: `must be a model alias or "${AUTO_MODEL}"` }]);
  }
  if (params.model !== AUTO_MODEL) request.model = params.model;
  const maxTokens = params.max_completion_tokens ?? params.max_tokens;
  if (maxTokens != null) request.maxOutputTokens = maxTokens;
  if (params.temperature != null) request.temperature = params.temperature;
  if (params.stop != null) request.stop = typeof params.stop === 'string' ? [params.stop] : params.stop;
  if (params.reasoning_effort != null) {
    if (!EFFORTS.has(params.reasoning_effort)) {
      throw new UnsupportedParameterError(
        'reasoning_effort',
        `"${params.reasoning_effort}" (routewise maps none, minimal, low, medium and high to every provider)`,
      );
    }
    request.reasoning = { effort: params.reasoning_effort as ReasoningEffort };
  }
  if (params.tools != null) request.tools = params.tools.map(fromOpenAITool);
  if (params.tool_choice != null) request.toolChoice = fromOpenAIToolChoice(params.tool_choice);
  addResponseFormat(request, params);
  if (params.prompt_cache_key != null) request.cache = { key: params.prompt_cache_key };
  const openai = openaiOptions(params);
  if (openai) request.providerOptions = { openai };
  addRoutewiseOptions(request, params);
  addRequestOptions(request, options);
  const stream = params.stream === true;
  if (!stream && params.stream_options != null) {
    throw new InvalidRequestError([{ path: 'stream_options', message: 'is only allowed with stream: true' }]);
  }
  return { request, stream, includeUsage: stream && params.stream_options?.include_usage === true };
}

function fromOpenAITool(tool: ChatCompletionTool, i: number): ToolDefinition {
  if (tool.type !== 'function') {
    throw new UnsupportedParameterError(`tools[${i}].type`, `only function tools are (got "${tool.type}")`);
  }
  const { name, description, parameters } = tool.function;
  return {
    name,
    // A function without parameters takes none: an empty object schema, as the API reads it.
    parameters: parameters ?? { type: 'object', properties: {} },
    ...(description !== undefined ? { description } : {}),
  };
}

function fromOpenAIToolChoice(choice: ChatCompletionToolChoiceOption): ToolChoice {
  if (choice === 'auto' || choice === 'none' || choice === 'required') return choice;
  if (choice.type === 'function') return { name: choice.function.name };
  throw new UnsupportedParameterError(
    'tool_choice',
    `only auto, none, required and a named function are (got "${choice.type}")`,
  );
}

function addResponseFormat(request: RouterRequest, params: RoutewiseChatCompletionCreateParams): void {
  const format = params.response_format;
  if (format == null || format.type === 'text') return;
  if (format.type === 'json_schema') {
    const { name, schema } = format.json_schema;
    request.output = { schema: schema ?? { type: 'object' }, name };
    return;
  }
  throw new UnsupportedParameterError(
    'response_format',
    `"${format.type}": routewise checks JSON against a schema on every provider; pass { type: 'json_schema', json_schema: { name, schema } }`,
  );
}

/** The OpenAI-only fields, sent on as provider options (applied by OpenAI and OpenAI-compatible adapters). */
function openaiOptions(params: RoutewiseChatCompletionCreateParams): OpenAIRequestOptions | undefined {
  const out: OpenAIRequestOptions = {};
  if (params.top_p != null) out.topP = params.top_p;
  if (params.seed != null) out.seed = params.seed;
  if (params.frequency_penalty != null) out.frequencyPenalty = params.frequency_penalty;
  if (params.presence_penalty != null) out.presencePenalty = params.presence_penalty;
  if (params.logit_bias != null) out.logitBias = params.logit_bias;
  if (params.parallel_tool_calls != null) out.parallelToolCalls = params.parallel_tool_calls;
  if (params.service_tier != null) out.serviceTier = params.service_tier;
  if (params.store != null) out.store = params.store;
  if (params.metadata != null) out.metadata = params.metadata;
  if (params.safety_identifier != null) out.safetyIdentifier = params.safety_identifier;
  if (params.verbosity != null) out.verbosity = params.verbosity;
  return Object.keys(out).length > 0 ? out : undefined;
}

function addRoutewiseOptions(request: RouterRequest, params: RoutewiseChatCompletionCreateParams): void {
  const own = params.routewise ?? {};
  const metadata: RequestMetadata = {};
  if (own.tenant !== undefined) metadata.tenant = own.tenant;
  const user = own.user ?? params.user;
  if (user !== undefined) metadata.user = user;
  if (own.feature !== undefined) metadata.feature = own.feature;
  if (Object.keys(metadata).length > 0) request.metadata = metadata;
  if (own.budget !== undefined) request.budget = own.budget;
  if (own.requestId !== undefined) request.requestId = own.requestId;
  if (own.responseCache !== undefined) request.responseCache = own.responseCache;
  for (const key of Object.keys(own)) {
    if (!['tenant', 'user', 'feature', 'budget', 'requestId', 'responseCache'].includes(key)) {
      throw new InvalidRequestError([{ path: `routewise.${key}`, message: 'is not a routewise option' }]);
    }
  }
}

function addRequestOptions(request: RouterRequest, options: RoutewiseChatRequestOptions | undefined): void {
  if (options == null) return;
  for (const key of Object.keys(options)) {
    const value = (options as Record<string, unknown>)[key];
    if (value === undefined || key === 'signal' || key === 'headers' || key === 'timeout') continue;
    throw new UnsupportedParameterError(
      `options.${key}`,
      key === 'maxRetries'
        ? "routewise retries (its `retry` config); the SDK's own retries stay off"
        : 'only signal, headers and timeout are',
    );
  }
  if (options.signal) request.signal = options.signal;
  if (options.timeout != null) request.timeoutMs = options.timeout;
  const headers = plainHeaders(options.headers);
  if (headers) request.headers = headers;
}

/** The SDK's `HeadersLike` (a Headers, pairs or a record; null removes) as a plain record. */
function plainHeaders(given: RoutewiseChatRequestOptions['headers']): Record<string, string> | undefined {
  if (given == null) return undefined;
  const out: Record<string, string> = {};
  const entries: [string, unknown][] = [];
  if (given instanceof Headers) {
    given.forEach((value, name) => {
      entries.push([name, value]);
    });
  } else if (Array.isArray(given)) entries.push(...(given as [string, unknown][]));
  else entries.push(...Object.entries(given as Record<string, unknown>));
  for (const [name, value] of entries) {
    if (value === null || value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
