import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { markReportDays } from '../db/stores/report-store.js';
import { severityRank } from '../db/stores/care-store.js';

/**
 * Writes care facts straight into the read models, as the pathway workflows would have
 * written them, for data sets whose answers are known in advance: the reports' cohort test
 * and the dashboard benchmark (10,000 patients, a year). Every write marks its report days,
 * exactly like the care store does, so the aggregator sees them the same way.
 */

export interface EnrolmentFact {
  id?: string;
  tenantId: string;
  patientId: string;
  pathwayId: string;
  pathwayVersion: string;
  siteId: string | null;
  status: 'active' | 'completed' | 'withdrawn' | 'failed';
  outcome?: string | null;
  createdAt: string;
  completedAt?: string | null;
  inputs?: Record<string, unknown>;
}

export async function writeEnrolments(db: Knex, list: EnrolmentFact[]): Promise<string[]> {
  const rows = list.map((e) => {
    const id = e.id ?? randomUUID();
    return {
      id,
      tenant_id: e.tenantId,
      patient_id: e.patientId,
      pathway_id: e.pathwayId,
      pathway_version: e.pathwayVersion,
      workflow_id: `report-facts/${id}`,
      status: e.status,
      outcome: e.outcome ?? null,
      site_id: e.siteId,
      created_at: e.createdAt,
      completed_at: e.completedAt ?? null,
      inputs: JSON.stringify(e.inputs ?? {}),
    };
  });
  for (let i = 0; i < rows.length; i += 200) await db('enrolments').insert(rows.slice(i, i + 200));
  return rows.map((r) => r.id);
}

interface Owner {
  tenantId: string;
  enrolmentId: string;
  patientId: string;
}

export interface ObservationFact extends Owner {
  readingId: string;
  dataPoint: string;
  value: number;
  unit: string;
  measuredAt: string;
  /** Known in advance (the benchmark): the aggregator then leaves it as written. */
  inRange?: boolean | null;
}

export interface WorkItemFact extends Owner {
  itemId: string;
  kind: string;
  assignee: 'patient' | 'nurse' | 'doctor';
  status: 'open' | 'done' | 'missed' | 'cancelled' | 'no-show';
  openedAt: string;
  dueAt: string | null;
  closedAt?: string | null;
  level?: number;
  causes?: string[];
  ruleId?: string | null;
}

export interface AlertFact extends Owner {
  alertId: string;
  ruleId: string;
  severity: 'red' | 'orange' | 'yellow';
  raisedAt: string;
  acknowledgeBy: string;
  acknowledgedAt?: string | null;
  acknowledgedBy?: string | null;
  level?: number;
  ladderExhausted?: boolean;
  status?: string;
  data?: Record<string, unknown>;
}

export interface NotificationFact extends Owner {
  key: string;
  createdAt: string;
  deliveries: ('sent' | 'failed' | 'held' | 'pending')[];
}

export interface SubmissionFact extends Owner {
  formVersionId: number | string;
  formId: string;
  formVersion: number;
  outputs: Record<string, unknown>;
  submittedAt: string;
}

export interface Facts {
  observations?: ObservationFact[];
  workItems?: WorkItemFact[];
  alerts?: AlertFact[];
  notifications?: NotificationFact[];
  submissions?: SubmissionFact[];
}

const who = (o: Owner) => ({
  tenant_id: o.tenantId,
  enrolment_id: o.enrolmentId,
  patient_id: o.patientId,
});

async function chunked(db: Knex, table: string, rows: Record<string, unknown>[], size = 300) {
  for (let i = 0; i < rows.length; i += size) await db(table).insert(rows.slice(i, i + size));
}

