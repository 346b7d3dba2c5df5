// What `router.feedback` needs to know about an answered request (which experiment arm routed it, which per-task
// learner decided on it), remembered where every instance can find it: a request answered by one instance often
// gets its thumbs-up through another (a separate HTTP call behind the same load balancer).
import type { Store } from '../../stores/store.js';
import { rememberedRequestKey } from '../experiments/stats-keys.js';
import { FEEDBACK_WINDOW, RecentRequests } from '../experiments/recent-requests.js';

/**
 * How long a shared store (Redis, PostgreSQL) remembers an answered request for feedback by default: 24 hours
 * (`feedbackTtlMs` in the router config). Each remembered request is one small key (~200 bytes in Redis), so a
 * router answering 100 routed requests a second holds about 8.6 million of them at this default.
 */
export const FEEDBACK_TTL_MS = 24 * 60 * 60 * 1000;

/** What feedback on one request is recorded against. */
export interface RememberedRequest {
  /** The experiment and arm that routed it. */
  experiment?: { name: string; arm: string };
  /** The per-task learner that decided on it, the request's task and the alias that answered. */
  learned?: { learner: string; task: string; alias: string };
  /** The latest feedback score recorded for it (a later one replaces it in every statistic). */
  score?: number;
}

/** Remembers answered requests for feedback. */
export interface RequestMemory {
  /** Remembers (or overwrites) what a request was routed by. */
  remember(requestId: string, entry: RememberedRequest): Promise<void>;
  /** What a request was routed by, if it is still remembered. */
  recall(requestId: string): Promise<RememberedRequest | undefined>;
}

// Routers sharing one memory store share its remembered requests too, as they would on Redis.
const localMemories = new WeakMap<Store, RecentRequests<RememberedRequest>>();

/**
 * The memory of a router's store: in process for the memory store (the last `window` requests), else in the store
 * itself (`feedback:req:<id>`, for `ttlMs`), so any instance can take feedback on any instance's answer.
 */
export function requestMemory(store: Store, window = FEEDBACK_WINDOW, ttlMs = FEEDBACK_TTL_MS): RequestMemory {
  if (store.engine.kind === 'memory') {
    let recent = localMemories.get(store);
    if (!recent) {
      recent = new RecentRequests<RememberedRequest>(window);
      localMemories.set(store, recent);
    }
    const local = recent;
    return {
      remember: async (requestId, entry) => local.set(requestId, { ...entry }),
      recall: async (requestId) => {
        const entry = local.get(requestId);
        return entry && { ...entry };
      },
    };
  }
  return {
    remember: (requestId, entry) => store.set(rememberedRequestKey(requestId), JSON.stringify(entry), { ttlMs }),
    async recall(requestId) {
      const text = await store.get(rememberedRequestKey(requestId));
      return text === undefined ? undefined : (JSON.parse(text) as RememberedRequest);
    },
  };
}
