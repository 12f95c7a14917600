import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { toCsv } from '../downloads.js';
import { renderPlainPdf } from '../../templates/pdf/render-pdf.js';
import { formatNumber } from '../../templates/pdf/date-format.js';
import { lineChartSvg } from '../../templates/pdf/svg-chart.js';
import type { DrilldownResponse, Indicator, IndicatorsResponse } from './report-schemas.js';

/**
 * Exports of the managers' reports: CSV (api/downloads.ts) and an A4 PDF made with pdfmake. Both
 * carry the filters, the figures and every indicator's definition; lists carry pseudonyms
 * exactly as the caller saw them on screen.
 */

const round = (v: number | null | undefined, digits = 2) =>
  v === null || v === undefined ? '' : String(Math.round(v * 10 ** digits) / 10 ** digits);

export function indicatorsCsv(r: IndicatorsResponse): string {
  const f = r.filters;
  const scope = [f.from, f.to, f.pathwayId ?? '', f.version ?? '', f.siteId ?? ''];
  const rows: unknown[][] = [];
  for (const i of r.indicators) {
    rows.push([
      ...scope,
      i.group,
      i.id,
      i.title.it,
      i.title.en,
      '',
      '',
      round(i.value),
      i.unit,
      i.numerator ?? '',
      i.denominator ?? '',
      '',
      '',
      i.definition.it,
      i.definition.en,
    ]);
    for (const b of i.breakdown) {
      rows.push([
        ...scope,
        i.group,
        i.id,
        i.title.it,
        i.title.en,
        b.key,
        b.label.it,
        round(b.value),
        i.unit,
        b.numerator ?? '',
        b.denominator ?? '',
        round(b.first),
        round(b.last),
        '',
        '',
      ]);
    }
  }
  return toCsv(
    [
      'period_from',
      'period_to',
      'pathway',
      'version',
      'site',
      'group',
      'indicator',
      'title_it',
      'title_en',
      'breakdown',
      'breakdown_label',
      'value',
      'unit',
      'numerator',
      'denominator',
      'first_part_mean',
      'last_part_mean',
      'definition_it',
      'definition_en',
    ],
    rows,
  );
}

export function drilldownCsv(d: DrilldownResponse): string {
  return toCsv(
    [
      'indicator',
      'pseudonym',
      ...(d.identified ? ['patient', 'fiscal_code'] : []),
      'pathway',
      'version',
      'site',
      'at',
      'label',
      'value',
      'unit',
      'detail',
    ],
    d.rows.map((r) => [
      d.indicator,
      r.patient.pseudonym,
      ...(d.identified ? [r.patient.name ?? '', r.patient.fiscalCode ?? ''] : []),
      r.pathway.id,
      r.pathway.version,
      r.site?.id ?? '',
      r.at ?? '',
      r.label.it,
      round(r.value, 1),
      r.unit,
      r.detail.it,
    ]),
  );
}

function valueText(i: Pick<Indicator, 'unit'>, v: number | null): string {
  if (v === null) return '—';
  switch (i.unit) {
    case 'percent':
      return `${formatNumber(v, 1)} %`;
    case 'minutes':
      return `${formatNumber(v, 0)} min`;
    case 'rate':
      return formatNumber(v, 2);
    case 'count':
    case 'none':
      return formatNumber(v, 0);
  }
}

