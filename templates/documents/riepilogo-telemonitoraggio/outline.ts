import { LOINC_SYSTEM, vitalByLoinc, type VitalSign } from '../../../pathways/vitals.js';
import { formatDate, formatDateTime, formatNumber } from '../../pdf/date-format.js';
import { lineChartSvg } from '../../pdf/svg-chart.js';
import type { PersonName } from '../header.js';
import type { Block, Coding, ReportOutline, OutlineSection } from '../outline.js';
import type {
  AlertLevel,
  PeriodAlert,
  RiepilogoTelemonitoraggio,
  ThresholdBand,
  VitalSummary,
} from './model.js';

/** Sections without a LOINC code of their own are coded locally. */
const LOCAL_SYSTEM = 'urn:percorsi:riepilogo-telemonitoraggio';
const loinc = (code: string, display: string): Coding => ({
  code,
  system: LOINC_SYSTEM,
  systemName: 'LOINC',
  display,
});
const local = (code: string, display: string): Coding => ({ code, system: LOCAL_SYSTEM, display });

/** Out-of-range readings listed per vital; the rest are counted. */
const MAX_LISTED_READINGS = 40;
const CHART_WIDTH = 500;

const levelNames: Record<AlertLevel, string> = {
  red: 'Rosso',
  orange: 'Arancione',
  yellow: 'Giallo',
};
const bandNames: Record<AlertLevel, string> = {
  red: 'Rossa',
  orange: 'Arancione',
  yellow: 'Gialla',
};
const severity: Record<AlertLevel, number> = { red: 3, orange: 2, yellow: 1 };
const statusNames: Record<PeriodAlert['status'], string> = {
  open: 'Aperta',
  acknowledged: 'Presa in carico',
  resolved: 'Risolta',
  closed: 'Chiusa',
};

/** UCUM codes as people write them. */
const unitDisplay: Record<string, string> = {
  'mm[Hg]': 'mmHg',
  Cel: '°C',
  '[degF]': '°F',
  '[lb_av]': 'lb',
  '/min': '/min',
  '{beats}/min': 'battiti/min',
  '{breaths}/min': 'atti/min',
  '1/min': '/min',
};
const showUnit = (unit: string) => unitDisplay[unit] ?? unit;

function name(p: PersonName): string {
  return [p.prefix, p.given, p.family].filter(Boolean).join(' ');
}

function inBand(value: number, b: ThresholdBand): boolean {
  return (b.low === undefined || value >= b.low) && (b.high === undefined || value < b.high);
}

/** The most severe zone a value falls in, if any. */
export function levelOf(value: number, bands: readonly ThresholdBand[]): AlertLevel | undefined {
  let found: AlertLevel | undefined;
  for (const b of bands) {
    if (inBand(value, b) && (!found || severity[b.level] > severity[found])) found = b.level;
  }
  return found;
}

interface Described {
  vital: VitalSign;
  summary: VitalSummary;
  label: string;
  unit: string;
  decimals: number;
}

function describe(summary: VitalSummary): Described {
  const vital = vitalByLoinc(summary.code);
  if (!vital) throw new Error(`parametro ${summary.code} assente dal catalogo`);
  // As many decimals as the readings carry, up to the catalogue's: SpO2 sent as 95 is "95 %".
  const allowed = summary.unit === vital.unit ? vital.decimals : Math.max(vital.decimals, 1);
  const carried = Math.max(
    0,
    ...summary.readings.map((r) => String(r.value).split('.')[1]?.length ?? 0),
    ...summary.bands
      .flatMap((b) => [b.low, b.high])
      .map((v) => (v === undefined ? 0 : (String(v).split('.')[1]?.length ?? 0))),
  );
  return {
    vital,
    summary,
    label: vital.label.it,
    unit: showUnit(summary.unit),
    decimals: Math.min(allowed, carried),
  };
}

function bandText(b: ThresholdBand, d: Described): string {
  const n = (v: number) => formatNumber(v, d.decimals);
  const range =
    b.low !== undefined && b.high !== undefined
      ? `da ${n(b.low)} a meno di ${n(b.high)}`
      : b.low !== undefined
        ? `≥ ${n(b.low)}`
        : `< ${n(b.high ?? 0)}`;
  return `Fascia ${bandNames[b.level].toLowerCase()}: ${range} ${d.unit}`;
}

const percent = (part: number, whole: number) =>
  whole === 0 ? '—' : `${formatNumber(Math.min(100, (part / whole) * 100), 0)} %`;

function periodDays(from: string, to: string): number {
  return Math.max(1, Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000));
}

function countBy<T extends string>(items: readonly { level: T }[], level: T): number {
  return items.filter((i) => i.level === level).length;
}

