import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Indicator, IndicatorBreakdown, IndicatorId } from '../api/types';
import { localized, useLanguage } from '../components/use-language';
import { formatBasis, formatFigure, isSeverity, unitSuffix } from './report-format';

export type OpenDrilldown = (indicator: IndicatorId, key?: string) => void;

function hasTrend(line: IndicatorBreakdown): boolean {
  return (line.first ?? null) !== null || (line.last ?? null) !== null;
}

/**
 * A zero or "no data" has an empty list behind it, unless it is a share of something (0 %) or
 * a rate not computed on too short an exposure (its count still lists).
 */
function hasRows(figure: { value: number | null; numerator?: number; denominator?: number }) {
  if (figure.value === null) return (figure.numerator ?? 0) > 0;
  return figure.value !== 0 || (figure.denominator ?? figure.numerator ?? 0) > 0;
}

/**
 * One indicator: its figure in its unit, numerator of denominator, the breakdown, and its
 * definition in the current language with the other language one click away. Figures with a
 * list behind them are buttons that open it.
 */
export function IndicatorCard({
  indicator,
  onOpen,
}: {
  indicator: Indicator;
  onOpen: OpenDrilldown;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const id = useId();
  const other = language === 'it' ? 'en' : 'it';
  const title = localized(indicator.title, language);
  const figure = formatFigure(indicator.value, indicator.unit, language, t);
  const suffix = unitSuffix(indicator.unit, t);
  const hasFigure = indicator.unit !== 'none';
  const ratio = formatBasis(
    indicator.numerator,
    indicator.denominator,
    indicator.unit,
    language,
    t,
  );

  return (
    <article
      className={`card indicator indicator--${indicator.group}`}
      aria-labelledby={`${id}-title`}
      data-indicator={indicator.id}
    >
      <h3 id={`${id}-title`} className="indicator__title">
        {title}
      </h3>
      {hasFigure && (
        <p className="indicator__figure">
          {indicator.drilldown && hasRows(indicator) ? (
            <button
              type="button"
              className="indicator__value indicator__value--button"
              aria-label={`${figure} · ${t('reports.openList', { what: title })}`}
              onClick={() => onOpen(indicator.id)}
              data-testid="indicator-value"
            >
              {figure}
            </button>
          ) : (
            <span className="indicator__value" data-testid="indicator-value">
              {figure}
            </span>
          )}
          {suffix && indicator.value !== null && <span className="indicator__unit">{suffix}</span>}
          {ratio && <span className="indicator__ratio">{ratio}</span>}
        </p>
      )}
      {hasFigure && indicator.value === null && (
        <p className="indicator__nodata">
          {indicator.unit === 'rate' && (indicator.numerator ?? 0) > 0
            ? t('reports.rateTooShort')
            : t('reports.noData')}
        </p>
      )}
      {indicator.breakdown.length > 0 && (
        <Breakdown indicator={indicator} title={title} onOpen={onOpen} />
      )}
      {!hasFigure && indicator.breakdown.length === 0 && (
        <p className="indicator__nodata">{t('reports.noData')}</p>
      )}
      <p className="indicator__definition">{localized(indicator.definition, language)}</p>
      <details className="indicator__other">
        <summary>{t('reports.definitionOther')}</summary>
        <p lang={other}>{indicator.definition[other]}</p>
      </details>
    </article>
  );
}

function Breakdown({
  indicator,
  title,
  onOpen,
}: {
  indicator: Indicator;
  title: string;
  onOpen: OpenDrilldown;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <ul className="indicator__breakdown" aria-label={`${t('reports.breakdown')}: ${title}`}>
      {indicator.breakdown.map((line) => {
        const label = localized(line.label, language);
        const content = <BreakdownContent indicator={indicator} line={line} label={label} />;
        return (
          <li key={line.key} data-key={line.key}>
            {indicator.drilldown && (hasRows(line) || hasTrend(line)) ? (
              <button
                type="button"
                className="indicator__line indicator__line--button"
                onClick={() => onOpen(indicator.id, line.key)}
                title={t('reports.openList', { what: `${title} · ${label}` })}
              >
                {content}
              </button>
            ) : (
              <span className="indicator__line">{content}</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function BreakdownContent({
  indicator,
  line,
  label,
}: {
  indicator: Indicator;
  line: IndicatorBreakdown;
  label: string;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  // Breakdowns of a figure without a unit of its own count people or events.
  const unit = indicator.unit === 'none' ? 'count' : indicator.unit;
  const trend = line.first !== undefined || line.last !== undefined;
  const score = (value: number | null | undefined) => formatFigure(value, 'none', language, t);
  const ratio = formatBasis(line.numerator, line.denominator, unit, language, t);
  return (
    <>
      <span className="indicator__line-label">
        {isSeverity(line.key) && (
          <span className={`report-swatch report-swatch--${line.key}`} aria-hidden="true" />
        )}
        {label}
      </span>
      <span className="indicator__line-figures">
        {trend && (
          <span className="indicator__trend">
            <span aria-hidden="true">
              {t('reports.trend', { first: score(line.first), last: score(line.last) })}
            </span>
            <span className="visually-hidden">
              {t('reports.trendLabel', { first: score(line.first), last: score(line.last) })}
            </span>
          </span>
        )}
        {(!trend || line.value !== null) && (
          <span className="indicator__line-value">
            {formatFigure(line.value, unit, language, t)}
          </span>
        )}
        {ratio && <span className="indicator__line-ratio">{ratio}</span>}
      </span>
    </>
  );
}
