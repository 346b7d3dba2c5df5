// The router's response caches: a lookup before routing (exact, then semantic) and a store after a fresh answer.
import { InvalidRequestError } from '../errors.js';
import { lastUserText } from '../router/last-user-text.js';
import type { RouterResult } from '../router/result.js';
import type { Store } from '../stores/store.js';
import { answerShelfOf } from './answer-shelf.js';
import { type CachedAnswer, type CacheInfo, resultFromCache, toCachedAnswer } from './cached-answer.js';
import { type CacheableRequest, notCacheableReason } from './cacheable.js';
import type { LookupCaps } from './lookup-caps.js';
import { costOfLookup, type LookupSpend } from './lookup-spend.js';
import { hashOf, requestDigests } from './request-key.js';
import { DEFAULT_CACHE_TTL_MS, type ResponseCacheConfig } from './response-cache-config.js';
import { createSemanticCache, type SemanticCache, type SemanticProbe } from './semantic-cache.js';
import { createSemanticJudge, type JudgeCall } from './semantic-judge.js';
import { servedRequests } from './served-requests.js';

/** What a lookup found: a hit to return, or a miss to `save` once the answer is in. */
export type CacheLookup =
  | { readonly kind: 'hit'; readonly result: RouterResult }
  | { readonly kind: 'miss'; readonly pending: PendingEntry }
  | { readonly kind: 'skip'; readonly reason: string };

/** A miss, remembered until its answer arrives. */
export interface PendingEntry {
  /** The id the lookup gave the request (the fresh answer's too: no second id to make). */
  readonly requestId: string;
  readonly answerKey: string;
  /** How long the answer is kept: while either cache may serve it. */
  readonly ttlMs: number;
  /** The exact cache's TTL, when shorter than `ttlMs` (the stored answer then says until when it serves exactly). */
  readonly exactFor?: number;
  /** The semantic entry's TTL. */
  readonly semanticTtlMs?: number;
  readonly question: string;
  readonly semantic?: SemanticProbe;
  /** Why the semantic lookup was skipped (its embedding did not fit the caps), when it was. */
  readonly semanticSkipped?: string;
  /** What the lookup cost (added to the fresh answer's cost). */
  readonly spend: LookupSpend;
}

/**
 * Calls a model of the router as part of the request being looked up (the cache judge): through the request's
 * budget, signal and caps, with `priorSpendUsd` already spent by the lookup.
 */
export type LookupCall = (alias: string, request: CacheableRequest, priorSpendUsd: number) => ReturnType<JudgeCall>;

/** The response caches of one router. */
export interface ResponseCache {
  /**
   * Looks a validated request up; `route` is the alias or `policy:<name>` that would answer it, `call` runs the
   * cache judge's calls as part of the request (required when the semantic cache has a judge), `caps` reserves and
   * charges a paid embedding on the request's budget and running caps.
   */
  lookup(
    request: CacheableRequest,
    requestId: string,
    route: string,
    call?: LookupCall,
    caps?: LookupCaps,
  ): Promise<CacheLookup>;
  /** The alias the semantic cache's judge calls, when it has one (the router checks it is configured). */
  readonly judgeModel: string | undefined;
  /** Stores a fresh answer for a miss (a failed store never fails the request). */
  save(pending: PendingEntry, result: RouterResult): Promise<void>;
  /**
   * Feedback on a request: undefined when the cache did not serve it (the feedback is not the cache's), else whether
   * it evicted the entry that served it (a score below `evictBelowScore`). Found on any instance sharing the store.
   */
  feedback(requestId: string, score: number): Promise<boolean | undefined>;
  /** Stops following other instances (the Redis stream reader). */
  close(): Promise<void>;
}

/** The scope a request's entries live in: its tenant (hashed), or the shared default scope. */
function scopeOf(request: CacheableRequest, requireTenant: boolean): string {
  const tenant = request.metadata?.tenant;
  if (tenant === undefined || tenant === '') {
    if (requireTenant) {
      throw new InvalidRequestError([
        {
          path: 'metadata.tenant',
          message: 'is required: the router has responseCache.requireTenant set (or pass responseCache: false)',
        },
      ]);
    }
    return 'shared';
  }
  return `t-${hashOf(tenant).slice(0, 32)}`;
}

