import type { z, ZodType } from 'zod';
import type { FseGatewayConfig } from '../../platform/config.js';
import { sha256Hex } from '../../platform/hashing.js';
import { platformVersion } from '../../platform/version.js';
import {
  errorResponseSchema,
  fseRequestContextSchema,
  metadataUpdateSchema,
  publicationMetadataSchema,
  publicationResSchema,
  replacementMetadataSchema,
  responseWifSchema,
  transactionInspectResSchema,
  type validationResSchema,
  type FseRequestContext,
  type MetadataUpdate,
  type ParsedFseRequestContext,
  type PublicationMetadata,
  type ReplacementMetadata,
} from './gateway-contract.js';
import { FseGatewayRejection, FseGatewayUnavailable, FseRequestInvalid } from './gateway-errors.js';
import { FseJwtSigner, type FseAction, type FsePurposeOfUse } from './gateway-jwt.js';

/**
 * The FSE 2.0 Gateway Dispatcher client (gateway/swagger_gtw.yaml), CDA in ATTACHMENT mode:
 * one method per operation, each building the multipart body and both JWTs. Publication
 * needs a prior `validate` (activity VALIDATION) of the same CDA: the gateway recognises it by
 * the CDA's hash and answers 400 `/msg/cda-match` otherwise.
 *
 * 2xx → a typed result; 4xx (but 408, 429) → FseGatewayRejection; 408, 429, 5xx, network
 * errors, timeouts and answers outside the contract → FseGatewayUnavailable. Inputs are checked
 * with zod against the contract's enums and lengths before anything is sent
 * (FseRequestInvalid).
 */

export interface FseGatewayClientOptions {
  /** Base URL including the version, e.g. …/govway/rest/in/FSE/gateway/v1. */
  baseUrl: string;
  signer: FseJwtSigner;
  /** Budget of one call, upload and answer included (default 30 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface FseCallResult {
  /** The HTTP status: 200 VERIFICA, 201 VALIDATION, 202 publication and replacement, 200 delete. */
  httpStatus: number;
  traceId: string | null;
  spanId: string | null;
  workflowInstanceId: string;
  warning: string | null;
}

export interface FseStatusEvent {
  eventType: string | null;
  eventDate: string | null;
  eventStatus: string | null;
  message: string | null;
  identificativoDocumento: string | null;
  subject: string | null;
  subjectRole: string | null;
  tipoAttivita: string | null;
  organizzazione: string | null;
  workflowInstanceId: string | null;
  traceId: string | null;
  issuer: string | null;
  expiringDate: string | null;
}

export interface FseTransactionStatus {
  traceId: string | null;
  spanId: string | null;
  events: FseStatusEvent[];
}

export interface FseUpload {
  /** The PDF with the CDA embedded as the attachment `cda.xml`. */
  pdf: Uint8Array;
  context: FseRequestContext;
}

export type ValidationActivity = 'VALIDATION' | 'VERIFICA';

export class FseGatewayClient {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly signer: FseJwtSigner;

  constructor(options: FseGatewayClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.fetchImpl = options.fetch ?? fetch;
    this.signer = options.signer;
  }

  /** The client the configuration describes: the national gateway or the embedded one. */
  static fromConfig(
    config: FseGatewayConfig,
    overrides: { baseUrl?: string; clock?: () => Date; fetch?: typeof fetch } = {},
  ): FseGatewayClient {
    return new FseGatewayClient({
      baseUrl: overrides.baseUrl ?? config.baseUrl,
      timeoutMs: config.timeoutMs,
      ...(overrides.fetch ? { fetch: overrides.fetch } : {}),
      signer: new FseJwtSigner({
        key: config.jwtKey,
        issuer: config.issuer,
        audience: config.audience,
        application: { ...config.application, version: platformVersion },
        ...(overrides.clock ? { clock: overrides.clock } : {}),
      }),
    });
  }

  /** POST /documents/validation: 200 for VERIFICA, 201 for VALIDATION (needed to publish). */
  async validate(input: FseUpload & { activity?: ValidationActivity }): Promise<FseCallResult> {
    const op = 'validation';
    const context = this.uploadContext(op, input.context);
    const requestBody = {
      healthDataFormat: 'CDA',
      mode: 'ATTACHMENT',
      activity: input.activity ?? 'VALIDATION',
    };
    return this.upload(op, 'POST', '/documents/validation', input.pdf, context, requestBody, {
      action: 'CREATE',
      purposeOfUse: 'TREATMENT',
    });
  }

  /** POST /documents: creation; `workflowInstanceId` is the one the validation returned. */
  async publish(
    input: FseUpload & { metadata: PublicationMetadata; workflowInstanceId?: string },
  ): Promise<FseCallResult> {
    const op = 'publication';
    const context = this.uploadContext(op, input.context);
    const metadata = parse(op, publicationMetadataSchema, input.metadata, 'metadata');
    const requestBody = {
      ...(input.workflowInstanceId ? { workflowInstanceId: input.workflowInstanceId } : {}),
      healthDataFormat: 'CDA',
      mode: 'ATTACHMENT',
      ...metadata,
    };
    return this.upload(op, 'POST', '/documents', input.pdf, context, requestBody, {
      action: 'CREATE',
      purposeOfUse: 'TREATMENT',
    });
  }

