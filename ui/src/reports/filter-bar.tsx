import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IndicatorsResponse, ReportFilters } from '../api/types';
import { localized, useLanguage } from '../components/use-language';
import {
  isDay,
  matchingQuickRange,
  quickRange,
  quickRanges,
  validPeriod,
  type QuickRange,
} from './report-filters';

interface FilterBarProps {
  filters: ReportFilters;
  /** The choices the API offers; null until its first answer. */
  options: IndicatorsResponse['options'] | null;
  today: Date;
  onChange(filters: ReportFilters): void;
}

/**
 * Period (two dates and quick choices), pathway, version and site. Each change applies at once
 * (the URL follows); a date applies once it is a whole valid day.
 */
export function FilterBar({ filters, options, today, onChange }: FilterBarProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const id = useId();
  const [from, setFrom] = useState(filters.from);
  const [to, setTo] = useState(filters.to);
  useEffect(() => setFrom(filters.from), [filters.from]);
  useEffect(() => setTo(filters.to), [filters.to]);

  const pressed = matchingQuickRange(filters, today);
  const invalidPeriod = !validPeriod(filters);

  // A pathway or site in the URL stays selectable before (or without) the API's list.
  const pathways = options?.pathways ?? [];
  const pathwayChoices =
    filters.pathwayId && !pathways.some((p) => p.id === filters.pathwayId)
      ? [...pathways, { id: filters.pathwayId, title: null, versions: [] }]
      : pathways;
  const versions = pathways.find((p) => p.id === filters.pathwayId)?.versions ?? [];
  const versionChoices =
    filters.version && !versions.includes(filters.version)
      ? [...versions, filters.version]
      : versions;
  const sites = options?.sites ?? [];
  const siteChoices =
    filters.siteId && !sites.some((s) => s.id === filters.siteId)
      ? [...sites, { id: filters.siteId, name: null }]
      : sites;

  function change(patch: Partial<ReportFilters>) {
    const next: ReportFilters = { ...filters, ...patch };
    for (const name of ['pathwayId', 'version', 'siteId'] as const) {
      if (!next[name]) delete next[name];
    }
    if (!next.pathwayId) delete next.version;
    onChange(next);
  }

  function applyQuick(range: QuickRange) {
    change(quickRange(range, today));
  }

  return (
    <form
      className="panel report-filters"
      aria-label={t('reports.filters.label')}
      onSubmit={(event) => event.preventDefault()}
    >
      <div className="report-filters__quick" role="group" aria-labelledby={`${id}-quick`}>
        <span id={`${id}-quick`} className="report-filters__quick-label">
          {t('reports.filters.quick')}
        </span>
        {quickRanges.map((range) => (
          <button
            key={range}
            type="button"
            className="button button--small report-filters__chip"
            aria-pressed={pressed === range}
            onClick={() => applyQuick(range)}
          >
            {t(`reports.filters.${range}`)}
          </button>
        ))}
      </div>
      <div className="report-filters__fields">
        <div className="field">
          <label htmlFor={`${id}-from`}>{t('reports.filters.from')}</label>
          <input
            id={`${id}-from`}
            type="date"
            value={from}
            max={to || undefined}
            aria-invalid={invalidPeriod || undefined}
            aria-describedby={invalidPeriod ? `${id}-period-error` : undefined}
            onChange={(event) => {
              setFrom(event.target.value);
              if (isDay(event.target.value)) change({ from: event.target.value });
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>{t('reports.filters.to')}</label>
          <input
            id={`${id}-to`}
            type="date"
            value={to}
            min={from || undefined}
            aria-invalid={invalidPeriod || undefined}
            aria-describedby={invalidPeriod ? `${id}-period-error` : undefined}
            onChange={(event) => {
              setTo(event.target.value);
              if (isDay(event.target.value)) change({ to: event.target.value });
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-pathway`}>{t('reports.filters.pathway')}</label>
          <select
            id={`${id}-pathway`}
            value={filters.pathwayId ?? ''}
            onChange={(event) => change({ pathwayId: event.target.value, version: undefined })}
          >
            <option value="">{t('reports.filters.allPathways')}</option>
            {pathwayChoices.map((pathway) => (
              <option key={pathway.id} value={pathway.id}>
                {pathway.title ? localized(pathway.title, language) : pathway.id}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-version`}>{t('reports.filters.version')}</label>
          <select
            id={`${id}-version`}
            value={filters.version ?? ''}
            disabled={!filters.pathwayId}
            aria-describedby={filters.pathwayId ? undefined : `${id}-version-hint`}
            onChange={(event) => change({ version: event.target.value })}
          >
            <option value="">{t('reports.filters.allVersions')}</option>
            {versionChoices.map((version) => (
              <option key={version} value={version}>
                {version}
              </option>
            ))}
          </select>
          {!filters.pathwayId && (
            <span id={`${id}-version-hint`} className="field__hint">
              {t('reports.filters.versionHint')}
            </span>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${id}-site`}>{t('reports.filters.site')}</label>
          <select
            id={`${id}-site`}
            value={filters.siteId ?? ''}
            onChange={(event) => change({ siteId: event.target.value })}
          >
            <option value="">{t('reports.filters.allSites')}</option>
            {siteChoices.map((site) => (
              <option key={site.id} value={site.id}>
                {site.name ? localized(site.name, language) : site.id}
              </option>
            ))}
          </select>
        </div>
      </div>
      {invalidPeriod && (
        <p id={`${id}-period-error`} className="field__error" role="alert">
          {t('reports.filters.invalidRange')}
        </p>
      )}
      <div className="report-filters__reset">
        <button
          type="button"
          className="button button--ghost button--small"
          onClick={() => onChange(quickRange('last30', today))}
        >
          {t('reports.filters.reset')}
        </button>
      </div>
    </form>
  );
}
