import { DateTime } from 'luxon';

/**
 * Dates and numbers as Italian (and English) readers of a clinical document expect them,
 * independent of the machine's time zone and locale: instants in Europe/Rome, calendar dates
 * as written, decimal comma in Italian.
 */

export type DocumentLocale = 'it' | 'en';

/** The zone every Percorsi pathway runs in (pathways/definition.ts). */
export const documentTimeZone = 'Europe/Rome';

function instant(iso: string): DateTime {
  return DateTime.fromISO(iso, { zone: documentTimeZone });
}

/** "07/03/2025 14:05" for an ISO 8601 instant. */
export function formatDateTime(iso: string): string {
  const d = instant(iso);
  return d.isValid ? d.toFormat('dd/MM/yyyy HH:mm') : iso;
}

/** "07/03/2025" for an ISO 8601 instant (the day in Rome) or a calendar date (as written). */
export function formatDate(iso: string): string {
  const calendar = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (calendar) return `${calendar[3]}/${calendar[2]}/${calendar[1]}`;
  const d = instant(iso);
  return d.isValid ? d.toFormat('dd/MM/yyyy') : iso;
}

/** Fixed decimals with the locale's separator and no grouping: "36,8", "1250". */
export function formatNumber(
  value: number,
  decimals: number,
  locale: DocumentLocale = 'it',
): string {
  const fixed = (Math.round(value * 10 ** decimals) / 10 ** decimals).toFixed(decimals);
  // "-0,0" reads as an error in a table.
  const clean = /^-0(\.0*)?$/.test(fixed) ? fixed.slice(1) : fixed;
  return locale === 'it' ? clean.replace('.', ',') : clean;
}
