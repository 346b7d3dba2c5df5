import { type AcceptanceCheck as LiveAcceptanceCheck, defineCheck } from '../../router/acceptance/acceptance-check.js';
import { lastUserText } from '../../router/last-user-text.js';
import type { AcceptanceCheck } from '../policies/cascade-policy.js';

/**
 * An answer-text check of the evaluator (`gsm8kAnswerCheck`, `basicAnswerCheck`, your own `(text, prompt) =>
 * verdict`) as a live acceptance check, so a deployed cascade and its replay use the same rule on the same text.
 */
export function answerTextCheck(
  check: AcceptanceCheck,
  name: string = check.name || 'answerText',
): LiveAcceptanceCheck {
  return defineCheck(name, (answer, context) => {
    const verdict = check(answer.text, lastUserText(context.request.messages));
    return { accept: verdict.accept, reason: verdict.accept ? 'accepted' : verdict.reasons.join('; ') || 'rejected' };
  });
}
