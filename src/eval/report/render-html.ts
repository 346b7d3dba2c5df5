import type { CurvePoint } from '../metrics/curve-point.js';
import type { EvalReport } from '../run-eval.js';
import type { PolicySummary } from '../summarize-policy.js';
import { escapeHtml } from './escape-html.js';
import { identicalCurveGroups } from './identical-curves.js';
import { type ChartSeries, svgChart } from './svg-chart.js';

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#bcbd22'];

/** One evaluated dataset in an HTML report. */
export interface HtmlSection {
  /** Dataset label. */
  dataset: string;
  /** What `runEval` found. */
  report: EvalReport;
}

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);
const num = (x: number | null) => (x === null ? '—' : x.toFixed(3));

/**
 * A self-contained HTML report (inline CSS and SVG, no scripts, no external resources): per dataset, the
 * quality curves of every policy and baseline over strong-call share and over cost share, the metrics table, the best
 * point under each cost budget, and the loading notes.
 */
export function renderHtml(sections: HtmlSection[], title = 'routewise eval'): string {
  const body = sections.map(renderSection).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px auto; max-width: 1180px; color: #222; padding: 0 16px; }
h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 36px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
table { border-collapse: collapse; margin: 12px 0; font-size: 13px; font-variant-numeric: tabular-nums; }
.table-wrap { overflow-x: auto; }
th, td { padding: 4px 7px; border-bottom: 1px solid #eee; text-align: right; }
th:first-child, td:first-child { text-align: left; }
tr.baseline td { color: #666; }
.notes { color: #555; font-size: 12px; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>Policies replayed on recorded outcomes; every learned policy is scored only on rows it did not train on.
APGR and CPT follow RouteLLM (Ong et al., 2024); AIQ follows RouterBench (Hu et al., 2024).</p>
${body}
</body>
</html>
`;
}

function renderSection({ dataset, report }: HtmlSection): string {
  const policies = report.policies;
  const { weak, strong, random, oracle } = report.baselines;
  // Policies with the same curve are one line (otherwise the last drawn hides the others) named for all of them.
  const groups = identicalCurveGroups(policies);
  const series = (x: (p: CurvePoint) => number): ChartSeries[] => [
    ...groups.map((group, i) => ({
      name: group.map((p) => p.name).join(' = '),
      color: PALETTE[i % PALETTE.length]!,
      points: line(group[0]!.curve, x),
    })),
    { name: 'oracle', color: '#444', points: line(oracle.curve, x), dashed: true },
    { name: 'random', color: '#999', points: line(random.curve, x), dashed: true },
    { name: 'always-weak', color: '#7f7f7f', points: line(weak.curve, x) },
    { name: 'always-strong', color: '#000', points: line(strong.curve, x) },
  ];
  const charts = [
    svgChart({
      title: `${dataset}: quality vs strong-model calls`,
      xLabel: 'share of queries calling the strong model',
      yLabel: 'quality',
      series: series((p) => p.strongShare),
    }),
    svgChart({
      title: `${dataset}: quality vs cost`,
      xLabel: `cost as a share of always calling ${report.strongModel}`,
      yLabel: 'quality',
      series: series((p) => p.costShare),
    }),
  ];
  const axis = report.axis === 'strongShare' ? 'strong-call share' : 'cost share';
  const row = (p: PolicySummary, baseline = false) => `<tr${baseline ? ' class="baseline"' : ''}>
<td>${escapeHtml(p.name)}</td><td>${num(p.apgr)}</td><td>${num(p.apgrCost)}</td><td>${pct(p.cpt50)}</td><td>${pct(p.cpt80)}</td>
<td>${num(p.aiq)}</td><td>${num(p.apgrCompleted)}</td><td>${pct(p.cpt50Completed)}</td><td>${num(p.aiqCompleted)}</td><td>${pct(p.costSaved95)}</td><td>${pct(p.quality)}</td><td>${pct(p.costShare)}</td><td>${pct(p.strongShare)}</td>
${p.budgets.map((b) => `<td>${b.point ? `${pct(b.point.quality)}` : '—'}</td>`).join('')}</tr>`;
  return `<section>
<h2>${escapeHtml(dataset)}</h2>
<p>${report.rowsScored} rows scored, ${escapeHtml(report.split)}. Weak model <b>${escapeHtml(report.weakModel)}</b>
(quality ${pct(weak.quality)}, cost share ${pct(weak.costShare)}); strong model <b>${escapeHtml(report.strongModel)}</b>
(quality ${pct(strong.quality)}). APGR and CPT are measured on ${axis}.</p>
<div class="charts">
${charts.join('\n')}
</div>
<div class="table-wrap"><table>
<thead><tr><th>policy</th><th>APGR</th><th>APGR (cost)</th><th>CPT(50%)</th><th>CPT(80%)</th><th>AIQ</th><th>APGR (completed)</th><th>CPT(50%) (completed)</th><th>AIQ (completed)</th><th>saved @95%</th>
<th>quality</th><th>cost share</th><th>strong share</th>${policies[0]?.budgets.map((b) => `<th>best q, cost ≤${Math.round(b.maxCostShare * 100)}%</th>`).join('') ?? ''}</tr></thead>
<tbody>
${policies.map((p) => row(p)).join('\n')}
${[weak, strong, random, oracle].map((p) => row(p, true)).join('\n')}
</tbody>
</table></div>
<p class="notes">Quality, cost share and strong share are at each policy's cheapest point reaching 95% of the strong model's
quality (else its best point). “best q ≤x cost”: the best quality among the policy's points costing at most x of the
strong model. APGR, CPT and AIQ are computed as RouteLLM's <code>evaluate.py</code> and RouterBench's
<code>AIQ.py</code> do, on each policy's own points; the “completed” columns first join the curve to the always-weak
and always-strong points.</p>
<ul class="notes">${[...sameCurveNotes(groups), ...report.notes].map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>
</section>`;
}

/** A note per group of policies drawn as one line. */
function sameCurveNotes(groups: readonly PolicySummary[][]): string[] {
  return groups
    .filter((group) => group.length > 1)
    .map(
      (group) =>
        `${group.map((p) => p.name).join(' and ')} have the same curve on this data, drawn as one line ` +
        '(e.g. per-task+learned is learned when every test task is unseen in training, as with folds grouped by task)',
    );
}

function line(curve: readonly CurvePoint[], x: (p: CurvePoint) => number): { x: number; y: number }[] {
  const points = curve.map((p) => ({ x: x(p), y: p.quality })).sort((a, b) => a.x - b.x || a.y - b.y);
  return points.filter((p, i) => i === 0 || p.x !== points[i - 1]!.x || p.y !== points[i - 1]!.y);
}
