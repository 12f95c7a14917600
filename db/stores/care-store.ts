import type { Knex } from 'knex';
import type { EngineCommand } from '../../pathways/engine.js';
import type { Db } from '../connection.js';
import { fromJson, toBool, toIso, toIsoOrNull, toJson } from '../rows.js';
import { markReportDays } from './report-store.js';

/**
 * The care read models (migration 003): work items, alerts, observations, the notification
 * outbox and the enrolment timeline. Workflows write them through one activity per engine
 * event; every write is keyed so that a retried activity changes nothing more.
 */

export const severityRank = { red: 0, orange: 1, yellow: 2 } as const;

export interface ObservationInput {
  readingId: string;
  deviceMessageId: string | null;
  dataPoint: string;
  value: number;
  unit: string;
  loinc: string | null;
  measuredAt: string;
  source: string;
}

export interface CareBatch {
  tenantId: string;
  enrolmentId: string;
  patientId: string;
  /** `<workflowId>/<event sequence>`: the timeline rows take it plus their index. */
  keyPrefix: string;
  /** The workflow's time of the event (ISO). */
  at: string;
  commands: EngineCommand[];
  observations: ObservationInput[];
}

export interface WorkItemRecord {
  id: string;
  tenantId: string;
  enrolmentId: string;
  patientId: string;
  itemId: string;
  kind: string;
  stepId: string | null;
  trackId: string | null;
  ruleId: string | null;
  title: { it: string; en: string };
  assignee: string;
  level: number;
  status: string;
  dueAt: string | null;
  details: Record<string, unknown>;
  openedAt: string;
  closedAt: string | null;
  closedBy: string | null;
  /** The clinician who took charge of it (worklist claim), if any. */
  claimedBy: string | null;
  claimedAt: string | null;
}

export interface AlertRecord {
  id: string;
  tenantId: string;
  enrolmentId: string;
  patientId: string;
  alertId: string;
  ruleId: string;
  severity: 'red' | 'orange' | 'yellow';
  title: { it: string; en: string };
  status: string;
  level: number;
  assignee: string;
  ladderExhausted: boolean;
  raisedAt: string;
  acknowledgeBy: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  note: string | null;
  causes: string[];
  data: Record<string, unknown>;
  claimedBy: string | null;
  claimedAt: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
}

export interface ObservationRecord extends ObservationInput {
  id: string;
  tenantId: string;
  enrolmentId: string;
  patientId: string;
  receivedAt: string;
}

export interface NotificationRecord {
  key: string;
  tenantId: string;
  enrolmentId: string;
  patientId: string;
  to: string;
  channels: string[];
  message: { it: string; en: string };
  status: string;
}

type Text = string;
/** Timestamps read back as strings on SQLite and Date objects on PostgreSQL. */
type Stamp = unknown;

interface WorkItemRow {
  id: Text;
  tenant_id: Text;
  enrolment_id: Text;
  patient_id: Text;
  item_id: Text;
  kind: Text;
  step_id: Text | null;
  track_id: Text | null;
  rule_id: Text | null;
  title_it: Text;
  title_en: Text;
  assignee_role: Text;
  level: number | string;
  status: Text;
  due_at: Stamp;
  details: unknown;
  opened_at: Stamp;
  closed_at: Stamp;
  closed_by: Text | null;
  claimed_by: Text | null;
  claimed_at: Stamp;
}

interface AlertRow {
  id: Text;
  tenant_id: Text;
  enrolment_id: Text;
  patient_id: Text;
  alert_id: Text;
  rule_id: Text;
  severity: AlertRecord['severity'];
  title_it: Text;
  title_en: Text;
  status: Text;
  level: number | string;
  assignee_role: Text;
  ladder_exhausted: unknown;
  raised_at: Stamp;
  acknowledge_by: Stamp;
  acknowledged_by: Text | null;
  acknowledged_at: Stamp;
  note: Text | null;
  causes: unknown;
  data: unknown;
  claimed_by: Text | null;
  claimed_at: Stamp;
  resolved_by: Text | null;
  resolved_at: Stamp;
}

interface ObservationRow {
  id: number | string;
  tenant_id: Text;
  enrolment_id: Text;
  patient_id: Text;
  reading_id: Text;
  device_message_id: Text | null;
  data_point: Text;
  value: number | string;
  unit: Text;
  loinc: Text | null;
  measured_at: Stamp;
  source: Text;
  received_at: Stamp;
}

interface NotificationRow {
  key: Text;
  tenant_id: Text;
  enrolment_id: Text;
  patient_id: Text;
  to_role: Text;
  channels: unknown;
  message_it: Text;
  message_en: Text;
  status: Text;
}

