import type { OpenAIRequestOptions, RequestProviderOptions } from '../spec/provider-options.js';

/** Typed option → Chat Completions field. */
const CHAT_FIELDS: Readonly<Record<Exclude<keyof OpenAIRequestOptions, 'extraBody'>, string>> = {
  topP: 'top_p',
  seed: 'seed',
  frequencyPenalty: 'frequency_penalty',
  presencePenalty: 'presence_penalty',
  logitBias: 'logit_bias',
  topLogprobs: 'top_logprobs',
  safetyIdentifier: 'safety_identifier',
  parallelToolCalls: 'parallel_tool_calls',
  serviceTier: 'service_tier',
  store: 'store',
  metadata: 'metadata',
  verbosity: 'verbosity',
};

/** Typed option → Responses API field; the ones the Responses API lacks are dropped with a warning. */
const RESPONSES_FIELDS: Readonly<Partial<Record<keyof OpenAIRequestOptions, string>>> = {
  topP: 'top_p',
  topLogprobs: 'top_logprobs',
  safetyIdentifier: 'safety_identifier',
  parallelToolCalls: 'parallel_tool_calls',
  serviceTier: 'service_tier',
  store: 'store',
  metadata: 'metadata',
};

/** The options one OpenAI-SDK host reads, in merge order: `openai`, then its own name (whose fields win). */
function optionsFor(options: RequestProviderOptions | undefined, host: string): OpenAIRequestOptions[] {
  if (!options) return [];
  const found = [options.openai];
  if (host !== 'openai') found.push(options[host] as OpenAIRequestOptions | undefined);
  return found.filter((o): o is OpenAIRequestOptions => o !== undefined);
}

/**
 * The Chat Completions body fields from a request's provider options for `host`: typed fields under their wire
 * names, then `extraBody` as given. Reserved fields were refused when the request was validated.
 */
export function openAIChatOptionFields(
  options: RequestProviderOptions | undefined,
  host: string,
): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const option of optionsFor(options, host)) {
    for (const [key, wire] of Object.entries(CHAT_FIELDS)) {
      const value = option[key as keyof OpenAIRequestOptions];
      if (value !== undefined) fields[wire] = value;
    }
    Object.assign(fields, option.extraBody);
  }
  return fields;
}

/** The Responses API body fields from a request's `providerOptions.openai` (`verbosity` goes to `text.verbosity`). */
export function openAIResponsesOptionFields(
  options: RequestProviderOptions | undefined,
  warnings: string[],
): { fields: Record<string, unknown>; verbosity?: OpenAIRequestOptions['verbosity'] } {
  const fields: Record<string, unknown> = {};
  let verbosity: OpenAIRequestOptions['verbosity'];
  for (const option of optionsFor(options, 'openai')) {
    for (const [key, value] of Object.entries(option)) {
      if (value === undefined || key === 'extraBody') continue;
      if (key === 'verbosity') verbosity = value as OpenAIRequestOptions['verbosity'];
      else {
        const wire = RESPONSES_FIELDS[key as keyof OpenAIRequestOptions];
        if (wire) fields[wire] = value;
        else warnings.push(`providerOptions.openai.${key} was not sent: the Responses API has no such parameter`);
      }
    }
    Object.assign(fields, option.extraBody);
  }
  return verbosity === undefined ? { fields } : { fields, verbosity };
}
