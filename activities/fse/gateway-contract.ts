import { z } from 'zod';
import {
  cdaTypeNames,
  cdaTypes,
  type CdaType,
} from '../../templates/conformance/cda-conformance.js';
import {
  isValidCodiceFiscale,
  normaliseCodiceFiscale,
} from '../../platform/identity/codice-fiscale.js';

/**
 * The client's side of the FSE 2.0 Gateway Dispatcher contract (gateway/swagger_gtw.yaml,
 * "INTERFACCE REST Gateway" v2.13 of ministero-salute/it-fse-support): the request bodies'
 * enums and lengths, and the typed input the JWT claims are built from. The embedded gateway
 * reads the same enums from the YAML itself; test/api/fse-gateway.test.ts checks they agree.
 */

export const tipologiaStruttura = [
  'Ospedale',
  'Prevenzione',
  'Territorio',
  'SistemaTS',
  'Cittadino',
  'MdsPN_DGC',
] as const;

export const tipoDocumentoLivAlto = [
  'WOR',
  'REF',
  'LDO',
  'RIC',
  'SUM',
  'TAC',
  'PRS',
  'PRE',
  'ESE',
  'PDC',
  'VAC',
  'CER',
  'VRB',
  'CON',
  'CNT',
  'CRT',
  'LET',
  'PRO',
  'COL',
] as const;

// prettier-ignore
export const assettoOrganizzativo = [
  'AD_PSC001', 'AD_PSC002', 'AD_PSC003', 'AD_PSC004', 'AD_PSC005', 'AD_PSC006', 'AD_PSC007',
  'AD_PSC008', 'AD_PSC009', 'AD_PSC010', 'AD_PSC011', 'AD_PSC012', 'AD_PSC013', 'AD_PSC014',
  'AD_PSC015', 'AD_PSC018', 'AD_PSC019', 'AD_PSC020', 'AD_PSC021', 'AD_PSC024', 'AD_PSC025',
  'AD_PSC026', 'AD_PSC027', 'AD_PSC028', 'AD_PSC029', 'AD_PSC030', 'AD_PSC031', 'AD_PSC032',
  'AD_PSC033', 'AD_PSC034', 'AD_PSC035', 'AD_PSC036', 'AD_PSC037', 'AD_PSC038', 'AD_PSC039',
  'AD_PSC040', 'AD_PSC041', 'AD_PSC042', 'AD_PSC043', 'AD_PSC046', 'AD_PSC047', 'AD_PSC048',
  'AD_PSC049', 'AD_PSC050', 'AD_PSC051', 'AD_PSC052', 'AD_PSC054', 'AD_PSC055', 'AD_PSC056',
  'AD_PSC057', 'AD_PSC058', 'AD_PSC060', 'AD_PSC061', 'AD_PSC062', 'AD_PSC064', 'AD_PSC065',
  'AD_PSC066', 'AD_PSC067', 'AD_PSC068', 'AD_PSC069', 'AD_PSC070', 'AD_PSC071', 'AD_PSC072',
  'AD_PSC073', 'AD_PSC074', 'AD_PSC075', 'AD_PSC076', 'AD_PSC077', 'AD_PSC078', 'AD_PSC094',
  'AD_PSC096', 'AD_PSC097', 'AD_PSC098', 'AD_PSC099', 'AD_PSC100', 'AD_PSC101', 'AD_PSC102',
  'AD_PSC103', 'AD_PSC104', 'AD_PSC107', 'AD_PSC109', 'AD_PSC121', 'AD_PSC122', 'AD_PSC126',
  'AD_PSC129', 'AD_PSC130', 'AD_PSC131', 'AD_PSC199', 'AD_PSC999',
] as const;

export const tipoAttivitaClinica = [
  'PHR',
  'CON',
  'DIS',
  'ERP',
  'Sistema_TS',
  'INI',
  'PN_DGC',
  'OBS',
] as const;

export const administrativeRequest = ['SSN', 'INPATIENT', 'NOSSN', 'SSR', 'DONOR', 'AUTO'] as const;

/** Tabella 46 (urn:oasis:names:tc:xacml:2.0:subject:role): the `subject_role` claim. */
export const subjectRoles = [
  'AAS',
  'APR',
  'PSS',
  'INF',
  'FAR',
  'DSA',
  'DAM',
  'OAM',
  'ASS',
  'TUT',
  'ING',
  'GEN',
  'NOR',
  'DRS',
  'RSA',
  'MRP',
  'INI',
  'OGC',
  'OPI',
  'MDS',
  'GTW',
] as const;
export type SubjectRole = (typeof subjectRoles)[number];

