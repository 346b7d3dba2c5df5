import { liveCascadeRoutes } from '../recorded/cascade-routes.js';
import { classifierScores } from './classifier-scores.js';
import type { CheckVerdict } from './gsm8k-answer-check.js';
import type { ClassifierFactory, EvalPolicy, Route } from './policy.js';
import { SHARE_GRID } from './policy.js';
import { rankedPolicy } from './share-sweep.js';

/** An acceptance check on a recorded answer (the prompt is given for checks that need it). */
export type AcceptanceCheck = (response: string, prompt: string) => CheckVerdict;

/**
 * Cheap-first cascade over recorded answers: every query calls the weak model; when `check` rejects its recorded
 * answer, the query escalates to the strong model (both calls are charged). The live `cascade()` policy runs it,
 * through a router answered by `recordedProvider` (`liveCascadeRoutes`). A single operating point.
 */
export function cascadePolicy(name: string, check: AcceptanceCheck): EvalPolicy {
  return {
    name,
    sweep: 'none',
    params: [0],
    async fit(split, context) {
      const routes = await liveCascadeRoutes(split.test, context, check, name);
      return { routes: () => routes };
    },
  };
}

/**
 * Classifier in front of a cascade: the top `share` of classifier scores go straight to the strong model; the rest
 * run the cascade (weak first, escalate when `check` rejects). Swept by that share, from the plain cascade (0) to
 * always-strong (1).
 */
export function classifierCascadePolicy(name: string, factory: ClassifierFactory, check: AcceptanceCheck): EvalPolicy {
  return {
    name,
    sweep: 'strong share',
    params: SHARE_GRID,
    async fit(split, context) {
      const { scores, costUsd } = await classifierScores(factory, split, context);
      const direct: Route = [context.strong];
      const cascade = await liveCascadeRoutes(split.test, context, check, name);
      return rankedPolicy({ scores, low: (row) => cascade[row]!, high: () => direct }, context.seed, costUsd);
    },
  };
}
