import { z } from 'zod';
import { diagnosis, type Diagnosis } from '../../cda/coded-content.js';
import { isoDate, isoDateTime, oid } from '../header.js';

/**
 * Clinical content shared by the specialist report (RSA) and the teleconsultation report:
 * both follow the sections of the HL7 Italia RSA implementation guide (quesito, storia
 * clinica, precedenti esami, prestazioni, diagnosi, terapia consigliata…) with the same LOINC
 * codes. Codes are optional wherever the gateway accepts narrative alone; a coded entry is
 * written only for what carries a code.
 */

/** Catalogo Nazionale delle Prestazioni (the nomenclatore of specialist services). */
export const catalogoNazionalePrestazioni = '2.16.840.1.113883.2.9.6.1.11';

/** A long free text: the narrative of a section, split into paragraphs on blank lines. */
export const freeText = z.string().trim().min(1).max(20_000);

/** ICD-9-CM diagnosis (volume 1) with its official description. */
export const icd9cmDiagnosis = diagnosis.pick({ code: true, display: true });
export type Icd9cmDiagnosis = z.infer<typeof icd9cmDiagnosis>;

export { diagnosis, type Diagnosis };

/** A service code of the national catalogue or of a regional one (89.7, 89.7A.3, 89.01.C). */
export const serviceCode = z.object({
  code: z
    .string()
    .regex(/^\d{2}(\.[0-9A-Z]{1,3}){0,3}$/, 'codice del catalogo prestazioni (es. 89.7, 89.01.C)'),
  display: z.string().trim().min(1).max(300),
  /** OID of the catalogue: the national one unless a regional catalogue is named. */
  catalogue: oid.default(catalogoNazionalePrestazioni),
});
export type ServiceCode = z.infer<typeof serviceCode>;

/** A service performed during the encounter (CDA section Prestazioni, act EVN). */
export const performedService = serviceCode.extend({
  time: isoDateTime,
  quantity: z.number().int().min(1).max(99).default(1),
  note: z.string().trim().min(1).max(2000).optional(),
});
export type PerformedService = z.infer<typeof performedService>;

/** A coded problem or condition of the clinical history (entry observation 75326-9). */
export const historyProblem = z
  .object({
    description: z.string().trim().min(1).max(1000),
    code: icd9cmDiagnosis.optional(),
    onset: isoDate.optional(),
    /** Resolution date: the problem is no longer active. */
    resolved: isoDate.optional(),
    status: z.enum(['active', 'inactive']).default('active'),
    course: z.enum(['chronic', 'acute']).optional(),
  })
  // The teleconsultation schematron compares low and high as strings with ">".
  .refine((p) => !p.onset || !p.resolved || p.resolved > p.onset, {
    message: "la risoluzione deve seguire l'esordio",
    path: ['resolved'],
  })
  .refine((p) => !p.resolved || p.status === 'inactive', {
    message: 'un problema risolto non è in atto (status inactive)',
    path: ['status'],
  });
export type HistoryProblem = z.infer<typeof historyProblem>;

/** HL7 ObservationIntoleranceType (2.16.840.1.113883.5.4). */
export const intoleranceTypes = {
  ALG: 'Allergia',
  DALG: 'Allergia a farmaci',
  FALG: 'Allergia alimentare',
  EALG: 'Allergia ambientale',
  OINT: 'Intolleranza',
  DINT: 'Intolleranza a farmaci',
  FINT: 'Intolleranza alimentare',
} as const;

/** Agent code systems the gateway accepts for allergies. */
export const allergenSystems = {
  atc: { oid: '2.16.840.1.113883.6.73', name: 'WHO ATC' },
  aic: { oid: '2.16.840.1.113883.2.9.6.1.5', name: 'AIC' },
  'allergeni-non-farmaci': { oid: '2.16.840.1.113883.2.9.77.22.11.2', name: 'AllergenNoDrugs' },
} as const;

export const allergy = z.object({
  /** The allergy as written in the narrative, reaction included. */
  description: z.string().trim().min(1).max(1000),
  type: z.enum(Object.keys(intoleranceTypes) as [keyof typeof intoleranceTypes]),
  /** The agent; when absent the entry says the agent is unknown (nullFlavor UNK). */
  agent: z
    .object({
      system: z.enum(Object.keys(allergenSystems) as [keyof typeof allergenSystems]),
      code: z.string().trim().min(1).max(64),
      display: z.string().trim().min(1).max(300),
    })
    .optional(),
  since: isoDate.optional(),
});
export type Allergy = z.infer<typeof allergy>;

