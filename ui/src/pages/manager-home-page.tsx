import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import * as api from '../api/endpoints';
import type { Indicator, IndicatorId, IndicatorsResponse, ReportFilters } from '../api/types';
import { ErrorMessage } from '../components/error-message';
import { PageHeading } from '../components/page-heading';
import { localized, useLanguage } from '../components/use-language';
import { formatDateTime, formatNumber } from '../i18n/format';
import type { Language } from '../i18n/i18n';
import { DrilldownPanel } from '../reports/drilldown-panel';
import { FilterBar } from '../reports/filter-bar';
import { IndicatorCard, type OpenDrilldown } from '../reports/indicator-card';
import { ReportCharts } from '../reports/report-charts';
import {
  drilldownFromSearch,
  filtersFromSearch,
  searchWithDrilldown,
  searchWithFilters,
  validPeriod,
} from '../reports/report-filters';
import { formatDay } from '../reports/report-format';
import { useReport } from '../reports/use-report';

const groups = ['process', 'clinical'] as const;

/**
 * The managers' dashboard: filters kept in the URL, charts over the period, indicator cards
 * with their definitions, the list behind any number, and CSV/PDF exports of the same view.
 */
export function ManagerHomePage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const [search, setSearch] = useSearchParams();
  // "Today" for the quick periods and the default (the last 30 days) is fixed for the visit.
  const today = useMemo(() => new Date(), []);
  const filters = useMemo(() => filtersFromSearch(search, today), [search, today]);
  const drilldown = useMemo(() => drilldownFromSearch(search), [search]);
  const valid = validPeriod(filters);
  const report = useReport(valid ? JSON.stringify(filters) : null, (signal) =>
    api.reportIndicators(filters, signal),
  );
  const data = report.data;

  const setFilters = (next: ReportFilters) =>
    setSearch(searchWithDrilldown(searchWithFilters(search, next), null));
  const openDrilldown: OpenDrilldown = (indicator, key) =>
    setSearch(searchWithDrilldown(search, { indicator, ...(key ? { key } : {}), page: 1 }));
  const closeDrilldown = () => setSearch(searchWithDrilldown(search, null));

  return (
    <div className="reports">
      <PageHeading
        title={t('reports.title')}
        intro={t('reports.intro')}
        actions={<ExportLinks filters={filters} valid={valid} />}
      />
      <FilterBar
        filters={filters}
        options={data?.options ?? null}
        today={today}
        onChange={setFilters}
      />
      {report.error && <ErrorMessage error={report.error} onRetry={report.reload} />}
      {data ? (
        <Dashboard
          data={data}
          filters={filters}
          updating={report.loading}
          onRefresh={report.reload}
          onOpen={openDrilldown}
        />
      ) : (
        report.loading && (
          <p className="loading" role="status">
            <span className="spinner" aria-hidden="true" />
            {t('app.loading')}
          </p>
        )
      )}
      {drilldown && valid && (
        <DrilldownPanel
          key={`${drilldown.indicator}:${drilldown.key ?? ''}`}
          filters={filters}
          drilldown={drilldown}
          {...drilldownTitles(data, drilldown.indicator, drilldown.key, language)}
          onPage={(page) => setSearch(searchWithDrilldown(search, { ...drilldown, page }))}
          onClose={closeDrilldown}
        />
      )}
    </div>
  );
}

function drilldownTitles(
  data: IndicatorsResponse | null,
  id: IndicatorId,
  key: string | undefined,
  language: Language,
): { title: string; subtitle: string | null } {
  const indicator = data?.indicators.find((i) => i.id === id);
  const line = key ? indicator?.breakdown.find((b) => b.key === key) : undefined;
  return {
    title: indicator ? localized(indicator.title, language) : '',
    subtitle: line ? localized(line.label, language) : (key ?? null),
  };
}

function ExportLinks({ filters, valid }: { filters: ReportFilters; valid: boolean }) {
  const { t } = useTranslation();
  if (!valid) {
    return <p className="muted report-exports__unavailable">{t('reports.export.unavailable')}</p>;
  }
  return (
    <div className="report-exports" role="group" aria-label={t('reports.export.label')}>
      <a className="button button--secondary" href={api.reportCsvUrl(filters)} download>
        {t('reports.export.csv')}
      </a>
      <a className="button button--secondary" href={api.reportPdfUrl(filters)} download>
        {t('reports.export.pdf')}
      </a>
    </div>
  );
}

function Dashboard({
  data,
  filters,
  updating,
  onRefresh,
  onOpen,
}: {
  data: IndicatorsResponse;
  filters: ReportFilters;
  updating: boolean;
  onRefresh(): void;
  onOpen: OpenDrilldown;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const pathway = data.options.pathways.find((p) => p.id === data.filters.pathwayId);
  const site = data.options.sites.find((s) => s.id === data.filters.siteId);
  const stale = JSON.stringify(filters) !== JSON.stringify(currentFilters(data));

  return (
    <div
      className="reports__body"
      aria-busy={updating || undefined}
      data-stale={stale || undefined}
    >
      <div className="report-scope">
        <ul className="report-scope__list" aria-label={t('reports.scope.label')}>
          <li>
            {t('reports.scope.period', {
              from: formatDay(data.filters.from, language),
              to: formatDay(data.filters.to, language),
            })}
          </li>
          <li>
            {pathway
              ? localized(pathway.title, language)
              : (data.filters.pathwayId ?? t('reports.filters.allPathways'))}
            {data.filters.version &&
              `, ${t('reports.scope.version', { version: data.filters.version })}`}
          </li>
          <li>
            {site
              ? localized(site.name, language)
              : (data.filters.siteId ?? t('reports.filters.allSites'))}
          </li>
          <li>
            {t('reports.scope.patientMonths', {
              value: formatNumber(data.patientMonths, language, { maximumFractionDigits: 2 }),
            })}
          </li>
          <li className="muted">
            {t('reports.scope.generatedAt', { time: formatDateTime(data.generatedAt, language) })}
          </li>
        </ul>
        <div className="report-scope__actions">
          {updating && (
            <span className="loading loading--inline" role="status">
              <span className="spinner" aria-hidden="true" />
              {t('reports.updating')}
            </span>
          )}
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={onRefresh}
            disabled={updating}
          >
            {t('reports.refresh')}
          </button>
        </div>
      </div>
      <ReportCharts series={data.series} />
      {groups.map((group) => (
        <IndicatorGroup
          key={group}
          group={group}
          indicators={data.indicators.filter((i) => i.group === group)}
          onOpen={onOpen}
        />
      ))}
    </div>
  );
}

function currentFilters(data: IndicatorsResponse): ReportFilters {
  const { from, to, pathwayId, version, siteId } = data.filters;
  return {
    from,
    to,
    ...(pathwayId ? { pathwayId } : {}),
    ...(version ? { version } : {}),
    ...(siteId ? { siteId } : {}),
  };
}

function IndicatorGroup({
  group,
  indicators,
  onOpen,
}: {
  group: (typeof groups)[number];
  indicators: Indicator[];
  onOpen: OpenDrilldown;
}) {
  const { t } = useTranslation();
  const headingId = `indicators-${group}`;
  return (
    <section className="report-group" aria-labelledby={headingId} data-group={group}>
      <h2 id={headingId}>{t(`reports.groups.${group}`)}</h2>
      {indicators.length === 0 ? (
        <p className="empty">{t('reports.noIndicators')}</p>
      ) : (
        <ul className="indicator-grid">
          {indicators.map((indicator) => (
            <li key={indicator.id}>
              <IndicatorCard indicator={indicator} onOpen={onOpen} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
