import type { Knex } from 'knex';
import type { Db } from '../connection.js';
import { fromJson, toIso, toIsoOrNull, toJson } from '../rows.js';

/**
 * The embedded FSE 2.0 gateway's index (migration 010): validations, documents by
 * identificativoDoc and transaction events. Every change of a document is written with its
 * events in one transaction, so the status services never tell of a change that did not
 * happen. Conflicts are decided by the primary key, so two concurrent publications of one
 * identificativoDoc cannot both succeed.
 */

export type FseDocumentStatus = 'published' | 'replaced' | 'deleted';

export interface FseGatewayDocument {
  idDoc: string;
  status: FseDocumentStatus;
  cdaSha256: string;
  pdfSha256: string;
  /** LOINC code of the CDA. */
  documentType: string;
  cdaType: string | null;
  /** The patient's identifier (codice fiscale) from the CDA's recordTarget. */
  patientId: string;
  metadata: Record<string, unknown>;
  workflowInstanceId: string;
  replaces: string | null;
  replacedBy: string | null;
  issuer: string;
  organizationId: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export type NewFseGatewayDocument = Omit<
  FseGatewayDocument,
  'status' | 'replaces' | 'replacedBy' | 'createdAt' | 'updatedAt' | 'deletedAt'
>;

export interface FseGatewayValidation {
  workflowInstanceId: string;
  cdaHash: string;
  traceId: string;
  issuer: string;
  createdAt: string;
}

export interface FseGatewayEvent {
  workflowInstanceId: string;
  traceId: string;
  eventType: string;
  eventStatus: 'SUCCESS' | 'BLOCKING_ERROR';
  message: string | null;
  idDoc: string | null;
  subject: string | null;
  subjectRole: string | null;
  tipoAttivita: string | null;
  organizationId: string | null;
  issuer: string | null;
  eventDate: string;
  expiringDate: string;
}

export type FseChange<T> =
  | { ok: true; value: T }
  | { ok: false; reason: 'not-found' | 'duplicate' | 'not-active'; current?: FseGatewayDocument };

interface DocumentRow {
  id_doc: string;
  status: FseDocumentStatus;
  cda_sha256: string;
  pdf_sha256: string;
  document_type: string;
  cda_type: string | null;
  patient_id: string;
  metadata: unknown;
  workflow_instance_id: string;
  replaces: string | null;
  replaced_by: string | null;
  issuer: string;
  organization_id: string;
  created_at: unknown;
  updated_at: unknown;
  deleted_at: unknown;
}

interface EventRow {
  workflow_instance_id: string;
  trace_id: string;
  event_type: string;
  event_status: 'SUCCESS' | 'BLOCKING_ERROR';
  message: string | null;
  id_doc: string | null;
  subject: string | null;
  subject_role: string | null;
  tipo_attivita: string | null;
  organization_id: string | null;
  issuer: string | null;
  event_date: unknown;
  expiring_date: unknown;
}

function documentOf(r: DocumentRow): FseGatewayDocument {
  return {
    idDoc: r.id_doc,
    status: r.status,
    cdaSha256: r.cda_sha256,
    pdfSha256: r.pdf_sha256,
    documentType: r.document_type,
    cdaType: r.cda_type,
    patientId: r.patient_id,
    metadata: fromJson<Record<string, unknown>>(r.metadata),
    workflowInstanceId: r.workflow_instance_id,
    replaces: r.replaces,
    replacedBy: r.replaced_by,
    issuer: r.issuer,
    organizationId: r.organization_id,
    createdAt: toIso(r.created_at),
    updatedAt: toIso(r.updated_at),
    deletedAt: toIsoOrNull(r.deleted_at),
  };
}

function eventOf(r: EventRow): FseGatewayEvent {
  return {
    workflowInstanceId: r.workflow_instance_id,
    traceId: r.trace_id,
    eventType: r.event_type,
    eventStatus: r.event_status,
    message: r.message,
    idDoc: r.id_doc,
    subject: r.subject,
    subjectRole: r.subject_role,
    tipoAttivita: r.tipo_attivita,
    organizationId: r.organization_id,
    issuer: r.issuer,
    eventDate: toIso(r.event_date),
    expiringDate: toIso(r.expiring_date),
  };
}

function eventRow(e: FseGatewayEvent): EventRow {
  return {
    workflow_instance_id: e.workflowInstanceId,
    trace_id: e.traceId,
    event_type: e.eventType,
    event_status: e.eventStatus,
    message: e.message,
    id_doc: e.idDoc,
    subject: e.subject,
    subject_role: e.subjectRole,
    tipo_attivita: e.tipoAttivita,
    organization_id: e.organizationId,
    issuer: e.issuer,
    event_date: e.eventDate,
    expiring_date: e.expiringDate,
  };
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return (
    e.code === '23505' ||
    e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    /unique|duplicate/i.test(String(e.message))
  );
}

export class FseGatewayStore {
  constructor(private readonly db: Db) {}

