import { describe, expect, it } from 'vitest';
import {
  codeFeature,
  constraintFeature,
  HEURISTIC_FEATURES,
  heuristicFeatures,
  lengthFeature,
  mathFeature,
  multiQuestionFeature,
  multiStepFeature,
  nonEnglishFeature,
  quantityFeature,
  reasoningRequestFeature,
  simpleRequestFeature,
} from '../../src/classifiers/heuristic-features.js';

const plain = 'Tell me a nice story about a dog';

describe('heuristic features', () => {
  it('length grows with the prompt and saturates at 4,000 characters', () => {
    expect(lengthFeature('')).toBe(0);
    expect(lengthFeature('a'.repeat(60))).toBeCloseTo(Math.log1p(60) / Math.log1p(4000), 10);
    expect(lengthFeature('a'.repeat(500))).toBeGreaterThan(lengthFeature('a'.repeat(50)));
    expect(lengthFeature('a'.repeat(4000))).toBe(1);
    expect(lengthFeature('a'.repeat(10000))).toBe(1);
  });

  it('code fires on fences, keywords and code-like lines', () => {
    expect(codeFeature(plain)).toBe(0);
    expect(codeFeature('```js\nconst x = 1;\n```')).toBeCloseTo(0.6 + 0.12 + 0.15, 10);
    expect(codeFeature('Why does this fail?\ndef f(x):\n    return x + 1')).toBeGreaterThanOrEqual(0.24);
    expect(codeFeature('if (a == b && c) {\n  run();\n}')).toBeGreaterThan(0.4);
  });

  it('math fires on symbols, arithmetic and math words', () => {
    expect(mathFeature(plain)).toBe(0);
    expect(mathFeature('Compute \\frac{1}{2} + \\sqrt{2}')).toBeGreaterThanOrEqual(0.7);
    expect(mathFeature('What is 12 * 7 + 3?')).toBeGreaterThanOrEqual(0.4);
    expect(mathFeature('What is the probability that the sum is prime?')).toBeCloseTo(0.6, 10);
  });

  it('quantities count numbers, 1 from eight on', () => {
    expect(quantityFeature(plain)).toBe(0);
    expect(quantityFeature('She has 3 apples and 4.5 pears')).toBeCloseTo(2 / 8, 10);
    expect(quantityFeature('1 2 3 4 5 6 7 8 9 10')).toBe(1);
  });

  it('multi-step fires on sequencing cues, lists and sentences', () => {
    expect(multiStepFeature(plain)).toBe(0);
    expect(multiStepFeature('First, boil water. Then add the pasta. Finally, drain it.')).toBeGreaterThanOrEqual(0.4);
    expect(multiStepFeature('Do this:\n1. read\n2. write\n3. test')).toBeGreaterThanOrEqual(0.3);
  });

  it('requested reasoning fires on explain / prove / compare', () => {
    expect(reasoningRequestFeature(plain)).toBe(0);
    expect(reasoningRequestFeature('Explain why the sky is blue')).toBeCloseTo(0.6, 10);
    expect(reasoningRequestFeature('Prove it and justify each step')).toBeCloseTo(0.6, 10);
  });

  it('constraints fire on requirements', () => {
    expect(constraintFeature(plain)).toBe(0);
    expect(constraintFeature('Answer in exactly 50 words, in JSON, and do not use lists')).toBeGreaterThanOrEqual(0.48);
  });

  it('non-English is the share of non-ASCII letters', () => {
    expect(nonEnglishFeature(plain)).toBe(0);
    expect(nonEnglishFeature('Пожалуйста, объясни теорему Ферма')).toBe(1);
    expect(nonEnglishFeature('日本語で答えてください')).toBe(1);
    expect(nonEnglishFeature('Crème brûlée recipe please')).toBeGreaterThan(0);
    expect(nonEnglishFeature('Crème brûlée recipe please')).toBeLessThan(0.5);
    expect(nonEnglishFeature('price: 5 € — ok')).toBe(0);
  });

  it('several questions fire from the second question mark', () => {
    expect(multiQuestionFeature('What?')).toBe(0);
    expect(multiQuestionFeature('What? Why? How? When?')).toBe(1);
  });

  it('simple request fires on short greetings and lookups only', () => {
    expect(simpleRequestFeature('hi there')).toBe(1);
    expect(simpleRequestFeature('What is the capital of France?')).toBe(1);
    expect(simpleRequestFeature(plain)).toBe(0);
    expect(simpleRequestFeature(`translate ${'this long text '.repeat(20)}`)).toBe(0);
  });

  it('every feature stays in [0, 1] and heuristicFeatures names them all', () => {
    const text = `${'Explain step by step: 12 + 7 = ? Then 3 * 4? ```code``` must exactly '.repeat(50)}Привет`;
    const all = heuristicFeatures(text);
    expect(Object.keys(all)).toEqual(HEURISTIC_FEATURES.map((feature) => feature.name));
    for (const value of Object.values(all)) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
    expect(all.code).toBeCloseTo(0.6, 10);
    expect(all.math).toBe(1);
  });
});
