import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import * as api from '../api/endpoints';
import type { Alert, Patient } from '../api/types';
import { AsyncView } from '../components/async-view';
import { useApi } from '../components/use-api';
import { localized, useLanguage } from '../components/use-language';
import { formatDateTime } from '../i18n/format';
import { translateOptional } from '../i18n/i18n';
import { describeAlertData } from '../monitoring/vital-format';
import { useRealtimeEvent } from '../realtime/realtime-context';
import { homePath } from '../routing/sections';
import { useUser } from '../session/session-context';
import { NotesPanel } from '../worklist/notes-panel';
import { WhyButton } from '../why/why-panel';
import { patientName } from './patient-format';

/** How many alerts are listed before "show all". */
const FIRST = 10;

/**
 * Every alert of the patient, newest first, whatever its status: what fired, who acknowledged
 * or resolved it, when and why. Follows the worklist live.
 */
export function AlertHistory({ patient }: { patient: Patient }) {
  const { t } = useTranslation();
  const id = useId();
  const user = useUser();
  const alerts = useApi(
    (signal) => api.listAlerts({ patientId: patient.id }, signal),
    [patient.id],
  );
  const { reload } = alerts;
  useRealtimeEvent('alert.changed', (alert) => {
    if (alert.patientId === patient.id) reload();
  });
  const [all, setAll] = useState(false);
  const [notesFor, setNotesFor] = useState<Alert | null>(null);

  return (
    <section
      className="patient-panel__section"
      aria-labelledby={`${id}-title`}
      data-testid="alert-history"
    >
      <div className="section-head">
        <h3 id={`${id}-title`}>{t('alertHistory.title')}</h3>
        <Link to={homePath(user.role)} className="section-head__link">
          {t('alertHistory.toConsole')}
        </Link>
      </div>
      <AsyncView resource={alerts}>
        {(items) => {
          const sorted = [...items].sort((a, b) => b.raisedAt.localeCompare(a.raisedAt));
          const shown = all ? sorted : sorted.slice(0, FIRST);
          return sorted.length === 0 ? (
            <p className="muted">{t('alertHistory.none')}</p>
          ) : (
            <>
              <ol className="alert-history">
                {shown.map((alert) => (
                  <AlertHistoryItem
                    key={alert.id}
                    alert={alert}
                    patientName={patientName(patient)}
                    onNotes={() => setNotesFor(alert)}
                  />
                ))}
              </ol>
              {sorted.length > FIRST && (
                <button
                  type="button"
                  className="button button--ghost button--small"
                  onClick={() => setAll((value) => !value)}
                >
                  {all
                    ? t('alertHistory.showFewer')
                    : t('alertHistory.showAll', { count: sorted.length })}
                </button>
              )}
            </>
          );
        }}
      </AsyncView>
      {notesFor && (
        <NotesPanel
          subject={{ kind: 'alert', alert: notesFor }}
          patientName={patientName(patient)}
          onClose={() => setNotesFor(null)}
        />
      )}
    </section>
  );
}

function AlertHistoryItem({
  alert,
  patientName,
  onNotes,
}: {
  alert: Alert;
  patientName: string;
  onNotes(): void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const values = describeAlertData(alert.data, language);
  const resolution = useApi(
    (signal) =>
      alert.status === 'resolved'
        ? api.listNotes({ type: 'alert', id: alert.id }, signal)
        : Promise.resolve([]),
    [alert.id, alert.status],
  );
  const reason =
    resolution.state.status === 'ready'
      ? [...resolution.state.data].reverse().find((n) => n.kind === 'resolved')?.text
      : undefined;

  return (
    <li
      className={`alert-history__item alert-history__item--${alert.severity}`}
      data-alert-id={alert.id}
      data-status={alert.status}
    >
      <div className="alert-history__head">
        <span className={`sev-badge sev-badge--${alert.severity}`}>
          {t(`worklist.severity.${alert.severity}`)}
        </span>
        <span className="alert-history__title">{localized(alert.title, language)}</span>
        <span className={`status-pill status-pill--${alert.status}`}>
          {translateOptional(`worklist.status.${alert.status}`, alert.status)}
        </span>
      </div>
      <p className="alert-history__line muted">
        <time dateTime={alert.raisedAt}>{formatDateTime(alert.raisedAt, language)}</time>
        {values.length > 0 && ` · ${values.join(' · ')}`}
        {alert.level > 0 &&
          ` · ${translateOptional(`worklist.escalated.${alert.assignee}`, alert.assignee)}`}
      </p>
      {alert.acknowledgedAt && (
        <p className="alert-history__line">
          {t('alertHistory.acknowledged', {
            who: alert.acknowledgedBy ?? t('app.none'),
            time: formatDateTime(alert.acknowledgedAt, language),
          })}
          {alert.note && <span className="alert-history__why"> — «{alert.note}»</span>}
        </p>
      )}
      {alert.resolvedAt && (
        <p className="alert-history__line">
          {t('alertHistory.resolved', {
            who: alert.resolvedBy ?? t('app.none'),
            time: formatDateTime(alert.resolvedAt, language),
          })}
          {reason && <span className="alert-history__why"> — «{reason}»</span>}
        </p>
      )}
      {alert.claimedBy && alert.status === 'open' && (
        <p className="alert-history__line muted">
          {t('worklist.claimedBy', { who: alert.claimedBy })}
        </p>
      )}
      <div className="alert-history__actions">
        <button type="button" className="button button--ghost button--small" onClick={onNotes}>
          {t('worklist.actions.notes')}
        </button>
        <WhyButton
          target={{ type: 'alert', id: alert.id }}
          title={localized(alert.title, language)}
          patientName={patientName}
        />
      </div>
    </li>
  );
}
