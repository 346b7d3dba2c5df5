// Embeddings over the OpenAI API through the official SDK, priced from the catalog so every call's cost is reported.
import type OpenAI from 'openai';
import type { PriceOverride } from '../pricing/price-override.js';
import { lazyOpenAIClient } from '../providers/openai/openai-adapter-config.js';
import { malformedResponse, toOpenAIProviderError } from '../providers/openai/openai-error.js';
import { openaiSdk } from '../providers/openai/openai-sdk.js';
import { retryDelayMs, sleep } from '../core/backoff.js';
import { DEFAULT_RETRY_OPTIONS, type RetryOptions } from '../core/retry-options.js';
import type { Embedder, EmbeddingResult } from './embedder.js';
import { embedInBatches, paidEmbedderSettings, worstCaseOf } from './paid-embedder.js';

/** Native vector length of OpenAI's embedding models. */
const NATIVE_DIMENSIONS: Record<string, number> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};

/** Options of `openaiEmbedder()`. */
export interface OpenAIEmbedderOptions {
  /** Embedding model (default `text-embedding-3-small`). */
  model?: string;
  /** Shorter vectors (`text-embedding-3-*` only); required for a model whose native length is not known. */
  dimensions?: number;
  /** API key; defaults to `OPENAI_API_KEY`. */
  apiKey?: string;
  /** Base URL (an OpenAI-compatible host). */
  baseURL?: string;
  /** A client to use as given. */
  client?: OpenAI;
  /** Price override for the model, USD per million input tokens (`{ inputPerMTok, outputPerMTok: 0 }`). */
  price?: PriceOverride;
  /** Retries on retryable failures (429, 5xx, connection), with the router's backoff (default: 2 retries). */
  retry?: RetryOptions;
  /** Texts per API call (default 256; the API accepts up to 2048). */
  batchSize?: number;
}

/**
 * An embedder over OpenAI's embeddings API (`client.embeddings.create`). It asks for `encoding_format: 'float'`
 * explicitly (the SDK would otherwise request base64, which some compatible hosts do not support), prices each call
 * from the reported `prompt_tokens` (catalog price, or `price`), and reports the cost through `embedWithCost`.
 * A model with no known price is refused at construction (`ConfigError`).
 */
export function openaiEmbedder(options: OpenAIEmbedderOptions = {}): Embedder {
  const model = options.model ?? 'text-embedding-3-small';
  const { dimensions, batchSize, priceOf } = paidEmbedderSettings({
    factory: 'openaiEmbedder',
    provider: 'openai',
    model,
    dimensions: options.dimensions,
    nativeDimensions: NATIVE_DIMENSIONS,
    batchSize: options.batchSize,
    defaultBatchSize: 256,
    maxBatchSize: 2048,
    price: options.price,
  });
  const retry = { ...DEFAULT_RETRY_OPTIONS, ...options.retry };
  const client = lazyOpenAIClient(options.client, () => ({
    ...(options.apiKey !== undefined ? { apiKey: options.apiKey } : {}),
    ...(options.baseURL !== undefined ? { baseURL: options.baseURL } : {}),
  }));
  const ctx = () => ({ provider: 'openai', model, secrets: client.secrets() });

  async function call(input: string[]): Promise<EmbeddingResult> {
    // The SDK is loaded on first use, not when routewise is imported.
    await openaiSdk.load();
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await client.getClient().embeddings.create(
          {
            model,
            input,
            encoding_format: 'float',
            ...(options.dimensions !== undefined ? { dimensions: options.dimensions } : {}),
          },
          { maxRetries: 0 },
        );
        return toResult(response, input.length);
      } catch (caught) {
        const error = toOpenAIProviderError(caught, ctx());
        if (!error.retryable || attempt > retry.retries) throw error;
        await sleep(retryDelayMs(attempt, retry, error.retryAfterMs));
      }
    }
  }

  function toResult(response: OpenAI.CreateEmbeddingResponse, count: number): EmbeddingResult {
    const data = response?.data;
    if (!Array.isArray(data) || data.length !== count) {
      throw malformedResponse(ctx(), `expected ${count} embeddings, got ${Array.isArray(data) ? data.length : 'none'}`);
    }
    const vectors = new Array<number[]>(count);
    for (const item of data) {
      const { index, embedding } = item ?? {};
      if (typeof index !== 'number' || !Array.isArray(embedding) || embedding.length !== dimensions) {
        throw malformedResponse(ctx(), `embedding ${index} is not a vector of ${dimensions} numbers`);
      }
      vectors[index] = embedding;
    }
    if (vectors.some((v) => v === undefined))
      throw malformedResponse(ctx(), 'embedding indices do not cover the input');
    const inputTokens = response.usage?.prompt_tokens;
    if (typeof inputTokens !== 'number') throw malformedResponse(ctx(), 'no usage.prompt_tokens to price the call');
    return { vectors, costUsd: priceOf(inputTokens), inputTokens };
  }

  const embedWithCost = (texts: string[]) => embedInBatches(texts, batchSize, call);

  return {
    name: `openai:${model}`,
    dimensions,
    embedWithCost,
    worstCase: (texts) => worstCaseOf(texts, priceOf),
    async embed(texts) {
      return (await embedWithCost(texts)).vectors;
    },
  };
}
