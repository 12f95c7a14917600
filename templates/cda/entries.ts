import type {
  Attachment,
  CodedText,
  Diagnosis,
  FollowUp,
  RecommendedDrug,
  Service,
  Specialty,
} from './coded-content.js';
import { appendCode, hl7Date, hl7Ts, LOINC, oids, type XmlNode } from './datatypes.js';

/**
 * Coded entries (CDA level 3) of the telemedicine sections, as the FSE schematrons check
 * them. Each function appends one or more entry elements to a section; `ref` arguments are
 * narrative IDs (see NarrativeOptions.idPrefix) the entry points back to.
 */

/** HL7 Italia section templateIds of the telemedicine guides (televisita, teleassistenza, teleconsulto). */
export const sectionTemplates = {
  quesitoDiagnostico: '2.16.840.1.113883.3.1937.777.63.10.648',
  storiaClinica: '2.16.840.1.113883.3.1937.777.63.10.649',
  allergie: '2.16.840.1.113883.3.1937.777.63.10.652',
  terapiaInAtto: '2.16.840.1.113883.3.1937.777.63.10.653',
  precedentiEsami: '2.16.840.1.113883.3.1937.777.63.10.656',
  prestazioni: '2.16.840.1.113883.3.1937.777.63.10.657',
  esameObiettivo: '2.16.840.1.113883.3.1937.777.63.10.669',
  confrontoEsami: '2.16.840.1.113883.3.1937.777.63.10.694',
  referto: '2.16.840.1.113883.3.1937.777.63.10.695',
  diagnosi: '2.16.840.1.113883.3.1937.777.63.10.696',
  conclusioni: '2.16.840.1.113883.3.1937.777.63.10.698',
  suggerimenti: '2.16.840.1.113883.3.1937.777.63.10.699',
  accertamenti: '2.16.840.1.113883.3.1937.777.63.10.701',
  terapiaConsigliata: '2.16.840.1.113883.3.1937.777.63.10.702',
} as const;

/** LOINC codes of the same sections (the schematrons accept no others). */
export const sectionCodes = {
  quesitoDiagnostico: { code: '29299-5', display: 'Motivo della visita' },
  storiaClinica: { code: '11329-0', display: 'Storia generale' },
  allergie: { code: '48765-2', display: 'Allergie e/o reazioni avverse' },
  terapiaInAtto: { code: '10160-0', display: 'Uso di farmaci' },
  precedentiEsami: { code: '30954-2', display: 'Test diagnostici o dati di laboratorio rilevanti' },
  prestazioni: { code: '62387-6', display: 'Interventi' },
  esameObiettivo: { code: '29545-1', display: 'Osservazioni fisiche' },
  confrontoEsami: { code: '93126-1', display: 'Confronto con precedenti esami eseguiti' },
  referto: { code: '47045-0', display: 'Referto' },
  diagnosi: { code: '29548-5', display: 'Diagnosi' },
  conclusioni: { code: '55110-1', display: 'Conclusioni' },
  suggerimenti: { code: '62385-0', display: 'Raccomandazioni' },
  accertamenti: { code: '80615-8', display: 'Follow-up consigliato' },
  terapiaConsigliata: { code: '93341-6', display: 'Farmaci consigliati' },
} as const;

export type SectionKey = keyof typeof sectionCodes;

/** Section XML IDs (upper snake case, as in the Ministry's examples). */
const SECTION_IDS: Record<SectionKey, string> = {
  quesitoDiagnostico: 'QUESITO_DIAGNOSTICO',
  storiaClinica: 'STORIA_CLINICA',
  allergie: 'ALLERGIE',
  terapiaInAtto: 'TERAPIA_FARMACOLOGICA_IN_ATTO',
  precedentiEsami: 'PRECEDENTI_ESAMI_ESEGUITI',
  prestazioni: 'PRESTAZIONI',
  esameObiettivo: 'ESAME_OBIETTIVO',
  confrontoEsami: 'CONFRONTO_PRECEDENTI_ESAMI_ESEGUITI',
  referto: 'REFERTO',
  diagnosi: 'DIAGNOSI',
  conclusioni: 'CONCLUSIONI',
  suggerimenti: 'SUGGERIMENTI_MEDICO_PRESCRITTORE',
  accertamenti: 'ACCERTAMENTI_CONTROLLI_CONSIGLIATI',
  terapiaConsigliata: 'TERAPIA_FARMACOLOGICA_CONSIGLIATA',
};

