import type { Specialty } from '../../cda/coded-content.js';
import { appendCode, hl7Date, hl7Ts, oids, type XmlNode } from '../../cda/datatypes.js';
import type { Coding } from '../outline.js';
import {
  allergenSystems,
  catalogoNazionalePrestazioni,
  intoleranceTypes,
  type Allergy,
  type CurrentDrug,
  type Diagnosis,
  type HistoryProblem,
  type Icd9cmDiagnosis,
  type MedicinalProduct,
  type PerformedService,
  type PreviousExam,
  type RecommendedDrug,
  type RecommendedTest,
  type ServiceCode,
} from './clinical-content.js';

/**
 * Level-3 entries of the RSA section set, for the two schematrons that use it. They differ
 * in small ways, kept here as `EntryProfile` switches rather than two copies:
 * - the teleconsultation wants entry templateIds (HL7 Italia 2.16.840.1.113883.3.1937.777.63),
 *   effectiveTime/high on every problem, AIC as the drug code and moodCode INT for
 *   recommended drugs;
 * - the RSA accepts ATC, AIC or GE codes and wants moodCode PRP.
 * Only coded items become entries; the narrative carries everything.
 */

export type EntryProfile = 'rsa' | 'teleconsulto';

const XSI_TYPE = 'xsi:type';

/** HL7 Italia entry templates of the teleconsultation guide (the schematron names them). */
export const teleconsultoTemplates = {
  problema: '2.16.840.1.113883.3.1937.777.63.10.650',
  cronicita: '2.16.840.1.113883.3.1937.777.63.10.136',
  statoClinico: '2.16.840.1.113883.3.1937.777.63.10.137',
  allergiaAct: '2.16.840.1.113883.3.1937.777.63.10.716',
  allergiaObservation: '2.16.840.1.113883.3.1937.777.63.10.717',
  brancaSpecialita: '2.16.840.1.113883.3.1937.777.63.10.703',
  disciplinaSpecialita: '2.16.840.1.113883.3.1937.777.63.10.704',
  terapiaConsigliata: '2.16.840.1.113883.3.1937.777.63.10.718',
} as const;

export function icd9Coding(d: Icd9cmDiagnosis): Coding {
  return { code: d.code, system: oids.icd9cm, systemName: 'ICD-9-CM', display: d.display };
}

function loinc(code: string, display: string): Coding {
  return { code, system: oids.loinc, systemName: 'LOINC', display };
}

function catalogueCoding(s: ServiceCode): Coding {
  return {
    code: s.code,
    system: s.catalogue,
    systemName:
      s.catalogue === catalogoNazionalePrestazioni
        ? 'Catalogo Nazionale Prestazioni'
        : 'Catalogo Regionale Prestazioni',
    display: s.display,
  };
}

function reference(parent: XmlNode, element: 'text' | 'originalText', id: string): void {
  parent.ele(element).ele('reference', { value: `#${id}` });
}

function newEntry(section: XmlNode): XmlNode {
  return section.ele('entry', { typeCode: 'DRIV' });
}

/** Quesito diagnostico: observation 29298-7 with an ICD-9-CM value. */
export function appendReasonEntry(section: XmlNode, code: Icd9cmDiagnosis, rowId: string): void {
  const obs = newEntry(section).ele('observation', { classCode: 'OBS', moodCode: 'EVN' });
  appendCode(obs, 'code', loinc('29298-7', 'Motivo della visita'));
  reference(obs, 'text', rowId);
  obs.ele('statusCode', { code: 'completed' });
  appendCode(obs, 'value', icd9Coding(code), { [XSI_TYPE]: 'CD' });
}

const COURSE = {
  chronic: { code: 'LA28752-6', display: 'Cronico' },
  acute: { code: 'LA18821-1', display: 'Acuto' },
} as const;

const CLINICAL_STATUS = {
  active: { code: 'LA16666-2', display: 'Attivo' },
  inactive: { code: 'LA18632-2', display: 'Inattivo' },
} as const;