  /** Answers when the database does (the gateway's health check). */
  async ping(): Promise<void> {
    await this.db.raw('select 1');
  }

  async appendEvents(events: FseGatewayEvent[], trx: Knex = this.db): Promise<void> {
    if (events.length) await trx('fse_gateway_events').insert(events.map(eventRow));
  }

  /** A CDA validated for publication (activity VALIDATION), with its event. */
  async recordValidation(v: FseGatewayValidation, events: FseGatewayEvent[]): Promise<void> {
    await this.db.transaction(async (trx) => {
      await trx('fse_gateway_validations').insert({
        workflow_instance_id: v.workflowInstanceId,
        cda_hash: v.cdaHash,
        trace_id: v.traceId,
        issuer: v.issuer,
        created_at: v.createdAt,
      });
      await this.appendEvents(events, trx);
    });
  }

  /**
   * The validation a publication refers to: by its workflowInstanceId when the request names
   * one (it must be of the same CDA), else the latest validation of the CDA.
   */
  async findValidation(
    cdaHash: string,
    workflowInstanceId: string | null,
  ): Promise<FseGatewayValidation | null> {
    let query = this.db('fse_gateway_validations').where({ cda_hash: cdaHash });
    if (workflowInstanceId) query = query.andWhere({ workflow_instance_id: workflowInstanceId });
    const row = (await query.orderBy('created_at', 'desc').first()) as
      | {
          workflow_instance_id: string;
          cda_hash: string;
          trace_id: string;
          issuer: string;
          created_at: unknown;
        }
      | undefined;
    return row
      ? {
          workflowInstanceId: row.workflow_instance_id,
          cdaHash: row.cda_hash,
          traceId: row.trace_id,
          issuer: row.issuer,
          createdAt: toIso(row.created_at),
        }
      : null;
  }

  async getDocument(idDoc: string): Promise<FseGatewayDocument | null> {
    const row = (await this.db('fse_gateway_documents').where({ id_doc: idDoc }).first()) as
      DocumentRow | undefined;
    return row ? documentOf(row) : null;
  }

