import { ConfigError, type ValidationIssue } from '../errors.js';
import type { PriceOverride } from '../pricing/price-override.js';
import type { ProviderAdapter } from '../providers/spec/provider.js';
import type { ReasoningSetting } from '../providers/spec/request.js';
import type { AttemptRecord } from '../router/attempt.js';
import { createRouter, type Router } from '../router/create-router.js';
import type { RetryOptions } from '../core/retry-options.js';
import { ClassifierOutputError } from './classifier-output-error.js';
import { DEFAULT_DIFFICULTY_INSTRUCTION, difficultyMessages } from './difficulty-prompt.js';
import { parseDifficultyRating, ratingToScore } from './parse-difficulty-rating.js';
import type { ClassifierInput, ClassifierResult, DifficultyClassifier } from '../classifiers/types.js';

/** Options shared by both ways of reaching the rating model. */
interface LlmClassifierCommon {
  /** The instruction (system prompt) that asks for a 1–10 rating; default `DEFAULT_DIFFICULTY_INSTRUCTION`. */
  prompt?: string;
  /** Output cap of the rating call (default 16; raise it with reasoning models). */
  maxOutputTokens?: number;
  /** Reasoning setting of the rating call (default: the model's own). */
  reasoning?: ReasoningSetting;
  /**
   * Score returned when the answer holds no usable rating (the call's cost is still returned). Default: none, and
   * such an answer throws `ClassifierOutputError` carrying the cost.
   */
  fallbackScore?: number;
}

/** Options of `llmClassifier()`: a model alias of a router, or a provider model id with an adapter. */
export type LlmClassifierOptions = LlmClassifierCommon &
  (
    | {
        /** A model alias of `router`. */
        model: string;
        /** The router that calls the model (its retries, fallbacks, prices and per-attempt costs apply). */
        router: Router;
        adapter?: undefined;
      }
    | {
        /** The provider's model id, e.g. `gpt-4.1-nano`. */
        model: string;
        /** The provider adapter that calls it, e.g. `openai()`. */
        adapter: ProviderAdapter;
        router?: undefined;
        /** Price overrides (as `createRouter`'s `prices`); the model must have a price. */
        prices?: Record<string, PriceOverride>;
        /** Retry settings (as `createRouter`'s `retry`). */
        retry?: RetryOptions;
      }
  );

/** What `llmClassifier` returns: the score, the rating it came from, and what asking cost. */
export interface LlmClassifierResult extends ClassifierResult {
  /** The model's rating in [1, 10]; undefined when `fallbackScore` stood in for a malformed answer. */
  rating: number | undefined;
  /** What the rating call cost in USD, every attempt included; the router charges it to the request. */
  costUsd: number;
  /** Every attempt of the rating call (retries and fallbacks included), as priced. */
  attempts: AttemptRecord[];
}

/** A difficulty classifier that asks a (cheap) model. */
export interface LlmDifficultyClassifier extends DifficultyClassifier {
  /** Rates one query through the model. */
  classify(input: ClassifierInput): Promise<LlmClassifierResult>;
}

function checkOptions(options: LlmClassifierOptions): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (typeof options?.model !== 'string' || options.model.length === 0) {
    issues.push({
      path: 'llmClassifier.model',
      message: 'must be a model alias (with router) or model id (with adapter)',
    });
  }
  if ((options?.router === undefined) === (options?.adapter === undefined)) {
    issues.push({ path: 'llmClassifier', message: 'pass exactly one of router and adapter' });
  }
  if (options?.prompt !== undefined && (typeof options.prompt !== 'string' || options.prompt.trim() === '')) {
    issues.push({ path: 'llmClassifier.prompt', message: 'must be a non-empty string' });
  }
  const cap = options?.maxOutputTokens;
  if (cap !== undefined && !(Number.isInteger(cap) && cap > 0)) {
    issues.push({ path: 'llmClassifier.maxOutputTokens', message: `must be a positive integer (got ${String(cap)})` });
  }
  const fallback = options?.fallbackScore;
  if (fallback !== undefined && !(typeof fallback === 'number' && fallback >= 0 && fallback <= 1)) {
    issues.push({
      path: 'llmClassifier.fallbackScore',
      message: `must be a number in [0, 1] (got ${String(fallback)})`,
    });
  }
  return issues;
}

/** The router and alias the classifier calls: the caller's, or a one-model router over the adapter. */
function resolveRouter(options: LlmClassifierOptions): { router: Router; alias: string } {
  if (options.router) {
    if (!options.router.models.includes(options.model)) {
      throw new ConfigError([
        {
          path: 'llmClassifier.model',
          message: `"${options.model}" is not a model alias of the router (aliases: ${options.router.models.join(', ')})`,
        },
      ]);
    }
    return { router: options.router, alias: options.model };
  }
  const { adapter, model } = options;
  const router = createRouter({
    providers: { [adapter.name]: adapter },
    models: { [model]: { provider: adapter.name, model } },
    ...(options.prices ? { prices: options.prices } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
  });
  return { router, alias: model };
}

/**
 * Asks a cheap model to rate a query's difficulty from 1 to 10 and scores (rating − 1) / 9. The query is passed as
 * quoted data inside a fixed instruction (`difficultyMessages`), never as instructions. Every attempt is priced, and
 * the result carries `costUsd` and `attempts` so the router charges them to the request. Options are checked at
 * construction (`ConfigError`; with an adapter, a model with no price is refused there too). A failed call throws the
 * router's error (`RouteExhaustedError`, `BudgetExceededError`: both carry the attempts).
 */
export function llmClassifier(options: LlmClassifierOptions): LlmDifficultyClassifier {
  const issues = checkOptions(options);
  if (issues.length > 0) throw new ConfigError(issues);
  const { router, alias } = resolveRouter(options);
  const instruction = options.prompt ?? DEFAULT_DIFFICULTY_INSTRUCTION;
  const maxOutputTokens = options.maxOutputTokens ?? 16;
  const name = `llmClassifier(${alias})`;
  return {
    name: 'llmClassifier',
    async classify(input: ClassifierInput): Promise<LlmClassifierResult> {
      const { system, messages } = difficultyMessages(input, instruction);
      const res = await router.complete({
        model: alias,
        system,
        messages,
        maxOutputTokens,
        temperature: 0,
        ...(options.reasoning ? { reasoning: options.reasoning } : {}),
        // Routed by a cascade, the rating call is part of the request: its worst case must fit the request's budget
        // (refused before sending otherwise) and the request's abort signal stops it.
        ...(input.budget ? { budget: input.budget } : {}),
        ...(input.signal ? { signal: input.signal } : {}),
        // Through the routed request's own router, the rating call draws from the same running caps.
        ...(input.metadata ? { metadata: input.metadata } : {}),
      });
      const costUsd = res.cost.usd;
      const attempts = res.cost.attempts;
      const rating = parseDifficultyRating(res.text);
      if (rating !== undefined) return { score: ratingToScore(rating), rating, costUsd, attempts };
      if (options.fallbackScore !== undefined)
        return { score: options.fallbackScore, rating: undefined, costUsd, attempts };
      throw new ClassifierOutputError(name, res.text, costUsd, attempts);
    },
  };
}
