import {
  sectionCodes as cdaSectionCodes,
  sectionCoding,
  type SectionKey,
} from '../../cda/entries.js';
import type { Block, Coding, OutlineSection } from '../outline.js';
import {
  intoleranceTypes,
  type ClinicalHistory,
  type Diagnosis,
  type HistoryProblem,
  type Icd9cmDiagnosis,
  type MedicinalProduct,
  type PerformedService,
  type PreviousExams,
  type RecommendedDrug,
  type RecommendedTest,
} from './clinical-content.js';
import { codeLabel, formatDate, formatDateTime, paragraphs } from '../../cda/display.js';

/**
 * The outline sections of the HL7 Italia RSA section set, shared with the teleconsultation
 * report (its schematron accepts exactly these LOINC codes). Coded items are the rows of one
 * table per section, one row per item, so that each CDA entry can point at its row.
 */

/** The outline Coding of each section (LOINC, as templates/cda/entries.ts lists them). */
export const sectionCodes = Object.fromEntries(
  (Object.keys(cdaSectionCodes) as SectionKey[]).map((k) => [k, sectionCoding(k)]),
) as Record<SectionKey, Coding>;

export type { SectionKey };

/** ID prefixes of the narrative rows entries point to; unique within a document. */
export const rowIdPrefix: Partial<Record<SectionKey, string>> = {
  quesitoDiagnostico: 'QUESITO',
  storiaClinica: 'PROBLEMA',
  allergie: 'ALLERGIA',
  terapiaInAtto: 'FARMACO-IN-ATTO',
  precedentiEsami: 'ESAME',
  prestazioni: 'PRESTAZIONE',
  diagnosi: 'DIAGNOSI',
  accertamenti: 'ACCERTAMENTO',
  terapiaConsigliata: 'FARMACO-CONSIGLIATO',
};

const NONE = '—';

export function textSection(key: SectionKey, title: string, text: string): OutlineSection {
  return { code: sectionCodes[key], title, blocks: paragraphs(text) };
}

export function quesitoSection(text: string, codes: readonly Icd9cmDiagnosis[]): OutlineSection {
  const blocks = paragraphs(text);
  if (codes.length > 0) {
    blocks.push({
      kind: 'table',
      head: ['Codice ICD-9-CM', 'Descrizione'],
      rows: codes.map((c) => [c.code, c.display]),
    });
  }
  return { code: sectionCodes.quesitoDiagnostico, title: 'Quesito diagnostico', blocks };
}

function problemStatus(p: HistoryProblem): string {
  const status =
    p.status === 'active'
      ? 'In atto'
      : p.resolved
        ? `Risolto il ${formatDate(p.resolved)}`
        : 'Non più in atto';
  const course = p.course === 'chronic' ? 'cronico' : p.course === 'acute' ? 'acuto' : undefined;
  return course ? `${status} (${course})` : status;
}

function productCodes(d: MedicinalProduct): string {
  const codes = [d.aic && `AIC ${d.aic.code}`, d.atc && `ATC ${d.atc.code}`].filter(Boolean);
  return codes.length > 0 ? codes.join(', ') : NONE;
}

export function clinicalHistorySection(
  history: ClinicalHistory,
  title = 'Storia clinica',
): OutlineSection {
  const blocks: Block[] = history.anamnesis ? paragraphs(history.anamnesis) : [];
  if (history.problems.length > 0) {
    blocks.push({
      kind: 'table',
      head: ['Problema', 'Codice ICD-9-CM', 'Esordio', 'Stato'],
      rows: history.problems.map((p) => [
        p.description,
        p.code ? codeLabel(p.code) : NONE,
        p.onset ? formatDate(p.onset) : 'Non noto',
        problemStatus(p),
      ]),
    });
  }
  const subsections: OutlineSection[] = [];
  if (history.allergies) {
    const { text, items } = history.allergies;
    const allergyBlocks: Block[] = text ? paragraphs(text) : [];
    if (items.length > 0) {
      allergyBlocks.push({
        kind: 'table',
        head: ['Allergia o intolleranza', 'Tipo', 'Agente', 'Dal'],
        rows: items.map((a) => [
          a.description,
          intoleranceTypes[a.type],
          a.agent ? `${a.agent.display} (${a.agent.code})` : 'Non codificato',
          a.since ? formatDate(a.since) : 'Non noto',
        ]),
      });
    }
    subsections.push({ code: sectionCodes.allergie, title: 'Allergie', blocks: allergyBlocks });
  }
  if (history.currentTherapy) {
    const { text, items } = history.currentTherapy;
    const therapyBlocks: Block[] = text ? paragraphs(text) : [];
    if (items.length > 0) {
      therapyBlocks.push({
        kind: 'table',
        head: ['Farmaco', 'Codici', 'Posologia'],
        rows: items.map((d) => [d.description, productCodes(d), d.dosage]),
      });
    }
    subsections.push({
      code: sectionCodes.terapiaInAtto,
      title: 'Terapia farmacologica in atto',
      blocks: therapyBlocks,
    });
  }
  return {
    code: sectionCodes.storiaClinica,
    title,
    blocks,
    ...(subsections.length > 0 ? { subsections } : {}),
  };
}