/** Storia clinica: a coded problem (observation 75326-9) with its course and status. */
export function appendProblemEntry(
  section: XmlNode,
  problem: HistoryProblem & { code: Icd9cmDiagnosis },
  rowId: string,
  profile: EntryProfile,
): void {
  const ctc = profile === 'teleconsulto';
  const obs = newEntry(section).ele('observation', { classCode: 'OBS', moodCode: 'EVN' });
  if (ctc) obs.ele('templateId', { root: teleconsultoTemplates.problema });
  appendCode(obs, 'code', loinc('75326-9', 'Problema'));
  reference(obs, 'text', rowId);
  obs.ele('statusCode', { code: 'completed' });
  const time = obs.ele('effectiveTime');
  time.ele('low', problem.onset ? { value: hl7Date(problem.onset) } : { nullFlavor: 'UNK' });
  // An inactive problem needs its end (RSA ERRORE-b27); the teleconsultation wants high on
  // every problem (ERRORE-b49), unknown while the problem lasts.
  if (problem.resolved) time.ele('high', { value: hl7Date(problem.resolved) });
  else if (ctc || problem.status === 'inactive') time.ele('high', { nullFlavor: 'UNK' });
  appendCode(obs, 'value', icd9Coding(problem.code), { [XSI_TYPE]: 'CD' });
  if (problem.course) {
    const course = obs
      .ele('entryRelationship', { typeCode: 'REFR', inversionInd: 'false' })
      .ele('observation', { classCode: 'OBS', moodCode: 'EVN' });
    if (ctc) course.ele('templateId', { root: teleconsultoTemplates.cronicita });
    appendCode(course, 'code', loinc('89261-2', 'Decorso clinico'));
    course.ele('statusCode', { code: 'completed' });
    appendCode(
      course,
      'value',
      { ...COURSE[problem.course], system: oids.loinc, systemName: 'LOINC' },
      { [XSI_TYPE]: 'CD' },
    );
  }
  const status = obs
    .ele('entryRelationship', { typeCode: 'REFR', inversionInd: 'false' })
    .ele('observation', { classCode: 'OBS', moodCode: 'EVN' });
  if (ctc) status.ele('templateId', { root: teleconsultoTemplates.statoClinico });
  appendCode(status, 'code', loinc('33999-4', 'Stato'));
  status.ele('statusCode', { code: 'completed' });
  appendCode(
    status,
    'value',
    { ...CLINICAL_STATUS[problem.status], system: oids.loinc, systemName: 'LOINC' },
    { [XSI_TYPE]: 'CD' },
  );
}

/** Allergie: concern act (still active) with the allergy observation and its agent. */
export function appendAllergyEntry(
  section: XmlNode,
  allergy: Allergy,
  rowId: string,
  profile: EntryProfile,
): void {
  const ctc = profile === 'teleconsulto';
  const since = allergy.since ? { value: hl7Date(allergy.since) } : { nullFlavor: 'UNK' };
  const act = newEntry(section).ele('act', { classCode: 'ACT', moodCode: 'EVN' });
  if (ctc) act.ele('templateId', { root: teleconsultoTemplates.allergiaAct });
  act.ele('code', { nullFlavor: 'NA' });
  act.ele('statusCode', { code: 'active' });
  act.ele('effectiveTime').ele('low', since);
  const obs = act
    .ele('entryRelationship', { typeCode: 'SUBJ' })
    .ele('observation', { classCode: 'OBS', moodCode: 'EVN' });
  if (ctc) obs.ele('templateId', { root: teleconsultoTemplates.allergiaObservation });
  appendCode(obs, 'code', loinc('52473-6', 'Allergia o causa della reazione'));
  reference(obs, 'text', rowId);
  obs.ele('statusCode', { code: 'completed' });
  obs.ele('effectiveTime').ele('low', since);
  appendCode(
    obs,
    'value',
    {
      code: allergy.type,
      system: '2.16.840.1.113883.5.4',
      systemName: 'ObservationIntoleranceType',
      display: intoleranceTypes[allergy.type],
    },
    { [XSI_TYPE]: 'CD' },
  );
  const entity = obs
    .ele('participant', { typeCode: 'CSM' })
    .ele('participantRole', { classCode: 'MANU' })
    .ele('playingEntity', { classCode: 'MMAT' });
  if (allergy.agent) {
    const system = allergenSystems[allergy.agent.system];
    appendCode(entity, 'code', {
      code: allergy.agent.code,
      system: system.oid,
      systemName: system.name,
      display: allergy.agent.display,
    });
  } else {
    entity.ele('code', { nullFlavor: 'UNK' });
  }
}

