/** Characters per token assumed by `estimateTokens` (OpenAI's rule of thumb for English; 4.45 on MMLU's prompts). */
export const CHARS_PER_TOKEN = 4;

/**
 * Estimates the tokens of a text as characters / 4, rounded up. Exact counts depend on each model's tokenizer
 * (cl100k_base gives 4.45 characters per token on MMLU's prompts); the estimate prices recorded prompts and answers
 * whose token counts the data does not record, fast enough for 100k rows.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}
