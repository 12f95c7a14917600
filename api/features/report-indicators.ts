import { DateTime } from 'luxon';
import type { Stores } from '../../db/stores/index.js';
import {
  periodBounds,
  reportZone,
  type AggregateRow,
  type ReportScope,
} from '../../db/stores/report-store.js';
import type { PathwayDefinition } from '../../pathways/definition.js';
import type { PathwayCatalog } from '../../platform/pathway-catalog.js';
import type {
  Indicator,
  IndicatorId,
  IndicatorsResponse,
  ReportFilters,
} from './report-schemas.js';

/**
 * The managers' indicators for a tenant, pathway, version, site and period, read from the
 * daily pre-aggregates (report_daily) plus the enrolments table; never from the workflows.
 * Each indicator carries its definition in Italian and English, the same text the dashboard
 * shows beside the number and the exports print.
 */

type Text = { it: string; en: string };

export const indicatorDefinitions: Record<
  IndicatorId,
  { group: 'process' | 'clinical'; title: Text; definition: Text; unit: Indicator['unit'] }
> = {
  enrolled: {
    group: 'process',
    title: { it: 'Arruolati', en: 'Enrolled' },
    unit: 'count',
    definition: {
      it: 'Arruolamenti avvenuti nel periodo (data di arruolamento compresa tra inizio e fine del periodo, giorni di calendario di Roma).',
      en: 'Enrolments made in the period (enrolment date between the first and last day of the period, Rome calendar days).',
    },
  },
  active: {
    group: 'process',
    title: { it: 'Attivi a fine periodo', en: 'Active at the end of the period' },
    unit: 'count',
    definition: {
      it: 'Arruolamenti iniziati prima della fine del periodo e non ancora conclusi o ritirati alla fine del periodo (o ad oggi, se il periodo non è finito).',
      en: 'Enrolments started before the end of the period and not yet completed or withdrawn at its end (or now, if the period has not ended).',
    },
  },
  completed: {
    group: 'process',
    title: { it: 'Conclusi', en: 'Completed' },
    unit: 'count',
    definition: {
      it: 'Percorsi conclusi nel periodo secondo il loro esito (stato "completato", data di conclusione nel periodo).',
      en: 'Pathways that ended in the period with an outcome (status "completed", end date in the period).',
    },
  },
  withdrawn: {
    group: 'process',
    title: { it: 'Ritirati', en: 'Withdrawn' },
    unit: 'count',
    definition: {
      it: 'Arruolamenti ritirati nel periodo (stato "ritirato", data di ritiro nel periodo).',
      en: 'Enrolments withdrawn in the period (status "withdrawn", withdrawal date in the period).',
    },
  },
  adherence: {
    group: 'process',
    title: { it: 'Aderenza', en: 'Adherence' },
    unit: 'percent',
    definition: {
      it: 'Quota delle rilevazioni e dei questionari programmati per il paziente, con finestra chiusa nel periodo, ricevuti dentro la loro finestra: ricevuti ÷ programmati.',
      en: "Share of the patient's scheduled readings and questionnaires whose window closed in the period that were received inside their window: received ÷ scheduled.",
    },
  },
  alertsPerPatientMonth: {
    group: 'process',
    title: { it: 'Allerte per paziente-mese', en: 'Alerts per patient-month' },
    unit: 'rate',
    definition: {
      it: 'Allerte generate nel periodo ÷ mesi-paziente di arruolamento attivo nel periodo (somma dei giorni di arruolamento di ciascun paziente nel periodo ÷ 30,44), per gravità; non calcolato sotto un mese-paziente.',
      en: "Alerts raised in the period ÷ patient-months of active enrolment in the period (each patient's enrolled days in the period summed ÷ 30.44), by severity; not computed below one patient-month.",
    },
  },
  ackMedian: {
    group: 'process',
    title: { it: 'Tempo di presa in carico (mediana)', en: 'Time to acknowledgement (median)' },
    unit: 'minutes',
    definition: {
      it: "Mediana (rango più vicino) dei minuti tra la generazione di un'allerta e la sua presa in carico, arrotondati al minuto superiore, per le allerte generate nel periodo e prese in carico.",
      en: 'Median (nearest rank) of the minutes from an alert being raised to its acknowledgement, rounded up to the whole minute, for the alerts raised in the period and acknowledged.',
    },
  },
  ackP90: {
    group: 'process',
    title: {
      it: 'Tempo di presa in carico (90° percentile)',
      en: 'Time to acknowledgement (90th percentile)',
    },
    unit: 'minutes',
    definition: {
      it: '90° percentile (rango più vicino) degli stessi minuti: nove allerte su dieci sono state prese in carico entro questo tempo.',
      en: '90th percentile (nearest rank) of the same minutes: nine alerts in ten were acknowledged within this time.',
    },
  },
  ackWithinLimit: {
    group: 'process',
    title: { it: 'Prese in carico entro il limite', en: 'Acknowledged within the limit' },
    unit: 'percent',
    definition: {
      it: "Quota delle allerte generate nel periodo prese in carico entro il tempo che il percorso fissa per quell'allerta, senza escalation: entro il limite ÷ tutte le allerte del periodo.",
      en: 'Share of the alerts raised in the period acknowledged within the time the pathway sets for that alert, without escalation: within the limit ÷ all alerts of the period.',
    },
  },
  escalations: {
    group: 'process',
    title: { it: 'Escalation per livello', en: 'Escalations by level' },
    unit: 'count',
    definition: {
      it: 'Allerte generate nel periodo che, non prese in carico in tempo, sono salite almeno al livello indicato della scala di escalation del percorso; il totale è il livello 1.',
      en: "Alerts raised in the period that, not acknowledged in time, went up at least to the given level of the pathway's escalation ladder; the total is level 1.",
    },
  },
  missedReadingTasks: {
    group: 'process',
    title: { it: 'Attività per rilevazioni mancate', en: 'Missed-reading tasks' },
    unit: 'count',
    definition: {
      it: 'Attività aperte nel periodo per gli operatori perché una rilevazione o un questionario programmato non è arrivato (regole del percorso sulle rilevazioni mancate).',
      en: "Tasks opened for clinicians in the period because a scheduled reading or questionnaire did not arrive (the pathway's missed-reading rules).",
    },
  },
  tasksOverdue: {
    group: 'process',
    title: { it: 'Attività in ritardo', en: 'Tasks overdue' },
    unit: 'count',
    definition: {
      it: 'Attività degli operatori aperte nel periodo non concluse entro la scadenza: chiuse dopo la scadenza, scalate, mancate, o ancora aperte a scadenza passata; su tutte le attività con scadenza aperte nel periodo (escluse le annullate in tempo).',
      en: "Clinicians' tasks opened in the period not done by their due time: closed after it, escalated, missed, or still open past it; out of all tasks with a due time opened in the period (except those cancelled in time).",
    },
  },
  notificationsSent: {
    group: 'process',
    title: { it: 'Notifiche inviate', en: 'Notifications sent' },
    unit: 'count',
    definition: {
      it: 'Consegne di notifiche (in app, e-mail, SMS, per destinatario) generate nel periodo e accettate dal canale.',
      en: 'Deliveries of notifications (in-app, e-mail, SMS, per recipient) raised in the period and accepted by the channel.',
    },
  },
  notificationsFailed: {
    group: 'process',
    title: { it: 'Notifiche non consegnate', en: 'Notifications failed' },
    unit: 'count',
    definition: {
      it: 'Consegne di notifiche generate nel periodo rifiutate dal canale o fallite dopo tutti i tentativi.',
      en: 'Deliveries of notifications raised in the period refused by the channel or failed after every attempt.',
    },
  },
  inRange: {
    group: 'clinical',
    title: {
      it: 'Rilevazioni nel range del paziente',
      en: "Readings in the patient's target range",
    },
    unit: 'percent',
    definition: {
      it: "Quota delle rilevazioni misurate nel periodo che non ricadono in alcuna soglia d'allerta del percorso, calcolata con i valori personali del paziente (es. SpO2 minima); solo per i parametri con soglie.",
      en: "Share of the readings measured in the period that fall in none of the pathway's alert thresholds, computed with the patient's own values (e.g. minimum SpO2); only for measures with thresholds.",
    },
  },
  scoreTrends: {
    group: 'clinical',
    title: { it: 'Andamento dei punteggi dei questionari', en: 'Questionnaire score trends' },
    unit: 'none',
    definition: {
      it: 'Media dei punteggi dei questionari inviati nei primi 30 giorni del periodo e negli ultimi 30 (nella prima e nella seconda metà, se il periodo è più breve di 60 giorni).',
      en: 'Mean of the questionnaire scores submitted in the first 30 days of the period and in the last 30 (in the first and second half, if the period is shorter than 60 days).',
    },
  },
  worseningPatients: {
    group: 'clinical',
    title: { it: 'Pazienti con andamento in peggioramento', en: 'Patients with worsening trends' },
    unit: 'count',
    definition: {
      it: "Pazienti con almeno un'allerta di tendenza nel periodo: un'allerta da una regola del percorso su un valore derivato dall'andamento (es. aumento di peso in 3 giorni).",
      en: 'Patients with at least one trend alert in the period: an alert from a pathway rule on a value derived from the trend (e.g. weight gain over 3 days).',
    },
  },
  outcomes: {
    group: 'clinical',
    title: { it: 'Esiti a fine percorso', en: 'Outcomes at the end of the pathway' },
    unit: 'count',
    definition: {
      it: 'Arruolamenti terminati nel periodo, per esito registrato dal percorso (o per stato, se il percorso non ne ha registrato uno).',
      en: 'Enrolments that ended in the period, by the outcome the pathway recorded (or by status, if it recorded none).',
    },
  },
};

