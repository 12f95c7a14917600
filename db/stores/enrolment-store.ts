import { randomUUID } from 'node:crypto';
import type { Db } from '../connection.js';
import { fromJson, nowIso, toIso, toIsoOrNull, toJson } from '../rows.js';

export const enrolmentStatuses = ['active', 'completed', 'withdrawn', 'failed'] as const;
export type EnrolmentStatus = (typeof enrolmentStatuses)[number];

export interface Enrolment {
  id: string;
  tenantId: string;
  patientId: string;
  pathwayId: string;
  pathwayVersion: string;
  workflowId: string;
  status: EnrolmentStatus;
  enrolledBy: string | null;
  outcome: string | null;
  createdAt: string;
  completedAt: string | null;
}

export interface EnrolmentEvent {
  id: string;
  enrolmentId: string;
  kind: string;
  stepId: string | null;
  payload: unknown;
  at: string;
}

interface EnrolmentRow {
  id: string;
  tenant_id: string;
  patient_id: string;
  pathway_id: string;
  pathway_version: string;
  workflow_id: string;
  status: EnrolmentStatus;
  enrolled_by: string | null;
  outcome: string | null;
  created_at: unknown;
  completed_at: unknown;
}

interface EventRow {
  id: number | string;
  tenant_id: string;
  enrolment_id: string;
  kind: string;
  step_id: string | null;
  payload: string;
  at: unknown;
}

const toEnrolment = (r: EnrolmentRow): Enrolment => ({
  id: r.id,
  tenantId: r.tenant_id,
  patientId: r.patient_id,
  pathwayId: r.pathway_id,
  pathwayVersion: r.pathway_version,
  workflowId: r.workflow_id,
  status: r.status,
  enrolledBy: r.enrolled_by,
  outcome: r.outcome,
  createdAt: toIso(r.created_at),
  completedAt: toIsoOrNull(r.completed_at),
});

const toEvent = (r: EventRow): EnrolmentEvent => ({
  id: String(r.id),
  enrolmentId: r.enrolment_id,
  kind: r.kind,
  stepId: r.step_id,
  payload: fromJson(r.payload),
  at: toIso(r.at),
});

/** Workflow ids are deterministic: tenant + enrolment (DESIGN §4). */
export function enrolmentWorkflowId(tenantId: string, enrolmentId: string): string {
  return `enrolment/${tenantId}/${enrolmentId}`;
}

export interface NewEnrolment {
  tenantId: string;
  patientId: string;
  pathwayId: string;
  pathwayVersion: string;
  enrolledBy: string | null;
  /** The tenant's site that follows the patient, if named. */
  siteId?: string | null;
}

export class EnrolmentStore {
  constructor(private readonly db: Db) {}

  /**
   * Creates the active enrolment of a patient in a pathway, or returns the one that is
   * already active (a retried request). The partial unique index decides under concurrency.
   */
  async createOrGetActive(e: NewEnrolment): Promise<{ enrolment: Enrolment; created: boolean }> {
    const existing = await this.findActive(e.tenantId, e.patientId, e.pathwayId);
    if (existing) return { enrolment: existing, created: false };
    const id = randomUUID();
    const inserted = await this.db('enrolments')
      .insert({
        id,
        tenant_id: e.tenantId,
        patient_id: e.patientId,
        pathway_id: e.pathwayId,
        pathway_version: e.pathwayVersion,
        workflow_id: enrolmentWorkflowId(e.tenantId, id),
        status: 'active',
        enrolled_by: e.enrolledBy,
        site_id: e.siteId ?? null,
        created_at: nowIso(),
      })
      .onConflict(this.db.raw("(tenant_id, patient_id, pathway_id) where status = 'active'"))
      .ignore()
      .returning('id');
    const again = await this.findActive(e.tenantId, e.patientId, e.pathwayId);
    if (!again) throw new Error('active enrolment vanished after insert');
    return { enrolment: again, created: inserted.length > 0 && again.id === id };
  }

