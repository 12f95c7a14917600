import { useTranslation } from 'react-i18next';
import * as api from '../api/endpoints';
import type { ComponentStatus, Health } from '../api/types';
import { AsyncView } from '../components/async-view';
import { PageHeading } from '../components/page-heading';
import { useApi } from '../components/use-api';
import { humanise, translateOptional } from '../i18n/i18n';

const tone: Record<ComponentStatus, string> = {
  ok: 'completed',
  degraded: 'warning',
  down: 'failed',
  disabled: 'unknown',
};

function HealthBadge({ status }: { status: ComponentStatus }) {
  return (
    <span className={`badge badge--${tone[status] ?? 'unknown'}`}>
      {translateOptional(`admin.health.${status}`, humanise(status))}
    </span>
  );
}

export function SystemStatusPage() {
  const { t } = useTranslation();
  const health = useApi((signal) => api.health(signal), []);
  return (
    <>
      <PageHeading
        title={t('admin.systemTitle')}
        intro={t('admin.systemIntro')}
        actions={
          <button
            type="button"
            className="button button--secondary"
            onClick={health.reload}
            disabled={health.refreshing}
          >
            {t('app.refresh')}
          </button>
        }
      />
      <AsyncView resource={health}>{(data) => <HealthView health={data} />}</AsyncView>
    </>
  );
}

function HealthView({ health }: { health: Health }) {
  const { t } = useTranslation();
  const components = Object.entries(health.components);
  return (
    <section className="panel" aria-labelledby="health-components">
      <dl className="facts facts--row">
        <div>
          <dt>{t('admin.overall')}</dt>
          <dd>
            <HealthBadge status={health.status} />
          </dd>
        </div>
        <div>
          <dt>{t('admin.platformVersion')}</dt>
          <dd className="mono">{health.version}</dd>
        </div>
      </dl>
      <h2 id="health-components" className="visually-hidden">
        {t('admin.component')}
      </h2>
      <div className="table-wrap" role="region" aria-labelledby="health-components" tabIndex={0}>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('admin.component')}</th>
              <th scope="col">{t('admin.state')}</th>
              <th scope="col">{t('admin.componentVersion')}</th>
              <th scope="col">{t('admin.detail')}</th>
            </tr>
          </thead>
          <tbody>
            {components.map(([name, component]) => (
              <tr key={name}>
                <th scope="row">{translateOptional(`admin.components.${name}`, humanise(name))}</th>
                <td>{component && <HealthBadge status={component.status} />}</td>
                <td className="mono">{component?.version ?? '—'}</td>
                <td>{component?.detail ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