export const severityLabels: Record<string, Text> = {
  red: { it: 'Rossa', en: 'Red' },
  orange: { it: 'Arancione', en: 'Orange' },
  yellow: { it: 'Gialla', en: 'Yellow' },
};

const statusLabels: Record<string, Text> = {
  completed: { it: 'Completato', en: 'Completed' },
  withdrawn: { it: 'Ritirato', en: 'Withdrawn' },
  failed: { it: 'Interrotto per errore', en: 'Failed' },
  sent: { it: 'Inviate', en: 'Sent' },
};

const patientMonthMs = (365.25 / 12) * 24 * 3600_000;

/** Metrics read per day (the charts and the score parts), and those read as period totals. */
const seriesMetrics = ['in_range', 'adherence', 'alerts', 'score'] as const;
const totalMetrics = [
  'ack_within',
  'ack_minutes',
  'escalated',
  'ladder_exhausted',
  'missed_reading_tasks',
  'tasks',
  'notifications',
] as const;

export interface ReportContext {
  stores: Stores;
  catalog: PathwayCatalog;
}

/** The pathways (with versions) a tenant's reports can filter on. */
export function pathwayOptions(catalog: PathwayCatalog, tenantId: string) {
  const byId = new Map<string, { id: string; title: Text; versions: Set<string> }>();
  for (const d of catalog.versionsVisibleTo(tenantId)) {
    const entry = byId.get(d.id) ?? { id: d.id, title: d.title, versions: new Set<string>() };
    entry.versions.add(d.version);
    byId.set(d.id, entry);
  }
  return [...byId.values()]
    .map((p) => ({ id: p.id, title: p.title, versions: [...p.versions].sort() }))
    .sort((a, b) => a.title.it.localeCompare(b.title.it));
}