/**
 * templateId, section ID and narrative ID prefix of a telemedicine section: narrative
 * elements are then `${ID}-n` / `${ID}-n-r` (see NarrativeOptions).
 */
export function sectionDefaults(key: SectionKey): {
  templateId: string;
  id: string;
  idPrefix: string;
} {
  return { templateId: sectionTemplates[key], id: SECTION_IDS[key], idPrefix: SECTION_IDS[key] };
}

/** The section a LOINC code names, if it is one of the telemedicine sections. */
export function sectionKeyOf(code: string): SectionKey | undefined {
  return (Object.keys(sectionCodes) as SectionKey[]).find((k) => sectionCodes[k].code === code);
}

/** The outline Coding of a section (LOINC). */
export function sectionCoding(key: SectionKey): {
  code: string;
  system: string;
  systemName: string;
  display: string;
} {
  return { ...sectionCodes[key], system: LOINC.system, systemName: LOINC.systemName };
}

function icd9(parent: XmlNode, element: string, code: { code: string; display: string }): void {
  appendCode(
    parent,
    element,
    { code: code.code, system: oids.icd9cm, systemName: 'ICD-9-CM', display: code.display },
    { 'xsi:type': 'CD' },
  );
}

function textReference(parent: XmlNode, ref: string | undefined): void {
  if (ref) parent.ele('text').ele('reference', { value: `#${ref}` });
}

/** Quesito diagnostico: at most one observation (29298-7) with the ICD-9-CM value. */
export function appendQuestionEntry(section: XmlNode, question: CodedText, ref?: string): void {
  if (!question.code) return;
  const obs = section.ele('entry').ele('observation', { classCode: 'OBS', moodCode: 'EVN' });
  appendCode(obs, 'code', { ...LOINC, code: '29298-7', display: 'Motivo della visita' });
  textReference(obs, ref);
  icd9(obs, 'value', question.code);
}

/** Diagnosi: one observation (29308-4) per ICD-9-CM diagnosis; refs by position. */
export function appendDiagnosisEntries(
  section: XmlNode,
  diagnoses: readonly Diagnosis[],
  refPrefix?: string,
): void {
  diagnoses.forEach((d, i) => {
    const obs = section.ele('entry').ele('observation', { classCode: 'OBS', moodCode: 'EVN' });
    appendCode(obs, 'code', { ...LOINC, code: '29308-4', display: 'Diagnosi' });
    textReference(obs, refPrefix ? `${refPrefix}-${i + 1}` : undefined);
    obs.ele('statusCode', { code: 'completed' });
    icd9(obs, 'value', d);
  });
}

/** A code element from the catalogue, or a null-flavoured one pointing to the narrative. */
function serviceCode(parent: XmlNode, svc: Service | undefined, ref: string | undefined): void {
  const code = svc
    ? appendCode(parent, 'code', {
        code: svc.code,
        system: svc.system,
        systemName: svc.systemName,
        display: svc.display,
      })
    : parent.ele('code', { nullFlavor: 'OTH' });
  if (ref) code.ele('originalText').ele('reference', { value: `#${ref}` });
}

/** An activity carried out within the service, with its note (Nota Prestazioni Tele). */
export interface PerformedActivity {
  time: string;
  /** Narrative ID of the activity's row. */
  ref?: string;
  note: string;
  service?: Service;
}

/**
 * Prestazioni: the service act (ACT/EVN, effectiveTime/@value) with the branca (templateId
 * .703) and disciplina (.704) observations and, for each activity, an act whose note is the
 * LOINC 48767-8 act the schematron asks for; then the one observationMedia (B64) the
 * section must carry.
 */
