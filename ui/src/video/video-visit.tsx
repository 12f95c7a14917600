import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import * as api from '../api/endpoints';
import type { VideoConnection, VideoPerson, VideoSession } from '../api/types';
import { ConfirmDialog } from '../components/confirm-dialog';
import { useAnnouncer } from '../components/live-announcer';
import { PageHeading } from '../components/page-heading';
import { localized, useLanguage } from '../components/use-language';
import { formatDateTime } from '../i18n/format';
import { CallView } from './call-view';
import { DeviceCheck } from './device-check';
import { JanusCall, type RemoteFeed } from './janus-call';
import { useLocalMedia } from './use-local-media';
import { useVideoSession } from './use-video-session';
import { EndedNotice, VideoNotice } from './video-outcome';
import {
  clinicianWording,
  failureText,
  isClinicianRole,
  videoApiProblem,
  waitingPeople,
} from './video-format';
import { WaitingRoom } from './waiting-room';

type Phase =
  | { name: 'check' }
  | { name: 'waiting' }
  | { name: 'connecting' }
  | { name: 'in-call' }
  | { name: 'left' }
  | { name: 'failed'; text: string };

/**
 * One person's way through a video visit: device check → (waiting room) → call → end. The
 * session is read every two seconds; the Janus side lives in JanusCall.
 */
