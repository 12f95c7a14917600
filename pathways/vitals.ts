/**
 * The vital-sign catalog: what a device or a person may send as a reading, under which LOINC
 * codes, in which UCUM units, and which values no living patient can have. Pure data and pure
 * functions (no I/O): the API uses it to map, convert and refuse readings before they reach a
 * pathway; the unit arithmetic itself lives outside pathways/ (api/features/units.ts, UCUM).
 *
 * A pathway definition names its data points freely; the names below are the conventional ones
 * (the built-in pathways use them) and the fallback when a definition's data point carries no
 * LOINC code of its own.
 */

export interface LocalisedText {
  it: string;
  en: string;
}

export interface VitalSign {
  /** The conventional data point name (spo2, heartRate …). */
  name: string;
  /** Short label for messages, e.g. "SpO2", "Frequenza cardiaca". */
  label: LocalisedText;
  /** LOINC codes that carry this vital; the first is the preferred one. */
  loinc: readonly string[];
  /** Canonical UCUM unit: limits are expressed in it. */
  unit: string;
  /** Other UCUM units accepted and converted (the canonical unit is always accepted). */
  alternativeUnits: readonly string[];
  /** Values no living patient can have, in the canonical unit: refused before anything else. */
  limits: { min: number; max: number };
  /** Decimal places kept after a conversion (a converted 176 [lb_av] is 79.8 kg, not 79.83225712). */
  decimals: number;
  /** g/mol, for converting an amount of substance (mmol/L) into a mass concentration (mg/dL). */
  molarMass?: number;
}

export const UCUM_SYSTEM = 'http://unitsofmeasure.org';
export const LOINC_SYSTEM = 'http://loinc.org';

/** EKG study: a file (PDF or image) with its interpretation, not a number. */
export const ECG_LOINC = '11524-6';

/** Glucose, C6H12O6. */
const GLUCOSE_MOLAR_MASS = 180.156;

const t = (it: string, en: string): LocalisedText => ({ it, en });

export const vitalSigns: readonly VitalSign[] = [
  {
    name: 'spo2',
    label: t('SpO2', 'SpO2'),
    // By pulse oximetry; in arterial blood.
    loinc: ['59408-5', '2708-6'],
    unit: '%',
    alternativeUnits: ['1'],
    limits: { min: 50, max: 100 },
    decimals: 1,
  },
  {
    name: 'heartRate',
    label: t('Frequenza cardiaca', 'Heart rate'),
    loinc: ['8867-4'],
    unit: '/min',
    alternativeUnits: ['{beats}/min', '1/min'],
    limits: { min: 20, max: 300 },
    decimals: 0,
  },
  {
    name: 'systolic',
    label: t('Pressione sistolica', 'Systolic blood pressure'),
    loinc: ['8480-6'],
    unit: 'mm[Hg]',
    alternativeUnits: ['kPa'],
    limits: { min: 40, max: 300 },
    decimals: 0,
  },
  {
    name: 'diastolic',
    label: t('Pressione diastolica', 'Diastolic blood pressure'),
    loinc: ['8462-4'],
    unit: 'mm[Hg]',
    alternativeUnits: ['kPa'],
    limits: { min: 20, max: 200 },
    decimals: 0,
  },
  {
    name: 'temperature',
    label: t('Temperatura corporea', 'Body temperature'),
    loinc: ['8310-5'],
    unit: 'Cel',
    alternativeUnits: ['[degF]', 'K'],
    limits: { min: 25, max: 45 },
    decimals: 1,
  },
  {
    name: 'weight',
    label: t('Peso corporeo', 'Body weight'),
    // Body weight; body weight measured.
    loinc: ['29463-7', '3141-9'],
    unit: 'kg',
    alternativeUnits: ['g', '[lb_av]'],
    limits: { min: 0.3, max: 650 },
    decimals: 1,
  },
  {
    name: 'glucose',
    label: t('Glicemia', 'Blood glucose'),
    // Mass/volume in blood; moles/volume in blood; mass/volume in serum or plasma; by glucometer.
    loinc: ['2339-0', '15074-8', '2345-7', '41653-7'],
    unit: 'mg/dL',
    alternativeUnits: ['mmol/L', 'g/L'],
    limits: { min: 5, max: 3000 },
    decimals: 0,
    molarMass: GLUCOSE_MOLAR_MASS,
  },
  {
    name: 'respiratoryRate',
    label: t('Frequenza respiratoria', 'Respiratory rate'),
    loinc: ['9279-1'],
    unit: '/min',
    alternativeUnits: ['{breaths}/min', '1/min'],
    limits: { min: 3, max: 80 },
    decimals: 0,
  },
  {
    name: 'fvc',
    label: t('FVC (capacità vitale forzata)', 'FVC (forced vital capacity)'),
    loinc: ['19868-9'],
    unit: 'L',
    alternativeUnits: ['mL', 'dL'],
    limits: { min: 0.1, max: 10 },
    decimals: 2,
  },
  {
    name: 'fev1',
    label: t('FEV1 (volume espiratorio massimo in 1 s)', 'FEV1 (forced expiratory volume in 1 s)'),
    loinc: ['20150-9'],
    unit: 'L',
    alternativeUnits: ['mL', 'dL'],
    limits: { min: 0.1, max: 9 },
    decimals: 2,
  },
  {
    name: 'fev1FvcRatio',
    label: t('FEV1/FVC (indice di Tiffeneau)', 'FEV1/FVC ratio'),
    loinc: ['19926-5'],
    unit: '%',
    alternativeUnits: ['1'],
    limits: { min: 10, max: 100 },
    decimals: 1,
  },
  {
    name: 'pef',
    label: t('PEF (picco di flusso espiratorio)', 'PEF (peak expiratory flow)'),
    loinc: ['19935-6'],
    unit: 'L/min',
    alternativeUnits: ['L/s'],
    limits: { min: 20, max: 1000 },
    decimals: 0,
  },
  {
    name: 'fef2575',
    label: t(
      'FEF25-75 (flusso espiratorio forzato 25–75 %)',
      'FEF25-75 (forced expiratory flow 25–75 %)',
    ),
    loinc: ['19927-3'],
    unit: 'L/s',
    alternativeUnits: ['L/min'],
    limits: { min: 0.05, max: 15 },
    decimals: 2,
  },
];

