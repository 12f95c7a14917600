import type { AlertSeverity, LocalizedText, ThresholdBand } from '../api/types';
import { formatNumber } from '../i18n/format';
import { humanise, translateOptional, type Language } from '../i18n/i18n';

// UCUM codes as people write them.
const unitLabels: Record<string, string> = {
  'mm[Hg]': 'mmHg',
  Cel: '°C',
  '[degF]': '°F',
  '/min': '/min',
  '{beats}/min': '/min',
};

export function unitLabel(unit: string | null | undefined): string {
  if (!unit) return '';
  return unitLabels[unit] ?? unit;
}

/** A value with its unit, e.g. "86 %", "37,5 °C". */
export function formatQuantity(value: number, unit: string, language: Language): string {
  const shown = unitLabel(unit);
  return shown ? `${formatNumber(value, language)} ${shown}` : formatNumber(value, language);
}

// Units of the platform's vital signs (pathways/vitals.ts), for rows that carry only a name.
const vitalUnits: Record<string, string> = {
  spo2: '%',
  heartRate: '/min',
  systolic: 'mm[Hg]',
  diastolic: 'mm[Hg]',
  temperature: 'Cel',
  weight: 'kg',
  glucose: 'mg/dL',
  respiratoryRate: '/min',
  fvc: 'L',
  fev1: 'L',
  fev1FvcRatio: '%',
  pef: 'L/min',
  fef2575: 'L/s',
};

/** The short name of a data point ("SpO2", "Frequenza cardiaca"), or the name made readable. */
export function vitalLabel(name: string, title?: LocalizedText, language: Language = 'it'): string {
  if (title) return title[language] || title.it;
  return translateOptional(`vitals.${name}`, humanise(name));
}

/**
 * The values an alert's rule read, as "SpO2 86 % · Frequenza cardiaca 90 /min". Inputs and
 * other non-numeric entries are left out.
 */
export function describeAlertData(data: Record<string, unknown>, language: Language): string[] {
  return Object.entries(data)
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number')
    .map(
      ([name, value]) =>
        `${vitalLabel(name)} ${formatQuantity(value, vitalUnits[name] ?? '', language)}`,
    );
}

export const severityOrder: readonly AlertSeverity[] = ['red', 'orange', 'yellow'];

/** The interval a band covers, as [low, high] (open ends as ±Infinity). */
export function bandRange(band: ThresholdBand): [number, number] | null {
  if (band.between) return [band.between[0], band.between[1]];
  if (band.below !== undefined) return [-Infinity, band.below];
  if (band.above !== undefined) return [band.above, Infinity];
  return null;
}