const toWorkItem = (r: WorkItemRow): WorkItemRecord => ({
  id: r.id,
  tenantId: r.tenant_id,
  enrolmentId: r.enrolment_id,
  patientId: r.patient_id,
  itemId: r.item_id,
  kind: r.kind,
  stepId: r.step_id,
  trackId: r.track_id,
  ruleId: r.rule_id,
  title: { it: r.title_it, en: r.title_en },
  assignee: r.assignee_role,
  level: Number(r.level),
  status: r.status,
  dueAt: toIsoOrNull(r.due_at),
  details: fromJson(r.details),
  openedAt: toIso(r.opened_at),
  closedAt: toIsoOrNull(r.closed_at),
  closedBy: r.closed_by,
  claimedBy: r.claimed_by ?? null,
  claimedAt: toIsoOrNull(r.claimed_at),
});

const toAlert = (r: AlertRow): AlertRecord => ({
  id: r.id,
  tenantId: r.tenant_id,
  enrolmentId: r.enrolment_id,
  patientId: r.patient_id,
  alertId: r.alert_id,
  ruleId: r.rule_id,
  severity: r.severity,
  title: { it: r.title_it, en: r.title_en },
  status: r.status,
  level: Number(r.level),
  assignee: r.assignee_role,
  ladderExhausted: toBool(r.ladder_exhausted),
  raisedAt: toIso(r.raised_at),
  acknowledgeBy: toIso(r.acknowledge_by),
  acknowledgedBy: r.acknowledged_by,
  acknowledgedAt: toIsoOrNull(r.acknowledged_at),
  note: r.note,
  causes: fromJson(r.causes),
  data: fromJson(r.data),
  claimedBy: r.claimed_by ?? null,
  claimedAt: toIsoOrNull(r.claimed_at),
  resolvedBy: r.resolved_by ?? null,
  resolvedAt: toIsoOrNull(r.resolved_at),
});

const toObservation = (r: ObservationRow): ObservationRecord => ({
  id: String(r.id),
  tenantId: r.tenant_id,
  enrolmentId: r.enrolment_id,
  patientId: r.patient_id,
  readingId: r.reading_id,
  deviceMessageId: r.device_message_id,
  dataPoint: r.data_point,
  value: Number(r.value),
  unit: r.unit,
  loinc: r.loinc,
  measuredAt: toIso(r.measured_at),
  source: r.source,
  receivedAt: toIso(r.received_at),
});

const toNotification = (r: NotificationRow): NotificationRecord => ({
  key: r.key,
  tenantId: r.tenant_id,
  enrolmentId: r.enrolment_id,
  patientId: r.patient_id,
  to: r.to_role,
  channels: fromJson(r.channels),
  message: { it: r.message_it, en: r.message_en },
  status: r.status,
});

/** Commands that are plumbing, not something a person reads in the timeline. */
const notInTimeline = new Set<EngineCommand['type']>([
  'schedule-timer',
  'cancel-timer',
  'data-changed',
]);

function stepOf(c: EngineCommand): string | null {
  switch (c.type) {
    case 'open-item':
      return c.item.stepId;
    case 'missed':
      return c.stepId;
    case 'notify': {
      const m = /^step:([^@]+)@/.exec(c.key);
      return m?.[1] ?? null;
    }
    default:
      return null;
  }
}

export interface WorkItemFilter {
  status?: string;
  assignee?: string;
  patientId?: string;
  enrolmentId?: string;
  limit?: number;
}

export interface AlertFilter {
  status?: string;
  patientId?: string;
  enrolmentId?: string;
  limit?: number;
}

export class CareStore {
  constructor(private readonly db: Db) {}

  /** Applies what engine events decided, in order, in one transaction, idempotently. */
  async apply(batches: CareBatch | CareBatch[]): Promise<{ timelineWritten: number }> {
    const list = Array.isArray(batches) ? batches : [batches];
    return this.db.transaction(async (trx) => {
      let timelineWritten = 0;
      for (const batch of list) timelineWritten += await this.applyOne(trx, batch);
      return { timelineWritten };
    });
  }

