import { useTranslation } from 'react-i18next';
import * as api from '../api/endpoints';
import type { Summary } from '../api/types';
import { AsyncView } from '../components/async-view';
import { PageHeading } from '../components/page-heading';
import { useApi } from '../components/use-api';
import { localized, useLanguage } from '../components/use-language';
import { formatNumber, formatPercent } from '../i18n/format';
import { useEnrolmentUpdates } from '../realtime/realtime-context';

export function ManagerHomePage() {
  const { t } = useTranslation();
  const summary = useApi((signal) => api.reportSummary(signal), []);
  const { reload } = summary;
  useEnrolmentUpdates(() => reload());
  return (
    <>
      <PageHeading title={t('manager.title')} intro={t('manager.intro')} />
      <AsyncView resource={summary}>{(data) => <SummaryView summary={data} />}</AsyncView>
    </>
  );
}

function SummaryView({ summary }: { summary: Summary }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const tiles = [
    { key: 'patients', label: t('manager.patients'), value: summary.patients, tone: 'neutral' },
    { key: 'active', label: t('manager.active'), value: summary.enrolments.active, tone: 'active' },
    {
      key: 'completed',
      label: t('manager.completed'),
      value: summary.enrolments.completed,
      tone: 'completed',
    },
    {
      key: 'withdrawn',
      label: t('manager.withdrawn'),
      value: summary.enrolments.withdrawn,
      tone: 'withdrawn',
    },
    { key: 'failed', label: t('manager.failed'), value: summary.enrolments.failed, tone: 'failed' },
  ] as const;
  const rows = [...summary.byPathway].sort(
    (a, b) => b.active + b.completed - (a.active + a.completed),
  );

  return (
    <>
      <ul className="stats" aria-label={t('manager.title')}>
        {tiles.map((tile) => (
          <li key={tile.key} className={`stat stat--${tile.tone}`} data-stat={tile.key}>
            <span className="stat__label">{tile.label}</span>
            <span className="stat__value">{formatNumber(tile.value, language)}</span>
          </li>
        ))}
      </ul>
      <section className="panel" aria-labelledby="by-pathway">
        <h2 id="by-pathway">{t('manager.byPathway')}</h2>
        {rows.length === 0 ? (
          <p className="empty">{t('manager.noPathways')}</p>
        ) : (
          <div className="table-wrap" role="region" aria-labelledby="by-pathway" tabIndex={0}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('manager.pathway')}</th>
                  <th scope="col" className="num">
                    {t('manager.activeCol')}
                  </th>
                  <th scope="col" className="num">
                    {t('manager.completedCol')}
                  </th>
                  <th scope="col" className="col-share">
                    {t('manager.share')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => {
                  const total = row.active + row.completed;
                  const share = total === 0 ? 0 : row.completed / total;
                  return (
                    <tr key={row.pathwayId}>
                      <th scope="row">{localized(row.title, language)}</th>
                      <td className="num">{formatNumber(row.active, language)}</td>
                      <td className="num">{formatNumber(row.completed, language)}</td>
                      <td className="col-share">
                        <span className="meter">
                          <span className="meter__bar" aria-hidden="true">
                            <span
                              className="meter__fill"
                              style={{ width: `${Math.round(share * 100)}%` }}
                            />
                          </span>
                          <span className="meter__text">{formatPercent(share, language)}</span>
                        </span>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