  async findActive(
    tenantId: string,
    patientId: string,
    pathwayId: string,
  ): Promise<Enrolment | null> {
    const row = await this.db<EnrolmentRow>('enrolments')
      .where({
        tenant_id: tenantId,
        patient_id: patientId,
        pathway_id: pathwayId,
        status: 'active',
      })
      .first();
    return row ? toEnrolment(row) : null;
  }

  /** The resolved inputs the enrolment runs with (null for enrolments made before they were kept). */
  async getInputs(tenantId: string, id: string): Promise<Record<string, unknown> | null> {
    const row = await this.db<{ inputs: unknown; tenant_id: string; id: string }>('enrolments')
      .where({ tenant_id: tenantId, id })
      .first();
    return row?.inputs ? fromJson<Record<string, unknown>>(row.inputs) : null;
  }

  async setInputs(tenantId: string, id: string, inputs: Record<string, unknown>): Promise<void> {
    await this.db('enrolments')
      .where({ tenant_id: tenantId, id })
      .update({ inputs: toJson(inputs) });
  }

  async get(tenantId: string, id: string): Promise<Enrolment | null> {
    const row = await this.db<EnrolmentRow>('enrolments')
      .where({ tenant_id: tenantId, id })
      .first();
    return row ? toEnrolment(row) : null;
  }

  async listByPatient(tenantId: string, patientId: string): Promise<Enrolment[]> {
    const rows = await this.db<EnrolmentRow>('enrolments')
      .where({ tenant_id: tenantId, patient_id: patientId })
      .orderBy('created_at', 'desc');
    return rows.map(toEnrolment);
  }

  /**
   * Ends an active enrolment. Idempotent: ending an already ended enrolment changes nothing
   * and returns false.
   */
  async finish(
    tenantId: string,
    id: string,
    status: Exclude<EnrolmentStatus, 'active'>,
    outcome: string | null,
  ): Promise<boolean> {
    const changed = await this.db('enrolments')
      .where({ tenant_id: tenantId, id, status: 'active' })
      .update({ status, outcome, completed_at: nowIso() });
    return changed > 0;
  }

  async countByStatus(tenantId: string): Promise<Record<EnrolmentStatus, number>> {
    const rows: { status: EnrolmentStatus; n: number | string }[] = await this.db('enrolments')
      .where({ tenant_id: tenantId })
      .select('status')
      .count({ n: '*' })
      .groupBy('status');
    const counts = Object.fromEntries(enrolmentStatuses.map((s) => [s, 0])) as Record<
      EnrolmentStatus,
      number
    >;
    for (const r of rows) counts[r.status] = Number(r.n);
    return counts;
  }

  async countByPathway(
    tenantId: string,
  ): Promise<{ pathwayId: string; status: EnrolmentStatus; n: number }[]> {
    const rows: { pathway_id: string; status: EnrolmentStatus; n: number | string }[] =
      await this.db('enrolments')
        .where({ tenant_id: tenantId })
        .select('pathway_id', 'status')
        .count({ n: '*' })
        .groupBy('pathway_id', 'status');
    return rows.map((r) => ({ pathwayId: r.pathway_id, status: r.status, n: Number(r.n) }));
  }

  /** Records what a workflow did, once per idempotency key. Returns true when newly written. */
  async recordEvent(e: {
    tenantId: string;
    enrolmentId: string;
    idempotencyKey: string;
    kind: string;
    stepId: string | null;
    payload: unknown;
  }): Promise<boolean> {
    const inserted = await this.db('enrolment_events')
      .insert({
        tenant_id: e.tenantId,
        enrolment_id: e.enrolmentId,
        idempotency_key: e.idempotencyKey,
        kind: e.kind,
        step_id: e.stepId,
        payload: toJson(e.payload),
        at: nowIso(),
      })
      .onConflict('idempotency_key')
      .ignore()
      .returning('id');
    return inserted.length > 0;
  }

  async listEvents(tenantId: string, enrolmentId: string): Promise<EnrolmentEvent[]> {
    const rows = await this.db<EventRow>('enrolment_events')
      .where({ tenant_id: tenantId, enrolment_id: enrolmentId })
      .orderBy('id');
    return rows.map(toEvent);
  }
}