/** The product code: AIC with the ATC as translation, or ATC alone where allowed. */
function appendProductCode(parent: XmlNode, drug: MedicinalProduct): void {
  const atc = drug.atc && {
    code: drug.atc.code,
    system: '2.16.840.1.113883.6.73',
    systemName: 'WHO ATC',
    display: drug.atc.display,
  };
  if (drug.aic) {
    const code = appendCode(parent, 'code', {
      code: drug.aic.code,
      system: '2.16.840.1.113883.2.9.6.1.5',
      systemName: 'AIC',
      display: drug.aic.display,
    });
    if (atc) appendCode(code, 'translation', atc);
  } else if (atc) {
    appendCode(parent, 'code', atc);
  }
}

/** Whether a drug can be an entry: the teleconsultation accepts only AIC-coded products. */
export function isCodedDrug(drug: MedicinalProduct, profile: EntryProfile): boolean {
  return profile === 'teleconsulto' ? !!drug.aic : !!(drug.aic ?? drug.atc);
}

function appendConsumable(parent: XmlNode, drug: MedicinalProduct): void {
  appendProductCode(
    parent
      .ele('consumable')
      .ele('manufacturedProduct', { classCode: 'MANU' })
      .ele('manufacturedMaterial'),
    drug,
  );
}

/** Terapia farmacologica in atto: a drug being taken (substanceAdministration EVN). */
export function appendCurrentDrugEntry(section: XmlNode, drug: CurrentDrug, rowId: string): void {
  const admin = newEntry(section).ele('substanceAdministration', {
    classCode: 'SBADM',
    moodCode: 'EVN',
  });
  reference(admin, 'text', rowId);
  admin.ele('statusCode', { code: 'active' });
  appendConsumable(admin, drug);
}

/** Precedenti esami eseguiti: the exam (LOINC or ICD-9-CM) with its outcome as text. */
export function appendPreviousExamEntry(
  section: XmlNode,
  exam: PreviousExam & { code: NonNullable<PreviousExam['code']> },
  rowId: string,
): void {
  const obs = newEntry(section).ele('observation', { classCode: 'OBS', moodCode: 'EVN' });
  appendCode(
    obs,
    'code',
    exam.code.system === 'loinc'
      ? loinc(exam.code.code, exam.code.display)
      : {
          code: exam.code.code,
          system: oids.icd9cm,
          systemName: 'ICD-9-CM',
          display: exam.code.display,
        },
  );
  reference(obs, 'text', rowId);
  obs.ele('statusCode', { code: 'completed' });
  obs.ele('effectiveTime', { value: hl7Date(exam.date) });
  obs.ele('value', { [XSI_TYPE]: 'ST' }).txt(exam.outcome);
}

/** A specialty attached to a teleconsultation service (branca or disciplina). */
export type SpecialtyCode = Specialty['branca'];

/**
 * Branca specialistica (DM 22/07/1996) or disciplina (codici HSP) of a service, required by
 * the telemedicine schematrons, in the shape templates/cda/entries.ts gives the televisita:
 * the Ministry publishes no OID for either list, so the value names its list in
 * codeSystemName and carries no codeSystem rather than an invented one.
 */
