import { lazy, Suspense, useEffect, useId, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Measurement, Monitoring, Observation, ThresholdBand } from '../api/types';
import { AsyncView } from '../components/async-view';
import { useApi } from '../components/use-api';
import { localized, useLanguage } from '../components/use-language';
import { formatDateTime, formatNumber } from '../i18n/format';
import type { Language } from '../i18n/i18n';
import type { ChartPoint } from './vital-chart';
import { formatQuantity, severityOrder, unitLabel } from './vital-format';

// uPlot is fetched only when a chart is first shown: its own chunk.
const VitalChart = lazy(() =>
  import('./vital-chart').then((module) => ({ default: module.VitalChart })),
);

export type LoadObservations = (dataPoint: string, signal: AbortSignal) => Promise<Observation[]>;

interface VitalChartsProps {
  monitoring: Monitoring;
  loadObservations: LoadObservations;
  /** Clinicians see the alert bands; the patient's own trends stay plain. */
  showBands: boolean;
  /** Changes when new readings may have arrived: each chart reads its values again. */
  refreshSignal: number;
  headingLevel: 'h2' | 'h3' | 'h4';
}

/** One entry per measured value (the first pathway that measures it names it). */
export function measuredValues(monitoring: Monitoring): Measurement[] {
  const seen = new Set<string>();
  return monitoring.measurements.filter((m) => {
    if (seen.has(m.dataPoint)) return false;
    seen.add(m.dataPoint);
    return true;
  });
}

/** A chart per measured value, with its last value, band legend and the values as a table. */
export function VitalCharts({
  monitoring,
  loadObservations,
  showBands,
  refreshSignal,
  headingLevel,
}: VitalChartsProps) {
  const { t } = useTranslation();
  const measurements = measuredValues(monitoring);
  if (measurements.length === 0) return <p className="empty">{t('monitoring.noMeasurements')}</p>;
  return (
    <ul className="vital-grid">
      {measurements.map((measurement) => (
        <li key={measurement.dataPoint}>
          <VitalCard
            measurement={measurement}
            bands={
              showBands
                ? monitoring.thresholds.filter((b) => b.dataPoint === measurement.dataPoint)
                : []
            }
            loadObservations={loadObservations}
            refreshSignal={refreshSignal}
            headingLevel={headingLevel}
          />
        </li>
      ))}
    </ul>
  );
}

function VitalCard({
  measurement,
  bands,
  loadObservations,
  refreshSignal,
  headingLevel: Heading,
}: {
  measurement: Measurement;
  bands: ThresholdBand[];
  loadObservations: LoadObservations;
  refreshSignal: number;
  headingLevel: 'h2' | 'h3' | 'h4';
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const id = useId();
  const observations = useApi(
    (signal) => loadObservations(measurement.dataPoint, signal),
    [measurement.dataPoint],
  );
  const { reload } = observations;
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    reload();
  }, [refreshSignal, reload]);

  const title = localized(measurement.title, language);
  return (
    <figure
      className="card vital-card"
      aria-labelledby={`${id}-title`}
      data-data-point={measurement.dataPoint}
    >
      <Heading id={`${id}-title`} className="vital-card__title">
        {title}
      </Heading>
      <AsyncView resource={observations}>
        {(items) => (
          <VitalBody
            items={items}
            measurement={measurement}
            bands={bands}
            language={language}
            titleId={`${id}-title`}
          />
        )}
      </AsyncView>
      {bands.length > 0 && <BandLegend bands={bands} unit={measurement.unit} />}
      {measurement.min !== null && measurement.max !== null && (
        <figcaption className="vital-card__range muted">
          {t('monitoring.plausible', {
            min: formatNumber(measurement.min, language),
            max: formatNumber(measurement.max, language),
            unit: unitLabel(measurement.unit),
          })}
        </figcaption>
      )}
    </figure>
  );
}

function VitalBody({
  items,
  measurement,
  bands,
  language,
  titleId,
}: {
  items: Observation[];
  measurement: Measurement;
  bands: ThresholdBand[];
  language: Language;
  titleId: string;
}) {
  const { t } = useTranslation();
  // The API sends newest first; the chart wants time order.
  const points = useMemo<ChartPoint[]>(
    () =>
      [...items]
        .map((o) => ({ t: Date.parse(o.measuredAt) / 1000, value: o.value }))
        .filter((p) => Number.isFinite(p.t))
        .sort((a, b) => a.t - b.t),
    [items],
  );
  const latest = items[0];
  if (!latest) return <p className="muted vital-card__none">{t('monitoring.noReadings')}</p>;
  return (
    <>
      <p className="vital-card__last">
        <span className="vital-card__value">
          {formatQuantity(latest.value, measurement.unit, language)}
        </span>
        <span className="muted">
          {t('monitoring.lastAt', { time: formatDateTime(latest.measuredAt, language) })} ·{' '}
          {t('monitoring.readings', { count: items.length })}
        </span>
      </p>
      <Suspense
        fallback={
          <div className="vital-chart vital-chart--loading" role="status">
            {t('monitoring.loadingChart')}
          </div>
        }
      >
        <VitalChart
          points={points}
          bands={bands}
          min={measurement.min}
          max={measurement.max}
          language={language}
        />
      </Suspense>
      <details className="vital-card__table">
        <summary>{t('monitoring.showValues')}</summary>
        <div className="table-wrap">
          <table className="table table--compact" aria-describedby={titleId}>
            <thead>
              <tr>
                <th scope="col">{t('monitoring.when')}</th>
                <th scope="col" className="num">
                  {t('monitoring.value')}
                </th>
              </tr>
            </thead>
            <tbody>
              {items.slice(0, 50).map((o) => (
                <tr key={o.id}>
                  <td>{formatDateTime(o.measuredAt, language)}</td>
                  <td className="num">{formatQuantity(o.value, measurement.unit, language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}

/** "Fascia rossa · SpO2 sotto soglia: sotto 92 %", one line per band, most severe first. */
export function BandLegend({ bands, unit }: { bands: ThresholdBand[]; unit: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const quantity = (value: number) => formatQuantity(value, unit, language);
  const sorted = [...bands].sort(
    (a, b) => severityOrder.indexOf(a.severity) - severityOrder.indexOf(b.severity),
  );
  return (
    <ul className="band-legend" data-testid="band-legend">
      {sorted.map((band) => {
        const range = band.between
          ? t('monitoring.band.between', {
              from: quantity(band.between[0]),
              to: quantity(band.between[1]),
            })
          : band.below !== undefined
            ? t(band.inclusive ? 'monitoring.band.atOrBelow' : 'monitoring.band.below', {
                value: quantity(band.below),
              })
            : band.above !== undefined
              ? t(band.inclusive ? 'monitoring.band.atOrAbove' : 'monitoring.band.above', {
                  value: quantity(band.above),
                })
              : '';
        return (
          <li
            key={`${band.enrolmentId}:${band.ruleId}:${band.severity}`}
            className="band-legend__item"
          >
            <span
              className={`band-legend__swatch band-legend__swatch--${band.severity}`}
              aria-hidden="true"
            />
            <span>
              <strong>{t(`monitoring.bandSeverity.${band.severity}`)}</strong> ·{' '}
              {localized(band.title, language)}: {range}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
