import { type AcceptanceAnswer, type AcceptanceCheck, defineCheck } from './acceptance-check.js';

/** Refusal openings, matched against the start of the answer (case-insensitive, straight or curly apostrophes). */
export const REFUSAL_PATTERNS: readonly RegExp[] = [
  /^(i'?m|i am) (sorry|afraid),? but (i|that)/i,
  /^(sorry|unfortunately),? (but )?i (can(no|')t|cannot|am unable|'m unable|won'?t)/i,
  /^i (can(no|')t|cannot|won'?t|am not able to|'m not able to|am unable to|'m unable to) (help|assist|provide|comply|answer|do that|fulfil)/i,
  /^as an ai( language model)?,? i (can(no|')t|cannot|don'?t|do not|am not)/i,
];

/** Options of `notRefusal()`. */
export interface NotRefusalOptions {
  /** More refusal patterns, matched against the start of the answer. */
  patterns?: RegExp[];
}

/**
 * Rejects a refusal: the provider's content filter stopped the answer, the provider flagged a refusal, or the
 * answer opens with refusal phrasing ("I'm sorry, but I can't…", "I cannot help with…").
 */
export function notRefusal(options: NotRefusalOptions = {}): AcceptanceCheck {
  const patterns = [...REFUSAL_PATTERNS, ...(options.patterns ?? [])];
  return defineCheck('notRefusal', (answer) => {
    const refusal = refusalOf(answer, patterns);
    return refusal ? { accept: false, reason: refusal } : { accept: true, reason: 'no refusal' };
  });
}

/** Why an answer is a refusal (content filter, a provider's flag, refusal phrasing), or undefined when it is not. */
export function refusalOf(
  answer: Pick<AcceptanceAnswer, 'finishReason' | 'warnings' | 'text'>,
  patterns: readonly RegExp[] = REFUSAL_PATTERNS,
): string | undefined {
  if (answer.finishReason === 'content-filter') return "the provider's content filter stopped the answer";
  const flagged = answer.warnings.find((warning) => warning.startsWith('the model refused'));
  if (flagged) return flagged;
  const opening = answer.text.trimStart().slice(0, 200).replaceAll('\u2019', "'");
  return patterns.some((pattern) => pattern.test(opening)) ? `refusal phrasing: "${opening.slice(0, 60)}"` : undefined;
}
