import type { EvalDataset, EvalRow } from './dataset.js';
import { EvalInputError } from './eval-input-error.js';
import type { CurveAxis, CurvePoint } from './metrics/curve-point.js';
import { hullMaxCost } from './metrics/reference-metrics.js';
import { pickWeakStrong } from './pick-weak-strong.js';
import { fixedPolicy } from './policies/fixed-policy.js';
import { oraclePolicy } from './policies/oracle-policy.js';
import { type EvalPolicy, type FittedPolicy, type PolicyContext, SHARE_GRID } from './policies/policy.js';
import { pooledShareSweep, type RankedRoutes } from './policies/share-sweep.js';
import { addRoutes, emptyTotals, toPoint } from './replay.js';
import { foldSplits, type Split } from './splits.js';
import { type PolicySummary, type SummaryReference, summarizePolicy } from './summarize-policy.js';
import { overlapWarning, trainTestOverlap } from './train-test-overlap.js';

/** Options of `runEval`. */
export interface RunEvalOptions {
  /** Recorded outcomes: split into folds, or the training set when `test` is given. */
  data: EvalDataset;
  /**
   * Score every row of `data` once, in data order, with nothing to train on (replayed routers, which learn nothing
   * from folds); excludes `test` and `folds`.
   */
  whole?: boolean;
  /** Rows to score, training on all of `data` (`--test FILE`). */
  test?: EvalDataset;
  /** Number of folds when there is no `test` (default 5). */
  folds?: number;
  /** Column keeping groups of rows in one fold. */
  groupColumn?: string;
  /** Seed of fold assignment, tie-breaking and training (default 1). */
  seed?: number;
  /** Policies to replay (baselines are always added). */
  policies: EvalPolicy[];
  /** Called after each policy is fitted and replayed on a split. */
  onProgress?: (done: number, total: number, label: string) => void;
}

/** The four baselines. */
export interface Baselines {
  /** Always the weak (cheapest) model. */
  weak: PolicySummary;
  /** Always the strongest (best-quality) model. */
  strong: PolicySummary;
  /** A random share of queries to the strong model, in expectation (the straight line between weak and strong). */
  random: PolicySummary;
  /** Hindsight routing on the recorded outcomes. */
  oracle: PolicySummary;
}

/** Everything an evaluation found. */
export interface EvalReport {
  /** Model names. */
  models: string[];
  /** Weak (cheapest) and strong (best-quality) model names. */
  weakModel: string;
  strongModel: string;
  /** Rows scored (every row once, across folds or in the test file). */
  rowsScored: number;
  /** How rows were split, e.g. `5 folds grouped by source`. */
  split: string;
  /** Axis of APGR and CPT: strong-call share with two models, cost share with more. */
  axis: CurveAxis;
  /** One summary per policy. */
  policies: PolicySummary[];
  /** Baselines. */
  baselines: Baselines;
  /** Loading notes. */
  notes: string[];
  /** Problems worth telling at once (e.g. test prompts that are also training prompts); also in `notes`. */
  warnings: string[];
}

