import { DateTime, Duration, IANAZone } from 'luxon';
import { RRule } from './rrule.js';

/**
 * Time arithmetic for pathways, in the pathway's time zone. Instants are epoch milliseconds;
 * durations and recurrences are applied to wall-clock time, so "every day at 09:00" stays at
 * 09:00 in Rome across the changes to and from summer time.
 */

export function durationMs(iso: string): number {
  return Duration.fromISO(iso).toMillis();
}

const durations = new Map<string, { negative: boolean; d: Duration; exactMs: number | null }>();

function parsedDuration(iso: string) {
  let p = durations.get(iso);
  if (!p) {
    const negative = iso.startsWith('-');
    const d = Duration.fromISO(negative ? iso.slice(1) : iso);
    const calendar = d.years || d.quarters || d.months || d.weeks || d.days;
    p = { negative, d, exactMs: calendar ? null : d.toMillis() };
    durations.set(iso, p);
  }
  return p;
}

/**
 * Adds a duration. Hours and minutes are exact elapsed time (an alert's PT30M is 30 minutes
 * even across a clock change); days and longer are calendar time in the zone (P1D is "same
 * time tomorrow").
 */
export function addDuration(at: number, iso: string, zone: string): number {
  const { negative, d, exactMs } = parsedDuration(iso);
  if (exactMs !== null) return negative ? at - exactMs : at + exactMs;
  const base = DateTime.fromMillis(at, { zone });
  return (negative ? base.minus(d) : base.plus(d)).toMillis();
}

/**
 * Where a trend window over `iso` ending at `at` starts. A window in days or longer is
 * calendar days in the zone, counted from the start of the first day: "2 kg in 3 days" at
 * 08:10 on Thursday compares with Monday's weighing whether it was at 07:55 or 08:20, as a
 * clinician reads it. Hours and minutes are exact elapsed time.
 */
export function windowStart(at: number, iso: string, zone: string): number {
  const p = parsedDuration(iso);
  if (p.exactMs !== null) return at - p.exactMs;
  return DateTime.fromMillis(addDuration(at, `-${iso}`, zone), { zone })
    .startOf('day')
    .toMillis();
}

export function toIso(at: number): string {
  return new Date(at).toISOString();
}

export function localLabel(at: number, zone: string): string {
  return DateTime.fromMillis(at, { zone }).toFormat('yyyy-MM-dd HH:mm');
}

const HOUR_MS = 3_600_000;
const offsets = new Map<string, number>();

/**
 * UTC offset of the zone at an instant, in ms. Zone rules change offsets on whole UTC hours
 * (Europe/Rome at 01:00Z), so one lookup per hour is exact, and Intl is asked once per hour
 * rather than at every conversion (it dominated the simulator's profile).
 */
function offsetAt(at: number, zone: string): number {
  const bucket = Math.floor(at / HOUR_MS);
  const key = `${zone}@${bucket}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = IANAZone.create(zone).offset(bucket * HOUR_MS) * 60_000;
    if (offsets.size > 100_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/** The wall-clock time of an instant, as a Date whose UTC fields hold it (rrule's "floating" time). */
function floating(at: number, zone: string): Date {
  return new Date(at + offsetAt(at, zone));
}

/**
 * The instant at which the wall clock of `zone` shows the floating time. A wall time skipped
 * by the spring change moves forward (02:30 → 03:30); one repeated in autumn takes the first.
 */
function fromFloating(d: Date, zone: string): number {
  const wall = d.getTime();
  const before = offsetAt(wall - offsetAt(wall, zone) - HOUR_MS, zone);
  const after = offsetAt(wall - offsetAt(wall, zone) + HOUR_MS, zone);
  const candidates = [wall - before, wall - after].filter((at) => at + offsetAt(at, zone) === wall);
  if (candidates.length) return Math.min(...candidates);
  // In a gap: no instant shows this wall time; use the offset from before the change.
  return wall - before;
}

const parsed = new Map<string, ReturnType<typeof RRule.parseString>>();
const rules = new Map<string, InstanceType<typeof RRule>>();

const PERIOD_MS: Partial<Record<number, number>> = {
  [RRule.DAILY]: 86_400_000,
  [RRule.WEEKLY]: 7 * 86_400_000,
  [RRule.HOURLY]: 3_600_000,
};

/**
 * rrule iterates from the start on every call, so a 180-day plan would walk its whole past at
 * each occurrence. For rules without COUNT/UNTIL, starting the recurrence a whole number of
 * periods later gives the same occurrences (floating time has no clock changes): do that.
 */
function shiftedStart(
  options: ReturnType<typeof RRule.parseString>,
  start: Date,
  cursor: Date,
): Date {
  const unit = options.freq === undefined ? undefined : PERIOD_MS[options.freq];
  if (!unit || options.count || options.until) return start;
  const period = unit * (options.interval ?? 1);
  const periods = Math.floor((cursor.getTime() - start.getTime()) / period) - 1;
  return periods > 0 ? new Date(start.getTime() + periods * period) : start;
}

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
  let cursor = floating(after, zone);
  const dtstart = shiftedStart(options, floating(start, zone), cursor);
  const key = `${rrule}@${dtstart.getTime()}`;
  let rule = rules.get(key);
  if (!rule) {
    // A rule without BYSECOND would inherit the start's seconds: occurrences fall on the minute.
    rule = new RRule({ bysecond: [0], ...options, dtstart });
    if (rules.size > 1000) rules.clear();
    rules.set(key, rule);
  }
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