export function previousExamsSection(exams: PreviousExams): OutlineSection {
  const blocks: Block[] = exams.text ? paragraphs(exams.text) : [];
  if (exams.items.length > 0) {
    blocks.push({
      kind: 'table',
      head: ['Esame', 'Data', 'Esito'],
      rows: exams.items.map((e) => [e.description, formatDate(e.date), e.outcome]),
    });
  }
  return { code: sectionCodes.precedentiEsami, title: 'Precedenti esami eseguiti', blocks };
}

/** Extra columns a type adds to the services table (the teleconsultation's branca). */
export interface ServiceColumn<S> {
  head: string;
  cell: (service: S) => string;
}

export function servicesSection<S extends PerformedService>(
  services: readonly S[],
  extra: readonly ServiceColumn<S>[] = [],
  title = 'Prestazioni',
): OutlineSection {
  const blocks: Block[] = [
    {
      kind: 'table',
      head: ['Codice', 'Prestazione', ...extra.map((c) => c.head), 'Data e ora', 'Quantità'],
      rows: services.map((s) => [
        s.code,
        s.display,
        ...extra.map((c) => c.cell(s)),
        formatDateTime(s.time),
        String(s.quantity),
      ]),
    },
  ];
  const notes = services.filter((s) => s.note);
  if (notes.length > 0) {
    blocks.push({ kind: 'paragraph', text: 'Note alle prestazioni:' });
    blocks.push({ kind: 'list', items: notes.map((s) => `${s.code}: ${s.note ?? ''}`) });
  }
  return { code: sectionCodes.prestazioni, title, blocks };
}

export function diagnosesSection(diagnoses: readonly Diagnosis[]): OutlineSection {
  return {
    code: sectionCodes.diagnosi,
    title: 'Diagnosi',
    blocks: [
      {
        kind: 'table',
        head: ['Codice ICD-9-CM', 'Diagnosi', 'Note'],
        rows: diagnoses.map((d) => [d.code, d.display, d.note ?? NONE]),
      },
    ],
  };
}

export function recommendedTestsSection(tests: readonly RecommendedTest[]): OutlineSection {
  return {
    code: sectionCodes.accertamenti,
    title: 'Accertamenti e controlli consigliati',
    blocks: [
      {
        kind: 'table',
        head: ['Accertamento o controllo', 'Codice prestazione', 'Quando'],
        rows: tests.map((t) => [
          t.description,
          t.service ? codeLabel(t.service) : NONE,
          t.when ?? NONE,
        ]),
      },
    ],
  };
}

export function recommendedTherapySection(therapy: {
  text?: string | undefined;
  items: readonly RecommendedDrug[];
}): OutlineSection {
  const blocks: Block[] = therapy.text ? paragraphs(therapy.text) : [];
  if (therapy.items.length > 0) {
    blocks.push({
      kind: 'table',
      head: ['Farmaco', 'Codici', 'Posologia', 'Dal', 'Al', 'Confezioni'],
      rows: therapy.items.map((d) => [
        d.description,
        productCodes(d),
        d.dosage,
        formatDate(d.start),
        d.end ? formatDate(d.end) : 'Fino a nuova indicazione',
        d.packages ? String(d.packages) : NONE,
      ]),
    });
  }
  return {
    code: sectionCodes.terapiaConsigliata,
    title: 'Terapia farmacologica consigliata',
    blocks,
  };
}
