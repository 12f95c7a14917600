import { StrokeIcon } from '../components/icon';

// Stroke icons (24×24) for the call controls, decorative only: each sits beside a text label.
const paths = {
  mic: 'M12 3a3 3 0 0 0-3 3v6a3 3 0 0 0 6 0V6a3 3 0 0 0-3-3zM19 11a7 7 0 0 1-14 0M12 18v3M8 21h8',
  micOff:
    'M3 3l18 18M9 9v3a3 3 0 0 0 5.1 2.1M15 9.3V6a3 3 0 0 0-5.7-1.3M19 11a7 7 0 0 1-1.1 3.8M5 11a7 7 0 0 0 10.6 6M12 18v3M8 21h8',
  camera:
    'M3 7h12a1 1 0 0 1 1 1v8a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1zM16 10.5l6-3.5v10l-6-3.5',
  cameraOff:
    'M3 3l18 18M9 7h6a1 1 0 0 1 1 1v3.5l6-3.5v10l-2-1.2M16 16v0a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1h1',
  hangup:
    'M3 14.5c5-4.7 13-4.7 18 0l-2.2 2.6a1 1 0 0 1-1.3.2l-2.3-1.4a1 1 0 0 1-.5-.9V13c-2-.6-3.4-.6-5.4 0v2a1 1 0 0 1-.5.9l-2.3 1.4a1 1 0 0 1-1.3-.2z',
  video:
    'M3 7h12a1 1 0 0 1 1 1v8a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1zM16 10.5l6-3.5v10l-6-3.5',
  person: 'M12 12a4.5 4.5 0 1 0 0-9 4.5 4.5 0 0 0 0 9zM4 21v-1a6 6 0 0 1 6-6h4a6 6 0 0 1 6 6v1',
  clock: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM12 7v5l3 2',
} as const;

export type VideoIconName = keyof typeof paths;

export function VideoIcon({ name, size = 20 }: { name: VideoIconName; size?: number }) {
  return <StrokeIcon d={paths[name]} size={size} />;
}
