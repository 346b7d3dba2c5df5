import type { RequestMetadata } from '../core/request-metadata.js';
import type { RequestResponseCache } from '../cache/response-cache-config.js';
import type { ChatRequest, OutputSpec } from '../providers/spec/request.js';

export type { RequestMetadata } from '../core/request-metadata.js';

/** What `router.complete` and `router.stream` accept. */
export interface RouterRequest<Output = unknown> extends Omit<ChatRequest, 'maxOutputTokens' | 'output'> {
  /** Structured output: the answer must be JSON matching this schema; `res.output` holds it parsed. */
  output?: OutputSpec<Output>;
  /** Pin a model alias (skips routing). */
  model?: string;
  /** Cap on all billed output, reasoning included. Default: the model's, else the router's. */
  maxOutputTokens?: number;
  /** Per-request budget: refused before sending when the worst case exceeds it. */
  budget?: { maxUsd: number };
  /** Tags for budgets and reports. */
  metadata?: RequestMetadata;
  /** Your id for this request (one is generated otherwise). */
  requestId?: string;
  /**
   * The response cache for this request: `false` skips it; `{ ttlMs }` marks the request cacheable even at a
   * temperature other than 0 (and sets its entry's lifetime). Not `cache`, which asks the provider for prompt caching.
   */
  responseCache?: RequestResponseCache;
  /** Aborts the request, retries and fallbacks included. */
  signal?: AbortSignal;
  /** Extra HTTP headers sent with every attempt of this request (e.g. `router.openai`'s `headers` option). */
  headers?: Record<string, string>;
  /** Deadline of each attempt of this request, in ms (over the router's `defaults.timeoutMs`). */
  timeoutMs?: number;
  /** For a stream: longest wait for the provider's next event, in ms (over `defaults.streamIdleTimeoutMs`). */
  streamIdleTimeoutMs?: number;
}
