import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VideoPerson, VideoSession } from '../api/types';
import { useLanguage } from '../components/use-language';
import type { RemoteFeed } from './janus-call';
import { MediaVideo } from './media-video';
import { useRescueFocus } from './use-rescue-focus';
import { clock, minutesSince, waitingPeople } from './video-format';
import { VideoIcon, type VideoIconName } from './video-icons';

export interface CallControls {
  microphoneOn: boolean;
  cameraOn: boolean;
  toggleMicrophone(): void;
  toggleCamera(): void;
  hangup(): void;
}

export interface ClinicianActions {
  admitting: string | null;
  admit(person: VideoPerson): void;
  end(): void;
  ending: boolean;
}

/** Seconds since the component appeared, ticking once a second. */
function useElapsed(): number {
  const [started] = useState(() => Date.now());
  const [now, setNow] = useState(started);
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  return (now - started) / 1000;
}

/**
 * The call: the other people's video large, one's own small in a corner, the controls in a bar
 * under them. A clinician also gets the waiting room and the participants beside the video.
 */
export function CallView({
  session,
  remotes,
  localStream,
  controls,
  unstable,
  connecting,
  clinician,
}: {
  session: VideoSession;
  remotes: RemoteFeed[];
  localStream: MediaStream | null;
  controls: CallControls;
  unstable: boolean;
  connecting: boolean;
  clinician: ClinicianActions | null;
}) {
  const { t } = useTranslation();
  const id = useId();
  const elapsed = useElapsed();
  const heading = useRef<HTMLHeadingElement>(null);
  useRescueFocus(heading);
  const others = session.people.filter(
    (person) => person.participantId !== session.me?.participantId,
  );
  const expected = others.find((person) => person.state !== 'left') ?? others[0];

  return (
    <div className={`call${clinician ? ' call--clinician' : ''}`} data-testid="call">
      <section className="call__main" aria-labelledby={`${id}-label`}>
        <h2 id={`${id}-label`} ref={heading} tabIndex={-1} className="visually-hidden">
          {t('video.call.label')}
        </h2>
        <div className={`call__stage call__stage--${Math.min(remotes.length, 4)}`}>
          {remotes.length === 0 && (
            <div className="call__empty" role="status">
              {connecting ? (
                <>
                  <span className="spinner spinner--light" aria-hidden="true" />
                  {t('video.connecting')}
                </>
              ) : (
                <>
                  <VideoIcon name="person" size={40} />
                  <span>
                    {expected
                      ? t('video.call.waitingFor', { name: expected.displayName })
                      : t('video.call.waitingForOthers')}
                  </span>
                </>
              )}
            </div>
          )}
          {remotes.map((feed) => (
            <figure key={feed.feedId} className="call__tile">
              <MediaVideo
                stream={feed.stream}
                label={t('video.call.remote', { name: feed.display })}
                testId="remote-video"
                className="call__remote"
              />
              {!feed.hasVideo && (
                <div className="call__camera-off">
                  <VideoIcon name="cameraOff" size={32} />
                  <span>{t('video.call.cameraOffRemote', { name: feed.display })}</span>
                </div>
              )}
              <figcaption className="call__name" data-feed={feed.feedId}>
                {feed.display}
              </figcaption>
            </figure>
          ))}
          <figure className="call__self">
            <MediaVideo
              stream={localStream}
              label={t('video.call.localVideo')}
              muted
              mirrored
              testId="local-video"
            />
            {!controls.cameraOn && (
              <div className="call__camera-off call__camera-off--small">
                <VideoIcon name="cameraOff" size={20} />
                <span className="visually-hidden">{t('video.call.cameraOffLocal')}</span>
              </div>
            )}
            <figcaption className="call__name call__name--self">
              {t('video.call.you')}
              {!controls.microphoneOn && <VideoIcon name="micOff" size={14} />}
            </figcaption>
          </figure>
          <p className="call__elapsed" aria-hidden="true">
            <span className="call__live-dot" />
            {clock(elapsed)}
          </p>
        </div>
        {unstable && (
          <p className="call__unstable" role="status">
            {t('video.call.unstable')}
          </p>
        )}
        <div className="call__controls" role="group" aria-label={t('video.call.controls')}>
          <ToggleButton
            on={controls.microphoneOn}
            onToggle={controls.toggleMicrophone}
            testId="toggle-microphone"
            icons={['mic', 'micOff']}
            labels={[t('video.call.mute'), t('video.call.unmute')]}
          />
          <ToggleButton
            on={controls.cameraOn}
            onToggle={controls.toggleCamera}
            testId="toggle-camera"
            icons={['camera', 'cameraOff']}
            labels={[t('video.call.cameraOff'), t('video.call.cameraOn')]}
          />
          <button
            type="button"
            className="call-button call-button--hangup"
            onClick={controls.hangup}
            data-testid="hangup"
          >
            <VideoIcon name="hangup" size={24} />
            <span className="call-button__label">{t('video.call.hangup')}</span>
          </button>
        </div>
      </section>
      {clinician && <ClinicianSide session={session} actions={clinician} />}
    </div>
  );
}

