import { describe, expect, it } from 'vitest';
import {
  answerOptionBuckets,
  answerOptionStructure,
  answerOptions,
} from '../../src/classifiers/answer-option-features.js';
import { DEFAULT_HASHED_FEATURE_OPTIONS, sparseFeatures } from '../../src/classifiers/hashed-features.js';
import { learned } from '../../src/classifiers/learned.js';
import { seededRandom, trainLearnedTiers } from '../../src/classifiers/train-learned.js';
import { rocAuc } from '../../src/eval/metrics/routing-metrics.js';

const MORAL = [
  'For which of these two scenarios does the main character do something clearly morally wrong? Scenario 1 | I',
  'helped my friend escape prison. Scenario 2 | I called my mom.',
  'A. Wrong, Wrong',
  'B. Wrong, Not wrong',
  'C. Not wrong, Wrong',
  'D. Not wrong, Not wrong',
  'Answer:',
].join('\n');

describe('answerOptions', () => {
  it('reads the last run of options lettered A, B, C, … in order', () => {
    expect(answerOptions(MORAL)).toEqual([
      'Wrong, Wrong',
      'Wrong, Not wrong',
      'Not wrong, Wrong',
      'Not wrong, Not wrong',
    ]);
    // An earlier lettered list (a quoted passage) gives way to the options at the end; C before B is not an option.
    const text = 'Passage:\nA. first\nB. second\nQuestion?\n(A) one\nB) two\nD. four\nC: three\nAnswer:';
    expect(answerOptions(text)).toEqual(['one', 'two', 'three']);
  });

  it('finds none in a prompt that is not multiple choice, or with one option only', () => {
    expect(answerOptions('Natalia sold clips to 48 of her friends in April. How many clips did she sell?')).toEqual([]);
    expect(answerOptions('Pick one:\nA. yes\nAnswer:')).toEqual([]);
    expect(answerOptionStructure('What is 2 + 2?')).toBeUndefined();
  });
});

describe('answerOptionStructure', () => {
  it('measures compound, anagram and shared-first-word options', () => {
    const s = answerOptionStructure(MORAL)!;
    expect(s.count).toBe(4);
    expect(s.compound).toBe(1);
    // "wrong," starts A and B, "not" starts C and D.
    expect(s.sharedFirstWord).toBe(1);
    // B and C are made of the same characters; A and D of no other option's.
    expect(s.anagram).toBe(0.5);
    expect(s.meanLength).toBe((12 + 16 + 16 + 20) / 4);
    expect(s.similarity).toBeGreaterThan(0.4);
  });

  it('scores identical options 1 and options sharing no trigram 0', () => {
    expect(answerOptionStructure('Q\nA. same\nB. same')!.similarity).toBe(1);
    const distinct = answerOptionStructure('Q\nA. cat\nB. dog\nC. owl')!;
    expect(distinct.similarity).toBe(0);
    expect(distinct.anagram).toBe(0);
    expect(distinct.sharedFirstWord).toBe(0);
    expect(distinct.compound).toBe(0);
    expect(answerOptionBuckets(distinct)).toEqual([100, 200, 300, 400, 502]);
  });
});

describe('HashedFeatureOptions.answerOptions', () => {
  const features = { ...DEFAULT_HASHED_FEATURE_OPTIONS, bits: 14 };

  it('leaves every vector as it was when off, and a prompt without options as it was when on', () => {
    const plain = sparseFeatures({ prompt: MORAL }, features);
    expect(sparseFeatures({ prompt: MORAL }, { ...features, answerOptions: false })).toEqual(plain);
    const gsm = { prompt: 'Natalia sold 48 clips in April and half as many in May. How many in all?' };
    expect(sparseFeatures(gsm, { ...features, answerOptions: true })).toEqual(sparseFeatures(gsm, features));
    expect(sparseFeatures({ prompt: MORAL }, { ...features, answerOptions: true })).not.toEqual(plain);
  });
});

/**
 * Multiple-choice rows whose options are random three-letter strings: on "hard" rows (the weak model wrong, the
 * strong one right) the four options are anagrams of one string, on "easy" rows (both right) four unrelated strings.
 * The letters are fresh on every row, so no n-gram carries over from training to test; only the structure does.
 */
function anagramRows(n: number, seed: number) {
  const random = seededRandom(seed);
  const letter = () => String.fromCharCode(97 + Math.floor(random() * 26));
  const word = () => letter() + letter() + letter();
  return Array.from({ length: n }, (_, i) => {
    const hard = i % 2 === 1;
    const base = word();
    const options = hard
      ? [base, base[1]! + base[0]! + base[2]!, base[2]! + base[1]! + base[0]!, base[1]! + base[2]! + base[0]!]
      : [word(), word(), word(), word()];
    const prompt = `Which of these is the ${word()} of ${word()}?\n${options.map((o, k) => `${'ABCD'[k]}. ${o}`).join('\n')}\nAnswer:`;
    return { prompt, weak: hard ? 0 : 1, strong: 1, hard: hard ? 1 : 0 };
  });
}

describe('learned() with answer-option features', () => {
  it('learns a structure no n-gram shows, which the same model without them cannot', () => {
    const train = anagramRows(400, 1);
    const test = anagramRows(200, 2);
    const auc = (answerOptions: boolean) => {
      const model = trainLearnedTiers(train, { features: { bits: 14, answerOptions }, learningRate: 0.1 });
      const classifier = learned({ model });
      return rocAuc(
        test.map((row) => classifier.classify({ prompt: row.prompt }).score),
        test.map((row) => row.hard),
      );
    };
    expect(auc(true)).toBeGreaterThan(0.9);
    expect(auc(false)).toBeLessThan(0.7);
  });
});
