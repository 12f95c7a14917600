import { ApplicationFailure, Context } from '@temporalio/activity';
import type { ClinicalDocumentRecord } from '../../db/stores/document-store.js';
import type { Stores } from '../../db/stores/index.js';
import type { Logger } from '../../platform/logger.js';
import type { CdaType } from '../../templates/conformance/cda-conformance.js';
import type { DocumentSettings } from '../../templates/documents/settings.js';
import type { FseGatewayClient } from '../fse/gateway-client.js';
import type { FseRequestContext, PublicationMetadata } from '../fse/gateway-contract.js';
import {
  FseGatewayRejection,
  FseGatewayUnavailable,
  FseRequestInvalid,
  toActivityFailure,
} from '../fse/gateway-errors.js';

export interface PublicationOutcome {
  status: 'published' | 'withdrawn' | 'rejected' | 'skipped';
  detail: string | null;
}

export interface FsePublicationDeps {
  stores: Stores;
  logger: Logger;
  /** The gateway client; absent: publication is not configured in this process. */
  fse?: FseGatewayClient;
}

/** Kind of clinical activity (tipoAttivitaClinica) behind each document type. */
const activityOf: Record<CdaType, PublicationMetadata['tipoAttivitaClinica']> = {
  'referto-televisita': 'ERP',
  'relazione-teleconsulto': 'CON',
  'relazione-teleassistenza': 'ERP',
  rsa: 'ERP',
};

interface StoredHeader {
  author?: { clinician?: { fiscalCode?: string } };
  encounter?: { start?: string; end?: string };
}

/** The header as the model stored it (nested in the CDA types). */
function headerOf(model: unknown): StoredHeader {
  const m = model as { header?: StoredHeader } & StoredHeader;
  return m.header ?? m;
}

/**
 * The FSE side of the document repository: publication (a creation, or a replacement of the
 * published previous version) and withdrawal, each through the gateway client, with the
 * outcome and every failed attempt recorded on the document for the people who wait for it.
 */
