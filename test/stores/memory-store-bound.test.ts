// memoryStore's bound on keys (`maxEntries`): the least recently used go first, and no more than the bound are kept.
import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../src/index.js';

describe('memoryStore maxEntries', () => {
  it('keeps at most maxEntries keys, evicting the least recently used', async () => {
    const store = memoryStore({ maxEntries: 3 });
    for (const key of ['a', 'b', 'c']) await store.set(key, key);
    await store.get('a'); // a is now the most recently used
    await store.set('d', 'd');
    await store.set('e', 'e');
    const values = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((key) => store.get(key)));
    expect(values).toEqual(['a', undefined, undefined, 'd', 'e']);
    await store.close();
  });
});
