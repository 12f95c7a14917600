import { randomUUID } from 'node:crypto';
import { sha256Hex } from '../../platform/hashing.js';
import type { Db } from '../connection.js';
import { fromJson, nowIso, toIso, toIsoOrNull, toJson } from '../rows.js';

export type DocumentStatus = 'current' | 'superseded' | 'withdrawn';
export type FseStatus =
  | 'not-applicable'
  | 'pending'
  | 'published'
  | 'rejected'
  | 'replaced'
  | 'withdrawing'
  | 'withdrawn';

export interface ConformanceSummary {
  schematron: string;
  assertionsChecked: number;
  warnings: { id: string; message: string }[];
}

export interface NewClinicalDocument {
  tenantId: string;
  patientId: string;
  enrolmentId: string | null;
  type: string;
  title: string;
  cdaId: string;
  setId: string;
  version: number;
  replacesId: string | null;
  model: unknown;
  cdaXml: string | null;
  pdf: Buffer;
  conformance: ConformanceSummary | null;
  authorUsername: string;
  authorName: string;
  authorRole: string;
  source: string | null;
  idempotencyKey: string | null;
}

export interface ClinicalDocumentRecord {
  id: string;
  tenantId: string;
  patientId: string;
  enrolmentId: string | null;
  type: string;
  title: string;
  cdaId: string;
  setId: string;
  version: number;
  replacesId: string | null;
  status: DocumentStatus;
  cdaSha256: string | null;
  pdfSha256: string;
  pdfBytes: number;
  conformance: ConformanceSummary | null;
  authorUsername: string;
  authorName: string;
  authorRole: string;
  source: string | null;
  createdAt: string;
  fse: {
    status: FseStatus;
    detail: string | null;
    traceId: string | null;
    workflowInstanceId: string | null;
    updatedAt: string | null;
  };
}

interface DocumentRow {
  id: string;
  tenant_id: string;
  patient_id: string;
  enrolment_id: string | null;
  type: string;
  title: string;
  cda_id: string;
  set_id: string;
  version: number;
  replaces_id: string | null;
  status: DocumentStatus;
  cda_sha256: string | null;
  pdf_sha256: string;
  pdf_bytes: number;
  conformance: unknown;
  author_username: string;
  author_name: string;
  author_role: string;
  source: string | null;
  created_at: unknown;
  fse_status: FseStatus;
  fse_detail: string | null;
  fse_trace_id: string | null;
  fse_workflow_instance_id: string | null;
  fse_updated_at: unknown;
}

/** Columns of a listing: everything but the content (model, XML, PDF). */
const listColumns = [
  'id',
  'tenant_id',
  'patient_id',
  'enrolment_id',
  'type',
  'title',
  'cda_id',
  'set_id',
  'version',
  'replaces_id',
  'status',
  'cda_sha256',
  'pdf_sha256',
  'pdf_bytes',
  'conformance',
  'author_username',
  'author_name',
  'author_role',
  'source',
  'created_at',
  'fse_status',
  'fse_detail',
  'fse_trace_id',
  'fse_workflow_instance_id',
  'fse_updated_at',
];

const toRecord = (r: DocumentRow): ClinicalDocumentRecord => ({
  id: r.id,
  tenantId: r.tenant_id,
  patientId: r.patient_id,
  enrolmentId: r.enrolment_id,
  type: r.type,
  title: r.title,
  cdaId: r.cda_id,
  setId: r.set_id,
  version: Number(r.version),
  replacesId: r.replaces_id,
  status: r.status,
  cdaSha256: r.cda_sha256,
  pdfSha256: r.pdf_sha256,
  pdfBytes: Number(r.pdf_bytes),
  conformance: r.conformance ? fromJson<ConformanceSummary>(r.conformance) : null,
  authorUsername: r.author_username,
  authorName: r.author_name,
  authorRole: r.author_role,
  source: r.source,
  createdAt: toIso(r.created_at),
  fse: {
    status: r.fse_status,
    detail: r.fse_detail,
    traceId: r.fse_trace_id,
    workflowInstanceId: r.fse_workflow_instance_id,
    updatedAt: toIsoOrNull(r.fse_updated_at),
  },
});

export class DocumentVersionConflict extends Error {
  override name = 'DocumentVersionConflict';
}

/** The document repository: immutable versions, chained by set, with their FSE state. */
export class DocumentStore {
  constructor(private readonly db: Db) {}

  private listing() {
    return this.db('clinical_documents').select(listColumns);
  }

