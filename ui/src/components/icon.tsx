import type { Section } from '../routing/sections';

type IconName = Section['icon'] | 'logout' | 'check' | 'dot' | 'search';

// Simple stroke icons (24×24), decorative only: every use sits beside a visible text label.
const paths: Record<IconName, string> = {
  pathways: 'M4 6h6v4H4zM14 14h6v4h-6zM7 10v4a2 2 0 0 0 2 2h5M17 14V8a2 2 0 0 0-2-2h-5',
  patients:
    'M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM2 21v-1a6 6 0 0 1 12 0v1M16 3.5a4 4 0 0 1 0 7.5M22 21v-1a6 6 0 0 0-4-5.6',
  me: 'M12 12a5 5 0 1 0 0-10 5 5 0 0 0 0 10zM3 22v-1a7 7 0 0 1 7-7h4a7 7 0 0 1 7 7v1',
  chart: 'M4 20V10M10 20V4M16 20v-7M22 20H2',
  users: 'M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM2 21v-1a6 6 0 0 1 12 0v1M19 8v6M22 11h-6',
  status: 'M3 12h4l3-8 4 16 3-8h4',
  logout: 'M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4M16 17l5-5-5-5M21 12H9',
  check: 'M20 6 9 17l-5-5',
  dot: 'M12 12h.01',
  search: 'M11 19a8 8 0 1 0 0-16 8 8 0 0 0 0 16zM21 21l-4.35-4.35',
  console: 'M3 4h18v12H3zM8 20h8M12 16v4M7 9h3l1.5-2 2 4 1.5-2H17',
  reading: 'M22 12h-4l-3 9L9 3l-3 9H2',
  trend: 'M3 3v18h18M7 15l4-4 3 3 6-7',
  message: 'M4 4h16a1 1 0 0 1 1 1v11a1 1 0 0 1-1 1H8l-4 4V5a1 1 0 0 1 1-1z',
  forms:
    'M9 4H6a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V6a2 2 0 0 0-2-2h-3M9 2h6v4H9zM8 12h8M8 16h5',
};

export function Icon({ name, size = 20 }: { name: IconName; size?: number }) {
  return <StrokeIcon d={paths[name]} size={size} />;
}

/** One decorative 24×24 stroke path; the icon sets (this one, video controls) share it. */
export function StrokeIcon({ d, size = 20 }: { d: string; size?: number }) {
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={d} />
    </svg>
  );
}