export function createDocumentActivities(deps: FsePublicationDeps) {
  const { stores, logger } = deps;

  async function load(documentId: string) {
    const doc = await stores.documents.getById(documentId);
    if (!doc)
      throw ApplicationFailure.nonRetryable(`document ${documentId} not found`, 'DocumentNotFound');
    const content = await stores.documents.content(doc.tenantId, doc.id);
    const settings = await stores.tenants.getDocumentSettings(doc.tenantId);
    const patient = await stores.patients.get(doc.tenantId, doc.patientId);
    if (!content || !settings || !patient) {
      throw ApplicationFailure.nonRetryable(
        `document ${documentId}: content, organisation settings or patient missing`,
        'DocumentNotFound',
      );
    }
    return { doc, content, settings, patient };
  }

  function client(): FseGatewayClient {
    if (!deps.fse)
      throw ApplicationFailure.retryable('FSE gateway client not configured', 'FseNotConfigured');
    return deps.fse;
  }

  function contextFor(
    doc: ClinicalDocumentRecord,
    model: unknown,
    settings: DocumentSettings,
    patientCf: string,
  ): FseRequestContext {
    const authorCf = headerOf(model).author?.clinician?.fiscalCode;
    if (!authorCf)
      throw ApplicationFailure.nonRetryable('the document names no author', 'FseRequestInvalid');
    return {
      author: { codiceFiscale: authorCf, role: 'AAS' },
      patient: { codiceFiscale: patientCf },
      organizationId: settings.fse.regionCode as FseRequestContext['organizationId'],
      facility: { name: settings.facility.name, code: settings.facility.code },
      documentType: doc.type,
    };
  }

  function metadataFor(
    doc: ClinicalDocumentRecord,
    model: unknown,
    settings: DocumentSettings,
  ): PublicationMetadata {
    const encounter = headerOf(model).encounter;
    return {
      tipologiaStruttura: settings.fse.tipologiaStruttura,
      tipoDocumentoLivAlto: 'REF',
      assettoOrganizzativo: settings.fse
        .assettoOrganizzativo as PublicationMetadata['assettoOrganizzativo'],
      tipoAttivitaClinica: activityOf[doc.type as CdaType] ?? 'ERP',
      identificativoDoc: doc.cdaId,
      identificativoRep: settings.fse.identificativoRep,
      identificativoSottomissione: `${settings.documentIdRoot}^${doc.id}`,
      ...(encounter?.start ? { dataInizioPrestazione: new Date(encounter.start) } : {}),
      ...(encounter?.end ? { dataFinePrestazione: new Date(encounter.end) } : {}),
      administrativeRequest: ['SSN'],
    };
  }

  /** Records why an attempt failed, then lets Temporal decide (retry, or stop on a refusal). */
  async function failed(
    doc: ClinicalDocumentRecord,
    err: unknown,
    what: string,
  ): Promise<PublicationOutcome> {
    if (err instanceof FseGatewayRejection || err instanceof FseRequestInvalid) {
      const detail =
        err instanceof FseGatewayRejection
          ? `${what}: il gateway FSE ha rifiutato (${err.status}) — ${err.detail ?? err.title ?? err.message}`
          : `${what}: richiesta non valida — ${err.message}`;
      logger.warn(
        { tenantId: doc.tenantId, documentId: doc.id, err: err.message },
        'FSE refused the document',
      );
      return { status: 'rejected', detail };
    }
    const attempt = Context.current().info.attempt;
    const reason =
      err instanceof FseGatewayUnavailable ? err.message : String((err as Error)?.message ?? err);
    await stores.documents.setFseState(doc.id, {
      status: doc.fse.status === 'withdrawing' ? 'withdrawing' : 'pending',
      detail: `${what}: gateway FSE non raggiungibile (tentativo ${attempt}: ${reason}); nuovo tentativo automatico`,
    });
    throw toActivityFailure(err);
  }

  return {
    /**
     * Sends a stored document to the FSE: validation (VALIDATION), then creation, or the
     * replacement of the previous version when that one is in the FSE. Repeatable: a document
     * already published is not sent again, and a 409 for our own identifier (an answer lost
     * on an earlier attempt) counts as published.
     */
    async publishDocumentToFse(input: { documentId: string }): Promise<PublicationOutcome> {
      const { doc, content, settings, patient } = await load(input.documentId);
      if (doc.fse.status === 'published') return { status: 'published', detail: doc.fse.detail };
      if (doc.fse.status === 'not-applicable' || !content.cdaXml)
        return { status: 'skipped', detail: null };
      const fse = client();
      const context = contextFor(doc, content.model, settings, patient.codiceFiscale);
      const metadata = metadataFor(doc, content.model, settings);
      const previous = doc.replacesId
        ? await stores.documents.get(doc.tenantId, doc.replacesId)
        : null;
      const replacing =
        previous && (previous.fse.status === 'published' || previous.fse.status === 'replaced');
      try {
        const validation = await fse.validate({
          pdf: content.pdf,
          context,
          activity: 'VALIDATION',
        });
        const result = replacing
          ? await fse.replace(previous.cdaId, {
              pdf: content.pdf,
              context,
              metadata,
              workflowInstanceId: validation.workflowInstanceId,
            })
          : await fse.publish({
              pdf: content.pdf,
              context,
              metadata,
              workflowInstanceId: validation.workflowInstanceId,
            });
        const warning = result.warning ?? validation.warning;
        await stores.documents.setFseState(doc.id, {
          status: 'published',
          detail: replacing
            ? `Sostituisce nel FSE la versione ${previous.version}${warning ? ` — avviso: ${warning}` : ''}`
            : warning
              ? `Avviso del gateway: ${warning}`
              : null,
          traceId: result.traceId,
          workflowInstanceId: result.workflowInstanceId,
        });
        if (replacing) await stores.documents.setFseState(previous.id, { status: 'replaced' });
        logger.info(
          { tenantId: doc.tenantId, documentId: doc.id, replacing: !!replacing },
          'document published to the FSE',
        );
        return { status: 'published', detail: null };
      } catch (err) {
        if (err instanceof FseGatewayRejection && err.status === 409) {
          await stores.documents.setFseState(doc.id, {
            status: 'published',
            detail: 'Già presente nel FSE (la risposta a un tentativo precedente era andata persa)',
          });
          return { status: 'published', detail: null };
        }
        const outcome = await failed(doc, err, replacing ? 'Sostituzione' : 'Pubblicazione');
        await stores.documents.setFseState(doc.id, { status: 'rejected', detail: outcome.detail });
        return outcome;
      }
    },

    /** Deletes a document from the FSE; a 404 (already gone) counts as withdrawn. */
    async withdrawDocumentFromFse(input: { documentId: string }): Promise<PublicationOutcome> {
      const { doc, content, settings, patient } = await load(input.documentId);
      if (doc.fse.status === 'withdrawn') return { status: 'withdrawn', detail: doc.fse.detail };
      const reason = doc.fse.detail;
      try {
        const result = await client().delete(doc.cdaId, {
          context: contextFor(doc, content.model, settings, patient.codiceFiscale),
        });
        await stores.documents.setFseState(doc.id, {
          status: 'withdrawn',
          detail: reason,
          traceId: result.traceId,
          workflowInstanceId: result.workflowInstanceId,
        });
      } catch (err) {
        if (!(err instanceof FseGatewayRejection && err.status === 404)) {
          const outcome = await failed(doc, err, 'Ritiro');
          // Refused: the document stays as it was in the FSE, with the refusal shown.
          await stores.documents.setFseState(doc.id, {
            status: 'published',
            detail: outcome.detail,
          });
          return outcome;
        }
        await stores.documents.setFseState(doc.id, { status: 'withdrawn', detail: reason });
      }
      await stores.documents.setStatus(doc.id, 'withdrawn');
      logger.info(
        { tenantId: doc.tenantId, documentId: doc.id },
        'document withdrawn from the FSE',
      );
      return { status: 'withdrawn', detail: reason };
    },
  };
}