/** ATC code, any level (A, A10, A10B, A10BA, A10BA02). */
const atcCode = z
  .string()
  .regex(/^[A-Z](\d{2}([A-Z]([A-Z](\d{2})?)?)?)?$/, 'codice ATC (es. C07AB07)');

/** A medicinal product: AIC (the Italian marketing authorisation code) and/or ATC. */
export const medicinalProduct = z.object({
  description: z.string().trim().min(1).max(300),
  aic: z
    .object({
      code: z.string().regex(/^\d{9}$/, 'codice AIC: 9 cifre'),
      display: z.string().trim().min(1).max(300),
    })
    .optional(),
  atc: z.object({ code: atcCode, display: z.string().trim().min(1).max(300) }).optional(),
});
export type MedicinalProduct = z.infer<typeof medicinalProduct>;

/** A drug the patient is taking (sub-section Terapia farmacologica in atto). */
export const currentDrug = medicinalProduct.extend({
  dosage: z.string().trim().min(1).max(500),
});
export type CurrentDrug = z.infer<typeof currentDrug>;

/** A drug recommended to the prescribing doctor (section Terapia farmacologica consigliata). */
export const recommendedDrug = medicinalProduct
  .extend({
    /** Posology as the patient reads it, e.g. "1 compressa la mattina". */
    dosage: z.string().trim().min(1).max(500),
    /** Interval between administrations in hours (HL7 PIVL_TS), when regular. */
    everyHours: z.number().int().min(1).max(168).optional(),
    start: isoDate,
    /** End of a course of limited duration; ongoing therapies have none. */
    end: isoDate.optional(),
    packages: z.number().int().min(1).max(99).optional(),
  })
  .refine((d) => !d.end || d.end >= d.start, {
    message: "la fine della terapia non può precedere l'inizio",
    path: ['end'],
  });
export type RecommendedDrug = z.infer<typeof recommendedDrug>;

/** An examination done before the encounter (section Precedenti esami eseguiti). */
export const previousExam = z.object({
  description: z.string().trim().min(1).max(300),
  date: isoDate,
  outcome: z.string().trim().min(1).max(4000),
  /** LOINC or ICD-9-CM (procedures): the codes the gateway expects for these entries. */
  code: z
    .object({
      system: z.enum(['loinc', 'icd9cm']),
      code: z.string().trim().min(1).max(20),
      display: z.string().trim().min(1).max(300),
    })
    .optional(),
});
export type PreviousExam = z.infer<typeof previousExam>;

/** A test or follow-up the specialist recommends (section Accertamenti e controlli consigliati). */
export const recommendedTest = z.object({
  description: z.string().trim().min(1).max(500),
  service: serviceCode.optional(),
  /** When, in words ("entro 6 mesi"), shown in the narrative. */
  when: z.string().trim().min(1).max(200).optional(),
});
export type RecommendedTest = z.infer<typeof recommendedTest>;

/** Clinical history: narrative anamnesis, coded problems, allergies and current therapy. */
export const clinicalHistory = z
  .object({
    anamnesis: freeText.optional(),
    problems: z.array(historyProblem).max(50).default([]),
    allergies: z
      .object({
        /** Narrative, e.g. "Nessuna allergia nota." when there are none. */
        text: freeText.optional(),
        items: z.array(allergy).max(20).default([]),
      })
      .optional(),
    currentTherapy: z
      .object({ text: freeText.optional(), items: z.array(currentDrug).max(30).default([]) })
      .optional(),
  })
  .refine((h) => h.anamnesis !== undefined || h.problems.length > 0, {
    message: 'la storia clinica richiede un testo di anamnesi o almeno un problema',
    path: ['anamnesis'],
  })
  .refine((h) => !h.allergies || h.allergies.text !== undefined || h.allergies.items.length > 0, {
    message: 'allergie: testo o almeno una voce',
    path: ['allergies'],
  })
  .refine(
    (h) =>
      !h.currentTherapy || h.currentTherapy.text !== undefined || h.currentTherapy.items.length > 0,
    { message: 'terapia in atto: testo o almeno un farmaco', path: ['currentTherapy'] },
  );
export type ClinicalHistory = z.infer<typeof clinicalHistory>;

export const previousExams = z
  .object({ text: freeText.optional(), items: z.array(previousExam).max(50).default([]) })
  .refine((p) => p.text !== undefined || p.items.length > 0, {
    message: 'precedenti esami: testo o almeno un esame',
  });
export type PreviousExams = z.infer<typeof previousExams>;
