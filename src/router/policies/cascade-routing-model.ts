// What cascade routing learns from recorded outcomes, as plain JSON (`trainCascadeRouting` writes it), and how one
// request's estimates are read out of it. The evaluator's `cascade-routing(...)` policy and the live
// `cascadeRouting()` policy both read their estimates through `cascadeEstimatesFor`, so both weigh the same numbers.
import type { AnswerKind } from '../acceptance/answer-key.js';
import type { AgreementRates, CascadeEstimates } from './cascade-routing-core.js';

/** Format tag of a serialized cascade routing model. */
export const CASCADE_ROUTING_FORMAT = 'routewise-cascade-routing/1';

/** What cascade routing learned for one task (or for all rows): per model, in `CascadeRoutingModel.models` order. */
export interface CascadeTaskEstimates {
  /** Mean recorded quality per model (a task's shrunk towards the all-row mean). */
  quality: number[];
  /** Mean recorded cost per model, in USD (shrunk likewise). */
  costUsd: number[];
  /** How answers agree when right and when wrong; an answer with no key's factor. */
  rates: AgreementRates;
  /** gainIfWrong[i][n]: the mean gain of also calling n when i is wrong (see `CascadeEstimates.gainIfWrong`). */
  gainIfWrong: number[][];
  /** How many training rows it was learned from. */
  rows: number;
}

/** Cascade routing's learned estimates: per task, and over all rows for a task never seen. */
export interface CascadeRoutingModel {
  format: typeof CASCADE_ROUTING_FORMAT;
  /** The models (candidate names), in the order every array is indexed by. */
  models: string[];
  /** Over every training row: used for a request whose task (`metadata.feature`) was not seen. */
  all: CascadeTaskEstimates;
  /** Per task label seen in training. */
  tasks: Record<string, CascadeTaskEstimates>;
  /** Per task, the kind of answer its recorded answers mostly were (how answers are compared). */
  answerKinds: Record<string, AnswerKind>;
}

/** The learned estimates of a task, or the all-row ones for an unseen (or absent) task. */
export function taskEstimates(model: CascadeRoutingModel, task: string | undefined): CascadeTaskEstimates {
  return (task !== undefined ? model.tasks[task] : undefined) ?? model.all;
}

/**
 * One request's estimates for the rule, over `pick` (indexes into `model.models`, in candidate order): the prior
 * quality is the task's mean, or, given `predicted` (a learned head per model), the mean of the two; `cost` is
 * given per candidate in λ's unit; the agreement rates and second-call gains are the task's (all rows' when unseen).
 */
export function cascadeEstimatesFor(
  model: CascadeRoutingModel,
  task: string | undefined,
  pick: readonly number[],
  cost: readonly number[],
  predicted?: readonly number[],
): CascadeEstimates {
  const t = taskEstimates(model, task);
  const prior = pick.map((i) => t.quality[i]!);
  const quality = predicted ? prior.map((q, c) => (predicted[c]! + q) / 2) : prior;
  const same = pick.length === model.models.length && pick.every((i, c) => i === c);
  const sub = (grid: readonly (readonly number[])[]) => (same ? grid : pick.map((i) => pick.map((j) => grid[i]![j]!)));
  return {
    quality,
    cost,
    rates: same
      ? t.rates
      : {
          agreeIfRight: sub(t.rates.agreeIfRight),
          agreeIfWrong: sub(t.rates.agreeIfWrong),
          noKeyFactor: pick.map((i) => t.rates.noKeyFactor[i]!),
        },
    gainIfWrong: sub(t.gainIfWrong),
  };
}
