import type { ToolCall } from './message.js';
import type { Usage } from './usage.js';

/** Why the model stopped, normalized across providers. */
export type FinishReason = 'stop' | 'length' | 'tool-calls' | 'content-filter' | 'error' | 'other';

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
  /** The model id the provider says answered (may carry a version suffix). */
  responseModel?: string;
  /** The provider's request id, for support tickets. */
  requestId?: string;
  /** Things the adapter had to drop or change to fit the provider (never silent). */
  warnings: string[];
  /** The provider's response object, unchanged. */
  raw: unknown;
}

/** One event of a provider stream: text deltas, then exactly one `finish`. */
export type ChatStreamEvent = { type: 'text-delta'; text: string } | { type: 'finish'; response: ChatResponse };
