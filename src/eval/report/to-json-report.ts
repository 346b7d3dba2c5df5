import type { EvalReport } from '../run-eval.js';
import type { PolicySummary } from '../summarize-policy.js';

/** One policy in the JSON report: the documented headline fields first, then the detail. */
export interface JsonPolicy {
  name: string;
  quality: number;
  costUsd: number;
  costShare: number;
  strongShare: number;
  apgr: number | null;
  cpt50: number | null;
  cpt80: number | null;
  aiq: number | null;
  apgrCost: number | null;
  costSaved95: number | null;
  /** Completed-curve variants (the curve joined to always-weak and always-strong first); not the reference figures. */
  apgrCompleted: number | null;
  cpt50Completed: number | null;
  cpt80Completed: number | null;
  aiqCompleted: number | null;
  sweep: string;
  budgets: PolicySummary['budgets'];
  curve: PolicySummary['curve'];
}

/** The `--json` document of one dataset: `{ policies: [...], baselines: { weak, strong, random, oracle }, ... }`. */
export interface JsonReport {
  /** Dataset label (path or bundled benchmark name). */
  dataset: string;
  models: string[];
  weakModel: string;
  strongModel: string;
  rowsScored: number;
  split: string;
  /** Axis of APGR / CPT: `strongShare` (two models) or `costShare`. */
  axis: string;
  policies: JsonPolicy[];
  baselines: { weak: JsonPolicy; strong: JsonPolicy; random: JsonPolicy; oracle: JsonPolicy };
  notes: string[];
}

/** Converts a policy summary to its JSON form (numbers rounded to 6 significant digits). */
export function toJsonPolicy(p: PolicySummary): JsonPolicy {
  const r = (x: number | null) => (x === null ? null : Number(x.toPrecision(6)));
  return {
    name: p.name,
    quality: r(p.quality)!,
    costUsd: r(p.costUsd)!,
    costShare: r(p.costShare)!,
    strongShare: r(p.strongShare)!,
    apgr: r(p.apgr),
    cpt50: r(p.cpt50),
    cpt80: r(p.cpt80),
    aiq: r(p.aiq),
    apgrCost: r(p.apgrCost),
    costSaved95: r(p.costSaved95),
    apgrCompleted: r(p.apgrCompleted),
    cpt50Completed: r(p.cpt50Completed),
    cpt80Completed: r(p.cpt80Completed),
    aiqCompleted: r(p.aiqCompleted),
    sweep: p.sweep,
    budgets: p.budgets,
    curve: p.curve.map((c) => ({
      param: Number.isFinite(c.param) ? r(c.param)! : c.param,
      quality: r(c.quality)!,
      costUsd: r(c.costUsd)!,
      costShare: r(c.costShare)!,
      strongShare: r(c.strongShare)!,
    })),
  };
}

/** The JSON document of one evaluation. */
export function toJsonReport(dataset: string, report: EvalReport): JsonReport {
  return {
    dataset,
    models: report.models,
    weakModel: report.weakModel,
    strongModel: report.strongModel,
    rowsScored: report.rowsScored,
    split: report.split,
    axis: report.axis,
    policies: report.policies.map(toJsonPolicy),
    baselines: {
      weak: toJsonPolicy(report.baselines.weak),
      strong: toJsonPolicy(report.baselines.strong),
      random: toJsonPolicy(report.baselines.random),
      oracle: toJsonPolicy(report.baselines.oracle),
    },
    notes: report.notes,
  };
}
