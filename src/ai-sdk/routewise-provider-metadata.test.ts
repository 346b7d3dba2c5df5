import { describe, expect, it } from 'vitest';
import type { AttemptRecord } from '../router/attempt.js';
import type { RouterResult } from '../router/result.js';
import { routewiseProviderMetadata } from './routewise-provider-metadata.js';

const usage = {
  inputTokens: 10,
  outputTokens: 2,
  cachedInputTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
};

const failed: AttemptRecord = {
  alias: 'mini',
  provider: 'openai',
  model: 'gpt-4o-mini',
  attempt: 1,
  status: 'error',
  httpStatus: 503,
  error: new Error('overloaded'),
  latencyMs: 12.6,
  startedAt: '2026-12-02T00:00:00.000Z',
  usageEstimated: true,
  costUsd: 0.001,
  purpose: 'answer',
};

const answered: AttemptRecord = {
  alias: 'big',
  provider: 'anthropic',
  model: 'claude',
  attempt: 1,
  status: 'ok',
  latencyMs: 40.2,
  startedAt: '2026-12-02T00:00:00.000Z',
  usage,
  costUsd: 0.01,
};

/** A policy-routed result with every optional field the metadata reads. */
const routed = {
  requestId: 'req-1',
  text: 'hi',
  toolCalls: [],
  finishReason: 'stop',
  alias: 'big',
  model: 'claude',
  provider: 'anthropic',
  responseModel: 'claude-2026',
  usage,
  cost: { usd: 0.012, attempts: [failed, answered], charges: [{ source: 'classifier:llm', usd: 0.001 }] },
  route: {
    kind: 'policy',
    policy: 'cascade',
    tier: 'hard',
    classifier: { name: 'heuristic', score: 0.7 },
    experiment: { name: 'exp', arm: 'b' },
    steps: [
      { index: 0, alias: 'mini', chain: ['mini'], verdict: 'failed', reason: 'error', costUsd: 0.001 },
      { index: 1, alias: 'big', chain: ['big'], answeredBy: 'big', verdict: 'accepted', reason: 'ok', costUsd: 0.01 },
    ],
    accepted: true,
    escalations: 1,
    chain: ['big'],
    answeredBy: 'big',
    fellBack: false,
    attempts: [failed, answered],
  },
  warnings: ['a warning'],
  raw: {},
  cache: { hit: false, skipped: 'temperature' },
  outputError: 'not JSON',
  experiment: { experiment: 'exp', arm: 'b' },
} as unknown as RouterResult;

describe('routewiseProviderMetadata', () => {
  it('lists every field in its documented order, optional ones only when set', () => {
    // Compared as JSON text, so the order of the keys counts too (what a logged or stored metadata shows).
    expect(JSON.stringify(routewiseProviderMetadata(routed))).toBe(
      JSON.stringify({
        requestId: 'req-1',
        alias: 'big',
        provider: 'anthropic',
        model: 'claude',
        route: {
          kind: 'policy',
          policy: 'cascade',
          tier: 'hard',
          classifier: { name: 'heuristic', score: 0.7 },
          experiment: { name: 'exp', arm: 'b' },
          accepted: true,
          escalations: 1,
          steps: [
            { index: 0, alias: 'mini', verdict: 'failed', reason: 'error', costUsd: 0.001 },
            { index: 1, alias: 'big', verdict: 'accepted', reason: 'ok', costUsd: 0.01, answeredBy: 'big' },
          ],
          chain: ['big'],
          answeredBy: 'big',
          fellBack: false,
        },
        cost: {
          usd: 0.012,
          attempts: [
            {
              alias: 'mini',
              provider: 'openai',
              model: 'gpt-4o-mini',
              attempt: 1,
              status: 'error',
              httpStatus: 503,
              error: 'overloaded',
              costUsd: 0.001,
              usageEstimated: true,
              latencyMs: 13,
              purpose: 'answer',
            },
            {
              alias: 'big',
              provider: 'anthropic',
              model: 'claude',
              attempt: 1,
              status: 'ok',
              costUsd: 0.01,
              latencyMs: 40,
            },
          ],
          charges: [{ source: 'classifier:llm', usd: 0.001 }],
        },
        warnings: ['a warning'],
        responseModel: 'claude-2026',
        cache: { hit: false, skipped: 'temperature' },
        outputError: 'not JSON',
        experiment: { name: 'exp', arm: 'b' },
      }),
    );
  });

  it('a pinned route: its chain and who answered, nothing a policy adds', () => {
    const pinned = {
      ...routed,
      responseModel: undefined,
      cache: undefined,
      outputError: undefined,
      experiment: undefined,
      cost: { usd: 0.01, attempts: [answered] },
      route: { kind: 'pinned', chain: ['big', 'mini'], answeredBy: 'big', fellBack: false },
    } as unknown as RouterResult;
    expect(routewiseProviderMetadata(pinned)).toStrictEqual({
      requestId: 'req-1',
      alias: 'big',
      provider: 'anthropic',
      model: 'claude',
      route: { kind: 'pinned', chain: ['big', 'mini'], answeredBy: 'big', fellBack: false },
      cost: {
        usd: 0.01,
        attempts: [
          {
            alias: 'big',
            provider: 'anthropic',
            model: 'claude',
            attempt: 1,
            status: 'ok',
            costUsd: 0.01,
            latencyMs: 40,
          },
        ],
      },
      warnings: ['a warning'],
    });
  });
});
