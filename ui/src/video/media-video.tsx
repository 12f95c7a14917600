import { useEffect, useRef } from 'react';

/**
 * A <video> showing a MediaStream (srcObject cannot be set as a React prop). Remote videos play
 * their sound; the person's own preview is muted and mirrored, as in a mirror.
 */
export function MediaVideo({
  stream,
  label,
  muted = false,
  mirrored = false,
  className = '',
  testId,
  onFirstFrame,
}: {
  stream: MediaStream | null;
  label: string;
  muted?: boolean;
  mirrored?: boolean;
  className?: string;
  testId?: string;
  onFirstFrame?: () => void;
}) {
  const ref = useRef<HTMLVideoElement>(null);
  const firstFrame = useRef(onFirstFrame);
  firstFrame.current = onFirstFrame;

  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    if (video.srcObject !== stream) video.srcObject = stream;
    if (stream) {
      // Autoplay can be refused until the person interacts; the next track change retries.
      video.play().catch(() => undefined);
    }
  }, [stream]);

  return (
    <video
      ref={ref}
      className={`media-video${mirrored ? ' media-video--mirrored' : ''} ${className}`.trim()}
      aria-label={label}
      data-testid={testId}
      autoPlay
      playsInline
      muted={muted}
      onLoadedData={() => firstFrame.current?.()}
    />
  );
}
