import { describe, expect, it } from 'vitest';
import { answerShelfOf } from '../../src/cache/answer-shelf.js';
import type { CachedAnswer } from '../../src/cache/cached-answer.js';
import type { Store } from '../../src/stores/store.js';
import { memoryStore } from '../../src/stores/memory-store.js';

const answer = (): CachedAnswer => ({
  text: 'Paris.',
  toolCalls: [{ id: 'call_1', name: 'lookup', arguments: { city: 'Paris' } }],
  finishReason: 'stop',
  alias: 'mini',
  model: 'gpt-4o-mini',
  provider: 'openai',
  route: { kind: 'pinned', chain: ['mini', 'backup'], answeredBy: 'mini', fellBack: false },
  costUsd: 0.0001,
  question: 'Capital of France?',
  createdAt: 1_700_000_000_000,
});

/** A store of the app's own: the memory store's operations without its in-process values. */
const ownStore = (store: Store): Store =>
  new Proxy(store, {
    get: (target, key) => (key === 'engine' ? { kind: 'memory' } : Reflect.get(target, key, target)),
  });

describe('answer shelf', () => {
  it('on a memory store, files and reads answers at once (no promise), through the store and its TTL', async () => {
    let now = 1_000;
    const store = memoryStore({ now: () => now });
    const shelf = answerShelfOf(store);
    expect(shelf.write('k', answer(), 5_000)).toBeUndefined();
    const read = shelf.read('k');
    expect(read).not.toBeInstanceOf(Promise);
    expect(read).toEqual(answer());
    // The store holds it under the same key: a plain get reads it as JSON, a delete drops it.
    expect(JSON.parse((await store.get('k')) as string)).toEqual(answer());
    now += 5_001;
    expect(shelf.read('k')).toBeUndefined();
    shelf.write('k', answer(), 5_000);
    await shelf.delete('k');
    expect(shelf.read('k')).toBeUndefined();
  });

  it('shares nothing mutable: changing what was filed, or what was read, leaves the filed answer as it was', () => {
    const shelf = answerShelfOf(memoryStore());
    const filed = answer();
    shelf.write('k', filed, 60_000);
    filed.toolCalls.push({ id: 'call_2', name: 'other', arguments: {} });
    (filed.toolCalls[0]?.arguments as Record<string, unknown>).city = 'Lyon';
    if (filed.route.kind === 'pinned') filed.route.chain.push('third');
    const read = shelf.read('k') as CachedAnswer;
    expect(read).toEqual(answer());
    read.toolCalls.length = 0;
    if (read.route.kind === 'pinned') read.route.chain.length = 0;
    expect(shelf.read('k')).toEqual(answer());
  });

  it('on a store without in-process values, keeps JSON in the store (as a shared store does)', async () => {
    const store = memoryStore();
    const shelf = answerShelfOf(ownStore(store));
    await shelf.write('k', answer(), 60_000);
    expect(await store.get('k')).toBe(JSON.stringify(answer()));
    const read = shelf.read('k');
    expect(read).toBeInstanceOf(Promise);
    expect(await read).toEqual(answer());
    expect(await answerShelfOf(ownStore(store)).read('absent')).toBeUndefined();
  });
});