/** Tabella 48: `subject_organization_id` → `subject_organization`. */
export const subjectOrganizations = {
  '010': 'Regione Piemonte',
  '020': "Regione Valle d'Aosta",
  '030': 'Regione Lombardia',
  '041': 'P.A. Bolzano',
  '042': 'P.A. Trento',
  '050': 'Regione Veneto',
  '060': 'Regione Friuli Venezia Giulia',
  '070': 'Regione Liguria',
  '080': 'Regione Emilia-Romagna',
  '090': 'Regione Toscana',
  '100': 'Regione Umbria',
  '110': 'Regione Marche',
  '120': 'Regione Lazio',
  '130': 'Regione Abruzzo',
  '140': 'Regione Molise',
  '150': 'Regione Campania',
  '160': 'Regione Puglia',
  '170': 'Regione Basilicata',
  '180': 'Regione Calabria',
  '190': 'Regione Sicilia',
  '200': 'Regione Sardegna',
  '000': 'INI',
  '970': 'Sistema TS',
  '001': 'SASN',
  '999': 'GTW',
  '950': 'MDS',
} as const;
export type SubjectOrganizationId = keyof typeof subjectOrganizations;

/** The OIDs the gateway's identifiers use. */
export const FSE_OID = {
  /** Codice fiscale assigning authority (MEF). */
  codiceFiscale: '2.16.840.1.113883.2.9.4.3.2',
  /** Catalogue of healthcare facilities (STS.11), the locality's XON.6.2. */
  facilities: '2.16.840.1.113883.2.9.4.1.3',
  loinc: '2.16.840.1.113883.6.1',
} as const;

export const WORKFLOW_INSTANCE_ID_SUFFIX = '^^^^urn:ihe:iti:xdw:2013:workflowInstanceId';

const codiceFiscale = z
  .string()
  .transform((v) => normaliseCodiceFiscale(v))
  .refine((v) => isValidCodiceFiscale(v), 'codice fiscale non valido / invalid codice fiscale');

const loincCode = z.string().regex(/^\d{1,7}-\d$/, 'codice LOINC / LOINC code, e.g. 11488-4');

/** yyyyMMddHHmmss (ITI TF-3 DTM, UTC) from a Date, or as given. */
const dtm = z
  .union([z.date(), z.string().regex(/^\d{14}$/, 'yyyyMMddHHmmss')])
  .transform((v) => (typeof v === 'string' ? v : toDtm(v)));

export function toDtm(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:T]/g, '')
    .replace(/\.\d+Z$/, '');
}

/**
 * Who asks, for whom, about what: the claims of both JWTs come from here (section 13.1). The
 * action and purpose of use come from the operation, never from the caller.
 */
export const fseRequestContextSchema = z.object({
  /** The professional on whose behalf the platform calls (`sub`) and their role. */
  author: z.object({ codiceFiscale, role: z.enum(subjectRoles) }),
  /** The patient the document is about (`person_id`). */
  patient: z.object({ codiceFiscale }),
  /** The region the tenant belongs to (`subject_organization_id`, Tabella 48). */
  organizationId: z.enum(Object.keys(subjectOrganizations) as [SubjectOrganizationId]),
  /** The producing facility (`locality`, XON): its name and STS.11 code with region and ASL. */
  facility: z.object({
    name: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .regex(/^[^^&]*$/, 'no ^ or & in the name'),
    code: z.string().regex(/^[0-9A-Za-z]{6,20}$/, 'e.g. 090201123456 (region, ASL, STS.11)'),
  }),
  /** The document's type: one of ours (its LOINC code) or a LOINC code (`resource_hl7_type`). */
  documentType: z.union([z.enum(cdaTypeNames as [CdaType]), loincCode]).optional(),
  /** Presa in carico of the patient (`patient_consent`). */
  patientConsent: z.boolean().default(true),
});
export type FseRequestContext = z.input<typeof fseRequestContextSchema>;
export type ParsedFseRequestContext = z.output<typeof fseRequestContextSchema>;

/** The LOINC code of one of our CDA types, or the code itself. */
export function loincOf(documentType: string): string {
  return documentType in cdaTypes ? cdaTypes[documentType as CdaType].loinc : documentType;
}

