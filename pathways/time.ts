import { DateTime, Duration } from 'luxon';
import { RRule } from './rrule.js';

/**
 * Time arithmetic for pathways, in the pathway's time zone. Instants are epoch milliseconds;
 * durations and recurrences are applied to wall-clock time, so "every day at 09:00" stays at
 * 09:00 in Rome across the changes to and from summer time.
 */

export function durationMs(iso: string): number {
  return Duration.fromISO(iso).toMillis();
}

/** Adds a calendar duration (P1D is "same time tomorrow", even across a clock change). */
export function addDuration(at: number, iso: string, zone: string): number {
  const negative = iso.startsWith('-');
  const d = Duration.fromISO(negative ? iso.slice(1) : iso);
  const base = DateTime.fromMillis(at, { zone });
  return (negative ? base.minus(d) : base.plus(d)).toMillis();
}

export function toIso(at: number): string {
  return new Date(at).toISOString();
}

export function localLabel(at: number, zone: string): string {
  return DateTime.fromMillis(at, { zone }).toFormat('yyyy-MM-dd HH:mm');
}

/** The wall-clock time of an instant, as a Date whose UTC fields hold it (rrule's "floating" time). */
function floating(at: number, zone: string): Date {
  const l = DateTime.fromMillis(at, { zone });
  return new Date(Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second));
}

/** The instant at which the wall clock of `zone` shows the floating time. */
function fromFloating(d: Date, zone: string): number {
  return DateTime.fromObject(
    {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
    },
    { zone },
  ).toMillis();
}

const parsed = new Map<string, ReturnType<typeof RRule.parseString>>();

/**
 * The first occurrence of `rrule` strictly after `after`, for a recurrence that started at
 * `start` (both instants). Occurrences are computed on wall-clock time, then placed in the zone.
 */
export function nextOccurrence(
  rrule: string,
  start: number,
  after: number,
  zone: string,
): number | null {
  let options = parsed.get(rrule);
  if (!options) {
    options = RRule.parseString(rrule);
    parsed.set(rrule, options);
  }
  // A rule without BYSECOND would inherit the start's seconds: occurrences fall on the minute.
  const rule = new RRule({ bysecond: [0], ...options, dtstart: floating(start, zone) });
  let cursor = floating(after, zone);
  for (let guard = 0; guard < 4; guard++) {
    const next = rule.after(cursor, false);
    if (!next) return null;
    const at = fromFloating(next, zone);
    if (at > after) return at;
    // On the autumn change a wall time occurs twice; move past the earlier one.
    cursor = next;
  }
  return null;
}
