import type { EvalReport } from '../run-eval.js';
import type { PolicySummary } from '../summarize-policy.js';

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);
const num = (x: number | null) => (x === null ? '—' : x.toFixed(3));

/** The terminal table of one evaluation: one line per policy and baseline, plus a header naming the setup. */
export function formatTable(dataset: string, report: EvalReport): string {
  const axis = report.axis === 'strongShare' ? 'strong-call share' : 'cost share';
  const lines = [
    `${dataset}: ${report.rowsScored} rows, ${report.split}; weak ${report.weakModel}, strong ${report.strongModel}`,
    `APGR and CPT on ${axis} (RouteLLM's evaluate.py), AIQ on cost share (RouterBench's AIQ.py), each on the policy's own points`,
    'quality/cost at the cheapest point reaching 95% of strong quality; completed-curve variants in --json and --html',
    '',
  ];
  const header = [
    'policy',
    'APGR',
    'CPT50',
    'CPT80',
    'AIQ',
    'saved@95',
    'quality',
    'cost',
    'strong',
    'q≤10%',
    'q≤20%',
    'q≤50%',
  ];
  const rows: string[][] = [];
  const add = (p: PolicySummary, label = p.name) =>
    rows.push([
      label,
      num(p.apgr),
      pct(p.cpt50),
      pct(p.cpt80),
      num(p.aiq),
      pct(p.costSaved95),
      pct(p.quality),
      pct(p.costShare),
      pct(p.strongShare),
      ...[0.1, 0.2, 0.5].map((b) => pct(p.budgets.find((x) => x.maxCostShare === b)?.point?.quality)),
    ]);
  for (const p of report.policies) add(p);
  const { weak, strong, random, oracle } = report.baselines;
  add(weak, 'always-weak');
  add(strong, 'always-strong');
  add(random, 'random (expected)');
  add(oracle, 'oracle');
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  lines.push(line(header), widths.map((w) => '─'.repeat(w)).join('  '));
  rows.forEach((r, i) => {
    if (i === report.policies.length) lines.push(widths.map((w) => '·'.repeat(w)).join('  '));
    lines.push(line(r));
  });
  return lines.join('\n');
}
