// The semantic cache: embeds a request's last user turn, finds cached questions in the same context bucket (tenant
// scope + everything but the wording) above the similarity threshold, and serves one only when the second check
// (lexical rules, then the user's `verify`) agrees.
import { allRecalled, type EmbeddingResult, embedCharged } from '../embedders/embedder.js';
import { OptionalDependencyError } from '../embedders/optional-dependency-error.js';
import type { RouterRequest } from '../router/request.js';
import type { Store } from '../stores/store.js';
import { lexicalMismatch } from './lexical-check.js';
import type { LookupCaps } from './lookup-caps.js';
import {
  DEFAULT_CACHE_TTL_MS,
  DEFAULT_SEMANTIC_MAX_ENTRIES,
  type SemanticCacheConfig,
} from './response-cache-config.js';
import { type LshKeys, lshKeys } from './lsh-tables.js';
import { normalizeVector, SemanticIndex } from './semantic-index.js';
import { redisSemanticSync, type SemanticSync } from './semantic-redis-sync.js';
import { DEFAULT_LEXICAL_CHECK, DEFAULT_SEMANTIC_THRESHOLD } from './semantic-defaults.js';

/** A candidate match found by the index. */
export interface SemanticCandidate {
  readonly id: string;
  readonly answerKey: string;
  readonly similarity: number;
}

/** A probed request: its bucket and vector (kept to index the fresh answer on a miss) and the candidates found. */
export interface SemanticProbe {
  readonly bucket: string;
  readonly vector: Float32Array;
  /** The vector's LSH keys (for the search and for filing a fresh answer). */
  readonly keys?: LshKeys;
  readonly candidates: readonly SemanticCandidate[];
  /** What embedding the question cost, in USD. */
  readonly embeddingUsd: number;
}

/** A semantic lookup skipped without a vector: the paid embedding's worst case did not fit, or the embedder failed. */
export interface SkippedProbe {
  /** Why, for `res.cache.semanticSkipped`. */
  readonly skipped: string;
}

/** The semantic cache of one router. */
export interface SemanticCache {
  readonly ttlMs: number;
  /**
   * Embeds the request's question and finds candidates; undefined when the request has no plain question, a
   * `SkippedProbe` when `caps` cannot cover a paid embedding's worst case (nothing is embedded then) or the embedder
   * failed.
   */
  probe(
    request: RouterRequest,
    scope: string,
    contextKey: string,
    question: string,
    caps?: LookupCaps,
  ): Promise<SemanticProbe | SkippedProbe | undefined>;
  /** The second check: lexical rules, then the user's verify (one that throws or rejects refuses the candidate). */
  confirm(query: string, candidate: string): Promise<boolean>;
  /** Indexes a fresh answer. */
  add(probe: SemanticProbe, answerKey: string, ttlMs: number): void;
  /** Removes an entry (a wrong hit); its neighbourhood's threshold rises above the similarity it was served at. */
  evict(id: string, servedAt?: number): void;
  /** Stops following other instances' entries (Redis). */
  close(): Promise<void>;
}

/** Whether the last user turn is text only (an image's content is not in the wording we embed). */
function lastUserIsText(request: RouterRequest): boolean {
  for (let i = request.messages.length - 1; i >= 0; i--) {
    const message = request.messages[i];
    if (message?.role !== 'user') continue;
    return typeof message.content === 'string' || message.content.every((part) => part.type === 'text');
  }
  return false;
}