  private async applyOne(trx: Knex.Transaction, batch: CareBatch): Promise<number> {
    const base = { tenant_id: batch.tenantId, enrolment_id: batch.enrolmentId };
    const who = { ...base, patient_id: batch.patientId };
    const timeline: Record<string, unknown>[] = [];
    // The report days this batch changes (migration 012): marked in this same transaction.
    const touched: (string | null)[] = batch.observations.map((o) => o.measuredAt);
    for (const [i, c] of batch.commands.entries()) {
      touched.push(...(await this.applyCommand(trx, batch, who, c)));
      if (notInTimeline.has(c.type)) continue;
      const { type, ...payload } = c;
      timeline.push({
        ...base,
        idempotency_key: `${batch.keyPrefix}/${i}`,
        kind: type,
        step_id: stepOf(c),
        payload: toJson(type === 'notify' ? { ...payload, message: c.message } : payload),
        at: batch.at,
      });
    }
    if (batch.observations.length) {
      await trx('observations')
        .insert(
          batch.observations.map((o) => ({
            ...who,
            reading_id: o.readingId,
            device_message_id: o.deviceMessageId,
            data_point: o.dataPoint,
            value: o.value,
            unit: o.unit,
            loinc: o.loinc,
            measured_at: o.measuredAt,
            source: o.source,
            received_at: batch.at,
          })),
        )
        .onConflict(['tenant_id', 'reading_id', 'data_point'])
        .ignore();
    }
    await markReportDays(trx, batch.tenantId, touched);
    if (!timeline.length) return 0;
    const rows = await trx('enrolment_events')
      .insert(timeline)
      .onConflict('idempotency_key')
      .ignore()
      .returning('id');
    return rows.length;
  }

  private async applyCommand(
    trx: Knex.Transaction,
    batch: CareBatch,
    who: Record<string, string>,
    c: EngineCommand,
  ): Promise<(string | null)[]> {
    const itemKey = (itemId: string) => `${batch.enrolmentId}/${itemId}`;
    // An item counts on the day it opened and the day it was due; an alert on the day raised.
    const itemDays = async (itemId: string) => {
      const r = await trx('work_items')
        .where({ id: itemKey(itemId) })
        .first<{ opened_at: unknown; due_at: unknown } | undefined>('opened_at', 'due_at');
      return r ? [toIso(r.opened_at), toIsoOrNull(r.due_at)] : [];
    };
    const alertDay = async (alertId: string) => {
      const r = await trx('alerts')
        .where({ id: itemKey(alertId) })
        .first<{ raised_at: unknown } | undefined>('raised_at');
      return r ? [toIso(r.raised_at)] : [];
    };
    switch (c.type) {
      case 'open-item':
        await trx('work_items')
          .insert({
            id: itemKey(c.item.id),
            ...who,
            item_id: c.item.id,
            kind: c.item.kind,
            step_id: c.item.stepId,
            track_id: c.item.trackId,
            rule_id: c.item.ruleId,
            title_it: c.item.title.it,
            title_en: c.item.title.en,
            assignee_role: c.item.assignee,
            level: c.item.level,
            status: 'open',
            due_at: c.item.dueAt,
            details: toJson(c.item.details),
            opened_at: c.item.openedAt,
          })
          .onConflict('id')
          .ignore();
        return [c.item.openedAt, c.item.dueAt];
      case 'close-item':
        await trx('work_items')
          .where({ id: itemKey(c.itemId) })
          .update({ status: c.status, closed_at: batch.at, closed_by: c.by });
        return itemDays(c.itemId);
      case 'escalate-item': {
        const before = await itemDays(c.itemId);
        await trx('work_items')
          .where({ id: itemKey(c.itemId) })
          .update({ level: c.level, assignee_role: c.assignee, due_at: c.dueAt });
        return [...before, c.dueAt];
      }
      case 'raise-alert':
        await trx('alerts')
          .insert({
            id: itemKey(c.alert.id),
            ...who,
            alert_id: c.alert.id,
            rule_id: c.alert.ruleId,
            severity: c.alert.severity,
            severity_rank: severityRank[c.alert.severity],
            title_it: c.alert.title.it,
            title_en: c.alert.title.en,
            status: 'open',
            level: c.alert.level,
            assignee_role: c.alert.assignee,
            ladder_exhausted: false,
            raised_at: c.alert.raisedAt,
            acknowledge_by: c.alert.acknowledgeBy,
            causes: toJson(c.alert.causes),
            data: toJson(c.alert.data),
          })
          .onConflict('id')
          .ignore();
        return [c.alert.raisedAt];
      case 'escalate-alert':
        await trx('alerts')
          .where({ id: itemKey(c.alertId) })
          .update({
            level: c.level,
            assignee_role: c.assignee,
            acknowledge_by: c.acknowledgeBy,
          });
        return alertDay(c.alertId);
      case 'alert-ladder-exhausted':
        await trx('alerts')
          .where({ id: itemKey(c.alertId) })
          .update({ ladder_exhausted: true });
        return alertDay(c.alertId);
      case 'close-alert':
        await trx('alerts')
          .where({ id: itemKey(c.alertId) })
          .update(
            c.status === 'acknowledged'
              ? { status: c.status, acknowledged_by: c.by, acknowledged_at: batch.at, note: c.note }
              : { status: c.status, resolved_by: c.by, resolved_at: batch.at },
          );
        return alertDay(c.alertId);
      case 'notify':
        await trx('notifications_outbox')
          .insert({
            key: `${batch.enrolmentId}/${c.key}`,
            ...who,
            to_role: c.to,
            channels: toJson(c.channels),
            message_it: c.message.it,
            message_en: c.message.en,
            status: 'pending',
            created_at: batch.at,
          })
          .onConflict('key')
          .ignore();
        return [];
      case 'complete':
        // Open alerts and items of an ended enrolment leave the worklists with it.
        await trx('enrolments')
          .where({ tenant_id: batch.tenantId, id: batch.enrolmentId, status: 'active' })
          .update({ status: c.status, outcome: c.outcome, completed_at: batch.at });
        await trx('alerts')
          .where({ enrolment_id: batch.enrolmentId, status: 'open' })
          .update({ status: 'closed' });
        return [];
      case 'schedule-timer':
      case 'cancel-timer':
      case 'remind':
      case 'data-changed':
      case 'reading-accepted':
      case 'missed':
      case 'track-changed':
      case 'start-pathway':
        // start-pathway: the workflow starts the linked enrolment; the timeline keeps the decision.
        return [];
      default: {
        const never: never = c;
        throw new Error(`unknown command ${JSON.stringify(never)}`);
      }
    }
  }

