import { useEffect, useRef } from 'react';
import type uPlot from 'uplot';
import { mountUplot } from '../components/mount-uplot';
import 'uplot/dist/uPlot.min.css';
import type { AlertSeverity, ThresholdBand } from '../api/types';
import { formatNumber } from '../i18n/format';
import type { Language } from '../i18n/i18n';
import { bandRange, severityOrder } from './vital-format';

// This module carries uPlot: it is imported lazily (see lazy-vital-chart.tsx).

export interface ChartPoint {
  /** Unix seconds. */
  t: number;
  value: number;
}

export interface VitalChartProps {
  /** Oldest first. */
  points: ChartPoint[];
  /** The patient's alert limits for this value, drawn as shaded bands. */
  bands: ThresholdBand[];
  /** The plausible range: the y axis never goes past it. */
  min: number | null;
  max: number | null;
  language: Language;
  height?: number;
}

// The tokens of styles.css, as canvas colours (a canvas cannot read CSS variables cheaply).
const colours = {
  line: '#0b5c9e',
  axis: '#4d5b6a',
  grid: '#e3e8ee',
  bands: {
    red: 'rgba(197, 48, 48, 0.16)',
    orange: 'rgba(212, 96, 10, 0.15)',
    yellow: 'rgba(194, 124, 14, 0.14)',
  } satisfies Record<AlertSeverity, string>,
  points: { red: '#c53030', orange: '#d4600a', yellow: '#a86a08', normal: '#0b5c9e' },
};

const locales: Record<Language, string> = { it: 'it-IT', en: 'en-GB' };

function severityAt(value: number, bands: ThresholdBand[]): AlertSeverity | null {
  for (const severity of severityOrder) {
    for (const band of bands.filter((b) => b.severity === severity)) {
      const range = bandRange(band);
      if (!range) continue;
      const [low, high] = range;
      const inclusive = band.inclusive === true;
      const aboveLow = band.between ? value >= low : inclusive ? value >= low : value > low;
      const belowHigh = band.between ? value < high : inclusive ? value <= high : value < high;
      if (aboveLow && belowHigh) return severity;
    }
  }
  return null;
}

/** The y range: the values and every finite band limit, padded, within the plausible range. */
function yRange(
  points: ChartPoint[],
  bands: ThresholdBand[],
  min: number | null,
  max: number | null,
) {
  const values = points.map((p) => p.value);
  for (const band of bands) {
    const range = bandRange(band);
    if (!range) continue;
    for (const limit of range) if (Number.isFinite(limit)) values.push(limit);
  }
  let low = Math.min(...values);
  let high = Math.max(...values);
  const pad = Math.max((high - low) * 0.15, Math.abs(high) * 0.02, 1);
  low -= pad;
  high += pad;
  if (min !== null) low = Math.max(low, min);
  if (max !== null) high = Math.min(high, max);
  if (low >= high) high = low + 1;
  return [low, high] as [number, number];
}

function xRange(points: ChartPoint[]): [number, number] {
  const first = points[0]?.t ?? Date.now() / 1000;
  const last = points[points.length - 1]?.t ?? first;
  const span = last - first;
  // One reading (or a burst within minutes) still gets a readable day around it.
  if (span < 3600) return [first - 6 * 3600, last + 6 * 3600];
  const pad = span * 0.04;
  return [first - pad, last + pad];
}

/**
 * One value over time (uPlot on a canvas), with the patient's alert bands shaded behind the
 * line and each point coloured by the band it falls in. The chart is a picture for sighted
 * users (aria-hidden): the caller gives the same data as text (legend, last value, table).
 */
export function VitalChart({ points, bands, min, max, language, height = 220 }: VitalChartProps) {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = container.current;
    if (!element || points.length === 0) return undefined;
    const locale = locales[language];
    const [xMin, xMax] = xRange(points);
    const span = xMax - xMin;
    const dayFormat = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' });
    const timeFormat = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
    const pointColour = (value: number) => colours.points[severityAt(value, bands) ?? 'normal'];

    const drawBands = (u: uPlot) => {
      const { ctx } = u;
      const { left, top, width, height: h } = u.bbox;
      ctx.save();
      ctx.beginPath();
      ctx.rect(left, top, width, h);
      ctx.clip();
      // Yellow first, red last: where bands overlap the more severe colour is on top.
      for (const severity of [...severityOrder].reverse()) {
        for (const band of bands.filter((b) => b.severity === severity)) {
          const range = bandRange(band);
          if (!range) continue;
          const scale = u.scales.y;
          const low = Math.max(range[0], scale?.min ?? range[0]);
          const high = Math.min(range[1], scale?.max ?? range[1]);
          if (!(high > low)) continue;
          const yTop = u.valToPos(high, 'y', true);
          const yBottom = u.valToPos(low, 'y', true);
          ctx.fillStyle = colours.bands[severity];
          ctx.fillRect(left, yTop, width, yBottom - yTop);
        }
      }
      ctx.restore();
    };

    const options: uPlot.Options = {
      width: Math.max(element.clientWidth, 200),
      height,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: true, range: [xMin, xMax] },
        y: { range: yRange(points, bands, min, max) },
      },
      axes: [
        {
          stroke: colours.axis,
          grid: { stroke: colours.grid, width: 1 },
          ticks: { stroke: colours.grid },
          values: (_u, splits) =>
            splits.map((s) =>
              (span < 2 * 86400 ? timeFormat : dayFormat).format(new Date(s * 1000)),
            ),
        },
        {
          stroke: colours.axis,
          grid: { stroke: colours.grid, width: 1 },
          ticks: { stroke: colours.grid },
          size: 48,
          values: (_u, splits) => splits.map((s) => formatNumber(s, language)),
        },
      ],
      series: [
        {},
        {
          stroke: colours.line,
          width: 2,
          points: {
            show: true,
            size: 8,
            width: 2,
            stroke: colours.line,
            fill: '#ffffff',
          },
        },
      ],
      hooks: {
        drawClear: [drawBands],
        // Points in a band are filled with its colour, on top of the series.
        draw: [
          (u) => {
            const { ctx } = u;
            const xs = u.data[0];
            const ys = u.data[1] ?? [];
            ctx.save();
            for (let i = 0; i < xs.length; i++) {
              const value = ys[i];
              const t = xs[i];
              if (typeof value !== 'number' || typeof t !== 'number') continue;
              const colour = pointColour(value);
              if (colour === colours.points.normal) continue;
              ctx.beginPath();
              ctx.fillStyle = colour;
              ctx.arc(
                u.valToPos(t, 'x', true),
                u.valToPos(value, 'y', true),
                5 * devicePixelRatio,
                0,
                2 * Math.PI,
              );
              ctx.fill();
            }
            ctx.restore();
          },
        ],
      },
    };
    const data: uPlot.AlignedData = [points.map((p) => p.t), points.map((p) => p.value)];
    return mountUplot(element, options, data, height);
  }, [points, bands, min, max, language, height]);

  return <div ref={container} className="vital-chart" data-testid="vital-chart" />;
}
