import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import type { Db } from '../connection.js';
import { fromJson, nowIso, toBool, toIso, toIsoOrNull } from '../rows.js';

/**
 * The managers' reports (migration 012): the daily pre-aggregates, the marks of days whose
 * facts changed, sites, and who may see patients' identities in report lists. The facts
 * themselves are the care read models (observations, work items, alerts, notifications, form
 * submissions); this store reads them one local day at a time for the aggregator, and by
 * period for the drill-down lists.
 */

/** Reports count days as the region's calendar does. */
export const reportZone = 'Europe/Rome';

export function localDay(iso: string): string {
  return DateTime.fromISO(iso, { zone: 'utc' }).setZone(reportZone).toISODate()!;
}

/** [start, end) of a local day as UTC ISO instants: 23 hours on the spring DST day, 25 in autumn. */
export function dayBounds(day: string): { start: string; end: string } {
  const start = DateTime.fromISO(day, { zone: reportZone }).startOf('day');
  return { start: start.toUTC().toISO()!, end: start.plus({ days: 1 }).toUTC().toISO()! };
}

/** [start, end) of the local days from..to inclusive. */
export function periodBounds(from: string, to: string): { start: string; end: string } {
  return { start: dayBounds(from).start, end: dayBounds(to).end };
}

/**
 * Marks the local days of these instants as changed for the tenant, in the caller's
 * transaction: the aggregator sees the mark exactly when it sees the change.
 */
export async function markReportDays(
  q: Knex | Knex.Transaction,
  tenantId: string,
  instants: readonly (string | null | undefined)[],
): Promise<void> {
  const days = [...new Set(instants.filter((i): i is string => !!i).map(localDay))];
  if (!days.length) return;
  const at = nowIso();
  await q('report_dirty_days').insert(
    days.map((day) => ({ token: randomUUID(), tenant_id: tenantId, day, marked_at: at })),
  );
}

export interface Site {
  id: string;
  tenantId: string;
  name: { it: string; en: string };
}

export interface ReportGrant {
  tenantId: string;
  userId: string;
  grantedBy: string;
  grantedAt: string;
  reason: string;
}

export interface DirtyMark {
  token: string;
  tenantId: string;
  day: string;
}

/** The reporting dimensions of an enrolment, and what classifying its readings needs. */
export interface EnrolmentDims {
  id: string;
  patientId: string;
  pathwayId: string;
  pathwayVersion: string;
  siteId: string;
  inputs: Record<string, unknown> | null;
}

export interface DailyRow {
  pathwayId: string;
  pathwayVersion: string;
  siteId: string;
  metric: string;
  key: string;
  n: number;
  d: number;
}

export interface AggregateRow {
  day: string;
  metric: string;
  key: string;
  n: number;
  d: number;
}

/** Which enrolments a report covers. */
export interface ReportScope {
  tenantId: string;
  pathwayId?: string | undefined;
  version?: string | undefined;
  siteId?: string | undefined;
}

export interface DayFacts {
  observations: {
    id: string;
    enrolmentId: string;
    dataPoint: string;
    value: number;
    inRange: boolean | null;
  }[];
  /** Patients' scheduled readings and questionnaires whose window closed that day. */
  scheduled: { enrolmentId: string; kind: string; status: string }[];
  /** Work items opened that day. */
  opened: {
    enrolmentId: string;
    kind: string;
    assignee: string;
    level: number;
    status: string;
    dueAt: string | null;
    closedAt: string | null;
    causes: string[];
  }[];
  alerts: {
    enrolmentId: string;
    severity: string;
    level: number;
    ladderExhausted: boolean;
    raisedAt: string;
    acknowledgeBy: string;
    acknowledgedAt: string | null;
  }[];
  notifications: { enrolmentId: string; status: string; n: number }[];
  submissions: { enrolmentId: string; outputs: Record<string, unknown> }[];
}

const num = (v: unknown) => (typeof v === 'number' ? v : Number(v));

export class ReportStore {
  constructor(private readonly db: Db) {}

  // --- sites and grants -------------------------------------------------------------------------

  async listSites(tenantId: string): Promise<Site[]> {
    const rows = await this.db('sites').where({ tenant_id: tenantId }).orderBy('id');
    return rows.map((r: Record<string, string>) => ({
      id: r.id!,
      tenantId: r.tenant_id!,
      name: { it: r.name_it!, en: r.name_en! },
    }));
  }

  async upsertSite(site: Site): Promise<void> {
    await this.db('sites')
      .insert({
        id: site.id,
        tenant_id: site.tenantId,
        name_it: site.name.it,
        name_en: site.name.en,
      })
      .onConflict(['tenant_id', 'id'])
      .merge(['name_it', 'name_en']);
  }

