import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { DateTime } from 'luxon';
import { z } from 'zod';
import {
  DocumentVersionConflict,
  type ClinicalDocumentRecord,
} from '../../db/stores/document-store.js';
import type { Stores } from '../../db/stores/index.js';
import type { Patient } from '../../db/stores/patient-store.js';
import type { User } from '../../db/stores/user-store.js';
import {
  ConflictError,
  InputError,
  NotFoundError,
  UnavailableError,
  UnprocessableError,
  type FieldError,
} from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';
import type { TemporalHandle } from '../../platform/temporal.js';
import type { CdaConformance } from '../../templates/conformance/cda-conformance.js';
import type { DocumentTypeSpec } from '../../templates/documents/document-type.js';
import type { Clinician, DocumentHeaderInput } from '../../templates/documents/header.js';
import { documentTypeSpec } from '../../templates/documents/registry.js';
import {
  DocumentNotConformant,
  renderDocument,
  type RenderedDocument,
} from '../../templates/documents/render-document.js';
import type { DocumentSettings } from '../../templates/documents/settings.js';
import {
  documentPublicationWorkflowType,
  type DocumentPublicationInput,
} from '../../workflows/messages.js';
import type { Identity } from '../auth/session.js';
import type { EnrolmentService } from './enrolment-service.js';
import { splitDisplayName } from './person-names.js';
import { buildTelemonitoringSummary } from './telemonitoring-summary.js';

/** The CDA did not pass the gateway's checks (422): each failed rule as a field error. */
export class DocumentRefusedError extends UnprocessableError {
  override name = 'DocumentRefusedError';
}

export const ZONE = 'Europe/Rome';

/** `root^extension`, as documents store their CDA id and setId, back into its parts. */
function splitInstanceId(id: string): { root: string; extension: string } {
  const [root = '', ...extension] = id.split('^');
  return { root, extension: extension.join('^') };
}

/** Clinicians read the model's field messages in Italian (zod's Italian locale). */
const italian = { error: z.locales.it().localeError };

/** What a clinician sends to produce a document; the header comes from the records. */
export const newDocumentBody = z.object({
  type: z.string().min(1),
  /** The clinical content, as the type's model defines it (everything but the header). */
  content: z.record(z.string(), z.unknown()),
  enrolmentId: z.uuid().optional(),
  /** The encounter the document reports on; default: now, in the tenant's facility. */
  encounter: z
    .object({
      start: z.iso.datetime({ offset: true }),
      end: z.iso.datetime({ offset: true }).optional(),
      id: z.string().min(1).max(100).optional(),
    })
    .optional(),
  /** The e-prescription (NRE) the activity fulfils, when there is one. */
  prescription: z
    .object({ nre: z.string(), priority: z.enum(['R', 'P', 'UR', 'EM']).optional() })
    .optional(),
  confidentiality: z.enum(['N', 'R', 'V']).optional(),
  idempotencyKey: z.string().min(8).max(100).optional(),
});
export type NewDocumentBody = z.infer<typeof newDocumentBody>;

export const telemonitoringSummaryBody = z.object({
  enrolmentId: z.uuid(),
  /** The period; default: the 30 days up to now. */
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  notes: z.string().max(20_000).optional(),
  idempotencyKey: z.string().min(8).max(100).optional(),
});
export type TelemonitoringSummaryBody = z.infer<typeof telemonitoringSummaryBody>;

const toIssues = (issues: z.core.$ZodIssue[], base: string): FieldError[] =>
  issues.map((i) => ({ path: [base, ...i.path.map(String)].join('.'), message: i.message }));

export interface DocumentServiceDeps {
  stores: Stores;
  temporal: TemporalHandle;
  logger: Logger;
  /** Null when the FSE conformance files were not found: documents are then unavailable. */
  conformance: CdaConformance | null;
  now?: () => Date;
}

/**
 * Produces clinical documents: the header from the organisation, the patient and the signing
 * clinician; the model checked with the type's zod schema; the CDA checked against the
 * gateway's rules before anything is stored; the PDF with the CDA inside; then the FSE
 * publication handed to a workflow.
 */
