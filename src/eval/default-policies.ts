import type { EvalDataset } from './dataset.js';
import { pickWeakStrong } from './pick-weak-strong.js';
import { agreementPolicy, cheapestPartners } from './policies/agreement-policy.js';
import { basicAnswerCheck } from './policies/basic-answer-check.js';
import { type AcceptanceCheck, cascadePolicy, classifierCascadePolicy } from './policies/cascade-policy.js';
import { heuristicFactory, learnedFactory } from './policies/classifier-factories.js';
import { cascadeRoutingPolicy } from './policies/cascade-routing-policy.js';
import { classifierPolicy } from './policies/classifier-policy.js';
import { combinedPolicy } from './policies/combined-policy.js';
import { gsm8kAnswerCheck } from './policies/gsm8k-answer-check.js';
import { perTaskPolicy } from './policies/per-task-policy.js';
import type { ClassifierFactory, EvalPolicy } from './policies/policy.js';
import { taskPriorPolicy } from './policies/task-prior-policy.js';
import { utilityPolicy } from './policies/utility-policy.js';

/** Acceptance checks a cascade can use on recorded answers (`--check`). */
export const ANSWER_CHECKS = {
  gsm8k: gsm8kAnswerCheck,
  basic: basicAnswerCheck,
} satisfies Record<string, AcceptanceCheck>;

/** A `--check` value: a named check, `auto` (gsm8k when most weak answers end with `#### N`, else basic) or `none`. */
export type CheckChoice = keyof typeof ANSWER_CHECKS | 'auto' | 'none';

/** Options of `defaultPolicies`. */
export interface DefaultPoliciesOptions {
  /** Classifier factories (default: heuristic and learned). */
  classifiers?: ClassifierFactory[];
  /** Cascade acceptance check (default `auto`). */
  check?: CheckChoice;
}

/**
 * The policies `routewise eval` replays: each classifier (swept by strong share), the multi-model utility router
 * and cascade routing (swept by λ) when the data has more than two models (and `agree` with the two next-cheapest
 * models when it records answers), the per-task choice (swept by λ) and per-task + learned when
 * the data has two or more tasks, learned + its task prior (`withTaskPrior`) then too, and, when the data records answers, a cascade and a
 * learned classifier in front of it. Baselines are added by `runEval`.
 */
export function defaultPolicies(data: EvalDataset, options: DefaultPoliciesOptions = {}): EvalPolicy[] {
  const classifiers = options.classifiers ?? [heuristicFactory(), learnedFactory()];
  const policies: EvalPolicy[] = classifiers.map(classifierPolicy);
  if (data.models.length > 2) {
    policies.push(utilityPolicy(), cascadeRoutingPolicy('task'));
    // agree(): the weak model checked against the two next-cheapest, replayed from the recorded answers.
    if (data.hasResponses) policies.push(agreementPolicy(cheapestPartners(2)));
  }
  const tasks = new Set(data.rows.map((row) => row.task).filter((task) => task !== undefined));
  const learned = classifiers.find((c) => c.name === 'learned') ?? classifiers.at(-1);
  if (tasks.size >= 2) {
    policies.push(perTaskPolicy());
    if (learned) policies.push(combinedPolicy(learned), taskPriorPolicy(learned));
    // learned-options (opt-in) is MMLU's best with its task prior too (docs/eval.md), so it gets one beside learned's.
    const options = classifiers.find((c) => c.name === 'learned-options');
    if (options && options !== learned) policies.push(taskPriorPolicy(options));
  }
  const checkName = resolveCheck(data, options.check ?? 'auto');
  if (data.hasResponses && checkName) {
    const check = ANSWER_CHECKS[checkName];
    policies.push(cascadePolicy(`cascade(${checkName})`, check));
    if (learned) policies.push(classifierCascadePolicy(`${learned.name}+cascade(${checkName})`, learned, check));
  }
  return policies;
}

function resolveCheck(data: EvalDataset, choice: CheckChoice): keyof typeof ANSWER_CHECKS | undefined {
  if (choice === 'none') return undefined;
  if (choice !== 'auto') return choice;
  if (!data.hasResponses) return undefined;
  const sample = data.rows.slice(0, 200);
  const weakest = data.models[pickWeakStrong(data.rows, data.models).weak]!;
  const math = sample.filter((row) => /####\s*-?[\d$]/.test(row.outcomes[weakest]!.response ?? '')).length;
  return math > sample.length / 2 ? 'gsm8k' : 'basic';
}
