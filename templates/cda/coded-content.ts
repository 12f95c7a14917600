import { z } from 'zod';
import { instanceId, isoDate, oid } from '../documents/header.js';

/**
 * Coded clinical content the telemedicine CDA types share (HL7 Italia guides for televisita,
 * teleconsulto, teleassistenza and RSA): ICD-9-CM diagnoses, the service performed with its
 * branca and disciplina, drugs by AIC, follow-up proposals, the attachment the Prestazioni
 * section must carry. Schemas here; their CDA entries in entries.ts.
 */

/** ICD-9-CM diagnosis code (Italian 2007 edition): 3 digits with up to 2 decimals, V or E codes. */
export const icd9cmCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(
    /^(\d{3}(\.\d{1,2})?|V\d{2}(\.\d{1,2})?|E\d{3}(\.\d)?)$/,
    'codice ICD-9-CM non valido (es. 428.0, V45.01)',
  );

export const diagnosis = z.object({
  code: icd9cmCode,
  /** Official ICD-9-CM description (Italian). */
  display: z.string().trim().min(1).max(300),
  /** Free-text qualification the clinician adds (e.g. "in compenso emodinamico"). */
  note: z.string().trim().min(1).max(1000).optional(),
});
export type Diagnosis = z.infer<typeof diagnosis>;

/** A clinical question or reason, with an optional ICD-9-CM code (Quesito diagnostico). */
export const codedText = z.object({
  text: z.string().trim().min(1).max(4000),
  code: diagnosis.pick({ code: true, display: true }).optional(),
});
export type CodedText = z.infer<typeof codedText>;

/** The service (prestazione) performed, as coded by the catalogue the region uses. */
export const service = z.object({
  code: z.string().trim().min(1).max(20),
  display: z.string().trim().min(1).max(300),
  /** Catalogue OID; defaults to ICD-9-CM (2.16.840.1.113883.6.103), whose procedure codes the nomenclatore uses. */
  system: oid.default('2.16.840.1.113883.6.103'),
  systemName: z.string().trim().min(1).max(100).default('ICD-9-CM'),
});
export type Service = z.infer<typeof service>;

/**
 * Branca specialistica (nomenclatore, 2 digits, e.g. 02 Cardiologia) and disciplina
 * (Ministry discipline code, e.g. 08 Cardiologia) the Prestazioni section must state.
 */
export const specialty = z.object({
  branca: z.object({
    code: z.string().regex(/^\d{2}$/, 'branca: 2 cifre'),
    display: z.string().trim().min(1).max(200),
  }),
  disciplina: z.object({
    code: z.string().regex(/^\d{2,3}$/, 'disciplina: 2 o 3 cifre'),
    display: z.string().trim().min(1).max(200),
  }),
});
export type Specialty = z.infer<typeof specialty>;

/** A file the clinician attaches (photo shared during the call, a trace, a PDF). */
export const attachment = z.object({
  title: z.string().trim().min(1).max(200),
  mediaType: z.enum(['application/pdf', 'image/jpeg', 'image/png', 'text/plain']),
  /** Base64 of the file (≤ 5 MB once decoded). */
  data: z
    .string()
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64 non valido')
    .max(7_000_000),
});
export type Attachment = z.infer<typeof attachment>;

/** AIC: the 9-digit Italian marketing authorisation code of a pack. */
export const aicCode = z.string().regex(/^\d{9}$/, 'AIC: 9 cifre');

export const recommendedDrug = z.object({
  aic: aicCode,
  /** Pack name as in the AIC register, e.g. "LASIX*25MG 30 CPR". */
  name: z.string().trim().min(1).max(200),
  atc: z
    .object({
      code: z.string().regex(/^[A-Z]\d{2}[A-Z]{2}\d{2}$/, 'ATC: 7 caratteri (es. C03CA01)'),
      display: z.string().trim().min(1).max(200),
    })
    .optional(),
  /** Dosage and instructions as the patient reads them. */
  instructions: z.string().trim().min(1).max(1000),
  start: isoDate.optional(),
});
export type RecommendedDrug = z.infer<typeof recommendedDrug>;

/** A recommended check or follow-up (Accertamenti e controlli consigliati). */
export const followUp = z.object({
  description: z.string().trim().min(1).max(1000),
  /** The prestazione, when it is one of the catalogue. */
  service: service.optional(),
  /** By when, if the clinician says so. */
  due: isoDate.optional(),
});
export type FollowUp = z.infer<typeof followUp>;

/** How the remote encounter ran: what a reader needs to judge a remote assessment. */
export const connection = z.object({
  mode: z.enum(['video', 'video-condivisione', 'telefono']),
  /** Where the patient was, e.g. "domicilio", "RSA Villa Serena". */
  patientLocation: z.string().trim().min(1).max(200),
  /** Who assisted the patient (caregiver, nurse), if anyone. */
  assistedBy: z.string().trim().min(1).max(200).optional(),
  /** Quality of audio and video and any interruption. */
  quality: z.enum(['buona', 'sufficiente', 'scarsa']),
  notes: z.string().trim().min(1).max(2000).optional(),
});
export type Connection = z.infer<typeof connection>;

export const connectionModeLabel: Record<Connection['mode'], string> = {
  video: 'Videochiamata',
  'video-condivisione': 'Videochiamata con condivisione di documenti e immagini',
  telefono: 'Contatto telefonico',
};

/**
 * The organisation providing the service (CDA serviceProviderOrganization): the presidio
 * (HSP11/STS11) and the azienda sanitaria (FLS11) it belongs to. Optional in models: the
 * custodian supplies one of the two when its code is of that kind.
 */
export const serviceProvider = z.object({
  id: instanceId.optional(),
  partOf: instanceId.optional(),
});
