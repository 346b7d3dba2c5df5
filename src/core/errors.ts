import type { AttemptRecord } from './attempt-record.js';
import type { Usage } from './usage.js';

/** Base class of every error routewise throws. */
export class RoutewiseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** One problem found in a config or request: where it is and what is wrong. */
export interface ValidationIssue {
  /** Dotted path of the bad field, e.g. `models.fast.provider`. */
  path: string;
  /** What is wrong with it. */
  message: string;
}

function formatIssues(prefix: string, issues: ValidationIssue[]): string {
  const lines = issues.map((issue) => `  ${issue.path || '(root)'}: ${issue.message}`);
  return `${prefix}\n${lines.join('\n')}`;
}

/** Invalid router configuration, raised by `createRouter`; each issue names the bad field's path. */
export class ConfigError extends RoutewiseError {
  /** Every problem found, each with its path. */
  readonly issues: ValidationIssue[];
  constructor(issues: ValidationIssue[]) {
    super(formatIssues('Invalid routewise config:', issues));
    this.issues = issues;
  }
}

/** Invalid request passed to `complete` or `stream`; each issue names the bad field's path. */
export class InvalidRequestError extends RoutewiseError {
  /** Every problem found, each with its path. */
  readonly issues: ValidationIssue[];
  constructor(issues: ValidationIssue[]) {
    super(formatIssues('Invalid routewise request:', issues));
    this.issues = issues;
  }
}

/** What kind of failure a `ProviderError` reports. */
export type ProviderErrorKind =
  | 'http'
  | 'connection'
  | 'timeout'
  | 'aborted'
  | 'malformed-response'
  | 'stream-interrupted'
  | 'unknown';

/** Fields of a `ProviderError`. */
export interface ProviderErrorDetails {
  /** Provider name as configured (e.g. `openai`). */
  provider: string;
  /** Provider model id. */
  model: string;
  /** What kind of failure this was. */
  kind: ProviderErrorKind;
  /** HTTP status, when the provider answered with one. */
  status?: number;
  /** Whether the retry layer may try again. */
  retryable: boolean;
  /** Provider request id, when known. */
  requestId?: string;
  /** Delay the provider asked for (`retry-after-ms` / `retry-after`), in milliseconds. */
  retryAfterMs?: number;
  /** The provider's own error code or type, e.g. `rate_limit_error`. */
  code?: string;
  /** Usage the provider reported before failing (a stream cut after `message_start`, say). */
  usage?: Usage;
  /** The underlying SDK error. */
  cause?: unknown;
}

/** A provider call failed. Carries what a caller needs to act: status, retryability, request id. */
export class ProviderError extends RoutewiseError {
  readonly provider: string;
  readonly model: string;
  readonly kind: ProviderErrorKind;
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly requestId: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly code: string | undefined;
  readonly usage: Usage | undefined;
  /**
   * When the router throws this error itself (a stream that broke after text reached the caller, an abort): every
   * attempt of the request so far, this one included, each with its cost. Undefined on an adapter's own error.
   */
  attempts: AttemptRecord[] | undefined;
  constructor(message: string, details: ProviderErrorDetails) {
    super(message, { cause: details.cause });
    this.provider = details.provider;
    this.model = details.model;
    this.kind = details.kind;
    this.status = details.status;
    this.retryable = details.retryable;
    this.requestId = details.requestId;
    this.retryAfterMs = details.retryAfterMs;
    this.code = details.code;
    this.usage = details.usage;
    this.attempts = undefined;
  }
}

/** The provider answered, but not in its documented format (bad JSON, missing fields). */
export class MalformedResponseError extends ProviderError {
  constructor(message: string, details: Omit<ProviderErrorDetails, 'kind' | 'retryable'>) {
    super(message, { ...details, kind: 'malformed-response', retryable: false });
  }
}

/** A stream ended or broke before the provider's end-of-message event: never a silent success. */
export class StreamInterruptedError extends ProviderError {
  /** Text received before the stream broke. */
  readonly partialText: string;
  constructor(message: string, details: Omit<ProviderErrorDetails, 'kind' | 'retryable'> & { partialText: string }) {
    super(message, { ...details, kind: 'stream-interrupted', retryable: false });
    this.partialText = details.partialText;
  }
}

/** Which budget a `BudgetExceededError` hit: the request's own, or a running cap on a tenant, user, feature or run. */
export type BudgetScope = 'request' | 'tenant' | 'user' | 'feature' | 'run';

