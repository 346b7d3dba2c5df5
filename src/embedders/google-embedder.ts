// Embeddings over the Gemini API through the official SDK, priced from the catalog. The API reports no token count
// for an embedding call, so every call's cost is an estimate (see `estimateEmbeddingTokens`).
import type { EmbedContentConfig, EmbedContentResponse, GoogleGenAI, GoogleGenAIOptions } from '@google/genai';
import type { PriceOverride } from '../pricing/price-override.js';
import { assertGoogleApiKey } from '../providers/google/google-api-key.js';
import { googleCallFetch } from '../providers/google/google-call-fetch.js';
import { googleErrorContext, toGoogleProviderError } from '../providers/google/google-error.js';
import { googleSdk } from '../providers/google/google-sdk.js';
import { malformedResponse } from '../providers/shared/sdk-error.js';
import { retryDelayMs, sleep } from '../core/backoff.js';
import { DEFAULT_RETRY_OPTIONS, type RetryOptions } from '../core/retry-options.js';
import type { Embedder, EmbeddingResult } from './embedder.js';
import { embedInBatches, paidEmbedderSettings, worstCaseOf } from './paid-embedder.js';

/** Native vector length of Google's embedding models. */
const NATIVE_DIMENSIONS: Record<string, number> = {
  'gemini-embedding-001': 3072,
};

/** Requests the Gemini API accepts in one `batchEmbedContents` call. */
const MAX_BATCH = 100;

/** UTF-8 bytes assumed per token by the cost estimate (Google: "a token is about 4 characters" for Gemini models). */
export const GEMINI_EMBEDDING_BYTES_PER_TOKEN = 4;

/** Options of `googleEmbedder()`. */
export interface GoogleEmbedderOptions {
  /** Embedding model (default `gemini-embedding-001`). */
  model?: string;
  /**
   * Shorter vectors (`outputDimensionality`; `gemini-embedding-001` takes 128..3072, Google suggests 768, 1536 or
   * 3072); required for a model whose native length is not known.
   */
  dimensions?: number;
  /** The task the vectors serve (`taskType`, e.g. `SEMANTIC_SIMILARITY`, `RETRIEVAL_QUERY`); the API's default when unset. */
  taskType?: string;
  /** API key; defaults to `GEMINI_API_KEY` (or `GOOGLE_API_KEY`). */
  apiKey?: string;
  /** Base URL (a proxy in front of the Gemini API). */
  baseURL?: string;
  /** API version path segment (the SDK's default is `v1beta`). */
  apiVersion?: string;
  /** A client to use as given. */
  client?: GoogleGenAI;
  /** Price override for the model, USD per million input tokens (`{ inputPerMTok, outputPerMTok: 0 }`). */
  price?: PriceOverride;
  /** Retries on retryable failures (429, 5xx, connection), with the router's backoff (default: 2 retries). */
  retry?: RetryOptions;
  /** Texts per API call (default 100, the most the API accepts). */
  batchSize?: number;
}

/**
 * The input tokens an embedding of `text` is charged at: its UTF-8 bytes / 4, rounded up, at least 1. Google's
 * rule of thumb is about 4 characters per token for Gemini models; counting bytes rather than characters keeps
 * non-Latin scripts (2–4 bytes a character, often a token or more each) from being undercounted as badly. It never
 * exceeds the worst case's bound (bytes + 1), so a reservation always covers the charge.
 */
export function estimateEmbeddingTokens(text: string): number {
  return Math.max(1, Math.ceil(Buffer.byteLength(text, 'utf8') / GEMINI_EMBEDDING_BYTES_PER_TOKEN));
}

/**
 * An embedder over the Gemini API's embeddings (`ai.models.embedContent`, which sends one `batchEmbedContents`
 * call per batch), with `outputDimensionality` set from `dimensions`. The API reports no token usage, so each call
 * is priced at an estimate of its input tokens (`estimateEmbeddingTokens`: UTF-8 bytes / 4) at the catalog price (or
 * `price`), and `embedWithCost` marks the result `estimated`. A model with no known price is refused at construction
 * (`ConfigError`). The SDK is loaded on the first call, not when routewise is imported.
 */
