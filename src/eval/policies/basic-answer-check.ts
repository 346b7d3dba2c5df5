import type { CheckVerdict } from './gsm8k-answer-check.js';

const REFUSAL = /^\s*(?:I(?:'m| am) sorry|I can(?:not|'t)|I'm (?:not able|unable)|As an AI\b)/i;

/** Generic acceptance check on a recorded answer: it is not empty and does not open with a refusal. */
export function basicAnswerCheck(response: string): CheckVerdict {
  const reasons: string[] = [];
  if (response.trim() === '') reasons.push('empty answer');
  else if (REFUSAL.test(response)) reasons.push('refusal');
  return { accept: reasons.length === 0, reasons };
}
