import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { calibrateSemanticCache, type LabelledPair, lexicalMismatch } from '../../src/index.js';
import { bagOfWordsEmbedder } from '../helpers/bag-of-words-embedder.js';

/** Calibration on the repo's own labelled set (test/fixtures/semantic-cache/pairs.jsonl, half hard negatives). */
const pairs: (LabelledPair & { kind: string })[] = readFileSync(
  new URL('../fixtures/semantic-cache/pairs.jsonl', import.meta.url),
  'utf8',
)
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line));

describe('calibrateSemanticCache', () => {
  it('the labelled set has at least 300 pairs, half of them hard negatives', () => {
    expect(pairs.length).toBeGreaterThanOrEqual(300);
    expect(pairs.filter((p) => !p.duplicate).length).toBe(pairs.length / 2);
    expect(new Set(pairs.filter((p) => !p.duplicate).map((p) => p.kind))).toEqual(
      new Set(['number', 'negation', 'entity', 'same-topic']),
    );
  });

  it('picks the threshold and lexical rules that keep false hits under the bound, and reports the curve', async () => {
    const result = await calibrateSemanticCache({ embedder: bagOfWordsEmbedder(), pairs, maxFalseHitRate: 0.01 });
    expect(result.falseHitRate).toBeLessThanOrEqual(0.01);
    expect(result.withinBound).toBe(true);
    // A bag of words is a weak embedder; the USE figures are in docs/caching.md (bench/semantic-cache.ts).
    expect(result.trueHitRate).toBeGreaterThan(0.1);
    expect(result.counts).toEqual({ duplicates: pairs.length / 2, nonDuplicates: pairs.length / 2 });
    expect(result.curve.length).toBeGreaterThan(50);
    // Along the curve, a higher threshold never serves more.
    for (let i = 1; i < result.curve.length; i++) {
      expect(result.curve[i]!.trueHitRate).toBeLessThanOrEqual(result.curve[i - 1]!.trueHitRate);
      expect(result.curve[i]!.falseHitRate).toBeLessThanOrEqual(result.curve[i - 1]!.falseHitRate);
    }
    // What the lexical check buys: without it, the same bound leaves far fewer duplicates served.
    const none = result.options.find((option) => option.lexical === false)!;
    expect(result.lexical).not.toBe(false);
    expect(result.trueHitRate).toBeGreaterThan(none.trueHitRate);
  });

  it('the lexical check refuses every number and negation near miss of the set, and no paraphrase for those reasons', () => {
    for (const pair of pairs) {
      const why = lexicalMismatch(pair.b, pair.a);
      if (pair.kind === 'number') expect(why, `${pair.a} / ${pair.b}`).toBe('numbers differ');
      if (pair.kind === 'negation') expect(why, `${pair.a} / ${pair.b}`).toBe('negation differs');
      if (pair.kind === 'entity') expect(why, `${pair.a} / ${pair.b}`).toBeDefined();
      if (pair.duplicate) expect(why ?? '', `${pair.a} / ${pair.b}`).not.toMatch(/numbers|negation/);
    }
  });

  it('thresholds given in any order give the same choice, and the curve ascends', async () => {
    const embedder = bagOfWordsEmbedder();
    const thresholds = [0.6, 0.7, 0.8, 0.9, 0.95, 1];
    const sorted = await calibrateSemanticCache({ embedder, pairs, maxFalseHitRate: 0.01, thresholds });
    const shuffled = await calibrateSemanticCache({
      embedder,
      pairs,
      maxFalseHitRate: 0.01,
      thresholds: [1, 0.6, 0.95, 0.7, 0.9, 0.8],
    });
    expect(shuffled.threshold).toBe(sorted.threshold);
    expect(shuffled.trueHitRate).toBe(sorted.trueHitRate);
    expect(shuffled.curve.map((point) => point.threshold)).toEqual(thresholds);
    await expect(calibrateSemanticCache({ embedder, pairs, maxFalseHitRate: 0.01, thresholds: [] })).rejects.toThrow(
      RangeError,
    );
    await expect(calibrateSemanticCache({ embedder, pairs, maxFalseHitRate: 0.01, thresholds: [2] })).rejects.toThrow(
      RangeError,
    );
  });

  it('says when no setting meets the bound, and then picks the fewest false hits', async () => {
    // Every pair the same text: each non-duplicate is served at every threshold and lexical setting.
    const same: LabelledPair[] = [
      { a: 'What is the capital of France?', b: 'What is the capital of France?', duplicate: true },
      { a: 'Is it safe?', b: 'Is it safe?', duplicate: false },
      { a: 'How do I learn Python?', b: 'How do I learn Java?', duplicate: false },
    ];
    const result = await calibrateSemanticCache({
      embedder: bagOfWordsEmbedder(),
      pairs: same,
      maxFalseHitRate: 0.1,
      lexicalOptions: [false],
      thresholds: [0.5, 0.9, 0.99],
    });
    expect(result.withinBound).toBe(false);
    expect(result.falseHitRate).toBe(Math.min(...result.curve.map((point) => point.falseHitRate)));
    expect(result.falseHitRate).toBeGreaterThan(0.1);
  });

  it('refuses a bound outside [0, 1] and a set without both labels', async () => {
    const embedder = bagOfWordsEmbedder();
    await expect(calibrateSemanticCache({ embedder, pairs, maxFalseHitRate: 2 })).rejects.toThrow(RangeError);
    await expect(
      calibrateSemanticCache({ embedder, pairs: pairs.filter((p) => p.duplicate), maxFalseHitRate: 0.01 }),
    ).rejects.toThrow(/both/);
  });
});
