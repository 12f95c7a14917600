import { z } from 'zod';
import { deomocodise } from '../../../platform/identity/codice-fiscale.js';
import { specialty } from '../../cda/coded-content.js';
import { oids } from '../../cda/datatypes.js';
import { cdaHeaderIssues, type CdaDocumentOptions, type CdaParticipant } from '../../cda/header.js';
import {
  address,
  clinician,
  documentHeader,
  instanceId,
  isoDateTime,
  type Clinician,
} from '../header.js';
import {
  clinicalHistory,
  diagnosis,
  freeText,
  icd9cmDiagnosis,
  performedService,
  previousExams,
  recommendedDrug,
  recommendedTest,
} from '../rsa/clinical-content.js';

/**
 * Relazione (collaborativa) di Teleconsulto: a clinician asks one or more specialists for an
 * opinion on a case; the consultants examine the shared documentation, each gives a parere,
 * and together they sign the report. In the CDA the consultants are the authors (the first is
 * the one who writes, `header.author`), the requesting clinician a participant REF with their
 * organisation.
 */

/** An organisation as associatedEntity/scopingOrganization. */
export const organisation = z.object({
  /** FLS11/HSP11/STS11 code of the organisation, when it has one. */
  id: instanceId.optional(),
  name: z.string().trim().min(1).max(200),
  phone: z.string().min(3).max(40).optional(),
  address: address.optional(),
});
export type Organisation = z.infer<typeof organisation>;

/** A teleconsultation service with the branca and disciplina the gateway asks for. */
export const teleconsultationService = performedService.extend(specialty.shape);
export type TeleconsultationService = z.infer<typeof teleconsultationService>;

export const consultant = z.object({
  clinician,
  organisation,
  /** The consultant's opinion (parere), in their words. */
  opinion: freeText,
  /** When the opinion was given. */
  time: isoDateTime,
});
export type Consultant = z.infer<typeof consultant>;

export const requester = z.object({
  clinician,
  organisation,
  /** When the teleconsultation was requested. */
  requestedAt: isoDateTime,
  /** Identifier of the request (inFulfillmentOf/order when there is no NRE). */
  requestId: instanceId.optional(),
});

/** Another professional taking part, e.g. the technician who recorded the ECG (SPRF). */
export const supportingParticipant = z.object({
  clinician,
  organisation,
  role: z.string().trim().min(1).max(120),
});

const presidioRoots: readonly string[] = [oids.hsp11, oids.sts11];

export const relazioneTeleconsultoModel = z
  .object({
    header: documentHeader,
    /** Synchronous (videoconference with the requester) or asynchronous (on documents). */
    mode: z.enum(['sincrono', 'asincrono']),
    /** PROG when scheduled, DIR when estemporaneo. */
    access: z.enum(['PROG', 'DIR']).default('PROG'),
    requester,
    consultants: z.array(consultant).min(1).max(10),
    supportingParticipants: z.array(supportingParticipant).max(5).default([]),
    /**
     * The presidio (HSP11/STS11) providing the service; needed when the custodian is an
     * azienda sanitaria (FLS11), derived from the custodian otherwise.
     */
    serviceProvider: z.object({ id: instanceId, partOf: instanceId.optional() }).optional(),
    quesito: z.object({ text: freeText, code: icd9cmDiagnosis.optional() }),
    clinicalSummary: clinicalHistory,
    previousExams: previousExams.optional(),
    physicalExam: freeText.optional(),
    services: z.array(teleconsultationService).min(1).max(10),
    comparison: freeText.optional(),
    diagnoses: z.array(diagnosis).max(20).default([]),
    conclusions: freeText,
    /** Suggerimenti per il medico richiedente. */
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
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    for (const i of cdaHeaderIssues(
      'relazione-teleconsulto',
      m.header,
      teleconsultoHeaderOptions(m),
    ))
      issue(['header', ...i.path], i.message);
    const writer = m.header.author.clinician.fiscalCode;
    if (!m.consultants.some((c) => c.clinician.fiscalCode === writer))
      issue(['header', 'author'], "l'autore della relazione deve essere uno dei consulenti");
    const seen = new Set<string>();
    m.consultants.forEach((c, i) => {
      if (seen.has(c.clinician.fiscalCode))
        issue(['consultants', i, 'clinician', 'fiscalCode'], 'consulente ripetuto');
      seen.add(c.clinician.fiscalCode);
    });
    if (m.header.referrer)
      // A referrer has no organisation, which the teleconsultation schematron requires.
      issue(['header', 'referrer'], 'il medico richiedente va indicato in requester');
    const { patient } = m.header;
    if (!patient.birthPlace && deomocodise(patient.fiscalCode)[11] === 'Z')
      issue(
        ['header', 'patient', 'birthPlace'],
        'per i nati all’estero serve il luogo di nascita (stato)',
      );
    const custodianIsPresidio = presidioRoots.includes(m.header.custodian.idRoot);
    if (!custodianIsPresidio && !m.serviceProvider)
      issue(['serviceProvider'], 'serve il presidio (HSP11 o STS11) che eroga il teleconsulto');
    if (m.serviceProvider && !presidioRoots.includes(m.serviceProvider.id.root))
      issue(['serviceProvider', 'id', 'root'], `il presidio va codificato con HSP11 o STS11`);
    const requested = Date.parse(m.requester.requestedAt);
    if (Date.parse(m.header.encounter.start) < requested)
      issue(['header', 'encounter', 'start'], 'il teleconsulto non può precedere la richiesta');
  });

export type RelazioneTeleconsultoModel = z.infer<typeof relazioneTeleconsultoModel>;
export type RelazioneTeleconsultoModelInput = z.input<typeof relazioneTeleconsultoModel>;

function participant(
  typeCode: CdaParticipant['typeCode'],
  who: { clinician: Clinician; organisation: Organisation },
  time?: string,
): CdaParticipant {
  const { organisation: org } = who;
  return {
    typeCode,
    clinician: who.clinician,
    ...(time ? { time } : {}),
    scopingOrganization: {
      name: org.name,
      ...(org.id ? { id: org.id } : {}),
      ...(org.phone ? { phone: org.phone } : {}),
      ...(org.address ? { address: org.address } : {}),
    },
  };
}

/**
 * Header options of the report: the consultants after the writer as further authors, the
 * requester as REF (SPRF for supporting professionals), the request as the order fulfilled.
 */
export function teleconsultoHeaderOptions(
  m: Pick<
    RelazioneTeleconsultoModel,
    'header' | 'access' | 'requester' | 'consultants' | 'supportingParticipants' | 'serviceProvider'
  >,
): CdaDocumentOptions {
  const writer = m.header.author.clinician.fiscalCode;
  return {
    access: m.access,
    additionalAuthors: m.consultants
      .filter((c) => c.clinician.fiscalCode !== writer)
      .map((c) => ({ clinician: c.clinician, time: c.time })),
    participants: [
      participant('REF', m.requester, m.requester.requestedAt),
      ...m.supportingParticipants.map((p) => participant('SPRF', p)),
    ],
    ...(m.requester.requestId ? { order: m.requester.requestId } : {}),
    ...(m.serviceProvider
      ? {
          serviceProvider: {
            id: m.serviceProvider.id,
            ...(m.serviceProvider.partOf ? { partOf: m.serviceProvider.partOf } : {}),
          },
        }
      : {}),
  };
}