export class DocumentService {
  constructor(private readonly deps: DocumentServiceDeps) {}

  private get conformance(): CdaConformance {
    if (!this.deps.conformance) {
      throw new UnavailableError(
        'I controlli di conformità FSE (CDA.xsd e schematron) non sono disponibili su questo server: i documenti clinici non possono essere prodotti. Impostare FSE_CONFORMANCE_DIR.',
      );
    }
    return this.deps.conformance;
  }

  private now(): Date {
    return this.deps.now ? this.deps.now() : new Date();
  }

  spec(type: string): DocumentTypeSpec {
    const spec = documentTypeSpec(type);
    if (!spec) throw new NotFoundError(`document type ${type} not found`);
    return spec;
  }

  async settings(tenantId: string): Promise<DocumentSettings> {
    const settings = await this.deps.stores.tenants.getDocumentSettings(tenantId);
    if (!settings) {
      throw new ConflictError(
        "L'organizzazione non ha ancora configurato i documenti clinici (custode, OID, struttura): un amministratore li imposta in Amministrazione › Documenti.",
      );
    }
    return settings;
  }

  private async author(identity: Identity): Promise<{ user: User; clinician: Clinician }> {
    const user = await this.deps.stores.users.get(identity.userId);
    if (!user) throw new NotFoundError('user not found');
    if (!user.codiceFiscale) {
      throw new ConflictError(
        'Il tuo profilo non ha il codice fiscale: serve per firmare i documenti clinici. Chiedi a un amministratore di inserirlo.',
      );
    }
    return {
      user,
      clinician: { fiscalCode: user.codiceFiscale, name: splitDisplayName(user.displayName) },
    };
  }

  /**
   * The signer as the CDA names them: staff records hold no personal contacts, so the
   * organisation's switchboard is the author's work telephone (the RSA requires one).
   */
  private withWorkContact(clinician: Clinician, settings: DocumentSettings): Clinician {
    const phone = clinician.phone ?? settings.custodian.phone;
    return phone ? { ...clinician, phone } : clinician;
  }

  /** Builds the document header from the records (everything the clinician does not type). */
  private header(args: {
    settings: DocumentSettings;
    patient: Patient;
    author: Clinician;
    at: Date;
    documentExtension: string;
    set: { extension: string; version: number; replaces?: ClinicalDocumentRecord };
    body: NewDocumentBody;
  }): DocumentHeaderInput {
    const { settings, patient, author, body } = args;
    const iso = DateTime.fromJSDate(args.at, { zone: ZONE }).toISO({ suppressMilliseconds: true })!;
    const root = settings.documentIdRoot;
    const replaced = args.set.replaces;
    return {
      id: { root, extension: args.documentExtension },
      setId: { root, extension: args.set.extension },
      version: args.set.version,
      ...(replaced
        ? {
            replaces: {
              id: splitInstanceId(replaced.cdaId),
              setId: splitInstanceId(replaced.setId),
              version: replaced.version,
            },
          }
        : {}),
      effectiveTime: iso,
      confidentiality: body.confidentiality ?? 'N',
      patient: {
        fiscalCode: patient.codiceFiscale,
        name: { given: patient.givenName, family: patient.familyName },
        gender: patient.sex,
        birthDate: patient.birthDate,
        ...(patient.phone ? { phone: patient.phone } : {}),
        ...(patient.email ? { email: patient.email } : {}),
      },
      author: { clinician: author, time: iso },
      legalAuthenticator: { clinician: author, time: iso },
      custodian: settings.custodian,
      ...(body.prescription
        ? {
            prescription: {
              nre: body.prescription.nre,
              priority: body.prescription.priority ?? 'R',
            },
          }
        : {}),
      encounter: {
        id: {
          root: settings.encounterIdRoot,
          extension: body.encounter?.id ?? args.documentExtension,
        },
        start: body.encounter?.start ?? iso,
        ...(body.encounter?.end ? { end: body.encounter.end } : {}),
        facility: settings.facility,
        responsible: author,
      },
    };
  }

