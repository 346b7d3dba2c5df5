import { ConfigError } from '../../errors.js';

/** A set environment variable, trimmed as the SDK trims it; empty counts as unset. */
function env(name: string): string | undefined {
  const value = process.env[name]?.trim();
  return value ? value : undefined;
}

/** Whether the SDK would use Vertex AI (which authenticates with Google Cloud credentials, not a key). */
function usesVertex(): boolean {
  return ['GOOGLE_GENAI_USE_VERTEXAI', 'GOOGLE_GENAI_USE_ENTERPRISE'].some(
    (name) => env(name)?.toLowerCase() === 'true',
  );
}

/**
 * Checks, before the SDK client is built, that a Gemini key exists: the configured one, else `GOOGLE_API_KEY` or
 * `GEMINI_API_KEY` (the SDK's own order). Without one the SDK warns on the console twice, then falls back to
 * Google Cloud's default credentials (a metadata-server lookup and a third warning) and fails with an
 * unrelated message; a `ConfigError` naming the variables is what the user needs instead. `factory` names the
 * caller in the issue (`google`, `googleEmbedder`).
 */
export function assertGoogleApiKey(apiKey: string | undefined, factory = 'google'): void {
  if (apiKey?.trim() || env('GOOGLE_API_KEY') || env('GEMINI_API_KEY') || usesVertex()) return;
  throw new ConfigError([
    {
      path: `${factory}.apiKey`,
      message: `no Gemini API key: pass ${factory}({ apiKey }) or set GEMINI_API_KEY (or GOOGLE_API_KEY)`,
    },
  ]);
}
