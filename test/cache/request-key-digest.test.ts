import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contextKeyOf, hashOf, hashOfNormalized, normalizeRequest } from '../../src/cache/request-key.js';
import type { RouterRequest } from '../../src/router/request.js';

// Stored entries are found by these digests: hashing a normalized request once (not canonicalizing it again) must
// give the keys the cache has always written.
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

  it('the exact key is the canonical hash of the normalized request', () => {
    const normalized = normalizeRequest(request, 'mini');
    expect(hashOfNormalized(normalized)).toBe(hashOf(normalized));
  });

  it('the context key is the canonical hash with the last user wording left out', () => {
    const normalized = normalizeRequest(request, 'mini');
    const messages = (normalized.messages as unknown[]).slice();
    messages[3] = { role: 'user', content: '<wording>' };
    expect(contextKeyOf(normalized)).toBe(hashOf({ ...normalized, messages }));
  });

  /** The digest the cache has always written: SHA-256 of the canonical JSON, through a `Hash` object. */
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

  it('the exact key is the SHA-256 of the canonical JSON (the same digest stored entries were written under)', () => {
    const normalized = normalizeRequest(request, 'mini');
    expect(hashOfNormalized(normalized)).toBe(sha256(JSON.stringify(normalized)));
  });
});