/** The definitions in scope: every version of the chosen pathway(s) the tenant can see. */
export function definitionsInScope(
  catalog: PathwayCatalog,
  scope: ReportScope,
): PathwayDefinition[] {
  return catalog
    .versionsVisibleTo(scope.tenantId)
    .filter(
      (d) =>
        (!scope.pathwayId || d.id === scope.pathwayId) &&
        (!scope.version || d.version === scope.version),
    );
}

/** Rules whose condition reads a value derived from a trend (a `derived` data point). */
export function trendRules(definitions: PathwayDefinition[]) {
  const byPathway = new Map<string, Set<string>>();
  for (const d of definitions) {
    const derived = new Set(
      Object.entries(d.dataPoints)
        .filter(([, dp]) => dp.type === 'derived')
        .map(([n]) => n),
    );
    for (const r of d.rules) {
      if (!r.then.some((a) => a.do === 'alert')) continue;
      if (!varsOf(r.when).some((v) => derived.has(v))) continue;
      const set = byPathway.get(d.id) ?? new Set<string>();
      set.add(r.id);
      byPathway.set(d.id, set);
    }
  }
  return [...byPathway].map(([pathwayId, ids]) => ({ pathwayId, ruleIds: [...ids].sort() }));
}

function varsOf(expr: unknown): string[] {
  if (Array.isArray(expr)) return expr.flatMap(varsOf);
  if (typeof expr !== 'object' || expr === null) return [];
  const o = expr as Record<string, unknown>;
  if (typeof o.var === 'string') return [o.var];
  return Object.values(o).flatMap(varsOf);
}

