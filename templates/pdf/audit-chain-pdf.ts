import { DateTime } from 'luxon';
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import { documentTimeZone, formatDate } from './date-format.js';
import { renderPlainPdf } from './render-pdf.js';

/**
 * The clinical-audit export of a "Why?" chain (how an alert or task came about): a plain A4
 * PDF, Italian first with the English under it, deterministic (the same chain and creation
 * date give the same bytes). Not a clinical document: no CDA, no signature.
 */

export interface Bilingual {
  it: string;
  en: string;
}

export interface AuditChainPdfInput {
  organisation: string;
  /** Hex colour of the organisation's branding. */
  colour?: string;
  title: Bilingual;
  subtitle: Bilingual;
  patient: { name: string; fiscalCode: string; birthDate: string };
  facts: { label: Bilingual; value: Bilingual }[];
  steps: { at: string; kind: Bilingual; text: Bilingual; actor: string; source: Bilingual }[];
  notes: Bilingual[];
  /** Printed in the footer: what this is the chain of (alert or task id). */
  reference: string;
  /** Fixed for deterministic bytes: the time of the chain's last step. */
  creationDate: Date;
}

const INK = '#1d232b';
const MUTED = '#5b6470';

const bilingual = (t: Bilingual, size = 9): Content => ({
  stack: [
    { text: t.it, fontSize: size },
    ...(t.en && t.en !== t.it
      ? [{ text: t.en, fontSize: size - 1, italics: true, color: MUTED }]
      : []),
  ],
});

function definition(input: AuditChainPdfInput): TDocumentDefinitions {
  const colour = input.colour ?? '#0b5394';
  const factRows: TableCell[][] = [
    [
      bilingual({ it: 'Paziente', en: 'Patient' }),
      { text: input.patient.name, bold: true, fontSize: 9.5 },
    ],
    [
      bilingual({ it: 'Codice fiscale', en: 'Fiscal code' }),
      { text: input.patient.fiscalCode, fontSize: 9.5 },
    ],
    [
      bilingual({ it: 'Data di nascita', en: 'Date of birth' }),
      { text: formatDate(input.patient.birthDate), fontSize: 9.5 },
    ],
    ...input.facts.map((f): TableCell[] => [bilingual(f.label), bilingual(f.value, 9.5)]),
  ];
  const head: TableCell[] = [
    bilingual({ it: 'Quando', en: 'When' }, 8.5),
    bilingual({ it: 'Passaggio', en: 'Step' }, 8.5),
    bilingual({ it: 'Descrizione', en: 'Description' }, 8.5),
    bilingual({ it: 'Chi', en: 'Who' }, 8.5),
    bilingual({ it: 'Fonte', en: 'Source' }, 8.5),
  ];
  const rows: TableCell[][] = input.steps.map((s) => [
    {
      stack: [
        { text: DateTime.fromISO(s.at, { zone: documentTimeZone }).toFormat('dd/MM/yyyy') },
        { text: DateTime.fromISO(s.at, { zone: documentTimeZone }).toFormat('HH:mm:ss') },
      ],
      fontSize: 8,
    },
    bilingual(s.kind, 8.5),
    bilingual(s.text, 8.5),
    { text: s.actor, fontSize: 8 },
    bilingual(s.source, 8),
  ]);
  const content: Content[] = [
    { text: input.title.it, fontSize: 17, bold: true, color: colour },
    { text: input.title.en, fontSize: 11, italics: true, color: MUTED, margin: [0, 0, 0, 4] },
    bilingual(input.subtitle, 11),
    {
      table: { widths: [110, '*'], body: factRows },
      layout: 'lightHorizontalLines',
      margin: [0, 10, 0, 10],
    },
    ...input.notes.map((n): Content => ({
      stack: [
        { text: n.it, fontSize: 9 },
        { text: n.en, fontSize: 8, italics: true },
      ],
      margin: [0, 0, 0, 8],
      color: '#9a3412',
    })),
    {
      table: {
        headerRows: 1,
        dontBreakRows: true,
        widths: [62, 70, '*', 62, 56],
        body: [head, ...rows],
      },
      layout: {
        hLineWidth: (i) => (i <= 1 ? 0.8 : 0.3),
        vLineWidth: () => 0,
        hLineColor: (i) => (i <= 1 ? colour : '#c9ced6'),
        fillColor: (row) => (row === 0 ? '#eef2f7' : null),
        paddingTop: () => 3,
        paddingBottom: () => 3,
      },
    },
  ];
  return {
    pageSize: 'A4',
    pageMargins: [40, 56, 40, 50],
    info: {
      title: `${input.title.it} / ${input.title.en}`,
      subject: input.reference,
      creator: 'Percorsi',
      producer: 'Percorsi (pdfmake 0.3)',
      creationDate: input.creationDate,
      modDate: input.creationDate,
    },
    header: () => ({
      margin: [40, 20, 40, 0],
      columns: [
        { text: input.organisation, bold: true, color: colour, fontSize: 10 },
        {
          text: `${input.patient.name} · ${input.patient.fiscalCode}`,
          alignment: 'right',
          fontSize: 8,
          color: MUTED,
        },
      ],
    }),
    footer: (page: number, pages: number) => ({
      margin: [40, 16, 40, 0],
      fontSize: 7.5,
      color: MUTED,
      columns: [
        {
          text: `Estratto per audit clinico / Clinical audit extract · ${input.reference}`,
          width: '*',
        },
        { text: `${page} / ${pages}`, width: 'auto', color: INK },
      ],
    }),
    content,
    defaultStyle: { font: 'Roboto', fontSize: 9, lineHeight: 1.15, color: INK },
  };
}

export function renderAuditChainPdf(input: AuditChainPdfInput): Promise<Buffer> {
  return renderPlainPdf(definition(input));
}