function summarySection(m: RiepilogoTelemonitoraggio, described: Described[]): OutlineSection {
  const readings = described.reduce((n, d) => n + d.summary.readings.length, 0);
  const expected = m.adherence.reduce((n, a) => n + a.expected, 0);
  const received = m.adherence.reduce((n, a) => n + a.received, 0);
  const open = m.alerts.filter((a) => a.status === 'open').length;
  const days = periodDays(m.period.from, m.period.to);
  const alertsText = m.alerts.length
    ? `Sono state generate ${m.alerts.length === 1 ? '1 allerta' : `${m.alerts.length} allerte`} (rosse ${countBy(m.alerts, 'red')}, arancioni ${countBy(m.alerts, 'orange')}, gialle ${countBy(m.alerts, 'yellow')})${open ? `, di cui ${open} ancora aperte` : ', tutte gestite'}.`
    : 'Nel periodo non è stata generata alcuna allerta.';
  const text =
    `Nel periodo dal ${formatDate(m.period.from)} al ${formatDate(m.period.to)} (${days} giorni) ` +
    `sono state ricevute ${readings} misurazioni di ${described.length} ${described.length === 1 ? 'parametro' : 'parametri'}` +
    (expected ? ` (aderenza complessiva ${percent(received, expected)}).` : '.') +
    ` ${alertsText}`;
  const overview: Block = {
    kind: 'table',
    head: ['Parametro', 'Misurazioni', 'Ultimo valore', 'Fuori soglia'],
    rows: described.map((d) => {
      const rs = sortedReadings(d);
      const last = rs.at(-1);
      const out = rs.filter((r) => levelOf(r.value, d.summary.bands)).length;
      return [
        `${d.label} (${d.unit})`,
        String(rs.length),
        last ? `${formatNumber(last.value, d.decimals)} · ${formatDateTime(last.at)}` : '—',
        String(out),
      ];
    }),
  };
  return {
    code: loinc('55112-7', 'Document summary'),
    title: 'Sintesi del periodo',
    blocks: [{ kind: 'paragraph', text }, ...(described.length ? [overview] : [])],
  };
}