const descriptionItem = z
  .string()
  .max(1000)
  .regex(/^[^^]+\^[^^]+\^[^^]+$/, '[CODICE]^[Descrizione]^[OID]');

/** The metadata fields shared by creation, replacement and metadata update (INI's XDS ones). */
const metadataFields = {
  tipologiaStruttura: z.enum(tipologiaStruttura),
  attiCliniciRegoleAccesso: z.array(z.string().min(1).max(1000)).max(100).optional(),
  tipoDocumentoLivAlto: z.enum(tipoDocumentoLivAlto),
  assettoOrganizzativo: z.enum(assettoOrganizzativo),
  dataInizioPrestazione: dtm.optional(),
  dataFinePrestazione: dtm.optional(),
  conservazioneANorma: z.string().max(100).optional(),
  tipoAttivitaClinica: z.enum(tipoAttivitaClinica),
  identificativoSottomissione: z.string().min(1).max(100),
  descriptions: z.array(descriptionItem).max(100).optional(),
  administrativeRequest: z.array(z.enum(administrativeRequest)).max(1000).optional(),
};

/** XDSDocumentEntry.uniqueId: `2.16.840.1.113883.2.9.2.[REGIONE].4.4^X`, at most 256. */
const identificativoDoc = z
  .string()
  .min(1)
  .max(256)
  .refine((v) => isValidIdDoc(v), 'OID^identificativo (one ^, both parts non-empty)');

/** What the gateway's `isValidMasterId` accepts: no blanks; with a ^, exactly two parts. */
export function isValidIdDoc(id: string): boolean {
  if (id.trim() === '' || /\s/.test(id)) return false;
  if (!id.includes('^')) return true;
  const parts = id.split('^');
  return parts.length === 2 && parts.every((p) => p.length > 0);
}

/** Creation metadata (PublicationCreationReqDTO without the gateway's own fields). */
export const publicationMetadataSchema = z.strictObject({
  ...metadataFields,
  identificativoDoc,
  identificativoRep: z.string().min(1).max(100),
  priorita: z.boolean().optional(),
});
export type PublicationMetadata = z.input<typeof publicationMetadataSchema>;

/** Replacement metadata: `identificativoDoc` is the new document's id (PublicationUpdateReqDTO). */
export const replacementMetadataSchema = z.strictObject({
  ...metadataFields,
  identificativoDoc,
  identificativoRep: z.string().min(1).max(100),
});
export type ReplacementMetadata = z.input<typeof replacementMetadataSchema>;

/** Metadata update (PublicationMetadataReqDTO, ITI-57). */
export const metadataUpdateSchema = z.strictObject(metadataFields);
export type MetadataUpdate = z.input<typeof metadataUpdateSchema>;

// Responses. The contract marks every field optional; what the platform relies on is required.

export const validationResSchema = z.looseObject({
  traceID: z.string().max(100).optional(),
  spanID: z.string().max(100).optional(),
  workflowInstanceId: z.string().min(1).max(256),
  warning: z.string().max(200_000).nullish(),
});

export const publicationResSchema = validationResSchema;
export const responseWifSchema = validationResSchema;

export const statusCheckSchema = z.looseObject({
  eventType: z.string().nullish(),
  eventDate: z.string().nullish(),
  eventStatus: z.string().nullish(),
  message: z.string().nullish(),
  identificativoDocumento: z.string().nullish(),
  subject: z.string().nullish(),
  subjectRole: z.string().nullish(),
  tipoAttivita: z.string().nullish(),
  organizzazione: z.string().nullish(),
  workflowInstanceId: z.string().nullish(),
  traceId: z.string().nullish(),
  issuer: z.string().nullish(),
  expiringDate: z.string().nullish(),
});

export const transactionInspectResSchema = z.looseObject({
  traceID: z.string().nullish(),
  spanID: z.string().nullish(),
  transactionData: z.array(statusCheckSchema).default([]),
});

export const errorResponseSchema = z.looseObject({
  traceID: z.string().nullish(),
  spanID: z.string().nullish(),
  type: z.string().nullish(),
  title: z.string().nullish(),
  detail: z.string().nullish(),
  status: z.union([z.number(), z.string()]).nullish(),
  instance: z.string().nullish(),
  workflowInstanceId: z.string().nullish(),
});
export type GatewayProblem = z.output<typeof errorResponseSchema>;