export function googleEmbedder(options: GoogleEmbedderOptions = {}): Embedder {
  const model = options.model ?? 'gemini-embedding-001';
  const { dimensions, batchSize, priceOf } = paidEmbedderSettings({
    factory: 'googleEmbedder',
    provider: 'google',
    model,
    dimensions: options.dimensions,
    nativeDimensions: NATIVE_DIMENSIONS,
    batchSize: options.batchSize,
    defaultBatchSize: MAX_BATCH,
    maxBatchSize: MAX_BATCH,
    price: options.price,
  });
  const retry = { ...DEFAULT_RETRY_OPTIONS, ...options.retry };

  // Built on first use, as `google()` builds its client: the SDK warns at construction when no key is set.
  let created: GoogleGenAI | undefined;
  const client = (): GoogleGenAI => {
    if (options.client) return options.client;
    if (!created) {
      assertGoogleApiKey(options.apiKey, 'googleEmbedder');
      const clientOptions: GoogleGenAIOptions = {};
      if (options.apiKey !== undefined) clientOptions.apiKey = options.apiKey;
      if (options.apiVersion !== undefined) clientOptions.apiVersion = options.apiVersion;
      if (options.baseURL !== undefined) clientOptions.httpOptions = { baseUrl: options.baseURL };
      created = new (googleSdk.get().GoogleGenAI)(clientOptions);
    }
    return created;
  };
  const keyContext = {
    provider: 'google',
    apiKey(): string | undefined {
      // A given client (or one that read GEMINI_API_KEY / GOOGLE_API_KEY) holds the key it sends.
      if (options.apiKey !== undefined) return options.apiKey;
      const held = (client() as unknown as { apiKey?: unknown }).apiKey;
      return typeof held === 'string' ? held : undefined;
    },
  };

  async function call(input: string[]): Promise<EmbeddingResult> {
    // The SDK is loaded on first use, not when routewise is imported.
    await googleSdk.load();
    for (let attempt = 1; ; attempt++) {
      // Reads the key in use, so builds the client first (a missing key is a ConfigError, before any request).
      const errorContext = googleErrorContext(keyContext, model, undefined);
      let response: EmbedContentResponse;
      try {
        const ai = client();
        const config: EmbedContentConfig = { httpOptions: { fetch: googleCallFetch(ai, errorContext) } };
        if (options.dimensions !== undefined) config.outputDimensionality = options.dimensions;
        if (options.taskType !== undefined) config.taskType = options.taskType;
        response = await ai.models.embedContent({ model, contents: input, config });
      } catch (caught) {
        const error = toGoogleProviderError(caught, errorContext);
        if (!error.retryable || attempt > retry.retries) throw error;
        await sleep(retryDelayMs(attempt, retry, error.retryAfterMs));
        continue;
      }
      return toResult(response, input, errorContext.apiKey);
    }
  }

  function toResult(response: EmbedContentResponse, input: string[], apiKey: string | undefined): EmbeddingResult {
    const ctx = { provider: 'google', model, secrets: [apiKey] };
    const embeddings = response?.embeddings;
    if (!Array.isArray(embeddings) || embeddings.length !== input.length) {
      throw malformedResponse(
        ctx,
        `expected ${input.length} embeddings, got ${Array.isArray(embeddings) ? embeddings.length : 'none'}`,
      );
    }
    const vectors = embeddings.map((item, i) => {
      const values = item?.values;
      if (
        !Array.isArray(values) ||
        values.length !== dimensions ||
        !values.every((v) => typeof v === 'number' && Number.isFinite(v))
      ) {
        throw malformedResponse(ctx, `embedding ${i} is not a vector of ${dimensions} numbers`);
      }
      return values;
    });
    let inputTokens = 0;
    for (const text of input) inputTokens += estimateEmbeddingTokens(text);
    return { vectors, costUsd: priceOf(inputTokens), inputTokens, estimated: true };
  }

  const embedWithCost = (texts: string[]) => embedInBatches(texts, batchSize, call, true);

  return {
    name: `google:${model}`,
    dimensions,
    embedWithCost,
    worstCase: (texts) => worstCaseOf(texts, priceOf),
    async embed(texts) {
      return (await embedWithCost(texts)).vectors;
    },
  };
}
