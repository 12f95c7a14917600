import type { TFunction } from 'i18next';
import type { AlertSeverity, ReportUnit } from '../api/types';
import { formatNumber } from '../i18n/format';
import type { Language } from '../i18n/i18n';

export const severities: readonly AlertSeverity[] = ['red', 'orange', 'yellow'];

export function isSeverity(key: string): key is AlertSeverity {
  return (severities as readonly string[]).includes(key);
}

/** Minutes as people read a waiting time: "42 min", "3 h 5 min", "2 g 4 h". */
function formatMinutes(value: number, language: Language, t: TFunction): string {
  if (value < 60) {
    return t('reports.minutes', {
      value: formatNumber(value, language, { maximumFractionDigits: value < 10 ? 1 : 0 }),
    });
  }
  const total = Math.round(value);
  if (total < 48 * 60) {
    return t('reports.hours', { hours: Math.floor(total / 60), minutes: total % 60 });
  }
  const hours = Math.round(total / 60);
  return t('reports.days', { days: Math.floor(hours / 24), hours: hours % 24 });
}

/**
 * A figure in its unit, in the current language: "12", "45%", "42 min", "0,83". Null (no
 * data) is "—"; the caller says why beside it.
 */
export function formatFigure(
  value: number | null | undefined,
  unit: ReportUnit,
  language: Language,
  t: TFunction,
): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  switch (unit) {
    case 'percent':
      return formatNumber(value / 100, language, { style: 'percent', maximumFractionDigits: 1 });
    case 'minutes':
      return formatMinutes(value, language, t);
    case 'rate':
      return formatNumber(value, language, { maximumFractionDigits: 2 });
    case 'count':
      return formatNumber(value, language, { maximumFractionDigits: 0 });
    case 'none':
      return formatNumber(value, language, { maximumFractionDigits: 1 });
  }
}

/**
 * What the figure was computed from: "45 di 60"; for a rate "3 in 5,6 pazienti-mese"; with a
 * count alone (a median over 5 acknowledgements) "n = 5".
 */
export function formatBasis(
  numerator: number | undefined,
  denominator: number | undefined,
  unit: ReportUnit,
  language: Language,
  t: TFunction,
): string | null {
  if (numerator === undefined) return null;
  const n = formatNumber(numerator, language, { maximumFractionDigits: 2 });
  if (denominator === undefined) return t('reports.sampleSize', { numerator: n });
  const d = formatNumber(denominator, language, { maximumFractionDigits: 2 });
  return unit === 'rate'
    ? t('reports.ratePer', { numerator: n, denominator: d })
    : t('reports.ofTotal', { numerator: n, denominator: d });
}

/** Words after the figure, for units that need them ("per paziente-mese"). */
export function unitSuffix(unit: ReportUnit, t: TFunction): string | null {
  return unit === 'rate' ? t('reports.perPatientMonth') : null;
}

/** A local calendar day (YYYY-MM-DD) as "3 mar 2026", without shifting the day. */
export function formatDay(
  isoDate: string,
  language: Language,
  options: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' },
): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!match) return isoDate;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'it-IT', {
    ...options,
    timeZone: 'UTC',
  }).format(date);
}
