import { createHash, randomUUID } from 'node:crypto';
import type { FormDefinition } from '../../forms/definition.js';
import type { Db } from '../connection.js';
import { fromJson, nowIso, toIso, toIsoOrNull, toJson } from '../rows.js';
import { ImmutableVersionError } from './pathway-version-store.js';
import { markReportDays } from './report-store.js';

export type FormVersionStatus = 'draft' | 'published';

export interface FormVersionRecord {
  /** Row id: a submission points at exactly this row. */
  id: string;
  tenantId: string | null;
  formId: string;
  version: number;
  status: FormVersionStatus;
  definition: FormDefinition;
  /** SHA-256 (hex) of the stored definition text. */
  sha256: string;
  createdAt: string;
  createdBy: string | null;
  publishedAt: string | null;
  publishedBy: string | null;
}

export type SubmissionStatus = 'pending' | 'completed' | 'refused';

export interface FormSubmissionRecord {
  id: string;
  tenantId: string;
  idempotencyKey: string;
  formVersionId: string;
  formId: string;
  formVersion: number;
  patientId: string;
  enrolmentId: string | null;
  workItemId: string | null;
  author: string;
  authorRole: string;
  status: SubmissionStatus;
  refusal: string | null;
  answers: Record<string, unknown>;
  outputs: Record<string, number | string | boolean>;
  submittedAt: string;
}

interface VersionRow {
  id: number | string;
  tenant_id: string | null;
  form_id: string;
  version: number | string;
  status: FormVersionStatus;
  definition: unknown;
  sha256: string;
  created_at: unknown;
  created_by: string | null;
  published_at: unknown;
  published_by: string | null;
}

interface SubmissionRow {
  id: string;
  tenant_id: string;
  idempotency_key: string;
  form_version_id: number | string;
  form_id: string;
  form_version: number | string;
  patient_id: string;
  enrolment_id: string | null;
  work_item_id: string | null;
  author: string;
  author_role: string;
  status: SubmissionStatus;
  refusal: string | null;
  answers: unknown;
  outputs: unknown;
  submitted_at: unknown;
}

interface DraftRow {
  tenant_id: string;
  username: string;
  work_item_id: string;
  answers: unknown;
  updated_at: unknown;
}

const toVersion = (r: VersionRow): FormVersionRecord => ({
  id: String(r.id),
  tenantId: r.tenant_id,
  formId: r.form_id,
  version: Number(r.version),
  status: r.status,
  definition: fromJson(r.definition),
  sha256: r.sha256,
  createdAt: toIso(r.created_at),
  createdBy: r.created_by,
  publishedAt: toIsoOrNull(r.published_at),
  publishedBy: r.published_by,
});