/** Panels: one observation whose components are vitals of their own. */
export const vitalPanels: Readonly<Record<string, { label: LocalisedText; components: string[] }>> =
  {
    '85354-9': {
      label: t('Pressione arteriosa', 'Blood pressure'),
      components: ['systolic', 'diastolic'],
    },
  };

const byName = new Map(vitalSigns.map((v) => [v.name, v]));
const byLoinc = new Map(vitalSigns.flatMap((v) => v.loinc.map((code) => [code, v] as const)));

export function vitalByName(name: string): VitalSign | undefined {
  return byName.get(name);
}

export function vitalByLoinc(code: string): VitalSign | undefined {
  return byLoinc.get(code);
}

export function isLoincCode(code: string): boolean {
  return /^\d{1,7}-\d$/.test(code);
}

/**
 * Spellings that devices send but UCUM does not know, mapped to their UCUM code. Anything else
 * is taken as a UCUM code as it is.
 */
const unitAliases: Readonly<Record<string, string>> = {
  mmhg: 'mm[Hg]',
  'mm hg': 'mm[Hg]',
  bpm: '/min',
  'beats/min': '/min',
  'breaths/min': '/min',
  'atti/min': '/min',
  'battiti/min': '/min',
  '°c': 'Cel',
  '°f': '[degF]',
  lb: '[lb_av]',
  lbs: '[lb_av]',
  'mg/dl': 'mg/dL',
  'mmol/l': 'mmol/L',
  'g/l': 'g/L',
  l: 'L',
  ml: 'mL',
  'l/min': 'L/min',
  'l/s': 'L/s',
  kpa: 'kPa',
};

export function normaliseUnit(unit: string): string {
  const trimmed = unit.trim();
  return unitAliases[trimmed.toLowerCase()] ?? trimmed;
}

/** The units a vital is accepted in (canonical first), plus the pathway's own unit if it differs. */
export function acceptedUnits(vital: VitalSign, pathwayUnit?: string): string[] {
  const units = [vital.unit, ...vital.alternativeUnits];
  if (pathwayUnit && !units.includes(pathwayUnit)) units.push(pathwayUnit);
  return units;
}

export function unitRefusal(label: LocalisedText, unit: string, accepted: string[]): LocalisedText {
  const list = accepted.join(', ');
  return {
    it: `${label.it}: unità "${unit}" non accettata (unità ammesse: ${list})`,
    en: `${label.en}: unit "${unit}" is not accepted (accepted units: ${list})`,
  };
}

const num = (n: number) => String(Number(n.toPrecision(12)));

/**
 * The reason a value is physiologically impossible, or null. `canonical` is the value in the
 * vital's canonical unit; `sent` is what the caller sent, shown when a conversion happened.
 */
export function impossibleValue(
  vital: VitalSign,
  canonical: number,
  sent: { value: number; unit: string } = { value: canonical, unit: vital.unit },
): LocalisedText | null {
  const { min, max } = vital.limits;
  if (canonical >= min && canonical <= max) return null;
  const converted =
    sent.unit === vital.unit ? '' : ` (= ${num(roundTo(canonical, vital.decimals))} ${vital.unit})`;
  const what = `${num(sent.value)} ${sent.unit}${converted}`;
  return {
    it: `${vital.label.it} ${what}: fuori dall'intervallo possibile ${num(min)}–${num(max)} ${vital.unit}`,
    en: `${vital.label.en} ${what}: outside the possible range ${num(min)}–${num(max)} ${vital.unit}`,
  };
}

/** The reason a value falls outside the range the pathway's data point accepts, or null. */
export function outsidePathwayRange(
  label: LocalisedText,
  value: number,
  unit: string,
  range: { min?: number | undefined; max?: number | undefined },
): LocalisedText | null {
  if (
    (range.min === undefined || value >= range.min) &&
    (range.max === undefined || value <= range.max)
  ) {
    return null;
  }
  const lo = range.min === undefined ? '−∞' : num(range.min);
  const hi = range.max === undefined ? '∞' : num(range.max);
  return {
    it: `${label.it} ${num(value)} ${unit}: fuori dall'intervallo accettato dal percorso ${lo}–${hi} ${unit}`,
    en: `${label.en} ${num(value)} ${unit}: outside the range the pathway accepts ${lo}–${hi} ${unit}`,
  };
}

export function roundTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}
