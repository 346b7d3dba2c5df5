import { randomUUID } from 'node:crypto';
import type { LanguageModelV4CallOptions, SharedV4Warning } from '@ai-sdk/provider';
import type {
  AnthropicRequestOptions,
  GoogleRequestOptions,
  OpenAIRequestOptions,
  RequestProviderOptions,
} from '../providers/spec/provider-options.js';
import type { ReasoningEffort, ToolChoice, ToolDefinition } from '../providers/spec/request.js';
import type { RequestMetadata, RouterRequest } from '../router/request.js';
import { convertToRoutewiseMessages } from './convert-to-routewise-messages.js';
import { parseRoutewiseCallOptions } from './routewise-call-options.js';
import type { RoutewiseModelOptions } from './routewise-model-options.js';

/** The instruction sent for `responseFormat: { type: 'json' }` without a schema (routewise's output needs one). */
export const JSON_INSTRUCTION = 'Answer with one JSON value and nothing else: no prose, no code fences.';

/** Efforts beyond routewise's top level, sent as `high`. */
const ABOVE_HIGH = new Set(['xhigh', 'max']);

/**
 * The AI SDK's call options → one routewise request, with a warning for everything routewise sends differently or
 * not at all (never a silent drop). Sampling options routewise has no field for travel as each provider's own
 * option where that provider has one; the model's defaults (alias, metadata, budget) come under the call's
 * `providerOptions.routewise`.
 */
export function convertToRoutewiseRequest(
  options: LanguageModelV4CallOptions,
  defaults: RoutewiseModelOptions,
): { request: RouterRequest; warnings: SharedV4Warning[] } {
  const own = parseRoutewiseCallOptions(options.providerOptions?.routewise);
  const { messages, warnings } = convertToRoutewiseMessages(options.prompt);
  const request: RouterRequest = { messages, requestId: own.requestId ?? randomUUID() };
  if (defaults.model !== undefined) request.model = defaults.model;
  if (options.maxOutputTokens !== undefined) request.maxOutputTokens = options.maxOutputTokens;
  if (options.temperature !== undefined) request.temperature = options.temperature;
  if (options.stopSequences !== undefined && options.stopSequences.length > 0) request.stop = options.stopSequences;
  if (options.abortSignal) request.signal = options.abortSignal;

  const metadata = mergeMetadata(defaults.metadata, own);
  if (metadata) request.metadata = metadata;
  const budget = own.budget ?? defaults.budget;
  if (budget) request.budget = budget;
  if (own.responseCache !== undefined) request.responseCache = own.responseCache;
  if (own.timeoutMs !== undefined) request.timeoutMs = own.timeoutMs;

  const effort = options.reasoning;
  if (effort !== undefined && effort !== 'provider-default') {
    if (ABOVE_HIGH.has(effort)) {
      warnings.push({
        type: 'compatibility',
        feature: `reasoning: ${effort}`,
        details: 'sent as routewise reasoning effort high, its highest level',
      });
    }
    request.reasoning = { effort: ABOVE_HIGH.has(effort) ? 'high' : (effort as ReasoningEffort) };
  }

  const format = options.responseFormat;
  if (format?.type === 'json') {
    if (format.schema)
      request.output = { schema: format.schema as Record<string, unknown>, name: format.name ?? 'output' };
    else {
      messages.unshift({ role: 'system', content: JSON_INSTRUCTION });
      warnings.push({
        type: 'compatibility',
        feature: 'responseFormat: json without a schema',
        details: 'routewise asks for JSON in a system instruction (its structured output needs a schema)',
      });
    }
  }

  const tools = convertTools(options.tools, warnings);
  if (tools.length > 0) {
    request.tools = tools;
    const choice = convertToolChoice(options.toolChoice);
    if (choice) request.toolChoice = choice;
  }

  const sampling = samplingProviderOptions(options, warnings);
  const providerOptions = mergeProviderOptions(sampling, own.providerOptions);
  if (providerOptions) request.providerOptions = providerOptions;

  if (options.includeRawChunks) {
    warnings.push({
      type: 'unsupported',
      feature: 'includeRawChunks',
      details: 'routewise streams normalized parts only',
    });
  }
  const headers = forwardedHeaders(options.headers);
  if (headers) request.headers = headers;
  return { request, warnings };
}

function mergeMetadata(
  base: RequestMetadata | undefined,
  own: ReturnType<typeof parseRoutewiseCallOptions>,
): RequestMetadata | undefined {
  // Most calls tag nothing: no copy or key count then.
  const untagged = own.metadata === undefined && own.tenant === undefined && own.user === undefined;
  if (base === undefined && untagged && own.feature === undefined) return undefined;
  const merged: RequestMetadata = { ...base, ...own.metadata };
  if (own.tenant !== undefined) merged.tenant = own.tenant;
  if (own.user !== undefined) merged.user = own.user;
  if (own.feature !== undefined) merged.feature = own.feature;
  return Object.keys(merged).length > 0 ? merged : undefined;
}

