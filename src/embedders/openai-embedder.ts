// Embeddings over the OpenAI API through the official SDK, priced from the catalog so every call's cost is reported.
import type OpenAI from 'openai';
import { ConfigError } from '../errors.js';
import { createPriceCatalog, type ModelPricing } from '../pricing/price-catalog.js';
import type { PriceOverride } from '../pricing/price-override.js';
import { lazyOpenAIClient } from '../providers/openai/openai-adapter-config.js';
import { malformedResponse, toOpenAIProviderError } from '../providers/openai/openai-error.js';
import { openaiSdk } from '../providers/openai/openai-sdk.js';
import { emptyUsage } from '../providers/spec/usage.js';
import { retryDelayMs, sleep } from '../core/backoff.js';
import { DEFAULT_RETRY_OPTIONS, type RetryOptions } from '../core/retry-options.js';
import type { Embedder, EmbeddingResult } from './embedder.js';

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
  const dimensions = options.dimensions ?? NATIVE_DIMENSIONS[model];
  const issues = [];
  if (dimensions === undefined || !Number.isInteger(dimensions) || dimensions < 1) {
    issues.push({
      path: 'openaiEmbedder.dimensions',
      message:
        dimensions === undefined
          ? `the native length of "${model}" is not known; pass dimensions`
          : `must be a positive integer (got ${dimensions})`,
    });
  }
  const batchSize = options.batchSize ?? 256;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 2048) {
    issues.push({ path: 'openaiEmbedder.batchSize', message: `must be an integer in 1..2048 (got ${batchSize})` });
  }
  const overrides: Record<string, PriceOverride> = options.price ? { [model]: options.price } : {};
  let pricing: ModelPricing | undefined;
  try {
    pricing = createPriceCatalog(overrides).lookup({ priceProviderId: 'openai', providerName: 'openai', model });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    issues.push(...error.issues.map((issue) => ({ ...issue, path: `openaiEmbedder.price.${issue.path}` })));
  }
  if (!pricing && issues.length === 0) {
    issues.push({
      path: 'openaiEmbedder.model',
      message: `no price is known for "${model}"; pass price: { inputPerMTok, outputPerMTok: 0 }`,
    });
  }
  if (issues.length > 0) throw new ConfigError(issues);
  const priced = pricing as ModelPricing;
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
    const costUsd = priced.cost({ ...emptyUsage(), inputTokens }, new Date()).usd;
    return { vectors, costUsd, inputTokens };
  }

  async function embedWithCost(texts: string[]): Promise<EmbeddingResult> {
    const result: EmbeddingResult = { vectors: [], costUsd: 0, inputTokens: 0 };
    for (let i = 0; i < texts.length; i += batchSize) {
      const part = await call(texts.slice(i, i + batchSize));
      result.vectors.push(...part.vectors);
      result.costUsd += part.costUsd;
      result.inputTokens = (result.inputTokens ?? 0) + (part.inputTokens ?? 0);
    }
    return result;
  }

  return {
    name: `openai:${model}`,
    dimensions: dimensions as number,
    embedWithCost,
    worstCase(texts) {
      // A token is at least one byte of UTF-8, so the bytes bound the tokens (plus one per text for an empty one).
      let inputTokens = 0;
      for (const text of texts) inputTokens += Buffer.byteLength(text, 'utf8') + 1;
      return { usd: priced.cost({ ...emptyUsage(), inputTokens }, new Date()).usd, inputTokens };
    },
    async embed(texts) {
      return (await embedWithCost(texts)).vectors;
    },
  };
}
