import { useCallback, useEffect, useRef, useState } from 'react';
import { mediaFailure, type CallFailure } from './janus-call';

export interface LocalMedia {
  status: 'idle' | 'starting' | 'ready' | 'error';
  stream: MediaStream | null;
  failure: CallFailure | null;
  cameras: MediaDeviceInfo[];
  microphones: MediaDeviceInfo[];
  cameraId: string;
  microphoneId: string;
  /** Opens camera and microphone (again), with the chosen devices. */
  start(): void;
  select(kind: 'camera' | 'microphone', deviceId: string): void;
  /** Hands the stream over (to the call, which stops it when it ends) and forgets it here. */
  release(): MediaStream | null;
  stop(): void;
}

function constraints(cameraId: string, microphoneId: string): MediaStreamConstraints {
  return {
    audio: microphoneId
      ? { deviceId: { exact: microphoneId }, echoCancellation: true, noiseSuppression: true }
      : { echoCancellation: true, noiseSuppression: true },
    video: {
      ...(cameraId ? { deviceId: { exact: cameraId } } : { facingMode: 'user' }),
      width: { ideal: 1280 },
      height: { ideal: 720 },
    },
  };
}

function stopAll(stream: MediaStream | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

/**
 * Camera and microphone for the device check and the call: one getUserMedia at a time, the
 * previous stream stopped when a new device is chosen, everything stopped when the page goes.
 */
export function useLocalMedia(): LocalMedia {
  const [status, setStatus] = useState<LocalMedia['status']>('idle');
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [failure, setFailure] = useState<CallFailure | null>(null);
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [cameraId, setCameraId] = useState('');
  const [microphoneId, setMicrophoneId] = useState('');
  const current = useRef<MediaStream | null>(null);
  const attempt = useRef(0);

  const open = useCallback(async (camera: string, microphone: string) => {
    const mine = ++attempt.current;
    stopAll(current.current);
    current.current = null;
    setStream(null);
    setStatus('starting');
    setFailure(null);
    if (!navigator.mediaDevices?.getUserMedia) {
      setStatus('error');
      setFailure('unsupported');
      return;
    }
    try {
      const opened = await navigator.mediaDevices.getUserMedia(constraints(camera, microphone));
      if (mine !== attempt.current) {
        stopAll(opened);
        return;
      }
      current.current = opened;
      setStream(opened);
      setStatus('ready');
      // Labels are readable only once permission is granted: list the devices now.
      const listed = await navigator.mediaDevices.enumerateDevices();
      if (mine !== attempt.current) return;
      setDevices(listed.filter((device) => device.deviceId !== ''));
      setCameraId(opened.getVideoTracks()[0]?.getSettings().deviceId ?? camera);
      setMicrophoneId(opened.getAudioTracks()[0]?.getSettings().deviceId ?? microphone);
    } catch (error) {
      if (mine !== attempt.current) return;
      setStatus('error');
      setFailure(mediaFailure(error));
    }
  }, []);

  useEffect(
    () => () => {
      attempt.current += 1;
      stopAll(current.current);
      current.current = null;
    },
    [],
  );

  const start = useCallback(() => {
    void open(cameraId, microphoneId);
  }, [open, cameraId, microphoneId]);

  const select = useCallback(
    (kind: 'camera' | 'microphone', deviceId: string) => {
      if (kind === 'camera') setCameraId(deviceId);
      else setMicrophoneId(deviceId);
      void open(
        kind === 'camera' ? deviceId : cameraId,
        kind === 'microphone' ? deviceId : microphoneId,
      );
    },
    [open, cameraId, microphoneId],
  );

  const release = useCallback(() => {
    const handed = current.current;
    current.current = null;
    attempt.current += 1;
    setStream(null);
    setStatus('idle');
    return handed;
  }, []);

  const stop = useCallback(() => {
    attempt.current += 1;
    stopAll(current.current);
    current.current = null;
    setStream(null);
    setStatus('idle');
  }, []);

  return {
    status,
    stream,
    failure,
    cameras: devices.filter((device) => device.kind === 'videoinput'),
    microphones: devices.filter((device) => device.kind === 'audioinput'),
    cameraId,
    microphoneId,
    start,
    select,
    release,
    stop,
  };
}