/** Replays every policy on held-out rows (folds, or a separate test set) and summarizes each curve. */
export async function runEval(options: RunEvalOptions): Promise<EvalReport> {
  const { data, test } = options;
  const seed = options.seed ?? 1;
  let splits: Split[];
  let split: string;
  const warnings: string[] = [];
  if (options.whole) {
    if (test) throw new EvalInputError('runEval: whole scores data itself; it excludes test');
    splits = [{ train: [], test: data.rows }];
    split = `every row once, in data order (nothing trained)`;
  } else if (test) {
    if ([...test.models].sort().join('\n') !== [...data.models].sort().join('\n')) {
      throw new EvalInputError(
        `--test: models ${test.models.join(', ')} differ from --data's ${data.models.join(', ')}`,
      );
    }
    splits = [{ train: data.rows, test: test.rows }];
    const overlap = overlapWarning(trainTestOverlap(data.rows, test.rows));
    if (overlap) warnings.push(overlap);
    split = `trained on ${data.rows.length} rows, scored on ${test.rows.length} test rows`;
  } else {
    const folds = options.folds ?? 5;
    const foldOptions = { folds, seed, ...(options.groupColumn ? { groupColumn: options.groupColumn } : {}) };
    splits = foldSplits(data.rows, foldOptions);
    split = `${folds} folds` + (options.groupColumn ? ` grouped by ${options.groupColumn}` : ' (random)');
  }
  const models = data.models;
  const scored: EvalRow[] = splits.flatMap((s) => s.test);
  const { weak, strong } = pickWeakStrong(scored, models);
  const context: PolicyContext = { models, weak, strong, seed };
  const baselinePolicies = [
    fixedPolicy('always-weak', (c) => c.weak),
    fixedPolicy('always-strong', (c) => c.strong),
    oraclePolicy(models.length),
  ];
  const all = [...options.policies, ...baselinePolicies];
  const totals = all.map((p) => p.params.map(() => emptyTotals()));
  // Baselines learn nothing: they run once over every scored row (the oracle's hindsight is global, not per fold).
  const whole: Split[] = [{ train: [], test: scored }];
  const total = options.policies.length * splits.length + baselinePolicies.length;
  let done = 0;
  const policyNotes: string[] = [];
  for (const [i, policy] of all.entries()) {
    const policySplits = i < options.policies.length ? splits : whole;
    const fitted: FittedPolicy[] = [];
    for (const [k, s] of policySplits.entries()) {
      const fit = await policy.fit(s, context);
      fitted.push(fit);
      const label = policySplits.length > 1 ? `${policy.name} (split ${k + 1}/${policySplits.length})` : policy.name;
      for (const note of fit.notes ?? []) policyNotes.push(`${label}: ${note}`);
      options.onProgress?.(++done, total, label);
    }
    // A score-swept policy is cut at one threshold across every split's rows, as one calibrated router would be.
    const ranked = fitted.map((f) => f.ranked);
    const pooled =
      policy.sweep === 'strong share' && fitted.length > 1 && ranked.every((r) => r !== undefined)
        ? pooledShareSweep(ranked as RankedRoutes[], seed)
        : undefined;
    policy.params.forEach((param, j) => {
      const pooledRoutes = pooled?.(param);
      fitted.forEach((f, k) => {
        const routes = pooledRoutes ? pooledRoutes[k]! : f.routes(param);
        addRoutes(
          totals[i]![j]!,
          policySplits[k]!.test,
          routes,
          models,
          strong,
          f.overheadAt?.(param) ?? f.overheadUsd,
        );
      });
    });
  }
  const strongCost = scored.reduce((sum, row) => sum + row.outcomes[models[strong]!]!.costUsd, 0);
  const curves = all.map((policy, i) => policy.params.map((param, j) => toPoint(param, totals[i]![j]!, strongCost)));
  const weakPoint = curves[options.policies.length]![0]!;
  const strongPoint = curves[options.policies.length + 1]![0]!;
  const randomCurve = SHARE_GRID.map((s): CurvePoint => mix(weakPoint, strongPoint, s));
  const everyPoint = [...curves.flat(), ...randomCurve];
  const ref: SummaryReference = {
    axis: models.length === 2 ? 'strongShare' : 'costShare',
    weak: weakPoint,
    strong: strongPoint,
    costRange: [Math.min(...everyPoint.map((p) => p.costShare)), Math.max(...everyPoint.map((p) => p.costShare))],
    aiqMaxCost: hullMaxCost([...curves, randomCurve].map((c) => c.map((p) => ({ x: p.costShare, y: p.quality })))),
  };
  const summaries = all.map((policy, i) =>
    summarizePolicy(
      policy.name,
      policy.sweep,
      curves[i]!,
      ref,
      i === options.policies.length || i === options.policies.length + 1,
      i === options.policies.length + 2,
    ),
  );
  const random = summarizePolicy('random', 'strong share', randomCurve, ref);
  const half = mix(weakPoint, strongPoint, 0.5);
  Object.assign(random, { quality: half.quality, costUsd: half.costUsd, costShare: half.costShare, strongShare: 0.5 });
  return {
    models,
    weakModel: models[weak]!,
    strongModel: models[strong]!,
    rowsScored: scored.length,
    split,
    axis: ref.axis,
    policies: summaries.slice(0, options.policies.length),
    baselines: {
      weak: summaries[options.policies.length]!,
      strong: summaries[options.policies.length + 1]!,
      random,
      oracle: summaries[options.policies.length + 2]!,
    },
    notes: [...data.notes, ...(test ? test.notes.map((n) => `test: ${n}`) : []), ...policyNotes, ...warnings],
    warnings,
  };
}

function mix(weak: CurvePoint, strong: CurvePoint, s: number): CurvePoint {
  return {
    param: s,
    quality: (1 - s) * weak.quality + s * strong.quality,
    costUsd: (1 - s) * weak.costUsd + s * strong.costUsd,
    costShare: (1 - s) * weak.costShare + s * strong.costShare,
    strongShare: (1 - s) * weak.strongShare + s * strong.strongShare,
  };
}
