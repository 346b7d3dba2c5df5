import { describe, expect, it } from 'vitest';
import { isoTimestamp } from '../../src/core/iso-timestamp.js';
import { seededRandom } from '../../src/core/seeded-random.js';

describe('isoTimestamp', () => {
  it('is toISOString, at the edges and at random times in both directions', () => {
    const random = seededRandom(7);
    const times = [0, 1, 999, 1000, 1001, -1, -999, -1000, -1001, 253402300799999, 253402300800000, -62167219200001];
    for (let i = 0; i < 20_000; i++) times.push(Math.floor((random() - 0.5) * 2 * 8.64e15));
    // The same second over and over (the cached prefix), then the next one.
    for (let ms = 1_764_000_000_000; ms < 1_764_000_002_000; ms += 7) times.push(ms);
    for (const ms of times) expect(isoTimestamp(ms)).toBe(new Date(ms).toISOString());
  });

  it('throws for times a Date cannot hold, truncates fractions', () => {
    expect(() => isoTimestamp(Number.NaN)).toThrow(RangeError);
    expect(() => isoTimestamp(8.64e15 + 1)).toThrow(RangeError);
    expect(isoTimestamp(1.9)).toBe(new Date(1.9).toISOString());
  });
});