/** The first and last parts of a period that score trends compare. */
export function trendParts(from: string, to: string) {
  const a = DateTime.fromISO(from, { zone: reportZone });
  const b = DateTime.fromISO(to, { zone: reportZone });
  const days = Math.round(b.diff(a, 'days').days) + 1;
  const span = days >= 60 ? 30 : Math.floor(days / 2);
  if (span < 1) return null;
  return {
    first: { from, to: a.plus({ days: span - 1 }).toISODate()! },
    last: { from: b.minus({ days: span - 1 }).toISODate()!, to },
  };
}

function dataPointLabel(definitions: PathwayDefinition[], dp: string): Text {
  for (const d of definitions) {
    const t = d.dataPoints[dp]?.title;
    if (t) return t;
  }
  return { it: dp, en: dp };
}

const share = (n: number, d: number) => (d > 0 ? (100 * n) / d : null);

/** Nearest-rank percentile of a distribution given as value → count. */
export function percentile(hist: Map<number, number>, p: number): number | null {
  const total = [...hist.values()].reduce((a, b) => a + b, 0);
  if (!total) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const value of [...hist.keys()].sort((a, b) => a - b)) {
    seen += hist.get(value)!;
    if (seen >= rank) return value;
  }
  return null;
}

export async function computeIndicators(
  ctx: ReportContext,
  tenantId: string,
  filters: ReportFilters,
  now: Date = new Date(),
): Promise<IndicatorsResponse> {
  const scope: ReportScope = {
    tenantId,
    pathwayId: filters.pathwayId,
    version: filters.version,
    siteId: filters.siteId,
  };
  const { start, end } = periodBounds(filters.from, filters.to);
  const nowIso = now.toISOString();
  const definitions = definitionsInScope(ctx.catalog, scope);
  const trend = trendRules(definitions);

  const [rows, enrolments, openOverdue, worsening, sites] = await Promise.all([
    ctx.stores.reports.aggregates(scope, filters.from, filters.to, seriesMetrics, totalMetrics),
    ctx.stores.reports.enrolmentsOverlapping(scope, start, end),
    ctx.stores.reports.openOverdueTasks(scope, start, end, nowIso),
    ctx.stores.reports.patientsWithAlertsOf(scope, trend, start, end),
    ctx.stores.reports.listSites(tenantId),
  ]);

  // --- enrolments --------------------------------------------------------------------------------
  const endOrNow = end < nowIso ? end : nowIso;
  const inPeriod = (iso: string | null) => iso !== null && iso >= start && iso < end;
  let enrolled = 0;
  let active = 0;
  let completed = 0;
  let withdrawn = 0;
  let patientMs = 0;
  const outcomes = new Map<string, number>();
  for (const e of enrolments) {
    if (inPeriod(e.createdAt)) enrolled += 1;
    if (e.completedAt === null || e.completedAt >= endOrNow) active += 1;
    if (inPeriod(e.completedAt)) {
      if (e.status === 'completed') completed += 1;
      if (e.status === 'withdrawn') withdrawn += 1;
      const key = e.outcome ?? e.status;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    }
    const from = Math.max(Date.parse(e.createdAt), Date.parse(start));
    const to = Math.min(e.completedAt ? Date.parse(e.completedAt) : Infinity, Date.parse(endOrNow));
    if (to > from) patientMs += to - from;
  }
  const patientMonths = patientMs / patientMonthMs;

  // --- pre-aggregates ----------------------------------------------------------------------------
  const total = (metric: string, key?: string) => {
    let n = 0;
    let d = 0;
    for (const r of rows) {
      if (r.metric === metric && (key === undefined || r.key === key)) {
        n += r.n;
        d += r.d;
      }
    }
    return { n, d };
  };
  const keysOf = (metric: string) =>
    [...new Set(rows.filter((r) => r.metric === metric).map((r) => r.key))].sort();

  const ackHist = new Map<number, number>();
  for (const r of rows) {
    if (r.metric === 'ack_minutes')
      ackHist.set(Number(r.key), (ackHist.get(Number(r.key)) ?? 0) + r.n);
  }
  const alerts = total('alerts');
  const ackWithin = total('ack_within');
  const adherence = total('adherence');
  const inRange = total('in_range');
  const tasks = total('tasks');
  const levels = keysOf('escalated')
    .map(Number)
    .sort((a, b) => a - b);

  const parts = trendParts(filters.from, filters.to);
  const scoreMean = (dp: string, part: { from: string; to: string } | undefined) => {
    if (!part) return null;
    let n = 0;
    let d = 0;
    for (const r of rows) {
      if (r.metric === 'score' && r.key === dp && r.day >= part.from && r.day <= part.to) {
        n += r.n;
        d += r.d;
      }
    }
    return d ? n / d : null;
  };

  const make = (
    id: IndicatorId,
    value: number | null,
    extra: Partial<Pick<Indicator, 'numerator' | 'denominator' | 'breakdown' | 'drilldown'>> = {},
  ): Indicator => ({
    id,
    ...indicatorDefinitions[id],
    value,
    breakdown: [],
    drilldown: true,
    ...extra,
  });
  // Below one patient-month a rate says more about the few hours observed than about care.
  const rate = (n: number) => (patientMonths >= 1 ? n / patientMonths : null);

  const indicators: Indicator[] = [
    make('enrolled', enrolled),
    make('active', active),
    make('completed', completed),
    make('withdrawn', withdrawn),
    make('adherence', share(adherence.n, adherence.d), {
      numerator: adherence.n,
      denominator: adherence.d,
      breakdown: (['reading', 'form'] as const).map((k) => {
        const t = total('adherence', k);
        return {
          key: k,
          label:
            k === 'reading'
              ? { it: 'Rilevazioni', en: 'Readings' }
              : { it: 'Questionari', en: 'Questionnaires' },
          value: share(t.n, t.d),
          numerator: t.n,
          denominator: t.d,
        };
      }),
    }),
    make('alertsPerPatientMonth', rate(alerts.n), {
      numerator: alerts.n,
      denominator: round(patientMonths, 2) ?? 0,
      breakdown: ['red', 'orange', 'yellow'].map((s) => {
        const t = total('alerts', s);
        return { key: s, label: severityLabels[s]!, value: rate(t.n), numerator: t.n };
      }),
    }),
    make('ackMedian', percentile(ackHist, 0.5), { numerator: sum(ackHist) }),
    make('ackP90', percentile(ackHist, 0.9), { numerator: sum(ackHist) }),
    make('ackWithinLimit', share(ackWithin.n, ackWithin.d), {
      numerator: ackWithin.n,
      denominator: ackWithin.d,
    }),
    make('escalations', total('escalated', '1').n, {
      breakdown: [
        ...levels.map((l) => ({
          key: String(l),
          label: { it: `Livello ${l}`, en: `Level ${l}` },
          value: total('escalated', String(l)).n,
        })),
        ...(total('ladder_exhausted').n
          ? [
              {
                key: 'exhausted',
                label: { it: 'Scala esaurita', en: 'Ladder exhausted' },
                value: total('ladder_exhausted').n,
              },
            ]
          : []),
      ],
    }),
    make('missedReadingTasks', total('missed_reading_tasks').n),
    make('tasksOverdue', tasks.n + openOverdue, {
      numerator: tasks.n + openOverdue,
      denominator: tasks.d,
    }),
    make('notificationsSent', total('notifications', 'sent').n),
    make('notificationsFailed', total('notifications', 'failed').n),
    make('inRange', share(inRange.n, inRange.d), {
      numerator: inRange.n,
      denominator: inRange.d,
      breakdown: keysOf('in_range').map((dp) => {
        const t = total('in_range', dp);
        return {
          key: dp,
          label: dataPointLabel(definitions, dp),
          value: share(t.n, t.d),
          numerator: t.n,
          denominator: t.d,
        };
      }),
    }),
    make('scoreTrends', null, {
      breakdown: keysOf('score').map((dp) => ({
        key: dp,
        label: dataPointLabel(definitions, dp),
        value: null,
        first: round(scoreMean(dp, parts?.first), 2),
        last: round(scoreMean(dp, parts?.last), 2),
      })),
    }),
    make('worseningPatients', worsening),
    make(
      'outcomes',
      [...outcomes.values()].reduce((a, b) => a + b, 0),
      {
        breakdown: [...outcomes]
          .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
          .map(([key, n]) => ({ key, label: statusLabels[key] ?? { it: key, en: key }, value: n })),
      },
    ),
  ];

  return {
    filters: {
      from: filters.from,
      to: filters.to,
      pathwayId: filters.pathwayId ?? null,
      version: filters.version ?? null,
      siteId: filters.siteId ?? null,
      zone: reportZone,
    },
    options: {
      pathways: pathwayOptions(ctx.catalog, tenantId),
      sites: sites.map((s) => ({ id: s.id, name: s.name })),
    },
    generatedAt: nowIso,
    patientMonths: round(patientMonths, 2) ?? 0,
    indicators,
    series: series(rows, filters.from, filters.to),
  };
}