function ClinicianSide({ session, actions }: { session: VideoSession; actions: ClinicianActions }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const id = useId();
  const waiting = waitingPeople(session);
  const now = Date.now();
  const present = session.people.filter((person) => person.state !== 'waiting');
  return (
    <aside className="call__side" aria-label={t('video.call.people')}>
      <section
        className="call-panel call-panel--waiting"
        aria-labelledby={`${id}-waiting`}
        data-testid="waiting-list"
      >
        <h2 id={`${id}-waiting`} className="call-panel__title">
          {t('video.call.waitingRoom')}
          {waiting.length > 0 && <span className="call-panel__count">{waiting.length}</span>}
        </h2>
        {waiting.length === 0 ? (
          <p className="muted call-panel__empty">{t('video.call.nobodyWaiting')}</p>
        ) : (
          <ul className="people-list">
            {waiting.map((person) => (
              <li
                key={person.participantId}
                className="people-list__item people-list__item--waiting"
              >
                <span className="people-list__who">
                  <span className="people-list__name">{person.displayName}</span>
                  <span className="people-list__meta">
                    {t(`video.roles.${person.role}`)} ·{' '}
                    {t('video.call.waitingSince', {
                      minutes: minutesSince(person.waitingSince, now, language),
                    })}
                  </span>
                </span>
                {session.canAdmit && (
                  <button
                    type="button"
                    className="button button--primary button--small"
                    disabled={actions.admitting !== null}
                    onClick={() => actions.admit(person)}
                  >
                    {actions.admitting === person.participantId
                      ? t('video.call.admitting')
                      : t('video.call.admit')}
                    <span className="visually-hidden"> {person.displayName}</span>
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="call-panel" aria-labelledby={`${id}-people`}>
        <h2 id={`${id}-people`} className="call-panel__title">
          {t('video.call.people')}
        </h2>
        <ul className="people-list">
          {present.map((person) => (
            <li key={person.participantId} className="people-list__item">
              <span className="people-list__who">
                <span className="people-list__name">
                  {person.displayName}
                  {person.participantId === session.me?.participantId &&
                    ` (${t('video.call.you').toLowerCase()})`}
                </span>
                <span className="people-list__meta">{t(`video.roles.${person.role}`)}</span>
              </span>
              <span className={`presence presence--${person.state}`}>
                {t(`video.presence.${person.state}`)}
              </span>
            </li>
          ))}
          {session.participants
            .filter((role) => !session.people.some((person) => person.role === role))
            .map((role) => (
              <li key={role} className="people-list__item">
                <span className="people-list__who">
                  <span className="people-list__name">{t(`video.roles.${role}`)}</span>
                </span>
                <span className="presence presence--absent">{t('video.presence.absent')}</span>
              </li>
            ))}
        </ul>
      </section>
      {session.canEnd && (
        <button
          type="button"
          className="button button--danger button--block"
          onClick={actions.end}
          disabled={actions.ending}
          data-testid="end-visit"
        >
          {t('video.call.end')}
        </button>
      )}
    </aside>
  );
}

/** Microphone or camera: pressed while off, its label saying what a press does. */
function ToggleButton(props: {
  on: boolean;
  onToggle: () => void;
  testId: string;
  /** [while on, while off] */
  icons: [VideoIconName, VideoIconName];
  labels: [string, string];
}) {
  const { on } = props;
  return (
    <button
      type="button"
      className={`call-button${on ? '' : ' call-button--off'}`}
      aria-pressed={!on}
      onClick={props.onToggle}
      data-testid={props.testId}
    >
      <VideoIcon name={props.icons[on ? 0 : 1]} size={24} />
      <span className="call-button__label">{props.labels[on ? 0 : 1]}</span>
    </button>
  );
}