function sortedReadings(d: Described) {
  return [...d.summary.readings].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

function vitalSection(m: RiepilogoTelemonitoraggio, d: Described): OutlineSection {
  const rs = sortedReadings(d);
  const fmt = (v: number) => `${formatNumber(v, d.decimals)} ${d.unit}`;
  const bands = d.summary.bands;
  const blocks: Block[] = [];
  if (!rs.length) {
    blocks.push({ kind: 'paragraph', text: 'Nessuna misurazione ricevuta nel periodo.' });
  } else {
    const alerts = m.alerts
      .filter((a) => a.vital === d.summary.code)
      .map((a) => ({ at: a.at, level: a.level }));
    blocks.push({
      kind: 'svg',
      width: CHART_WIDTH,
      svg: lineChartSvg({
        from: m.period.from,
        to: m.period.to,
        points: rs.map((r) => ({ at: r.at, value: r.value, level: levelOf(r.value, bands) })),
        bands,
        alerts,
        unit: d.unit,
        width: CHART_WIDTH,
        height: 170,
      }),
      caption:
        `${d.label}: ${rs.length} misurazioni dal ${formatDate(m.period.from)} al ${formatDate(m.period.to)}` +
        (bands.length
          ? '; in verde i valori attesi, in giallo, arancione e rosso le fasce di allerta'
          : '') +
        (alerts.length ? '; i triangoli in alto segnano le allerte' : '') +
        '.',
    });
    const values = rs.map((r) => r.value);
    const min = rs.reduce((a, b) => (b.value < a.value ? b : a));
    const max = rs.reduce((a, b) => (b.value > a.value ? b : a));
    const last = rs.at(-1)!;
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    blocks.push({
      kind: 'fields',
      fields: [
        { label: 'Misurazioni', value: String(rs.length) },
        { label: 'Media', value: `${formatNumber(mean, d.decimals + 1)} ${d.unit}` },
        { label: 'Minimo', value: `${fmt(min.value)} (${formatDate(min.at)})` },
        { label: 'Massimo', value: `${fmt(max.value)} (${formatDate(max.at)})` },
        { label: 'Ultimo valore', value: `${fmt(last.value)} (${formatDateTime(last.at)})` },
        { label: 'Fuori soglia', value: String(rs.filter((r) => levelOf(r.value, bands)).length) },
      ],
    });
  }
  if (bands.length) {
    blocks.push({ kind: 'list', items: bands.map((b) => bandText(b, d)) });
  }
  const outOfRange = rs
    .map((r) => ({ ...r, level: levelOf(r.value, bands) }))
    .filter((r): r is typeof r & { level: AlertLevel } => r.level !== undefined);
  if (outOfRange.length) {
    const listed = outOfRange.slice(0, MAX_LISTED_READINGS);
    blocks.push({
      kind: 'table',
      head: ['Data e ora', `Valore (${d.unit})`, 'Fascia'],
      rows: listed.map((r) => [
        formatDateTime(r.at),
        formatNumber(r.value, d.decimals),
        bandNames[r.level],
      ]),
    });
    if (outOfRange.length > listed.length) {
      blocks.push({
        kind: 'paragraph',
        text: `Elencate le prime ${listed.length} misurazioni fuori soglia su ${outOfRange.length}.`,
      });
    }
  } else if (rs.length && bands.length) {
    blocks.push({
      kind: 'paragraph',
      text: 'Tutte le misurazioni del periodo sono nei valori attesi.',
    });
  }
  return {
    code: loinc(d.summary.code, d.vital.label.en),
    title: `${d.label} (${d.unit})`,
    blocks,
  };
}

function vitalLabel(code: string | undefined): string {
  return code ? (vitalByLoinc(code)?.label.it ?? code) : '—';
}

function alertsSection(m: RiepilogoTelemonitoraggio): OutlineSection {
  const alerts = [...m.alerts].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return {
    code: local('alerts', 'Allerte del periodo'),
    title: 'Allerte del periodo',
    blocks: alerts.length
      ? [
          {
            kind: 'table',
            head: ['Data e ora', 'Livello', 'Parametro', 'Messaggio', 'Stato', 'Presa in carico'],
            rows: alerts.map((a) => [
              formatDateTime(a.at),
              levelNames[a.level],
              vitalLabel(a.vital),
              a.message,
              statusNames[a.status],
              [
                a.acknowledgedBy ? name(a.acknowledgedBy) : '',
                a.acknowledgedAt ? formatDateTime(a.acknowledgedAt) : '',
              ]
                .filter(Boolean)
                .join(', ') || '—',
            ]),
          },
        ]
      : [{ kind: 'paragraph', text: 'Nessuna allerta nel periodo.' }],
  };
}

function adherenceSection(m: RiepilogoTelemonitoraggio): OutlineSection {
  if (!m.adherence.length) {
    return {
      code: local('adherence', 'Aderenza al piano'),
      title: 'Aderenza al piano',
      blocks: [
        { kind: 'paragraph', text: 'Il piano non prevedeva rilevazioni a calendario nel periodo.' },
      ],
    };
  }
  const expected = m.adherence.reduce((n, a) => n + a.expected, 0);
  const received = m.adherence.reduce((n, a) => n + a.received, 0);
  return {
    code: local('adherence', 'Aderenza al piano'),
    title: 'Aderenza al piano',
    blocks: [
      {
        kind: 'table',
        head: ['Rilevazione', 'Attese', 'Ricevute', 'Aderenza'],
        rows: [
          ...m.adherence.map((a) => [
            a.label ?? vitalLabel(a.code),
            String(a.expected),
            String(a.received),
            percent(a.received, a.expected),
          ]),
          ['Totale', String(expected), String(received), percent(received, expected)],
        ],
      },
    ],
  };
}

export function riepilogoOutline(m: RiepilogoTelemonitoraggio): ReportOutline {
  const described = m.vitals.map(describe);
  const days = periodDays(m.period.from, m.period.to);
  return {
    title: 'Riepilogo di telemonitoraggio',
    subtitle: `${m.pathway.name} · dal ${formatDate(m.period.from)} al ${formatDate(m.period.to)}`,
    report: {
      id: m.id,
      version: m.version,
      issued: m.issued,
      patient: m.patient,
      custodian: m.custodian,
      author: { clinician: m.author, time: m.issued },
      facts: [
        { label: 'Percorso', value: `${m.pathway.name} (v. ${m.pathway.version})` },
        {
          label: 'Periodo',
          value: `${formatDate(m.period.from)} – ${formatDate(m.period.to)} (${days} giorni)`,
        },
        { label: 'Ente', value: m.custodian.name },
      ],
    },
    sections: [
      summarySection(m, described),
      ...described.map((d) => vitalSection(m, d)),
      alertsSection(m),
      adherenceSection(m),
      ...(m.notes?.trim()
        ? [
            {
              code: loinc('48767-8', 'Annotation comment'),
              title: 'Note',
              blocks: [{ kind: 'paragraph' as const, text: m.notes }],
            },
          ]
        : []),
    ],
    signatureNote:
      'Riepilogo generato dalla piattaforma di telemonitoraggio con i dati ricevuti nel periodo; ' +
      'non sostituisce la valutazione clinica del medico responsabile.',
  };
}
