import type { Estimate } from '../router/experiments/statistics/estimate.js';

/** USD with enough digits for per-request figures: $12.35, $0.004210. */
export function formatUsd(usd: number | null | undefined): string {
  if (usd === null || usd === undefined) return '—';
  const abs = Math.abs(usd);
  return `${usd < 0 ? '-' : ''}$${abs >= 100 ? abs.toFixed(2) : abs >= 1 ? abs.toFixed(3) : abs.toFixed(6)}`;
}

/** A share as a percentage with one decimal, or a dash. */
export function formatShare(share: number | null | undefined): string {
  return share === null || share === undefined ? '—' : `${(share * 100).toFixed(1)}%`;
}

/** An estimate as `value [low, high]`, each through `format`. */
export function formatEstimate(estimate: Estimate | null, format: (x: number) => string): string {
  if (!estimate) return '—';
  if (estimate.low === null || estimate.high === null) return `${format(estimate.value)} (n=1, no interval)`;
  return `${format(estimate.value)} [${format(estimate.low)}, ${format(estimate.high)}]`;
}

/** Lines of a left-aligned first column and right-aligned others, with a rule under the header. */
export function textTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
}
