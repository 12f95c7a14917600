import type { Language } from '../i18n/i18n';
import { formatNumber } from '../i18n/format';

const units: [RegExp, string, string, string, string][] = [
  [/(\d+(?:\.\d+)?)Y/, 'anno', 'anni', 'year', 'years'],
  [/(\d+(?:\.\d+)?)W/, 'settimana', 'settimane', 'week', 'weeks'],
  [/(\d+(?:\.\d+)?)D/, 'giorno', 'giorni', 'day', 'days'],
];
const timeUnits: [RegExp, string][] = [
  [/(\d+(?:\.\d+)?)H/, 'h'],
  [/(\d+(?:\.\d+)?)M/, 'min'],
  [/(\d+(?:\.\d+)?)S/, 's'],
];

/** ISO 8601 durations as people say them: PT30M → "30 min", P3D → "3 giorni" / "3 days". */
export function formatIsoDuration(iso: string, language: Language): string {
  const match = /^P([^T]*)(?:T(.*))?$/.exec(iso);
  if (!match) return iso;
  const [, date = '', time = ''] = match;
  const parts: string[] = [];
  // Months (M before T) are rare in pathways; they read as months.
  const months = /(\d+)M/.exec(date);
  for (const [re, itOne, itMany, enOne, enMany] of units) {
    const m = re.exec(date);
    if (!m) continue;
    const n = Number(m[1]);
    const word = language === 'it' ? (n === 1 ? itOne : itMany) : n === 1 ? enOne : enMany;
    parts.push(`${formatNumber(n, language)} ${word}`);
  }
  if (months) {
    const n = Number(months[1]);
    parts.push(
      `${formatNumber(n, language)} ${language === 'it' ? (n === 1 ? 'mese' : 'mesi') : n === 1 ? 'month' : 'months'}`,
    );
  }
  for (const [re, word] of timeUnits) {
    const m = re.exec(time);
    if (m) parts.push(`${formatNumber(Number(m[1]), language)} ${word}`);
  }
  return parts.join(' ') || iso;
}

/** Date and time with seconds: escalation timers are seconds apart in a test pathway. */
export function formatInstant(iso: string | null | undefined, language: Language): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(language === 'it' ? 'it-IT' : 'en-GB', {
    dateStyle: 'short',
    timeStyle: 'medium',
  }).format(date);
}
