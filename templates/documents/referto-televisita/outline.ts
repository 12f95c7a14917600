import type { Attachment } from '../../cda/coded-content.js';
import { connectionModeLabel } from '../../cda/coded-content.js';
import {
  codeLabel,
  displayName,
  formatDate,
  formatDateTime,
  formatTime,
  paragraphs,
} from '../../cda/display.js';
import { sectionCoding } from '../../cda/entries.js';
import type { Block, DocumentOutline, OutlineSection } from '../outline.js';
import type { RefertoTelevisitaModel } from './model.js';

export const TITLE = 'Referto di Televisita';

/**
 * The attachment the Prestazioni section carries: the clinician's, or else the record of the
 * connection (who, where, how long, how well), which every televisita has.
 */
export function televisitaAttachment(m: RefertoTelevisitaModel): Attachment {
  if (m.attachment) return m.attachment;
  const { encounter } = m.header;
  const lines = [
    `Verbale del collegamento – ${TITLE}`,
    `Incontro: ${encounter.id.extension}`,
    `Paziente: ${displayName(m.header.patient.name)} (${m.header.patient.fiscalCode})`,
    `Medico: ${displayName(m.header.author.clinician.name)}`,
    `Inizio: ${formatDateTime(encounter.start)}`,
    ...(encounter.end ? [`Fine: ${formatDateTime(encounter.end)}`] : []),
    `Modalità: ${connectionModeLabel[m.connection.mode]}`,
    `Luogo del paziente: ${m.connection.patientLocation}`,
    ...(m.connection.assistedBy ? [`Presente con il paziente: ${m.connection.assistedBy}`] : []),
    `Qualità del collegamento: ${m.connection.quality}`,
    ...(m.connection.notes ? [`Note: ${m.connection.notes}`] : []),
  ];
  return {
    title: 'Verbale del collegamento',
    mediaType: 'text/plain',
    data: Buffer.from(lines.join('\n') + '\n', 'utf8').toString('base64'),
  };
}

function section(
  key: Parameters<typeof sectionCoding>[0],
  title: string,
  blocks: Block[],
  subsections?: OutlineSection[],
): OutlineSection {
  return { code: sectionCoding(key), title, blocks, ...(subsections ? { subsections } : {}) };
}

/** The sections in the order of the HL7 Italia guide; absent content, absent section. */
export function televisitaOutline(m: RefertoTelevisitaModel): DocumentOutline {
  const sections: OutlineSection[] = [];
  const { encounter } = m.header;

  if (m.question) {
    sections.push(
      section('quesitoDiagnostico', 'Quesito diagnostico', [
        ...paragraphs(m.question.text),
        ...(m.question.code
          ? [
              {
                kind: 'paragraph' as const,
                text: `Codifica ICD-9-CM: ${codeLabel(m.question.code)}`,
              },
            ]
          : []),
      ]),
    );
  }
  if (m.history) {
    const subs: OutlineSection[] = [];
    if (m.history.allergies)
      subs.push(section('allergie', 'Allergie', paragraphs(m.history.allergies)));
    if (m.history.currentTherapy)
      subs.push(
        section(
          'terapiaInAtto',
          'Terapia farmacologica in atto',
          paragraphs(m.history.currentTherapy),
        ),
      );
    sections.push(section('storiaClinica', 'Storia clinica', paragraphs(m.history.text), subs));
  }
  if (m.previousExams.length > 0) {
    sections.push(
      section('precedentiEsami', 'Precedenti esami eseguiti', [
        {
          kind: 'table',
          head: ['Data', 'Esame', 'Esito'],
          rows: m.previousExams.map((e) => [formatDate(e.date), e.description, e.outcome]),
        },
      ]),
    );
  }
  if (m.remoteExamination) {
    sections.push(
      section('esameObiettivo', 'Esame obiettivo a distanza', paragraphs(m.remoteExamination)),
    );
  }

  const media = televisitaAttachment(m);
  sections.push(
    section('prestazioni', 'Prestazioni', [
      {
        kind: 'table',
        head: ['Codice', 'Prestazione', 'Data e ora', 'Branca', 'Disciplina'],
        rows: [
          [
            m.service.code,
            m.service.display,
            formatDateTime(encounter.start),
            m.specialty.branca.display,
            m.specialty.disciplina.display,
          ],
        ],
      },
      {
        kind: 'fields',
        fields: [
          { label: 'Modalità del collegamento', value: connectionModeLabel[m.connection.mode] },
          { label: 'Luogo del paziente', value: m.connection.patientLocation },
          ...(m.connection.assistedBy
            ? [{ label: 'Presente con il paziente', value: m.connection.assistedBy }]
            : []),
          { label: 'Qualità del collegamento', value: m.connection.quality },
          ...(encounter.end
            ? [
                {
                  label: 'Durata del collegamento',
                  value: `dalle ${formatTime(encounter.start)} alle ${formatTime(encounter.end)}`,
                },
              ]
            : []),
          ...(m.connection.notes
            ? [{ label: 'Note sul collegamento', value: m.connection.notes }]
            : []),
        ],
      },
      { kind: 'paragraph', text: `Allegato: ${media.title} (${media.mediaType})` },
    ]),
  );

  if (m.comparison) {
    sections.push(
      section(
        'confrontoEsami',
        'Confronto con precedenti esami eseguiti',
        paragraphs(m.comparison),
      ),
    );
  }
  sections.push(section('referto', 'Referto', paragraphs(m.report)));
  if (m.diagnoses.length > 0) {
    sections.push(
      section('diagnosi', 'Diagnosi', [
        {
          kind: 'list',
          items: m.diagnoses.map((d) => (d.note ? `${codeLabel(d)} (${d.note})` : codeLabel(d))),
        },
      ]),
    );
  }
  if (m.conclusions)
    sections.push(section('conclusioni', 'Conclusioni', paragraphs(m.conclusions)));
  if (m.suggestions) {
    sections.push(
      section('suggerimenti', 'Suggerimenti per il medico prescrittore', paragraphs(m.suggestions)),
    );
  }
  if (m.followUp.length > 0) {
    sections.push(
      section('accertamenti', 'Accertamenti e controlli consigliati', [
        {
          kind: 'list',
          items: m.followUp.map((f) =>
            f.due ? `${f.description} (entro il ${formatDate(f.due)})` : f.description,
          ),
        },
      ]),
    );
  }
  if (m.therapy) {
    sections.push(
      section('terapiaConsigliata', 'Terapia farmacologica consigliata', [
        ...(m.therapy.text ? paragraphs(m.therapy.text) : []),
        ...(m.therapy.drugs.length > 0
          ? [
              {
                kind: 'list' as const,
                items: m.therapy.drugs.map(
                  (d) =>
                    `${d.name} (AIC ${d.aic}): ${d.instructions}` +
                    (d.start ? `, dal ${formatDate(d.start)}` : ''),
                ),
              },
            ]
          : []),
      ]),
    );
  }

  return {
    title: TITLE,
    subtitle: `${m.visitKind === 'prima-visita' ? 'Prima visita' : 'Visita di controllo'} – ${m.specialty.disciplina.display}`,
    header: m.header,
    sections,
    signatureNote: 'Documento validato elettronicamente dal medico refertante',
  };
}