  async getGrant(tenantId: string, userId: string): Promise<ReportGrant | null> {
    const r = await this.db('report_access_grants')
      .where({ tenant_id: tenantId, user_id: userId })
      .first<Record<string, unknown> | undefined>();
    return r ? toGrant(r) : null;
  }

  async listGrants(tenantId: string): Promise<ReportGrant[]> {
    const rows = await this.db('report_access_grants')
      .where({ tenant_id: tenantId })
      .orderBy('granted_at');
    return rows.map(toGrant);
  }

  async grant(g: Omit<ReportGrant, 'grantedAt'>): Promise<ReportGrant> {
    const row = {
      tenant_id: g.tenantId,
      user_id: g.userId,
      granted_by: g.grantedBy,
      granted_at: nowIso(),
      reason: g.reason,
    };
    await this.db('report_access_grants')
      .insert(row)
      .onConflict(['tenant_id', 'user_id'])
      .merge(['granted_by', 'granted_at', 'reason']);
    return toGrant(row);
  }

  async revoke(tenantId: string, userId: string): Promise<boolean> {
    const n = await this.db('report_access_grants')
      .where({ tenant_id: tenantId, user_id: userId })
      .delete();
    return n > 0;
  }

  // --- the aggregator's side --------------------------------------------------------------------

  async dirtyMarks(tenantId: string | null, limit = 10_000): Promise<DirtyMark[]> {
    const q = this.db('report_dirty_days').select('token', 'tenant_id', 'day').limit(limit);
    if (tenantId) void q.where({ tenant_id: tenantId });
    const rows = await q;
    return rows.map((r: Record<string, string>) => ({
      token: r.token!,
      tenantId: r.tenant_id!,
      day: r.day!,
    }));
  }

  async hasDirty(tenantId: string): Promise<boolean> {
    const r = await this.db('report_dirty_days')
      .where({ tenant_id: tenantId })
      .first<{ token: string } | undefined>('token');
    return !!r;
  }

  async enrolmentDims(tenantId: string, ids: readonly string[]): Promise<EnrolmentDims[]> {
    const out: EnrolmentDims[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db('enrolments')
        .where({ tenant_id: tenantId })
        .whereIn('id', ids.slice(i, i + 500))
        .select('id', 'patient_id', 'pathway_id', 'pathway_version', 'site_id', 'inputs');
      for (const r of rows as Record<string, unknown>[]) {
        out.push({
          id: String(r.id),
          patientId: String(r.patient_id),
          pathwayId: String(r.pathway_id),
          pathwayVersion: String(r.pathway_version),
          siteId: (r.site_id as string | null) ?? '',
          inputs: r.inputs ? fromJson<Record<string, unknown>>(r.inputs) : null,
        });
      }
    }
    return out;
  }

  /** Everything that counts towards one local day of a tenant. */
  async dayFacts(tenantId: string, day: string): Promise<DayFacts> {
    const { start, end } = dayBounds(day);
    const within = (col: string) => (q: Knex.QueryBuilder) =>
      void q.where(col, '>=', start).andWhere(col, '<', end);
    type R = Record<string, unknown>;
    const [obs, scheduled, opened, alerts, notifications, submissions] = (await Promise.all([
      this.db('observations')
        .where({ tenant_id: tenantId })
        .modify(within('measured_at'))
        .select('id', 'enrolment_id', 'data_point', 'value', 'in_range'),
      this.db('work_items')
        .where({ tenant_id: tenantId, assignee_role: 'patient' })
        .whereIn('kind', ['reading-due', 'form'])
        .whereIn('status', ['done', 'missed'])
        .modify(within('due_at'))
        .select('enrolment_id', 'kind', 'status'),
      this.db('work_items')
        .where({ tenant_id: tenantId })
        .modify(within('opened_at'))
        .select(
          'enrolment_id',
          'kind',
          'assignee_role',
          'level',
          'status',
          'due_at',
          'closed_at',
          'details',
        ),
      this.db('alerts')
        .where({ tenant_id: tenantId })
        .modify(within('raised_at'))
        .select(
          'enrolment_id',
          'severity',
          'level',
          'ladder_exhausted',
          'raised_at',
          'acknowledge_by',
          'acknowledged_at',
        ),
      this.db('notifications_outbox as o')
        .join('notification_deliveries as d', 'd.notification_id', 'o.id')
        .where('o.tenant_id', tenantId)
        .modify(within('o.created_at'))
        .groupBy('o.enrolment_id', 'd.status')
        .select('o.enrolment_id', 'd.status')
        .count({ n: '*' }),
      this.db('form_submissions')
        .where({ tenant_id: tenantId, status: 'completed' })
        .whereNotNull('enrolment_id')
        .modify(within('submitted_at'))
        .select('enrolment_id', 'outputs'),
    ])) as R[][] as [R[], R[], R[], R[], R[], R[]];
    return {
      observations: obs.map((r) => ({
        id: String(r.id),
        enrolmentId: String(r.enrolment_id),
        dataPoint: String(r.data_point),
        value: num(r.value),
        inRange: r.in_range === null || r.in_range === undefined ? null : toBool(r.in_range),
      })),
      scheduled: scheduled.map((r) => ({
        enrolmentId: String(r.enrolment_id),
        kind: String(r.kind),
        status: String(r.status),
      })),
      opened: opened.map((r) => ({
        enrolmentId: String(r.enrolment_id),
        kind: String(r.kind),
        assignee: String(r.assignee_role),
        level: num(r.level),
        status: String(r.status),
        dueAt: toIsoOrNull(r.due_at),
        closedAt: toIsoOrNull(r.closed_at),
        causes: causesOf(r.details),
      })),
      alerts: alerts.map((r) => ({
        enrolmentId: String(r.enrolment_id),
        severity: String(r.severity),
        level: num(r.level),
        ladderExhausted: toBool(r.ladder_exhausted),
        raisedAt: toIso(r.raised_at),
        acknowledgeBy: toIso(r.acknowledge_by),
        acknowledgedAt: toIsoOrNull(r.acknowledged_at),
      })),
      notifications: notifications.map((r) => ({
        enrolmentId: String(r.enrolment_id),
        status: String(r.status),
        n: num(r.n),
      })),
      submissions: submissions.map((r) => ({
        enrolmentId: String(r.enrolment_id),
        outputs: fromJson<Record<string, unknown>>(r.outputs) ?? {},
      })),
    };
  }

