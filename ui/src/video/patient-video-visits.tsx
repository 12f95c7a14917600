import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import * as api from '../api/endpoints';
import type { VideoSession } from '../api/types';
import { useApi } from '../components/use-api';
import { localized, useLanguage } from '../components/use-language';
import { useRealtimeEvent } from '../realtime/realtime-context';
import { sessionWhen } from './video-format';
import { VideoIcon } from './video-icons';

/** A scheduled visit opens by itself: the card is read again so its button appears on time. */
const REFRESH_MS = 30_000;

/**
 * On the patient's home page: the video visits that are open or coming, each a large card with
 * the way into the waiting room. Nothing at all when there are none (or the list cannot be
 * read: the tasks above still name the visit).
 */
export function PatientVideoVisits() {
  const { t } = useTranslation();
  const id = useId();
  const sessions = useApi((signal) => api.listVideoSessions({}, signal), []);
  const { reload } = sessions;
  useRealtimeEvent('workitem.changed', reload);
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (!document.hidden) reload();
    }, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [reload]);

  if (sessions.state.status !== 'ready') return null;
  const coming = sessions.state.data
    .filter(
      (session) =>
        session.status === 'open' ||
        session.status === 'scheduled' ||
        session.status === 'unavailable',
    )
    .sort((a, b) => a.opensAt.localeCompare(b.opensAt));
  if (coming.length === 0) return null;
  return (
    <section className="video-visits" aria-labelledby={`${id}-title`} data-testid="video-visits">
      <h2 id={`${id}-title`}>{t('video.home.title')}</h2>
      <ul className="task-list">
        {coming.map((session) => (
          <li key={session.id}>
            <VisitCard session={session} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function VisitCard({ session }: { session: VideoSession }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const open = session.status === 'open';
  const body = (
    <>
      <span className="video-card__kind">
        <VideoIcon name="video" size={16} /> {t('video.kind')}
      </span>
      <span className="video-card__title">{localized(session.title, language)}</span>
      <span className={`video-card__when${open ? ' video-card__when--open' : ''}`}>
        {sessionWhen(session, t, language)}
      </span>
    </>
  );
  if (session.status === 'unavailable') {
    return (
      <div className="card video-card">
        {body}
        <span className="video-card__note">
          {session.unavailableReason || t('video.errors.unavailable')}
        </span>
      </div>
    );
  }
  // Before it opens the page still lets the patient try camera and microphone.
  return (
    <Link
      to={`/video/${session.id}`}
      className={`card video-card video-card--link${open ? ' video-card--open' : ''}`}
    >
      {body}
      <span className={`video-card__action${open ? '' : ' video-card__action--later'}`}>
        {open ? t('video.home.enter') : t('video.home.tryDevices')} →
      </span>
    </Link>
  );
}
