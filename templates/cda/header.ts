import { create } from 'xmlbuilder2';
import { deomocodise } from '../../platform/identity/codice-fiscale.js';
import { cdaTypes, type CdaType } from '../conformance/cda-conformance.js';
import type { Clinician, DocumentHeader, InstanceId } from '../documents/header.js';
import type { Coding } from '../documents/outline.js';
import {
  appendAddr,
  appendCode,
  appendFiscalCodeId,
  appendId,
  appendInterval,
  appendPersonName,
  appendTelecoms,
  hl7Date,
  hl7Ts,
  oids,
  type XmlNode,
} from './datatypes.js';

/**
 * The CDA R2 header (ClinicalDocument up to componentOf) shared by the four FSE types. What
 * differs between their schematrons is data in `cdaProfiles`, not a copy of this code.
 */

type Priority = NonNullable<DocumentHeader['prescription']>['priority'];

export interface CdaProfile {
  /** ClinicalDocument/templateId/@extension (the guide version). */
  templateExtension: string;
  /** ClinicalDocument/code/@displayName the schematron recommends (W001 otherwise). */
  codeDisplayName: string;
  /** inFulfillmentOf is mandatory: an NRE or, failing that, `options.order`. */
  requiresOrder: boolean;
  /** At least one participant (referrer or `options.participants`). */
  requiresParticipant: boolean;
  /** author/assignedAuthor must have a telecom (phone or e-mail). */
  requiresAuthorTelecom: boolean;
  /** healthCareFacility/serviceProviderOrganization must have asOrganizationPartOf. */
  requiresOrganizationPartOf: boolean;
  /** Roots allowed for healthCareFacility/id, when the schematron restricts them. */
  facilityIdRoots: readonly string[] | null;
  /** Roots allowed for serviceProviderOrganization/id, when restricted. */
  serviceProviderIdRoots: readonly string[] | null;
  /** order/priorityCode from the prescription's priority (HL7 ActPriority). */
  priority: Record<Priority, { code: string; display: string }>;
  /**
   * A patient born abroad whose birthplace the header does not give (Italians' country comes
   * from the codice fiscale): write birthplace with a null-flavoured addr, leave it out, or
   * refuse the data because the schematron demands the country.
   */
  unknownBirthplace: 'null-flavor' | 'omit' | 'required';
}

const ITALIAN_PRIORITY: CdaProfile['priority'] = {
  R: { code: 'R', display: 'Normale' },
  P: { code: 'P', display: 'Programmata' },
  UR: { code: 'UR', display: 'Urgente' },
  EM: { code: 'EM', display: 'Emergenza' },
};

const PRESIDIO_ROOTS = [oids.hsp11, oids.sts11] as const;

export const cdaProfiles: Record<CdaType, CdaProfile> = {
  'referto-televisita': {
    templateExtension: '1.0',
    codeDisplayName: 'Telehealth note',
    requiresOrder: true,
    requiresParticipant: false,
    requiresAuthorTelecom: false,
    requiresOrganizationPartOf: true,
    facilityIdRoots: null,
    serviceProviderIdRoots: null,
    priority: ITALIAN_PRIORITY,
    // ERRORE-22: birthplace/place/addr is mandatory.
    unknownBirthplace: 'null-flavor',
  },
  'relazione-teleassistenza': {
    templateExtension: '1.0',
    codeDisplayName: 'Telehealth note',
    requiresOrder: true,
    requiresParticipant: false,
    requiresAuthorTelecom: false,
    requiresOrganizationPartOf: false,
    facilityIdRoots: [oids.hsp11Ward],
    serviceProviderIdRoots: PRESIDIO_ROOTS,
    priority: ITALIAN_PRIORITY,
    // ERRORE-22: a birthplace, when present, must give the country.
    unknownBirthplace: 'omit',
  },
  'relazione-teleconsulto': {
    templateExtension: '1.0',
    codeDisplayName: 'Nota di teleconsulto (teleconsultation note)',
    requiresOrder: false,
    requiresParticipant: true,
    requiresAuthorTelecom: false,
    requiresOrganizationPartOf: false,
    facilityIdRoots: [oids.hsp11Ward],
    serviceProviderIdRoots: PRESIDIO_ROOTS,
    // ERRORE-51 admits only S (urgente), A (breve), EL (differita), R (programmata).
    priority: {
      R: { code: 'R', display: 'Programmata' },
      P: { code: 'EL', display: 'Differita' },
      UR: { code: 'A', display: 'Breve' },
      EM: { code: 'S', display: 'Urgente' },
    },
    // The birthplace country is mandatory.
    unknownBirthplace: 'required',
  },
  rsa: {
    templateExtension: '1.1',
    codeDisplayName: 'Nota di consulto',
    requiresOrder: false,
    requiresParticipant: false,
    requiresAuthorTelecom: true,
    requiresOrganizationPartOf: false,
    facilityIdRoots: null,
    serviceProviderIdRoots: null,
    priority: ITALIAN_PRIORITY,
    unknownBirthplace: 'omit',
  },
};

