import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as PdfMake from 'pdfmake';
import type {
  Content,
  ContextPageSize,
  CustomTableLayout,
  TableCell,
  TDocumentDefinitions,
} from 'pdfmake/interfaces';
import type { Branding, Clinician, Patient, PersonName } from '../documents/header.js';
import {
  type Block,
  isReportOutline,
  type OutlineSection,
  type DocumentOutline,
} from '../documents/outline.js';
import { type DocumentLocale, formatDate, formatDateTime } from './date-format.js';

/**
 * The PDF rendering of every clinical document: any outline (the four CDA types and the
 * PDF-only reports) becomes an A4 PDF/A-3b in Italian (or English) with the tenant's branding,
 * the CDA XML embedded as an associated file, and the same bytes for the same input and clock.
 *
 * pdfmake 0.3 is a process-wide singleton in Node; fonts are set on every call (cheap) so that
 * another user of the singleton cannot leave it in a state this renderer does not expect.
 */

const require = createRequire(import.meta.url);
// pdfmake is CommonJS whose export is an instance: Node's ESM import sees no named exports.
const pdfmake = require('pdfmake') as typeof PdfMake;

const fontDir = path.join(path.dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');
const fontFiles = {
  normal: path.join(fontDir, 'Roboto-Regular.ttf'),
  bold: path.join(fontDir, 'Roboto-Medium.ttf'),
  italics: path.join(fontDir, 'Roboto-Italic.ttf'),
  bolditalics: path.join(fontDir, 'Roboto-MediumItalic.ttf'),
};
const allowedFiles = new Set(Object.values(fontFiles));

export interface PdfAttachment {
  /** File name inside the PDF, e.g. "CDA.xml". */
  name: string;
  /** The CDA XML, embedded byte for byte (UTF-8). */
  xml: string;
  description?: string;
}

export interface RenderPdfOptions {
  branding: Branding;
  attachment?: PdfAttachment;
  /** The document's creation time: the PDF metadata dates and the attachment's dates. */
  creationDate: Date;
  /** Language of the renderer's own labels; the outline's text is printed as given. */
  locale?: DocumentLocale;
}

const labels = {
  it: {
    patient: 'Paziente',
    document: 'Documento',
    name: 'Cognome e nome',
    fiscalCode: 'Codice fiscale',
    birth: 'Data di nascita',
    sex: 'Sesso',
    sexes: { M: 'Maschile', F: 'Femminile', UN: 'Non specificato' },
    residence: 'Residenza',
    number: 'Numero',
    version: 'Versione',
    date: 'Data',
    facility: 'Struttura',
    encounter: 'Contatto',
    nre: 'NRE (ricetta)',
    referrer: 'Medico prescrittore',
    confidentiality: 'Riservatezza',
    confidentialities: { N: 'Normale', R: 'Riservato', V: 'Molto riservato' },
    replaces: (v: number) => `Sostituisce la versione ${v}`,
    author: 'Autore',
    responsible: 'Medico responsabile',
    writtenOn: (d: string) => `Redatto il ${d}`,
    signedBy: 'Documento validato elettronicamente da',
    signedOn: (d: string) => `il ${d}`,
    footerDoc: (id: string, v: number) => `Documento ${id} · versione ${v}`,
    page: (n: number, of: number) => `Pagina ${n} di ${of}`,
    attachment: 'Documento clinico strutturato (HL7 CDA R2)',
  },
  en: {
    patient: 'Patient',
    document: 'Document',
    name: 'Name',
    fiscalCode: 'Fiscal code',
    birth: 'Date of birth',
    sex: 'Sex',
    sexes: { M: 'Male', F: 'Female', UN: 'Unspecified' },
    residence: 'Address',
    number: 'Number',
    version: 'Version',
    date: 'Date',
    facility: 'Facility',
    encounter: 'Encounter',
    nre: 'NRE (prescription)',
    referrer: 'Referring physician',
    confidentiality: 'Confidentiality',
    confidentialities: { N: 'Normal', R: 'Restricted', V: 'Very restricted' },
    replaces: (v: number) => `Replaces version ${v}`,
    author: 'Author',
    responsible: 'Responsible physician',
    writtenOn: (d: string) => `Written on ${d}`,
    signedBy: 'Document electronically validated by',
    signedOn: (d: string) => `on ${d}`,
    footerDoc: (id: string, v: number) => `Document ${id} · version ${v}`,
    page: (n: number, of: number) => `Page ${n} of ${of}`,
    attachment: 'Structured clinical document (HL7 CDA R2)',
  },
} as const;
type Labels = (typeof labels)[DocumentLocale];

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { left: 42, right: 42, top: 92, bottom: 62 };
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const INK = '#1d232b';
const MUTED = '#5b6470';
const RULE = '#c9ced6';

/** Mixes a #rrggbb colour with white: 0 keeps it, 1 gives white. */
function tint(hex: string, amount: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const channel = (shift: number) => {
    const c = (n >> shift) & 0xff;
    return Math.round(c + (255 - c) * amount)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(16)}${channel(8)}${channel(0)}`;
}

function personDisplayName(name: PersonName): string {
  return [name.prefix, name.given, name.family].filter(Boolean).join(' ');
}

/** Patients are listed family name first, as on the tessera sanitaria. */
function patientName(p: Patient): string {
  return `${p.name.family} ${p.name.given}`;
}

function clinicianLines(c: Clinician): string[] {
  return [personDisplayName(c.name), ...(c.specialty ? [c.specialty] : [])];
}

/**
 * The PDF Info strings are also written unescaped into the XMP packet by pdfkit: keep the
 * characters that would break that XML out of them, so both stay equal as PDF/A requires.
 */
function metadataText(s: string): string {
  return s.replace(/&/g, '+').replace(/[<>]/g, '').replace(/\s+/g, ' ').trim();
}

interface Heading {
  patient: Patient;
  idText: string;
  version: number;
  author: { clinician: Clinician; time: string };
  /** Who signs (CDA legalAuthenticator); absent for reports. */
  signer?: { clinician: Clinician; time: string };
  documentFields: { label: string; value: string }[];
  replacesVersion?: number;
}

function headingOf(outline: DocumentOutline, l: Labels): Heading {
  if (isReportOutline(outline)) {
    const r = outline.report;
    return {
      patient: r.patient,
      idText: r.id.extension,
      version: r.version,
      author: r.author,
      documentFields: [
        { label: l.number, value: r.id.extension },
        { label: l.version, value: String(r.version) },
        { label: l.date, value: formatDateTime(r.issued) },
        ...r.facts,
      ],
      ...(r.version > 1 ? { replacesVersion: r.version - 1 } : {}),
    };
  }
  const h = outline.header;
  const replacesVersion = h.replaces?.version ?? (h.version > 1 ? h.version - 1 : undefined);
  const encounter = h.encounter;
  const encounterText =
    `${encounter.id.extension} · ${formatDateTime(encounter.start)}` +
    (encounter.end ? ` – ${formatDateTime(encounter.end)}` : '');
  return {
    patient: h.patient,
    idText: h.id.extension,
    version: h.version,
    author: h.author,
    signer: h.legalAuthenticator,
    documentFields: [
      { label: l.number, value: h.id.extension },
      { label: l.version, value: String(h.version) },
      { label: l.date, value: formatDateTime(h.effectiveTime) },
      { label: l.facility, value: encounter.facility.name },
      { label: l.encounter, value: encounterText },
      ...(h.prescription ? [{ label: l.nre, value: h.prescription.nre }] : []),
      ...(h.referrer ? [{ label: l.referrer, value: personDisplayName(h.referrer.name) }] : []),
      ...(h.confidentiality !== 'N'
        ? [{ label: l.confidentiality, value: l.confidentialities[h.confidentiality] }]
        : []),
    ],
    ...(replacesVersion !== undefined ? { replacesVersion } : {}),
  };
}

const noBorders: CustomTableLayout = {
  hLineWidth: () => 0,
  vLineWidth: () => 0,
  paddingLeft: () => 0,
  paddingRight: () => 6,
  paddingTop: () => 1.5,
  paddingBottom: () => 1.5,
};

function fieldRows(fields: { label: string; value: string }[]): TableCell[][] {
  return fields.map((f) => [
    { text: f.label, color: MUTED, fontSize: 8.5 },
    { text: f.value, fontSize: 9.5 },
  ]);
}

type Field = { label: string; value: string };

function boxCell(title: string, fields: Field[], colour: string): TableCell {
  return {
    stack: [
      {
        text: title.toUpperCase(),
        bold: true,
        fontSize: 8,
        color: colour,
        characterSpacing: 0.6,
        margin: [0, 0, 0, 4],
      },
      { table: { widths: [72, '*'], body: fieldRows(fields) }, layout: noBorders },
    ],
    fillColor: tint(colour, 0.93),
    margin: [8, 7, 8, 7],
  };
}

/** The patient and document boxes side by side, as one table row so they share a height. */
function infoBoxes(left: [string, Field[]], right: [string, Field[]], colour: string): Content {
  const edge = tint(colour, 0.6);
  return {
    table: {
      widths: ['*', 12, '*'],
      body: [
        [
          boxCell(left[0], left[1], colour),
          { text: '', border: [true, false, true, false] },
          boxCell(right[0], right[1], colour),
        ],
      ],
    },
    layout: {
      hLineWidth: () => 0.8,
      vLineWidth: () => 0.8,
      hLineColor: () => edge,
      vLineColor: () => edge,
      paddingLeft: () => 0,
      paddingRight: () => 0,
      paddingTop: () => 0,
      paddingBottom: () => 0,
    },
    margin: [0, 12, 0, 4],
  };
}

function tableLayout(colour: string): CustomTableLayout {
  return {
    hLineWidth: (i, node) => (i === 0 || i === 1 || i === node.table.body.length ? 0.8 : 0.4),
    vLineWidth: () => 0,
    hLineColor: (i) => (i <= 1 ? colour : RULE),
    fillColor: (row) => (row === 0 ? tint(colour, 0.88) : row % 2 === 0 ? '#f6f7f9' : null),
    paddingLeft: () => 5,
    paddingRight: () => 5,
    paddingTop: () => 3,
    paddingBottom: () => 3,
  };
}

/** Rough width of a string in Roboto at 9 pt: enough to decide what may stay on one line. */
const approxWidth = (chars: number) => chars * 5 + 10;

/**
 * Short columns (dates, levels, numbers) stay on one line and take what they need, as long as
 * together they leave most of the width to the long ones, which share the rest.
 */
function columnWidths(
  rows: string[][],
  columns: number,
): { widths: ('auto' | '*')[]; noWrap: boolean[] } {
  const longest = Array.from({ length: columns }, (_, i) =>
    Math.max(0, ...rows.map((r) => (r[i] ?? '').length)),
  );
  const noWrap = longest.map(() => false);
  let budget = CONTENT_WIDTH * 0.6;
  for (const i of longest.map((_, i) => i).sort((a, b) => longest[a]! - longest[b]!)) {
    const width = approxWidth(longest[i]!);
    if (longest[i]! > 20 || width > budget) break;
    noWrap[i] = true;
    budget -= width;
  }
  const widths = noWrap.map((n) => (n ? ('auto' as const) : ('*' as const)));
  if (!widths.includes('*') && columns) widths[columns - 1] = '*';
  return { widths, noWrap };
}

function tableBlock(head: string[], rows: string[][], colour: string): Content {
  const columns = Math.max(head.length, ...rows.map((r) => r.length), 1);
  const pad = (r: string[]) => Array.from({ length: columns }, (_, i) => r[i] ?? '');
  const all = head.length ? [pad(head), ...rows.map(pad)] : rows.map(pad);
  const { widths, noWrap } = columnWidths(all, columns);
  const body: TableCell[][] = all.map((r, row) =>
    r.map((c, i) =>
      row === 0 && head.length
        ? { text: c, bold: true, fontSize: 8.5, noWrap: noWrap[i] === true }
        : { text: c, fontSize: 9, noWrap: noWrap[i] === true },
    ),
  );
  return {
    table: {
      headerRows: head.length ? 1 : 0,
      dontBreakRows: true,
      ...(head.length ? { keepWithHeaderRows: 1 } : {}),
      widths,
      body: body.length ? body : [pad([]).map(() => '')],
    },
    layout: tableLayout(colour),
    margin: [0, 2, 0, 8],
  };
}

function fieldsBlock(fields: Field[]): Content {
  // Many short pairs read better two by two; long values need the whole width.
  const compact =
    fields.length >= 4 && fields.every((f) => f.value.length <= 34 && f.label.length <= 24);
  const layout: CustomTableLayout = { ...noBorders, paddingTop: () => 2, paddingBottom: () => 2 };
  if (!compact) {
    return {
      table: {
        widths: [150, '*'],
        dontBreakRows: true,
        body: fields.map((f) => [{ text: f.label, color: MUTED }, { text: f.value }]),
      },
      layout,
      margin: [0, 2, 0, 8],
    };
  }
  const body: TableCell[][] = [];
  for (let i = 0; i < fields.length; i += 2) {
    const a = fields[i]!;
    const b = fields[i + 1];
    body.push([
      { text: a.label, color: MUTED },
      { text: a.value },
      { text: b?.label ?? '', color: MUTED },
      { text: b?.value ?? '' },
    ]);
  }
  return {
    table: { widths: [92, '*', 92, '*'], dontBreakRows: true, body },
    layout,
    margin: [0, 2, 0, 8],
  };
}

/**
 * A block's printed pieces. `small` pieces fit well within a page: they are kept whole, and a
 * section heading is kept on the page of its first piece when that piece is small.
 */
interface Piece {
  content: Content;
  small: boolean;
}

const SMALL_ROWS = 12;
const SMALL_TEXT = 700;

function blockPieces(block: Block, colour: string): Piece[] {
  switch (block.kind) {
    case 'paragraph':
      return block.text
        .split(/\n\s*\n/)
        .map((p) => p.trim())
        .filter(Boolean)
        .map((p) => ({
          content: { text: p, margin: [0, 0, 0, 5] },
          small: p.length <= SMALL_TEXT,
        }));
    case 'list':
      return [
        {
          content: { ul: block.items, margin: [0, 0, 0, 6], markerColor: colour },
          small: block.items.length <= SMALL_ROWS && block.items.join('').length <= SMALL_TEXT,
        },
      ];
    case 'table':
      return [
        {
          content: tableBlock(block.head, block.rows, colour),
          small: block.rows.length <= SMALL_ROWS,
        },
      ];
    case 'fields': {
      if (!block.fields.length) return [];
      const small = block.fields.length <= 2 * SMALL_ROWS;
      const table = fieldsBlock(block.fields);
      return [{ content: small ? { unbreakable: true, stack: [table] } : table, small }];
    }
    case 'svg': {
      const width = Math.min(block.width, CONTENT_WIDTH);
      const caption: Content[] = block.caption
        ? [
            {
              text: block.caption,
              italics: true,
              fontSize: 8,
              color: MUTED,
              alignment: 'center',
              margin: [0, 2, 0, 0],
            },
          ]
        : [];
      return [
        {
          content: {
            unbreakable: true,
            stack: [
              {
                columns: [
                  { width: '*', text: '' },
                  { width, svg: block.svg },
                  { width: '*', text: '' },
                ],
              },
              ...caption,
            ],
            margin: [0, 4, 0, 8],
          },
          small: true,
        },
      ];
    }
  }
}

function headingContent(
  title: string,
  level: number,
  colour: string,
  headline: boolean,
): Content[] {
  // Inside an unbreakable stack pdfmake reports stale positions to pageBreakBefore, so only a
  // heading outside one carries a headlineLevel.
  const headlineLevel = headline ? level : undefined;
  if (level > 1) {
    return [
      {
        text: title,
        headlineLevel,
        fontSize: level === 2 ? 10.5 : 10,
        bold: true,
        color: INK,
        margin: [0, 8, 0, 3],
      },
    ];
  }
  return [
    {
      text: title,
      headlineLevel,
      fontSize: 12.5,
      bold: true,
      color: colour,
      margin: [0, 12, 0, 1],
    },
    {
      canvas: [
        {
          type: 'line',
          x1: 0,
          y1: 0,
          x2: CONTENT_WIDTH,
          y2: 0,
          lineWidth: 0.6,
          lineColor: tint(colour, 0.45),
        },
      ],
      margin: [0, 0, 0, 5],
    },
  ];
}

function sectionContent(section: OutlineSection, level: number, colour: string): Content[] {
  const pieces = section.blocks.flatMap((b) => blockPieces(b, colour));
  const [first, ...rest] = pieces;
  const opening: Content[] =
    first?.small === true
      ? [
          {
            unbreakable: true,
            stack: [...headingContent(section.title, level, colour, false), first.content],
          },
        ]
      : [...headingContent(section.title, level, colour, true), ...(first ? [first.content] : [])];
  return [
    ...opening,
    ...rest.map((p) => p.content),
    ...(section.subsections ?? []).flatMap((s) => sectionContent(s, level + 1, colour)),
  ];
}

function signatureContent(
  outline: DocumentOutline,
  h: Heading,
  l: Labels,
  colour: string,
): Content {
  const authorColumn: Content = {
    stack: [
      {
        text: (h.signer ? l.author : l.responsible).toUpperCase(),
        bold: true,
        fontSize: 8,
        color: colour,
        characterSpacing: 0.6,
        margin: [0, 0, 0, 3],
      },
      ...clinicianLines(h.author.clinician).map((t, i) => ({ text: t, bold: i === 0 })),
      {
        text: l.writtenOn(formatDateTime(h.author.time)),
        color: MUTED,
        fontSize: 8.5,
        margin: [0, 2, 0, 0],
      },
    ],
  };
  const signer = h.signer;
  const signerColumn: Content = signer
    ? {
        table: {
          widths: ['*'],
          body: [
            [
              {
                stack: [
                  { text: l.signedBy, fontSize: 8.5, color: MUTED },
                  { text: personDisplayName(signer.clinician.name), bold: true },
                  ...(signer.clinician.specialty ? [{ text: signer.clinician.specialty }] : []),
                  {
                    text: l.signedOn(formatDateTime(signer.time)),
                    color: MUTED,
                    fontSize: 8.5,
                    margin: [0, 2, 0, 0],
                  },
                ],
                margin: [8, 6, 8, 6],
              },
            ],
          ],
        },
        layout: {
          hLineWidth: () => 0.8,
          vLineWidth: (i) => (i === 0 ? 3 : 0.8),
          hLineColor: () => tint(colour, 0.6),
          vLineColor: (i) => (i === 0 ? colour : tint(colour, 0.6)),
          paddingLeft: () => 0,
          paddingRight: () => 0,
          paddingTop: () => 0,
          paddingBottom: () => 0,
        },
      }
    : { text: '' };
  return {
    unbreakable: true,
    margin: [0, 16, 0, 0],
    stack: [
      ...(outline.signatureNote
        ? [
            {
              text: outline.signatureNote,
              italics: true,
              color: MUTED,
              margin: [0, 0, 0, 8] as [number, number, number, number],
            },
          ]
        : []),
      { columns: [authorColumn, signerColumn], columnGap: 20 },
    ],
  };
}

function documentDefinition(
  outline: DocumentOutline,
  options: RenderPdfOptions,
): TDocumentDefinitions {
  const locale = options.locale ?? 'it';
  const l = labels[locale];
  const { branding } = options;
  const colour = branding.color;
  const h = headingOf(outline, l);
  const p = h.patient;

  const patientFields = [
    { label: l.name, value: patientName(p) },
    { label: l.fiscalCode, value: p.fiscalCode },
    {
      label: l.birth,
      value: formatDate(p.birthDate) + (p.birthPlace?.city ? ` · ${p.birthPlace.city}` : ''),
    },
    { label: l.sex, value: l.sexes[p.gender] },
    ...(p.address
      ? [
          {
            label: l.residence,
            value: [p.address.street, p.address.city].filter(Boolean).join(', '),
          },
        ]
      : []),
  ];

  const header = (_page: number, _pages: number, pageSize: ContextPageSize): Content => ({
    stack: [
      { canvas: [{ type: 'rect', x: 0, y: 0, w: pageSize.width, h: 7, color: colour }] },
      {
        margin: [MARGIN.left, 12, MARGIN.right, 0],
        columnGap: 10,
        columns: [
          ...(branding.logoSvg
            ? [
                {
                  width: 'auto' as const,
                  stack: [{ svg: branding.logoSvg, fit: [110, 38] as [number, number] }],
                },
              ]
            : []),
          {
            width: '*',
            stack: [
              { text: branding.organisation, bold: true, fontSize: 11.5, color: colour },
              ...(branding.unit ? [{ text: branding.unit, fontSize: 8.5, color: MUTED }] : []),
            ],
          },
          {
            width: 'auto',
            alignment: 'right',
            stack: [
              { text: patientName(p), bold: true, fontSize: 8.5, color: INK },
              { text: p.fiscalCode, fontSize: 8, color: MUTED },
            ],
          },
        ],
      },
      {
        margin: [MARGIN.left, 6, MARGIN.right, 0],
        canvas: [
          {
            type: 'line',
            x1: 0,
            y1: 0,
            x2: pageSize.width - MARGIN.left - MARGIN.right,
            y2: 0,
            lineWidth: 1,
            lineColor: colour,
          },
        ],
      },
    ],
  });

  const footer = (page: number, pages: number): Content => ({
    margin: [MARGIN.left, 14, MARGIN.right, 0],
    fontSize: 7.5,
    color: MUTED,
    stack: [
      {
        canvas: [
          { type: 'line', x1: 0, y1: 0, x2: CONTENT_WIDTH, y2: 0, lineWidth: 0.5, lineColor: RULE },
        ],
      },
      ...(branding.footer
        ? [{ text: branding.footer, margin: [0, 4, 0, 0] as [number, number, number, number] }]
        : []),
      {
        margin: [0, 3, 0, 0],
        columns: [
          { text: l.footerDoc(h.idText, h.version), width: '*' },
          { text: l.page(page, pages), width: 'auto', bold: true, color: INK },
        ],
      },
    ],
  });

  const content: Content[] = [
    { text: outline.title, fontSize: 19, bold: true, color: colour, margin: [0, 4, 0, 0] },
    ...(outline.subtitle
      ? [
          {
            text: outline.subtitle,
            fontSize: 11,
            color: MUTED,
            margin: [0, 2, 0, 0] as [number, number, number, number],
          },
        ]
      : []),
    ...(h.replacesVersion !== undefined
      ? [
          {
            text: l.replaces(h.replacesVersion),
            bold: true,
            fontSize: 9,
            color: '#9a3412',
            margin: [0, 4, 0, 0] as [number, number, number, number],
          },
        ]
      : []),
    infoBoxes([l.patient, patientFields], [l.document, h.documentFields], colour),
    ...outline.sections.flatMap((s) => sectionContent(s, 1, colour)),
    signatureContent(outline, h, l, colour),
  ];

  const creationDate = options.creationDate;
  return {
    pageSize: 'A4',
    pageMargins: [MARGIN.left, MARGIN.top, MARGIN.right, MARGIN.bottom],
    version: '1.7ext3',
    subset: 'PDF/A-3b',
    language: locale === 'it' ? 'it-IT' : 'en-GB',
    info: {
      title: metadataText(outline.title),
      author: metadataText(personDisplayName(h.author.clinician.name)),
      subject: metadataText(outline.subtitle ?? outline.title),
      keywords: metadataText(`${h.idText} v${h.version}`),
      creator: 'Percorsi',
      producer: 'Percorsi (pdfmake 0.3)',
      creationDate,
      modDate: creationDate,
    },
    header,
    footer,
    content,
    defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.22, color: INK },
    // A heading opening a long block is not left in the last lines of a page (headings
    // opening a small block are kept with it by an unbreakable stack).
    pageBreakBefore: (node) =>
      node.headlineLevel !== undefined &&
      (node.startPosition.verticalRatio ?? 0) > (node.headlineLevel === 1 ? 0.86 : 0.9),
    ...(options.attachment
      ? { files: { cda: attachmentFile(options.attachment, creationDate, l) } }
      : {}),
  };
}

/** pdfkit's `file()` options that pdfmake passes through but its types do not list. */
interface EmbeddedFile {
  src: string;
  name: string;
  description: string;
  type: string;
  relationship: 'Data';
  creationDate: Date;
  modifiedDate: Date;
}

function attachmentFile(a: PdfAttachment, date: Date, l: Labels): EmbeddedFile {
  return {
    src: `data:text/xml;base64,${Buffer.from(a.xml, 'utf8').toString('base64')}`,
    name: a.name,
    description: a.description ?? l.attachment,
    type: 'text/xml',
    // PDF/A-3: the XML is the data the visible document presents.
    relationship: 'Data',
    creationDate: date,
    modifiedDate: date,
  };
}

/** The trailer /ID pdfkit would hash from the metadata alone: derive it from the whole input. */
function documentId(outline: DocumentOutline, options: RenderPdfOptions): Buffer {
  return createHash('sha256')
    .update(
      JSON.stringify({
        outline,
        options: { ...options, creationDate: options.creationDate.toISOString() },
      }),
    )
    .digest()
    .subarray(0, 16);
}

function xmpDates(date: Date): string {
  const iso = `${date.toISOString().split('.')[0]}Z`;
  return `<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/"><xmp:ModifyDate>${iso}</xmp:ModifyDate><xmp:MetadataDate>${iso}</xmp:MetadataDate></rdf:Description>`;
}

/** Sets the singleton's fonts and its closed access policy, before every rendering. */
function preparePdfmake(): void {
  pdfmake.setFonts({ Roboto: { ...fontFiles } });
  // Nothing is fetched and nothing is read but the fonts: logos and charts arrive as SVG text.
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((file) => allowedFiles.has(file));
}

/** Renders an outline as a branded PDF/A-3b; byte-identical for the same input and `creationDate`. */
export async function renderPdf(
  outline: DocumentOutline,
  options: RenderPdfOptions,
): Promise<Buffer> {
  preparePdfmake();
  // pdfmake rewrites the definition it is given (strings become nodes, arrays are replaced in
  // place), and the definition shares arrays with the outline and so with the document's
  // model: it gets a copy, so that the model stored and rendered again is the one signed.
  const definition = documentDefinition(structuredClone(outline), options);
  const doc = await pdfmake.createPdf(definition).getStream();
  (doc as unknown as { _id: Buffer })._id = documentId(outline, options);
  // pdfkit writes Info.ModDate but no xmp:ModifyDate; PDF/A wants both, and equal.
  doc.appendXML(xmpDates(options.creationDate));
  return await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/**
 * Renders a report that is not a clinical document (no outline, no CDA, no branding): the same
 * fonts and the same closed access policy as the documents.
 */
export async function renderPlainPdf(definition: TDocumentDefinitions): Promise<Buffer> {
  preparePdfmake();
  return Buffer.from(await pdfmake.createPdf(definition).getBuffer());
}
