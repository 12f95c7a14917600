import { z } from 'zod';
import { acceptedUnits, vitalByLoinc } from '../../../pathways/vitals.js';
import { clinician, custodian, instanceId, isoDateTime, patient, personName } from '../header.js';

/**
 * The telemonitoring period summary (PDF only, no CDA): what a patient's pathway measured
 * between two dates, against which alert zones, which alerts it raised and how they were
 * handled, and how many of the expected readings arrived. The header parts (patient,
 * custodian, clinician) are the ones every clinical document uses.
 */

export const alertLevel = z.enum(['red', 'orange', 'yellow']);
export type AlertLevel = z.infer<typeof alertLevel>;

const loincOfVital = z
  .string()
  .refine(
    (c) => vitalByLoinc(c) !== undefined,
    'codice LOINC non presente nel catalogo dei parametri vitali',
  );

/**
 * An alert zone of the pathway: the values from `low` (included) up to `high` (excluded); an
 * absent side is unbounded. Adjacent zones tile without gaps: "SpO2 < 90" is
 * `{ level: 'red', high: 90 }` and "90 ≤ SpO2 < 92" is `{ level: 'orange', low: 90, high: 92 }`.
 */
export const thresholdBand = z
  .object({
    level: alertLevel,
    low: z.number().finite().optional(),
    high: z.number().finite().optional(),
  })
  .refine((b) => b.low !== undefined || b.high !== undefined, {
    message: 'una fascia ha almeno un limite (low o high)',
  })
  .refine((b) => b.low === undefined || b.high === undefined || b.low < b.high, {
    message: 'low deve essere minore di high',
    path: ['high'],
  });
export type ThresholdBand = z.infer<typeof thresholdBand>;

export const reading = z.object({ at: isoDateTime, value: z.number().finite() });
export type Reading = z.infer<typeof reading>;

export const vitalSummary = z
  .object({
    /** LOINC code from the vital-sign catalogue (pathways/vitals.ts). */
    code: loincOfVital,
    /** UCUM unit of the values and the bands: one the catalogue accepts for this vital. */
    unit: z.string().min(1).max(40),
    readings: z.array(reading).max(10_000).default([]),
    bands: z.array(thresholdBand).max(20).default([]),
  })
  .superRefine((v, ctx) => {
    const vital = vitalByLoinc(v.code);
    if (vital && !acceptedUnits(vital).includes(v.unit)) {
      ctx.addIssue({
        code: 'custom',
        path: ['unit'],
        message: `unità "${v.unit}" non ammessa per ${vital.label.it} (ammesse: ${acceptedUnits(vital).join(', ')})`,
      });
    }
  });
export type VitalSummary = z.infer<typeof vitalSummary>;

export const alertStatus = z.enum(['open', 'acknowledged', 'resolved', 'closed']);

export const periodAlert = z.object({
  at: isoDateTime,
  level: alertLevel,
  /** LOINC code of the vital that raised it; absent for alerts on questionnaires or missed readings. */
  vital: loincOfVital.optional(),
  message: z.string().min(1).max(500),
  status: alertStatus,
  acknowledgedBy: personName.optional(),
  acknowledgedAt: isoDateTime.optional(),
});
export type PeriodAlert = z.infer<typeof periodAlert>;

/** Readings (or questionnaires) the plan expected in the period, and those that arrived. */
export const adherenceEntry = z
  .object({
    /** A vital's LOINC code, labelled from the catalogue… */
    code: loincOfVital.optional(),
    /** …or a free label, e.g. a questionnaire's title. */
    label: z.string().min(1).max(200).optional(),
    expected: z.number().int().min(0),
    received: z.number().int().min(0),
  })
  .refine((a) => a.code !== undefined || a.label !== undefined, {
    message: 'indicare il codice del parametro o una descrizione',
    path: ['label'],
  });
export type AdherenceEntry = z.infer<typeof adherenceEntry>;

const time = (iso: string) => Date.parse(iso);

export const riepilogoTelemonitoraggioModel = z
  .object({
    /** Archive identifier of the summary. */
    id: instanceId,
    version: z.number().int().min(1).default(1),
    /** When the summary was produced. */
    issued: isoDateTime,
    patient,
    custodian,
    /** The clinician responsible for the patient's telemonitoring. */
    author: clinician,
    period: z.object({ from: isoDateTime, to: isoDateTime }),
    pathway: z.object({
      name: z.string().min(1).max(200),
      version: z.string().min(1).max(40),
    }),
    vitals: z.array(vitalSummary).max(20),
    alerts: z.array(periodAlert).max(5_000).default([]),
    adherence: z.array(adherenceEntry).max(50).default([]),
    notes: z.string().max(20_000).optional(),
  })
  .superRefine((m, ctx) => {
    const from = time(m.period.from);
    const to = time(m.period.to);
    if (!(from < to)) {
      ctx.addIssue({
        code: 'custom',
        path: ['period', 'to'],
        message: 'la fine del periodo deve seguire l’inizio',
      });
      return;
    }
    const outside = (iso: string) => time(iso) < from || time(iso) > to;
    const seen = new Set<string>();
    m.vitals.forEach((v, i) => {
      if (seen.has(v.code)) {
        ctx.addIssue({
          code: 'custom',
          path: ['vitals', i, 'code'],
          message: 'parametro già presente nel riepilogo',
        });
      }
      seen.add(v.code);
      v.readings.forEach((r, j) => {
        if (outside(r.at)) {
          ctx.addIssue({
            code: 'custom',
            path: ['vitals', i, 'readings', j, 'at'],
            message: 'misurazione fuori dal periodo',
          });
        }
      });
    });
    m.alerts.forEach((a, i) => {
      if (outside(a.at)) {
        ctx.addIssue({
          code: 'custom',
          path: ['alerts', i, 'at'],
          message: 'allerta fuori dal periodo',
        });
      }
    });
  });
export type RiepilogoTelemonitoraggio = z.infer<typeof riepilogoTelemonitoraggioModel>;
export type RiepilogoTelemonitoraggioInput = z.input<typeof riepilogoTelemonitoraggioModel>;
