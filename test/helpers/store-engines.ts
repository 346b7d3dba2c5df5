import { afterAll, afterEach, beforeAll } from 'vitest';
import { memoryStore, postgresStore, redisStore, type Store } from '../../src/index.js';
import {
  DATABASE_URL,
  dropPrefix,
  dropSchema,
  REDIS_URL,
  requirePostgres,
  requireRedis,
  uniqueName,
} from './servers.js';

/** One store engine as the tests open it: each test's data lives under a name of its own (prefix or schema). */
export interface StoreEngine {
  /** `memory`, `redis` or `postgres`. */
  engine: 'memory' | 'redis' | 'postgres';
  /** How a test title names it: memory, Redis, PostgreSQL. */
  title: string;
  /** Fails, saying how to start the server, when the engine's server does not answer. */
  ready: () => Promise<void>;
  /** A store of this engine whose data lives under `name` (memory ignores it: every store is its own). */
  open: (name: string) => Store;
  /** Removes what was stored under `name`. */
  drop: (name: string) => Promise<void>;
}

/** The in-process store: nothing to wait for, nothing to drop. */
export const memoryEngine: StoreEngine = {
  engine: 'memory',
  title: 'memory',
  ready: async () => {},
  open: () => memoryStore(),
  drop: async () => {},
};

/** Redis at REDIS_URL, a key prefix per name. */
export const redisEngine: StoreEngine = {
  engine: 'redis',
  title: 'Redis',
  ready: () => requireRedis(),
  open: (prefix) => redisStore({ url: REDIS_URL, prefix }),
  drop: dropPrefix,
};

/** PostgreSQL at DATABASE_URL, a schema per name. */
export const postgresEngine: StoreEngine = {
  engine: 'postgres',
  title: 'PostgreSQL',
  ready: () => requirePostgres(),
  open: (schema) => postgresStore({ url: DATABASE_URL, schema }),
  drop: dropSchema,
};

/** The engines several processes or instances can share. */
export const sharedEngines: StoreEngine[] = [redisEngine, postgresEngine];

/** Every engine, memory first. */
export const allEngines: StoreEngine[] = [memoryEngine, ...sharedEngines];

/** What `useStoreNames` hands a describe block. */
export interface StoreNames {
  /** A new name unique to this run (a Redis prefix or a PostgreSQL schema), dropped afterwards. */
  name(label: string): string;
  /** A store under a new name; it is closed, then its name dropped, afterwards. */
  store(label: string): Store;
}

/**
 * Call in a describe block: waits for `engine` before its tests, and after them (each test, with `'each'`) closes the
 * stores and drops the names it handed out, so every test's data lives apart and nothing is left behind.
 */
export function useStoreNames(engine: StoreEngine, after: 'all' | 'each' = 'all'): StoreNames {
  const names: string[] = [];
  const stores: Store[] = [];
  beforeAll(() => engine.ready());
  (after === 'each' ? afterEach : afterAll)(async () => {
    for (const store of stores.splice(0)) await store.close();
    for (const name of names.splice(0)) await engine.drop(name);
  });
  const name = (label: string) => {
    const fresh = uniqueName(label);
    names.push(fresh);
    return fresh;
  };
  return {
    name,
    store(label) {
      const store = engine.open(name(label));
      stores.push(store);
      return store;
    },
  };
}
