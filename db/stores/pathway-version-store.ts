import type { Db } from '../connection.js';
import { fromJson, nowIso, toIso, toIsoOrNull, toJson } from '../rows.js';
import type { Enrolment } from './enrolment-store.js';

export type PathwayVersionStatus = 'draft' | 'published';

export interface PathwayVersionRecord {
  id: string;
  /** Null for a built-in pathway that every tenant sees. */
  tenantId: string | null;
  pathwayId: string;
  version: string;
  status: PathwayVersionStatus;
  /** The definition as validated when saved; parsed again with zod by its readers. */
  definition: unknown;
  createdAt: string;
  createdBy: string | null;
  publishedAt: string | null;
  publishedBy: string | null;
}

/** A published version is immutable: saving over it or publishing it again is refused. */
export class ImmutableVersionError extends Error {
  override name = 'ImmutableVersionError';
}

interface VersionRow {
  id: number | string;
  tenant_id: string | null;
  pathway_id: string;
  version: string;
  status: PathwayVersionStatus;
  definition: unknown;
  created_at: unknown;
  created_by: string | null;
  published_at: unknown;
  published_by: string | null;
}

const toRecord = (r: VersionRow): PathwayVersionRecord => ({
  id: String(r.id),
  tenantId: r.tenant_id,
  pathwayId: r.pathway_id,
  version: r.version,
  status: r.status,
  definition: fromJson(r.definition),
  createdAt: toIso(r.created_at),
  createdBy: r.created_by,
  publishedAt: toIsoOrNull(r.published_at),
  publishedBy: r.published_by,
});

