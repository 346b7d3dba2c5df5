import { formatEstimate, formatShare, formatUsd, textTable } from './format-figures.js';
import type { SpendBreakdownLine, SpendReport } from './spend-report.js';

/** How many lines each breakdown shows in the terminal (the HTML and JSON have all of them). */
const TOP = 8;

/** The terminal summary of a spend report. */
export function formatSpendReport(report: SpendReport): string {
  const { totals, outcomes, routing, cache, retries } = report;
  const out: string[] = [];
  const range = report.period.first
    ? `${report.period.first.slice(0, 16).replace('T', ' ')} → ${report.period.last?.slice(0, 16).replace('T', ' ')} UTC`
    : 'no rows';
  out.push(`routewise spend report: ${range}${report.filters.tenant ? `, tenant ${report.filters.tenant}` : ''}`);
  out.push(
    `total ${formatUsd(totals.usd)} over ${totals.requests} requests (${totals.attempts} attempts, ${totals.errors} failed); ` +
      `${formatUsd(totals.costPerRequestUsd)} per request`,
    `by purpose: answers ${formatUsd(totals.byPurpose.answer)}, checks ${formatUsd(totals.byPurpose.check)}, ` +
      `classifiers ${formatUsd(totals.byPurpose.classifier)}`,
    `outcomes: ${outcomes.requestsWithFeedback} requests with feedback, ${outcomes.resolved} resolved (score ≥ ${outcomes.resolvedAt}); ` +
      `cost per resolved task ${formatUsd(outcomes.costPerResolvedTaskUsd)}`,
    `routing: escalated ${routing.escalated} (${formatShare(routing.escalationRate)}), fell back ${routing.fellBack} ` +
      `(${formatShare(routing.fallbackRate)})`,
    `retries: ${retries.attempts} attempts, ${formatUsd(retries.usd)} = ${formatShare(retries.shareOfSpend)} of spend ` +
      `(failed attempts ${formatUsd(retries.failedAttemptsUsd)})`,
    cache.recorded
      ? `cache: ${cache.hits} hits, ${cache.misses} misses (${formatShare(cache.hitRate)} hit rate), saved ${formatUsd(cache.savedUsd)}`
      : 'cache: not recorded in this ledger (no cache outcome on its rows)',
  );
  const section = (title: string, lines: SpendBreakdownLine[]) => {
    out.push('', `${title}:`);
    const shown = lines.slice(0, TOP);
    out.push(
      ...textTable(
        ['', 'usd', 'share', 'requests'],
        shown.map((l) => [l.key ?? '(none)', formatUsd(l.usd), formatShare(l.share), String(l.requests)]),
      ).map((line) => `  ${line}`),
    );
    if (lines.length > TOP) out.push(`  … ${lines.length - TOP} more (see --html or --json)`);
  };
  section('by day (UTC)', report.byDay);
  section('by tenant', report.byTenant);
  section('by feature', report.byFeature);
  section('by alias', report.byAlias);
  section('by model', report.byModel);
  for (const { experiment, arms } of report.experiments) {
    out.push('', `experiment ${experiment} (95% intervals):`);
    out.push(
      ...textTable(
        ['arm', 'requests', 'usd', 'cost/request', 'escalated', 'feedback', 'score'],
        arms.map((arm) => [
          arm.arm,
          String(arm.requests),
          formatUsd(arm.usd),
          formatEstimate(arm.costPerRequest, formatUsd),
          formatShare(arm.escalationRate),
          String(arm.feedback.count),
          formatEstimate(arm.feedback.mean, (x) => x.toFixed(3)),
        ]),
      ).map((line) => `  ${line}`),
    );
  }
  out.push('', report.alerts.length === 0 ? 'alerts: none recorded' : `alerts (${report.alerts.length}):`);
  for (const alert of report.alerts)
    out.push(`  ${alert.at.slice(0, 19).replace('T', ' ')}  ${alert.type}  ${alert.message}`);
  return out.join('\n');
}
