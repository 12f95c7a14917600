import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import * as api from '../api/endpoints';
import type { Patient, VideoSession, VideoSessionStatus } from '../api/types';
import { AsyncView } from '../components/async-view';
import { useApi } from '../components/use-api';
import { localized, useLanguage } from '../components/use-language';
import { useEnrolmentUpdates } from '../realtime/realtime-context';
import { roleList, sessionWhen, waitingPeople } from './video-format';

/** While a visit is open the waiting count changes: read the list again this often. */
const POLL_MS = 10_000;

const badgeClass: Record<VideoSessionStatus, string> = {
  scheduled: 'badge--unknown',
  open: 'badge--active',
  unavailable: 'badge--warning',
  ended: 'badge--completed',
  cancelled: 'badge--withdrawn',
};

/** Open first (someone may be waiting), then coming, then the past. */
const statusOrder: Record<VideoSessionStatus, number> = {
  open: 0,
  unavailable: 1,
  scheduled: 2,
  ended: 3,
  cancelled: 4,
};

/**
 * "Videochiamate" in the clinical record: the patient's video visits, newest first, with their
 * state, who is waiting, and the way into the call while it is open or coming. Open visits
 * come first.
 */
export function VideoSessionsPanel({ patient }: { patient: Patient }) {
  const { t } = useTranslation();
  const id = useId();
  const sessions = useApi(
    (signal) => api.listVideoSessions({ patientId: patient.id }, signal),
    [patient.id],
  );
  const { reload } = sessions;
  useEnrolmentUpdates((event) => {
    if (event.patientId === patient.id) reload();
  });
  const anyOpen =
    sessions.state.status === 'ready' && sessions.state.data.some((s) => s.status === 'open');
  useEffect(() => {
    if (!anyOpen) return undefined;
    const timer = window.setInterval(() => {
      if (!document.hidden) reload();
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [anyOpen, reload]);

  return (
    <section
      className="panel video-sessions-panel"
      aria-labelledby={`${id}-title`}
      data-testid="video-sessions-panel"
    >
      <div className="panel__head">
        <h2 id={`${id}-title`}>{t('video.panel.title')}</h2>
      </div>
      <AsyncView resource={sessions}>
        {(items) =>
          items.length === 0 ? (
            <p className="empty">{t('video.panel.none')}</p>
          ) : (
            <ul className="video-session-list">
              {[...items]
                .sort(
                  (a, b) =>
                    statusOrder[a.status] - statusOrder[b.status] ||
                    b.opensAt.localeCompare(a.opensAt),
                )
                .map((session) => (
                  <SessionRow key={session.id} session={session} />
                ))}
            </ul>
          )
        }
      </AsyncView>
    </section>
  );
}

function SessionRow({ session }: { session: VideoSession }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const title = localized(session.title, language);
  const waiting = waitingPeople(session).length;
  // myRole is null when this clinician is not named by the visit: the page would refuse them.
  const joinable =
    session.myRole !== null && (session.status === 'open' || session.status === 'scheduled');
  return (
    <li className="video-session-row" data-session={session.id} data-status={session.status}>
      <div className="video-session-row__main">
        <h3 className="video-session-row__title">{title}</h3>
        <p className="video-session-row__meta">
          <span className={`badge ${badgeClass[session.status]}`}>
            {t(`video.status.${session.status}`)}
          </span>
          <span>{sessionWhen(session, t, language)}</span>
          {waiting > 0 && session.status === 'open' && (
            <span className="video-session-row__waiting">
              {t('video.panel.waiting', { count: waiting })}
            </span>
          )}
        </p>
        <p className="muted video-session-row__roles">
          {t('video.panel.participants', { roles: roleList(session.participants, t) })}
          {session.status === 'unavailable' && session.unavailableReason
            ? ` · ${session.unavailableReason}`
            : ''}
        </p>
      </div>
      {joinable && (
        <Link
          to={`/video/${session.id}`}
          className={`button button--small ${session.status === 'open' ? 'button--primary' : 'button--secondary'}`}
        >
          {t('video.panel.open')}
          <span className="visually-hidden">: {title}</span>
        </Link>
      )}
    </li>
  );
}
