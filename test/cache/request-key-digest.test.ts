import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashOf, normalizeRequest, requestDigests } from '../../src/cache/request-key.js';
import type { RouterRequest } from '../../src/router/request.js';

// Stored entries are found by these digests: the context key (semantic buckets, the Redis stream's entries) must stay
// the one earlier versions wrote; the exact key (cache:v2) hashes it with the last user turn.
describe('request key digests', () => {
  const request = {
    model: 'mini',
    temperature: 0,
    maxOutputTokens: 256,
    messages: [
      { role: 'system', content: 'You are a concise assistant.' },
      { role: 'user', content: 'First question?' },
      { role: 'assistant', content: 'First answer.' },
      { role: 'user', content: 'What is the capital of France?' },
    ],
    metadata: { tenant: 't1' },
  } as unknown as RouterRequest;

  /** SHA-256 (hex) through a `Hash` object, independent of the code under test. */
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

  it('the context key is the canonical hash with the last user wording left out (the key v1 wrote, unchanged)', () => {
    const normalized = normalizeRequest(request, 'mini');
    const messages = (normalized.messages as unknown[]).slice();
    messages[3] = { role: 'user', content: '<wording>' };
    expect(requestDigests(request, 'mini').context).toBe(hashOf({ ...normalized, messages }));
  });

  it('the exact key is the SHA-256 of the context digest and the last user turn', () => {
    const { context, exact } = requestDigests(request, 'mini');
    const turn = JSON.stringify({ content: 'What is the capital of France?', role: 'user' });
    expect(exact).toBe(sha256(`${context}\n${turn}`));
  });

  it('requests differing anywhere get different exact keys; only the wording changes them alike', () => {
    const digests = (change: Partial<RouterRequest>) => requestDigests({ ...request, ...change }, 'mini');
    const base = digests({});
    const reworded = digests({
      messages: [...request.messages.slice(0, 3), { role: 'user', content: 'And of Spain?' }],
    });
    expect(reworded.context).toBe(base.context);
    expect(reworded.exact).not.toBe(base.exact);
    const earlierTurn = digests({
      messages: [{ role: 'system', content: 'You are terse.' }, ...request.messages.slice(1)],
    });
    expect(earlierTurn.context).not.toBe(base.context);
    expect(earlierTurn.exact).not.toBe(base.exact);
    expect(digests({ temperature: 0.5 }).exact).not.toBe(base.exact);
    expect(requestDigests(request, 'other').exact).not.toBe(base.exact);
    // Metadata (the tenant) is not part of the digests: the tenant scope is a separate part of the key.
    expect(digests({ metadata: { tenant: 't2' } })).toEqual(base);
    // Nor are the call's timeouts: how long to wait for an answer does not change it.
    expect(digests({ timeoutMs: 5_000, streamIdleTimeoutMs: 1_000 })).toEqual(base);
  });

  it('a request without a user turn has digests too', () => {
    const system = { ...request, messages: [{ role: 'system', content: 'Hi' }] } as unknown as RouterRequest;
    const { context, exact } = requestDigests(system, 'mini');
    expect(exact).toBe(sha256(`${context}\nnull`));
  });
});
