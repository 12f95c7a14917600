import type { DocumentOutline, OutlineSection } from '../outline.js';
import {
  clinicalHistorySection,
  diagnosesSection,
  previousExamsSection,
  quesitoSection,
  recommendedTestsSection,
  recommendedTherapySection,
  servicesSection,
  textSection,
} from './clinical-sections.js';
import type { RsaModel } from './model.js';

export const rsaTitle = 'Referto di Specialistica Ambulatoriale';

/** The RSA as sections in the order of the HL7 Italia guide; absent content, absent section. */
export function rsaOutline(m: RsaModel): DocumentOutline {
  const sections: OutlineSection[] = [];
  if (m.quesito) sections.push(quesitoSection(m.quesito.text, m.quesito.codes));
  if (m.clinicalHistory) sections.push(clinicalHistorySection(m.clinicalHistory));
  if (m.previousExams) sections.push(previousExamsSection(m.previousExams));
  if (m.physicalExam)
    sections.push(textSection('esameObiettivo', 'Esame obiettivo', m.physicalExam));
  sections.push(servicesSection(m.services, [], 'Prestazioni eseguite'));
  if (m.comparison) {
    sections.push(
      textSection('confrontoEsami', 'Confronto con precedenti esami eseguiti', m.comparison),
    );
  }
  sections.push(textSection('referto', 'Referto', m.report));
  if (m.diagnoses.length > 0) sections.push(diagnosesSection(m.diagnoses));
  if (m.conclusions) sections.push(textSection('conclusioni', 'Conclusioni', m.conclusions));
  if (m.suggestions) {
    sections.push(
      textSection('suggerimenti', 'Suggerimenti per il medico prescrittore', m.suggestions),
    );
  }
  if (m.recommendedTests.length > 0) sections.push(recommendedTestsSection(m.recommendedTests));
  if (m.recommendedTherapy) sections.push(recommendedTherapySection(m.recommendedTherapy));
  return {
    title: rsaTitle,
    ...(m.specialty ? { subtitle: m.specialty } : {}),
    header: m.header,
    sections,
    signatureNote: 'Documento validato elettronicamente dal medico specialista',
  };
}
