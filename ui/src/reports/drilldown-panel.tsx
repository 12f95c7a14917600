import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import * as api from '../api/endpoints';
import type { DrilldownQuery, DrilldownResponse, ReportFilters } from '../api/types';
import { AsyncView } from '../components/async-view';
import { SidePanel } from '../components/side-panel';
import { useApi } from '../components/use-api';
import { localized, useLanguage } from '../components/use-language';
import { formatDateTime, formatNumber } from '../i18n/format';
import type { DrilldownState } from './report-filters';
import { formatFigure } from './report-format';

const pageSize = 25;

interface DrilldownPanelProps {
  filters: ReportFilters;
  drilldown: DrilldownState;
  /** What the dashboard calls the number, shown until the list arrives. */
  title: string;
  /** The breakdown line the number was, if it was one. */
  subtitle: string | null;
  onPage(page: number): void;
  onClose(): void;
}

/**
 * The list behind a number, in a side panel (modal <dialog>: focus kept inside, Esc closes):
 * pseudonymised unless the role may see who the patients are, paged, with its CSV export.
 */
export function DrilldownPanel({
  filters,
  drilldown,
  title,
  subtitle,
  onPage,
  onClose,
}: DrilldownPanelProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const query: DrilldownQuery = {
    ...filters,
    indicator: drilldown.indicator,
    ...(drilldown.key ? { key: drilldown.key } : {}),
    page: drilldown.page,
    pageSize,
  };
  const list = useApi((signal) => api.reportDrilldown(query, signal), [JSON.stringify(query)]);

  const loaded = list.state.status === 'ready' ? list.state.data : null;

  return (
    <SidePanel
      className="drilldown"
      testId="drilldown"
      kicker={t('reports.drilldown.kicker')}
      title={loaded ? localized(loaded.title, language) : title}
      subtitle={subtitle ?? null}
      closeLabel={t('reports.drilldown.close')}
      onClose={onClose}
    >
      <AsyncView resource={list}>
        {(data) => (
          <DrilldownList data={data} csvUrl={api.drilldownCsvUrl(query)} onPage={onPage} />
        )}
      </AsyncView>
    </SidePanel>
  );
}

function DrilldownList({
  data,
  csvUrl,
  onPage,
}: {
  data: DrilldownResponse;
  csvUrl: string;
  onPage(page: number): void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const id = useId();
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  // Identifying columns only when the API sent them (roles allowed to see who the patient is).
  const showName = data.rows.some((row) => row.patient.name);
  const showFiscalCode = data.rows.some((row) => row.patient.fiscalCode);

  return (
    <>
      {data.identified ? (
        <p
          className="alert drilldown__banner drilldown__banner--identified"
          data-testid="identified-banner"
        >
          {t('reports.drilldown.identified')}
        </p>
      ) : (
        <p className="alert alert--info drilldown__banner" data-testid="pseudonymised-banner">
          {t('reports.drilldown.pseudonymised')}
        </p>
      )}
      <div className="toolbar drilldown__toolbar">
        <p className="drilldown__count" id={`${id}-count`}>
          <strong>{t(`reports.drilldown.kind.${data.kind}`)}</strong> ·{' '}
          {t('reports.drilldown.total', {
            count: data.total,
            formatted: formatNumber(data.total, language),
          })}
        </p>
        {data.total > 0 && (
          <a className="button button--secondary button--small" href={csvUrl} download>
            {t('reports.drilldown.csv')}
          </a>
        )}
      </div>
      {data.rows.length === 0 ? (
        <p className="empty">{t('reports.drilldown.empty')}</p>
      ) : (
        <div
          className="table-wrap drilldown__table"
          role="region"
          aria-labelledby={`${id}-count`}
          tabIndex={0}
        >
          <table className="table table--compact table--stacked">
            <thead>
              <tr>
                <th scope="col">{t('reports.drilldown.patient')}</th>
                {showName && <th scope="col">{t('reports.drilldown.name')}</th>}
                {showFiscalCode && <th scope="col">{t('reports.drilldown.fiscalCode')}</th>}
                <th scope="col">{t('reports.drilldown.pathway')}</th>
                <th scope="col">{t('reports.drilldown.site')}</th>
                <th scope="col">{t('reports.drilldown.at')}</th>
                <th scope="col">{t('reports.drilldown.item')}</th>
                <th scope="col" className="num">
                  {t('reports.drilldown.value')}
                </th>
                <th scope="col">{t('reports.drilldown.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((row, index) => (
                <tr
                  key={row.alertId ?? row.workItemId ?? `${row.enrolmentId}:${index}`}
                  data-testid="drilldown-row"
                >
                  <th scope="row" data-label={t('reports.drilldown.patient')}>
                    <span className="mono">{row.patient.pseudonym}</span>
                  </th>
                  {showName && (
                    <td data-label={t('reports.drilldown.name')}>{row.patient.name ?? '—'}</td>
                  )}
                  {showFiscalCode && (
                    <td data-label={t('reports.drilldown.fiscalCode')}>
                      <span className="mono">{row.patient.fiscalCode ?? '—'}</span>
                    </td>
                  )}
                  <td data-label={t('reports.drilldown.pathway')}>
                    <span>
                      {localized(row.pathway.title, language)}
                      <span className="block muted">
                        {t('reports.drilldown.version', { version: row.pathway.version })}
                      </span>
                    </span>
                  </td>
                  <td data-label={t('reports.drilldown.site')}>
                    {row.site ? localized(row.site.name, language) : '—'}
                  </td>
                  <td data-label={t('reports.drilldown.at')}>{formatDateTime(row.at, language)}</td>
                  <td data-label={t('reports.drilldown.item')}>{localized(row.label, language)}</td>
                  <td className="num" data-label={t('reports.drilldown.value')}>
                    {formatFigure(row.value, row.unit, language, t)}
                  </td>
                  <td data-label={t('reports.drilldown.detail')}>
                    {localized(row.detail, language) || '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 && (
        <nav className="pager" aria-label={t('reports.drilldown.pagination')}>
          <button
            type="button"
            className="button button--ghost button--small"
            disabled={data.page <= 1}
            onClick={() => onPage(data.page - 1)}
          >
            {t('reports.drilldown.previous')}
          </button>
          <span aria-live="polite">
            {t('reports.drilldown.page', {
              page: formatNumber(data.page, language),
              pages: formatNumber(pages, language),
            })}
          </span>
          <button
            type="button"
            className="button button--ghost button--small"
            disabled={data.page >= pages}
            onClick={() => onPage(data.page + 1)}
          >
            {t('reports.drilldown.next')}
          </button>
        </nav>
      )}
    </>
  );
}