  /**
   * Parses the clinician's content with the header the records provide (the CDA types' models
   * carry it as `header`); errors in the content point into `content`, header problems (e.g. the
   * organisation's settings) keep their `header.…` path.
   */
  private parseModel(
    spec: DocumentTypeSpec,
    header: DocumentHeaderInput,
    content: Record<string, unknown>,
  ) {
    const { header: _ignored, ...clinical } = content;
    const parsed = spec.model.safeParse({ ...clinical, header }, italian);
    if (!parsed.success) {
      const errors = parsed.error.issues.map((i) => ({
        path: (i.path[0] === 'header' ? i.path : ['content', ...i.path]).map(String).join('.'),
        message: i.message,
      }));
      throw new InputError('Il contenuto del documento non è valido', errors);
    }
    return parsed.data;
  }

  async render(
    spec: DocumentTypeSpec,
    model: unknown,
    settings: DocumentSettings,
    at: Date,
    preview = false,
  ): Promise<RenderedDocument> {
    try {
      return await renderDocument(spec, model, {
        conformance: this.conformance,
        branding: settings.branding,
        creationDate: at,
        allowNonConformant: preview,
      });
    } catch (err) {
      if (err instanceof DocumentNotConformant) {
        throw new DocumentRefusedError(err.message, [
          ...err.report.xsd.map((p) => ({
            path: `cda${p.line ? `:${p.line}` : ''}`,
            message: `XSD: ${p.message}`,
          })),
          ...err.report.errors.map((e) => ({ path: e.location, message: e.message })),
        ]);
      }
      throw err;
    }
  }

  /**
   * Creates a document (or, with `replaces`, the next version of one), stores it and starts
   * its FSE publication. Repeating a request with the same idempotency key returns the
   * document created the first time.
   */
  async create(
    identity: Identity,
    patientId: string,
    body: NewDocumentBody,
    replacesId?: string,
  ): Promise<{ document: ClinicalDocumentRecord; created: boolean }> {
    const { stores } = this.deps;
    if (body.idempotencyKey) {
      const existing = await stores.documents.findByIdempotencyKey(
        identity.tenantId,
        body.idempotencyKey,
      );
      if (existing) {
        // The first request may have stored it without reaching Temporal: start it now.
        if (existing.fse.status === 'pending') await this.ensurePublication(existing);
        return { document: existing, created: false };
      }
    }
    const spec = this.spec(body.type);
    if (!spec.cda) {
      throw new InputError(
        'Questo tipo di documento si produce dai dati del percorso: POST /patients/:id/documents/telemonitoring-summary',
        [{ path: 'type', message: `${spec.type}: si genera dal percorso, non si compila` }],
      );
    }
    const settings = await this.settings(identity.tenantId);
    const patient = await stores.patients.get(identity.tenantId, patientId);
    if (!patient) throw new NotFoundError(`patient ${patientId} not found`);
    const signer = await this.author(identity);
    const user = signer.user;
    const clinician = this.withWorkContact(signer.clinician, settings);

    let replaces: ClinicalDocumentRecord | undefined;
    if (replacesId) {
      replaces = (await stores.documents.get(identity.tenantId, replacesId)) ?? undefined;
      if (!replaces || replaces.patientId !== patientId)
        throw new NotFoundError(`document ${replacesId} not found`);
      if (replaces.type !== spec.type)
        throw new ConflictError('Una nuova versione deve essere dello stesso tipo di documento');
      if (replaces.status !== 'current') {
        throw new ConflictError(
          `Il documento è già stato sostituito (stato: ${replaces.status}): sostituisci la versione corrente`,
        );
      }
    }
    const at = this.now();
    const documentExtension = `${identity.tenantId}.${randomUUID()}`;
    const set = replaces
      ? {
          extension: splitInstanceId(replaces.setId).extension,
          version: replaces.version + 1,
          replaces,
        }
      : { extension: documentExtension, version: 1 };
    const header = this.header({
      settings,
      patient,
      author: clinician,
      at,
      documentExtension,
      set,
      body,
    });
    const model = this.parseModel(spec, header, body.content);
    const rendered = await this.render(spec, model, settings, at);

    let stored: { document: ClinicalDocumentRecord; created: boolean };
    try {
      stored = await stores.documents.insert({
        tenantId: identity.tenantId,
        patientId,
        enrolmentId: body.enrolmentId ?? null,
        type: spec.type,
        title: rendered.outline.title,
        cdaId: `${settings.documentIdRoot}^${documentExtension}`,
        setId: `${settings.documentIdRoot}^${set.extension}`,
        version: set.version,
        replacesId: replaces?.id ?? null,
        model,
        cdaXml: rendered.cdaXml,
        pdf: rendered.pdf,
        conformance: rendered.report
          ? {
              schematron: rendered.report.schematron ?? '',
              assertionsChecked: rendered.report.assertionsChecked,
              warnings: rendered.report.warnings.map((w) => ({ id: w.id, message: w.message })),
            }
          : null,
        authorUsername: identity.username,
        authorName: user.displayName,
        authorRole: identity.role,
        source: 'api',
        idempotencyKey: body.idempotencyKey ?? null,
      });
    } catch (err) {
      if (err instanceof DocumentVersionConflict) throw new ConflictError(err.message);
      throw err;
    }
    if (stored.created && rendered.cdaXml) await this.ensurePublication(stored.document);
    this.deps.logger.info(
      {
        tenantId: identity.tenantId,
        documentId: stored.document.id,
        type: spec.type,
        version: set.version,
      },
      'clinical document stored',
    );
    return stored;
  }

