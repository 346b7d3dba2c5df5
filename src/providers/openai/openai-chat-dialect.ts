/**
 * Which body field carries the output cap on a Chat Completions host: OpenAI reads `max_completion_tokens`
 * (`max_tokens` is deprecated there and refused by its reasoning models); many OpenAI-compatible hosts read only
 * `max_tokens`; `both` sends the same cap in each field, for hosts that ignore the field they do not know.
 */
export type MaxTokensField = 'max_completion_tokens' | 'max_tokens' | 'both';

/** How one Chat Completions host differs on the wire from OpenAI's own API. */
export interface OpenAIChatDialect {
  /** The field(s) that carry the output cap. */
  maxTokensField: MaxTokensField;
  /** The most stop sequences the host accepts (OpenAI: 4); undefined when the host documents no limit. */
  maxStopSequences?: number;
  /** The host's name: `providerOptions.openai` applies to every Chat Completions host, `providerOptions[name]` too. */
  name: string;
}

/** OpenAI's own Chat Completions API: `max_completion_tokens`, at most 4 stop sequences (API reference, `stop`). */
export const OPENAI_CHAT_DIALECT: OpenAIChatDialect = {
  maxTokensField: 'max_completion_tokens',
  maxStopSequences: 4,
  name: 'openai',
};

/** The output-cap fields of a body for a cap and a dialect. */
export function maxTokensFields(
  cap: number,
  field: MaxTokensField,
): { max_completion_tokens?: number; max_tokens?: number } {
  if (field === 'max_tokens') return { max_tokens: cap };
  if (field === 'both') return { max_completion_tokens: cap, max_tokens: cap };
  return { max_completion_tokens: cap };
}
