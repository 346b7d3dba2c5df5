import { type AcceptanceCheck, defineCheck } from './acceptance-check.js';

/** Options of `logprobConfidence()`. */
export interface LogprobConfidenceOptions {
  /** Lowest mean token probability accepted, in [0, 1]. */
  min: number;
  /** What to do when the provider returned no log-probabilities. Default `reject` (escalate). */
  whenMissing?: 'accept' | 'reject';
}

/** Mean probability of the tokens: the average of exp(logprob). */
export function meanTokenProbability(logprobs: ReadonlyArray<{ logprob: number }>): number {
  let sum = 0;
  for (const token of logprobs) sum += Math.exp(token.logprob);
  return sum / logprobs.length;
}

/**
 * Accepts an answer whose mean token probability is at least `min`. The step's request asks for log-probabilities
 * (OpenAI Chat Completions and compatible hosts return them); from other providers the check has none, and
 * accepts or rejects per `whenMissing`.
 */
export function logprobConfidence(options: LogprobConfidenceOptions): AcceptanceCheck {
  if (!(options.min >= 0 && options.min <= 1)) throw new RangeError('logprobConfidence: min must be in [0, 1]');
  const whenMissing = options.whenMissing ?? 'reject';
  return defineCheck(
    `logprobConfidence(${options.min})`,
    (answer) => {
      if (!answer.logprobs || answer.logprobs.length === 0) {
        return {
          accept: whenMissing === 'accept',
          reason: `no logprobs from this provider (${answer.provider}); ${whenMissing}ed as configured`,
        };
      }
      const confidence = meanTokenProbability(answer.logprobs);
      const verdict = confidence >= options.min ? '≥' : '<';
      return {
        accept: confidence >= options.min,
        confidence,
        reason: `mean token probability ${confidence.toFixed(3)} ${verdict} ${options.min} over ${answer.logprobs.length} tokens`,
      };
    },
    { prepareRequest: (request) => ({ ...request, logprobs: true }) },
  );
}
