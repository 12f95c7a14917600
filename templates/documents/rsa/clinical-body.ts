import type { XmlNode } from '../../cda/datatypes.js';
import { sectionDefaults, sectionKeyOf, type SectionKey } from '../../cda/entries.js';
import { appendSections, type SectionOptions } from '../../cda/narrative.js';
import type { OutlineSection } from '../outline.js';
import type {
  ClinicalHistory,
  Diagnosis,
  HistoryProblem,
  Icd9cmDiagnosis,
  PerformedService,
  PreviousExam,
  PreviousExams,
  RecommendedDrug,
  RecommendedTest,
} from './clinical-content.js';
import {
  appendAllergyEntry,
  appendCurrentDrugEntry,
  appendDiagnosisEntry,
  appendPreviousExamEntry,
  appendProblemEntry,
  appendReasonEntry,
  appendRecommendedDrugEntry,
  appendRecommendedTestEntry,
  appendServiceEntry,
  isCodedDrug,
  type EntryProfile,
  type SpecialtyCode,
} from './clinical-entries.js';
import { rowIdPrefix } from './clinical-sections.js';

/**
 * The structuredBody of an RSA-like document: each outline section as a CDA section whose
 * narrative is the outline's blocks, followed by the coded entries of the same content. The
 * outline decides which sections exist and their order; this adds the machine-readable part.
 */

/** The coded content behind the outline sections. */
export interface ClinicalBodyContent {
  quesitoCodes: readonly Icd9cmDiagnosis[];
  clinicalHistory?: ClinicalHistory | undefined;
  previousExams?: PreviousExams | undefined;
  services: readonly PerformedService[];
  /** Branca and disciplina of each service, by position (teleconsultation only). */
  serviceSpecialties?: (index: number) => { branca: SpecialtyCode; disciplina: SpecialtyCode };
  diagnoses: readonly Diagnosis[];
  recommendedTests: readonly RecommendedTest[];
  recommendedDrugs: readonly RecommendedDrug[];
}

function keyOf(section: OutlineSection): SectionKey {
  const key = sectionKeyOf(section.code.code);
  if (!key) throw new TypeError(`sezione ${section.code.code} estranea al referto specialistico`);
  return key;
}

/**
 * The narrative ID of the `index`-th row of the section's item table, as narrative.ts numbers
 * them: `${prefix}-${block}-${row}`, both 1-based. Every section here has one item table.
 */
function rowIdIn(section: OutlineSection, prefix: string): (index: number) => string {
  const block = section.blocks.findIndex((b) => b.kind === 'table');
  return (index) => `${prefix}-${block + 1}-${index + 1}`;
}

/** Calls `append` for the items that have a code, passing the row ID of their position. */
function forCoded<T, C extends T>(
  items: readonly T[],
  isCoded: (item: T) => item is C,
  rowId: (index: number) => string,
  append: (item: C, id: string) => void,
): void {
  items.forEach((item, i) => {
    if (isCoded(item)) append(item, rowId(i));
  });
}

const hasCode = <T extends { code?: unknown }>(
  item: T,
): item is T & { code: NonNullable<T['code']> } => item.code !== undefined;

export function appendClinicalBody(
  body: XmlNode,
  sections: readonly OutlineSection[],
  content: ClinicalBodyContent,
  profile: EntryProfile,
): void {
  const ctc = profile === 'teleconsulto';
  // Section IDs as in the Ministry's examples; templateIds only where the guide has them.
  const base = (key: SectionKey): SectionOptions => {
    const { id, templateId } = sectionDefaults(key);
    return { id, ...(ctc ? { templateId } : {}) };
  };

  const optionsFor = (section: OutlineSection): SectionOptions => {
    const key = keyOf(section);
    const prefix = rowIdPrefix[key];
    if (!prefix) return base(key);
    const row = rowIdIn(section, prefix);
    const withEntries = (entries: (s: XmlNode) => void): SectionOptions => ({
      ...base(key),
      idPrefix: prefix,
      entries,
    });
    const history = content.clinicalHistory;
    switch (key) {
      case 'quesitoDiagnostico':
        return withEntries((s) =>
          content.quesitoCodes.forEach((c, i) => appendReasonEntry(s, c, row(i))),
        );
      case 'storiaClinica':
        return withEntries((s) =>
          forCoded<HistoryProblem, HistoryProblem & { code: Icd9cmDiagnosis }>(
            history?.problems ?? [],
            hasCode,
            row,
            (p, id) => appendProblemEntry(s, p, id, profile),
          ),
        );
      case 'allergie':
        return withEntries((s) =>
          (history?.allergies?.items ?? []).forEach((a, i) =>
            appendAllergyEntry(s, a, row(i), profile),
          ),
        );
      case 'terapiaInAtto':
        return withEntries((s) =>
          (history?.currentTherapy?.items ?? []).forEach((d, i) => {
            if (isCodedDrug(d, profile)) appendCurrentDrugEntry(s, d, row(i));
          }),
        );
      case 'precedentiEsami':
        return withEntries((s) =>
          forCoded<PreviousExam, PreviousExam & { code: NonNullable<PreviousExam['code']> }>(
            content.previousExams?.items ?? [],
            hasCode,
            row,
            (e, id) => appendPreviousExamEntry(s, e, id),
          ),
        );
      case 'prestazioni':
        return withEntries((s) =>
          content.services.forEach((service, i) =>
            appendServiceEntry(s, service, row(i), content.serviceSpecialties?.(i)),
          ),
        );
      case 'diagnosi':
        return withEntries((s) =>
          content.diagnoses.forEach((d, i) => appendDiagnosisEntry(s, d, row(i))),
        );
      case 'accertamenti':
        return withEntries((s) =>
          content.recommendedTests.forEach((t, i) => {
            if (t.service) appendRecommendedTestEntry(s, { ...t, service: t.service }, row(i));
          }),
        );
      case 'terapiaConsigliata':
        return withEntries((s) =>
          content.recommendedDrugs.forEach((d, i) => {
            if (isCodedDrug(d, profile)) appendRecommendedDrugEntry(s, d, row(i), profile);
          }),
        );
      default:
        return base(key);
    }
  };

  appendSections(body, sections, optionsFor);
}
