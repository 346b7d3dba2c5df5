import { describe, expect, it } from 'vitest';
import { throttledWarnings } from '../../src/router/throttled-warning.js';

describe('throttledWarnings', () => {
  it('warns at once, then once per interval per kind, counting what it kept quiet', () => {
    const messages: string[] = [];
    let t = 0;
    const warn = throttledWarnings(
      1000,
      (m) => messages.push(m),
      () => t,
    );
    const stats = warn('a statistics write failed');
    const remember = warn('remembering failed');
    stats(new Error('down'));
    stats(new Error('down'));
    remember(new Error('down'));
    t = 999;
    stats(new Error('down'));
    t = 1000;
    stats(new Error('still down'));
    expect(messages).toEqual([
      'routewise: a statistics write failed: Error: down',
      'routewise: remembering failed: Error: down',
      'routewise: a statistics write failed (and 2 more since the last warning): Error: still down',
    ]);
  });
});
