import { z } from 'zod';
import { codiceFiscaleProblem } from '../../platform/identity/codice-fiscale.js';

/**
 * The header every clinical document shares, as data. One model feeds both renderings: the
 * CDA R2 header (templates/cda) and the PDF's heading (templates/pdf). Times are ISO 8601
 * with an offset; the renderers turn them into HL7 TS (YYYYMMDDHHMMSS+ZZZZ) or Italian text.
 */

export const oid = z.string().regex(/^[0-2](\.(0|[1-9][0-9]*))+$/, 'OID: cifre separate da punti');

export const instanceId = z.object({ root: oid, extension: z.string().min(1).max(256) });
export type InstanceId = z.infer<typeof instanceId>;

export const isoDateTime = z.iso.datetime({ offset: true });
export const isoDate = z.iso.date();

export const codiceFiscale = z
  .string()
  .transform((s) => s.trim().toUpperCase())
  .refine((s) => codiceFiscaleProblem(s) === null, 'codice fiscale non valido');

/** An Italian address as HL7 Italia uses it (ISTAT codes where known). */
export const address = z.object({
  street: z.string().min(1).max(200).optional(),
  city: z.string().min(1).max(100),
  postalCode: z
    .string()
    .regex(/^\d{5}$/)
    .optional(),
  /** Sigla della provincia, e.g. "RM". */
  county: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  /** ISTAT code of the municipality (6 digits), HL7 censusTract. */
  istat: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
  /** ISTAT code of the region (3 digits, e.g. "120" Lazio), HL7 state. */
  region: z
    .string()
    .regex(/^\d{3}$/)
    .optional(),
  /** ISTAT country code; "100" is Italy. */
  country: z.string().min(1).max(10).default('100'),
});
export type Address = z.infer<typeof address>;

export const personName = z.object({
  given: z.string().min(1).max(100),
  family: z.string().min(1).max(100),
  /** "Dott.", "Dott.ssa", "Prof."… */
  prefix: z.string().min(1).max(20).optional(),
});
export type PersonName = z.infer<typeof personName>;

export const patient = z.object({
  fiscalCode: codiceFiscale,
  name: personName,
  gender: z.enum(['M', 'F', 'UN']),
  birthDate: isoDate,
  birthPlace: address.partial({ city: true }).optional(),
  address: address.optional(),
  phone: z.string().min(3).max(40).optional(),
  email: z.email().optional(),
});
export type Patient = z.infer<typeof patient>;

/** A clinician acting in the document: identified by codice fiscale (OID 2.16.840.1.113883.2.9.4.3.2). */
export const clinician = z.object({
  fiscalCode: codiceFiscale,
  name: personName,
  /** Free-text qualification shown in the PDF, e.g. "Cardiologia". */
  specialty: z.string().max(120).optional(),
  phone: z.string().min(3).max(40).optional(),
  email: z.email().optional(),
  address: address.optional(),
});
export type Clinician = z.infer<typeof clinician>;

/** The organisation keeping the document: the tenant (ASL, hospital). */
export const custodian = z.object({
  /** OID of the coding system of `code`: FLS11 2.16.840.1.113883.2.9.4.1.1, HSP11 .1.2, STS11 .1.3. */
  idRoot: oid,
  code: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  phone: z.string().min(3).max(40).optional(),
  address: address.optional(),
});
export type Custodian = z.infer<typeof custodian>;

export const facility = z.object({
  /** OID of the facility coding (e.g. 2.16.840.1.113883.2.9.4.1.6 HSP11 wards). */
  idRoot: oid,
  code: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  address: address.optional(),
});

export const encounter = z.object({
  id: instanceId,
  start: isoDateTime,
  end: isoDateTime.optional(),
  facility,
  /** The clinician responsible for the encounter (CDA responsibleParty). */
  responsible: clinician.optional(),
});
export type Encounter = z.infer<typeof encounter>;

/** Replacement: the previous version of the same set (CDA relatedDocument RPLC). */
export const replaces = z.object({
  id: instanceId,
  setId: instanceId,
  version: z.number().int().min(1),
});

/** The NRE of an Italian e-prescription (ricetta dematerializzata): 15 alphanumerics. */
export const nre = z.string().regex(/^[0-9A-Z]{15}$/, 'NRE: 15 caratteri alfanumerici');

export const documentHeader = z.object({
  id: instanceId,
  setId: instanceId,
  version: z.number().int().min(1),
  replaces: replaces.optional(),
  effectiveTime: isoDateTime,
  confidentiality: z.enum(['N', 'R', 'V']).default('N'),
  language: z.literal('it-IT').default('it-IT'),
  patient,
  author: z.object({ clinician, time: isoDateTime }),
  legalAuthenticator: z.object({ clinician, time: isoDateTime }),
  /** Who typed the document when not the author (CDA dataEnterer). */
  dataEnterer: z.object({ clinician, time: isoDateTime }).optional(),
  custodian,
  /** Prescription this activity fulfils (CDA inFulfillmentOf/order). */
  prescription: z.object({ nre, priority: z.enum(['R', 'P', 'UR', 'EM']).default('R') }).optional(),
  /** The prescribing doctor (CDA participant REF). */
  referrer: clinician.optional(),
  encounter,
});
export type DocumentHeader = z.infer<typeof documentHeader>;
export type DocumentHeaderInput = z.input<typeof documentHeader>;

/** Tenant branding for the PDF rendering. */
export const branding = z.object({
  organisation: z.string().min(1).max(200),
  /** Department or unit line under the organisation, e.g. "Centrale di Telemedicina". */
  unit: z.string().max(200).optional(),
  /** Hex colour for rules and headings. */
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .default('#0b5394'),
  /** Logo as an SVG string (rendered natively by pdfmake). */
  logoSvg: z.string().max(200_000).optional(),
  /** Footer line: address, phone, website. */
  footer: z.string().max(300).optional(),
});
export type Branding = z.infer<typeof branding>;
