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
import { documentHeader, instanceId, isoDate } from '../header.js';

/**
 * Referto di Televisita: the report a specialist writes after a visit held by video call
 * (DM 21/9/2022, Indicazioni nazionali per la telemedicina). It reads like an outpatient
 * report plus what only a remote visit needs: how the connection went, what could and could
 * not be assessed at a distance. The FSE schematron makes Prestazioni (with its coded
 * service, branca, disciplina and one attachment) and Referto mandatory; the rest is what
 * the clinician writes when relevant.
 */

const freeText = z.string().trim().min(1).max(20_000);

export const refertoTelevisitaModel = z
  .object({
    header: documentHeader,
    serviceProvider: serviceProvider.optional(),
    /**
     * The booking the visit fulfils (CUP or the pathway's appointment). The CDA's
     * inFulfillmentOf, mandatory for this type, carries it when there is no NRE.
     */
    booking: instanceId,
    /** PROG: booked; DIR: direct access without booking. */
    access: z.enum(['PROG', 'DIR']).default('PROG'),
    /** First visit or follow-up: printed under the title. */
    visitKind: z.enum(['prima-visita', 'controllo']),
    service,
    specialty,
    /** A televisita is a video encounter: a phone call alone is not one. */
    connection: connection.extend({ mode: z.enum(['video', 'video-condivisione']) }),
    /** Quesito diagnostico, usually from the prescription; one ICD-9-CM code at most. */
    question: codedText.optional(),
    history: z
      .object({
        text: freeText,
        allergies: freeText.optional(),
        currentTherapy: freeText.optional(),
      })
      .optional(),
    previousExams: z
      .array(
        z.object({
          date: isoDate,
          description: z.string().trim().min(1).max(500),
          outcome: z.string().trim().min(1).max(4000),
        }),
      )
      .max(50)
      .default([]),
    /** What was observed or reported during the call (esame obiettivo a distanza). */
    remoteExamination: freeText.optional(),
    comparison: freeText.optional(),
    /** The report proper: the specialist's assessment. Mandatory. */
    report: freeText,
    diagnoses: z.array(diagnosis).max(20).default([]),
    conclusions: freeText.optional(),
    /** Suggerimenti per il medico prescrittore. */
    suggestions: freeText.optional(),
    followUp: z.array(followUp).max(30).default([]),
    therapy: z
      .object({ text: freeText.optional(), drugs: z.array(recommendedDrug).max(30).default([]) })
      .refine((t) => t.text !== undefined || t.drugs.length > 0, {
        message: 'terapia consigliata: testo o almeno un farmaco',
      })
      .optional(),
    /**
     * A file shown or received during the visit. Without one, the CDA attaches the
     * connection record (the section must carry exactly one attachment).
     */
    attachment: attachment.optional(),
  })
  .superRefine((m, ctx) => {
    for (const issue of cdaHeaderIssues('referto-televisita', m.header, televisitaOptions(m))) {
      ctx.addIssue({ code: 'custom', path: issuePathInModel(issue), message: issue.message });
    }
  });

export type RefertoTelevisitaModel = z.infer<typeof refertoTelevisitaModel>;
export type RefertoTelevisitaInput = z.input<typeof refertoTelevisitaModel>;

/** The CDA header options a televisita model carries. */
export function televisitaOptions(
  m: Pick<RefertoTelevisitaModel, 'booking' | 'access' | 'serviceProvider'>,
): CdaDocumentOptions {
  return {
    order: m.booking,
    access: m.access,
    ...(m.serviceProvider ? { serviceProvider: m.serviceProvider } : {}),
  };
}