  /**
   * The telemonitoring period summary of an enrolment (PDF only), assembled from the records
   * and signed by the requesting clinician. It does not go to the FSE.
   */
  async createTelemonitoringSummary(
    identity: Identity,
    patientId: string,
    body: TelemonitoringSummaryBody,
    enrolments: EnrolmentService,
  ): Promise<{ document: ClinicalDocumentRecord; created: boolean }> {
    const { stores } = this.deps;
    if (body.idempotencyKey) {
      const existing = await stores.documents.findByIdempotencyKey(
        identity.tenantId,
        body.idempotencyKey,
      );
      if (existing) return { document: existing, created: false };
    }
    const spec = this.spec('riepilogo-telemonitoraggio');
    const settings = await this.settings(identity.tenantId);
    const patient = await stores.patients.get(identity.tenantId, patientId);
    if (!patient) throw new NotFoundError(`patient ${patientId} not found`);
    const enrolment = await stores.enrolments.get(identity.tenantId, body.enrolmentId);
    if (!enrolment || enrolment.patientId !== patientId)
      throw new NotFoundError(`enrolment ${body.enrolmentId} not found`);
    const definition = await enrolments.definitionOf(enrolment);
    if (!definition)
      throw new ConflictError(
        `La versione del percorso ${enrolment.pathwayVersion} non è disponibile`,
      );
    const { clinician, user } = await this.author(identity);
    const at = this.now();
    const to =
      body.to ?? DateTime.fromJSDate(at, { zone: ZONE }).toISO({ suppressMilliseconds: true })!;
    const from =
      body.from ??
      DateTime.fromISO(to, { zone: ZONE })
        .minus({ days: 30 })
        .toISO({ suppressMilliseconds: true })!;
    const extension = `${identity.tenantId}.${randomUUID()}`;
    const input = await buildTelemonitoringSummary({
      stores,
      settings,
      patient,
      enrolment,
      definition,
      inputs: (await stores.enrolments.getInputs(identity.tenantId, enrolment.id)) ?? {},
      author: clinician,
      period: { from, to },
      issued: DateTime.fromJSDate(at, { zone: ZONE }).toISO({ suppressMilliseconds: true })!,
      documentExtension: extension,
      ...(body.notes ? { notes: body.notes } : {}),
    });
    const parsed = spec.model.safeParse(input, italian);
    if (!parsed.success)
      throw new InputError('Il riepilogo non è valido', toIssues(parsed.error.issues, 'summary'));
    const rendered = await this.render(spec, parsed.data, settings, at);
    const id = `${settings.documentIdRoot}^${extension}`;
    const stored = await stores.documents.insert({
      tenantId: identity.tenantId,
      patientId,
      enrolmentId: enrolment.id,
      type: spec.type,
      title: rendered.outline.title,
      cdaId: id,
      setId: id,
      version: 1,
      replacesId: null,
      model: parsed.data,
      cdaXml: null,
      pdf: rendered.pdf,
      conformance: null,
      authorUsername: identity.username,
      authorName: user.displayName,
      authorRole: identity.role,
      source: `enrolment:${enrolment.id}`,
      idempotencyKey: body.idempotencyKey ?? null,
    });
    return stored;
  }

