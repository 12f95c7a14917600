/**
 * The telemonitoring summary's period as the doctor picks it: whole calendar days in the
 * organisation's zone (Europe/Rome), whatever the browser's own zone. Pure code, no React.
 */

export const ZONE = 'Europe/Rome';

/** How many days back the form's period starts by default (the API's own default window). */
export const DEFAULT_DAYS = 30;

const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

const wallFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The date and time an instant shows on a clock in Rome. */
function wallClock(instant: number): WallClock {
  const parts = Object.fromEntries(
    wallFormat.formatToParts(new Date(instant)).map((part) => [part.type, part.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** Rome's offset from UTC at an instant, in minutes (60 in winter, 120 in summer). */
function offsetAt(instant: number): number {
  const wall = wallClock(instant);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

function offsetText(minutes: number): string {
  const abs = Math.abs(minutes);
  return `${minutes >= 0 ? '+' : '-'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Whether a value is a real calendar day written `YYYY-MM-DD` (what a date input gives). */
export function isDay(value: string): boolean {
  const match = dayPattern.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** The day an instant falls on in Rome: `YYYY-MM-DD`. */
export function romeDay(instant: Date): string {
  const wall = wallClock(instant.getTime());
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`;
}

/** A calendar day moved by whole days (`2026-03-01` − 1 → `2026-02-28`). */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d + days));
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/**
 * A wall-clock time of a Rome day as ISO 8601 with Rome's offset on that day:
 * `2026-03-01T00:00:00+01:00`, `2026-07-31T23:59:59.999+02:00`.
 */
function romeIso(day: string, time: 'start' | 'end'): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const [hour, minute, second, ms] = time === 'start' ? [0, 0, 0, 0] : [23, 59, 59, 999];
  const guess = Date.UTC(y, m - 1, d, hour, minute, second, ms);
  // The offset at the guess can be the other side of a change of time: read it again there.
  const offset = offsetAt(guess - offsetAt(guess) * 60_000);
  return `${day}T${pad(hour)}:${pad(minute)}:${pad(second)}${ms ? `.${pad(ms, 3)}` : ''}${offsetText(offset)}`;
}

/** An instant as ISO 8601 with Rome's offset, to the second. */
export function romeNowIso(now: Date): string {
  const instant = now.getTime();
  const wall = wallClock(instant);
  return `${romeDay(now)}T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}${offsetText(offsetAt(instant))}`;
}

/** The form's period by default: the last {@link DEFAULT_DAYS} days, today included. */
export function defaultPeriod(now: Date): { from: string; to: string } {
  const today = romeDay(now);
  return { from: addDays(today, -DEFAULT_DAYS), to: today };
}

/**
 * The period the API is sent for two days picked in the form: from the start of the first
 * day to the end of the last (Rome time), or to now when the last day is today.
 */
export function periodBounds(
  firstDay: string,
  lastDay: string,
  now: Date,
): { from: string; to: string } {
  return {
    from: romeIso(firstDay, 'start'),
    to: lastDay === romeDay(now) ? romeNowIso(now) : romeIso(lastDay, 'end'),
  };
}