/** Builds the response caches over the router's store. */
export function createResponseCache(
  config: ResponseCacheConfig,
  store: Store,
  /** How long a shared store remembers which entry served a request (the router's `feedbackTtlMs`). */
  feedbackTtlMs: number,
): ResponseCache {
  const exactTtl = config.exact === true ? DEFAULT_CACHE_TTL_MS : (config.exact?.ttlMs ?? DEFAULT_CACHE_TTL_MS);
  const semantic: SemanticCache | undefined = config.semantic ? createSemanticCache(config.semantic, store) : undefined;
  // Requests served from the cache, so feedback (on any instance) can evict what served them.
  const served = servedRequests(store, feedbackTtlMs);
  const evictBelow = config.semantic?.evictBelowScore ?? 0.5;
  const judge =
    semantic && config.semantic?.judge ? createSemanticJudge(config.semantic.judge, store, semantic.ttlMs) : undefined;

  // A memory store's answers are read at once (awaited only from a shared store: a tick less per lookup).
  const shelf = answerShelfOf(store);

  return {
    judgeModel: judge?.model,
    async lookup(request, requestId, route, call, caps) {
      const reason = notCacheableReason(request);
      if (reason) return { kind: 'skip', reason };
      const scope = scopeOf(request, config.requireTenant === true);
      const digests = requestDigests(request, route);
      // v2: the exact digest is of the context digest and the last user turn (v1 hashed the whole request's JSON).
      const answerKey = `cache:v2:${scope}:${digests.exact}`;
      // Each cache keeps its own TTL (a request's `{ ttlMs }` sets both). The answer is kept while either may serve
      // it; an exact hit also checks the exact TTL, which the stored answer carries when it is the shorter.
      const override = (request.responseCache || undefined)?.ttlMs;
      const exactTtlMs = override ?? exactTtl;
      const semanticTtlMs = semantic ? (override ?? semantic.ttlMs) : undefined;
      const ttlMs =
        semanticTtlMs === undefined ? exactTtlMs : config.exact ? Math.max(exactTtlMs, semanticTtlMs) : semanticTtlMs;
      const exactFor = config.exact && ttlMs > exactTtlMs ? exactTtlMs : undefined;
      const question = lastUserText(request.messages);
      if (config.exact) {
        const read = shelf.read(answerKey);
        const answer = read instanceof Promise ? await read : read;
        if (answer && (answer.exactUntil === undefined || answer.exactUntil > Date.now())) {
          served.note(requestId, { answerKey });
          const cache: CacheInfo = {
            hit: 'exact',
            savedUsd: answer.costUsd,
            ageMs: Math.max(0, Date.now() - answer.createdAt),
          };
          return { kind: 'hit', result: resultFromCache(answer, request, requestId, cache) };
        }
      }
      const spend: LookupSpend = { attempts: [], charges: [], usd: 0 };
      if (!semantic) return { kind: 'miss', pending: { requestId, answerKey, ttlMs, exactFor, question, spend } };
      const probe = await semantic.probe(request, scope, digests.context, question, caps);
      // Nothing was embedded (the embedding did not fit): a miss that says why the semantic lookup was skipped.
      if (probe && 'skipped' in probe) {
        return {
          kind: 'miss',
          pending: { requestId, answerKey, ttlMs, exactFor, question, spend, semanticSkipped: probe.skipped },
        };
      }
      if (probe && probe.embeddingUsd > 0) {
        spend.charges.push({ source: `cache:embedding:${config.semantic?.embedder.name}`, usd: probe.embeddingUsd });
        spend.usd += probe.embeddingUsd;
      }
      // The judge is asked at most once per request: about the best candidate that passed every other check.
      let judgeCalled = false;
      for (const candidate of probe?.candidates ?? []) {
        let answer: CachedAnswer | undefined;
        try {
          const read = shelf.read(candidate.answerKey);
          answer = read instanceof Promise ? await read : read;
        } catch {
          // The store failed this read: the candidate is not served, and what the lookup spent stays on the request.
          continue;
        }
        if (!answer) {
          semantic.evict(candidate.id);
          continue;
        }
        if (!(await semantic.confirm(question, answer.question))) continue;
        // The same text needs no judge; another wording gets one judge call per request at most.
        if (judge && question !== answer.question) {
          if (judgeCalled || !call) continue;
          const verdict = await judge.judge(question, answer.question, (alias, judgeRequest) =>
            call(alias, judgeRequest, spend.usd),
          );
          judgeCalled = verdict.attempts.length > 0;
          spend.attempts.push(...verdict.attempts);
          for (const attempt of verdict.attempts) spend.usd += attempt.costUsd;
          if (!verdict.same) continue;
        }
        served.note(requestId, {
          answerKey: candidate.answerKey,
          semanticId: candidate.id,
          similarity: candidate.similarity,
        });
        const cache: CacheInfo = {
          hit: 'semantic',
          similarity: candidate.similarity,
          savedUsd: answer.costUsd,
          ageMs: Math.max(0, Date.now() - answer.createdAt),
        };
        const result = resultFromCache(answer, request, requestId, cache);
        result.cost = costOfLookup(spend);
        return { kind: 'hit', result };
      }
      return {
        kind: 'miss',
        pending: {
          requestId,
          answerKey,
          ttlMs,
          exactFor,
          question,
          spend,
          ...(probe ? { semantic: probe, semanticTtlMs } : {}),
        },
      };
    },

    async save(pending, result) {
      // An answer cut short or refused is not worth serving again.
      if (result.finishReason !== 'stop' && result.finishReason !== 'tool-calls') return;
      if (result.outputError !== undefined) return;
      try {
        const written = shelf.write(
          pending.answerKey,
          toCachedAnswer(result, pending.question, Date.now(), pending.exactFor),
          pending.ttlMs,
        );
        if (written) await written;
        if (semantic && pending.semantic) {
          semantic.add(pending.semantic, pending.answerKey, pending.semanticTtlMs ?? pending.ttlMs);
        }
      } catch {
        // The cache is an optimisation: an unavailable store must not fail a request that already has its answer.
      }
    },

    close: async () => semantic?.close(),

    async feedback(requestId, score) {
      const entry = await served.find(requestId);
      if (!entry) return undefined;
      if (score >= evictBelow) return false;
      served.forget(requestId);
      // A wrong semantic hit: the entry leaves the index (its answer still answers its own question exactly).
      if (entry.semanticId) semantic?.evict(entry.semanticId, entry.similarity);
      else shelf.delete(entry.answerKey).catch(() => {});
      return true;
    },
  };
}
