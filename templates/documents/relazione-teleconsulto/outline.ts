import type { Block, DocumentOutline, OutlineSection } from '../outline.js';
import {
  clinicalHistorySection,
  diagnosesSection,
  previousExamsSection,
  quesitoSection,
  recommendedTestsSection,
  recommendedTherapySection,
  sectionCodes,
  servicesSection,
  textSection,
} from '../rsa/clinical-sections.js';
import { codeLabel, displayName, formatDateTime, paragraphs } from '../../cda/display.js';
import type { Consultant, RelazioneTeleconsultoModel } from './model.js';

export const teleconsultoTitle = 'Relazione di Teleconsulto';

const MODE = {
  sincrono: 'Teleconsulto sincrono in videoconferenza',
  asincrono: 'Teleconsulto asincrono sulla documentazione condivisa',
} as const;

function consultantLabel(c: Consultant): string {
  const specialty = c.clinician.specialty ? `, ${c.clinician.specialty}` : '';
  return `${displayName(c.clinician.name)}${specialty} – ${c.organisation.name}`;
}

/** Referto: each consultant's opinion, headed by who gave it and when. */
function opinionsSection(consultants: readonly Consultant[]): OutlineSection {
  const blocks: Block[] = consultants.flatMap((c): Block[] => [
    { kind: 'paragraph', text: `Parere di ${consultantLabel(c)} (${formatDateTime(c.time)})` },
    ...paragraphs(c.opinion),
  ]);
  return { code: sectionCodes.referto, title: 'Pareri dei consulenti', blocks };
}

export function relazioneTeleconsultoOutline(m: RelazioneTeleconsultoModel): DocumentOutline {
  const { requester } = m;
  const quesito = quesitoSection(m.quesito.text, m.quesito.code ? [m.quesito.code] : []);
  quesito.blocks.unshift({
    kind: 'fields',
    fields: [
      { label: 'Medico richiedente', value: displayName(requester.clinician.name) },
      { label: 'Struttura richiedente', value: requester.organisation.name },
      { label: 'Data della richiesta', value: formatDateTime(requester.requestedAt) },
    ],
  });

  const services = servicesSection(m.services, [
    { head: 'Branca', cell: (s) => codeLabel(s.branca) },
    { head: 'Disciplina', cell: (s) => codeLabel(s.disciplina) },
  ]);
  services.blocks.push({ kind: 'paragraph', text: `Modalità: ${MODE[m.mode].toLowerCase()}.` });
  services.blocks.push({
    kind: 'list',
    items: [
      ...m.consultants.map((c) => `Consulente: ${consultantLabel(c)}`),
      ...m.supportingParticipants.map(
        (p) => `${p.role}: ${displayName(p.clinician.name)} – ${p.organisation.name}`,
      ),
    ],
  });

  const sections: OutlineSection[] = [
    quesito,
    clinicalHistorySection(m.clinicalSummary, 'Sintesi clinica'),
  ];
  if (m.previousExams) sections.push(previousExamsSection(m.previousExams));
  if (m.physicalExam)
    sections.push(textSection('esameObiettivo', 'Esame obiettivo', m.physicalExam));
  sections.push(services);
  if (m.comparison) {
    sections.push(
      textSection('confrontoEsami', 'Confronto con precedenti esami eseguiti', m.comparison),
    );
  }
  sections.push(opinionsSection(m.consultants));
  if (m.diagnoses.length > 0) sections.push(diagnosesSection(m.diagnoses));
  sections.push(textSection('conclusioni', 'Conclusioni condivise', m.conclusions));
  if (m.suggestions) {
    sections.push(
      textSection('suggerimenti', 'Suggerimenti per il medico richiedente', m.suggestions),
    );
  }
  if (m.recommendedTests.length > 0) sections.push(recommendedTestsSection(m.recommendedTests));
  if (m.recommendedTherapy) sections.push(recommendedTherapySection(m.recommendedTherapy));

  const specialties = [
    ...new Set(m.consultants.map((c) => c.clinician.specialty).filter((s) => s !== undefined)),
  ];
  return {
    title: teleconsultoTitle,
    subtitle: [MODE[m.mode], ...specialties].join(' – '),
    header: m.header,
    sections,
    signatureNote: 'Relazione firmata digitalmente dai consulenti',
  };
}
