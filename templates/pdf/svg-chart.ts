import { DateTime } from 'luxon';
import { type DocumentLocale, documentTimeZone, formatNumber } from './date-format.js';

/**
 * A small line chart as an SVG string, drawn for pdfmake's `svg` node (which renders SVG as
 * vector graphics without a browser): time on the x axis, the value on the y axis, the alert
 * zones of the pathway as coloured bands (green where no alert fires), the readings as a line
 * with points coloured by the zone they fell in, and a marker on top for each alert.
 *
 * The output depends only on the input (no clock, no randomness, coordinates rounded to
 * hundredths), so the same readings give the same bytes in the PDF. It uses solid colours only
 * (no opacity, no clipping) to stay within what PDF/A and every PDF viewer render alike.
 */

export type AlertLevel = 'red' | 'orange' | 'yellow';

/** An alert zone: the values between `low` and `high` (an absent side is unbounded). */
export interface ChartBand {
  level: AlertLevel;
  low?: number | undefined;
  high?: number | undefined;
}

export interface ChartPoint {
  /** ISO 8601 instant. */
  at: string;
  value: number;
  /** The alert zone the value fell in, if any: the point is drawn in its colour. */
  level?: AlertLevel | undefined;
}

export interface LineChartInput {
  /** The period shown on the x axis (ISO 8601 instants). */
  from: string;
  to: string;
  points: readonly ChartPoint[];
  bands?: readonly ChartBand[];
  /** Alerts of the period, drawn as triangles above the plot. */
  alerts?: readonly { at: string; level: AlertLevel }[];
  /** Unit printed above the y axis, e.g. "mmHg". */
  unit?: string;
  width?: number;
  height?: number;
  lineColor?: string;
  locale?: DocumentLocale;
  /** Shown in the plot when there are no points. */
  emptyText?: string;
}

/** Fills for the zones and stronger tones for the points and markers. */
export const levelColours: Record<AlertLevel | 'green', { zone: string; mark: string }> = {
  green: { zone: '#e6f3e4', mark: '#2e7d32' },
  yellow: { zone: '#fbf0bd', mark: '#a67c00' },
  orange: { zone: '#fcdcbd', mark: '#d35400' },
  red: { zone: '#f5cfcc', mark: '#c0392b' },
};

/** Yellow first so that the more severe zones are painted over it where they overlap. */
const paintOrder: readonly AlertLevel[] = ['yellow', 'orange', 'red'];

const FONT = 'font-family="Roboto"';
const GRID = '#c9ced6';
const AXIS = '#5b6470';
const TEXT = '#39414b';

const r2 = (n: number): string => String(Math.round(n * 100) / 100);

function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** "Nice" tick step (1, 2, 2.5 or 5 × 10^n) for about `count` intervals over `span`. */
function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const normalised = raw / magnitude;
  const nice =
    normalised <= 1 ? 1 : normalised <= 2 ? 2 : normalised <= 2.5 ? 2.5 : normalised <= 5 ? 5 : 10;
  return nice * magnitude;
}

function decimalsOf(step: number): number {
  for (let d = 0; d < 6; d++)
    if (Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) < 1e-9) return d;
  return 6;
}

/** The y range: the readings and every finite zone limit, padded and rounded to ticks. */
function valueDomain(
  points: readonly ChartPoint[],
  bands: readonly ChartBand[],
): { min: number; max: number; step: number } {
  const values = [
    ...points.map((p) => p.value),
    ...bands.flatMap((b) => [b.low, b.high]).filter((v): v is number => v !== undefined),
  ].filter((v) => Number.isFinite(v));
  let lo = values.length ? Math.min(...values) : 0;
  let hi = values.length ? Math.max(...values) : 1;
  if (hi - lo < 1e-9) {
    const pad = Math.abs(lo) > 0 ? Math.abs(lo) * 0.1 : 1;
    lo -= pad;
    hi += pad;
  }
  const padding = (hi - lo) * 0.08;
  const step = niceStep(hi - lo + 2 * padding, 5);
  return {
    min: Math.floor((lo - padding) / step) * step,
    max: Math.ceil((hi + padding) / step) * step,
    step,
  };
}

/** Local midnights in Rome, every `stepDays`, inside [from, to]. */
function dayTicks(from: DateTime, to: DateTime): DateTime[] {
  const days = to.diff(from, 'days').days;
  const stepDays = [1, 2, 3, 7, 14, 15, 30, 60].find((s) => days / s <= 8) ?? 90;
  const ticks: DateTime[] = [];
  let t = from.startOf('day');
  if (t < from) t = t.plus({ days: 1 });
  while (t <= to) {
    ticks.push(t);
    t = t.plus({ days: stepDays });
  }
  return ticks;
}

