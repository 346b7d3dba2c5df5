// The router's event hub: `router.on('alert', fn)`. Budgets, the ledger and rate limits emit here; a listener that
// throws is reported on the console and never breaks the request that emitted.

/** What an alert is about. Budgets emit `budget-threshold` and `soft-cap-exceeded`; the ledger adds its own. */
export type AlertType =
  | 'budget-threshold'
  | 'soft-cap-exceeded'
  | 'store-unavailable'
  | 'spend-spike'
  | 'model-mix-shift'
  | 'retry-storm'
  | (string & {});

/** One alert: a type, the scope it concerns (`tenant acme, daily`) and the figures behind it. */
export interface RouterAlert {
  /** What happened. */
  readonly type: AlertType;
  /** The scope, e.g. `tenant acme, daily`; `router` when it concerns the whole router. */
  readonly scope: string;
  /** One readable sentence. */
  readonly message: string;
  /** When it was raised. */
  readonly at: Date;
  /** The numbers behind it (spentUsd, capUsd, threshold, ratio, …). */
  readonly figures: Readonly<Record<string, number>>;
  /** Extra context (tenant, user, feature, window, requestId, …). */
  readonly details?: Readonly<Record<string, string | undefined>>;
}

/** Events a router emits, by name. */
export interface RouterEventMap {
  /** A budget, spend or traffic guardrail fired. */
  alert: RouterAlert;
}

/** A listener of one router event. */
export type RouterEventListener<K extends keyof RouterEventMap> = (event: RouterEventMap[K]) => void;

/** Subscribe to and emit router events. */
export interface RouterEvents {
  /** Add a listener; returns a function that removes it. */
  on<K extends keyof RouterEventMap>(name: K, listener: RouterEventListener<K>): () => void;
  /** Remove a listener. */
  off<K extends keyof RouterEventMap>(name: K, listener: RouterEventListener<K>): void;
  /** Deliver an event to every listener, synchronously; listener errors are logged, not thrown. */
  emit<K extends keyof RouterEventMap>(name: K, event: RouterEventMap[K]): void;
  /** Whether anyone listens (skip building an event nobody reads). */
  has(name: keyof RouterEventMap): boolean;
}

/** A fresh event hub for one router. */
export function createRouterEvents(): RouterEvents {
  const listeners = new Map<keyof RouterEventMap, Set<(event: never) => void>>();
  return {
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) {
        set = new Set();
        listeners.set(name, set);
      }
      set.add(listener as (event: never) => void);
      return () => this.off(name, listener);
    },
    off(name, listener) {
      listeners.get(name)?.delete(listener as (event: never) => void);
    },
    emit(name, event) {
      for (const listener of listeners.get(name) ?? []) {
        try {
          (listener as (e: typeof event) => void)(event);
        } catch (error) {
          console.error(`routewise: a '${String(name)}' listener threw`, error);
        }
      }
    },
    has(name) {
      return (listeners.get(name)?.size ?? 0) > 0;
    },
  };
}
