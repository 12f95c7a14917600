import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import { mountUplot } from '../components/mount-uplot';
import 'uplot/dist/uPlot.min.css';

// This module carries uPlot: it is imported lazily (see report-charts.tsx).

export interface ReportChartSeries {
  label: string;
  /** One value per bucket; null leaves a gap (no data in that bucket). */
  values: (number | null)[];
  colour: string;
  /** A dash pattern, so that two lines differ by more than colour. */
  dash?: number[];
}

export interface ReportChartProps {
  /** One short label per bucket, shown under the x axis (thinned when crowded). */
  labels: string[];
  /** Lines, or bars stacked in the order given (the first at the bottom). */
  kind: 'lines' | 'stacked-bars';
  series: ReportChartSeries[];
  /** Fixed top of the y axis (100 for shares); otherwise from the data. */
  yMax?: number;
  formatY(value: number): string;
  height?: number;
}

// The tokens of styles.css, as canvas colours (a canvas cannot read CSS variables cheaply).
const colours = { axis: '#4d5b6a', grid: '#e3e8ee' };

/** Running totals, bottom series first: what each stacked bar reaches. */
function stack(series: ReportChartSeries[]): (number | null)[][] {
  const totals: number[] = [];
  return series.map((s) =>
    s.values.map((value, i) => {
      totals[i] = (totals[i] ?? 0) + (value ?? 0);
      return totals[i];
    }),
  );
}

/**
 * The report's time series on a canvas (uPlot): buckets on an ordinal x axis, lines with their
 * points (one bucket still shows) or stacked bars. A picture for sighted users (aria-hidden):
 * the caller gives the same data as a summary and a table.
 */
export function ReportChart({
  labels,
  kind,
  series,
  yMax,
  formatY,
  height = 240,
}: ReportChartProps) {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = container.current;
    if (!element || labels.length === 0) return undefined;
    const xs = labels.map((_, i) => i);
    const stacked = kind === 'stacked-bars';
    const ys = stacked ? stack(series) : series.map((s) => s.values);
    const top =
      yMax ??
      Math.max(
        1,
        ...ys.flatMap((values) => values.filter((v): v is number => v !== null)).map((v) => v),
      );
    // Bars are drawn from the tallest running total down, so each colour shows its own part.
    const order = stacked ? series.map((_, i) => i).reverse() : series.map((_, i) => i);
    const bars = uPlot.paths.bars?.({ size: [0.7, 56], align: 0 });

    const options: uPlot.Options = {
      width: Math.max(element.clientWidth, 200),
      height,
      legend: { show: false },
      cursor: { show: false },
      scales: {
        x: { time: false, range: [-0.5, labels.length - 0.5] },
        y: { range: [0, yMax ?? Math.max(top * 1.15, 1)] },
      },
      axes: [
        {
          stroke: colours.axis,
          grid: { show: false },
          ticks: { stroke: colours.grid },
          space: 64,
          incrs: [1, 2, 3, 4, 6, 7, 12, 14, 28, 30, 52, 91, 182, 365],
          values: (_u, splits) => splits.map((s) => (Number.isInteger(s) ? (labels[s] ?? '') : '')),
        },
        {
          stroke: colours.axis,
          grid: { stroke: colours.grid, width: 1 },
          ticks: { stroke: colours.grid },
          size: 52,
          incrs: yMax === undefined ? [1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000] : undefined,
          values: (_u, splits) => splits.map((s) => formatY(s)),
        },
      ],
      series: [
        {},
        ...order.map((index): uPlot.Series => {
          const s = series[index]!;
          return stacked
            ? {
                label: s.label,
                fill: s.colour,
                // A white edge parts the stacked segments (orange and yellow are close).
                stroke: '#ffffff',
                width: 1,
                paths: bars,
                points: { show: false },
              }
            : {
                label: s.label,
                stroke: s.colour,
                width: 2,
                dash: s.dash,
                spanGaps: false,
                points: { show: true, size: 7, width: 2, stroke: s.colour, fill: '#ffffff' },
              };
        }),
      ],
    };
    const data: uPlot.AlignedData = [xs, ...order.map((index) => ys[index]!)];
    return mountUplot(element, options, data, height);
  }, [labels, kind, series, yMax, formatY, height]);

  return <div ref={container} className="report-chart__canvas" data-testid="report-chart" />;
}
