import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import * as api from '../api/endpoints';
import { type AdminUser, type AuditEvent, roles } from '../api/types';
import { AsyncView } from '../components/async-view';
import { PageHeading } from '../components/page-heading';
import { useApi } from '../components/use-api';
import { useLanguage } from '../components/use-language';
import { formatDateTime } from '../i18n/format';
import { humanise, translateOptional } from '../i18n/i18n';

const auditLimit = 50;

export function AdminHomePage() {
  const { t } = useTranslation();
  const users = useApi((signal) => api.listUsers(signal), []);
  const audit = useApi((signal) => api.listAudit(auditLimit, signal), []);
  return (
    <>
      <PageHeading title={t('admin.title')} intro={t('admin.intro')} />
      <section className="panel" aria-labelledby="admin-users">
        <h2 id="admin-users">{t('admin.users')}</h2>
        <AsyncView resource={users}>{(items) => <UsersTable users={items} />}</AsyncView>
      </section>
      <section className="panel" aria-labelledby="admin-audit">
        <div className="panel__head">
          <h2 id="admin-audit">{t('admin.audit')}</h2>
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={audit.reload}
            disabled={audit.refreshing}
          >
            {t('app.refresh')}
          </button>
        </div>
        <p className="muted">{t('admin.auditHint')}</p>
        <AsyncView resource={audit}>{(items) => <AuditTable events={items} />}</AsyncView>
      </section>
    </>
  );
}

function roleLabel(role: string | null, t: TFunction): string {
  if (role === null) return '—';
  return (roles as readonly string[]).includes(role)
    ? t(`roles.${role as (typeof roles)[number]}`)
    : role;
}

function UsersTable({ users }: { users: AdminUser[] }) {
  const { t } = useTranslation();
  if (users.length === 0) return <p className="empty">{t('admin.noUsers')}</p>;
  const sorted = [...users].sort((a, b) => a.username.localeCompare(b.username));
  return (
    <div className="table-wrap" role="region" aria-labelledby="admin-users" tabIndex={0}>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('admin.username')}</th>
            <th scope="col">{t('admin.displayName')}</th>
            <th scope="col">{t('admin.role')}</th>
            <th scope="col">{t('admin.state')}</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((user) => (
            <tr key={user.id}>
              <th scope="row" className="mono">
                {user.username}
              </th>
              <td>{user.displayName}</td>
              <td>{roleLabel(user.role, t)}</td>
              <td>
                <span className={`badge ${user.active ? 'badge--completed' : 'badge--withdrawn'}`}>
                  {user.active ? t('admin.active') : t('admin.inactive')}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function outcomeTone(outcome: string): string {
  if (outcome === 'success') return 'completed';
  if (outcome === 'denied' || outcome === 'failure') return 'failed';
  if (outcome === 'not-found') return 'warning';
  return 'unknown';
}

function AuditTable({ events }: { events: AuditEvent[] }) {
  const { t } = useTranslation();
  const language = useLanguage();
  if (events.length === 0) return <p className="empty">{t('admin.noAudit')}</p>;
  return (
    <div className="table-wrap" role="region" aria-labelledby="admin-audit" tabIndex={0}>
      <table className="table table--compact">
        <thead>
          <tr>
            <th scope="col">{t('admin.at')}</th>
            <th scope="col">{t('admin.actor')}</th>
            <th scope="col">{t('admin.action')}</th>
            <th scope="col">{t('admin.resource')}</th>
            <th scope="col">{t('admin.outcome')}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.id}>
              <td className="nowrap">
                <time dateTime={event.at}>{formatDateTime(event.at, language)}</time>
              </td>
              <td>
                <span className="mono">{event.actorUsername ?? '—'}</span>
                {event.actorRole && (
                  <span className="muted block">{roleLabel(event.actorRole, t)}</span>
                )}
              </td>
              <td>{translateOptional(`admin.actions.${event.action}`, event.action)}</td>
              <td>
                {event.resourceType
                  ? translateOptional(
                      `admin.resourceTypes.${event.resourceType}`,
                      humanise(event.resourceType),
                    )
                  : '—'}
                {event.resourceId && <span className="mono muted block">{event.resourceId}</span>}
              </td>
              <td>
                <span className={`badge badge--${outcomeTone(event.outcome)}`}>
                  {translateOptional(`admin.outcomes.${event.outcome}`, humanise(event.outcome))}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
