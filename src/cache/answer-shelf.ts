// Where the response cache keeps its answers: in a memory store, as objects in the store's own values (read and
// written at once: no JSON either way, no await); in any other Store, as JSON (shared with every instance on it).
import type { RouteInfo } from '../router/result.js';
import type { InProcessValues, Store } from '../stores/store.js';
import type { CachedAnswer } from './cached-answer.js';

/** The response cache's answers under their keys. */
export interface AnswerShelf {
  /** The answer under `key`, if any: at once from memory, a promise from a shared store. */
  read(key: string): CachedAnswer | undefined | Promise<CachedAnswer | undefined>;
  /** Files `answer` under `key` for `ttlMs` (a shared store's write is a promise; a failed one rejects). */
  write(key: string, answer: CachedAnswer, ttlMs: number): void | Promise<void>;
  /** Drops the answer under `key`. */
  delete(key: string): Promise<unknown>;
}

/** The shelf for `store`: its in-process values when it has them (a memory store), else JSON in the store. */
export function answerShelfOf(store: Store): AnswerShelf {
  const values = store.engine.kind === 'memory' ? store.engine.values : undefined;
  return values ? inProcessShelf(values, store) : jsonShelf(store);
}

function jsonShelf(store: Store): AnswerShelf {
  return {
    read: (key) => store.get(key).then((raw) => (raw === undefined ? undefined : (JSON.parse(raw) as CachedAnswer))),
    write: (key, answer, ttlMs) => store.set(key, JSON.stringify(answer), { ttlMs }),
    delete: (key) => store.delete(key),
  };
}

function inProcessShelf(values: InProcessValues, store: Store): AnswerShelf {
  return {
    read(key) {
      const held = values.get(key) as CachedAnswer | undefined;
      return held === undefined ? undefined : detached(held);
    },
    write: (key, answer, ttlMs) => values.set(key, detached(answer), { ttlMs }),
    delete: (key) => store.delete(key),
  };
}

/**
 * A copy sharing nothing mutable with `answer`: what is filed must not change when the caller changes the result it
 * came from, nor a served result change what is filed (JSON gave each side its own objects; this keeps that). The
 * rest of an answer is strings and numbers.
 */
function detached(answer: CachedAnswer): CachedAnswer {
  return {
    ...answer,
    toolCalls:
      answer.toolCalls.length === 0 ? [] : (JSON.parse(JSON.stringify(answer.toolCalls)) as typeof answer.toolCalls),
    route: detachedRoute(answer.route),
  };
}

/** A pinned route is flat but for its chain; a policy's (steps, checks, estimates) goes through JSON, as before. */
function detachedRoute(route: RouteInfo): RouteInfo {
  return route.kind === 'pinned'
    ? { ...route, chain: [...route.chain] }
    : (JSON.parse(JSON.stringify(route)) as RouteInfo);
}