export function appendServiceEntries(
  section: XmlNode,
  args: {
    service: Service;
    specialty: Specialty;
    time: string;
    serviceRef?: string;
    activities?: readonly PerformedActivity[];
    media: Attachment;
    mediaId: string;
  },
): void {
  const act = section.ele('entry').ele('act', { classCode: 'ACT', moodCode: 'EVN' });
  serviceCode(act, args.service, args.serviceRef);
  act.ele('effectiveTime', { value: hl7Ts(args.time) });
  const codedObservation = (
    templateId: string,
    label: string,
    value: { code: string; display: string },
    systemName: string,
  ): void => {
    const obs = act
      .ele('entryRelationship', { typeCode: 'COMP' })
      .ele('observation', { classCode: 'OBS', moodCode: 'EVN' });
    obs.ele('templateId', { root: templateId });
    obs.ele('code', { nullFlavor: 'OTH' }).ele('originalText').txt(label);
    obs.ele('value', {
      'xsi:type': 'CD',
      code: value.code,
      codeSystemName: systemName,
      displayName: value.display,
    });
  };
  codedObservation(
    '2.16.840.1.113883.3.1937.777.63.10.703',
    'Branca specialistica',
    args.specialty.branca,
    'Branca specialistica',
  );
  codedObservation(
    '2.16.840.1.113883.3.1937.777.63.10.704',
    'Disciplina',
    args.specialty.disciplina,
    'Disciplina',
  );
  for (const activity of args.activities ?? []) {
    const inner = act
      .ele('entryRelationship', { typeCode: 'COMP' })
      .ele('act', { classCode: 'ACT', moodCode: 'EVN' });
    serviceCode(inner, activity.service, activity.ref);
    inner.ele('effectiveTime', { value: hl7Ts(activity.time) });
    const note = inner
      .ele('entryRelationship', { typeCode: 'SUBJ', inversionInd: 'true' })
      .ele('act', { classCode: 'ACT', moodCode: 'EVN' });
    appendCode(note, 'code', { ...LOINC, code: '48767-8', display: 'Annotation comment' });
    note.ele('text').txt(activity.note);
  }
  section
    .ele('entry')
    .ele('observationMedia', { classCode: 'OBS', moodCode: 'EVN', ID: args.mediaId })
    .ele('value', { mediaType: args.media.mediaType, representation: 'B64' })
    .txt(args.media.data);
}

/** Accertamenti e controlli consigliati: one proposed act (ACT/PRP) per item; refs by position. */
export function appendFollowUpEntries(
  section: XmlNode,
  items: readonly FollowUp[],
  refPrefix?: string,
): void {
  items.forEach((item, i) => {
    const act = section.ele('entry').ele('act', { classCode: 'ACT', moodCode: 'PRP' });
    serviceCode(act, item.service, refPrefix ? `${refPrefix}-${i + 1}` : undefined);
    if (item.due) act.ele('effectiveTime').ele('high', { value: hl7Date(item.due) });
  });
}

/**
 * Terapia farmacologica consigliata: one intended administration (SBADM/INT, status active,
 * so no effectiveTime/high) per drug, by AIC with the ATC as translation.
 */
export function appendRecommendedDrugEntries(
  section: XmlNode,
  drugs: readonly RecommendedDrug[],
  refPrefix?: string,
): void {
  drugs.forEach((drug, i) => {
    const sbadm = section
      .ele('entry')
      .ele('substanceAdministration', { classCode: 'SBADM', moodCode: 'INT' });
    textReference(sbadm, refPrefix ? `${refPrefix}-${i + 1}` : undefined);
    sbadm.ele('statusCode', { code: 'active' });
    const period = sbadm.ele('effectiveTime', { 'xsi:type': 'IVL_TS' });
    if (drug.start) period.ele('low', { value: hl7Date(drug.start) });
    else period.ele('low', { nullFlavor: 'UNK' });
    const code = appendCode(
      sbadm.ele('consumable').ele('manufacturedProduct').ele('manufacturedMaterial'),
      'code',
      {
        code: drug.aic,
        system: '2.16.840.1.113883.2.9.6.1.5',
        systemName: 'AIC',
        display: drug.name,
      },
    );
    if (drug.atc)
      appendCode(code, 'translation', {
        code: drug.atc.code,
        system: '2.16.840.1.113883.6.73',
        systemName: 'WHO ATC',
        display: drug.atc.display,
      });
  });
}
