// Which requests the response cache served, and from which entry, so feedback on one can evict what served it. Feedback
// may reach another instance than the one that served the request (a load balancer picks): with a shared store each
// hit leaves a record there (with a TTL); the routers on one memory store share one bounded map.
import { RecentRequests } from '../router/experiments/recent-requests.js';
import type { Store } from '../stores/store.js';

/** What served a request from the cache. */
export interface ServedEntry {
  readonly answerKey: string;
  readonly semanticId?: string;
  readonly similarity?: number;
}

/** The served requests a router's feedback can find. */
export interface ServedRequests {
  /** Notes that `requestId` was served by `entry` (a shared store's write is not awaited; a failed one is dropped). */
  note(requestId: string, entry: ServedEntry): void;
  /** What served `requestId`, if the cache did and it is still remembered. */
  find(requestId: string): Promise<ServedEntry | undefined>;
  /** Forgets `requestId` (its entry was evicted: one eviction per served request). */
  forget(requestId: string): void;
}

/** Most served requests remembered in memory (the oldest are forgotten first). */
const REMEMBERED = 10_000;

/** One map per memory store: every router on it finds what the others served. */
const byMemoryStore = new WeakMap<Store, RecentRequests<ServedEntry>>();

/** The store key of a served request's record. */
export const servedRequestKey = (requestId: string): string => `cache:v2:served:${encodeURIComponent(requestId)}`;

/** Served requests kept in `store`'s process (a memory store) or in the store itself for `ttlMs` (a shared one). */
export function servedRequests(store: Store, ttlMs: number): ServedRequests {
  if (store.engine.kind === 'memory') {
    let map = byMemoryStore.get(store);
    if (!map) {
      map = new RecentRequests<ServedEntry>(REMEMBERED);
      byMemoryStore.set(store, map);
    }
    const local = map;
    return {
      note: (requestId, entry) => void local.set(requestId, entry),
      find: async (requestId) => local.get(requestId),
      forget: (requestId) => void local.delete(requestId),
    };
  }
  // This instance's own hits are found without a round trip; others' through their records.
  const local = new RecentRequests<ServedEntry>(REMEMBERED);
  return {
    note(requestId, entry) {
      local.set(requestId, entry);
      store.set(servedRequestKey(requestId), JSON.stringify(entry), { ttlMs }).catch(() => {});
    },
    async find(requestId) {
      const own = local.get(requestId);
      if (own) return own;
      const raw = await store.get(servedRequestKey(requestId));
      return raw === undefined ? undefined : (JSON.parse(raw) as ServedEntry);
    },
    forget(requestId) {
      local.delete(requestId);
      store.delete(servedRequestKey(requestId)).catch(() => {});
    },
  };
}