  /**
   * Stores a new version. A replacement (replacesId set) marks its predecessor superseded in
   * the same transaction; the predecessor must be the current version of the same set.
   * With an idempotency key already used, returns the document stored then.
   */
  async insert(
    d: NewClinicalDocument,
  ): Promise<{ document: ClinicalDocumentRecord; created: boolean }> {
    if (d.idempotencyKey) {
      const existing = await this.findByIdempotencyKey(d.tenantId, d.idempotencyKey);
      if (existing) return { document: existing, created: false };
    }
    const id = randomUUID();
    const cdaSha = d.cdaXml === null ? null : sha256Hex(d.cdaXml);
    try {
      await this.db.transaction(async (trx) => {
        if (d.replacesId) {
          const updated = await trx('clinical_documents')
            .where({ tenant_id: d.tenantId, id: d.replacesId, set_id: d.setId, status: 'current' })
            .update({ status: 'superseded' });
          if (updated !== 1) {
            throw new DocumentVersionConflict(
              `document ${d.replacesId} is not the current version of its set`,
            );
          }
        }
        await trx('clinical_documents').insert({
          id,
          tenant_id: d.tenantId,
          patient_id: d.patientId,
          enrolment_id: d.enrolmentId,
          type: d.type,
          title: d.title,
          cda_id: d.cdaId,
          set_id: d.setId,
          version: d.version,
          replaces_id: d.replacesId,
          status: 'current',
          model: toJson(d.model),
          cda_xml: d.cdaXml,
          cda_sha256: cdaSha,
          pdf: d.pdf,
          pdf_sha256: sha256Hex(d.pdf),
          pdf_bytes: d.pdf.length,
          conformance: d.conformance ? toJson(d.conformance) : null,
          author_username: d.authorUsername,
          author_name: d.authorName,
          author_role: d.authorRole,
          source: d.source,
          idempotency_key: d.idempotencyKey,
          created_at: nowIso(),
          fse_status: d.cdaXml === null ? 'not-applicable' : 'pending',
        });
      });
    } catch (err) {
      // A concurrent request with the same key won the race: return its document.
      if (d.idempotencyKey && !(err instanceof DocumentVersionConflict)) {
        const existing = await this.findByIdempotencyKey(d.tenantId, d.idempotencyKey);
        if (existing) return { document: existing, created: false };
      }
      if (!(err instanceof DocumentVersionConflict) && /unique|duplicate/i.test(String(err))) {
        throw new DocumentVersionConflict(`version ${d.version} of ${d.setId} already exists`);
      }
      throw err;
    }
    const document = await this.get(d.tenantId, id);
    if (!document) throw new Error('document vanished after insert');
    return { document, created: true };
  }

  async get(tenantId: string, id: string): Promise<ClinicalDocumentRecord | null> {
    const row = (await this.listing().where({ tenant_id: tenantId, id }).first()) as
      DocumentRow | undefined;
    return row ? toRecord(row) : null;
  }

  /** For workers, which act on a document id without a request's tenant. */
  async getById(id: string): Promise<ClinicalDocumentRecord | null> {
    const row = (await this.listing().where({ id }).first()) as DocumentRow | undefined;
    return row ? toRecord(row) : null;
  }

  async findByIdempotencyKey(
    tenantId: string,
    key: string,
  ): Promise<ClinicalDocumentRecord | null> {
    const row = (await this.listing()
      .where({ tenant_id: tenantId, idempotency_key: key })
      .first()) as DocumentRow | undefined;
    return row ? toRecord(row) : null;
  }

  /** A patient's documents, newest first; superseded versions included (the chain is history). */
  async listForPatient(tenantId: string, patientId: string): Promise<ClinicalDocumentRecord[]> {
    const rows = (await this.listing()
      .where({ tenant_id: tenantId, patient_id: patientId })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'version', order: 'desc' },
      ])) as DocumentRow[];
    return rows.map(toRecord);
  }

  async content(
    tenantId: string,
    id: string,
  ): Promise<{ model: unknown; cdaXml: string | null; pdf: Buffer } | null> {
    const row = (await this.db('clinical_documents')
      .select('model', 'cda_xml', 'pdf')
      .where({ tenant_id: tenantId, id })
      .first()) as { model: unknown; cda_xml: string | null; pdf: Buffer | Uint8Array } | undefined;
    if (!row) return null;
    return { model: fromJson(row.model), cdaXml: row.cda_xml, pdf: Buffer.from(row.pdf) };
  }

  async setFseState(
    id: string,
    state: {
      status: FseStatus;
      detail?: string | null;
      traceId?: string | null;
      workflowInstanceId?: string | null;
    },
  ): Promise<void> {
    await this.db('clinical_documents')
      .where({ id })
      .update({
        fse_status: state.status,
        ...(state.detail !== undefined ? { fse_detail: state.detail } : {}),
        ...(state.traceId !== undefined ? { fse_trace_id: state.traceId } : {}),
        ...(state.workflowInstanceId !== undefined
          ? { fse_workflow_instance_id: state.workflowInstanceId }
          : {}),
        fse_updated_at: nowIso(),
      });
  }

  async setStatus(id: string, status: DocumentStatus): Promise<void> {
    await this.db('clinical_documents').where({ id }).update({ status });
  }
}
