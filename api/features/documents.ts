import { z } from 'zod';
import type { ClinicalDocumentRecord } from '../../db/stores/document-store.js';
import type { Stores } from '../../db/stores/index.js';
import {
  isValidCodiceFiscale,
  normaliseCodiceFiscale,
} from '../../platform/identity/codice-fiscale.js';
import { ConflictError, InputError, NotFoundError } from '../../platform/errors.js';
import { clinicalRoles } from '../../platform/roles.js';
import { cdaTypes } from '../../templates/conformance/cda-conformance.js';
import { documentTypeSpecs } from '../../templates/documents/registry.js';
import { documentHeader } from '../../templates/documents/header.js';
import { documentSettings } from '../../templates/documents/settings.js';
import type { Identity } from '../auth/session.js';
import { defineRoute, type AuditInput } from '../route.js';
import {
  newDocumentBody,
  telemonitoringSummaryBody,
  type DocumentService,
} from './document-service.js';
import type { EnrolmentService } from './enrolment-service.js';
import { idParams, listOf } from './dto.js';
import { loadPatientAudited } from './patient-access.js';

export const documentDto = z.object({
  id: z.string(),
  patientId: z.string(),
  enrolmentId: z.string().nullable(),
  type: z.string(),
  title: z.string(),
  cdaId: z.string(),
  setId: z.string(),
  version: z.number(),
  replacesId: z.string().nullable(),
  status: z.enum(['current', 'superseded', 'withdrawn']),
  cdaSha256: z.string().nullable(),
  pdfSha256: z.string(),
  pdfBytes: z.number(),
  conformance: z
    .object({
      schematron: z.string(),
      assertionsChecked: z.number(),
      warnings: z.array(z.object({ id: z.string(), message: z.string() })),
    })
    .nullable(),
  author: z.string(),
  authorName: z.string(),
  createdAt: z.string(),
  fse: z.object({
    status: z.string(),
    detail: z.string().nullable(),
    traceId: z.string().nullable(),
    workflowInstanceId: z.string().nullable(),
    updatedAt: z.string().nullable(),
  }),
  pdfUrl: z.string(),
  cdaUrl: z.string().nullable(),
});

const toDto = (d: ClinicalDocumentRecord): z.infer<typeof documentDto> => ({
  id: d.id,
  patientId: d.patientId,
  enrolmentId: d.enrolmentId,
  type: d.type,
  title: d.title,
  cdaId: d.cdaId,
  setId: d.setId,
  version: d.version,
  replacesId: d.replacesId,
  status: d.status,
  cdaSha256: d.cdaSha256,
  pdfSha256: d.pdfSha256,
  pdfBytes: d.pdfBytes,
  conformance: d.conformance,
  author: d.authorUsername,
  authorName: d.authorName,
  createdAt: d.createdAt,
  fse: d.fse,
  pdfUrl: `/api/documents/${d.id}/pdf`,
  cdaUrl: d.cdaSha256 ? `/api/documents/${d.id}/cda` : null,
});

const docParams = z.object({ documentId: z.uuid('must be a UUID') });

/**
 * Loads a document the caller may see: clinicians of its tenant, or the patient it is about.
 * Every attempt is audited, refused ones included; another tenant's document is "not found".
 */
async function loadDocumentAudited(
  stores: Stores,
  identity: Identity,
  documentId: string,
  audit: (e: AuditInput) => Promise<void>,
  action: string,
): Promise<ClinicalDocumentRecord> {
  const doc = await stores.documents.get(identity.tenantId, documentId);
  const visible =
    doc &&
    (identity.role !== 'patient' ||
      (identity.patientId !== null && identity.patientId === doc.patientId));
  if (!doc || !visible) {
    await audit({
      action,
      resourceType: 'DocumentReference',
      resourceId: documentId,
      outcome: 'not-found',
    });
    throw new NotFoundError(`document ${documentId} not found`);
  }
  await audit({
    action,
    resourceType: 'DocumentReference',
    resourceId: doc.id,
    patientId: doc.patientId,
  });
  return doc;
}

/** The header the records provide: nested as `header` in the CDA types, flat in older shapes. */
const headerKeys = new Set(['header', ...Object.keys(documentHeader.shape)]);

