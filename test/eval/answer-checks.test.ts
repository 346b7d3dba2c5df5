import { describe, expect, it } from 'vitest';
import { evaluateArithmetic } from '../../src/eval/policies/arithmetic.js';
import { basicAnswerCheck } from '../../src/eval/policies/basic-answer-check.js';
import { gsm8kAnswerCheck } from '../../src/eval/policies/gsm8k-answer-check.js';

describe('evaluateArithmetic', () => {
  it('evaluates precedence, parentheses, ×, x, $, commas and percent signs', () => {
    expect(evaluateArithmetic('2 + 3 * 4')).toBe(14);
    expect(evaluateArithmetic('(2 + 3) × 4')).toBe(20);
    expect(evaluateArithmetic('$1,200 / 4')).toBe(300);
    expect(evaluateArithmetic('8*5*60/100')).toBe(24);
    expect(evaluateArithmetic('-3 + 5')).toBe(2);
    expect(evaluateArithmetic('3 apples')).toBeUndefined();
    expect(evaluateArithmetic('(2 + 3')).toBeUndefined();
  });
});

describe('gsm8kAnswerCheck', () => {
  it('accepts a worked answer with correct arithmetic and a whole final number', () => {
    const answer = 'She has 16 - 3 = <<16-3=13>>13 eggs.\nShe sells 13 - 4 = 9 for 9 * $2 = $18.\n#### 18';
    expect(gsm8kAnswerCheck(answer)).toEqual({ accept: true, reasons: [] });
  });

  it('rejects an answer with no #### line (truncated or rambling)', () => {
    expect(gsm8kAnswerCheck('15 + 25 = <<15+2').reasons).toEqual(['no final answer line (#### N)']);
  });

  it('rejects a fractional final answer', () => {
    expect(gsm8kAnswerCheck('#### 27.5').reasons).toEqual(['final answer 27.5 is not a whole number']);
  });

  it('rejects a wrong calculator annotation and a wrong inline equation', () => {
    expect(gsm8kAnswerCheck('<<17*4=60>>60\n#### 60').reasons).toEqual(['wrong calculation <<17*4=60>> (is 68)']);
    expect(gsm8kAnswerCheck('(12 / 20) x 100 = 55%\n#### 55').reasons).toEqual([
      'wrong calculation (12 / 20) x 100 = 55 (is 60)',
    ]);
  });

  it('does not misread a chained equation as a wrong result', () => {
    expect(gsm8kAnswerCheck('4 * 125 - 2 = 500 - 2 = 498\n#### 498').accept).toBe(true);
  });
});

describe('basicAnswerCheck', () => {
  it('rejects empty answers and refusals only', () => {
    expect(basicAnswerCheck('  ').accept).toBe(false);
    expect(basicAnswerCheck("I'm sorry, I can't help with that.").reasons).toEqual(['refusal']);
    expect(basicAnswerCheck('Paris.').accept).toBe(true);
  });
});
