import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VideoSession } from '../api/types';
import { useLanguage } from '../components/use-language';
import { MediaVideo } from './media-video';
import { useRescueFocus } from './use-rescue-focus';
import { capitalised, clinicianWording, minutesSince } from './video-format';

/**
 * Where a patient (or caregiver) waits until a clinician lets them in. The page polls the
 * session; this view only says what is going on and keeps the person's own picture in sight.
 */
export function WaitingRoom({
  session,
  stream,
  admitted,
  onLeave,
}: {
  session: VideoSession;
  stream: MediaStream | null;
  admitted: boolean;
  onLeave(): void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const id = useId();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 15_000);
    return () => window.clearInterval(timer);
  }, []);
  const mine = session.people.find((person) => person.participantId === session.me?.participantId);
  const who = capitalised(clinicianWording(session, t));
  const heading = useRef<HTMLHeadingElement>(null);
  useRescueFocus(heading);

  return (
    <section
      className="waiting-room card"
      aria-labelledby={`${id}-title`}
      data-testid="waiting-room"
    >
      <div className="waiting-room__signal" aria-hidden="true">
        <span className="waiting-room__pulse" />
        <span className="waiting-room__pulse waiting-room__pulse--late" />
        <span className="waiting-room__dot" />
      </div>
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1} className="waiting-room__title">
        {t('video.waiting.title')}
      </h2>
      <p className="waiting-room__body">
        {admitted ? t('video.waiting.admitted') : t('video.waiting.body', { who })}
      </p>
      {mine?.waitingSince && !admitted && (
        <p className="waiting-room__since">
          {t('video.waiting.since', { minutes: minutesSince(mine.waitingSince, now, language) })}
        </p>
      )}
      <div className="waiting-room__self">
        <MediaVideo
          stream={stream}
          label={t('video.call.localVideo')}
          muted
          mirrored
          testId="local-video"
        />
      </div>
      <p className="waiting-room__tips">{t('video.waiting.tips')}</p>
      <button type="button" className="button button--ghost" onClick={onLeave}>
        {t('video.waiting.leave')}
      </button>
    </section>
  );
}