function sum(h: Map<number, number>): number {
  return [...h.values()].reduce((a, b) => a + b, 0);
}

function round(v: number | null | undefined, digits: number): number | null {
  if (v === null || v === undefined) return null;
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** Days up to 45, weeks (Monday to Sunday) up to 210, months beyond. */
export function series(rows: AggregateRow[], from: string, to: string) {
  const a = DateTime.fromISO(from, { zone: reportZone });
  const b = DateTime.fromISO(to, { zone: reportZone });
  const days = Math.round(b.diff(a, 'days').days) + 1;
  const granularity: 'day' | 'week' | 'month' = days <= 45 ? 'day' : days <= 210 ? 'week' : 'month';
  const unit = granularity === 'week' ? 'week' : granularity === 'month' ? 'month' : 'day';
  const buckets: {
    start: string;
    end: string;
    inRange: { n: number; d: number };
    adherence: { n: number; d: number };
    alerts: { red: number; orange: number; yellow: number };
  }[] = [];
  for (let s = a.startOf(unit); s <= b; s = s.plus({ [`${unit}s`]: 1 })) {
    const e = s.plus({ [`${unit}s`]: 1 }).minus({ days: 1 });
    buckets.push({
      start: (s < a ? a : s).toISODate()!,
      end: (e > b ? b : e).toISODate()!,
      inRange: { n: 0, d: 0 },
      adherence: { n: 0, d: 0 },
      alerts: { red: 0, orange: 0, yellow: 0 },
    });
  }
  for (const r of rows) {
    if (r.metric !== 'in_range' && r.metric !== 'adherence' && r.metric !== 'alerts') continue;
    const bucket = buckets.find((x) => r.day >= x.start && r.day <= x.end);
    if (!bucket) continue;
    if (r.metric === 'alerts') {
      if (r.key === 'red' || r.key === 'orange' || r.key === 'yellow') bucket.alerts[r.key] += r.n;
    } else {
      const t = r.metric === 'in_range' ? bucket.inRange : bucket.adherence;
      t.n += r.n;
      t.d += r.d;
    }
  }
  return {
    granularity,
    buckets: buckets.map((x) => ({
      start: x.start,
      end: x.end,
      inRange: round(share(x.inRange.n, x.inRange.d), 1),
      adherence: round(share(x.adherence.n, x.adherence.d), 1),
      alerts: x.alerts,
    })),
  };
}