/** The JSON Schema of a model's content: its properties other than the header's. */
export function contentSchema(model: z.ZodType): Record<string, unknown> {
  const full = z.toJSONSchema(model, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, unknown>;
    required?: string[];
  } & Record<string, unknown>;
  const properties = Object.fromEntries(
    Object.entries(full.properties ?? {}).filter(([k]) => !headerKeys.has(k)),
  );
  return {
    ...full,
    properties,
    required: (full.required ?? []).filter((k) => !headerKeys.has(k)),
  };
}

const readers = [...clinicalRoles, 'patient'] as const;

const fileName = (d: ClinicalDocumentRecord, ext: string) =>
  `${d.type}-${d.createdAt.slice(0, 10)}-v${d.version}.${ext}`;

export function documentRoutes(deps: {
  stores: Stores;
  documents: DocumentService;
  enrolments: EnrolmentService;
}) {
  const { stores, documents } = deps;
  return [
    defineRoute({
      method: 'get',
      path: '/document-types',
      summary: 'The clinical document types, their FSE template and how many samples they carry',
      tags: ['documents'],
      access: { roles: ['designer', 'doctor', 'nurse', 'admin'] },
      async handler() {
        const items = documentTypeSpecs().map((s) => ({
          type: s.type,
          title: s.title,
          /** FSE types are written by a doctor; the summary is generated from an enrolment. */
          authoring: s.cda ? ('form' as const) : ('generated' as const),
          cda: s.cda
            ? {
                templateId: cdaTypes[s.cda].templateId,
                loinc: cdaTypes[s.cda].loinc,
                schematron: cdaTypes[s.cda].schematron,
              }
            : null,
          samples: s.samples().length,
        }));
        return { body: { items } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/document-types/:type/samples',
      summary: "A type's sample data (the designer preview starts from the first)",
      tags: ['documents'],
      access: { roles: ['designer', 'doctor', 'admin'] },
      params: z.object({ type: z.string() }),
      async handler({ params }) {
        return { body: { items: documents.spec(params.type).samples() } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/document-types/:type/content-schema',
      summary:
        "JSON Schema of a type's clinical content (the model without the header the records provide)",
      tags: ['documents'],
      access: { roles: ['designer', 'doctor', 'admin'] },
      params: z.object({ type: z.string() }),
      async handler({ params }) {
        const spec = documents.spec(params.type);
        return { body: { type: spec.type, title: spec.title, schema: contentSchema(spec.model) } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/document-types/:type/preview',
      summary:
        'Renders a type from sample or edited data: the PDF, the CDA and its conformance report',
      tags: ['documents'],
      access: { roles: ['designer', 'doctor', 'admin'] },
      params: z.object({ type: z.string() }),
      body: z.object({ data: z.unknown() }),
      async handler({ identity, params, body }) {
        const started = performance.now();
        const r = await documents.preview(identity, params.type, body.data);
        return {
          body: {
            title: r.outline.title,
            pdfBase64: r.pdf.toString('base64'),
            pdfBytes: r.pdf.length,
            cdaXml: r.cdaXml,
            conformance: r.report
              ? {
                  valid: r.report.valid,
                  schematron: r.report.schematron,
                  assertionsChecked: r.report.assertionsChecked,
                  xsd: r.report.xsd,
                  errors: r.report.errors,
                  warnings: r.report.warnings,
                }
              : null,
            renderMs: Math.round(performance.now() - started),
          },
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/patients/:id/documents',
      summary: "A patient's clinical documents, every version, newest first",
      tags: ['documents'],
      access: { roles: clinicalRoles },
      params: idParams,
      response: listOf(documentDto),
      async handler({ identity, params, audit }) {
        await loadPatientAudited(stores, identity, params.id, audit);
        const items = await stores.documents.listForPatient(identity.tenantId, params.id);
        await audit({ action: 'search', resourceType: 'DocumentReference', patientId: params.id });
        return { body: { items: items.map(toDto) } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/patients/:id/documents',
      summary:
        'Signs and stores a clinical document; FSE types are checked first and then published',
      tags: ['documents'],
      access: { roles: ['doctor'] },
      params: idParams,
      body: newDocumentBody,
      response: documentDto,
      async handler({ identity, params, body, audit }) {
        await loadPatientAudited(stores, identity, params.id, audit);
        const { document, created } = await documents.create(identity, params.id, body);
        await audit({
          action: created ? 'create' : 'read',
          resourceType: 'DocumentReference',
          resourceId: document.id,
          patientId: document.patientId,
          detail: `${document.type} v${document.version}`,
        });
        return { status: created ? 201 : 200, body: toDto(document) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/patients/:id/documents/telemonitoring-summary',
      summary:
        "Produces the telemonitoring period summary (PDF) of one of the patient's enrolments",
      tags: ['documents'],
      access: { roles: ['doctor'] },
      params: idParams,
      body: telemonitoringSummaryBody,
      response: documentDto,
      async handler({ identity, params, body, audit }) {
        await loadPatientAudited(stores, identity, params.id, audit);
        const { document, created } = await documents.createTelemonitoringSummary(
          identity,
          params.id,
          body,
          deps.enrolments,
        );
        await audit({
          action: created ? 'create' : 'read',
          resourceType: 'DocumentReference',
          resourceId: document.id,
          patientId: document.patientId,
          detail: `${document.type} ${body.from ?? ''}–${body.to ?? ''}`,
        });
        return { status: created ? 201 : 200, body: toDto(document) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/me/documents',
      summary: "The signed-in patient's documents (current versions first)",
      tags: ['documents'],
      access: { roles: ['patient'] },
      response: listOf(documentDto),
      async handler({ identity, audit }) {
        if (!identity.patientId) return { body: { items: [] } };
        const items = await stores.documents.listForPatient(identity.tenantId, identity.patientId);
        await audit({
          action: 'search',
          resourceType: 'DocumentReference',
          patientId: identity.patientId,
        });
        return { body: { items: items.filter((d) => d.status !== 'withdrawn').map(toDto) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/documents/:documentId',
      summary: "A document's record: versions, hashes, conformance and FSE state",
      tags: ['documents'],
      access: { roles: readers },
      params: docParams,
      response: documentDto,
      async handler({ identity, params, audit }) {
        const doc = await loadDocumentAudited(stores, identity, params.documentId, audit, 'read');
        return { body: toDto(doc) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/documents/:documentId/pdf',
      summary: 'The signed PDF (with the CDA embedded), byte for byte as stored',
      tags: ['documents'],
      access: { roles: readers },
      params: docParams,
      async handler({ res, identity, params, audit }) {
        const doc = await loadDocumentAudited(
          stores,
          identity,
          params.documentId,
          audit,
          'download',
        );
        const content = await stores.documents.content(identity.tenantId, doc.id);
        if (!content) throw new NotFoundError(`document ${doc.id} not found`);
        res
          .status(200)
          .type('application/pdf')
          .setHeader('x-content-sha256', doc.pdfSha256)
          .setHeader('cache-control', 'private, no-store')
          .setHeader('content-disposition', `inline; filename="${fileName(doc, 'pdf')}"`)
          .send(content.pdf);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/documents/:documentId/cda',
      summary: 'The HL7 CDA R2 XML, byte for byte as stored and embedded in the PDF',
      tags: ['documents'],
      access: { roles: readers },
      params: docParams,
      async handler({ res, identity, params, audit }) {
        const doc = await loadDocumentAudited(
          stores,
          identity,
          params.documentId,
          audit,
          'download',
        );
        const content = await stores.documents.content(identity.tenantId, doc.id);
        if (!content?.cdaXml) throw new NotFoundError(`document ${doc.id} has no CDA`);
        res
          .status(200)
          .type('application/xml; charset=utf-8')
          .setHeader('x-content-sha256', doc.cdaSha256 ?? '')
          .setHeader('cache-control', 'private, no-store')
          .setHeader('content-disposition', `inline; filename="${fileName(doc, 'xml')}"`)
          .send(Buffer.from(content.cdaXml, 'utf8'));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/documents/:documentId/model',
      summary: 'The data a document was rendered from (to prepare a corrected version)',
      tags: ['documents'],
      access: { roles: ['doctor'] },
      params: docParams,
      async handler({ identity, params, audit }) {
        const doc = await loadDocumentAudited(stores, identity, params.documentId, audit, 'read');
        const content = await stores.documents.content(identity.tenantId, doc.id);
        return { body: { type: doc.type, version: doc.version, model: content?.model ?? null } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/documents/:documentId/versions',
      summary:
        'A corrected version replacing the current one (same set, version + 1, sent to the FSE as a replacement)',
      tags: ['documents'],
      access: { roles: ['doctor'] },
      params: docParams,
      body: newDocumentBody.omit({ type: true }),
      response: documentDto,
      async handler({ identity, params, body, audit }) {
        const previous = await loadDocumentAudited(
          stores,
          identity,
          params.documentId,
          audit,
          'read',
        );
        const { document, created } = await documents.create(
          identity,
          previous.patientId,
          { ...body, type: previous.type },
          previous.id,
        );
        await audit({
          action: created ? 'replace' : 'read',
          resourceType: 'DocumentReference',
          resourceId: document.id,
          patientId: document.patientId,
          detail: `replaces ${previous.id} (v${previous.version})`,
        });
        return { status: created ? 201 : 200, body: toDto(document) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/documents/:documentId/withdraw',
      summary: 'Withdraws a published document from the FSE (the reason is kept)',
      tags: ['documents'],
      access: { roles: ['doctor'] },
      params: docParams,
      body: z.object({ reason: z.string().trim().min(5).max(500) }),
      response: documentDto,
      async handler({ identity, params, body, audit }) {
        await loadDocumentAudited(stores, identity, params.documentId, audit, 'read');
        const doc = await documents.withdraw(identity, params.documentId, body.reason);
        await audit({
          action: 'withdraw',
          resourceType: 'DocumentReference',
          resourceId: doc.id,
          patientId: doc.patientId,
          detail: body.reason,
        });
        return { body: toDto(doc) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/documents/:documentId/publication',
      summary:
        'Starts the FSE publication again for a document still pending (e.g. the worker was down)',
      tags: ['documents'],
      access: { roles: ['doctor', 'admin'] },
      params: docParams,
      response: documentDto,
      async handler({ identity, params, audit }) {
        const doc = await loadDocumentAudited(stores, identity, params.documentId, audit, 'read');
        if (doc.fse.status !== 'pending') {
          throw new ConflictError(
            `La pubblicazione non è in attesa (stato FSE: ${doc.fse.status})`,
          );
        }
        await documents.startPublication(doc.id, 'publish');
        return { body: toDto(doc) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/admin/document-settings',
      summary:
        "The organisation's clinical-document settings (custodian, OIDs, facility, branding, FSE)",
      tags: ['admin'],
      access: { roles: ['admin'] },
      async handler({ identity }) {
        return { body: { settings: await stores.tenants.getDocumentSettings(identity.tenantId) } };
      },
    }),
    defineRoute({
      method: 'put',
      path: '/admin/document-settings',
      summary: "Sets the organisation's clinical-document settings",
      tags: ['admin'],
      access: { roles: ['admin'] },
      body: documentSettings,
      async handler({ identity, body, audit }) {
        const settings = await stores.tenants.setDocumentSettings(identity.tenantId, body);
        await audit({
          action: 'update',
          resourceType: 'Organization',
          resourceId: identity.tenantId,
        });
        return { body: { settings } };
      },
    }),
    defineRoute({
      method: 'put',
      path: '/admin/users/:id/codice-fiscale',
      summary: "Sets a clinician's codice fiscale (needed to sign clinical documents)",
      tags: ['admin'],
      access: { roles: ['admin'] },
      params: idParams,
      body: z.object({ codiceFiscale: z.string().min(16).max(16) }),
      async handler({ identity, params, body, audit }) {
        const user = await stores.users.get(params.id);
        if (!user || user.tenantId !== identity.tenantId)
          throw new NotFoundError(`user ${params.id} not found`);
        const cf = normaliseCodiceFiscale(body.codiceFiscale);
        if (!isValidCodiceFiscale(cf)) {
          throw new InputError('codice fiscale non valido', [
            { path: 'codiceFiscale', message: 'codice fiscale non valido' },
          ]);
        }
        await stores.users.setCodiceFiscale(user.id, cf);
        await audit({ action: 'update', resourceType: 'Practitioner', resourceId: user.id });
        return { body: { id: user.id, codiceFiscale: cf } };
      },
    }),
  ];
}
