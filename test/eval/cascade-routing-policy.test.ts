import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agreementPolicy, cheapestPartners } from '../../src/eval/policies/agreement-policy.js';
import { cascadeRoutingPolicy } from '../../src/eval/policies/cascade-routing-policy.js';
import { nextCascadeStep, runCascadeRouting } from '../../src/router/policies/cascade-routing-core.js';
import { defaultPolicies, loadDataset, runEval } from '../../src/index.js';

const fixtures = join(import.meta.dirname, '../fixtures/eval');

describe('the cascade routing rule', () => {
  const estimates = { quality: [0.6, 0.7, 0.95], cost: [0.02, 0.1, 1] };

  it('λ = ∞ calls the cheapest model and stops; λ = 0 keeps calling while a model can help', () => {
    expect(runCascadeRouting(estimates, Number.POSITIVE_INFINITY, () => 'A')).toEqual({ called: [0], answer: 0 });
    expect(runCascadeRouting(estimates, 0, () => 'A').called).toEqual([2, 1, 0]);
  });

  it('stops when the next call is not worth λ × its cost, and agreement raises the answer it keeps', () => {
    // First call: argmax q − λc at λ = 0.3: 0.594, 0.67, 0.65 → model 1.
    const first = nextCascadeStep({ ran: [], keys: [] }, estimates, 0.3);
    expect(first.next).toBe(1);
    // Agreement between 1 and 0 makes 1's answer likely right: the strong call gains (1 − p) × 0.95 < 0.3.
    const rates = {
      agreeIfRight: [
        [0, 0.9, 0.9],
        [0.9, 0, 0.9],
        [0.9, 0.9, 0],
      ],
      agreeIfWrong: [
        [0, 0.2, 0.2],
        [0.2, 0, 0.2],
        [0.2, 0.2, 0],
      ],
      noKeyFactor: [0.5, 0.5, 0.5],
    };
    const agreed = nextCascadeStep({ ran: [1, 0], keys: ['B', 'B'] }, { ...estimates, rates }, 0.3);
    expect(agreed.next).toBeUndefined();
    expect(agreed.answer).toBe(1);
    // Odds 0.7/0.3 × 0.9/0.2 = 10.5 → 0.913.
    expect(agreed.quality).toBeCloseTo(10.5 / 11.5, 12);
    // Disagreement: 1's odds 7/3 × 0.1/0.8 → p 0.226; the strong call gains 0.774 × 0.95 − 0.3 > 0.
    const disagreed = nextCascadeStep({ ran: [1, 0], keys: ['B', 'C'] }, { ...estimates, rates }, 0.3);
    expect(disagreed.next).toBe(2);
  });
});

describe('cascade routing and agree() in the evaluator', () => {
  it('on the 3-model fixture, cascade routing reaches full quality at 12.5% of big’s cost, as the oracle', async () => {
    const data = loadDataset(join(fixtures, 'three-models.jsonl'));
    const report = await runEval({ data, folds: 4, policies: [cascadeRoutingPolicy('task')] });
    const policy = report.policies[0]!;
    expect(policy.curve.some((p) => p.quality === 1 && Math.abs(p.costShare - 0.125) < 1e-9)).toBe(true);
    expect(policy.aiq).toBeCloseTo(report.baselines.oracle.aiq!, 9);
  });

  it('agree replays the recorded answers and costs: every disagreement escalates, every call is charged', async () => {
    // routerbench.csv: weak = model-c (cheapest), strong = model-b; the only other model, model-a, is the partner.
    // s1: c "B" vs a "A"; s2: c "no" vs a "multi\nline" (no yes/no); s3: c "z" vs a "x": all three escalate to b.
    const data = loadDataset(join(fixtures, 'routerbench.csv'));
    const report = await runEval({ data, folds: 3, policies: [agreementPolicy(cheapestPartners(2))] });
    const point = report.policies[0]!.curve[0]!;
    expect(point.quality).toBeCloseTo(2.75 / 3, 12);
    expect(point.strongShare).toBe(1);
    expect(point.costUsd).toBeCloseTo(0.0001 + 0.001 + 0.01 + 0.0002 + 0.002 + 0.02 + 0.0001 + 0.001 + 0.01, 12);
  });

  it('both run by default on data with more than two models; agree only where answers are recorded', () => {
    const names = (file: string) => defaultPolicies(loadDataset(join(fixtures, file))).map((p) => p.name);
    expect(names('routerbench.csv')).toEqual(
      expect.arrayContaining(['cascade-routing(task)', 'agree(next 2 cheapest)']),
    );
    expect(names('three-models.jsonl')).toContain('cascade-routing(task)');
    expect(names('three-models.jsonl')).not.toContain('agree(next 2 cheapest)');
  });
});
