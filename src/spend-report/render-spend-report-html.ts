import { escapeHtml } from '../eval/report/escape-html.js';
import { formatEstimate, formatShare, formatUsd } from './format-figures.js';
import type { SpendBreakdownLine, SpendReport } from './spend-report.js';
import { svgBarChart, svgIntervalChart } from './svg-bar-chart.js';

/** Categories a chart shows before folding the rest into one "other" bar. */
const TOP_BARS = 10;

/**
 * The spend report as one self-contained HTML page (inline CSS and SVG; no scripts, fonts or external resources):
 * headline figures, spend by day, tenant, feature, alias and model, the rates, experiment arms with 95% intervals,
 * and the alerts that fired.
 */
export function renderSpendReportHtml(report: SpendReport, title = 'routewise spend report'): string {
  const { totals, outcomes, routing, cache, retries } = report;
  const period = report.period.first
    ? `${report.period.first.slice(0, 10)} to ${report.period.last?.slice(0, 10)} (UTC)`
    : 'an empty ledger';
  const cards: Array<[string, string, string?]> = [
    ['total spend', formatUsd(totals.usd), `${totals.requests} requests, ${totals.attempts} attempts`],
    ['cost per request', formatUsd(totals.costPerRequestUsd)],
    [
      'cost per resolved task',
      formatUsd(outcomes.costPerResolvedTaskUsd),
      `${outcomes.resolved} of ${outcomes.requestsWithFeedback} with feedback resolved (score ≥ ${outcomes.resolvedAt})`,
    ],
    ['escalation rate', formatShare(routing.escalationRate), `${routing.escalated} requests`],
    ['fallback rate', formatShare(routing.fallbackRate), `${routing.fellBack} requests`],
    [
      'retries, share of spend',
      formatShare(retries.shareOfSpend),
      `${retries.attempts} retries, ${formatUsd(retries.usd)}`,
    ],
    cache.recorded
      ? ['cache savings', formatUsd(cache.savedUsd), `${cache.hits} hits (${formatShare(cache.hitRate)})`]
      : ['cache savings', '—', 'not recorded in this ledger'],
    ['alerts fired', String(report.alerts.length)],
  ];
  const rates = [
    { label: 'escalated', value: routing.escalationRate ?? 0 },
    { label: 'fell back', value: routing.fallbackRate ?? 0 },
    { label: 'retries / spend', value: retries.shareOfSpend ?? 0 },
    ...(cache.recorded ? [{ label: 'cache hit rate', value: cache.hitRate ?? 0 }] : []),
  ];
  const charts = [
    svgBarChart({
      title: 'Spend by day (UTC)',
      bars: report.byDay.map((line) => ({ label: (line.key ?? '').slice(5), value: line.usd })),
      format: formatUsd,
      layout: 'columns',
      width: 1140,
    }),
    breakdownChart('Spend by tenant', report.byTenant, '#1f77b4'),
    breakdownChart('Spend by feature', report.byFeature, '#2ca02c'),
    breakdownChart('Spend by alias', report.byAlias, '#9467bd'),
    breakdownChart('Spend by model', report.byModel, '#ff7f0e'),
    svgBarChart({ title: 'Rates', bars: rates, format: formatShare, layout: 'rows', color: '#17becf' }),
  ];
  const experiments = report.experiments.map(({ experiment, arms }) => {
    const cost = svgIntervalChart({
      title: `${experiment}: cost per request (95% CI)`,
      items: arms.flatMap((arm) => (arm.costPerRequest ? [{ label: arm.arm, ...arm.costPerRequest }] : [])),
      format: formatUsd,
    });
    const score = svgIntervalChart({
      title: `${experiment}: feedback score (95% CI)`,
      items: arms.flatMap((arm) => (arm.feedback.mean ? [{ label: arm.arm, ...arm.feedback.mean }] : [])),
      format: (x) => x.toFixed(2),
      color: '#2ca02c',
      max: 1,
    });
    const rows = arms
      .map(
        (arm) => `<tr><td>${escapeHtml(arm.arm)}</td><td>${arm.requests}</td><td>${formatUsd(arm.usd)}</td>
<td>${formatEstimate(arm.costPerRequest, formatUsd)}</td><td>${formatShare(arm.escalationRate)}</td>
<td>${arm.feedback.count}</td><td>${formatEstimate(arm.feedback.mean, (x) => x.toFixed(3))}</td></tr>`,
      )
      .join('\n');
    return `<h3>Experiment ${escapeHtml(experiment)}</h3>
<div class="charts">${cost}\n${score}</div>
<table><thead><tr><th>arm</th><th>requests</th><th>spend</th><th>cost / request [95% CI]</th><th>escalated</th>
<th>feedback</th><th>mean score [95% CI]</th></tr></thead><tbody>
${rows}
</tbody></table>`;
  });
  const alerts =
    report.alerts.length === 0
      ? '<p class="notes">No alert was recorded in this period.</p>'
      : `<table class="alerts"><thead><tr><th>at (UTC)</th><th>type</th><th>scope</th><th>message</th></tr></thead><tbody>
${report.alerts
  .map(
    (alert) =>
      `<tr><td>${escapeHtml(alert.at.slice(0, 19).replace('T', ' '))}</td><td>${escapeHtml(alert.type)}</td><td>${escapeHtml(alert.scope)}</td><td>${escapeHtml(alert.message)}</td></tr>`,
  )
  .join('\n')}
</tbody></table>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px auto; max-width: 1180px; color: #222; padding: 0 16px; background: #fafafa; }
h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 18px; margin-top: 32px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
h3 { font-size: 15px; margin-top: 20px; }
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; margin: 16px 0; }
.card { background: #fff; border: 1px solid #e3e3e3; border-radius: 6px; padding: 10px 12px; }
.card .label { color: #666; font-size: 12px; } .card .value { font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; }
.card .sub { color: #777; font-size: 12px; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; } .charts svg { border: 1px solid #e3e3e3; border-radius: 6px; }
table { border-collapse: collapse; margin: 12px 0; font-size: 13px; font-variant-numeric: tabular-nums; background: #fff; }
th, td { padding: 4px 8px; border-bottom: 1px solid #eee; text-align: right; }
th:first-child, td:first-child { text-align: left; }
table.alerts th, table.alerts td { text-align: left; }
.notes { color: #555; font-size: 12px; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="notes">${escapeHtml(period)}${report.filters.tenant ? `, tenant ${escapeHtml(report.filters.tenant)}` : ''}.
Figures are read from the ledger: one row per provider attempt and per bare charge, plus feedback and alert rows.</p>
<div class="cards">
${cards
  .map(
    ([label, value, sub]) =>
      `<div class="card"><div class="label">${escapeHtml(label)}</div><div class="value">${escapeHtml(value)}</div>${sub ? `<div class="sub">${escapeHtml(sub)}</div>` : ''}</div>`,
  )
  .join('\n')}
</div>
<h2>Where the money goes</h2>
<div class="charts">
${charts.join('\n')}
</div>
<p class="notes">By purpose: answers ${formatUsd(totals.byPurpose.answer)}, acceptance checks ${formatUsd(totals.byPurpose.check)},
classifiers ${formatUsd(totals.byPurpose.classifier)}. Failed attempts cost ${formatUsd(retries.failedAttemptsUsd)}.
Escalated: a cascade answered at a later step; fell back: the request moved past its first alias.</p>
${report.experiments.length > 0 ? `<h2>Experiments</h2>\n${experiments.join('\n')}` : ''}
<h2>Alerts</h2>
${alerts}
</body>
</html>
`;
}

/** A category chart: the dearest `TOP_BARS`, the rest as one "other" bar. */
function breakdownChart(title: string, lines: readonly SpendBreakdownLine[], color: string): string {
  const top = lines.slice(0, TOP_BARS).map((line) => ({ label: line.key ?? '(none)', value: line.usd }));
  const rest = lines.slice(TOP_BARS);
  if (rest.length > 0) top.push({ label: `${rest.length} others`, value: rest.reduce((a, l) => a + l.usd, 0) });
  return svgBarChart({ title, bars: top, format: formatUsd, layout: 'rows', color });
}
