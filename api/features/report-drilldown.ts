import { createHmac } from 'node:crypto';
import type { Knex } from 'knex';
import { fromJson, toIso, toIsoOrNull } from '../../db/rows.js';
import { periodBounds, type ReportScope } from '../../db/stores/report-store.js';
import { formatDateTime } from '../../templates/pdf/date-format.js';
import type { Identity } from '../auth/session.js';
import {
  definitionsInScope,
  indicatorDefinitions,
  severityLabels,
  trendParts,
  trendRules,
  type ReportContext,
} from './report-indicators.js';
import type { DrilldownQuery, DrilldownResponse, DrilldownRow } from './report-schemas.js';

/**
 * The list behind a number on the dashboard. Patients are named only for roles that may see
 * who they are: clinicians, and managers an admin granted it to (with a reason, audited);
 * everyone else reads a pseudonym that is stable within the tenant, so the same patient can be
 * followed across lists and exports without being identified.
 */

type Text = { it: string; en: string };
type Kind = DrilldownResponse['kind'];

export function pseudonym(key: string, tenantId: string, patientId: string): string {
  const mac = createHmac('sha256', key).update(`${tenantId}:${patientId}`).digest();
  // Crockford base32 without I, L, O, U: read aloud and copied without confusion.
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let out = '';
  for (let i = 0; i < 10; i += 1) out += alphabet[mac[i]! % 32];
  return `PZ-${out}`;
}

/** Whether this caller reads patients' identities in report lists. */
export async function mayIdentify(ctx: ReportContext, identity: Identity): Promise<boolean> {
  if (identity.role === 'doctor' || identity.role === 'nurse') return true;
  if (identity.role !== 'manager') return false;
  return (await ctx.stores.reports.getGrant(identity.tenantId, identity.userId)) !== null;
}

interface RawRow {
  patientId: string;
  enrolmentId: string;
  pathwayId: string;
  pathwayVersion: string;
  siteId: string | null;
  alertId?: string;
  workItemId?: string;
  at: string | null;
  label: Text;
  value: number | null;
  unit: DrilldownRow['unit'];
  detail: Text;
}

const enrolmentCols = [
  'e.id as enrolment_id',
  'e.patient_id',
  'e.pathway_id',
  'e.pathway_version',
  'e.site_id',
];