  async getWorkItem(tenantId: string, id: string): Promise<WorkItemRecord | null> {
    const row = await this.db<WorkItemRow>('work_items').where({ tenant_id: tenantId, id }).first();
    return row ? toWorkItem(row) : null;
  }

  /** Worklist order: the earliest deadline first, items without one last. */
  async listWorkItems(tenantId: string, f: WorkItemFilter = {}): Promise<WorkItemRecord[]> {
    const q = this.db<WorkItemRow>('work_items').where({ tenant_id: tenantId });
    if (f.status) void q.andWhere({ status: f.status });
    if (f.assignee) void q.andWhere({ assignee_role: f.assignee });
    if (f.patientId) void q.andWhere({ patient_id: f.patientId });
    if (f.enrolmentId) void q.andWhere({ enrolment_id: f.enrolmentId });
    const rows: WorkItemRow[] = await q
      .orderByRaw('case when due_at is null then 1 else 0 end')
      .orderBy([{ column: 'due_at' }, { column: 'opened_at' }, { column: 'id' }])
      .limit(f.limit ?? 200);
    return rows.map(toWorkItem);
  }

  async getAlert(tenantId: string, id: string): Promise<AlertRecord | null> {
    const row = await this.db<AlertRow>('alerts').where({ tenant_id: tenantId, id }).first();
    return row ? toAlert(row) : null;
  }

  /** Red before orange before yellow; within a severity, the nearest deadline first. */
  async listAlerts(tenantId: string, f: AlertFilter = {}): Promise<AlertRecord[]> {
    const q = this.db<AlertRow>('alerts').where({ tenant_id: tenantId });
    if (f.status) void q.andWhere({ status: f.status });
    if (f.patientId) void q.andWhere({ patient_id: f.patientId });
    if (f.enrolmentId) void q.andWhere({ enrolment_id: f.enrolmentId });
    const rows: AlertRow[] = await q
      .orderBy([
        { column: 'severity_rank' },
        { column: 'acknowledge_by' },
        { column: 'raised_at' },
        { column: 'id' },
      ])
      .limit(f.limit ?? 200);
    return rows.map(toAlert);
  }

  async listObservations(
    tenantId: string,
    f: { patientId?: string; enrolmentId?: string; dataPoint?: string; limit?: number } = {},
  ): Promise<ObservationRecord[]> {
    const q = this.db<ObservationRow>('observations').where({ tenant_id: tenantId });
    if (f.patientId) void q.andWhere({ patient_id: f.patientId });
    if (f.enrolmentId) void q.andWhere({ enrolment_id: f.enrolmentId });
    if (f.dataPoint) void q.andWhere({ data_point: f.dataPoint });
    const rows: ObservationRow[] = await q
      .orderBy([
        { column: 'measured_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(f.limit ?? 500);
    return rows.map(toObservation);
  }

  async listNotifications(
    tenantId: string,
    f: { enrolmentId?: string } = {},
  ): Promise<NotificationRecord[]> {
    const q = this.db<NotificationRow>('notifications_outbox').where({ tenant_id: tenantId });
    if (f.enrolmentId) void q.andWhere({ enrolment_id: f.enrolmentId });
    const rows: NotificationRow[] = await q.orderBy('id');
    return rows.map(toNotification);
  }
}
