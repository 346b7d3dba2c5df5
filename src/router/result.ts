import type { ToolCall } from '../providers/spec/message.js';
import type { FinishReason } from '../providers/spec/response.js';
import type { Usage } from '../providers/spec/usage.js';
import type { AttemptRecord } from './attempt.js';

/** How a request was routed: which aliases were in line and which one answered. */
export interface RouteInfo {
  /** `pinned` when `request.model` chose the alias. */
  kind: 'pinned';
  /** The aliases in the order they were to be tried: the chosen one, then its fallbacks. */
  chain: string[];
  /** The alias that answered. */
  answeredBy: string;
  /** Whether a fallback answered instead of the first alias. */
  fellBack: boolean;
}

/** The cost of a request: the total, and every attempt that made it up. */
export interface CostInfo {
  /** Total USD over every attempt (retries, failures and fallbacks included). */
  usd: number;
  /** Every attempt, in order. */
  attempts: AttemptRecord[];
}

/** What `router.complete` returns (and a stream's final event carries). */
export interface RouterResult<Output = unknown> {
  /** The request id (yours, or a generated one). */
  requestId: string;
  /** The answer's visible text. */
  text: string;
  /** The parsed structured output, when the request asked for one and the answer parsed. */
  output?: Output;
  /** Why structured output did not parse, when it did not. */
  outputError?: string;
  /** Tool calls the model asked for. */
  toolCalls: ToolCall[];
  /** Why the model stopped. */
  finishReason: FinishReason;
  /** The alias that answered. */
  alias: string;
  /** The provider model id that answered (as configured for the alias). */
  model: string;
  /** The model id the provider reported, often a dated snapshot (e.g. `gpt-4o-mini-2024-07-18`). */
  responseModel?: string;
  /** The provider that answered. */
  provider: string;
  /** Usage of the answering call. */
  usage: Usage;
  /** Cost of the whole request. */
  cost: CostInfo;
  /** How the request was routed. */
  route: RouteInfo;
  /** Things adapted to fit the provider (dropped parameters, clamped budgets). */
  warnings: string[];
  /** The provider's raw response. */
  raw: unknown;
}