/** The period report: filters, the indicators with their definitions, and two trend charts. */
export async function indicatorsPdf(
  r: IndicatorsResponse,
  meta: {
    tenantName: string;
    author: string;
    pathwayTitle: string | null;
    siteName: string | null;
  },
): Promise<Buffer> {
  const f = r.filters;
  const scopeLine = [
    `Periodo ${f.from} – ${f.to} (giorni di calendario, ${f.zone})`,
    `Percorso: ${meta.pathwayTitle ?? 'tutti'}${f.version ? ` v${f.version}` : ''}`,
    `Sede: ${meta.siteName ?? 'tutte'}`,
  ].join(' · ');
  const section = (group: 'process' | 'clinical'): Content => ({
    table: {
      headerRows: 1,
      widths: [120, 70, '*'],
      body: [
        [
          { text: 'Indicatore', style: 'th' },
          { text: 'Valore', style: 'th' },
          { text: 'Definizione', style: 'th' },
        ],
        ...r.indicators
          .filter((i) => i.group === group)
          .map((i) => [
            {
              text: [
                { text: i.title.it, bold: true },
                { text: `\n${i.title.en}`, color: '#555', fontSize: 8 },
              ],
            },
            {
              text: [
                valueText(i, i.value),
                i.numerator !== undefined && i.denominator !== undefined
                  ? {
                      text: `\n${formatNumber(i.numerator, 0)} / ${formatNumber(i.denominator, 2)}`,
                      fontSize: 8,
                      color: '#555',
                    }
                  : '',
                ...i.breakdown.map((b) => ({
                  text: `\n${b.label.it}: ${
                    b.first !== undefined || b.last !== undefined
                      ? `${b.first ?? '—'} → ${b.last ?? '—'}`
                      : valueText(i, b.value)
                  }`,
                  fontSize: 8,
                })),
              ],
            },
            {
              text: [
                i.definition.it,
                { text: `\n${i.definition.en}`, color: '#555', italics: true },
              ],
              fontSize: 8,
            },
          ]),
      ],
    },
    layout: 'lightHorizontalLines',
    margin: [0, 4, 0, 12],
  });
  const chart = (
    title: string,
    pick: (b: IndicatorsResponse['series']['buckets'][number]) => number | null,
  ): Content[] => {
    const points = r.series.buckets
      .map((b) => ({ at: `${b.start}T12:00:00Z`, value: pick(b) }))
      .filter((p): p is { at: string; value: number } => p.value !== null);
    if (points.length < 2) return [];
    return [
      { text: title, style: 'h2' },
      {
        svg: lineChartSvg({
          points,
          bands: [],
          alerts: [],
          unit: '%',
          width: 500,
          height: 150,
          from: `${r.filters.from}T00:00:00Z`,
          to: `${r.filters.to}T23:59:59Z`,
          locale: 'it',
        }),
        width: 500,
        margin: [0, 4, 0, 12],
      },
    ];
  };
  const doc: TDocumentDefinitions = {
    content: [
      { text: 'Report di esito e di processo dei percorsi', style: 'h1' },
      {
        text: 'Outcome and process report of the care pathways',
        color: '#555',
        margin: [0, 0, 0, 6],
      },
      { text: meta.tenantName, bold: true },
      { text: scopeLine, fontSize: 9, margin: [0, 2, 0, 2] },
      {
        text: `Mesi-paziente nel periodo: ${formatNumber(r.patientMonths, 2)} · Calcolato il ${r.generatedAt} da ${meta.author}`,
        fontSize: 9,
        color: '#555',
        margin: [0, 0, 0, 10],
      },
      { text: 'Indicatori di processo · Process indicators', style: 'h2' },
      section('process'),
      { text: 'Esiti clinici · Clinical outcomes', style: 'h2' },
      section('clinical'),
      ...chart(
        'Rilevazioni nel range del paziente (%) · Readings in target range',
        (b) => b.inRange,
      ),
      ...chart('Aderenza (%) · Adherence', (b) => b.adherence),
      {
        text: 'Dati aggregati: nessun dato identificativo dei pazienti. Aggregate figures: no patient-identifying data.',
        fontSize: 8,
        color: '#555',
        margin: [0, 10, 0, 0],
      },
    ],
    styles: {
      h1: { fontSize: 16, bold: true },
      h2: { fontSize: 12, bold: true, margin: [0, 8, 0, 2] },
      th: { bold: true, fontSize: 9 },
    },
    defaultStyle: { fontSize: 9 },
    pageSize: 'A4',
    pageMargins: [40, 40, 40, 50],
    info: { title: 'Report percorsi', creationDate: new Date(r.generatedAt) },
  };
  return renderPlainPdf(doc);
}
