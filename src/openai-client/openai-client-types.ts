import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParams,
} from 'openai/resources/chat/completions/completions';
import type { CacheInfo } from '../cache/cached-answer.js';
import type { RequestResponseCache } from '../cache/response-cache-config.js';
import type { CostInfo, RouteInfo } from '../router/result.js';
import type { OpenAIRequestOptions } from '../providers/openai/openai-request-options.js';
import type { ExperimentArm } from '../core/experiment-arm.js';

/** Per-request routewise options, passed in the extra `routewise` field of the Chat Completions params. */
export interface RoutewiseChatOptions {
  /** Tenant the call is made for (budgets, reports). */
  tenant?: string;
  /** End user the call is made for; defaults to the params' `user`. */
  user?: string;
  /** Product feature making the call, e.g. `support-chat`. */
  feature?: string;
  /** Per-request budget: refused before sending when the worst case exceeds it. */
  budget?: { maxUsd: number };
  /** Your id for this request (one is generated otherwise). */
  requestId?: string;
  /** The response cache for this request (`false` skips it). */
  responseCache?: RequestResponseCache;
}

/** Chat Completions params as `router.openai` takes them: the `openai` SDK's, plus `routewise` options. */
export type RoutewiseChatCompletionCreateParams = ChatCompletionCreateParams & { routewise?: RoutewiseChatOptions };

/** What routewise adds to each completion (and to a stream's last chunk): how it was routed and what it cost. */
export interface RoutewiseCompletionInfo {
  /** The routewise request id (ledger, feedback). */
  requestId: string;
  /** The alias that answered. */
  alias: string;
  /** The provider that answered. */
  provider: string;
  /** The provider model id that answered. */
  model: string;
  /** How the request was routed. */
  route: RouteInfo;
  /** What the whole request cost (every attempt). */
  cost: CostInfo;
  /** How the response cache met the request, when the router has one. */
  cache?: CacheInfo;
  /** The experiment arm that routed it, when one did. */
  experiment?: ExperimentArm;
  /** Things adapted to fit the provider. */
  warnings: string[];
}

/** An OpenAI `ChatCompletion` with routewise's route and cost in `routewise`. */
export type RoutewiseChatCompletion = ChatCompletion & { routewise: RoutewiseCompletionInfo };

/** An OpenAI `ChatCompletionChunk`; the last chunk of a stream carries `routewise`. */
export type RoutewiseChatCompletionChunk = ChatCompletionChunk & { routewise?: RoutewiseCompletionInfo };

/** What a streamed `create` returns: chunks to iterate, like the SDK's `Stream`, with its `controller`. */
export interface RoutewiseChatCompletionStream extends AsyncIterable<RoutewiseChatCompletionChunk> {
  /** Aborting it ends the request (as `break` does). */
  readonly controller: AbortController;
}

/** The per-request options `router.openai` honours: `signal`, `headers` (sent to the provider), `timeout` (ms). */
export type RoutewiseChatRequestOptions = Pick<OpenAIRequestOptions, 'signal' | 'headers' | 'timeout'>;

/** `router.openai`: the `chat.completions.create` of the `openai` SDK, run through the router. */
export interface RoutewiseOpenAI {
  /** Chat Completions. */
  readonly chat: {
    /** Chat Completions. */
    readonly completions: {
      /** Creates a completion (`stream: true`: an async iterable of chunks) through the router's pipeline. */
      create(
        params: RoutewiseChatCompletionCreateParams & { stream: true },
        options?: RoutewiseChatRequestOptions,
      ): Promise<RoutewiseChatCompletionStream>;
      create(
        params: RoutewiseChatCompletionCreateParams & { stream?: false | null },
        options?: RoutewiseChatRequestOptions,
      ): Promise<RoutewiseChatCompletion>;
      create(
        params: RoutewiseChatCompletionCreateParams,
        options?: RoutewiseChatRequestOptions,
      ): Promise<RoutewiseChatCompletion | RoutewiseChatCompletionStream>;
    };
  };
}