  /** Indexes a new document; a second publication of the same identificativoDoc is a duplicate. */
  async publish(
    doc: NewFseGatewayDocument,
    at: string,
    events: FseGatewayEvent[],
  ): Promise<FseChange<FseGatewayDocument>> {
    try {
      await this.db.transaction(async (trx) => {
        await this.insertDocument(trx, doc, at, null);
        await this.appendEvents(events, trx);
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const current = await this.getDocument(doc.idDoc);
      return { ok: false, reason: 'duplicate', ...(current ? { current } : {}) };
    }
    return { ok: true, value: (await this.getDocument(doc.idDoc))! };
  }

  /**
   * Replaces the published `idDoc` with `doc` (a new identificativoDoc, as in XDS): the old
   * one is marked replaced and points to the new one, which points back.
   */
  async replace(
    idDoc: string,
    doc: NewFseGatewayDocument,
    at: string,
    events: FseGatewayEvent[],
  ): Promise<FseChange<{ previous: FseGatewayDocument; document: FseGatewayDocument }>> {
    const current = await this.getDocument(idDoc);
    if (!current || current.status === 'deleted') return { ok: false, reason: 'not-found' };
    if (current.status !== 'published') return { ok: false, reason: 'not-active', current };
    if (doc.idDoc === idDoc || (await this.getDocument(doc.idDoc))) {
      return { ok: false, reason: 'duplicate', current };
    }
    let changed = 0;
    try {
      await this.db.transaction(async (trx) => {
        changed = await trx('fse_gateway_documents')
          .where({ id_doc: idDoc, status: 'published' })
          .update({ status: 'replaced', replaced_by: doc.idDoc, updated_at: at });
        // Someone else replaced or deleted it meanwhile: nothing of this request is written.
        if (changed !== 1) return;
        await this.insertDocument(trx, doc, at, idDoc);
        await this.appendEvents(events, trx);
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      return { ok: false, reason: 'duplicate', current };
    }
    if (changed !== 1) {
      const now = await this.getDocument(idDoc);
      return now && now.status !== 'deleted'
        ? { ok: false, reason: 'not-active', current: now }
        : { ok: false, reason: 'not-found' };
    }
    return {
      ok: true,
      value: {
        previous: (await this.getDocument(idDoc))!,
        document: (await this.getDocument(doc.idDoc))!,
      },
    };
  }

  /** Marks a published document deleted (its row stays, for the status services). */
  async delete(
    idDoc: string,
    at: string,
    events: FseGatewayEvent[],
  ): Promise<FseChange<FseGatewayDocument>> {
    let changed = 0;
    await this.db.transaction(async (trx) => {
      changed = await trx('fse_gateway_documents')
        .where({ id_doc: idDoc, status: 'published' })
        .update({ status: 'deleted', deleted_at: at, updated_at: at });
      if (changed === 1) await this.appendEvents(events, trx);
    });
    const doc = await this.getDocument(idDoc);
    if (changed === 1) return { ok: true, value: doc! };
    return doc && doc.status === 'replaced'
      ? { ok: false, reason: 'not-active', current: doc }
      : { ok: false, reason: 'not-found' };
  }

  /** Merges metadata into a published document's (ITI-57 update). */
  async updateMetadata(
    idDoc: string,
    metadata: Record<string, unknown>,
    at: string,
    events: FseGatewayEvent[],
  ): Promise<FseChange<FseGatewayDocument>> {
    let result: FseChange<FseGatewayDocument> = { ok: false, reason: 'not-found' };
    await this.db.transaction(async (trx) => {
      const row = (await trx('fse_gateway_documents').where({ id_doc: idDoc }).first()) as
        DocumentRow | undefined;
      if (!row || row.status === 'deleted') return;
      const current = documentOf(row);
      if (current.status !== 'published') {
        result = { ok: false, reason: 'not-active', current };
        return;
      }
      const changed = await trx('fse_gateway_documents')
        .where({ id_doc: idDoc, status: 'published', updated_at: row.updated_at as string })
        .update({ metadata: toJson({ ...current.metadata, ...metadata }), updated_at: at });
      if (changed !== 1) {
        result = { ok: false, reason: 'not-active', current };
        return;
      }
      await this.appendEvents(events, trx);
      result = { ok: true, value: current };
    });
    if (!result.ok) return result;
    return { ok: true, value: (await this.getDocument(idDoc))! };
  }

  async eventsByWorkflow(workflowInstanceId: string): Promise<FseGatewayEvent[]> {
    const rows = (await this.db('fse_gateway_events')
      .where({ workflow_instance_id: workflowInstanceId })
      .orderBy('id')) as EventRow[];
    return rows.map(eventOf);
  }

  async eventsByTrace(traceId: string): Promise<FseGatewayEvent[]> {
    const rows = (await this.db('fse_gateway_events')
      .where({ trace_id: traceId })
      .orderBy('id')) as EventRow[];
    return rows.map(eventOf);
  }

  private async insertDocument(
    trx: Knex,
    doc: NewFseGatewayDocument,
    at: string,
    replaces: string | null,
  ): Promise<void> {
    await trx('fse_gateway_documents').insert({
      id_doc: doc.idDoc,
      status: 'published',
      cda_sha256: doc.cdaSha256,
      pdf_sha256: doc.pdfSha256,
      document_type: doc.documentType,
      cda_type: doc.cdaType,
      patient_id: doc.patientId,
      metadata: toJson(doc.metadata),
      workflow_instance_id: doc.workflowInstanceId,
      replaces,
      replaced_by: null,
      issuer: doc.issuer,
      organization_id: doc.organizationId,
      created_at: at,
      updated_at: at,
      deleted_at: null,
    });
  }
}