/** A participant besides the referrer (e.g. the consultant, typeCode SPRF). */
export interface CdaParticipant {
  typeCode: 'REF' | 'SPRF' | 'CON' | 'PRF';
  clinician: Clinician;
  time?: string;
  /** ParticipationFunction (2.16.840.1.113883.5.88). */
  functionCode?: Coding;
  /** associatedEntity/code, e.g. an ISCO-08 profession. */
  code?: Coding;
  scopingOrganization?: {
    id?: InstanceId;
    name: string;
    phone?: string;
    address?: DocumentHeader['custodian']['address'];
  };
}

export interface CdaServiceProvider {
  /** Presidio or structure (HSP11 / STS11) providing the service. */
  id?: InstanceId;
  /** Azienda sanitaria (FLS11) the presidio belongs to. */
  partOf?: InstanceId;
}

export interface CdaDocumentOptions {
  /** Document title; defaults to the Italian title of the type. */
  title?: string;
  /** Order fulfilled when there is no NRE (e.g. the booking or request id). */
  order?: InstanceId;
  /** documentationOf/serviceEvent: programmed (PROG) or direct (DIR) access. */
  access?: 'PROG' | 'DIR';
  /** serviceEvent period; defaults to the encounter's. */
  servicePeriod?: { start: string; end?: string };
  participants?: CdaParticipant[];
  /**
   * Authors after `header.author`, in order: the consultants who co-write a collaborative
   * teleconsultation report, each with the time of their contribution.
   */
  additionalAuthors?: { clinician: Clinician; time: string }[];
  /** Defaults from the custodian: an FLS11 custodian is the azienda, HSP11/STS11 the presidio. */
  serviceProvider?: CdaServiceProvider;
}

export interface CdaIssue {
  path: (string | number)[];
  message: string;
}

const OPTION_KEYS = new Set<string>(['order', 'participants', 'serviceProvider', 'servicePeriod']);

/**
 * Where a CdaIssue points in a document model that keeps the header under `header` and the
 * CDA options it carries (serviceProvider, …) at the top level, as the type models do.
 */
export function issuePathInModel(issue: CdaIssue): (string | number)[] {
  const head = issue.path[0];
  return typeof head === 'string' && OPTION_KEYS.has(head) ? issue.path : ['header', ...issue.path];
}