  /** Renders a type from sample or edited data without storing anything (designer preview). */
  async preview(identity: Identity, type: string, data: unknown) {
    const spec = this.spec(type);
    const parsed = spec.model.safeParse(data, italian);
    if (!parsed.success)
      throw new InputError(
        'I dati di esempio non sono validi',
        toIssues(parsed.error.issues, 'data'),
      );
    const settings = await this.deps.stores.tenants.getDocumentSettings(identity.tenantId);
    const branding = settings?.branding ?? { organisation: 'Percorsi', color: '#0b5394' };
    const at = this.now();
    const rendered = await renderDocument(spec, parsed.data, {
      conformance: this.conformance,
      branding,
      creationDate: at,
      allowNonConformant: true,
    });
    return rendered;
  }

  /**
   * Starts the publication of a stored document; when Temporal cannot be reached the document
   * stays stored and pending, says so, and the same request (same idempotency key) or
   * POST /documents/:id/publication starts it later. The signed document is never lost.
   */
  private async ensurePublication(doc: ClinicalDocumentRecord): Promise<void> {
    try {
      await this.startPublication(doc.id, 'publish');
    } catch (err) {
      this.deps.logger.error({ err, documentId: doc.id }, 'FSE publication not started');
      await this.deps.stores.documents.setFseState(doc.id, {
        status: 'pending',
        detail:
          'Pubblicazione non ancora avviata: il motore dei workflow non risponde. Ripetere la pubblicazione più tardi.',
      });
    }
  }

  /** Starts (once per document and action) the workflow that talks to the gateway. */
  async startPublication(
    documentId: string,
    action: DocumentPublicationInput['action'],
  ): Promise<void> {
    try {
      await this.deps.temporal.client.workflow.start(documentPublicationWorkflowType, {
        workflowId: `documents/${documentId}/${action}`,
        taskQueue: this.deps.temporal.taskQueue,
        args: [{ documentId, action } satisfies DocumentPublicationInput],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) {
        // The document is stored and says "pending": the publication can be started again.
        this.deps.logger.error({ err, documentId }, 'could not start the FSE publication');
        throw err;
      }
    }
  }

  /** Asks the FSE to withdraw a published document (e.g. issued for the wrong patient). */
  async withdraw(
    identity: Identity,
    documentId: string,
    reason: string,
  ): Promise<ClinicalDocumentRecord> {
    const doc = await this.deps.stores.documents.get(identity.tenantId, documentId);
    if (!doc) throw new NotFoundError(`document ${documentId} not found`);
    if (doc.status !== 'current')
      throw new ConflictError('Solo la versione corrente può essere ritirata');
    if (doc.fse.status === 'not-applicable')
      throw new ConflictError('Questo documento non va al FSE');
    await this.deps.stores.documents.setFseState(doc.id, { status: 'withdrawing', detail: reason });
    await this.startPublication(doc.id, 'withdraw');
    return (await this.deps.stores.documents.get(identity.tenantId, documentId))!;
  }
}