function appendSpecialtyObservation(
  act: XmlNode,
  templateId: string,
  label: string,
  specialty: SpecialtyCode,
): void {
  const obs = act
    .ele('entryRelationship', { typeCode: 'COMP' })
    .ele('observation', { classCode: 'OBS', moodCode: 'EVN' });
  obs.ele('templateId', { root: templateId });
  obs.ele('code', { nullFlavor: 'OTH' }).ele('originalText').txt(label);
  obs.ele('statusCode', { code: 'completed' });
  obs.ele('value', {
    [XSI_TYPE]: 'CD',
    code: specialty.code,
    codeSystemName: label,
    displayName: specialty.display,
  });
}

/** Prestazioni: the service performed (act EVN, code from the catalogue). */
export function appendServiceEntry(
  section: XmlNode,
  service: PerformedService,
  rowId: string,
  specialties?: Specialty,
): void {
  const act = newEntry(section).ele('act', { classCode: 'ACT', moodCode: 'EVN' });
  const code = appendCode(act, 'code', catalogueCoding(service));
  reference(code, 'originalText', rowId);
  act.ele('statusCode', { code: 'completed' });
  act.ele('effectiveTime', { value: hl7Ts(service.time) });
  if (specialties) {
    appendSpecialtyObservation(
      act,
      teleconsultoTemplates.brancaSpecialita,
      'Branca specialistica',
      specialties.branca,
    );
    appendSpecialtyObservation(
      act,
      teleconsultoTemplates.disciplinaSpecialita,
      'Disciplina',
      specialties.disciplina,
    );
  }
}

/** Diagnosi: observation 29308-4 with the ICD-9-CM diagnosis. */
export function appendDiagnosisEntry(section: XmlNode, diagnosis: Diagnosis, rowId: string): void {
  const obs = newEntry(section).ele('observation', { classCode: 'OBS', moodCode: 'EVN' });
  appendCode(obs, 'code', loinc('29308-4', 'Diagnosi'));
  reference(obs, 'text', rowId);
  obs.ele('statusCode', { code: 'completed' });
  appendCode(obs, 'value', icd9Coding(diagnosis), { [XSI_TYPE]: 'CD' });
}

/** Accertamenti e controlli consigliati: a proposed catalogue service (act PRP). */
export function appendRecommendedTestEntry(
  section: XmlNode,
  test: RecommendedTest & { service: ServiceCode },
  rowId: string,
): void {
  const act = newEntry(section).ele('act', { classCode: 'ACT', moodCode: 'PRP' });
  appendCode(act, 'code', catalogueCoding(test.service));
  reference(act, 'text', rowId);
}

/**
 * Terapia farmacologica consigliata. RSA: moodCode PRP, the course's end as high. The
 * teleconsultation: moodCode INT, status active, hence no high (ERRORE-b164); the end stays in
 * the narrative.
 */
export function appendRecommendedDrugEntry(
  section: XmlNode,
  drug: RecommendedDrug,
  rowId: string,
  profile: EntryProfile,
): void {
  const ctc = profile === 'teleconsulto';
  const admin = newEntry(section).ele('substanceAdministration', {
    classCode: 'SBADM',
    moodCode: ctc ? 'INT' : 'PRP',
  });
  if (ctc) admin.ele('templateId', { root: teleconsultoTemplates.terapiaConsigliata });
  reference(admin, 'text', rowId);
  admin.ele('statusCode', { code: 'active' });
  const period = admin.ele('effectiveTime', { [XSI_TYPE]: 'IVL_TS' });
  period.ele('low', { value: hl7Date(drug.start) });
  if (!ctc && drug.end) period.ele('high', { value: hl7Date(drug.end) });
  if (drug.everyHours) {
    admin
      .ele('effectiveTime', { [XSI_TYPE]: 'PIVL_TS', operator: 'A' })
      .ele('period', { value: String(drug.everyHours), unit: 'h' });
  }
  appendConsumable(admin, drug);
  if (drug.packages) {
    admin
      .ele('entryRelationship', { typeCode: 'COMP' })
      .ele('supply', { classCode: 'SPLY', moodCode: 'RQO' })
      .ele('quantity', { value: String(drug.packages) });
  }
}