/** The header data cannot make a document the gateway accepts; `issues` say where. */
export class CdaRenderError extends Error {
  override name = 'CdaRenderError';
  constructor(
    readonly type: CdaType,
    readonly issues: CdaIssue[],
  ) {
    super(
      `${cdaTypes[type].title.it}: ${issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
}

function serviceProviderOf(header: DocumentHeader, opts: CdaDocumentOptions): CdaServiceProvider {
  const custodianId = { root: header.custodian.idRoot, extension: header.custodian.code };
  const derived: CdaServiceProvider =
    header.custodian.idRoot === oids.fls11
      ? { partOf: custodianId }
      : (PRESIDIO_ROOTS as readonly string[]).includes(header.custodian.idRoot)
        ? { id: custodianId }
        : {};
  return { ...derived, ...opts.serviceProvider };
}

/**
 * What in `header` and `opts` would make the schematron of `type` refuse the document, as
 * field paths and Italian messages. Models call it from superRefine, so bad input is a 4xx
 * with paths instead of a refused document.
 */
export function cdaHeaderIssues(
  type: CdaType,
  header: DocumentHeader,
  opts: CdaDocumentOptions = {},
): CdaIssue[] {
  const profile = cdaProfiles[type];
  const issues: CdaIssue[] = [];
  const sameRoot = header.id.root === header.setId.root;
  if (header.version === 1) {
    if (header.replaces)
      issues.push({ path: ['replaces'], message: 'la prima versione non sostituisce documenti' });
    if (sameRoot && header.id.extension !== header.setId.extension)
      issues.push({ path: ['setId'], message: 'nella prima versione setId coincide con id' });
  } else {
    if (!header.replaces)
      issues.push({
        path: ['replaces'],
        message: 'una versione successiva alla prima deve indicare il documento che sostituisce',
      });
    if (sameRoot && header.id.extension === header.setId.extension)
      issues.push({ path: ['id'], message: 'dalla seconda versione id deve differire da setId' });
  }
  if (header.replaces) {
    const r = header.replaces;
    if (r.setId.root !== header.setId.root || r.setId.extension !== header.setId.extension)
      issues.push({
        path: ['replaces', 'setId'],
        message: 'il documento sostituito deve appartenere allo stesso setId',
      });
    if (r.version >= header.version)
      issues.push({
        path: ['replaces', 'version'],
        message: 'la versione sostituita deve precedere quella del documento',
      });
  }
  if (
    profile.unknownBirthplace === 'required' &&
    !header.patient.birthPlace &&
    bornAbroad(header.patient.fiscalCode)
  )
    issues.push({
      path: ['patient', 'birthPlace', 'country'],
      message: 'per un paziente nato all’estero serve lo stato di nascita (codice ISTAT)',
    });
  const { start, end } = header.encounter;
  if (end && hl7Ts(end) < hl7Ts(start))
    issues.push({ path: ['encounter', 'end'], message: 'la fine precede l’inizio dell’incontro' });
  if (profile.requiresOrder && !header.prescription && !opts.order)
    issues.push({
      path: ['prescription'],
      message: 'serve l’NRE della ricetta o l’identificativo della richiesta (order)',
    });
  if (profile.requiresParticipant && !header.referrer && !opts.participants?.length)
    issues.push({ path: ['referrer'], message: 'serve almeno un partecipante' });
  if (
    profile.requiresAuthorTelecom &&
    !header.author.clinician.phone &&
    !header.author.clinician.email
  )
    issues.push({
      path: ['author', 'clinician', 'phone'],
      message: 'l’autore deve avere un telefono o un indirizzo e-mail',
    });
  if (profile.requiresAuthorTelecom)
    (opts.additionalAuthors ?? []).forEach((a, i) => {
      if (!a.clinician.phone && !a.clinician.email)
        issues.push({
          path: ['additionalAuthors', i, 'clinician', 'phone'],
          message: 'ogni autore deve avere un telefono o un indirizzo e-mail',
        });
    });
  if (
    profile.facilityIdRoots &&
    !profile.facilityIdRoots.includes(header.encounter.facility.idRoot)
  )
    issues.push({
      path: ['encounter', 'facility', 'idRoot'],
      message: `la struttura deve essere codificata con ${profile.facilityIdRoots.join(' o ')}`,
    });
  const provider = serviceProviderOf(header, opts);
  if (
    profile.serviceProviderIdRoots &&
    provider.id &&
    !profile.serviceProviderIdRoots.includes(provider.id.root)
  )
    issues.push({
      path: ['serviceProvider', 'id', 'root'],
      message: `il presidio deve essere codificato con ${profile.serviceProviderIdRoots.join(' o ')}`,
    });
  if (provider.partOf && provider.partOf.root !== oids.fls11)
    issues.push({
      path: ['serviceProvider', 'partOf', 'root'],
      message: `l’azienda sanitaria deve essere codificata con ${oids.fls11} (FLS11)`,
    });
  if (profile.requiresOrganizationPartOf && !provider.partOf)
    issues.push({
      path: ['serviceProvider', 'partOf'],
      message: 'serve l’azienda sanitaria (FLS11) a cui appartiene la struttura erogatrice',
    });
  return issues;
}

const GENDER: Record<DocumentHeader['patient']['gender'], string> = {
  M: 'Maschio',
  F: 'Femmina',
  UN: 'Non specificato',
};

const CONFIDENTIALITY: Record<DocumentHeader['confidentiality'], string> = {
  N: 'Normal',
  R: 'Restricted',
  V: 'Very Restricted',
};

const ACCESS = { PROG: 'Accesso programmato', DIR: 'Accesso diretto' } as const;

/** A clinician as assignedAuthor/assignedEntity content: id, addr, telecom, assignedPerson. */
function appendAssigned(parent: XmlNode, clinician: Clinician): void {
  appendFiscalCodeId(parent, clinician.fiscalCode);
  appendAddr(parent, clinician.address, { use: 'WP' });
  appendTelecoms(parent, clinician, 'WP');
  appendPersonName(parent.ele('assignedPerson'), clinician.name);
}

/** The codice fiscale encodes the comune of birth; a Belfiore code starting with Z is a foreign country. */
function bornAbroad(fiscalCode: string): boolean {
  return deomocodise(fiscalCode)[11] === 'Z';
}

function appendRecordTarget(
  doc: XmlNode,
  patient: DocumentHeader['patient'],
  unknownBirthplace: CdaProfile['unknownBirthplace'],
): void {
  const role = doc.ele('recordTarget').ele('patientRole');
  appendFiscalCodeId(role, patient.fiscalCode);
  appendAddr(role, patient.address, { use: 'H' });
  appendTelecoms(role, patient, 'HP');
  const person = role.ele('patient');
  appendPersonName(person, patient.name, { prefix: false });
  person.ele('administrativeGenderCode', {
    code: patient.gender,
    codeSystem: oids.administrativeGender,
    codeSystemName: 'HL7 AdministrativeGender',
    displayName: GENDER[patient.gender],
  });
  person.ele('birthTime', { value: hl7Date(patient.birthDate) });
  if (patient.birthPlace) {
    appendAddr(person.ele('birthplace').ele('place'), patient.birthPlace, { allowPartial: true });
  } else if (!bornAbroad(patient.fiscalCode)) {
    person.ele('birthplace').ele('place').ele('addr').ele('country').txt('100');
  } else if (unknownBirthplace === 'null-flavor') {
    person.ele('birthplace').ele('place').ele('addr', { nullFlavor: 'UNK' });
  }
}

function appendParticipant(doc: XmlNode, p: CdaParticipant): void {
  const participant = doc.ele('participant', { typeCode: p.typeCode });
  if (p.functionCode)
    appendCode(participant, 'functionCode', {
      ...p.functionCode,
      system: p.functionCode.system || '2.16.840.1.113883.5.88',
    });
  if (p.time) participant.ele('time', { value: hl7Ts(p.time) });
  const entity = participant.ele('associatedEntity', { classCode: 'PROV' });
  appendFiscalCodeId(entity, p.clinician.fiscalCode);
  if (p.code) appendCode(entity, 'code', p.code);
  appendAddr(entity, p.clinician.address, { use: 'WP' });
  appendTelecoms(entity, p.clinician, 'WP');
  appendPersonName(entity.ele('associatedPerson'), p.clinician.name);
  if (p.scopingOrganization) {
    const org = entity.ele('scopingOrganization');
    if (p.scopingOrganization.id) appendId(org, p.scopingOrganization.id);
    org.ele('name').txt(p.scopingOrganization.name);
    appendTelecoms(org, p.scopingOrganization, 'WP');
    appendAddr(org, p.scopingOrganization.address, { use: 'WP' });
  }
}

/**
 * A complete ClinicalDocument of `type`: the header from `header` and `opts`, then
 * component/structuredBody filled by `buildBody`. Deterministic (same input, same bytes),
 * UTF-8 with XML declaration, indented. Throws CdaRenderError when the header cannot pass
 * the type's schematron.
 */
export function renderCdaDocument(
  type: CdaType,
  header: DocumentHeader,
  opts: CdaDocumentOptions,
  buildBody: (structuredBody: XmlNode) => void,
): string {
  const issues = cdaHeaderIssues(type, header, opts);
  if (issues.length > 0) throw new CdaRenderError(type, issues);
  const profile = cdaProfiles[type];
  const spec = cdaTypes[type];

  const xml = create({ version: '1.0', encoding: 'UTF-8' });
  const doc = xml.ele('urn:hl7-org:v3', 'ClinicalDocument', {
    'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
  });
  doc.ele('realmCode', { code: 'IT' });
  doc.ele('typeId', { root: '2.16.840.1.113883.1.3', extension: 'POCD_MT000040UV02' });
  doc.ele('templateId', {
    root: spec.templateId,
    extension: profile.templateExtension,
    assigningAuthorityName: 'HL7 Italia',
  });
  appendId(doc, header.id);
  appendCode(doc, 'code', {
    code: spec.loinc,
    system: oids.loinc,
    systemName: 'LOINC',
    display: profile.codeDisplayName,
  });
  doc.ele('title').txt(opts.title ?? spec.title.it);
  doc.ele('effectiveTime', { value: hl7Ts(header.effectiveTime) });
  doc.ele('confidentialityCode', {
    code: header.confidentiality,
    codeSystem: oids.confidentiality,
    codeSystemName: 'HL7 Confidentiality',
    displayName: CONFIDENTIALITY[header.confidentiality],
  });
  doc.ele('languageCode', { code: header.language });
  appendId(doc, header.setId, undefined, 'setId');
  doc.ele('versionNumber', { value: String(header.version) });

  appendRecordTarget(doc, header.patient, profile.unknownBirthplace);

  const author = doc.ele('author');
  author.ele('time', { value: hl7Ts(header.author.time) });
  appendAssigned(author.ele('assignedAuthor'), header.author.clinician);
  for (const extra of opts.additionalAuthors ?? []) {
    const coAuthor = doc.ele('author');
    coAuthor.ele('time', { value: hl7Ts(extra.time) });
    appendAssigned(coAuthor.ele('assignedAuthor'), extra.clinician);
  }

  if (header.dataEnterer) {
    const enterer = doc.ele('dataEnterer', { typeCode: 'ENT' });
    enterer.ele('time', { value: hl7Ts(header.dataEnterer.time) });
    appendAssigned(enterer.ele('assignedEntity'), header.dataEnterer.clinician);
  }

  const custodian = doc
    .ele('custodian')
    .ele('assignedCustodian')
    .ele('representedCustodianOrganization');
  appendId(custodian, { root: header.custodian.idRoot, extension: header.custodian.code });
  custodian.ele('name').txt(header.custodian.name);
  appendTelecoms(custodian, header.custodian, 'WP');
  appendAddr(custodian, header.custodian.address, { use: 'WP' });

  const legal = doc.ele('legalAuthenticator');
  legal.ele('time', { value: hl7Ts(header.legalAuthenticator.time) });
  legal.ele('signatureCode', { code: 'S' });
  appendAssigned(legal.ele('assignedEntity'), header.legalAuthenticator.clinician);

  if (header.referrer) appendParticipant(doc, { typeCode: 'REF', clinician: header.referrer });
  for (const p of opts.participants ?? []) appendParticipant(doc, p);

  const orderId =
    header.prescription !== undefined
      ? { root: oids.nre, extension: header.prescription.nre }
      : opts.order;
  if (orderId) {
    const order = doc.ele('inFulfillmentOf').ele('order', { classCode: 'ACT', moodCode: 'RQO' });
    appendId(order, orderId);
    if (header.prescription) {
      const priority = profile.priority[header.prescription.priority];
      order.ele('priorityCode', {
        code: priority.code,
        codeSystem: oids.actPriority,
        codeSystemName: 'HL7 ActPriority',
        displayName: priority.display,
      });
    }
  }

  const access = opts.access ?? 'PROG';
  const serviceEvent = doc.ele('documentationOf').ele('serviceEvent');
  serviceEvent.ele('code', {
    code: access,
    codeSystem: oids.actCodeIt,
    codeSystemName: 'ActCode',
    displayName: ACCESS[access],
  });
  const period = opts.servicePeriod ?? header.encounter;
  appendInterval(serviceEvent, 'effectiveTime', period.start, period.end);

  if (header.replaces) {
    const parentDoc = doc.ele('relatedDocument', { typeCode: 'RPLC' }).ele('parentDocument');
    appendId(parentDoc, header.replaces.id);
    appendId(parentDoc, header.replaces.setId, undefined, 'setId');
    parentDoc.ele('versionNumber', { value: String(header.replaces.version) });
  }

  const encounter = doc.ele('componentOf').ele('encompassingEncounter');
  appendId(encounter, header.encounter.id);
  appendInterval(encounter, 'effectiveTime', header.encounter.start, header.encounter.end);
  if (header.encounter.responsible) {
    appendAssigned(
      encounter.ele('responsibleParty').ele('assignedEntity'),
      header.encounter.responsible,
    );
  }
  const facility = encounter.ele('location').ele('healthCareFacility');
  const { facility: site } = header.encounter;
  appendId(facility, { root: site.idRoot, extension: site.code });
  const place = facility.ele('location');
  place.ele('name').txt(site.name);
  appendAddr(place, site.address, { use: 'WP' });
  const provider = serviceProviderOf(header, opts);
  const org = facility.ele('serviceProviderOrganization', { classCode: 'ORG' });
  if (provider.id) appendId(org, provider.id);
  if (provider.partOf) appendId(org.ele('asOrganizationPartOf'), provider.partOf);

  buildBody(doc.ele('component').ele('structuredBody', { classCode: 'DOCBODY', moodCode: 'EVN' }));
  return xml.end({ prettyPrint: true, indent: '  ' }) + '\n';
}
