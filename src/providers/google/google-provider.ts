import type { GoogleGenAI, GoogleGenAIOptions } from '@google/genai';
import { loadSdkFirst } from '../shared/load-sdk-first.js';
import type { ProviderAdapter, ProviderOptions } from '../spec/provider.js';
import { assertGoogleApiKey } from './google-api-key.js';
import { type GoogleCallContext, googleComplete } from './google-generative-model.js';
import { googleSdk } from './google-sdk.js';
import { googleStream } from './google-stream.js';

/** Options of the `google()` factory: the common ones plus Gemini's API version. */
export interface GoogleProviderOptions extends ProviderOptions<GoogleGenAI> {
  /** API version path segment (the SDK's default is `v1beta`). */
  apiVersion?: string;
}

/**
 * The Google Gemini adapter, over the official `@google/genai` SDK (`ai.models.generateContent` /
 * `generateContentStream`). The SDK makes one attempt per call (no `retryOptions` are set), automatic
 * continuation is turned off per request, and the key lives only in this closure and the SDK client. The SDK
 * itself is loaded when this factory first runs, not when routewise is imported.
 */
export function google(options: GoogleProviderOptions = {}): ProviderAdapter {
  const { apiKey, baseURL, apiVersion, client: given } = options;
  let created: GoogleGenAI | undefined;

  const context: GoogleCallContext = {
    provider: 'google',
    // Built on first use: the SDK warns at construction when no key is set yet (env read later is fine), and
    // it looks `fetch` up at call time, so msw and custom global fetches still apply.
    client() {
      if (given) return given;
      if (!created) {
        // Before the SDK sees a missing key: it would print warnings and fail as an unrelated auth error.
        assertGoogleApiKey(apiKey);
        const clientOptions: GoogleGenAIOptions = {};
        if (apiKey !== undefined) clientOptions.apiKey = apiKey;
        if (apiVersion !== undefined) clientOptions.apiVersion = apiVersion;
        if (baseURL !== undefined) clientOptions.httpOptions = { baseUrl: baseURL };
        created = new (googleSdk.get().GoogleGenAI)(clientOptions);
      }
      return created;
    },
    apiKey() {
      // A given client (or one that read GOOGLE_API_KEY / GEMINI_API_KEY) holds the key it sends.
      if (apiKey !== undefined) return apiKey;
      const held = (context.client() as unknown as { apiKey?: unknown }).apiKey;
      return typeof held === 'string' ? held : undefined;
    },
  };

  const adapter: ProviderAdapter = {
    name: 'google',
    priceProviderId: 'google',
    complete: (model, request, callOptions) => googleComplete(context, model, request, callOptions),
    stream: (model, request, callOptions) => googleStream(context, model, request, callOptions),
  };
  return loadSdkFirst(adapter, googleSdk);
}