function convertTools(tools: LanguageModelV4CallOptions['tools'], warnings: SharedV4Warning[]): ToolDefinition[] {
  const converted: ToolDefinition[] = [];
  for (const tool of tools ?? []) {
    if (tool.type !== 'function') {
      warnings.push({
        type: 'unsupported',
        feature: `provider-defined tool ${tool.id}`,
        details: 'routewise sends function tools only; this tool was not sent',
      });
      continue;
    }
    if (tool.strict === true) {
      warnings.push({
        type: 'compatibility',
        feature: `strict mode of tool ${tool.name}`,
        details: 'routewise sends tool schemas without strict mode',
      });
    }
    converted.push({
      name: tool.name,
      ...(tool.description !== undefined ? { description: tool.description } : {}),
      parameters: tool.inputSchema as Record<string, unknown>,
    });
  }
  return converted;
}

function convertToolChoice(choice: LanguageModelV4CallOptions['toolChoice']): ToolChoice | undefined {
  if (!choice) return undefined;
  return choice.type === 'tool' ? { name: choice.toolName } : choice.type;
}

/**
 * Where each sampling setting goes: every one to Gemini; to OpenAI (and the compatible hosts) when it takes it; to
 * Anthropic's raw body under `anthropicKey`; `skipped` names the formats a warning says it does not reach.
 */
const SAMPLING_SETTINGS: ReadonlyArray<{
  setting: 'topP' | 'topK' | 'seed' | 'presencePenalty' | 'frequencyPenalty';
  openaiTakes: boolean;
  anthropicKey?: string;
  skipped?: string;
}> = [
  { setting: 'topP', openaiTakes: true, anthropicKey: 'top_p' },
  { setting: 'topK', openaiTakes: false, anthropicKey: 'top_k', skipped: 'OpenAI-format models' },
  { setting: 'seed', openaiTakes: true, skipped: 'Anthropic models' },
  { setting: 'presencePenalty', openaiTakes: true, skipped: 'Anthropic models' },
  { setting: 'frequencyPenalty', openaiTakes: true, skipped: 'Anthropic models' },
];

/**
 * `topP`, `topK`, `seed` and the penalties have no routewise field: each goes to every provider format that takes
 * it (OpenAI and the compatible hosts, Gemini, Anthropic through its raw body), and a warning names the formats that
 * do not, since the route (fallbacks, a policy) decides only later which provider answers.
 */
function samplingProviderOptions(
  options: LanguageModelV4CallOptions,
  warnings: SharedV4Warning[],
): RequestProviderOptions | undefined {
  if (!setsAnySampling(options)) return undefined;
  const openai: Record<string, number> = {};
  const google: Record<string, number> = {};
  const anthropicBody: Record<string, unknown> = {};
  for (const { setting, openaiTakes, anthropicKey, skipped } of SAMPLING_SETTINGS) {
    const value = options[setting];
    if (value === undefined) continue;
    if (openaiTakes) openai[setting] = value;
    google[setting] = value;
    if (anthropicKey) anthropicBody[anthropicKey] = value;
    if (skipped) warnings.push(partial(setting, skipped));
  }
  const result: RequestProviderOptions = {};
  if (Object.keys(openai).length > 0) result.openai = openai as OpenAIRequestOptions;
  if (Object.keys(google).length > 0) result.google = google as GoogleRequestOptions;
  if (Object.keys(anthropicBody).length > 0) result.anthropic = { extraBody: anthropicBody } as AnthropicRequestOptions;
  return Object.keys(result).length > 0 ? result : undefined;
}

/** Whether any sampling setting is given; most calls set none, and then nothing is built for them. */
function setsAnySampling(options: LanguageModelV4CallOptions): boolean {
  for (const { setting } of SAMPLING_SETTINGS) if (options[setting] !== undefined) return true;
  return false;
}

function partial(feature: string, skipped: string): SharedV4Warning {
  return { type: 'unsupported', feature, details: `not sent to ${skipped}, whose API has no such parameter` };
}

/** The sampling options under the call's own `providerOptions.routewise.providerOptions` (the call's fields win). */
function mergeProviderOptions(
  sampling: RequestProviderOptions | undefined,
  own: RequestProviderOptions | undefined,
): RequestProviderOptions | undefined {
  if (!sampling) return own;
  if (!own) return sampling;
  const merged: RequestProviderOptions = { ...own };
  for (const [host, fields] of Object.entries(sampling)) {
    const given = own[host] as Record<string, unknown> | undefined;
    if (host === 'anthropic' && given?.extraBody) {
      merged.anthropic = {
        ...given,
        extraBody: { ...(fields as AnthropicRequestOptions).extraBody, ...(given.extraBody as object) },
      };
    } else merged[host] = { ...fields, ...given } as OpenAIRequestOptions;
  }
  return merged;
}

/**
 * The call's headers to send with every attempt (the router passes a request's `headers` to whichever provider
 * answers). The AI SDK's own `user-agent` stays out, so each provider SDK keeps its user agent; unset values are
 * dropped. Undefined when nothing is left, so a plain call keeps the router's fast path.
 */
function forwardedHeaders(given: Record<string, string | undefined> | undefined): Record<string, string> | undefined {
  let headers: Record<string, string> | undefined;
  for (const name in given) {
    const value = given[name];
    if (value === undefined || name.toLowerCase() === 'user-agent') continue;
    headers ??= {};
    headers[name] = value;
  }
  return headers;
}