export async function drilldown(
  ctx: ReportContext & { pseudonymKey: string },
  identity: Identity,
  q: DrilldownQuery,
  now: Date = new Date(),
): Promise<DrilldownResponse> {
  const scope: ReportScope = {
    tenantId: identity.tenantId,
    pathwayId: q.pathwayId,
    version: q.version,
    siteId: q.siteId,
  };
  const { start, end } = periodBounds(q.from, q.to);
  const nowIso = now.toISOString();
  const endOrNow = end < nowIso ? end : nowIso;
  const offset = (q.page - 1) * q.pageSize;
  const reports = ctx.stores.reports;
  const inPeriod = (col: string) => (b: Knex.QueryBuilder) =>
    void b.andWhere(col, '>=', start).andWhere(col, '<', end);

  let kind: Kind;
  let total: number;
  let raw: RawRow[];

  const page = async (base: Knex.QueryBuilder, order: (b: Knex.QueryBuilder) => void) => {
    const count = await base
      .clone()
      .clearSelect()
      .count({ n: '*' })
      .first<{ n: number | string } | undefined>();
    const rows = (await base.clone().modify(order).limit(q.pageSize).offset(offset)) as Record<
      string,
      unknown
    >[];
    return { total: Number(count?.n ?? 0), rows };
  };

  switch (q.indicator) {
    case 'enrolled':
    case 'active':
    case 'completed':
    case 'withdrawn':
    case 'outcomes': {
      kind = 'enrolments';
      const base = reports
        .scopedEnrolments(scope)
        .select(...enrolmentCols, 'e.status', 'e.outcome', 'e.created_at', 'e.completed_at');
      if (q.indicator === 'enrolled') base.modify(inPeriod('e.created_at'));
      if (q.indicator === 'active') {
        void base
          .andWhere('e.created_at', '<', end)
          .andWhere(
            (w) => void w.whereNull('e.completed_at').orWhere('e.completed_at', '>=', endOrNow),
          );
      }
      if (q.indicator === 'completed' || q.indicator === 'withdrawn') {
        void base.andWhere('e.status', q.indicator).modify(inPeriod('e.completed_at'));
      }
      if (q.indicator === 'outcomes') {
        base.modify(inPeriod('e.completed_at'));
        if (q.key) {
          void base.andWhere(
            (w) =>
              void w
                .where('e.outcome', q.key!)
                .orWhere((x) => void x.whereNull('e.outcome').andWhere('e.status', q.key!)),
          );
        }
      }
      const r = await page(base, (b) => void b.orderBy('e.created_at', 'desc').orderBy('e.id'));
      total = r.total;
      raw = r.rows.map((row) => {
        const ended = toIsoOrNull(row.completed_at);
        const status = String(row.status);
        return {
          ...enrolmentOf(row),
          at:
            q.indicator === 'enrolled' || q.indicator === 'active' ? toIso(row.created_at) : ended,
          label: statusText(status),
          value: null,
          unit: 'none',
          detail: row.outcome
            ? { it: `Esito: ${str(row.outcome)}`, en: `Outcome: ${str(row.outcome)}` }
            : { it: '', en: '' },
        };
      });
      break;
    }

    case 'alertsPerPatientMonth':
    case 'ackMedian':
    case 'ackP90':
    case 'ackWithinLimit':
    case 'escalations':
    case 'worseningPatients': {
      kind = 'alerts';
      const base =
        q.indicator === 'worseningPatients'
          ? reports.alertsOfRules(
              scope,
              trendRules(definitionsInScope(ctx.catalog, scope)),
              start,
              end,
            )
          : reports.scopedFacts('alerts', 'a', scope).modify(inPeriod('a.raised_at'));
      void base.select(
        ...enrolmentCols,
        'a.id as alert_id',
        'a.rule_id',
        'a.severity',
        'a.title_it',
        'a.title_en',
        'a.status',
        'a.level',
        'a.raised_at',
        'a.acknowledge_by',
        'a.acknowledged_at',
      );
      if (
        q.indicator === 'worseningPatients' &&
        !trendRules(definitionsInScope(ctx.catalog, scope)).length
      ) {
        void base.whereRaw('1 = 0');
      }
      if (q.indicator === 'alertsPerPatientMonth' && q.key) void base.andWhere('a.severity', q.key);
      if (q.indicator === 'ackMedian' || q.indicator === 'ackP90')
        void base.whereNotNull('a.acknowledged_at');
      if (q.indicator === 'ackWithinLimit') {
        // The alerts that kept the share down: not acknowledged, late, or escalated.
        void base.andWhere(
          (w) =>
            void w
              .whereNull('a.acknowledged_at')
              .orWhere('a.level', '>', 0)
              .orWhereRaw('a.acknowledged_at > a.acknowledge_by'),
        );
      }
      if (q.indicator === 'escalations') {
        if (q.key === 'exhausted') void base.andWhere('a.ladder_exhausted', true);
        else void base.andWhere('a.level', '>=', Number(q.key ?? 1) || 1);
      }
      const slowestFirst = q.indicator === 'ackMedian' || q.indicator === 'ackP90';
      const all = slowestFirst ? ((await base) as Record<string, unknown>[]) : null;
      let rows: Record<string, unknown>[];
      if (all) {
        // Slowest acknowledgements first: computed here, since date arithmetic differs by database.
        all.sort((x, y) => ackMinutes(y)! - ackMinutes(x)!);
        total = all.length;
        rows = all.slice(offset, offset + q.pageSize);
      } else {
        const r = await page(base, (b) => void b.orderBy('a.raised_at', 'desc').orderBy('a.id'));
        total = r.total;
        rows = r.rows;
      }
      raw = rows.map((row) => {
        const minutes = ackMinutes(row);
        const severity = severityLabels[String(row.severity)] ?? { it: '', en: '' };
        const level = Number(row.level);
        return {
          ...enrolmentOf(row),
          alertId: String(row.alert_id),
          at: toIso(row.raised_at),
          label: { it: String(row.title_it), en: String(row.title_en) },
          value: minutes,
          unit: minutes === null ? 'none' : 'minutes',
          detail: {
            it: [
              `Gravità ${severity.it.toLowerCase()}`,
              minutes === null ? 'non presa in carico' : `presa in carico dopo ${minutes} min`,
              level > 0 ? `escalation al livello ${level}` : '',
              `regola ${String(row.rule_id)}`,
            ]
              .filter(Boolean)
              .join(' · '),
            en: [
              `${severity.en} severity`,
              minutes === null ? 'not acknowledged' : `acknowledged after ${minutes} min`,
              level > 0 ? `escalated to level ${level}` : '',
              `rule ${String(row.rule_id)}`,
            ]
              .filter(Boolean)
              .join(' · '),
          },
        };
      });
      break;
    }

    case 'missedReadingTasks':
    case 'tasksOverdue': {
      kind = 'tasks';
      const base = reports
        .scopedFacts('work_items', 'w', scope)
        .modify(inPeriod('w.opened_at'))
        .select(
          ...enrolmentCols,
          'w.id as work_item_id',
          'w.kind',
          'w.title_it',
          'w.title_en',
          'w.status',
          'w.level',
          'w.assignee_role',
          'w.opened_at',
          'w.due_at',
          'w.closed_at',
        );
      if (q.indicator === 'missedReadingTasks') {
        void base.andWhere('w.kind', 'task').andWhere('w.details', 'like', '%"missed:%');
      } else {
        void base
          .whereIn('w.assignee_role', ['nurse', 'doctor'])
          .whereNotNull('w.due_at')
          .andWhere(
            (x) =>
              void x
                .where('w.level', '>', 0)
                .orWhere('w.status', 'missed')
                .orWhereRaw('w.closed_at > w.due_at')
                .orWhere((o) => void o.where('w.status', 'open').andWhere('w.due_at', '<', nowIso)),
          );
      }
      const r = await page(base, (b) => void b.orderBy('w.opened_at', 'desc').orderBy('w.id'));
      total = r.total;
      raw = r.rows.map((row) => ({
        ...enrolmentOf(row),
        workItemId: String(row.work_item_id),
        at: toIso(row.opened_at),
        label: { it: String(row.title_it), en: String(row.title_en) },
        value: null,
        unit: 'none',
        detail: taskDetail(row),
      }));
      break;
    }

    case 'notificationsSent':
    case 'notificationsFailed': {
      kind = 'notifications';
      const base = reports
        .scopedFacts('notifications_outbox', 'o', scope)
        .join('notification_deliveries as d', 'd.notification_id', 'o.id')
        .modify(inPeriod('o.created_at'))
        .andWhere('d.status', q.indicator === 'notificationsSent' ? 'sent' : 'failed')
        .select(
          ...enrolmentCols,
          'o.created_at',
          'o.message_it',
          'o.message_en',
          'd.channel',
          'd.attempts',
          'd.last_error',
        );
      const r = await page(base, (b) => void b.orderBy('o.created_at', 'desc').orderBy('d.id'));
      total = r.total;
      raw = r.rows.map((row) => ({
        ...enrolmentOf(row),
        at: toIso(row.created_at),
        label: { it: String(row.message_it), en: String(row.message_en) },
        value: Number(row.attempts),
        unit: 'count',
        detail: {
          it: `Canale ${String(row.channel)}${row.last_error ? ` · ${str(row.last_error)}` : ''}`,
          en: `Channel ${String(row.channel)}${row.last_error ? ` · ${str(row.last_error)}` : ''}`,
        },
      }));
      break;
    }

    case 'adherence':
    case 'inRange': {
      kind = 'patients';
      const base =
        q.indicator === 'adherence'
          ? reports
              .scopedFacts('work_items', 'w', scope)
              .andWhere('w.assignee_role', 'patient')
              .whereIn(
                'w.kind',
                q.key === 'form'
                  ? ['form']
                  : q.key === 'reading'
                    ? ['reading-due']
                    : ['reading-due', 'form'],
              )
              .whereIn('w.status', ['done', 'missed'])
              .modify(inPeriod('w.due_at'))
              .groupBy(...enrolmentCols.map((c) => c.split(' as ')[0]!))
              .select(...enrolmentCols)
              .select(reports.raw("sum(case when w.status = 'done' then 1 else 0 end) as n"))
              .count({ d: '*' })
          : reports
              .scopedFacts('observations', 'o', scope)
              .whereNotNull('o.in_range')
              .modify((b) => (q.key ? void b.andWhere('o.data_point', q.key) : undefined))
              .modify(inPeriod('o.measured_at'))
              .groupBy(...enrolmentCols.map((c) => c.split(' as ')[0]!))
              .select(...enrolmentCols)
              .select(reports.raw('sum(case when o.in_range then 1 else 0 end) as n'))
              .count({ d: '*' });
      const all = ((await base) as Record<string, unknown>[]).map((row) => ({
        row,
        n: Number(row.n),
        d: Number(row.d),
      }));
      // Worst first: the patients a manager would ask about.
      all.sort((a, b) => a.n / a.d - b.n / b.d || b.d - a.d);
      total = all.length;
      raw = all.slice(offset, offset + q.pageSize).map(({ row, n, d }) => ({
        ...enrolmentOf(row),
        at: null,
        label:
          q.indicator === 'adherence'
            ? { it: 'Aderenza del paziente', en: "Patient's adherence" }
            : { it: 'Rilevazioni nel range', en: 'Readings in range' },
        value: Math.round((1000 * n) / d) / 10,
        unit: 'percent',
        detail:
          q.indicator === 'adherence'
            ? { it: `${n} ricevute di ${d} programmate`, en: `${n} received of ${d} scheduled` }
            : { it: `${n} nel range di ${d}`, en: `${n} in range of ${d}` },
      }));
      break;
    }

    case 'scoreTrends': {
      kind = 'patients';
      const parts = trendParts(q.from, q.to);
      const means = new Map<
        string,
        { row: Record<string, unknown>; first?: number[]; last?: number[] }
      >();
      for (const part of parts ? (['first', 'last'] as const) : []) {
        const b = periodBounds(parts![part].from, parts![part].to);
        const rows: Record<string, unknown>[] = await reports
          .scopedFacts('form_submissions', 's', scope)
          .andWhere('s.status', 'completed')
          .andWhere('s.submitted_at', '>=', b.start)
          .andWhere('s.submitted_at', '<', b.end)
          .select(...enrolmentCols, 's.outputs');
        for (const row of rows) {
          const value = (fromJson<Record<string, unknown>>(row.outputs) ?? {})[q.key ?? ''];
          if (typeof value !== 'number') continue;
          const entry = means.get(String(row.enrolment_id)) ?? { row };
          (entry[part] ??= []).push(value);
          means.set(String(row.enrolment_id), entry);
        }
      }
      const mean = (xs?: number[]) =>
        xs?.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
      const all = [...means.values()]
        .map((m) => ({ row: m.row, first: mean(m.first), last: mean(m.last) }))
        .sort((a, b) => (b.last ?? 0) - (b.first ?? 0) - ((a.last ?? 0) - (a.first ?? 0)));
      total = all.length;
      const fmt = (v: number | null) => (v === null ? '—' : String(Math.round(v * 10) / 10));
      raw = all.slice(offset, offset + q.pageSize).map(({ row, first, last }) => ({
        ...enrolmentOf(row),
        at: null,
        label: { it: `Punteggio ${q.key ?? ''}`, en: `Score ${q.key ?? ''}` },
        value: first !== null && last !== null ? Math.round((last - first) * 10) / 10 : null,
        unit: 'none',
        detail: {
          it: `Inizio periodo ${fmt(first)} → fine periodo ${fmt(last)}`,
          en: `Start of period ${fmt(first)} → end of period ${fmt(last)}`,
        },
      }));
      break;
    }

    default: {
      const never: never = q.indicator;
      throw new Error(`unknown indicator ${String(never)}`);
    }
  }

  const identified = await mayIdentify(ctx, identity);
  const patients = new Map<string, { name: string; fiscalCode: string }>();
  if (identified) {
    for (const id of new Set(raw.map((r) => r.patientId))) {
      const p = await ctx.stores.patients.get(identity.tenantId, id);
      if (p)
        patients.set(id, { name: `${p.familyName} ${p.givenName}`, fiscalCode: p.codiceFiscale });
    }
  }
  const sites = new Map((await reports.listSites(identity.tenantId)).map((s) => [s.id, s.name]));
  const titles = new Map<string, Text>();
  const titleOf = (id: string, version: string) => {
    const k = `${id}@${version}`;
    if (!titles.has(k)) {
      titles.set(k, ctx.catalog.get(id, version, identity.tenantId)?.title ?? { it: id, en: id });
    }
    return titles.get(k)!;
  };

  return {
    indicator: q.indicator,
    title: indicatorDefinitions[q.indicator].title,
    identified,
    kind,
    total,
    page: q.page,
    pageSize: q.pageSize,
    rows: raw.map((r) => {
      const who = patients.get(r.patientId);
      return {
        patient: {
          id: identified
            ? r.patientId
            : pseudonym(ctx.pseudonymKey, identity.tenantId, r.patientId),
          pseudonym: pseudonym(ctx.pseudonymKey, identity.tenantId, r.patientId),
          ...(who ? { name: who.name, fiscalCode: who.fiscalCode } : {}),
        },
        pathway: {
          id: r.pathwayId,
          title: titleOf(r.pathwayId, r.pathwayVersion),
          version: r.pathwayVersion,
        },
        site: r.siteId
          ? { id: r.siteId, name: sites.get(r.siteId) ?? { it: r.siteId, en: r.siteId } }
          : null,
        enrolmentId: r.enrolmentId,
        ...(r.alertId ? { alertId: r.alertId } : {}),
        ...(r.workItemId ? { workItemId: r.workItemId } : {}),
        at: r.at,
        label: r.label,
        value: r.value,
        unit: r.unit,
        detail: r.detail,
      };
    }),
  };
}