/** A call was refused because its worst-case cost would exceed a budget. Nothing was sent. */
export class BudgetExceededError extends RoutewiseError {
  /** Which budget was hit. */
  readonly scope: BudgetScope;
  /** The budget, in USD (for a run's call cap: the number of calls). */
  readonly limitUsd: number;
  /** Already spent (settled) against the budget before the refused call, in USD (calls for a call cap). */
  readonly spentUsd: number;
  /** Held by calls under way against a running cap (0 for a request budget). */
  readonly reservedUsd: number;
  /** Worst-case cost of the refused call, in USD. */
  readonly estimateUsd: number;
  /** The worst-case inputs the estimate used. */
  readonly estimate: { model: string; inputTokens: number; maxOutputTokens: number };
  /** For a running cap: the tenant, user, feature or run id. */
  readonly scopeName?: string;
  /** For a running cap: its window (`minute`, `hourly`, `daily`, `monthly`; `total` for a run). */
  readonly window?: string;
  /** For a running cap: `hard`, or `soft` (a cascade may fall to another step). */
  readonly mode?: 'hard' | 'soft';
  /** For a run's call cap: `calls`. */
  readonly unit?: 'usd' | 'calls';
  /** Attempts already made (and charged) on this request before the refusal. */
  readonly attempts: AttemptRecord[] = [];
  constructor(details: {
    scope: BudgetScope;
    limitUsd: number;
    spentUsd: number;
    estimateUsd: number;
    estimate: { model: string; inputTokens: number; maxOutputTokens: number };
    reservedUsd?: number;
    scopeName?: string;
    window?: string;
    mode?: 'hard' | 'soft';
    unit?: 'usd' | 'calls';
  }) {
    super(budgetMessage(details));
    this.scope = details.scope;
    this.limitUsd = details.limitUsd;
    this.spentUsd = details.spentUsd;
    this.reservedUsd = details.reservedUsd ?? 0;
    this.estimateUsd = details.estimateUsd;
    this.estimate = details.estimate;
    if (details.scopeName !== undefined) this.scopeName = details.scopeName;
    if (details.window !== undefined) this.window = details.window;
    if (details.mode !== undefined) this.mode = details.mode;
    if (details.unit !== undefined) this.unit = details.unit;
  }
}

function budgetMessage(details: ConstructorParameters<typeof BudgetExceededError>[0]): string {
  const { estimate } = details;
  const worst =
    `worst case $${details.estimateUsd.toFixed(6)} for ${estimate.model} ` +
    `(${estimate.inputTokens} input tokens estimated + ${estimate.maxOutputTokens} output cap)`;
  if (details.scope === 'request') {
    return (
      `Budget exceeded (request): ${worst}` +
      (details.spentUsd > 0 ? ` on top of $${details.spentUsd.toFixed(6)} already spent` : '') +
      ` exceeds the limit of $${details.limitUsd}`
    );
  }
  const label = `${details.scope} ${details.scopeName ?? ''}, ${details.unit === 'calls' ? 'calls' : details.window}`;
  if (details.unit === 'calls') {
    return (
      `Budget exceeded (${label}): ${details.spentUsd} calls made and ${details.reservedUsd ?? 0} under way ` +
      `reach the cap of ${details.limitUsd} calls`
    );
  }
  return (
    `Budget exceeded (${label}): ${worst} on top of $${details.spentUsd.toFixed(6)} spent and ` +
    `$${(details.reservedUsd ?? 0).toFixed(6)} reserved exceeds the ${details.mode ?? 'hard'} cap of $${details.limitUsd}`
  );
}

/** A request's estimated input does not fit the model's context window. Nothing was sent. */
export class ContextWindowExceededError extends RoutewiseError {
  readonly model: string;
  /** The input estimate, or a lower bound on it when `atLeast` (an input refused by its size, not counted). */
  readonly estimatedInputTokens: number;
  readonly contextWindow: number;
  /** True when `estimatedInputTokens` is a lower bound: the input was too large to be worth counting exactly. */
  readonly atLeast: boolean;
  constructor(details: { model: string; estimatedInputTokens: number; contextWindow: number; atLeast?: boolean }) {
    super(
      `Input of ${details.atLeast ? 'at least' : 'about'} ${details.estimatedInputTokens} tokens does not fit ${details.model}'s context window of ${details.contextWindow} tokens`,
    );
    this.atLeast = details.atLeast ?? false;
    this.model = details.model;
    this.estimatedInputTokens = details.estimatedInputTokens;
    this.contextWindow = details.contextWindow;
  }
}

/** Every model of a route failed (after retries and fallbacks). Lists every attempt with its error and cost. */
export class RouteExhaustedError extends RoutewiseError {
  /** Every attempt made, in order, each with its error and cost. */
  readonly attempts: AttemptRecord[];
  /** What the failed attempts cost in total (USD). */
  readonly costUsd: number;
  /** HTTP status of the last attempt's failure, when it had one (as an `openai` SDK `APIError`'s `status`). */
  readonly status: number | undefined;
  constructor(attempts: AttemptRecord[], costUsd: number) {
    const lines = attempts.map(
      (a) => `  ${a.alias} (${a.provider}:${a.model}) attempt ${a.attempt}: ${a.error?.message ?? a.status}`,
    );
    super(`Every model of the route failed:\n${lines.join('\n')}`, { cause: attempts.at(-1)?.error });
    this.attempts = attempts;
    this.costUsd = costUsd;
    this.status = attempts.at(-1)?.httpStatus;
  }
}