export function lineChartSvg(input: LineChartInput): string {
  const width = input.width ?? 500;
  const height = input.height ?? 190;
  const locale = input.locale ?? 'it';
  const bands = input.bands ?? [];
  const from = DateTime.fromISO(input.from, { zone: documentTimeZone });
  const to = DateTime.fromISO(input.to, { zone: documentTimeZone });
  if (!from.isValid || !to.isValid || to <= from) {
    throw new RangeError(`chart period: "${input.from}" must be an instant before "${input.to}"`);
  }
  const points = input.points
    .filter((p) => Number.isFinite(p.value))
    .map((p) => ({ ...p, t: DateTime.fromISO(p.at).toMillis() }))
    .filter((p) => Number.isFinite(p.t))
    .sort((a, b) => a.t - b.t);

  const plot = { left: 46, right: width - 12, top: 22, bottom: height - 24 };
  const t0 = from.toMillis();
  const t1 = to.toMillis();
  const x = (t: number) => plot.left + ((t - t0) / (t1 - t0)) * (plot.right - plot.left);
  const y0 = valueDomain(points, bands);
  const y = (v: number) =>
    plot.bottom - ((v - y0.min) / (y0.max - y0.min)) * (plot.bottom - plot.top);
  const clampY = (v: number) => Math.min(plot.bottom, Math.max(plot.top, y(v)));
  const labelDecimals = decimalsOf(y0.step);

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
  );
  const plotWidth = plot.right - plot.left;
  const plotHeight = plot.bottom - plot.top;
  out.push(
    `<rect x="${plot.left}" y="${plot.top}" width="${r2(plotWidth)}" height="${r2(plotHeight)}" fill="${bands.length ? levelColours.green.zone : '#ffffff'}"/>`,
  );
  for (const level of paintOrder) {
    for (const band of bands.filter((b) => b.level === level)) {
      const top = clampY(band.high ?? y0.max);
      const bottom = clampY(band.low ?? y0.min);
      if (bottom - top <= 0) continue;
      out.push(
        `<rect x="${plot.left}" y="${r2(top)}" width="${r2(plotWidth)}" height="${r2(bottom - top)}" fill="${levelColours[level].zone}"/>`,
      );
    }
  }

  // Horizontal grid and value labels.
  for (let v = y0.min, i = 0; v <= y0.max + y0.step / 2 && i < 50; v += y0.step, i++) {
    const yy = r2(y(v));
    out.push(
      `<line x1="${plot.left}" y1="${yy}" x2="${plot.right}" y2="${yy}" stroke="${GRID}" stroke-width="0.5"/>`,
      `<text x="${plot.left - 4}" y="${r2(y(v) + 2.5)}" ${FONT} font-size="7" fill="${TEXT}" text-anchor="end">${formatNumber(v, labelDecimals, locale)}</text>`,
    );
  }
  // Day ticks and labels.
  for (const tick of dayTicks(from, to)) {
    const xx = r2(x(tick.toMillis()));
    out.push(
      `<line x1="${xx}" y1="${plot.top}" x2="${xx}" y2="${plot.bottom}" stroke="${GRID}" stroke-width="0.5" stroke-dasharray="2,2"/>`,
      `<line x1="${xx}" y1="${plot.bottom}" x2="${xx}" y2="${plot.bottom + 3}" stroke="${AXIS}" stroke-width="0.6"/>`,
      `<text x="${xx}" y="${plot.bottom + 11}" ${FONT} font-size="7" fill="${TEXT}" text-anchor="middle">${tick.toFormat('dd/MM')}</text>`,
    );
  }
  out.push(
    `<line x1="${plot.left}" y1="${plot.bottom}" x2="${plot.right}" y2="${plot.bottom}" stroke="${AXIS}" stroke-width="0.8"/>`,
    `<line x1="${plot.left}" y1="${plot.top}" x2="${plot.left}" y2="${plot.bottom}" stroke="${AXIS}" stroke-width="0.8"/>`,
  );
  if (input.unit) {
    out.push(
      `<text x="${plot.left - 4}" y="${plot.top - 8}" ${FONT} font-size="7" fill="${TEXT}" text-anchor="end">${escapeXml(input.unit)}</text>`,
    );
  }

  const line = input.lineColor ?? '#1f4e79';
  if (points.length > 1) {
    const path = points.map((p) => `${r2(x(p.t))},${r2(y(p.value))}`).join(' ');
    out.push(
      `<polyline points="${path}" fill="none" stroke="${line}" stroke-width="1" stroke-linejoin="round"/>`,
    );
  }
  // Many readings make big dots a smear: shrink them as the series grows.
  const radius = points.length > 120 ? 1.3 : points.length > 40 ? 1.8 : 2.4;
  for (const p of points) {
    const fill = p.level ? levelColours[p.level].mark : line;
    const rr = p.level ? radius + 0.6 : radius;
    out.push(
      `<circle cx="${r2(x(p.t))}" cy="${r2(y(p.value))}" r="${r2(rr)}" fill="${fill}" stroke="#ffffff" stroke-width="0.5"/>`,
    );
  }
  for (const alert of input.alerts ?? []) {
    const t = DateTime.fromISO(alert.at).toMillis();
    if (!Number.isFinite(t) || t < t0 || t > t1) continue;
    const xx = x(t);
    const top = plot.top - 9;
    out.push(
      `<path d="M${r2(xx - 3.5)},${r2(top)} L${r2(xx + 3.5)},${r2(top)} L${r2(xx)},${r2(top + 6)} Z" fill="${levelColours[alert.level].mark}"/>`,
    );
  }
  if (!points.length && input.emptyText) {
    out.push(
      `<text x="${r2(plot.left + plotWidth / 2)}" y="${r2(plot.top + plotHeight / 2)}" ${FONT} font-size="9" fill="${TEXT}" text-anchor="middle">${escapeXml(input.emptyText)}</text>`,
    );
  }
  out.push('</svg>');
  return out.join('');
}