/** Writes the facts and marks their report days (per tenant). */
export async function writeFacts(db: Knex, facts: Facts, options: { mark?: boolean } = {}) {
  const days = new Map<string, string[]>();
  const touch = (tenantId: string, ...instants: (string | null | undefined)[]) => {
    const list = days.get(tenantId) ?? [];
    for (const i of instants) if (i) list.push(i);
    days.set(tenantId, list);
  };
  await chunked(
    db,
    'observations',
    (facts.observations ?? []).map((o) => {
      touch(o.tenantId, o.measuredAt);
      return {
        ...who(o),
        reading_id: o.readingId,
        device_message_id: null,
        data_point: o.dataPoint,
        value: o.value,
        unit: o.unit,
        loinc: null,
        measured_at: o.measuredAt,
        source: 'patient',
        received_at: o.measuredAt,
        in_range: o.inRange ?? null,
      };
    }),
  );
  await chunked(
    db,
    'work_items',
    (facts.workItems ?? []).map((w) => {
      touch(w.tenantId, w.openedAt, w.dueAt);
      return {
        id: `${w.enrolmentId}/${w.itemId}`,
        ...who(w),
        item_id: w.itemId,
        kind: w.kind,
        step_id: null,
        track_id: null,
        rule_id: w.ruleId ?? null,
        title_it: w.kind,
        title_en: w.kind,
        assignee_role: w.assignee,
        level: w.level ?? 0,
        status: w.status,
        due_at: w.dueAt,
        details: JSON.stringify({ causes: w.causes ?? [] }),
        opened_at: w.openedAt,
        closed_at: w.closedAt ?? null,
        closed_by: null,
      };
    }),
    200,
  );
  await chunked(
    db,
    'alerts',
    (facts.alerts ?? []).map((a) => {
      touch(a.tenantId, a.raisedAt);
      return {
        id: `${a.enrolmentId}/${a.alertId}`,
        ...who(a),
        alert_id: a.alertId,
        rule_id: a.ruleId,
        severity: a.severity,
        severity_rank: severityRank[a.severity],
        title_it: a.ruleId,
        title_en: a.ruleId,
        status: a.status ?? (a.acknowledgedAt ? 'acknowledged' : 'open'),
        level: a.level ?? 0,
        assignee_role: 'nurse',
        ladder_exhausted: a.ladderExhausted ?? false,
        raised_at: a.raisedAt,
        acknowledge_by: a.acknowledgeBy,
        acknowledged_by: a.acknowledgedBy ?? (a.acknowledgedAt ? 'centro.infermiere' : null),
        acknowledged_at: a.acknowledgedAt ?? null,
        note: null,
        causes: JSON.stringify([]),
        data: JSON.stringify(a.data ?? {}),
      };
    }),
    150,
  );
  for (const n of facts.notifications ?? []) {
    touch(n.tenantId, n.createdAt);
    const [row] = await db('notifications_outbox')
      .insert({
        key: `${n.enrolmentId}/${n.key}`,
        ...who(n),
        to_role: 'nurse',
        channels: JSON.stringify(['in-app']),
        message_it: 'Notifica',
        message_en: 'Notification',
        status: 'planned',
        created_at: n.createdAt,
      })
      .returning<{ id: number | string }[]>('id');
    const id = row!.id;
    await chunked(
      db,
      'notification_deliveries',
      n.deliveries.map((status, i) => ({
        notification_id: id,
        tenant_id: n.tenantId,
        channel: 'in-app',
        recipient: `role:nurse#${i}`,
        status,
        attempts: 1,
        created_at: n.createdAt,
      })),
    );
  }
  await chunked(
    db,
    'form_submissions',
    (facts.submissions ?? []).map((s) => {
      touch(s.tenantId, s.submittedAt);
      return {
        id: randomUUID(),
        idempotency_key: randomUUID(),
        form_version_id: s.formVersionId,
        form_id: s.formId,
        form_version: s.formVersion,
        ...who(s),
        work_item_id: null,
        author: 'patient',
        author_role: 'patient',
        status: 'completed',
        refusal: null,
        answers: '{}',
        outputs: JSON.stringify(s.outputs),
        submitted_at: s.submittedAt,
      };
    }),
  );
  if (options.mark !== false) {
    for (const [tenantId, instants] of days) await markReportDays(db, tenantId, instants);
  }
}