  /**
   * PUT /documents/{idDoc}: `idDoc` is the published document, `metadata.identificativoDoc`
   * the new one that replaces it.
   */
  async replace(
    idDoc: string,
    input: FseUpload & { metadata: ReplacementMetadata; workflowInstanceId?: string },
  ): Promise<FseCallResult> {
    const op = 'replacement';
    checkIdDoc(op, idDoc);
    const context = this.uploadContext(op, input.context);
    const metadata = parse(op, replacementMetadataSchema, input.metadata, 'metadata');
    const requestBody = {
      ...(input.workflowInstanceId ? { workflowInstanceId: input.workflowInstanceId } : {}),
      healthDataFormat: 'CDA',
      mode: 'ATTACHMENT',
      ...metadata,
    };
    const path = `/documents/${encodeURIComponent(idDoc)}`;
    return this.upload(op, 'PUT', path, input.pdf, context, requestBody, {
      action: 'UPDATE',
      purposeOfUse: 'UPDATE',
    });
  }

  /** DELETE /documents/{idDoc}. */
  async delete(idDoc: string, input: { context: FseRequestContext }): Promise<FseCallResult> {
    const op = 'deletion';
    checkIdDoc(op, idDoc);
    const context = parse(op, fseRequestContextSchema, input.context, 'context');
    const tokens = await this.signer.tokens({ context, action: 'DELETE', purposeOfUse: 'UPDATE' });
    const res = await this.call(op, `/documents/${encodeURIComponent(idDoc)}`, {
      method: 'DELETE',
      headers: { authorization: tokens.authorization, 'fse-jwt-signature': tokens.signature },
    });
    return callResult(op, res, responseWifSchema);
  }

  /** PUT /documents/{idDoc}/metadata-iti-57: the document's metadata, not its content. */
  async updateMetadata(
    idDoc: string,
    input: { context: FseRequestContext; metadata: MetadataUpdate },
  ): Promise<FseCallResult> {
    const op = 'metadata update';
    checkIdDoc(op, idDoc);
    const context = parse(op, fseRequestContextSchema, input.context, 'context');
    const metadata = parse(op, metadataUpdateSchema, input.metadata, 'metadata');
    const tokens = await this.signer.tokens({ context, action: 'UPDATE', purposeOfUse: 'UPDATE' });
    const res = await this.call(op, `/documents/${encodeURIComponent(idDoc)}/metadata-iti-57`, {
      method: 'PUT',
      headers: {
        authorization: tokens.authorization,
        'fse-jwt-signature': tokens.signature,
        'content-type': 'application/json',
      },
      body: JSON.stringify(metadata),
    });
    return callResult(op, res, responseWifSchema);
  }

  /** GET /status/{workflowInstanceId}: the events of one transaction. */
  async status(
    workflowInstanceId: string,
    caller: { codiceFiscale: string },
  ): Promise<FseTransactionStatus> {
    return this.inspect('status', `/status/${encodeURIComponent(workflowInstanceId)}`, caller);
  }

  /** GET /status/search/{traceId}: the events one request produced. */
  async statusByTrace(
    traceId: string,
    caller: { codiceFiscale: string },
  ): Promise<FseTransactionStatus> {
    return this.inspect('status search', `/status/search/${encodeURIComponent(traceId)}`, caller);
  }

  /** GET /status: resolves when the gateway answers 2xx, else FseGatewayUnavailable. */
  async health(): Promise<{ up: true }> {
    try {
      await this.call('health check', '/status', { method: 'GET', headers: {} });
    } catch (err) {
      if (err instanceof FseGatewayRejection) {
        throw new FseGatewayUnavailable(err.message, err.status, null, { cause: err });
      }
      throw err;
    }
    return { up: true };
  }

  private uploadContext(op: string, input: FseRequestContext): ParsedFseRequestContext {
    const context = parse(op, fseRequestContextSchema, input, 'context');
    if (!context.documentType) {
      throw new FseRequestInvalid(op, [
        { path: 'context.documentType', message: 'required to upload a document' },
      ]);
    }
    return context;
  }

  private async upload(
    op: string,
    method: 'POST' | 'PUT',
    path: string,
    pdf: Uint8Array,
    context: ParsedFseRequestContext,
    requestBody: Record<string, unknown>,
    grant: { action: FseAction; purposeOfUse: FsePurposeOfUse },
  ): Promise<FseCallResult> {
    if (pdf.length === 0) throw new FseRequestInvalid(op, [{ path: 'pdf', message: 'empty file' }]);
    const tokens = await this.signer.tokens({ context, ...grant, attachmentHash: sha256Hex(pdf) });
    const form = new FormData();
    // A plain field, as `curl -F requestBody={…}` sends it in the gateway's examples.
    form.append('requestBody', JSON.stringify(requestBody));
    // Copied: a Blob takes ArrayBuffer-backed bytes only, and the caller's may be a view on more.
    form.append(
      'file',
      new Blob([Uint8Array.from(pdf)], { type: 'application/pdf' }),
      'documento.pdf',
    );
    const res = await this.call(op, path, {
      method,
      headers: { authorization: tokens.authorization, 'fse-jwt-signature': tokens.signature },
      body: form,
    });
    return callResult(op, res, publicationResSchema);
  }

