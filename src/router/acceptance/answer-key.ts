/**
 * Normal forms of an answer, so that answers from different models can be compared: the key of "The answer is (B)."
 * and of "B" is the same. Shared by the live `agree()` check and the evaluator's replay of it, so both compare
 * answers the same way. Each returns undefined when the text holds no answer of that kind.
 */

/** What `agree()` compares: a choice letter, a number, yes/no, code, or the whole normalized text. */
export type AnswerKind = 'choice' | 'number' | 'yesno' | 'code' | 'text';

/** Every built-in kind, in the order `auto` tries them. */
export const ANSWER_KINDS: readonly AnswerKind[] = ['choice', 'yesno', 'number', 'code', 'text'];

/**
 * Recorded answers are sometimes stored as a Python list literal (RouterBench's `['C']`, `["It's B"]`): returns the
 * text inside, with `\n`, `\'`, `\"` and `\\` unescaped; any other text unchanged.
 */
export function unwrapRecorded(text: string): string {
  const match = /^\s*\[\s*(['"])([\s\S]*)\1\s*\]\s*$/.exec(text);
  if (!match) return text;
  return match[2]!.replace(/\\(n|t|'|"|\\)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

/** An option letter A–J: "Answer: B", "the answer is (c)", "B) Paris", or a lone "B" / "B." on its own. */
export function choiceKey(text: string): string | undefined {
  const t = unwrapRecorded(text).trim();
  // Upper-case letters only, except in parentheses: "the answer is a bit unclear" names no option.
  const stated =
    /\b(?:[Aa]nswer|ANSWER|[Cc]hoice|[Oo]ption)\s*(?:is|IS|:)?\s*[:\-–]?\s*(?:\(([A-Ja-j])\)|\**([A-J])\b(?![a-z']))/.exec(
      t,
    );
  if (stated) return (stated[1] ?? stated[2])!.toUpperCase();
  const lead = /^\(?\**([A-J])\**(?:[).:\]]|\s*$|\s+[-–:)]|\s)/.exec(t);
  if (lead && (t.length <= 3 || /^\(?\**[A-J]\**[).:\]]/.test(t) || /^[A-J]\s*$/.test(t))) return lead[1]!;
  const lone = /^\s*(?:\(([A-Ja-j])\)|([A-J]))\s*$/m.exec(t);
  return lone ? (lone[1] ?? lone[2])!.toUpperCase() : undefined;
}

/** The final number: after `####` (GSM8K), after "answer is", else the last number in the text; commas and `$` dropped. */
export function numberKey(text: string): string | undefined {
  const t = unwrapRecorded(text);
  const pick =
    /####\s*\$?\s*(-?[\d,]*\.?\d+)/.exec(t)?.[1] ??
    /answer\s*(?:is|:)\s*\$?\s*(-?[\d,]*\.?\d+)/i.exec(t)?.[1] ??
    [...t.matchAll(/-?\$?\s?\d[\d,]*(?:\.\d+)?/g)].at(-1)?.[0];
  if (pick === undefined) return undefined;
  const value = Number(pick.replace(/[$,\s]/g, ''));
  return Number.isFinite(value) ? String(value) : undefined;
}

/** Yes or no (true / false count too): the first such word. */
export function yesNoKey(text: string): string | undefined {
  const match = /\b(yes|no|true|false)\b/i.exec(unwrapRecorded(text));
  if (!match) return undefined;
  const word = match[1]!.toLowerCase();
  return word === 'yes' || word === 'true' ? 'yes' : 'no';
}

/** The first fenced code block (else the whole text), without comments, blank lines or trailing spaces. */
export function codeOf(text: string): string | undefined {
  const t = unwrapRecorded(text);
  const fenced = /```[\w+-]*\n([\s\S]*?)```/.exec(t)?.[1] ?? (/```[\w+-]*\n([\s\S]*)$/.exec(t)?.[1] || undefined);
  const code = fenced ?? t;
  return code.trim() ? code : undefined;
}

/** Code in a normal form: `#` and `//` line comments, blank lines and indentation differences removed. */
export function codeKey(text: string): string | undefined {
  const code = codeOf(text);
  if (code === undefined) return undefined;
  const lines = code
    .split('\n')
    .map((line) => line.replace(/\s+(#|\/\/).*$/, '').replace(/^\s*(#|\/\/).*$/, ''))
    .map((line) => line.trim().replace(/\s+/g, ' '))
    .filter((line) => line !== '');
  return lines.length > 0 ? lines.join('\n') : undefined;
}

/** The text lower-cased, whitespace collapsed, surrounding punctuation and quotes dropped. */
export function textKey(text: string): string | undefined {
  const t = unwrapRecorded(text)
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/^[\s"'`.,;:!?*()[\]]+|[\s"'`.,;:!?*()[\]]+$/g, '');
  return t === '' ? undefined : t;
}

/** The key of an answer of a kind. */
export function answerKey(text: string, kind: AnswerKind): string | undefined {
  switch (kind) {
    case 'choice':
      return choiceKey(text);
    case 'number':
      return numberKey(text);
    case 'yesno':
      return yesNoKey(text);
    case 'code':
      return codeKey(text);
    case 'text':
      return textKey(text);
  }
}

/** `auto`: the first kind, in `ANSWER_KINDS` order, that finds an answer in `text` (the step's own answer). */
export function detectAnswerKind(text: string): AnswerKind {
  const t = unwrapRecorded(text).trim();
  // A short answer naming a letter is a choice; a fenced block is code; a short yes/no is one; a number-final
  // answer is a number; anything else is compared as text.
  if (t.length <= 40 && choiceKey(t) !== undefined) return 'choice';
  if (/```/.test(t)) return 'code';
  if (t.length <= 40 && /^\W*(yes|no|true|false)\b/i.test(t)) return 'yesno';
  if (/####/.test(t) || (t.length <= 40 && numberKey(t) !== undefined)) return 'number';
  if (choiceKey(t) !== undefined && /\b(answer|choice|option)\b/i.test(t)) return 'choice';
  return 'text';
}
