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
import { teleassistenzaOptions, type RelazioneTeleassistenzaModel } from './model.js';
import { ACTIVITIES_BLOCK, teleassistenzaAttachment, teleassistenzaOutline } from './outline.js';

function blockNumber(section: OutlineSection, kind: 'list' | 'table' | 'paragraph'): number {
  return section.blocks.findIndex((b) => b.kind === kind) + 1;
}

/**
 * The Relazione finale di Teleassistenza as CDA R2: the outline's narrative for every
 * section, plus the coded entries the schematron checks. Each session becomes an act inside
 * the service act, with its note as the "Nota Prestazioni Tele" (LOINC 48767-8) the guide
 * asks for.
 */
export function renderTeleassistenzaCda(m: RelazioneTeleassistenzaModel): string {
  const outline = teleassistenzaOutline(m);
  return renderCdaDocument(
    'relazione-teleassistenza',
    m.header,
    teleassistenzaOptions(m),
    (body) => {
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
              entries: (s) => appendQuestionEntry(s, m.reason, ref('paragraph')),
            };
          case 'prestazioni':
            return {
              ...defaults,
              entries: (s) =>
                appendServiceEntries(s, {
                  service: m.service,
                  specialty: m.specialty,
                  time: m.period.start,
                  serviceRef: `${ref('table')}-1`,
                  activities: m.activities.map((a, i) => ({
                    time: a.time,
                    note: a.note,
                    ref: `${defaults.idPrefix}-${ACTIVITIES_BLOCK}-${i + 1}`,
                  })),
                  media: teleassistenzaAttachment(m),
                  mediaId: 'ALLEGATO_TELEASSISTENZA',
                }),
            };
          case 'diagnosi':
            return {
              ...defaults,
              entries: (s) => appendDiagnosisEntries(s, m.diagnoses, ref('list')),
            };
          case 'accertamenti':
            return {
              ...defaults,
              entries: (s) => appendFollowUpEntries(s, m.followUp, ref('list')),
            };
          case 'terapiaConsigliata':
            return {
              ...defaults,
              entries: (s) => appendRecommendedDrugEntries(s, m.therapy?.drugs ?? [], ref('list')),
            };
          default:
            return defaults;
        }
      });
    },
  );
}
