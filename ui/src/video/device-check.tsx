import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { MediaVideo } from './media-video';
import type { LocalMedia } from './use-local-media';
import { failureText } from './video-format';
import { VideoIcon } from './video-icons';

/** Above this level (0–1, RMS of the signal ×4) the person is taken to be speaking. */
const SPEAKING = 0.06;

/**
 * The microphone's level, read from an AnalyserNode. The bar moves every animation frame
 * (written to the element directly); the words and aria values change at most four times a
 * second, so screen readers are not flooded.
 */
function useMicrophoneLevel(stream: MediaStream | null, bar: React.RefObject<HTMLElement | null>) {
  const [level, setLevel] = useState(0);
  const [heard, setHeard] = useState(false);

  useEffect(() => {
    setHeard(false);
    setLevel(0);
    if (!stream || stream.getAudioTracks().length === 0) return undefined;
    const AudioCtx =
      window.AudioContext ??
      (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!AudioCtx) return undefined;
    const context = new AudioCtx();
    const source = context.createMediaStreamSource(stream);
    const analyser = context.createAnalyser();
    analyser.fftSize = 1024;
    source.connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    let frame = 0;
    let lastText = 0;
    const resume = () => void context.resume().catch(() => undefined);
    document.addEventListener('pointerdown', resume, { once: true });
    resume();
    const tick = (now: number) => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const sample of samples) sum += sample * sample;
      const value = Math.min(1, Math.sqrt(sum / samples.length) * 4);
      if (bar.current) bar.current.style.transform = `scaleX(${value.toFixed(3)})`;
      if (now - lastText > 250) {
        lastText = now;
        setLevel(Math.round(value * 100));
        if (value > SPEAKING) setHeard(true);
      }
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => {
      cancelAnimationFrame(frame);
      document.removeEventListener('pointerdown', resume);
      source.disconnect();
      void context.close().catch(() => undefined);
    };
  }, [stream, bar]);

  return { level, heard };
}

export function DeviceCheck({
  media,
  intro,
  enterLabel,
  entering,
  problem,
  blocked = false,
  onEnter,
  aside,
}: {
  media: LocalMedia;
  intro: string;
  enterLabel: string;
  entering: boolean;
  /** Why entering failed (already in words), shown above the button. */
  problem: string | null;
  /** The visit is not open (yet, or Janus is down): the button waits, the page says why. */
  blocked?: boolean;
  onEnter(): void;
  /** Extra facts beside the button (the clinician's waiting count). */
  aside?: ReactNode;
}) {
  const { t } = useTranslation();
  const id = useId();
  const bar = useRef<HTMLSpanElement>(null);
  const { level, heard } = useMicrophoneLevel(media.stream, bar);
  const { start, status } = media;

  useEffect(() => {
    if (status === 'idle') start();
  }, [status, start]);

  const ready = media.status === 'ready';
  return (
    <section
      className="device-check card"
      aria-labelledby={`${id}-title`}
      data-testid="device-check"
    >
      <div className="device-check__preview">
        <MediaVideo
          stream={media.stream}
          label={t('video.check.preview')}
          muted
          mirrored
          testId="preview-video"
        />
        {media.status === 'starting' && (
          <p className="device-check__overlay" role="status">
            <span className="spinner" aria-hidden="true" />
            {t('video.check.starting')}
          </p>
        )}
        {media.status === 'error' && (
          <div className="device-check__overlay device-check__overlay--error">
            <VideoIcon name="cameraOff" size={32} />
          </div>
        )}
      </div>
      <div className="device-check__side">
        <h2 id={`${id}-title`}>{t('video.check.title')}</h2>
        <p className="device-check__intro">{intro}</p>

        {media.status === 'error' && media.failure && (
          <div className="alert alert--error" role="alert" data-testid="media-error">
            <p className="alert__title">{failureText(media.failure, t)}</p>
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={start}
            >
              {t('video.check.retry')}
            </button>
          </div>
        )}

        <div className="device-check__meter" hidden={media.status === 'error'}>
          <span className="device-check__meter-label" id={`${id}-level`}>
            <VideoIcon name="mic" size={18} /> {t('video.check.level')}
          </span>
          <span
            className="level-meter"
            role="meter"
            aria-labelledby={`${id}-level`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={level}
          >
            <span ref={bar} className="level-meter__fill" />
          </span>
          {ready && (
            <span className={`device-check__hint${heard ? ' device-check__hint--ok' : ''}`}>
              {heard ? t('video.check.hearing') : t('video.check.silent')}
            </span>
          )}
        </div>

        {(media.cameras.length > 0 || media.microphones.length > 0) && (
          <div className="device-check__devices">
            <DeviceSelect
              id={`${id}-camera`}
              label={t('video.check.camera')}
              devices={media.cameras}
              value={media.cameraId}
              onChange={(deviceId) => media.select('camera', deviceId)}
            />
            <DeviceSelect
              id={`${id}-microphone`}
              label={t('video.check.microphone')}
              devices={media.microphones}
              value={media.microphoneId}
              onChange={(deviceId) => media.select('microphone', deviceId)}
            />
          </div>
        )}

        {problem && (
          <p className="alert alert--error" role="alert" data-testid="join-problem">
            {problem}
          </p>
        )}
        {aside}
        <button
          type="button"
          className="button button--primary button--block button--large"
          disabled={!ready || entering || blocked}
          onClick={onEnter}
          data-testid="enter-button"
        >
          {entering ? (
            <>
              <span className="spinner spinner--light" aria-hidden="true" />
              {t('video.check.entering')}
            </>
          ) : (
            <>
              <VideoIcon name="video" />
              {enterLabel}
            </>
          )}
        </button>
      </div>
    </section>
  );
}

function DeviceSelect({
  id,
  label,
  devices,
  value,
  onChange,
}: {
  id: string;
  label: string;
  devices: MediaDeviceInfo[];
  value: string;
  onChange(deviceId: string): void;
}) {
  if (devices.length === 0) return null;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {devices.map((device, index) => (
          <option key={device.deviceId} value={device.deviceId}>
            {device.label || `${label} ${index + 1}`}
          </option>
        ))}
      </select>
    </div>
  );
}
