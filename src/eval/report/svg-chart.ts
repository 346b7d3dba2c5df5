import { escapeHtml } from './escape-html.js';

/** One line (or single point) on a chart. */
export interface ChartSeries {
  /** Legend label. */
  name: string;
  /** CSS colour. */
  color: string;
  /** Points in data units; drawn in the given order. */
  points: { x: number; y: number }[];
  /** Dashed line (baselines). */
  dashed?: boolean;
}

/** What `svgChart` draws. */
export interface ChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: ChartSeries[];
  /** Pixel size (default 560 × 400). */
  width?: number;
  height?: number;
  /** Format of tick labels (default: percentages). */
  formatX?: (x: number) => string;
  formatY?: (y: number) => string;
}

const percent = (v: number) => `${Math.round(v * 1000) / 10}%`;

/** Renders a line chart as a standalone inline `<svg>` (no scripts, no external resources). */
export function svgChart(spec: ChartSpec): string {
  const width = spec.width ?? 560;
  const height = spec.height ?? 400;
  const legendHeight = 18 * Math.ceil(spec.series.length / 2) + 8;
  const m = { left: 58, right: 16, top: 32, bottom: 44 + legendHeight };
  const all = spec.series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const [x0, x1] = shareRange(Math.min(...all.map((p) => p.x), 0), Math.max(...all.map((p) => p.x), 1));
  const [y0, y1] = niceRange(Math.min(...all.map((p) => p.y)), Math.max(...all.map((p) => p.y)));
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const sx = (x: number) => m.left + ((x - x0) / (x1 - x0)) * plotW;
  const sy = (y: number) => m.top + plotH - ((y - y0) / (y1 - y0)) * plotH;
  const fx = spec.formatX ?? percent;
  const fy = spec.formatY ?? percent;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(spec.title)}">`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${width / 2}" y="18" text-anchor="middle" font-size="14" font-weight="600">${escapeHtml(spec.title)}</text>`,
  );
  for (const t of ticks(x0, x1)) {
    parts.push(
      `<line x1="${sx(t)}" y1="${m.top}" x2="${sx(t)}" y2="${m.top + plotH}" stroke="#eee"/>`,
      `<text x="${sx(t)}" y="${m.top + plotH + 16}" text-anchor="middle" font-size="11" fill="#555">${fx(t)}</text>`,
    );
  }
  for (const t of ticks(y0, y1)) {
    parts.push(
      `<line x1="${m.left}" y1="${sy(t)}" x2="${m.left + plotW}" y2="${sy(t)}" stroke="#eee"/>`,
      `<text x="${m.left - 6}" y="${sy(t) + 4}" text-anchor="end" font-size="11" fill="#555">${fy(t)}</text>`,
    );
  }
  parts.push(
    `<rect x="${m.left}" y="${m.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#999"/>`,
    `<text x="${m.left + plotW / 2}" y="${m.top + plotH + 34}" text-anchor="middle" font-size="12">${escapeHtml(spec.xLabel)}</text>`,
    `<text transform="translate(14 ${m.top + plotH / 2}) rotate(-90)" text-anchor="middle" font-size="12">${escapeHtml(spec.yLabel)}</text>`,
  );
  for (const s of spec.series) {
    const pts = s.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
    if (pts.length === 0) continue;
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    if (pts.length > 1) {
      const d = pts.map((p, i) => `${i === 0 ? 'M' : 'L'}${sx(p.x).toFixed(1)} ${sy(p.y).toFixed(1)}`).join(' ');
      parts.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${dash}/>`);
    } else {
      const p = pts[0]!;
      parts.push(
        `<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="5" fill="${s.color}" stroke="#fff"/>`,
      );
    }
  }
  spec.series.forEach((s, i) => {
    const lx = m.left + (i % 2) * (plotW / 2);
    const ly = m.top + plotH + 52 + Math.floor(i / 2) * 18;
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    parts.push(
      `<line x1="${lx}" y1="${ly}" x2="${lx + 22}" y2="${ly}" stroke="${s.color}" stroke-width="2.5"${dash}/>`,
      `<text x="${lx + 28}" y="${ly + 4}" font-size="11">${escapeHtml(s.name)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** An x range for shares: from 0 (or below, if data is) to 100% or the next tick above the data. */
function shareRange(lo: number, hi: number): [number, number] {
  const step = tickStep(lo, hi);
  return [Math.floor(lo / step + 1e-9) * step, Math.ceil(hi / step - 1e-9) * step];
}

function niceRange(lo: number, hi: number): [number, number] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (hi - lo < 1e-9) return [lo - 0.05, hi + 0.05];
  const pad = (hi - lo) * 0.04;
  const step = tickStep(lo - pad, hi + pad);
  return [Math.floor((lo - pad) / step) * step, Math.ceil((hi + pad) / step) * step];
}

function tickStep(lo: number, hi: number): number {
  const raw = (hi - lo) / 6;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  return (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
}

function ticks(lo: number, hi: number): number[] {
  const step = tickStep(lo, hi);
  const out: number[] = [];
  for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + 1e-9; t += step) out.push(Math.round(t / step) * step);
  return out;
}
