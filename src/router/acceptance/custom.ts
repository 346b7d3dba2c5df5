import {
  type AcceptanceAnswer,
  type AcceptanceCheck,
  type AcceptanceContext,
  defineCheck,
  type Verdict,
} from './acceptance-check.js';

/**
 * Your own acceptance check: any function of the answer and context returning `{ accept, reason }` (or a boolean).
 * A check that spends money reports it as `costUsd` (and `attempts` when it called through `context.complete`).
 */
export function custom(
  fn: (answer: AcceptanceAnswer, context: AcceptanceContext) => Verdict | boolean | Promise<Verdict | boolean>,
  name = fn.name || 'custom',
): AcceptanceCheck {
  return defineCheck(name, async (answer, context) => {
    const verdict = await fn(answer, context);
    if (typeof verdict === 'boolean') return { accept: verdict, reason: verdict ? 'accepted' : 'rejected' };
    return verdict;
  });
}