  /**
   * Replaces a day's aggregates, records the readings' classification, and deletes the marks
   * the aggregator read, in one transaction.
   */
  async replaceDay(args: {
    tenantId: string;
    day: string;
    rows: DailyRow[];
    inRange: { ids: string[]; value: boolean }[];
    tokens: string[];
  }): Promise<void> {
    await this.db.transaction(async (trx) => {
      for (const { ids, value } of args.inRange) {
        for (let i = 0; i < ids.length; i += 500) {
          await trx('observations')
            .whereIn('id', ids.slice(i, i + 500))
            .update({ in_range: value });
        }
      }
      await trx('report_daily').where({ tenant_id: args.tenantId, day: args.day }).delete();
      const rows = args.rows.map((r) => ({
        tenant_id: args.tenantId,
        day: args.day,
        pathway_id: r.pathwayId,
        pathway_version: r.pathwayVersion,
        site_id: r.siteId,
        metric: r.metric,
        key: r.key,
        n: r.n,
        d: r.d,
      }));
      // Upsert: another replica recomputing the same day meanwhile wrote the same figures.
      for (let i = 0; i < rows.length; i += 300) {
        await trx('report_daily')
          .insert(rows.slice(i, i + 300))
          .onConflict([
            'tenant_id',
            'day',
            'pathway_id',
            'pathway_version',
            'site_id',
            'metric',
            'key',
          ])
          .merge(['n', 'd']);
      }
      for (let i = 0; i < args.tokens.length; i += 500) {
        await trx('report_dirty_days')
          .whereIn('token', args.tokens.slice(i, i + 500))
          .delete();
      }
    });
  }

  // --- the dashboard's side ---------------------------------------------------------------------

  /**
   * Sums of the pre-aggregates over local days from..to: per metric, key and day for the
   * metrics drawn over time (`byDay`), per metric and key only for the others (their `day` is
   * ''). Two queries on (tenant, metric, day), so a year of a large tenant reads in tens of ms.
   */
  async aggregates(
    scope: ReportScope,
    from: string,
    to: string,
    byDay: readonly string[],
    totals: readonly string[],
  ): Promise<AggregateRow[]> {
    const base = (metrics: readonly string[]) =>
      this.db('report_daily')
        .where({ tenant_id: scope.tenantId })
        .whereIn('metric', metrics)
        .andWhere('day', '>=', from)
        .andWhere('day', '<=', to)
        .modify((q) => {
          if (scope.pathwayId) void q.andWhere({ pathway_id: scope.pathwayId });
          if (scope.version) void q.andWhere({ pathway_version: scope.version });
          if (scope.siteId) void q.andWhere({ site_id: scope.siteId });
        })
        .sum({ n: 'n' })
        .sum({ d: 'd' });
    const [daily, summed] = (await Promise.all([
      base(byDay).groupBy('metric', 'key', 'day').select('metric', 'key', 'day'),
      base(totals).groupBy('metric', 'key').select('metric', 'key'),
    ])) as Record<string, unknown>[][];
    return [...daily!, ...summed!].map((r) => ({
      day: typeof r.day === 'string' ? r.day : '',
      metric: String(r.metric),
      key: String(r.key),
      n: num(r.n),
      d: num(r.d),
    }));
  }

