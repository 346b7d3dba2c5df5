import { evaluateArithmetic, sameNumber } from './arithmetic.js';

/** The verdict of an acceptance check on a recorded answer. */
export interface CheckVerdict {
  /** Whether the answer is good enough to keep (no escalation). */
  accept: boolean;
  /** Why it was rejected (empty when accepted). */
  reasons: string[];
}

const FINAL_ANSWER = /####\s*\$?\s*(-?[\d,]*\.?\d+)/g;
const ANNOTATION = /<<([^<>=]+)=([^<>]+)>>/g;
// "12 / 20 x 100 = 55": two or more numbers joined by operators, then "=" and a number.
const EQUATION =
  /((?:\(?\$?-?\d[\d,]*(?:\.\d+)?%?\)?\s*(?:[-+*/×÷]|\\\*|\sx\s)\s*)+\(?\$?\d[\d,]*(?:\.\d+)?%?\)?)\s*=\s*\$?(-?\d[\d,]*(?:\.\d+)?)/g;

const CONTINUES = /^\s*(?:[-+*/×÷]|\\\*|x\s)\s*\(?\$?\d/;

/**
 * Acceptance check for a grade-school math answer (GSM8K style), reading only the answer text:
 * 1. it states a final answer on a `#### N` line (a truncated or rambling answer does not);
 * 2. the final answer is a whole number (every GSM8K answer is);
 * 3. every calculation it shows is right: calculator annotations `<<expr=result>>` and inline equations such as
 *    `12 / 20 x 100 = 60` are re-computed, and a result that differs beyond rounding to cents fails.
 * It never sees the reference answer. Reject → the cascade escalates to the next model.
 */
export function gsm8kAnswerCheck(response: string): CheckVerdict {
  const reasons: string[] = [];
  const finals = [...response.matchAll(FINAL_ANSWER)];
  const final = finals.at(-1);
  if (!final) reasons.push('no final answer line (#### N)');
  else {
    const value = Number(final[1]!.replace(/,/g, ''));
    if (!Number.isFinite(value) || !Number.isInteger(value))
      reasons.push(`final answer ${final[1]} is not a whole number`);
  }
  for (const match of response.matchAll(ANNOTATION)) {
    const expected = evaluateArithmetic(match[1]!);
    const stated = Number(match[2]!.replace(/[,$]/g, ''));
    if (expected !== undefined && Number.isFinite(stated) && !sameNumber(expected, stated)) {
      reasons.push(`wrong calculation <<${match[1]}=${match[2]}>> (is ${round(expected)})`);
    }
  }
  const withoutAnnotations = response.replace(ANNOTATION, ' ');
  for (const match of withoutAnnotations.matchAll(EQUATION)) {
    // "4 * 125 - 2 = 500 - 2 = 498": the right side continues as an expression, so 500 is not a result.
    if (CONTINUES.test(withoutAnnotations.slice(match.index + match[0].length))) continue;
    const expected = evaluateArithmetic(match[1]!.replace(/\sx\s/g, ' * '));
    const stated = Number(match[2]!.replace(/,/g, ''));
    if (expected !== undefined && Number.isFinite(stated) && !sameNumber(expected, stated)) {
      reasons.push(`wrong calculation ${match[1]!.trim()} = ${match[2]} (is ${round(expected)})`);
    }
  }
  return { accept: reasons.length === 0, reasons };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