/** Orders semantic versions numerically (1.10.0 after 1.9.0). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export class PathwayVersionStore {
  constructor(private readonly db: Db) {}

  private scoped(tenantId: string | null) {
    const q = this.db<VersionRow>('pathway_versions');
    return tenantId === null ? q.whereNull('tenant_id') : q.where({ tenant_id: tenantId });
  }

  async get(
    tenantId: string | null,
    pathwayId: string,
    version: string,
  ): Promise<PathwayVersionRecord | null> {
    const row = await this.scoped(tenantId).andWhere({ pathway_id: pathwayId, version }).first();
    return row ? toRecord(row) : null;
  }

  /** Versions a tenant can see: its own and the built-ins, newest first. */
  async listVisible(
    tenantId: string | null,
    filter: { pathwayId?: string; status?: PathwayVersionStatus } = {},
  ): Promise<PathwayVersionRecord[]> {
    const q = this.db<VersionRow>('pathway_versions').where((w) => {
      void w.whereNull('tenant_id');
      if (tenantId !== null) void w.orWhere({ tenant_id: tenantId });
    });
    if (filter.pathwayId) void q.andWhere({ pathway_id: filter.pathwayId });
    if (filter.status) void q.andWhere({ status: filter.status });
    const rows: VersionRow[] = await q.orderBy('id');
    return rows.map(toRecord).sort(
      (a, b) =>
        a.pathwayId.localeCompare(b.pathwayId) ||
        compareVersions(b.version, a.version) ||
        // A tenant's own version wins over a built-in of the same number.
        Number(b.tenantId !== null) - Number(a.tenantId !== null),
    );
  }

  /** Every published version of every tenant (the catalog filters by tenant in memory). */
  async listVisibleAllTenants(): Promise<PathwayVersionRecord[]> {
    const rows: VersionRow[] = await this.db<VersionRow>('pathway_versions')
      .where({ status: 'published' })
      .orderBy('id');
    return rows.map(toRecord);
  }

  /** Inserts a published version unless that (tenant, pathway, version) exists; true if new. */
  async insertPublishedIfAbsent(v: {
    tenantId: string | null;
    pathwayId: string;
    version: string;
    definition: unknown;
    publishedBy: string | null;
  }): Promise<boolean> {
    const at = nowIso();
    const rows = await this.db('pathway_versions')
      .insert({
        tenant_id: v.tenantId,
        pathway_id: v.pathwayId,
        version: v.version,
        status: 'published',
        definition: toJson(v.definition),
        created_at: at,
        created_by: v.publishedBy,
        published_at: at,
        published_by: v.publishedBy,
      })
      .onConflict(this.db.raw("((coalesce(tenant_id, '')), pathway_id, version)"))
      .ignore()
      .returning('id');
    return rows.length > 0;
  }

  /** Saves (creates or replaces) a draft; a published version of that number is refused. */
  async saveDraft(v: {
    tenantId: string;
    pathwayId: string;
    version: string;
    definition: unknown;
    by: string | null;
  }): Promise<PathwayVersionRecord> {
    return this.db.transaction(async (trx) => {
      const clash: unknown = await trx<VersionRow>('pathway_versions')
        .where({ pathway_id: v.pathwayId, version: v.version, status: 'published' })
        .andWhere((w) => void w.whereNull('tenant_id').orWhere({ tenant_id: v.tenantId }))
        .first();
      if (clash) {
        throw new ImmutableVersionError(
          `version ${v.version} of ${v.pathwayId} is published and cannot change: save a new version`,
        );
      }
      const existing: unknown = await trx<VersionRow>('pathway_versions')
        .where({ tenant_id: v.tenantId, pathway_id: v.pathwayId, version: v.version })
        .first();
      if (existing) {
        await trx('pathway_versions')
          .where({ tenant_id: v.tenantId, pathway_id: v.pathwayId, version: v.version })
          .update({ definition: toJson(v.definition), created_by: v.by, created_at: nowIso() });
      } else {
        await trx('pathway_versions').insert({
          tenant_id: v.tenantId,
          pathway_id: v.pathwayId,
          version: v.version,
          status: 'draft',
          definition: toJson(v.definition),
          created_at: nowIso(),
          created_by: v.by,
        });
      }
      const row = await trx<VersionRow>('pathway_versions')
        .where({ tenant_id: v.tenantId, pathway_id: v.pathwayId, version: v.version })
        .first();
      if (!row) throw new Error('draft vanished after save');
      return toRecord(row);
    });
  }

  /** Draft → published, once. The caller validates the definition first. */
  async publish(
    tenantId: string,
    pathwayId: string,
    version: string,
    by: string | null,
  ): Promise<PathwayVersionRecord | null> {
    const changed = await this.db('pathway_versions')
      .where({ tenant_id: tenantId, pathway_id: pathwayId, version, status: 'draft' })
      .update({ status: 'published', published_at: nowIso(), published_by: by });
    const record = await this.get(tenantId, pathwayId, version);
    if (!record) return null;
    if (changed === 0) {
      throw new ImmutableVersionError(`version ${version} of ${pathwayId} is already published`);
    }
    return record;
  }

  /** Active enrolments of a tenant pinned to a version: the cohort a migration moves. */
  async activeEnrolments(
    tenantId: string,
    pathwayId: string,
    version: string,
  ): Promise<Pick<Enrolment, 'id' | 'patientId' | 'workflowId'>[]> {
    const rows: { id: string; patient_id: string; workflow_id: string }[] = await this.db(
      'enrolments',
    )
      .where({ tenant_id: tenantId, pathway_id: pathwayId, pathway_version: version })
      .andWhere({ status: 'active' })
      .orderBy('created_at')
      .select('id', 'patient_id', 'workflow_id');
    return rows.map((r) => ({ id: r.id, patientId: r.patient_id, workflowId: r.workflow_id }));
  }

  /** Re-pins an enrolment after its workflow accepted a migration. */
  async repinEnrolment(tenantId: string, enrolmentId: string, version: string): Promise<void> {
    await this.db('enrolments')
      .where({ tenant_id: tenantId, id: enrolmentId })
      .update({ pathway_version: version });
  }
}
