/** What routewise knows of a model's own limits, from its provider's model pages. */
export interface ModelLimits {
  /** The most output tokens one call may ask for (reasoning included where the provider counts it so). */
  maxOutputTokens: number;
  /** Whether the model takes a reasoning effort or thinking budget at all. */
  reasoning: boolean;
}

type Table = Readonly<Record<string, ModelLimits>>;

const plain = (maxOutputTokens: number): ModelLimits => ({ maxOutputTokens, reasoning: false });
const reasons = (maxOutputTokens: number): ModelLimits => ({ maxOutputTokens, reasoning: true });

/**
 * Max output tokens and reasoning support of well-known models, by catalog provider id, from each provider's model
 * pages. A model that is not listed is not guessed at (not even from a sibling's numbers): the router then bounds
 * its cap by the context window, or refuses an absurd one.
 */
const KNOWN: Readonly<Record<string, Table>> = {
  openai: {
    'gpt-3.5-turbo': plain(4096),
    'gpt-4': plain(8192),
    'gpt-4-turbo': plain(4096),
    'gpt-4o': plain(16_384),
    'gpt-4o-mini': plain(16_384),
    'chatgpt-4o': plain(16_384),
    'gpt-4.1': plain(32_768),
    'gpt-4.1-mini': plain(32_768),
    'gpt-4.1-nano': plain(32_768),
    o1: reasons(100_000),
    'o1-mini': reasons(65_536),
    'o1-preview': reasons(32_768),
    'o1-pro': reasons(100_000),
    o3: reasons(100_000),
    'o3-mini': reasons(100_000),
    'o3-pro': reasons(100_000),
    'o4-mini': reasons(100_000),
    'gpt-5': reasons(128_000),
    'gpt-5-mini': reasons(128_000),
    'gpt-5-nano': reasons(128_000),
    'gpt-5.1': reasons(128_000),
  },
  anthropic: {
    'claude-3-haiku': plain(4096),
    'claude-3-opus': plain(4096),
    'claude-3-5-haiku': plain(8192),
    'claude-3-5-sonnet': plain(8192),
    'claude-3-7-sonnet': reasons(64_000),
    'claude-sonnet-4': reasons(64_000),
    'claude-opus-4': reasons(32_000),
    'claude-opus-4-1': reasons(32_000),
    'claude-sonnet-4-5': reasons(64_000),
    'claude-haiku-4-5': reasons(64_000),
    'claude-opus-4-5': reasons(64_000),
  },
  google: {
    'gemini-1.5-flash': plain(8192),
    'gemini-1.5-pro': plain(8192),
    'gemini-2.0-flash': plain(8192),
    'gemini-2.0-flash-lite': plain(8192),
    'gemini-2.5-flash': reasons(65_536),
    'gemini-2.5-flash-lite': reasons(65_536),
    'gemini-2.5-pro': reasons(65_536),
  },
};

/** A dated or channel suffix that names the same model: `-2025-04-14`, `-20250514`, `-001`, `-latest`, `-preview-06-05`. */
const VERSION_SUFFIX = /^-(?:\d[\d-]*|latest|(?:preview|exp)(?:-[\d-]+)?)$/;

/** The known limits of a model at a catalog provider (`openai`, `anthropic`, `google`), or undefined. */
export function knownModelLimits(priceProviderId: string | undefined, model: string): ModelLimits | undefined {
  const table = priceProviderId === undefined ? undefined : KNOWN[priceProviderId];
  if (!table) return undefined;
  const exact = table[model];
  if (exact) return exact;
  let best: string | undefined;
  for (const id of Object.keys(table)) {
    if (model.startsWith(id) && VERSION_SUFFIX.test(model.slice(id.length)) && id.length > (best?.length ?? 0)) {
      best = id;
    }
  }
  return best === undefined ? undefined : table[best];
}
