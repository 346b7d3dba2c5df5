import { ConfigError } from '../../errors.js';
import { type AttemptRecord, totalCostUsd } from '../attempt.js';
import type { RouterRequest } from '../request.js';
import { type AcceptanceCheck, type CheckAnswer, defineCheck } from './acceptance-check.js';
import { type AnswerKind, answerKey, codeOf, detectAnswerKind } from './answer-key.js';

/** How `agree()` reads an answer before comparing: a built-in kind, `auto`, or your own function. */
export type AgreeExtract = AnswerKind | 'auto' | ((text: string) => string | undefined);

/** Options of `agree()`. */
export interface AgreeOptions {
  /** Aliases of the other (cheap) models asked the same request, in parallel; each call is charged. */
  models: readonly string[];
  /**
   * What is compared: `choice` (an option letter), `number`, `yesno`, `code` (normalized code, or `test`'s result),
   * `text` (normalized text), `auto` (the default: the kind the step's own answer looks like), or a function
   * returning the key of an answer (undefined = no answer).
   */
  extract?: AgreeExtract;
  /** How many of `models` must agree with the step's answer (default: all of them). */
  min?: number;
  /**
   * For code: runs an answer's code (your sandbox, your tests) and returns what it did; answers agree when the results
   * are equal (JSON). `false`, `undefined` or a throw means the code failed, and a failing answer agrees with none.
   */
  test?: (code: string) => unknown;
  /** Output cap of each agreement call (default: the request's, else the model's, else the router's). */
  maxOutputTokens?: number;
}

/** The request each agreement model is sent: the caller's question, without its pin, id or cache options. */
export function agreementRequest(request: RouterRequest, maxOutputTokens?: number): RouterRequest {
  const { model: _model, requestId: _id, responseCache: _cache, budget: _budget, signal: _signal, ...rest } = request;
  return maxOutputTokens === undefined ? rest : { ...rest, maxOutputTokens };
}

/** The comparison key of one answer, or undefined when it holds no answer (or its code fails the test). */
export async function agreementKey(
  text: string,
  kind: AnswerKind | ((text: string) => string | undefined),
  test?: (code: string) => unknown,
): Promise<string | undefined> {
  if (typeof kind === 'function') return kind(text);
  if (kind === 'code' && test) {
    const code = codeOf(text);
    if (code === undefined) return undefined;
    try {
      const result = await test(code);
      return result === false || result === undefined || result === null ? undefined : JSON.stringify(result);
    } catch {
      return undefined;
    }
  }
  return answerKey(text, kind);
}

/**
 * Agreement as an acceptance check: the same request goes to each of `models` (in parallel, through the router, so
 * each call is budgeted, charged and recorded in `res.route`); the answer is accepted when at least `min` of their
 * answers have the step's answer's key (same option letter, number, yes/no, code behaviour or normalized text).
 * Disagreement, a failed call, or a step answer with nothing to compare rejects, and the cascade escalates. The
 * cascade refuses the step beforehand when its worst case and these calls' worst cases together do not fit the
 * request's budget (skipped or failed, per the tier's `onBudget`).
 */
export function agree(options: AgreeOptions): AcceptanceCheck {
  const models = [...options.models];
  if (models.length === 0) {
    throw new ConfigError([{ path: 'agree.models', message: 'must name at least one model alias' }]);
  }
  const min = options.min ?? models.length;
  if (!Number.isInteger(min) || min < 1 || min > models.length) {
    throw new ConfigError([{ path: 'agree.min', message: `must be a whole number from 1 to ${models.length}` }]);
  }
  const extract = options.extract ?? 'auto';
  const label = typeof extract === 'function' ? 'custom' : extract;
  return defineCheck(
    `agree(${models.join(',')})`,
    async (answer, context) => {
      const kind = extract === 'auto' ? detectAnswerKind(answer.text) : extract;
      const own = await agreementKey(answer.text, kind, options.test);
      const kindName = typeof kind === 'function' ? label : kind;
      if (own === undefined) return { accept: false, reason: `the answer holds no ${kindName} to compare` };
      const request = agreementRequest(context.request, options.maxOutputTokens);
      const attempts: AttemptRecord[] = [];
      const obtained: CheckAnswer[] = [];
      const answers = await Promise.all(
        models.map(async (alias) => {
          try {
            const reply = await context.complete(alias, request);
            attempts.push(...reply.attempts);
            const { text, finishReason, warnings } = reply.response;
            obtained.push({ alias: reply.alias, text, finishReason, warnings });
            return { alias, key: await agreementKey(reply.response.text, kind, options.test) };
          } catch (error) {
            attempts.push(...((error as { attempts?: AttemptRecord[] }).attempts ?? []));
            return { alias, key: undefined, failed: (error as Error).message.split('\n')[0] };
          }
        }),
      );
      const agreeing = answers.filter((a) => a.key === own).length;
      const seen = answers.map((a) => `${a.alias}: ${a.failed ? 'failed' : (a.key ?? 'none')}`).join(', ');
      const accept = agreeing >= min;
      return {
        accept,
        confidence: agreeing / models.length,
        reason: `${agreeing}/${models.length} agree on ${kindName} ${JSON.stringify(own)} (${seen})${accept ? '' : `, fewer than ${min}`}`,
        attempts,
        costUsd: totalCostUsd(attempts),
        answers: obtained,
      };
    },
    {
      models,
      plannedCalls: (request) =>
        models.map((alias) => ({ alias, request: agreementRequest(request, options.maxOutputTokens) })),
    },
  );
}
