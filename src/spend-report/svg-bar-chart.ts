import { escapeHtml } from '../eval/report/escape-html.js';

/** One bar: a label and its value. */
export interface Bar {
  label: string;
  value: number;
}

/** What `svgBarChart` draws. */
export interface BarChartSpec {
  title: string;
  bars: Bar[];
  /** Value labels and the axis (e.g. USD). */
  format: (value: number) => string;
  /** `rows`: one horizontal bar per label (categories); `columns`: vertical bars left to right (days). */
  layout: 'rows' | 'columns';
  color?: string;
  width?: number;
}

const ROW_HEIGHT = 24;

/** A bar chart as a standalone inline `<svg>` (no scripts, no external resources). Empty data draws a note. */
export function svgBarChart(spec: BarChartSpec): string {
  const width = spec.width ?? 560;
  const color = spec.color ?? '#1f77b4';
  const max = Math.max(0, ...spec.bars.map((bar) => bar.value));
  const scale = (value: number, length: number) => (max > 0 ? (Math.max(0, value) / max) * length : 0);
  if (spec.layout === 'rows') {
    const labelWidth = Math.min(220, 12 + 6.5 * Math.max(4, ...spec.bars.map((bar) => Math.min(32, bar.label.length))));
    const plot = width - labelWidth - 90;
    const height = 36 + Math.max(1, spec.bars.length) * ROW_HEIGHT + 8;
    const parts = [open(spec.title, width, height)];
    if (spec.bars.length === 0) parts.push(emptyNote(width, 50));
    spec.bars.forEach((bar, i) => {
      const y = 34 + i * ROW_HEIGHT;
      const w = scale(bar.value, plot);
      parts.push(
        `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end" font-size="12">${escapeHtml(clip(bar.label, 32))}</text>`,
        `<rect x="${labelWidth}" y="${y + 3}" width="${w.toFixed(1)}" height="${ROW_HEIGHT - 7}" fill="${color}"/>`,
        `<text x="${(labelWidth + w + 6).toFixed(1)}" y="${y + 15}" font-size="11" fill="#333">${escapeHtml(spec.format(bar.value))}</text>`,
      );
    });
    parts.push('</svg>');
    return parts.join('\n');
  }
  const height = 260;
  const m = { left: 64, right: 12, top: 34, bottom: 58 };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const parts = [open(spec.title, width, height)];
  if (spec.bars.length === 0) parts.push(emptyNote(width, height / 2));
  for (const fraction of [0, 0.5, 1]) {
    const y = m.top + plotH - fraction * plotH;
    parts.push(
      `<line x1="${m.left}" y1="${y}" x2="${m.left + plotW}" y2="${y}" stroke="#eee"/>`,
      `<text x="${m.left - 6}" y="${y + 4}" text-anchor="end" font-size="11" fill="#555">${escapeHtml(spec.format(max * fraction))}</text>`,
    );
  }
  // A few days must not become slabs: a bar is at most 48 px wide (70% of a 68 px slot).
  const slot = Math.min(plotW / Math.max(1, spec.bars.length), 68);
  // Label every bar when they fit, else every k-th.
  const every = Math.max(1, Math.ceil(spec.bars.length / Math.floor(plotW / 60)));
  spec.bars.forEach((bar, i) => {
    const h = scale(bar.value, plotH);
    const x = m.left + i * slot + slot * 0.15;
    parts.push(
      `<rect x="${x.toFixed(1)}" y="${(m.top + plotH - h).toFixed(1)}" width="${(slot * 0.7).toFixed(1)}" height="${h.toFixed(1)}" fill="${color}"><title>${escapeHtml(`${bar.label}: ${spec.format(bar.value)}`)}</title></rect>`,
    );
    if (i % every === 0) {
      parts.push(
        `<text x="${(x + slot * 0.35).toFixed(1)}" y="${m.top + plotH + 16}" text-anchor="middle" font-size="11" fill="#555">${escapeHtml(bar.label)}</text>`,
      );
    }
  });
  parts.push(`<line x1="${m.left}" y1="${m.top + plotH}" x2="${m.left + plotW}" y2="${m.top + plotH}" stroke="#999"/>`);
  parts.push('</svg>');
  return parts.join('\n');
}

