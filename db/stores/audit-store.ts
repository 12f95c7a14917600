import type { Role } from '../../platform/roles.js';
import type { Db } from '../connection.js';
import { nowIso, toIso } from '../rows.js';

export type AuditOutcome = 'success' | 'denied' | 'not-found' | 'failure';

export interface AuditEntry {
  tenantId: string | null;
  actorUserId: string | null;
  actorUsername: string | null;
  actorRole: Role | null;
  /** Verb, e.g. "read", "create", "login". */
  action: string;
  /** FHIR-like resource name, e.g. "Patient", "CarePlan", "Session". */
  resourceType: string;
  resourceId: string | null;
  patientId: string | null;
  outcome: AuditOutcome;
  requestId: string | null;
  detail?: string | null;
}

export interface AuditEvent extends AuditEntry {
  id: string;
  at: string;
}

interface AuditRow {
  id: number | string;
  at: unknown;
  tenant_id: string | null;
  actor_user_id: string | null;
  actor_username: string | null;
  actor_role: Role | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  patient_id: string | null;
  outcome: AuditOutcome;
  request_id: string | null;
  detail: string | null;
}

const toEvent = (r: AuditRow): AuditEvent => ({
  id: String(r.id),
  at: toIso(r.at),
  tenantId: r.tenant_id,
  actorUserId: r.actor_user_id,
  actorUsername: r.actor_username,
  actorRole: r.actor_role,
  action: r.action,
  resourceType: r.resource_type,
  resourceId: r.resource_id,
  patientId: r.patient_id,
  outcome: r.outcome,
  requestId: r.request_id,
  detail: r.detail,
});

/** Append-only (≈ FHIR AuditEvent). The database refuses updates and deletes too. */
export class AuditStore {
  constructor(private readonly db: Db) {}

  async append(entries: AuditEntry | AuditEntry[]): Promise<void> {
    const list = Array.isArray(entries) ? entries : [entries];
    if (list.length === 0) return;
    const at = nowIso();
    await this.db('audit_events').insert(
      list.map((e) => ({
        at,
        tenant_id: e.tenantId,
        actor_user_id: e.actorUserId,
        actor_username: e.actorUsername,
        actor_role: e.actorRole,
        action: e.action,
        resource_type: e.resourceType,
        resource_id: e.resourceId,
        patient_id: e.patientId,
        outcome: e.outcome,
        request_id: e.requestId,
        detail: e.detail ?? null,
      })),
    );
  }

  async list(
    tenantId: string,
    filter: { patientId?: string; limit?: number } = {},
  ): Promise<AuditEvent[]> {
    const query = this.db<AuditRow>('audit_events').where({ tenant_id: tenantId });
    if (filter.patientId) void query.andWhere({ patient_id: filter.patientId });
    const rows = await query.orderBy('id', 'desc').limit(filter.limit ?? 100);
    return rows.map(toEvent);
  }
}
