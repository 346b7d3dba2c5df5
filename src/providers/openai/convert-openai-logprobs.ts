import type { TokenLogprob } from '../spec/response.js';

interface RawLogprobs {
  content?: Array<{ token?: unknown; logprob?: unknown }> | null;
}

/**
 * Reads `choices[0].logprobs.content` of a Chat Completions response into `{ token, logprob }` pairs.
 * Undefined when the response has none (not asked for, or a compatible host that ignores the flag).
 */
export function convertOpenAILogprobs(raw: unknown): TokenLogprob[] | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const content = (raw as RawLogprobs).content;
  if (!Array.isArray(content)) return undefined;
  const tokens: TokenLogprob[] = [];
  for (const entry of content) {
    if (typeof entry?.logprob !== 'number' || !Number.isFinite(entry.logprob)) continue;
    tokens.push({ token: typeof entry.token === 'string' ? entry.token : '', logprob: entry.logprob });
  }
  return tokens;
}
