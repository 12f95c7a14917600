import { z } from 'zod';
import {
  attachment,
  codedText,
  connection,
  diagnosis,
  followUp,
  recommendedDrug,
  service,
  serviceProvider,
  specialty,
} from '../../cda/coded-content.js';
import { cdaHeaderIssues, issuePathInModel, type CdaDocumentOptions } from '../../cda/header.js';
import { documentHeader, instanceId, isoDateTime } from '../header.js';

/**
 * Relazione finale di Teleassistenza: what a health professional (nurse, physiotherapist,
 * speech therapist…) writes when a plan of remote assistance ends: why the patient was taken
 * in charge and with which goals, what was done session by session, how it went, whether the
 * goals were met, what comes next. The FSE schematron makes Quesito diagnostico,
 * Prestazioni (service, branca, disciplina, one attachment) and Referto mandatory.
 */

const freeText = z.string().trim().min(1).max(20_000);

export const teleassistanceActivityKinds = {
  monitoraggio: 'Monitoraggio di parametri e sintomi',
  educazione: 'Educazione terapeutica',
  addestramento: 'Addestramento all’uso di dispositivi',
  riabilitazione: 'Esercizi riabilitativi guidati',
  aderenza: 'Verifica dell’aderenza terapeutica',
  caregiver: 'Supporto al caregiver',
  medicazione: 'Guida alla medicazione',
} as const;

export const teleassistanceOutcomes = {
  raggiunti: 'Obiettivi raggiunti',
  'parzialmente-raggiunti': 'Obiettivi parzialmente raggiunti',
  'non-raggiunti': 'Obiettivi non raggiunti',
  interrotta: 'Teleassistenza interrotta',
} as const;

export const teleassistanceActivity = z.object({
  time: isoDateTime,
  kind: z.enum(
    Object.keys(teleassistanceActivityKinds) as [keyof typeof teleassistanceActivityKinds],
  ),
  mode: connection.shape.mode,
  /** Who held the session, when not the author (e.g. a colleague on shift). */
  operator: z.string().trim().min(1).max(200).optional(),
  durationMinutes: z.number().int().min(1).max(600).optional(),
  /** What was done and observed: the session note. */
  note: z.string().trim().min(1).max(4000),
});
export type TeleassistanceActivity = z.infer<typeof teleassistanceActivity>;

export const relazioneTeleassistenzaModel = z
  .object({
    header: documentHeader,
    serviceProvider: serviceProvider.optional(),
    /**
     * The teleassistance plan (or request) this report closes. The CDA's inFulfillmentOf,
     * mandatory for this type, carries it when there is no NRE.
     */
    plan: instanceId,
    access: z.enum(['PROG', 'DIR']).default('PROG'),
    /** The period of assistance the report covers. */
    period: z.object({ start: isoDateTime, end: isoDateTime }),
    service,
    specialty,
    /** Why the patient was taken in charge (Quesito diagnostico, mandatory). */
    reason: codedText,
    objectives: z.array(z.string().trim().min(1).max(500)).min(1).max(20),
    history: z
      .object({
        text: freeText,
        allergies: freeText.optional(),
        currentTherapy: freeText.optional(),
      })
      .optional(),
    activities: z.array(teleassistanceActivity).min(1).max(200),
    /** The professional's final remote assessment of the patient. */
    finalAssessment: freeText.optional(),
    /** How the assistance went: the report proper. Mandatory. */
    report: freeText,
    outcome: z.object({
      status: z.enum(Object.keys(teleassistanceOutcomes) as [keyof typeof teleassistanceOutcomes]),
      text: freeText,
    }),
    diagnoses: z.array(diagnosis).max(20).default([]),
    /** Suggerimenti per il medico prescrittore. */
    suggestions: freeText.optional(),
    followUp: z.array(followUp).max(30).default([]),
    therapy: z
      .object({ text: freeText.optional(), drugs: z.array(recommendedDrug).max(30).default([]) })
      .refine((t) => t.text !== undefined || t.drugs.length > 0, {
        message: 'terapia consigliata: testo o almeno un farmaco',
      })
      .optional(),
    /** A file from the assistance (a diary, a photo). Without one, the activity log is attached. */
    attachment: attachment.optional(),
  })
  .superRefine((m, ctx) => {
    for (const issue of cdaHeaderIssues(
      'relazione-teleassistenza',
      m.header,
      teleassistenzaOptions(m),
    )) {
      ctx.addIssue({ code: 'custom', path: issuePathInModel(issue), message: issue.message });
    }
    const start = Date.parse(m.period.start);
    const end = Date.parse(m.period.end);
    if (end <= start) {
      ctx.addIssue({
        code: 'custom',
        path: ['period', 'end'],
        message: 'la fine del periodo deve seguire l’inizio',
      });
    }
    m.activities.forEach((a, i) => {
      const t = Date.parse(a.time);
      if (t < start || t > end) {
        ctx.addIssue({
          code: 'custom',
          path: ['activities', i, 'time'],
          message: 'l’attività cade fuori dal periodo di teleassistenza',
        });
      }
    });
  });

export type RelazioneTeleassistenzaModel = z.infer<typeof relazioneTeleassistenzaModel>;
export type RelazioneTeleassistenzaInput = z.input<typeof relazioneTeleassistenzaModel>;

/** The CDA header options a teleassistance model carries. */
export function teleassistenzaOptions(
  m: Pick<RelazioneTeleassistenzaModel, 'plan' | 'access' | 'serviceProvider' | 'period'>,
): CdaDocumentOptions {
  return {
    order: m.plan,
    access: m.access,
    servicePeriod: m.period,
    ...(m.serviceProvider ? { serviceProvider: m.serviceProvider } : {}),
  };
}