const toSubmission = (r: SubmissionRow): FormSubmissionRecord => ({
  id: r.id,
  tenantId: r.tenant_id,
  idempotencyKey: r.idempotency_key,
  formVersionId: String(r.form_version_id),
  formId: r.form_id,
  formVersion: Number(r.form_version),
  patientId: r.patient_id,
  enrolmentId: r.enrolment_id,
  workItemId: r.work_item_id,
  author: r.author,
  authorRole: r.author_role,
  status: r.status,
  refusal: r.refusal,
  answers: fromJson(r.answers),
  outputs: fromJson(r.outputs),
  submittedAt: toIso(r.submitted_at),
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The form registry, submissions and drafts (migration 005). A tenant sees its own versions
 * and the built-ins; where both have the same number, its own wins.
 */
export class FormStore {
  constructor(private readonly db: Db) {}

  private visible(tenantId: string | null) {
    return this.db<VersionRow>('form_versions').where((w) => {
      void w.whereNull('tenant_id');
      if (tenantId !== null) void w.orWhere({ tenant_id: tenantId });
    });
  }

  /** Stores a built-in as a published, tenant-less version unless it is there; true if new. */
  async insertBuiltInIfAbsent(formId: string, version: number, definition: FormDefinition) {
    const text = toJson(definition);
    const at = nowIso();
    const rows = await this.db('form_versions')
      .insert({
        tenant_id: null,
        form_id: formId,
        version,
        status: 'published',
        title_it: definition.title.it,
        title_en: definition.title.en,
        definition: text,
        sha256: sha256(text),
        created_at: at,
        created_by: 'platform',
        published_at: at,
        published_by: 'platform',
      })
      .onConflict(this.db.raw("((coalesce(tenant_id, '')), form_id, version)"))
      .ignore()
      .returning('id');
    return rows.length > 0;
  }

  /** Every version a tenant sees, per form newest first, its own before a built-in. */
  async listVisible(tenantId: string, formId?: string): Promise<FormVersionRecord[]> {
    const q = this.visible(tenantId);
    if (formId) void q.andWhere({ form_id: formId });
    const rows: VersionRow[] = await q.orderBy('id');
    return rows
      .map(toVersion)
      .sort(
        (a, b) =>
          a.formId.localeCompare(b.formId) ||
          b.version - a.version ||
          Number(b.tenantId !== null) - Number(a.tenantId !== null),
      );
  }

  /** One version as the tenant sees it (its own before the built-in of that number). */
  async get(tenantId: string, formId: string, version: number): Promise<FormVersionRecord | null> {
    const rows: VersionRow[] = await this.visible(tenantId).andWhere({
      form_id: formId,
      version,
    });
    const own = rows.find((r) => r.tenant_id !== null) ?? rows[0];
    return own ? toVersion(own) : null;
  }

  async getById(id: string): Promise<FormVersionRecord | null> {
    const row = await this.db<VersionRow>('form_versions').where({ id }).first();
    return row ? toVersion(row) : null;
  }

  async latestPublished(tenantId: string, formId: string): Promise<FormVersionRecord | null> {
    const all = await this.listVisible(tenantId, formId);
    return all.find((v) => v.status === 'published') ?? null;
  }

  /**
   * Saves the tenant's draft of a form: it replaces the open draft, or opens one numbered
   * after every version the tenant sees (a draft of a built-in becomes the tenant's own).
   */
  async saveDraft(
    tenantId: string,
    formId: string,
    definition: FormDefinition,
    by: string,
  ): Promise<FormVersionRecord> {
    const text = toJson(definition);
    const fields = {
      title_it: definition.title.it,
      title_en: definition.title.en,
      definition: text,
      sha256: sha256(text),
      created_at: nowIso(),
      created_by: by,
    };
    return this.db.transaction(async (trx) => {
      const draft = await trx<VersionRow>('form_versions')
        .where({ tenant_id: tenantId, form_id: formId, status: 'draft' })
        .first();
      if (draft) {
        await trx('form_versions').where({ id: draft.id }).update(fields);
        const row = await trx<VersionRow>('form_versions').where({ id: draft.id }).first();
        return toVersion(row!);
      }
      const max = await trx('form_versions')
        .where({ form_id: formId })
        .andWhere((w) => void w.whereNull('tenant_id').orWhere({ tenant_id: tenantId }))
        .max<{ max: number | string | null }>('version as max')
        .first();
      const version = Number(max?.max ?? 0) + 1;
      await trx('form_versions').insert({
        tenant_id: tenantId,
        form_id: formId,
        version,
        status: 'draft',
        ...fields,
      });
      const row = await trx<VersionRow>('form_versions')
        .where({ tenant_id: tenantId, form_id: formId, version })
        .first();
      return toVersion(row!);
    });
  }

  async getDraft(tenantId: string, formId: string): Promise<FormVersionRecord | null> {
    const row = await this.db<VersionRow>('form_versions')
      .where({ tenant_id: tenantId, form_id: formId, status: 'draft' })
      .first();
    return row ? toVersion(row) : null;
  }

  /** The tenant's draft becomes published and immutable. The caller lints it first. */
  async publish(tenantId: string, formId: string, by: string): Promise<FormVersionRecord> {
    const draft = await this.getDraft(tenantId, formId);
    if (!draft) throw new ImmutableVersionError(`${formId} has no draft to publish`);
    const changed = await this.db('form_versions')
      .where({ id: draft.id, status: 'draft' })
      .update({ status: 'published', published_at: nowIso(), published_by: by });
    if (changed === 0) throw new ImmutableVersionError(`${formId} draft was published meanwhile`);
    return (await this.getById(draft.id))!;
  }

  // -------------------------------------------------------------------------------------------
  // Submissions

  /**
   * Stores a submission as pending, once per idempotency key. Returns the stored record and
   * whether this call created it (false: the key was used before, and that record is returned).
   */
  async insertSubmission(
    s: Omit<FormSubmissionRecord, 'id' | 'status' | 'refusal' | 'submittedAt'>,
  ): Promise<{ record: FormSubmissionRecord; created: boolean }> {
    const id = randomUUID();
    const rows = await this.db('form_submissions')
      .insert({
        id,
        tenant_id: s.tenantId,
        idempotency_key: s.idempotencyKey,
        form_version_id: s.formVersionId,
        form_id: s.formId,
        form_version: s.formVersion,
        patient_id: s.patientId,
        enrolment_id: s.enrolmentId,
        work_item_id: s.workItemId,
        author: s.author,
        author_role: s.authorRole,
        status: 'pending',
        refusal: null,
        answers: toJson(s.answers),
        outputs: toJson(s.outputs),
        submitted_at: nowIso(),
      })
      .onConflict(['tenant_id', 'idempotency_key'])
      .ignore()
      .returning('id');
    const record = await this.getSubmissionByKey(s.tenantId, s.idempotencyKey);
    if (!record) throw new Error('submission vanished after insert');
    return { record, created: rows.length > 0 };
  }

  async getSubmissionByKey(tenantId: string, key: string): Promise<FormSubmissionRecord | null> {
    const row = await this.db<SubmissionRow>('form_submissions')
      .where({ tenant_id: tenantId, idempotency_key: key })
      .first();
    return row ? toSubmission(row) : null;
  }

  async getSubmission(tenantId: string, id: string): Promise<FormSubmissionRecord | null> {
    const row = await this.db<SubmissionRow>('form_submissions')
      .where({ tenant_id: tenantId, id })
      .first();
    return row ? toSubmission(row) : null;
  }

  async markSubmission(
    tenantId: string,
    id: string,
    status: SubmissionStatus,
    refusal: string | null = null,
  ): Promise<void> {
    await this.db.transaction(async (trx) => {
      await trx('form_submissions').where({ tenant_id: tenantId, id }).update({ status, refusal });
      if (status !== 'completed') return;
      // A completed questionnaire's scores count in the reports of the day it was submitted.
      const row = await trx('form_submissions')
        .where({ tenant_id: tenantId, id })
        .first<{ submitted_at: unknown } | undefined>('submitted_at');
      if (row) await markReportDays(trx, tenantId, [toIso(row.submitted_at)]);
    });
  }

  async listSubmissions(
    tenantId: string,
    filter: { patientId?: string; workItemId?: string; enrolmentId?: string; limit?: number },
  ): Promise<FormSubmissionRecord[]> {
    const q = this.db<SubmissionRow>('form_submissions').where({ tenant_id: tenantId });
    if (filter.patientId) void q.andWhere({ patient_id: filter.patientId });
    if (filter.workItemId) void q.andWhere({ work_item_id: filter.workItemId });
    if (filter.enrolmentId) void q.andWhere({ enrolment_id: filter.enrolmentId });
    const rows: SubmissionRow[] = await q
      .orderBy('submitted_at', 'desc')
      .limit(filter.limit ?? 200);
    return rows.map(toSubmission);
  }

  // -------------------------------------------------------------------------------------------
  // Drafts of answers

  async saveAnswersDraft(
    tenantId: string,
    username: string,
    workItemId: string,
    answers: Record<string, unknown>,
  ): Promise<string> {
    const at = nowIso();
    await this.db('form_drafts')
      .insert({
        tenant_id: tenantId,
        username,
        work_item_id: workItemId,
        answers: toJson(answers),
        updated_at: at,
      })
      .onConflict(['tenant_id', 'username', 'work_item_id'])
      .merge(['answers', 'updated_at']);
    return at;
  }

  async getAnswersDraft(
    tenantId: string,
    username: string,
    workItemId: string,
  ): Promise<{ answers: Record<string, unknown>; updatedAt: string } | null> {
    const row = await this.db<DraftRow>('form_drafts')
      .where({ tenant_id: tenantId, username, work_item_id: workItemId })
      .first();
    return row
      ? {
          answers: fromJson<Record<string, unknown>>(row.answers),
          updatedAt: toIso(row.updated_at),
        }
      : null;
  }

  async deleteAnswersDraft(tenantId: string, username: string, workItemId: string) {
    await this.db('form_drafts')
      .where({ tenant_id: tenantId, username, work_item_id: workItemId })
      .delete();
  }

  // -------------------------------------------------------------------------------------------
  // Versions pinned by an enrolment

  async getPins(tenantId: string, enrolmentId: string): Promise<Record<string, number>> {
    const row: { form_pins: unknown } | undefined = await this.db('enrolments')
      .where({ tenant_id: tenantId, id: enrolmentId })
      .first('form_pins');
    return row?.form_pins ? fromJson<Record<string, number>>(row.form_pins) : {};
  }

  async setPins(tenantId: string, enrolmentId: string, pins: Record<string, number>) {
    await this.db('enrolments')
      .where({ tenant_id: tenantId, id: enrolmentId })
      .update({ form_pins: toJson(pins) });
  }
}