/** Builds a semantic cache from its config; with a Redis store, entries are shared with every instance on it. */
export function createSemanticCache(config: SemanticCacheConfig, store: Store): SemanticCache {
  const ttlMs = config.ttlMs ?? DEFAULT_CACHE_TTL_MS;
  const maxEntries = config.maxEntries ?? DEFAULT_SEMANTIC_MAX_ENTRIES;
  const index = new SemanticIndex(maxEntries, ttlMs);
  const engine = store.engine;
  const threshold = config.threshold ?? DEFAULT_SEMANTIC_THRESHOLD;
  // Per-bucket thresholds raised by negative feedback (vCache-style online per-neighbourhood thresholds).
  const raised = new Map<string, number>();
  /** Drops an entry and raises its bucket's bar (a feedback eviction, this instance's or another's). */
  const applyEviction = (id: string, bucket: string | undefined, raiseTo: number | undefined) => {
    index.delete(id);
    if (bucket !== undefined && raiseTo !== undefined) raised.set(bucket, Math.max(raised.get(bucket) ?? -1, raiseTo));
  };
  const sync: SemanticSync | undefined =
    engine.kind === 'redis'
      ? redisSemanticSync(
          engine.client,
          engine.prefix,
          maxEntries,
          (entry) => {
            const left = entry.expiresAt - Date.now();
            if (left > 0) index.add(entry, Math.ceil(left));
          },
          (eviction) => applyEviction(eviction.id, eviction.bucket, eviction.raiseTo),
        )
      : undefined;

  /**
   * Embeds through the request's caps: a paid embedder's worst case is held first and settled to the call's cost; one
   * that cannot bound its cost is charged after. A `SkippedProbe` when the worst case does not fit.
   */
  function embedWithinCaps(texts: string[], caps: LookupCaps | undefined): Promise<EmbeddingResult | SkippedProbe> {
    const embedder = config.embedder;
    // Free: nothing to hold or charge (no caps, an in-process embedder, or vectors this request already has). The
    // embedding's own promise, not one around it: an async function returning a promise costs two more ticks.
    if (!caps || !embedder.embedWithCost || allRecalled(embedder, texts)) return embedCharged(embedder, texts);
    return embedPaid(texts, caps);
  }

  /** `embedWithinCaps` for a paid embedder under caps. */
  async function embedPaid(texts: string[], caps: LookupCaps): Promise<EmbeddingResult | SkippedProbe> {
    const embedder = config.embedder;
    const worst = embedder.worstCase?.(texts);
    if (!worst || worst.usd <= 0) {
      const result = await embedCharged(embedder, texts);
      if (result.costUsd > 0) await caps.charge(result.costUsd);
      return result;
    }
    const settle = await caps.hold({ usd: worst.usd, embedder: embedder.name, inputTokens: worst.inputTokens });
    if (!settle) return { skipped: `the embedding's worst case ($${worst.usd}) does not fit the budget or caps` };
    let costUsd = 0;
    try {
      const result = await embedCharged(embedder, texts);
      costUsd = result.costUsd;
      return result;
    } finally {
      await settle(costUsd);
    }
  }

  return {
    ttlMs,
    async probe(request, scope, contextKey, question, caps) {
      if (question.trim() === '' || !lastUserIsText(request)) return undefined;
      const bucket = `${scope}:${contextKey}`;
      let embedded: EmbeddingResult | SkippedProbe;
      try {
        embedded = await embedWithinCaps([question], caps);
      } catch (error) {
        // A missing optional package is a setup error to see at once, not a lookup to skip on every request.
        if (error instanceof OptionalDependencyError) throw error;
        // The cache is an optimisation: an embedder that fails (a provider error, a bug) skips the semantic lookup
        // alone, and the request is answered fresh (and still cached exactly).
        return { skipped: `the embedding failed: ${error instanceof Error ? error.message : String(error)}` };
      }
      if ('skipped' in embedded) return embedded;
      const { vectors, costUsd } = embedded;
      const vector = normalizeVector(vectors[0] ?? []);
      // The keys serve the search and, on a miss, filing the fresh answer: computed once.
      const keys = lshKeys(vector);
      const matches = index.search(bucket, vector, Math.max(threshold, raised.get(bucket) ?? -1), undefined, keys);
      const candidates = matches.map((m) => ({
        id: m.entry.id,
        answerKey: m.entry.answerKey,
        similarity: m.similarity,
      }));
      return { bucket, vector, keys, candidates, embeddingUsd: costUsd };
    },
    async confirm(query, candidate) {
      if (config.lexical !== false && lexicalMismatch(query, candidate, config.lexical ?? DEFAULT_LEXICAL_CHECK))
        return false;
      if (!config.verify) return true;
      try {
        return (await config.verify(query, candidate)) === true;
      } catch {
        // A verify that throws confirms nothing: the candidate is not served (as a judge that fails serves nothing).
        return false;
      }
    },
    add(probe, answerKey, entryTtl) {
      // The answer's key is the entry's id: the same question cached again replaces its entry instead of piling up.
      const entry = { id: answerKey, bucket: probe.bucket, vector: probe.vector, answerKey };
      index.add(entry, entryTtl, probe.keys);
      // Shared best-effort: the answer is already stored; an instance that misses the entry just asks again.
      sync?.publish({ ...entry, expiresAt: Date.now() + entryTtl }, entryTtl).catch(() => {});
    },
    evict(id, servedAt) {
      const bucket = index.peek(id)?.bucket;
      const raiseTo = servedAt === undefined ? undefined : servedAt + 1e-6;
      applyEviction(id, bucket, raiseTo);
      // A feedback eviction reaches every instance (and outlives a restart's replay of the stream); an entry whose
      // answer expired is found missing by each instance on its own.
      if (sync && bucket !== undefined && raiseTo !== undefined)
        sync.publishEviction({ id, bucket, raiseTo }, ttlMs).catch(() => {});
    },
    close: async () => sync?.close(),
  };
}
