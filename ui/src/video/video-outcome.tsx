import { useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { VideoSession } from '../api/types';
import { patientPagePath } from '../clinical/patient-routes';
import { useLanguage } from '../components/use-language';
import { formatDateTime } from '../i18n/format';
import { homePath } from '../routing/sections';
import { useUser } from '../session/session-context';
import { useRescueFocus } from './use-rescue-focus';
import { roleList } from './video-format';

/** A calm full-width card for the ends of the journey: ended, left, refused, failed. */
export function VideoNotice({
  tone,
  title,
  children,
  actions,
  testId,
  takeFocus = true,
}: {
  tone: 'done' | 'info' | 'error';
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
  testId: string;
  /** False where the notice is what the page opens on (focus then stays with the page). */
  takeFocus?: boolean;
}) {
  const { t } = useTranslation();
  const user = useUser();
  const heading = useRef<HTMLHeadingElement>(null);
  useRescueFocus(takeFocus ? heading : null);
  return (
    <section className={`video-notice video-notice--${tone} card`} data-testid={testId}>
      <div className="video-notice__mark" aria-hidden="true">
        {tone === 'done' ? '✓' : tone === 'error' ? '!' : 'i'}
      </div>
      <h2 ref={heading} tabIndex={-1} className="video-notice__title">
        {title}
      </h2>
      {children}
      <div className="video-notice__actions">
        {actions}
        <Link className="button button--ghost" to={homePath(user.role)}>
          {t('video.back')}
        </Link>
      </div>
    </section>
  );
}

export function EndedNotice({
  session,
  clinician,
  takeFocus,
}: {
  session: VideoSession;
  clinician: boolean;
  takeFocus: boolean;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const user = useUser();
  const record = clinician ? (
    <Link className="button button--primary" to={patientPagePath(user.role, session.patientId)}>
      {t('video.ended.patientRecord', { name: session.patientName })}
    </Link>
  ) : null;
  if (session.status === 'cancelled') {
    return (
      <VideoNotice
        tone="info"
        title={t('video.ended.title')}
        testId="video-ended"
        actions={record}
        takeFocus={takeFocus}
      >
        <p>{t('video.ended.cancelled')}</p>
      </VideoNotice>
    );
  }
  return (
    <VideoNotice
      tone="done"
      title={t('video.ended.title')}
      testId="video-ended"
      actions={record}
      takeFocus={takeFocus}
    >
      <p className="video-notice__lead">
        {clinician ? t('video.ended.bodyClinician') : t('video.ended.body')}
      </p>
      <p className="muted">
        {t('video.ended.at', { when: formatDateTime(session.endedAt, language) })}
        {session.attended.length > 0 &&
          ` · ${t('video.ended.attended', { roles: roleList(session.attended, t) })}`}
      </p>
      {session.outcome === 'no-show' && <p className="muted">{t('video.ended.noShow')}</p>}
    </VideoNotice>
  );
}