const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

function enrolmentOf(row: Record<string, unknown>) {
  return {
    patientId: String(row.patient_id),
    enrolmentId: String(row.enrolment_id),
    pathwayId: String(row.pathway_id),
    pathwayVersion: String(row.pathway_version),
    siteId: (row.site_id as string | null) ?? null,
  };
}

function ackMinutes(row: Record<string, unknown>): number | null {
  const acked = toIsoOrNull(row.acknowledged_at);
  if (!acked) return null;
  return Math.max(0, Math.ceil((Date.parse(acked) - Date.parse(toIso(row.raised_at))) / 60_000));
}

function statusText(status: string): Text {
  const labels: Record<string, Text> = {
    active: { it: 'Attivo', en: 'Active' },
    completed: { it: 'Completato', en: 'Completed' },
    withdrawn: { it: 'Ritirato', en: 'Withdrawn' },
    failed: { it: 'Interrotto per errore', en: 'Failed' },
  };
  return labels[status] ?? { it: status, en: status };
}

function taskDetail(row: Record<string, unknown>): Text {
  const due = toIsoOrNull(row.due_at);
  const closed = toIsoOrNull(row.closed_at);
  const level = Number(row.level);
  const it: string[] = [`per ${String(row.assignee_role)}`];
  const en: string[] = [`for ${String(row.assignee_role)}`];
  if (due) {
    it.push(`scadenza ${formatDateTime(due)}`);
    en.push(`due ${formatDateTime(due)}`);
  }
  if (closed) {
    it.push(`chiusa ${formatDateTime(closed)} (${String(row.status)})`);
    en.push(`closed ${formatDateTime(closed)} (${String(row.status)})`);
  } else {
    it.push('ancora aperta');
    en.push('still open');
  }
  if (level > 0) {
    it.push(`escalation al livello ${level}`);
    en.push(`escalated to level ${level}`);
  }
  return { it: it.join(' · '), en: en.join(' · ') };
}
