import { connectionModeLabel, type Attachment } from '../../cda/coded-content.js';
import {
  codeLabel,
  displayName,
  formatDate,
  formatDateTime,
  paragraphs,
} from '../../cda/display.js';
import { sectionCoding, type SectionKey } from '../../cda/entries.js';
import type { Block, DocumentOutline, OutlineSection } from '../outline.js';
import {
  teleassistanceActivityKinds,
  teleassistanceOutcomes,
  type RelazioneTeleassistenzaModel,
} from './model.js';

export const TITLE = 'Relazione finale di Teleassistenza';

/** Block position of the activities table in the Prestazioni section (narrative IDs). */
export const ACTIVITIES_BLOCK = 2;

/**
 * The attachment the Prestazioni section carries: the professional's, or else the log of
 * the sessions held, which every teleassistance has.
 */
export function teleassistenzaAttachment(m: RelazioneTeleassistenzaModel): Attachment {
  if (m.attachment) return m.attachment;
  const lines = [
    `Registro delle attività – ${TITLE}`,
    `Paziente: ${displayName(m.header.patient.name)} (${m.header.patient.fiscalCode})`,
    `Periodo: dal ${formatDateTime(m.period.start)} al ${formatDateTime(m.period.end)}`,
    ...m.activities.map(
      (a) =>
        `${formatDateTime(a.time)} – ${teleassistanceActivityKinds[a.kind]} (${connectionModeLabel[a.mode]}` +
        `${a.durationMinutes ? `, ${a.durationMinutes} min` : ''})`,
    ),
  ];
  return {
    title: 'Registro delle attività di teleassistenza',
    mediaType: 'text/plain',
    data: Buffer.from(lines.join('\n') + '\n', 'utf8').toString('base64'),
  };
}

function section(
  key: SectionKey,
  title: string,
  blocks: Block[],
  subsections?: OutlineSection[],
): OutlineSection {
  return { code: sectionCoding(key), title, blocks, ...(subsections ? { subsections } : {}) };
}

export function teleassistenzaOutline(m: RelazioneTeleassistenzaModel): DocumentOutline {
  const sections: OutlineSection[] = [];
  const author = displayName(m.header.author.clinician.name);

  sections.push(
    section('quesitoDiagnostico', 'Motivo della presa in carico', [
      ...paragraphs(m.reason.text),
      ...(m.reason.code
        ? [{ kind: 'paragraph' as const, text: `Codifica ICD-9-CM: ${codeLabel(m.reason.code)}` }]
        : []),
      { kind: 'paragraph', text: 'Obiettivi del piano di teleassistenza:' },
      { kind: 'list', items: m.objectives },
    ]),
  );
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

  const media = teleassistenzaAttachment(m);
  const prestazioni: Block[] = [
    {
      kind: 'table',
      head: ['Codice', 'Prestazione', 'Periodo', 'Branca', 'Disciplina'],
      rows: [
        [
          m.service.code,
          m.service.display,
          `dal ${formatDate(m.period.start)} al ${formatDate(m.period.end)}`,
          m.specialty.branca.display,
          m.specialty.disciplina.display,
        ],
      ],
    },
    {
      kind: 'table',
      head: ['Data e ora', 'Attività', 'Modalità', 'Operatore', 'Durata', 'Note'],
      rows: m.activities.map((a) => [
        formatDateTime(a.time),
        teleassistanceActivityKinds[a.kind],
        connectionModeLabel[a.mode],
        a.operator ?? author,
        a.durationMinutes ? `${a.durationMinutes} min` : '–',
        a.note,
      ]),
    },
    {
      kind: 'paragraph',
      text: `Sessioni svolte: ${m.activities.length}. Allegato: ${media.title} (${media.mediaType})`,
    },
  ];
  sections.push(section('prestazioni', 'Attività di teleassistenza svolte', prestazioni));

  if (m.finalAssessment) {
    sections.push(
      section('esameObiettivo', 'Valutazione finale a distanza', paragraphs(m.finalAssessment)),
    );
  }
  sections.push(section('referto', 'Andamento della teleassistenza', paragraphs(m.report)));
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
  sections.push(
    section('conclusioni', 'Esito', [
      { kind: 'paragraph', text: teleassistanceOutcomes[m.outcome.status] },
      ...paragraphs(m.outcome.text),
    ]),
  );
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
    subtitle: `${m.specialty.disciplina.display} – dal ${formatDate(m.period.start)} al ${formatDate(m.period.end)}`,
    header: m.header,
    sections,
    signatureNote: 'Documento validato elettronicamente',
  };
}