/** One estimate with its interval. */
export interface IntervalItem {
  label: string;
  value: number;
  low: number | null;
  high: number | null;
}

/** Estimates side by side as dots with interval whiskers, on one shared horizontal axis. */
export function svgIntervalChart(spec: {
  title: string;
  items: IntervalItem[];
  format: (value: number) => string;
  color?: string;
  width?: number;
  /** The axis's upper end (e.g. 1 for scores); default a round number above the data. */
  max?: number;
}): string {
  const width = spec.width ?? 560;
  const color = spec.color ?? '#d62728';
  const labelWidth = Math.min(
    220,
    12 + 6.5 * Math.max(4, ...spec.items.map((item) => Math.min(32, item.label.length))),
  );
  // Room on the right for the last tick's label.
  const plot = width - labelWidth - 44;
  const height = 34 + Math.max(1, spec.items.length) * 30 + 30;
  const values = spec.items.flatMap((item) => [item.value, item.low ?? item.value, item.high ?? item.value]);
  // From 0 (or the lowest value, when below) to a round number above the highest: ticks read as round figures.
  const lo = Math.min(0, ...values);
  const hi = spec.max ?? niceCeil(Math.max(...values, lo + 1e-12));
  const sx = (v: number) => labelWidth + ((v - lo) / (hi - lo)) * plot;
  const parts = [open(spec.title, width, height)];
  if (spec.items.length === 0) parts.push(emptyNote(width, 50));
  const axisY = 34 + Math.max(1, spec.items.length) * 30;
  for (const fraction of [0, 0.25, 0.5, 0.75, 1]) {
    const v = lo + fraction * (hi - lo);
    parts.push(
      `<line x1="${sx(v).toFixed(1)}" y1="30" x2="${sx(v).toFixed(1)}" y2="${axisY}" stroke="#eee"/>`,
      `<text x="${sx(v).toFixed(1)}" y="${axisY + 16}" text-anchor="middle" font-size="11" fill="#555">${escapeHtml(spec.format(v))}</text>`,
    );
  }
  spec.items.forEach((item, i) => {
    const y = 34 + i * 30 + 15;
    parts.push(
      `<text x="${labelWidth - 8}" y="${y + 4}" text-anchor="end" font-size="12">${escapeHtml(clip(item.label, 32))}</text>`,
    );
    if (item.low !== null && item.high !== null) {
      parts.push(
        `<line x1="${sx(item.low).toFixed(1)}" y1="${y}" x2="${sx(item.high).toFixed(1)}" y2="${y}" stroke="${color}" stroke-width="2"/>`,
        `<line x1="${sx(item.low).toFixed(1)}" y1="${y - 6}" x2="${sx(item.low).toFixed(1)}" y2="${y + 6}" stroke="${color}" stroke-width="2"/>`,
        `<line x1="${sx(item.high).toFixed(1)}" y1="${y - 6}" x2="${sx(item.high).toFixed(1)}" y2="${y + 6}" stroke="${color}" stroke-width="2"/>`,
      );
    }
    parts.push(
      `<circle cx="${sx(item.value).toFixed(1)}" cy="${y}" r="5" fill="${color}"><title>${escapeHtml(`${item.label}: ${spec.format(item.value)}`)}</title></circle>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}

function open(title: string, width: number, height: number): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(title)}">`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="10" y="20" font-size="14" font-weight="600">${escapeHtml(title)}</text>`,
  ].join('\n');
}

function emptyNote(width: number, y: number): string {
  return `<text x="${width / 2}" y="${y}" text-anchor="middle" font-size="12" fill="#888">no data</text>`;
}

/** The smallest of 1, 2, 2.5, 5 or 10 × a power of ten at or above x (x > 0). */
function niceCeil(x: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(x));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * magnitude >= x * (1 - 1e-9)) as number;
  return step * magnitude;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
