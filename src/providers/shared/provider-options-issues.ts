import type { ValidationIssue } from '../../errors.js';
import type { RequestProviderOptions } from '../spec/provider-options.js';

/** Why a raw field may not be passed through: it would lift a cap, or it is set from a request field. */
type Reserved = { cap: string } | { field: string };

const cap = (what: string): Reserved => ({ cap: what });
const field = (name: string): Reserved => ({ field: name });

/** Wire fields of the OpenAI Chat Completions and Responses bodies that routewise owns. */
const OPENAI_RESERVED: Readonly<Record<string, Reserved>> = {
  model: cap('the model'),
  stream: cap('streaming'),
  stream_options: cap('streaming (usage reporting)'),
  max_tokens: cap('the output cap'),
  max_completion_tokens: cap('the output cap'),
  max_output_tokens: cap('the output cap'),
  reasoning_effort: cap('the reasoning effort'),
  reasoning: cap('the reasoning effort'),
  n: cap('the output cap (n answers bill n times the output)'),
  background: cap('the call itself (a background response is not awaited)'),
  messages: field('messages'),
  input: field('messages'),
  instructions: field('system'),
  tools: field('tools'),
  functions: field('tools'),
  tool_choice: field('toolChoice'),
  function_call: field('toolChoice'),
  response_format: field('output'),
  text: field('output (verbosity: providerOptions.openai.verbosity)'),
  temperature: field('temperature'),
  stop: field('stop'),
  logprobs: field('logprobs'),
  prompt_cache_key: field('cache.key'),
  prompt_cache_options: field('cache'),
  prompt_cache_retention: field('cache'),
};

/** Wire fields of the Anthropic Messages body that routewise owns. */
const ANTHROPIC_RESERVED: Readonly<Record<string, Reserved>> = {
  model: cap('the model'),
  stream: cap('streaming'),
  max_tokens: cap('the output cap'),
  thinking: cap('the thinking budget'),
  output_config: cap('the reasoning effort (and output format)'),
  messages: field('messages'),
  system: field('system'),
  tools: field('tools'),
  tool_choice: field('toolChoice'),
  stop_sequences: field('stop'),
  cache_control: field('cache'),
  temperature: field('temperature'),
};

/** Top-level wire fields of the Gemini `generateContent` body that routewise owns. */
const GOOGLE_RESERVED: Readonly<Record<string, Reserved>> = {
  model: cap('the model'),
  contents: field('messages'),
  systemInstruction: field('system'),
  tools: field('tools'),
  toolConfig: field('toolChoice'),
};

/** Fields of Gemini's `generationConfig` that routewise owns. */
const GOOGLE_GENERATION_RESERVED: Readonly<Record<string, Reserved>> = {
  maxOutputTokens: cap('the output cap'),
  thinkingConfig: cap('the thinking budget'),
  candidateCount: cap('the output cap (n candidates bill n times the output)'),
  responseMimeType: field('output'),
  responseSchema: field('output'),
  responseJsonSchema: field('output'),
  stopSequences: field('stop'),
  temperature: field('temperature'),
};

/**
 * Wire names compared without case or underscores: Gemini's JSON accepts `generation_config` as well as
 * `generationConfig`, so neither spelling may slip past.
 */
const canonical = (name: string) => name.replace(/_/g, '').toLowerCase();

function lookup(table: Readonly<Record<string, Reserved>>, key: string): Reserved | undefined {
  const wanted = canonical(key);
  for (const [name, reserved] of Object.entries(table)) if (canonical(name) === wanted) return reserved;
  return undefined;
}

function reservedIssues(
  body: Record<string, unknown> | undefined,
  table: Readonly<Record<string, Reserved>>,
  path: string,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const key of Object.keys(body ?? {})) {
    const reserved = lookup(table, key);
    if (!reserved) continue;
    issues.push({
      path: `${path}.${key}`,
      message:
        'cap' in reserved
          ? `may not be passed through: it would override ${reserved.cap}, which routewise sets and bounds`
          : `may not be passed through: routewise sends it from the request's \`${reserved.field}\`; set that instead`,
    });
  }
  return issues;
}

/**
 * Refusals for provider options that would override a cap or a field routewise sends from the request, each with
 * its path under `root` (`providerOptions`, or `models.<alias>.providerOptions`). Typed fields are checked by the
 * schema; this checks the raw `extraBody` fields, whose names are the wire names.
 */
export function providerOptionsIssues(options: RequestProviderOptions | undefined, root: string): ValidationIssue[] {
  if (!options) return [];
  const issues: ValidationIssue[] = [];
  for (const [provider, value] of Object.entries(options)) {
    const extra = (value as { extraBody?: Record<string, unknown> } | undefined)?.extraBody;
    if (!extra) continue;
    const path = `${root}.${provider}.extraBody`;
    if (provider === 'anthropic') issues.push(...reservedIssues(extra, ANTHROPIC_RESERVED, path));
    else if (provider === 'google') {
      issues.push(...reservedIssues(extra, GOOGLE_RESERVED, path));
      for (const [key, generation] of Object.entries(extra)) {
        if (canonical(key) !== 'generationconfig' || typeof generation !== 'object' || generation === null) continue;
        issues.push(
          ...reservedIssues(generation as Record<string, unknown>, GOOGLE_GENERATION_RESERVED, `${path}.${key}`),
        );
      }
    } else issues.push(...reservedIssues(extra, OPENAI_RESERVED, path));
  }
  return issues;
}
