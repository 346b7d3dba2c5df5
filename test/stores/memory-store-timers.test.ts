// memoryStore's entries with a TTL are checked against the clock itself: no timer is made per read or write (lru-cache's default
// caches the clock behind a 1 ms setTimeout, one timer per millisecond of use on a hot path).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryStore } from '../../src/index.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('memoryStore TTL checks make no timers', () => {
  it('memoryStore: set and get with a TTL', async () => {
    vi.useFakeTimers();
    const store = memoryStore();
    await store.set('k', 'v', { ttlMs: 60_000 });
    expect(await store.get('k')).toBe('v');
    expect(vi.getTimerCount()).toBe(0);
    // Expiry still holds: the clock is read when the entry is.
    vi.setSystemTime(Date.now() + 60_001);
    expect(await store.get('k')).toBeUndefined();
    await store.close();
  });
});
