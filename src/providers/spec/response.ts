import type { ToolCall } from './message.js';
import type { Usage } from './usage.js';

/** Why the model stopped, normalized across providers. */
export type FinishReason = 'stop' | 'length' | 'tool-calls' | 'content-filter' | 'error' | 'other';

/** One output token with its log-probability (natural log), as providers that expose them return it. */
export interface TokenLogprob {
  /** The token's text. */
  token: string;
  /** Its log-probability (natural log, so at most 0). */
  logprob: number;
}

/** The normalized response of one provider call. */
export interface ChatResponse {
  /** The visible text of the answer (thinking excluded). */
  text: string;
  /** Tool calls the model asked for. */
  toolCalls: ToolCall[];
  /** Why the model stopped. */
  finishReason: FinishReason;
  /** The provider's own stop reason, unchanged. */
  rawFinishReason?: string;
  /** Usage as the provider reported it, normalized. */
  usage: Usage;
  /**
   * What the call cost in USD when the adapter knows it exactly (recorded outcomes: `recordedProvider`); the router
   * then charges this figure instead of pricing `usage` from the catalog. Real provider adapters leave it unset.
   */
  costUsd?: number;
  /** The model id the provider says answered (may carry a version suffix). */
  responseModel?: string;
  /** Log-probabilities of the output tokens, when the request asked for them and the provider returns them. */
  logprobs?: TokenLogprob[];
  /** The provider's request id, for support tickets. */
  requestId?: string;
  /** Things the adapter had to drop or change to fit the provider (never silent). */
  warnings: string[];
  /** The provider's response object, unchanged. */
  raw: unknown;
}

/** One event of a provider stream: text deltas, then exactly one `finish`. */
export type ChatStreamEvent = { type: 'text-delta'; text: string } | { type: 'finish'; response: ChatResponse };
