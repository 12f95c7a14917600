import { z } from 'zod';
import { cdaHeaderIssues, type CdaDocumentOptions } from '../../cda/header.js';
import { documentHeader } from '../header.js';
import {
  clinicalHistory,
  diagnosis,
  freeText,
  icd9cmDiagnosis,
  performedService,
  previousExams,
  recommendedDrug,
  recommendedTest,
} from './clinical-content.js';

/**
 * Referto di Specialistica Ambulatoriale: the report of an outpatient specialist visit (the
 * booking → check-in → ticket → visit → report journey), usually fulfilling an electronic
 * prescription (NRE). Section by section it follows the HL7 Italia RSA guide; only the
 * prestazioni and the referto are mandatory.
 */
export const rsaModel = z
  .object({
    header: documentHeader,
    /** The specialty of the visit, printed under the title (e.g. "Cardiologia"). */
    specialty: z.string().trim().min(1).max(120).optional(),
    /**
     * How the patient reached the visit (documentationOf/serviceEvent): PROG booked through
     * the CUP, DIR direct access without booking.
     */
    access: z.enum(['PROG', 'DIR']).default('PROG'),
    /** Quesito diagnostico: usually copied from the prescription. */
    quesito: z
      .object({
        text: freeText,
        /** Coded reason (one ICD-9-CM code; the RSA schematron allows several). */
        codes: z.array(icd9cmDiagnosis).max(5).default([]),
      })
      .optional(),
    clinicalHistory: clinicalHistory.optional(),
    previousExams: previousExams.optional(),
    physicalExam: freeText.optional(),
    services: z.array(performedService).min(1).max(20),
    comparison: freeText.optional(),
    /** The report proper: what the specialist found. The only mandatory text. */
    report: freeText,
    diagnoses: z.array(diagnosis).max(20).default([]),
    conclusions: freeText.optional(),
    /** Suggerimenti per il medico prescrittore. */
    suggestions: freeText.optional(),
    recommendedTests: z.array(recommendedTest).max(30).default([]),
    recommendedTherapy: z
      .object({ text: freeText.optional(), items: z.array(recommendedDrug).max(30).default([]) })
      .refine((t) => t.text !== undefined || t.items.length > 0, {
        message: 'terapia consigliata: testo o almeno un farmaco',
      })
      .optional(),
  })
  .superRefine((m, ctx) => {
    // What the header would make the gateway refuse, reported on the model's own paths.
    for (const issue of cdaHeaderIssues('rsa', m.header, rsaHeaderOptions(m))) {
      ctx.addIssue({ code: 'custom', path: ['header', ...issue.path], message: issue.message });
    }
    const start = Date.parse(m.header.encounter.start);
    m.services.forEach((s, i) => {
      if (Date.parse(s.time) < start) {
        ctx.addIssue({
          code: 'custom',
          path: ['services', i, 'time'],
          message: "la prestazione non può precedere l'inizio dell'incontro",
        });
      }
    });
  });

export type RsaModel = z.infer<typeof rsaModel>;
export type RsaModelInput = z.input<typeof rsaModel>;

/** The per-document header options of an RSA: the access type, nothing else. */
export function rsaHeaderOptions(m: Pick<RsaModel, 'access'>): CdaDocumentOptions {
  return { access: m.access };
}
