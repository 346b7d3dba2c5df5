import { describe, expect, it } from 'vitest';
import { DEFAULT_LEXICAL_CHECK, lexicalMismatch } from '../../src/index.js';
import { stem } from '../../src/cache/stem.js';

/** The lexical check on its own: the examples, the stemmer it compares words with, and swapped roles. */
describe('lexicalMismatch', () => {
  it('refuses the issue’s near misses: another number, a negation, another language', () => {
    expect(lexicalMismatch('What is 2+3?', 'What is 2+4?')).toBe('numbers differ');
    expect(lexicalMismatch('What is two plus three?', 'What is two plus four?')).toBe('numbers differ');
    expect(lexicalMismatch('Is X safe?', 'Is X not safe?')).toBe('negation differs');
    expect(lexicalMismatch('Is aspirin safe for kids?', "Isn't aspirin safe for kids?")).toBe('negation differs');
    expect(lexicalMismatch('How do I learn Python?', 'How do I learn Java?')).toMatch(/"python" only in the query/);
    // Lower-cased, the languages are rare words rather than names: still refused with the shipped defaults.
    expect(lexicalMismatch('how do i learn python', 'how do i learn java', DEFAULT_LEXICAL_CHECK)).toMatch(
      /rare words|only in/,
    );
  });

  it('lets paraphrases through: other inflections, spellings and function words', () => {
    const paraphrases = [
      ['What is your favorite vegetarian recipe?', 'What vegetarian recipes are your favourite?'],
      ['What are the limitations of logic?', 'What are the limits of logic?'],
      ['Can birth control cause infertility?', 'Can birth control cause you to become infertile?'],
      ['How do I get rid of pimples permanently?', 'How can I get rid of pimples permanently?'],
      ['What is the difference between Java and Python?', 'What is the difference between Python and Java?'],
    ];
    for (const [a, b] of paraphrases) expect(lexicalMismatch(a as string, b as string), `${a} / ${b}`).toBeUndefined();
  });

  it('refuses the same words in swapped roles, except around a symmetric relation', () => {
    expect(lexicalMismatch('Are cats afraid of tigers?', 'Are tigers afraid of cats?')).toBe(
      'the same words in swapped roles',
    );
    expect(lexicalMismatch('Why do Poles dislike Russians?', 'Why do Russians dislike Poles?')).toBe(
      'the same words in swapped roles',
    );
    expect(lexicalMismatch('Is Rust faster than Go?', 'Is Go faster than Rust?')).toBe(
      'the same words in swapped roles',
    );
    expect(lexicalMismatch('Is Rust faster than Go?', 'Is Go faster than Rust?', { order: false })).toBeUndefined();
    expect(lexicalMismatch('Python vs Java: which is faster?', 'Java vs Python: which is faster?')).toBeUndefined();
  });

  it('each rule can be turned off on its own', () => {
    expect(lexicalMismatch('What is 2+3?', 'What is 2+4?', { numbers: false })).toBeUndefined();
    expect(lexicalMismatch('Is X safe?', 'Is X not safe?', { negations: false })).toBeUndefined();
    expect(lexicalMismatch('Why is the sky blue?', 'Where is the sky blue?', { questionWords: false })).toBeUndefined();
    expect(lexicalMismatch('How do I learn Python?', 'How do I learn Java?', { entities: false })).toMatch(/rare/);
    expect(
      lexicalMismatch('How do I learn Python?', 'How do I learn Java?', { entities: false, rareWords: false }),
    ).toBeUndefined();
    expect(
      lexicalMismatch('How do I learn Python?', 'How do I learn Java?', {
        entities: false,
        maxRareWordDifferences: 2,
      }),
    ).toBeUndefined();
  });
});

describe('stem', () => {
  it('maps a word’s inflections and spellings together', () => {
    const same = [
      ['recipe', 'recipes'],
      ['limit', 'limitations'],
      ['infertile', 'infertility'],
      ['favourite', 'favorite'],
      ['organise', 'organization'],
      ['message', 'messages'],
      ['easy', 'easily'],
      ['happy', 'happiness'],
      ['specific', 'specifically'],
      ['stop', 'stopped'],
      ['run', 'running'],
      ["dogs'", 'dog'],
      ['students', 'student'],
    ];
    for (const [a, b] of same) expect(stem(a as string), `${a} / ${b}`).toBe(stem(b as string));
  });

  it('keeps different words apart and leaves short words, names with digits and non-plurals alone', () => {
    expect(stem('java')).not.toBe(stem('javascript'));
    expect(stem('better')).toBe('better');
    expect(stem('analysis')).toBe('analysis');
    expect(stem('virus')).toBe('virus');
    expect(stem('class')).toBe('class');
    expect(stem('gpt4')).toBe('gpt4');
    expect(stem('was')).toBe('was');
  });
});
