import ucum from '@lhncbc/ucum-lhc';
import {
  acceptedUnits,
  impossibleValue,
  normaliseUnit,
  roundTo,
  unitRefusal,
  type LocalisedText,
  type VitalSign,
} from '../../pathways/vitals.js';

/**
 * Unit conversion through the NLM UCUM library (@lhncbc/ucum-lhc), so that factors and
 * special units (°F, mm[Hg], mol ↔ g) are UCUM's own and not hand-written here. The vital-sign
 * catalog (pathways/vitals.ts) says which units each vital accepts and which values are
 * impossible; this module does the arithmetic.
 */

const utils = ucum.UcumLhcUtils.getInstance();

export type Converted = { ok: true; value: number } | { ok: false; reason: LocalisedText };

/** Converts `value` from one UCUM unit to another; `molarMass` (g/mol) allows mol ↔ g. */
export function convertUnit(
  value: number,
  from: string,
  to: string,
  molarMass?: number,
): Converted {
  if (from === to) return { ok: true, value };
  const result = utils.convertUnitTo(
    from,
    value,
    to,
    molarMass === undefined ? undefined : { molecularWeight: molarMass },
  );
  if (
    result.status === 'succeeded' &&
    typeof result.toVal === 'number' &&
    Number.isFinite(result.toVal)
  ) {
    return { ok: true, value: result.toVal };
  }
  const valid = utils.validateUnitString(from);
  if (valid.status !== 'valid') {
    return {
      ok: false,
      reason: {
        it: `"${from}" non è un'unità UCUM valida`,
        en: `"${from}" is not a valid UCUM unit`,
      },
    };
  }
  return {
    ok: false,
    reason: {
      it: `l'unità "${from}" non è convertibile in "${to}"`,
      en: `unit "${from}" cannot be converted to "${to}"`,
    },
  };
}

export interface VitalMeasurement {
  /** In the target unit, rounded to the vital's precision when it was converted. */
  value: number;
  unit: string;
  /** In the vital's canonical unit (what the hard limits speak of). */
  canonical: number;
  converted: boolean;
}

/**
 * Checks and converts one measurement of a known vital: the unit must be one the vital accepts
 * (or the pathway's own unit), the value must be physiologically possible, and the result is
 * expressed in `targetUnit` (the pathway data point's unit; the catalog's canonical unit when
 * omitted).
 */
export function measureVital(
  vital: VitalSign,
  value: number,
  sentUnit: string,
  targetUnit: string = vital.unit,
):
  | { ok: true; measurement: VitalMeasurement }
  | { ok: false; reason: LocalisedText; kind: 'unit' | 'value' } {
  const unit = normaliseUnit(sentUnit);
  const accepted = acceptedUnits(vital, targetUnit);
  if (!accepted.includes(unit)) {
    return { ok: false, kind: 'unit', reason: unitRefusal(vital.label, sentUnit, accepted) };
  }
  const canonical = convertUnit(value, unit, vital.unit, vital.molarMass);
  if (!canonical.ok) return { ok: false, kind: 'unit', reason: canonical.reason };
  const impossible = impossibleValue(vital, canonical.value, { value, unit });
  if (impossible) return { ok: false, kind: 'value', reason: impossible };
  const target = convertUnit(value, unit, targetUnit, vital.molarMass);
  if (!target.ok) return { ok: false, kind: 'unit', reason: target.reason };
  const converted = unit !== targetUnit;
  return {
    ok: true,
    measurement: {
      value: converted ? roundTo(target.value, vital.decimals) : value,
      unit: targetUnit,
      canonical: canonical.value,
      converted,
    },
  };
}
