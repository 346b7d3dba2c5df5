// What the embedders over a provider's paid embeddings API share: their settings checked at construction (length,
// batch size, a known price), the calls of one embedding split into batches and summed, and the worst case a
// reservation holds.
import { ConfigError } from '../errors.js';
import { createPriceCatalog, type ModelPricing } from '../pricing/price-catalog.js';
import type { PriceOverride } from '../pricing/price-override.js';
import { emptyUsage } from '../providers/spec/usage.js';
import type { EmbeddingResult } from './embedder.js';

/** A paid embedder's settings as given, and what the factory knows of its provider's models. */
export interface PaidEmbedderInput {
  /** The factory's name, the root of each refused field's path (`openaiEmbedder`). */
  readonly factory: string;
  /** The provider's price-catalog id (`openai`, `google`). */
  readonly provider: string;
  readonly model: string;
  readonly dimensions: number | undefined;
  readonly nativeDimensions: Readonly<Record<string, number>>;
  readonly batchSize: number | undefined;
  readonly defaultBatchSize: number;
  /** Most texts the API takes in one call. */
  readonly maxBatchSize: number;
  readonly price: PriceOverride | undefined;
}

/** A paid embedder's checked settings. */
export interface PaidEmbedderSettings {
  readonly dimensions: number;
  readonly batchSize: number;
  /** The USD price of `inputTokens` embedded now. */
  readonly priceOf: (inputTokens: number) => number;
}

/**
 * Checks a paid embedder's settings at construction: the vectors' length (given, or the model's native one), the batch
 * size within the API's limit, and a price (the catalog's, or `price`). Every bad field is a `ConfigError` issue at
 * `<factory>.<field>`.
 */
export function paidEmbedderSettings(input: PaidEmbedderInput): PaidEmbedderSettings {
  const { factory, model } = input;
  const dimensions = input.dimensions ?? input.nativeDimensions[model];
  const issues = [];
  if (dimensions === undefined || !Number.isInteger(dimensions) || dimensions < 1) {
    issues.push({
      path: `${factory}.dimensions`,
      message:
        dimensions === undefined
          ? `the native length of "${model}" is not known; pass dimensions`
          : `must be a positive integer (got ${dimensions})`,
    });
  }
  const batchSize = input.batchSize ?? input.defaultBatchSize;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > input.maxBatchSize) {
    issues.push({
      path: `${factory}.batchSize`,
      message: `must be an integer in 1..${input.maxBatchSize} (got ${batchSize})`,
    });
  }
  const overrides: Record<string, PriceOverride> = input.price ? { [model]: input.price } : {};
  let pricing: ModelPricing | undefined;
  try {
    pricing = createPriceCatalog(overrides).lookup({
      priceProviderId: input.provider,
      providerName: input.provider,
      model,
    });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    issues.push(...error.issues.map((issue) => ({ ...issue, path: `${factory}.price.${issue.path}` })));
  }
  if (!pricing && issues.length === 0) {
    issues.push({
      path: `${factory}.model`,
      message: `no price is known for "${model}"; pass price: { inputPerMTok, outputPerMTok: 0 }`,
    });
  }
  if (issues.length > 0) throw new ConfigError(issues);
  const priced = pricing as ModelPricing;
  return {
    dimensions: dimensions as number,
    batchSize,
    priceOf: (inputTokens) => priced.cost({ ...emptyUsage(), inputTokens }, new Date()).usd,
  };
}

/** Embeds `texts` in calls of `batchSize`, one after another, and sums what they cost. */
export async function embedInBatches(
  texts: string[],
  batchSize: number,
  call: (batch: string[]) => Promise<EmbeddingResult>,
  estimated?: true,
): Promise<EmbeddingResult> {
  const result: EmbeddingResult = { vectors: [], costUsd: 0, inputTokens: 0, ...(estimated ? { estimated } : {}) };
  for (let i = 0; i < texts.length; i += batchSize) {
    const part = await call(texts.slice(i, i + batchSize));
    result.vectors.push(...part.vectors);
    result.costUsd += part.costUsd;
    result.inputTokens = (result.inputTokens ?? 0) + (part.inputTokens ?? 0);
  }
  return result;
}

/**
 * The most a paid embedding of `texts` can cost: a token is at least one byte of UTF-8, so the bytes bound the tokens
 * (plus one per text, for an empty one).
 */
export function worstCaseOf(texts: readonly string[], priceOf: (inputTokens: number) => number) {
  let inputTokens = 0;
  for (const text of texts) inputTokens += Buffer.byteLength(text, 'utf8') + 1;
  return { usd: priceOf(inputTokens), inputTokens };
}