  private async inspect(
    op: string,
    path: string,
    caller: { codiceFiscale: string },
  ): Promise<FseTransactionStatus> {
    const authorization = await this.signer.authorization(caller.codiceFiscale);
    const res = await this.call(op, path, { method: 'GET', headers: { authorization } });
    const parsed = transactionInspectResSchema.safeParse(res.json);
    if (!parsed.success) throw outsideContract(op, res.status, parsed.error);
    const n = (v: string | null | undefined) => v ?? null;
    return {
      traceId: n(parsed.data.traceID),
      spanId: n(parsed.data.spanID),
      events: parsed.data.transactionData.map((e) => ({
        eventType: n(e.eventType),
        eventDate: n(e.eventDate),
        eventStatus: n(e.eventStatus),
        message: n(e.message),
        identificativoDocumento: n(e.identificativoDocumento),
        subject: n(e.subject),
        subjectRole: n(e.subjectRole),
        tipoAttivita: n(e.tipoAttivita),
        organizzazione: n(e.organizzazione),
        workflowInstanceId: n(e.workflowInstanceId),
        traceId: n(e.traceId),
        issuer: n(e.issuer),
        expiringDate: n(e.expiringDate),
      })),
    };
  }

  private async call(
    op: string,
    path: string,
    init: { method: string; headers: Record<string, string>; body?: FormData | string },
  ): Promise<{ status: number; json: unknown }> {
    let res: Response;
    let text: string;
    try {
      // The timeout covers the upload, the gateway's synchronous validation and the answer.
      res = await this.fetchImpl(`${this.baseUrl}${path}`, {
        ...init,
        headers: { accept: 'application/json, application/problem+json', ...init.headers },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await res.text();
    } catch (err) {
      const timedOut = err instanceof Error && err.name === 'TimeoutError';
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new FseGatewayUnavailable(
        timedOut
          ? `FSE gateway ${op}: no answer within ${this.timeoutMs} ms`
          : `FSE gateway ${op}: unreachable (${cause?.code ?? cause?.message ?? (err as Error).message})`,
        null,
        null,
        { cause: err },
      );
    }
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      // Left null: a 2xx without JSON is outside the contract, an error keeps its text.
    }
    if (res.ok) return { status: res.status, json };

    const problem = errorResponseSchema.safeParse(json);
    const p = problem.success ? problem.data : {};
    const fields = {
      type: p.type ?? null,
      title: p.title ?? null,
      detail: p.detail ?? (problem.success ? null : text.slice(0, 500) || null),
      instance: p.instance ?? null,
      traceId: p.traceID ?? null,
      workflowInstanceId: p.workflowInstanceId ?? null,
    };
    if (res.status === 408 || res.status === 429 || res.status >= 500) {
      throw new FseGatewayUnavailable(
        `FSE gateway ${op}: ${res.status}${fields.detail ? ` ${fields.detail}` : ''}`,
        res.status,
        retryAfter(res.headers.get('retry-after')),
      );
    }
    throw new FseGatewayRejection(op, res.status, fields);
  }
}

function parse<T extends ZodType>(
  op: string,
  schema: T,
  value: unknown,
  root: string,
): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new FseRequestInvalid(
      op,
      result.error.issues.map((i) => ({
        path: [root, ...i.path.map(String)].join('.'),
        message: i.message,
      })),
    );
  }
  return result.data;
}

function checkIdDoc(op: string, idDoc: string): void {
  if (idDoc.length < 1 || idDoc.length > 256) {
    throw new FseRequestInvalid(op, [{ path: 'idDoc', message: '1 to 256 characters' }]);
  }
}

function callResult(
  op: string,
  res: { status: number; json: unknown },
  schema: typeof validationResSchema,
): FseCallResult {
  const parsed = schema.safeParse(res.json);
  if (!parsed.success) throw outsideContract(op, res.status, parsed.error);
  return {
    httpStatus: res.status,
    traceId: parsed.data.traceID ?? null,
    spanId: parsed.data.spanID ?? null,
    workflowInstanceId: parsed.data.workflowInstanceId,
    warning: parsed.data.warning ?? null,
  };
}

/** A 2xx the platform cannot use: treated as the gateway misbehaving, so retried. */
function outsideContract(op: string, status: number, err: z.ZodError): FseGatewayUnavailable {
  const where = err.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  return new FseGatewayUnavailable(
    `FSE gateway ${op}: ${status} answer outside the contract (${where})`,
    status,
  );
}

function retryAfter(header: string | null): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}
