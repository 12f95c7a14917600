import type { TFunction } from 'i18next';
import { lazy, Suspense, useId, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { IndicatorsResponse, SeriesBucket } from '../api/types';
import { useLanguage } from '../components/use-language';
import { formatNumber } from '../i18n/format';
import type { Language } from '../i18n/i18n';
import type { ReportChartSeries } from './report-chart';
import { formatDay, formatFigure, severities } from './report-format';

// uPlot is fetched only when a chart is first shown: its own chunk.
const ReportChart = lazy(() =>
  import('./report-chart').then((module) => ({ default: module.ReportChart })),
);

type Series = IndicatorsResponse['series'];

// The severity colours of styles.css (--color-danger-dot, --color-orange-dot, --color-warning-dot).
const severityColours = { red: '#c53030', orange: '#d4600a', yellow: '#c27c0e' } as const;
const lineColours = { inRange: '#0b5c9e', adherence: '#1f8a4c' } as const;

function bucketLabel(bucket: SeriesBucket, granularity: Series['granularity'], language: Language) {
  return granularity === 'month'
    ? formatDay(bucket.start, language, { month: 'short', year: '2-digit' })
    : formatDay(bucket.start, language, { day: 'numeric', month: 'short' });
}

function bucketRange(bucket: SeriesBucket, language: Language, t: TFunction) {
  if (bucket.start === bucket.end) return formatDay(bucket.start, language);
  return t('reports.charts.bucketRange', {
    start: formatDay(bucket.start, language),
    end: formatDay(bucket.end, language),
  });
}

/** Share of readings in range and adherence (lines, 0–100 %), and alerts by severity (bars). */
export function ReportCharts({ series }: { series: Series }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { buckets, granularity } = series;
  const labels = useMemo(
    () => buckets.map((b) => bucketLabel(b, granularity, language)),
    [buckets, granularity, language],
  );
  const percent = useMemo(
    () => (value: number) => formatFigure(value, 'percent', language, t),
    [language, t],
  );
  const count = useMemo(() => (value: number) => formatNumber(value, language), [language]);
  const quality = useMemo<ReportChartSeries[]>(
    () => [
      {
        label: t('reports.charts.inRange'),
        values: buckets.map((b) => b.inRange),
        colour: lineColours.inRange,
      },
      {
        label: t('reports.charts.adherence'),
        values: buckets.map((b) => b.adherence),
        colour: lineColours.adherence,
        dash: [6, 4],
      },
    ],
    [buckets, t],
  );
  const alerts = useMemo<ReportChartSeries[]>(
    () =>
      severities.map((severity) => ({
        label: t(`reports.charts.severity.${severity}`),
        values: buckets.map((b) => b.alerts[severity]),
        colour: severityColours[severity],
      })),
    [buckets, t],
  );
  const per = t(`reports.charts.granularity.${granularity}`);
  const rangeOf = (bucket: SeriesBucket) => bucketRange(bucket, language, t);

  const lineSummary = (s: ReportChartSeries) => {
    const values = s.values.filter((v): v is number => v !== null);
    const last = [...s.values].reverse().find((v) => v !== null);
    if (values.length === 0 || last === undefined || last === null) {
      return t('reports.charts.summaryLineEmpty', { series: s.label });
    }
    return t('reports.charts.summaryLine', {
      series: s.label,
      granularity: per,
      last: percent(last),
      min: percent(Math.min(...values)),
      max: percent(Math.max(...values)),
    });
  };
  const qualityEmpty = quality.every((s) => s.values.every((v) => v === null));

  const totals = severities.map((severity) =>
    buckets.reduce((sum, b) => sum + b.alerts[severity], 0),
  );
  const perBucket = buckets.map((b) => b.alerts.red + b.alerts.orange + b.alerts.yellow);
  const busiest = perBucket.indexOf(Math.max(0, ...perBucket));
  const alertsEmpty = perBucket.every((n) => n === 0);
  const alertSummary = alertsEmpty
    ? t('reports.charts.summaryNoAlerts')
    : t('reports.charts.summaryAlerts', {
        granularity: per,
        red: count(totals[0] ?? 0),
        orange: count(totals[1] ?? 0),
        yellow: count(totals[2] ?? 0),
        max: count(perBucket[busiest] ?? 0),
        inOne: t(`reports.charts.inOne.${granularity}`),
        when: buckets[busiest] ? rangeOf(buckets[busiest]) : '',
      });

  return (
    <section className="panel report-charts" aria-labelledby="report-charts-title">
      <h2 id="report-charts-title">
        {t('reports.charts.title')} <span className="muted report-charts__per">({per})</span>
      </h2>
      <div className="report-charts__grid">
        <ChartFigure
          title={t('reports.charts.quality')}
          summary={quality.map(lineSummary).join(' ')}
          empty={qualityEmpty || buckets.length === 0}
          testId="chart-quality"
          legend={quality.map((s) => (
            <li key={s.label}>
              <span
                className={`report-legend__line${s.dash ? ' report-legend__line--dashed' : ''}`}
                style={{ borderColor: s.colour }}
                aria-hidden="true"
              />
              {s.label}
            </li>
          ))}
          chart={
            <ReportChart
              labels={labels}
              kind="lines"
              series={quality}
              yMax={100}
              formatY={percent}
            />
          }
          table={
            <>
              <thead>
                <tr>
                  <th scope="col">{t('reports.charts.bucket')}</th>
                  <th scope="col" className="num">
                    {t('reports.charts.inRange')}
                  </th>
                  <th scope="col" className="num">
                    {t('reports.charts.adherence')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {buckets.map((bucket) => (
                  <tr key={bucket.start}>
                    <th scope="row">{rangeOf(bucket)}</th>
                    <td className="num">{formatFigure(bucket.inRange, 'percent', language, t)}</td>
                    <td className="num">
                      {formatFigure(bucket.adherence, 'percent', language, t)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </>
          }
        />
        <ChartFigure
          title={t('reports.charts.alerts')}
          summary={alertSummary}
          empty={alertsEmpty || buckets.length === 0}
          testId="chart-alerts"
          legend={severities.map((severity) => (
            <li key={severity}>
              <span className={`report-swatch report-swatch--${severity}`} aria-hidden="true" />
              {t(`reports.charts.severity.${severity}`)}
            </li>
          ))}
          chart={
            <ReportChart labels={labels} kind="stacked-bars" series={alerts} formatY={count} />
          }
          table={
            <>
              <thead>
                <tr>
                  <th scope="col">{t('reports.charts.bucket')}</th>
                  {severities.map((severity) => (
                    <th key={severity} scope="col" className="num">
                      {t(`reports.charts.severity.${severity}`)}
                    </th>
                  ))}
                  <th scope="col" className="num">
                    {t('reports.charts.total')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {buckets.map((bucket, i) => (
                  <tr key={bucket.start}>
                    <th scope="row">{rangeOf(bucket)}</th>
                    {severities.map((severity) => (
                      <td key={severity} className="num">
                        {count(bucket.alerts[severity])}
                      </td>
                    ))}
                    <td className="num">{count(perBucket[i] ?? 0)}</td>
                  </tr>
                ))}
              </tbody>
            </>
          }
        />
      </div>
    </section>
  );
}

function ChartFigure({
  title,
  summary,
  empty,
  legend,
  chart,
  table,
  testId,
}: {
  title: string;
  summary: string;
  empty: boolean;
  legend: ReactNode;
  chart: ReactNode;
  table: ReactNode;
  testId: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <figure className="report-chart" aria-labelledby={`${id}-title`} data-testid={testId}>
      <h3 id={`${id}-title`} className="report-chart__title">
        {title}
      </h3>
      {empty ? (
        <p className="empty">{t('reports.charts.empty')}</p>
      ) : (
        <>
          <ul className="report-legend">{legend}</ul>
          <div role="img" aria-label={summary} className="report-chart__picture">
            <Suspense
              fallback={
                <div className="report-chart__canvas report-chart__canvas--loading">
                  {t('reports.charts.loading')}
                </div>
              }
            >
              {chart}
            </Suspense>
          </div>
          <details className="report-chart__table">
            <summary>{t('reports.charts.showTable')}</summary>
            <div className="table-wrap">
              <table className="table table--compact" aria-labelledby={`${id}-title`}>
                {table}
              </table>
            </div>
          </details>
        </>
      )}
    </figure>
  );
}