export function VideoVisit({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { state, replace, refresh } = useVideoSession(sessionId);
  const session = state.status === 'ready' ? state.session : null;

  const heading = (
    <PageHeading
      title={t('video.pageTitle')}
      intro={
        session
          ? `${localized(session.title, language)}${
              isClinicianRole(session.myRole)
                ? ` · ${t('video.with', { name: session.patientName })}`
                : ''
            }`
          : undefined
      }
    />
  );

  if (state.status === 'loading') {
    return (
      <div className="video-page">
        {heading}
        <p className="loading" role="status">
          <span className="spinner" aria-hidden="true" />
          {t('video.loading')}
        </p>
      </div>
    );
  }
  if (state.status === 'error') {
    const refused = state.error.status === 403 || state.error.status === 404;
    return (
      <div className="video-page">
        {heading}
        {refused ? (
          <VideoNotice
            tone="error"
            title={t('video.errors.refusedTitle')}
            testId="video-refusal"
            takeFocus={false}
          >
            <p role="alert">{t('video.errors.refusedBody')}</p>
          </VideoNotice>
        ) : (
          <VideoNotice
            tone="error"
            title={t('video.errors.failedTitle')}
            testId="video-error"
            takeFocus={false}
          >
            <p role="alert">{videoApiProblem(state.error, null, t, language)}</p>
          </VideoNotice>
        )}
      </div>
    );
  }
  return (
    <div className="video-page">
      {heading}
      <VisitFlow
        session={state.session}
        pollFailing={state.pollFailing}
        replace={replace}
        refresh={refresh}
      />
    </div>
  );
}

function VisitFlow({
  session,
  pollFailing,
  replace,
  refresh,
}: {
  session: VideoSession;
  pollFailing: boolean;
  replace(session: VideoSession): void;
  refresh(): void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const media = useLocalMedia();
  const { announce, regions } = useAnnouncer();
  const clinician = isClinicianRole(session.myRole);
  const sessionId = session.id;

  const [phase, setPhase] = useState<Phase>({ name: 'check' });
  const [joining, setJoining] = useState(false);
  const [joinProblem, setJoinProblem] = useState<string | null>(null);
  const token = useRef<string | null>(null);
  const call = useRef<JanusCall | null>(null);
  const [localStream, setLocalStream] = useState<MediaStream | null>(null);
  const [remotes, setRemotes] = useState<RemoteFeed[]>([]);
  const [unstable, setUnstable] = useState(false);
  const [microphoneOn, setMicrophoneOn] = useState(true);
  const [cameraOn, setCameraOn] = useState(true);
  const [admitting, setAdmitting] = useState<string | null>(null);
  const [actionProblem, setActionProblem] = useState<string | null>(null);
  const [confirmEnd, setConfirmEnd] = useState(false);
  const [ending, setEnding] = useState(false);
  const over = session.status === 'ended' || session.status === 'cancelled';

  const teardown = useCallback(() => {
    call.current?.hangup();
    call.current = null;
    setLocalStream(null);
    setRemotes([]);
    setUnstable(false);
  }, []);

  // 1. The visit ended (for everyone): close the call and the camera.
  const { stop: stopMedia } = media;
  useEffect(() => {
    if (!over) return;
    teardown();
    stopMedia();
    announce(t('video.ended.title'), 'assertive');
  }, [over, teardown, stopMedia, announce, t]);

  // 2. Leaving the page: out of the room, and tell the server even if the page is going away.
  useEffect(() => {
    const leave = () => {
      if (call.current && token.current) api.videoPresenceBeacon(sessionId, token.current);
    };
    window.addEventListener('pagehide', leave);
    return () => {
      window.removeEventListener('pagehide', leave);
      leave();
      teardown();
    };
  }, [sessionId, teardown]);

  async function join() {
    setJoining(true);
    setJoinProblem(null);
    try {
      const joined = await api.joinVideoSession(sessionId);
      token.current = joined.token;
      replace(joined.session);
      const waiting = joined.session.me?.state === 'waiting';
      setPhase(waiting ? { name: 'waiting' } : { name: 'connecting' });
      announce(waiting ? t('video.announce.waiting') : t('video.connecting'));
    } catch (error) {
      setJoinProblem(videoApiProblem(error, session, t, language));
      refresh();
    } finally {
      setJoining(false);
    }
  }

  // 3. In the waiting room until a clinician lets this person in.
  const myState = session.me?.state;
  useEffect(() => {
    if (phase.name !== 'waiting') return;
    if (myState === 'admitted' || myState === 'in-call') {
      announce(t('video.announce.admitted'), 'assertive');
      setPhase({ name: 'connecting' });
    }
  }, [phase.name, myState, announce, t]);

  // 4. Admitted: ask for the room and a Janus token, then start the call.
  const { release } = media;
  useEffect(() => {
    if (phase.name !== 'connecting' || over) return undefined;
    let cancelled = false;
    void (async () => {
      let connection: VideoConnection;
      try {
        connection = await connectWithFreshToken(sessionId, token, replace);
      } catch (error) {
        if (cancelled) return;
        if (error instanceof ApiError && error.status === 409) {
          // Not admitted (any more): back to the waiting room, the poll will tell.
          setPhase({ name: 'waiting' });
          return;
        }
        setPhase({ name: 'failed', text: videoApiProblem(error, session, t, language) });
        return;
      }
      if (cancelled) return;
      const stream = release();
      if (!stream) {
        setPhase({ name: 'failed', text: t('video.errors.noDevice') });
        return;
      }
      const started = new JanusCall(connection, stream, {
        joined: () => {
          if (call.current !== started) return;
          setPhase({ name: 'in-call' });
          announce(t('video.announce.inCall'));
          if (token.current) {
            api.videoPresence(sessionId, token.current, 'joined').catch(() => undefined);
          }
        },
        remotes: (feeds) => {
          if (call.current === started) setRemotes(feeds);
        },
        unstable: (value) => {
          if (call.current === started) setUnstable(value);
        },
        failed: (failure) => {
          if (call.current !== started) return;
          teardown();
          const text = failureText(failure, t);
          setPhase({ name: 'failed', text });
          announce(text, 'assertive');
        },
        roomClosed: () => refresh(),
      });
      call.current = started;
      setMicrophoneOn(true);
      setCameraOn(true);
      setLocalStream(stream);
      void started.start();
    })();
    return () => {
      cancelled = true;
    };
    // The session object changes every poll; the attempt depends only on the phase.
  }, [phase.name, over, sessionId]);

  function hangup() {
    const wasInCall = call.current !== null || phase.name === 'waiting';
    teardown();
    media.stop();
    if (wasInCall && token.current) {
      api.videoPresence(sessionId, token.current, 'left').catch(() => undefined);
    }
    setPhase({ name: 'left' });
  }

  async function admit(person: VideoPerson) {
    setAdmitting(person.participantId);
    setActionProblem(null);
    try {
      replace(await api.admitVideoParticipant(sessionId, person.participantId));
      announce(t('video.call.admitted', { name: person.displayName }));
    } catch (error) {
      setActionProblem(videoApiProblem(error, session, t, language));
    } finally {
      setAdmitting(null);
    }
  }

  async function end() {
    setEnding(true);
    setActionProblem(null);
    try {
      replace(await api.endVideoSession(sessionId));
      setConfirmEnd(false);
    } catch (error) {
      setActionProblem(videoApiProblem(error, session, t, language));
      setConfirmEnd(false);
    } finally {
      setEnding(false);
    }
  }

  usePeopleAnnouncements(session, clinician, announce);

  let body;
  if (over) {
    body = (
      <EndedNotice session={session} clinician={clinician} takeFocus={phase.name !== 'check'} />
    );
  } else if (phase.name === 'check') {
    const closed = session.status !== 'open';
    const waitingCount = waitingPeople(session).length;
    body = (
      <>
        {session.status === 'scheduled' && (
          <p className="alert alert--info" data-testid="not-open">
            {t('video.errors.notOpenAt', { when: formatDateTime(session.opensAt, language) })}
          </p>
        )}
        {session.status === 'unavailable' && (
          <p className="alert alert--error" data-testid="unavailable">
            {session.unavailableReason || t('video.errors.unavailable')}
          </p>
        )}
        <DeviceCheck
          media={media}
          intro={
            clinician
              ? t('video.check.introClinician')
              : t('video.check.intro', { who: clinicianWording(session, t) })
          }
          enterLabel={clinician ? t('video.check.enterClinician') : t('video.check.enter')}
          entering={joining}
          blocked={closed}
          problem={joinProblem}
          onEnter={() => void join()}
          aside={
            clinician && waitingCount > 0 ? (
              <p className="device-check__waiting">
                <span className="call-panel__count">{waitingCount}</span>
                {t('video.check.waitingCount', { count: waitingCount })}
              </p>
            ) : null
          }
        />
      </>
    );
  } else if (phase.name === 'waiting') {
    body = (
      <WaitingRoom
        session={session}
        stream={media.stream}
        admitted={myState === 'admitted' || myState === 'in-call'}
        onLeave={hangup}
      />
    );
  } else if (phase.name === 'connecting' || phase.name === 'in-call') {
    body = (
      <CallView
        session={session}
        remotes={remotes}
        localStream={localStream ?? media.stream}
        unstable={unstable}
        connecting={phase.name === 'connecting'}
        controls={{
          microphoneOn,
          cameraOn,
          toggleMicrophone: () => {
            const next = !microphoneOn;
            call.current?.setMicrophone(next);
            setMicrophoneOn(next);
            announce(next ? t('video.call.micOn') : t('video.call.micMuted'));
          },
          toggleCamera: () => {
            const next = !cameraOn;
            call.current?.setCamera(next);
            setCameraOn(next);
            announce(next ? t('video.call.camOn') : t('video.call.camOff'));
          },
          hangup,
        }}
        clinician={
          clinician
            ? {
                admitting,
                admit: (person) => void admit(person),
                end: () => setConfirmEnd(true),
                ending,
              }
            : null
        }
      />
    );
  } else if (phase.name === 'left') {
    body = (
      <VideoNotice
        tone="info"
        title={t('video.left.title')}
        testId="video-left"
        actions={
          <button
            type="button"
            className="button button--primary"
            onClick={() => setPhase({ name: 'check' })}
          >
            {t('video.left.rejoin')}
          </button>
        }
      >
        <p>{t('video.left.body')}</p>
      </VideoNotice>
    );
  } else {
    body = (
      <VideoNotice
        tone="error"
        title={t('video.errors.failedTitle')}
        testId="video-failed"
        actions={
          <button
            type="button"
            className="button button--primary"
            onClick={() => setPhase({ name: 'check' })}
          >
            {t('video.check.retry')}
          </button>
        }
      >
        <p className="video-notice__lead">{phase.text}</p>
      </VideoNotice>
    );
  }

  return (
    <>
      {regions}
      {pollFailing && !over && (
        <p className="alert alert--info video-page__poll" role="status">
          {t('video.errors.poll')}
        </p>
      )}
      {actionProblem && (
        <p className="alert alert--error" role="alert">
          {actionProblem}
        </p>
      )}
      {body}
      <ConfirmDialog
        open={confirmEnd}
        title={t('video.call.endTitle')}
        confirmLabel={t('video.call.endConfirm')}
        cancelLabel={t('video.call.endCancel')}
        busy={ending}
        onConfirm={() => void end()}
        onCancel={() => setConfirmEnd(false)}
      >
        <p>{t('video.call.endBody')}</p>
      </ConfirmDialog>
    </>
  );
}

/** connect; when the 5-minute join token has expired (401), join again for a fresh one. */
async function connectWithFreshToken(
  sessionId: string,
  token: { current: string | null },
  replace: (session: VideoSession) => void,
): Promise<VideoConnection> {
  if (token.current) {
    try {
      return await api.connectVideoSession(sessionId, token.current);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) throw error;
    }
  }
  const joined = await api.joinVideoSession(sessionId);
  token.current = joined.token;
  replace(joined.session);
  return api.connectVideoSession(sessionId, joined.token);
}

/**
 * Says who arrived in the waiting room (to clinicians), who came into the call and who left,
 * comparing each poll with the one before.
 */
function usePeopleAnnouncements(
  session: VideoSession,
  clinician: boolean,
  announce: (text: string, politeness?: 'polite' | 'assertive') => void,
) {
  const { t } = useTranslation();
  const before = useRef<Map<string, VideoPerson['state']> | null>(null);
  useEffect(() => {
    const previous = before.current;
    const now = new Map(session.people.map((person) => [person.participantId, person.state]));
    before.current = now;
    if (!previous) return;
    for (const person of session.people) {
      if (person.participantId === session.me?.participantId) continue;
      const was = previous.get(person.participantId);
      if (was === person.state) continue;
      if (person.state === 'waiting' && clinician) {
        announce(t('video.announce.arrived', { name: person.displayName }), 'assertive');
      } else if (person.state === 'in-call') {
        announce(t('video.announce.joined', { name: person.displayName }));
      } else if (person.state === 'left' && was === 'in-call') {
        announce(t('video.announce.left', { name: person.displayName }));
      }
    }
  }, [session, clinician, announce, t]);
}
