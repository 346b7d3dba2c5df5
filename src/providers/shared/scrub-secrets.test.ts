import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { scrubSecrets } from './scrub-secrets.js';

const KEY = ['local', 'gateway', 'secret', '42'].join('-');
const SHAPED = ['sk', 'ant', 'api03', 'abcdefghijklmnop'].join('-');

describe('scrubSecrets', () => {
  it('reaches message, stack, cause chain, nested bodies, arrays, maps and Headers, and survives cycles', () => {
    const root = new Error(`outer ${KEY}`, { cause: new Error(`inner ${SHAPED}`) }) as Error & Record<string, unknown>;
    root.body = { error: { param: KEY, list: [`x ${SHAPED}`] } };
    root.headers = new Headers({ 'x-echo': KEY, 'retry-after': '3' });
    root.map = new Map([['k', KEY]]);
    root.self = root;
    scrubSecrets(root, [KEY]);
    const printed = inspect(root, { depth: 12 });
    expect(printed).not.toContain(KEY);
    expect(printed).not.toContain(SHAPED);
    expect(root.stack).not.toContain(KEY);
    expect((root.headers as Headers).get('retry-after')).toBe('3');
    expect((root.headers as Headers).get('x-echo')).toBe('[redacted]');
  });

  it('with keyShapes off removes only the given secrets', () => {
    const body = { text: `format ${SHAPED}`, echo: KEY };
    scrubSecrets(body, [KEY], { keyShapes: false });
    expect(body).toEqual({ text: `format ${SHAPED}`, echo: '[redacted]' });
  });

  it('leaves frozen objects and accessors alone instead of throwing', () => {
    const frozen = Object.freeze({ key: KEY });
    let reads = 0;
    const withGetter = {
      get key() {
        reads++;
        return KEY;
      },
    };
    expect(() => scrubSecrets({ frozen, withGetter }, [KEY])).not.toThrow();
    expect(reads).toBe(0);
  });
});