  /** Enrolments of the scope that were running at some time in [start, end). */
  async enrolmentsOverlapping(
    scope: ReportScope,
    start: string,
    end: string,
  ): Promise<
    {
      status: string;
      outcome: string | null;
      createdAt: string;
      completedAt: string | null;
    }[]
  > {
    const rows: Record<string, unknown>[] = await this.db('enrolments')
      .where({ tenant_id: scope.tenantId })
      .andWhere('created_at', '<', end)
      .andWhere((q) => void q.whereNull('completed_at').orWhere('completed_at', '>=', start))
      .modify((q) => this.scoped(q, scope, ''))
      .select('status', 'outcome', 'created_at', 'completed_at');
    return rows.map((r) => ({
      status: String(r.status),
      outcome: (r.outcome as string | null) ?? null,
      createdAt: toIso(r.created_at),
      completedAt: toIsoOrNull(r.completed_at),
    }));
  }

  /**
   * Clinicians' tasks opened in [start, end) still open after their due time (now). Read by
   * status and due time (few rows: what is open and late now), then by when they opened.
   */
  async openOverdueTasks(scope: ReportScope, start: string, end: string, now: string) {
    const rows: { opened_at: unknown }[] = await this.db('work_items as w')
      .join('enrolments as e', 'e.id', 'w.enrolment_id')
      .where({ 'w.tenant_id': scope.tenantId, 'w.status': 'open', 'w.level': 0 })
      .andWhere('w.due_at', '<', now)
      .whereIn('w.assignee_role', ['nurse', 'doctor'])
      .modify((q) => this.scoped(q, scope, 'e.'))
      .select('w.opened_at');
    return rows.filter((r) => {
      const opened = toIso(r.opened_at);
      return opened >= start && opened < end;
    }).length;
  }

  /** Distinct patients with an alert from one of these (pathway, rule) pairs in [start, end). */
  async patientsWithAlertsOf(
    scope: ReportScope,
    rules: { pathwayId: string; ruleIds: string[] }[],
    start: string,
    end: string,
  ): Promise<number> {
    if (!rules.length) return 0;
    const r = await this.alertsOfRules(scope, rules, start, end)
      .countDistinct({ n: 'a.patient_id' })
      .first<{ n: number | string } | undefined>();
    return num(r?.n ?? 0);
  }

  alertsOfRules(
    scope: ReportScope,
    rules: { pathwayId: string; ruleIds: string[] }[],
    start: string,
    end: string,
  ): Knex.QueryBuilder {
    return this.db('alerts as a')
      .join('enrolments as e', 'e.id', 'a.enrolment_id')
      .where('a.tenant_id', scope.tenantId)
      .andWhere('a.raised_at', '>=', start)
      .andWhere('a.raised_at', '<', end)
      .andWhere((q) => {
        for (const r of rules) {
          void q.orWhere(
            (w) => void w.where('e.pathway_id', r.pathwayId).whereIn('a.rule_id', r.ruleIds),
          );
        }
      })
      .modify((q) => this.scoped(q, scope, 'e.'));
  }

  raw(sql: string): Knex.Raw {
    return this.db.raw(sql);
  }

  /** A query builder over `table as alias` joined to its enrolment `e`, limited to the scope. */
  scopedFacts(table: string, alias: string, scope: ReportScope): Knex.QueryBuilder {
    return this.db(`${table} as ${alias}`)
      .join('enrolments as e', 'e.id', `${alias}.enrolment_id`)
      .where(`${alias}.tenant_id`, scope.tenantId)
      .modify((q) => this.scoped(q, scope, 'e.'));
  }

  scopedEnrolments(scope: ReportScope): Knex.QueryBuilder {
    return this.db('enrolments as e')
      .where('e.tenant_id', scope.tenantId)
      .modify((q) => this.scoped(q, scope, 'e.'));
  }

  private scoped(q: Knex.QueryBuilder, scope: ReportScope, prefix: string): void {
    if (scope.pathwayId) void q.andWhere(`${prefix}pathway_id`, scope.pathwayId);
    if (scope.version) void q.andWhere(`${prefix}pathway_version`, scope.version);
    if (scope.siteId) void q.andWhere(`${prefix}site_id`, scope.siteId);
  }
}

function causesOf(details: unknown): string[] {
  const d = details ? fromJson<{ causes?: unknown }>(details) : null;
  return Array.isArray(d?.causes) ? d.causes.filter((c): c is string => typeof c === 'string') : [];
}

function toGrant(r: Record<string, unknown>): ReportGrant {
  return {
    tenantId: String(r.tenant_id),
    userId: String(r.user_id),
    grantedBy: String(r.granted_by),
    grantedAt: toIso(r.granted_at),
    reason: String(r.reason),
  };
}
