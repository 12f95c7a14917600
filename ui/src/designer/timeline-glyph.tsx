// Small stroke glyphs (24×24) for the timeline badges; decorative, the badge text says the kind.
const glyphs: Record<string, string> = {
  alert: 'M12 3 2 20h20L12 3zM12 10v4M12 17h.01',
  escalation: 'M12 19V5M5 12l7-7 7 7',
  missed: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM15 9l-6 6M9 9l6 6',
  reminder: 'M12 21a8 8 0 1 0 0-16 8 8 0 0 0 0 16zM12 9v4l2 2M5 3 2 6M19 3l3 3',
  notification: 'M4 6h16v12H4zM4 7l8 6 8-6',
  task: 'M9 11l3 3 8-8M20 12v7a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1h11',
  document: 'M14 3H6v18h12V7zM14 3v4h4M9 13h6M9 17h6',
  video: 'M3 7h12v10H3zM15 11l6-4v10l-6-4',
  reading: 'M3 12h4l3-8 4 16 3-8h4',
  form: 'M9 4h6v3H9zM7 5H5v16h14V5h-2M8 12h8M8 16h5',
  done: 'M20 6 9 17l-5-5',
  track: 'M5 21V4M5 4h11l-2 4 2 4H5',
  timer: 'M12 21a8 8 0 1 0 0-16 8 8 0 0 0 0 16zM12 9v4M10 2h4',
  data: 'M12 12h.01M4 12a8 8 0 1 0 16 0 8 8 0 0 0-16 0',
  enrolment: 'M7 4v16l13-8z',
  stop: 'M6 6h12v12H6z',
};

const byBadge: Record<string, string> = {
  'alert-red': 'alert',
  'alert-orange': 'alert',
  'alert-yellow': 'alert',
  'alert-closed': 'done',
  escalation: 'escalation',
  missed: 'missed',
  rejected: 'missed',
  reminder: 'reminder',
  notification: 'notification',
  task: 'task',
  document: 'document',
  video: 'video',
  reading: 'reading',
  'reading-due': 'reading',
  form: 'form',
  done: 'done',
  closed: 'done',
  track: 'track',
  outcome: 'track',
  timer: 'timer',
  data: 'data',
  enrolment: 'enrolment',
  withdrawn: 'stop',
};

export function TimelineGlyph({ badge }: { badge: string }) {
  const name = byBadge[badge] ?? 'data';
  return (
    <svg
      className="icon"
      width={14}
      height={14}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2.25"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={glyphs[name]} />
    </svg>
  );
}
