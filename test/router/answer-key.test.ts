import { describe, expect, it } from 'vitest';
import {
  type AcceptanceAnswer,
  type AcceptanceContext,
  agree,
  answerKey,
  detectAnswerKind,
  unwrapRecorded,
} from '../../src/index.js';

describe('answer keys (what agree() compares)', () => {
  it('choice letters however they are written, never a word that starts with one', () => {
    const letters = ['B', 'B.', '(b)', 'The answer is (C).', 'Answer: D', 'A) west', "['A\\n']", 'Correct option: C'];
    expect(letters.map((t) => answerKey(t, 'choice'))).toEqual(['B', 'B', 'B', 'C', 'D', 'A', 'A', 'C']);
    expect(answerKey('the answer is a bit unclear', 'choice')).toBeUndefined();
    expect(answerKey('Apples are red', 'choice')).toBeUndefined();
  });

  it('numbers: after ####, after "answer is", else the last one; commas and $ dropped', () => {
    expect(answerKey('3 + 2 = 5\n#### 1,234', 'number')).toBe('1234');
    expect(answerKey('5 + 7 = 12, so the answer is 12.', 'number')).toBe('12');
    expect(answerKey('It costs $3.50', 'number')).toBe('3.5');
    expect(answerKey('12.0', 'number')).toBe(answerKey('12', 'number'));
    expect(answerKey('no numbers', 'number')).toBeUndefined();
  });

  it('yes / no, true / false', () => {
    expect(['Yes, it is.', 'No.', 'true', 'False!'].map((t) => answerKey(t, 'yesno'))).toEqual([
      'yes',
      'no',
      'yes',
      'no',
    ]);
    expect(answerKey('maybe', 'yesno')).toBeUndefined();
  });

  it('code: the fenced block without comments or indentation differences', () => {
    const a = 'Here:\n```python\ndef f(x):\n    # add one\n    return x + 1  # done\n```\nThanks';
    const b = '```py\ndef f(x):\n  return x + 1\n```';
    expect(answerKey(a, 'code')).toBe('def f(x):\nreturn x + 1');
    expect(answerKey(a, 'code')).toBe(answerKey(b, 'code'));
  });

  it('text: case, spacing and surrounding punctuation ignored', () => {
    expect(answerKey('  "Paris." ', 'text')).toBe(answerKey('paris', 'text'));
  });

  it('auto picks the kind the answer looks like; recorded list literals are unwrapped', () => {
    expect(['B', '#### 7', 'Yes.', '```js\nx\n```', 'Paris is the capital'].map(detectAnswerKind)).toEqual([
      'choice',
      'number',
      'yesno',
      'code',
      'text',
    ]);
    expect(unwrapRecorded("['It\\'s B\\n']")).toBe("It's B\n");
  });
});

/** The check called directly, its other models answering from a table (the live path is in agree.test.ts). */
function context(replies: Record<string, string>): AcceptanceContext {
  return {
    request: { messages: [{ role: 'user', content: 'q' }] },
    stepIndex: 0,
    spentUsd: 0,
    complete: async (alias) => ({
      alias,
      attempts: [],
      response: { text: replies[alias] ?? '' } as never,
    }),
  };
}
const answer = (text: string) => ({ text, originalText: text }) as AcceptanceAnswer;

describe('agree() extract options', () => {
  it('code compared by your test: answers agree when their results are equal, never when the code fails', async () => {
    // A stand-in for the user's sandbox: "runs" the code by reading which expression it returns.
    const test = (code: string) => (code.includes('x + 1') ? [2, 3] : code.includes('x+1') ? [2, 3] : false);
    const check = agree({ models: ['a', 'b'], extract: 'code', test });
    const step = answer('```py\ndef f(x):\n    return x + 1\n```');
    const both = await check(step, context({ a: '```\ndef f(y): return y and x+1\n```', b: 'return x + 1' }));
    expect(both.accept).toBe(true);
    const failing = await check(step, context({ a: 'return x + 1', b: 'return x * 2' }));
    expect(failing.accept).toBe(false);
    expect(failing.reason).toMatch(/^1\/2 agree/);
    expect((await check(answer('return x * 2'), context({ a: 'return x * 2', b: 'return x * 2' }))).reason).toBe(
      'the answer holds no code to compare',
    );
  });

  it('a custom extract decides what is compared', async () => {
    const firstWord = (text: string) => /\w+/.exec(text)?.[0]?.toLowerCase();
    const check = agree({ models: ['a'], extract: firstWord });
    expect((await check(answer('Paris, of course'), context({ a: 'paris.' }))).accept).toBe(true);
    expect((await check(answer('Paris'), context({ a: 'Lyon' }))).accept).toBe(false);
  });

  it('a failed agreement call counts as disagreement', async () => {
    const check = agree({ models: ['a'], extract: 'choice' });
    const failing: AcceptanceContext = {
      ...context({}),
      complete: async () => {
        throw new Error('503 overloaded');
      },
    };
    const verdict = await check(answer('B'), failing);
    expect(verdict.accept).toBe(false);
    expect(verdict.reason).toBe('0/1 agree on choice "B" (a: failed), fewer than 1');
  });
});
