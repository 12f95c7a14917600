import {
  appendDiagnosisEntries,
  appendFollowUpEntries,
  appendQuestionEntry,
  appendRecommendedDrugEntries,
  appendServiceEntries,
  sectionDefaults,
  sectionKeyOf,
} from '../../cda/entries.js';
import { renderCdaDocument } from '../../cda/header.js';
import { appendSections, type SectionOptions } from '../../cda/narrative.js';
import type { OutlineSection } from '../outline.js';
import { televisitaOptions, type RefertoTelevisitaModel } from './model.js';
import { televisitaAttachment, televisitaOutline } from './outline.js';

/** 1-based position of the first block of `kind` in a section: the narrative ID's n. */
function blockNumber(section: OutlineSection, kind: 'list' | 'table' | 'paragraph'): number {
  return section.blocks.findIndex((b) => b.kind === kind) + 1;
}

/**
 * The Referto di Televisita as CDA R2: the same outline as the PDF for every section's
 * narrative, plus the coded entries the schematron checks (quesito and diagnoses in
 * ICD-9-CM, the service with branca and disciplina, the attachment, follow-up proposals and
 * recommended drugs by AIC).
 */
export function renderTelevisitaCda(m: RefertoTelevisitaModel): string {
  const outline = televisitaOutline(m);
  return renderCdaDocument('referto-televisita', m.header, televisitaOptions(m), (body) => {
    appendSections(body, outline.sections, (section): SectionOptions => {
      const key = sectionKeyOf(section.code.code);
      if (!key) return {};
      const defaults = sectionDefaults(key);
      const ref = (kind: 'list' | 'table' | 'paragraph') =>
        `${defaults.idPrefix}-${blockNumber(section, kind)}`;
      switch (key) {
        case 'quesitoDiagnostico':
          return {
            ...defaults,
            entries: (s) => {
              if (m.question) appendQuestionEntry(s, m.question, ref('paragraph'));
            },
          };
        case 'prestazioni':
          return {
            ...defaults,
            entries: (s) =>
              appendServiceEntries(s, {
                service: m.service,
                specialty: m.specialty,
                time: m.header.encounter.start,
                serviceRef: `${ref('table')}-1`,
                media: televisitaAttachment(m),
                mediaId: 'ALLEGATO_TELEVISITA',
              }),
          };
        case 'diagnosi':
          return {
            ...defaults,
            entries: (s) => appendDiagnosisEntries(s, m.diagnoses, ref('list')),
          };
        case 'accertamenti':
          return { ...defaults, entries: (s) => appendFollowUpEntries(s, m.followUp, ref('list')) };
        case 'terapiaConsigliata':
          return {
            ...defaults,
            entries: (s) => appendRecommendedDrugEntries(s, m.therapy?.drugs ?? [], ref('list')),
          };
        default:
          return defaults;
      }
    });
  });
}
