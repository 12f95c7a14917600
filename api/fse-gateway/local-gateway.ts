import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express, {
  type ErrorRequestHandler,
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from 'express';
import multer from 'multer';
import type { ZodType } from 'zod';
import type { Db } from '../../db/connection.js';
import {
  FseGatewayStore,
  type FseGatewayEvent,
  type NewFseGatewayDocument,
} from '../../db/stores/fse-gateway-store.js';
import {
  localFseGatewayAudience,
  localFseGatewayPath,
  type FseJwtKey,
} from '../../platform/config.js';
import { sha256Hex } from '../../platform/hashing.js';
import type { Logger } from '../../platform/logger.js';
import {
  cdaTypeNames,
  cdaTypes,
  describeFailure,
  type CdaConformance,
  type ConformanceReport,
} from '../../templates/conformance/cda-conformance.js';
import {
  cdaHash,
  readCdaFacts,
  workflowInstanceIdOf,
  workflowInstanceIdOfDocument,
  type CdaFacts,
} from './cda-facts.js';
import {
  GatewayAuth,
  idOfCx,
  type SignatureClaims,
  type TokenRequirement,
} from './gateway-auth.js';
import { loadGatewayContract, type GatewayContract } from './gateway-contract.js';
import { GatewayProblem, problems } from './gateway-problem.js';
import {
  checkBody,
  checkDates,
  checkIdDoc,
  checkPublicationBody,
  checkTokenAgainstCda,
  extractCda,
  parseMultipart,
  requestBodyOf,
} from './gateway-requests.js';

/**
 * The embedded FSE 2.0 gateway: the Gateway Dispatcher contract (gateway/swagger_gtw.yaml)
 * for CDA in ATTACHMENT mode, so that the platform publishes, replaces and withdraws documents
 * the same way with or without the national gateway, and tests exercise the real client. It
 * applies what the national gateway applies to a CDA (CDA.xsd and the schematron chosen by
 * templateId, through CdaConformance), the JWT checks and the contract's request bodies, and
 * keeps the index INI and EDS would keep (FseGatewayStore). INI and EDS themselves are not
 * simulated beyond the SEND_TO_INI / SEND_TO_EDS events, which succeed at once.
 */

export interface LocalFseGatewayOptions {
  db: Db;
  conformance: CdaConformance;
  /** The key the platform's client signs with (config.fseGateway.jwtKey). */
  jwtKey: FseJwtKey;
  /** The JWTs' expected `aud` (config.fseGateway.audience). */
  audience?: string;
  clock?: () => Date;
  /** Largest PDF accepted (default 20 MB): larger is a 413. */
  maxFileBytes?: number;
  /** The contract; default: gateway/swagger_gtw.yaml in the conformance folder. */
  contractFile?: string;
  logger?: Logger;
}

const WARN_NO_MODE = 'Attenzione, non è stata selezionata la modalità di estrazione del CDA';
/** How long the national gateway keeps a transaction's events. */
const EVENT_RETENTION_MS = 365 * 24 * 60 * 60 * 1000;

interface Trace {
  traceId: string;
  now: Date;
}

interface Upload {
  body: Record<string, unknown>;
  pdf: Buffer;
  xml: string;
  facts: CdaFacts;
}

declare module 'express-serve-static-core' {
  interface Request {
    fseTrace?: Trace;
  }
}

/** The gateway's routes; mount them at the base path the client is given (…/v1). */
export function createLocalFseGateway(options: LocalFseGatewayOptions): Router {
  const store = new FseGatewayStore(options.db);
  const contract: GatewayContract = loadGatewayContract(
    options.contractFile ?? path.join(options.conformance.files.dir, 'gateway', 'swagger_gtw.yaml'),
  );
  const clock = options.clock ?? (() => new Date());
  const auth = new GatewayAuth({
    key: options.jwtKey,
    audience: options.audience ?? localFseGatewayAudience,
    clock,
  });
  const maxFileBytes = options.maxFileBytes ?? 20 * 1024 * 1024;
  const multipart = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: maxFileBytes, files: 2, fields: 4, parts: 6, fieldSize: 1024 * 1024 },
  }).fields([
    { name: 'file', maxCount: 1 },
    { name: 'requestBody', maxCount: 1 },
  ]);

  const router = express.Router();
  router.use((req, res, next) => {
    req.fseTrace = { traceId: randomBytes(8).toString('hex'), now: clock() };
    next();
  });

  const trace = (req: Request): Trace => req.fseTrace!;
  const at = (req: Request) => trace(req).now.toISOString();

  const event = (
    req: Request,
    fields: Partial<FseGatewayEvent> & Pick<FseGatewayEvent, 'workflowInstanceId' | 'eventType'>,
    claims?: SignatureClaims,
  ): FseGatewayEvent => ({
    traceId: trace(req).traceId,
    eventStatus: 'SUCCESS',
    message: null,
    idDoc: null,
    subject: claims?.sub ?? null,
    subjectRole: claims?.subject_role ?? null,
    tipoAttivita: null,
    organizationId: claims?.subject_organization_id ?? null,
    issuer: claims?.iss ?? null,
    eventDate: at(req),
    expiringDate: new Date(trace(req).now.getTime() + EVENT_RETENTION_MS).toISOString(),
    ...fields,
  });

  /** INI and EDS are not there: their steps succeed at once, as the events say they did. */
  const deliveries = (
    req: Request,
    workflowInstanceId: string,
    idDoc: string,
    tipoAttivita: string,
    claims: SignatureClaims,
  ): FseGatewayEvent[] =>
    (
      [
        ['SEND_TO_INI', 'Indicizzazione simulata dal gateway locale'],
        ['SEND_TO_EDS', 'Invio a EDS simulato dal gateway locale'],
      ] as const
    ).map(([eventType, message]) =>
      event(req, { workflowInstanceId, eventType, idDoc, tipoAttivita, message }, claims),
    );

  const ok = (req: Request, res: Response, status: number, body: Record<string, unknown>) => {
    const { traceId } = trace(req);
    res.status(status).json({ traceID: traceId, spanID: traceId, ...body });
  };

  /** Tokens, multipart body, file, hash, CDA: what every upload goes through, in this order. */
  const receiveUpload = async (
    req: Request,
    res: Response,
    need: TokenRequirement,
    dto: ZodType<Record<string, unknown>>,
  ): Promise<{ claims: SignatureClaims; upload: Upload }> => {
    const bearer = await auth.authenticate(req.headers.authorization);
    const claims = await auth.signature(req.header('fse-jwt-signature'), bearer, need);
    await parseMultipart(req, res, multipart, maxFileBytes);
    const body = requestBodyOf(req, dto);
    const files = req.files as Record<string, Express.Multer.File[]> | undefined;
    const pdf = files?.file?.[0]?.buffer;
    if (!pdf || pdf.length === 0) throw problems.emptyFile('File vuoto');
    if (pdf.subarray(0, 1024).indexOf('%PDF-') === -1) {
      throw problems.notPdf('Il documento non è pdf.');
    }
    const hash = sha256Hex(pdf);
    if (hash !== claims.attachment_hash?.toLowerCase()) {
      throw problems.hashMismatch('Verifica hash fallita.');
    }
    if (body.mode === 'RESOURCE') {
      throw problems.cdaExtraction(
        'Il gateway locale estrae il CDA solo in modalità ATTACHMENT (allegato cda.xml)',
      );
    }
    const xml = await extractCda(pdf);
    let facts: CdaFacts;
    try {
      facts = await readCdaFacts(xml);
    } catch (err) {
      throw problems.syntax(`Il CDA non è un XML ben formato: ${(err as Error).message}`);
    }
    checkTokenAgainstCda(claims, facts);
    return { claims, upload: { body, pdf, xml, facts } };
  };

  /** The publication's validation: same CDA (without legalAuthenticator), same wii if given. */
  const validatedFor = async (upload: Upload) => {
    const wii =
      typeof upload.body.workflowInstanceId === 'string' && upload.body.workflowInstanceId.trim()
        ? upload.body.workflowInstanceId.trim()
        : null;
    const validation = await store.findValidation(cdaHash(upload.xml), wii);
    if (!validation) throw problems.cdaNotValidated('Il CDA non risulta validato');
    return validation;
  };

  const documentOf = (
    idDoc: string,
    upload: Upload,
    claims: SignatureClaims,
    workflowInstanceId: string,
  ): NewFseGatewayDocument => ({
    idDoc,
    cdaSha256: sha256Hex(upload.xml),
    pdfSha256: sha256Hex(upload.pdf),
    documentType: upload.facts.code,
    cdaType: cdaTypeNames.find((t) => cdaTypes[t].loinc === upload.facts.code) ?? null,
    patientId: idOfCx(claims.person_id)?.id ?? claims.person_id,
    metadata: metadataOf(upload.body),
    workflowInstanceId,
    issuer: claims.iss,
    organizationId: claims.subject_organization_id,
  });

  // --- Validation -------------------------------------------------------------------------

  router.post('/documents/validation', async (req, res) => {
    const { claims, upload } = await receiveUpload(
      req,
      res,
      { action: 'CREATE', purposeOfUse: 'TREATMENT', upload: true, xonLocality: false },
      contract.schemas.ValidationCDAReqDTO,
    );
    const workflowInstanceId = workflowInstanceIdOf(upload.facts);
    const report = await options.conformance.check(upload.xml);
    if (!report.valid) {
      const problem = conformanceProblem(report).withWorkflow(workflowInstanceId);
      await store.appendEvents([
        event(
          req,
          {
            workflowInstanceId,
            eventType: 'VALIDATION',
            eventStatus: 'BLOCKING_ERROR',
            message: problem.detail,
          },
          claims,
        ),
      ]);
      throw problem;
    }
    const warnings = [
      ...(upload.body.mode === undefined ? [WARN_NO_MODE] : []),
      ...(report.warnings.length ? [`[${report.warnings.map((w) => w.message).join(', ')}]`] : []),
    ];
    const validationEvent = event(req, { workflowInstanceId, eventType: 'VALIDATION' }, claims);
    const forPublication = upload.body.activity === 'VALIDATION';
    if (forPublication) {
      await store.recordValidation(
        {
          workflowInstanceId,
          cdaHash: cdaHash(upload.xml),
          traceId: trace(req).traceId,
          issuer: claims.iss,
          createdAt: at(req),
        },
        [validationEvent],
      );
    } else {
      await store.appendEvents([validationEvent]);
    }
    ok(req, res, forPublication ? 201 : 200, {
      workflowInstanceId,
      ...(warnings.length ? { warning: warnings.join(' ') } : {}),
    });
  });

  // --- Publication ------------------------------------------------------------------------

  router.post('/documents', async (req, res) => {
    const { claims, upload } = await receiveUpload(
      req,
      res,
      { action: 'CREATE', purposeOfUse: 'TREATMENT', upload: true, xonLocality: true },
      contract.schemas.PublicationCreationReqDTO,
    );
    checkPublicationBody(upload.body);
    const idDoc = String(upload.body.identificativoDoc);
    const validation = await validatedFor(upload);
    const wii = validation.workflowInstanceId;
    const tipoAttivita = String(upload.body.tipoAttivitaClinica);
    const result = await store.publish(documentOf(idDoc, upload, claims, wii), at(req), [
      event(
        req,
        { workflowInstanceId: wii, eventType: 'PUBLICATION', idDoc, tipoAttivita },
        claims,
      ),
      ...deliveries(req, wii, idDoc, tipoAttivita, claims),
    ]);
    if (!result.ok) {
      const problem = problems.conflict(`Il documento ${idDoc} risulta già pubblicato`);
      await store.appendEvents([
        event(
          req,
          {
            workflowInstanceId: wii,
            eventType: 'PUBLICATION',
            eventStatus: 'BLOCKING_ERROR',
            idDoc,
            tipoAttivita,
            message: problem.detail,
          },
          claims,
        ),
      ]);
      throw problem;
    }
    ok(req, res, 202, {
      workflowInstanceId: wii,
      ...(upload.body.mode === undefined ? { warning: WARN_NO_MODE } : {}),
    });
  });

  // --- Replacement ------------------------------------------------------------------------

  router.put('/documents/:idDoc', async (req, res) => {
    const idDoc = String(req.params.idDoc);
    const { claims, upload } = await receiveUpload(
      req,
      res,
      { action: 'UPDATE', purposeOfUse: 'UPDATE', upload: true, xonLocality: true },
      contract.schemas.PublicationUpdateReqDTO,
    );
    checkIdDoc(idDoc, 'identificativo documento da sostituire');
    checkPublicationBody(upload.body);
    const newIdDoc = String(upload.body.identificativoDoc);
    const validation = await validatedFor(upload);
    const wii = validation.workflowInstanceId;
    const tipoAttivita = String(upload.body.tipoAttivitaClinica);
    const result = await store.replace(idDoc, documentOf(newIdDoc, upload, claims, wii), at(req), [
      event(
        req,
        {
          workflowInstanceId: wii,
          eventType: 'REPLACE',
          idDoc,
          tipoAttivita,
          message: `Sostituito da ${newIdDoc}`,
        },
        claims,
      ),
      ...deliveries(req, wii, newIdDoc, tipoAttivita, claims),
    ]);
    if (!result.ok) {
      const problem =
        result.reason === 'not-found'
          ? problems.notFound(`Documento ${idDoc} non trovato`)
          : result.reason === 'not-active'
            ? problems.conflict(
                `Il documento ${idDoc} è già stato sostituito da ${result.current?.replacedBy ?? '?'}`,
              )
            : problems.conflict(`Il documento ${newIdDoc} risulta già pubblicato`);
      await store.appendEvents([
        event(
          req,
          {
            workflowInstanceId: wii,
            eventType: 'REPLACE',
            eventStatus: 'BLOCKING_ERROR',
            idDoc,
            tipoAttivita,
            message: problem.detail,
          },
          claims,
        ),
      ]);
      throw problem;
    }
    ok(req, res, 202, {
      workflowInstanceId: wii,
      ...(upload.body.mode === undefined ? { warning: WARN_NO_MODE } : {}),
    });
  });

  // --- Deletion ---------------------------------------------------------------------------

  router.delete('/documents/:idDoc', async (req, res) => {
    const idDoc = String(req.params.idDoc);
    const bearer = await auth.authenticate(req.headers.authorization);
    const claims = await auth.signature(req.header('fse-jwt-signature'), bearer, {
      action: 'DELETE',
      purposeOfUse: 'UPDATE',
      upload: false,
      xonLocality: false,
    });
    checkIdDoc(idDoc, 'identificativo documento');
    const wii = workflowInstanceIdOfDocument(idDoc);
    const result = await store.delete(idDoc, at(req), [
      event(req, { workflowInstanceId: wii, eventType: 'RIFERIMENTI_INI', idDoc }, claims),
      event(
        req,
        {
          workflowInstanceId: wii,
          eventType: 'INI_DELETE',
          idDoc,
          message: 'Delete effettuata su ini',
        },
        claims,
      ),
      event(req, { workflowInstanceId: wii, eventType: 'EDS_DELETE', idDoc }, claims),
    ]);
    if (!result.ok) {
      throw result.reason === 'not-active'
        ? problems.conflict(
            `Il documento ${idDoc} è stato sostituito da ${result.current?.replacedBy ?? '?'}`,
          )
        : problems.notFound(`Documento ${idDoc} non trovato`);
    }
    ok(req, res, 200, { workflowInstanceId: wii });
  });

  // --- Metadata update (ITI-57) -----------------------------------------------------------

  router.put(
    '/documents/:idDoc/metadata-iti-57',
    express.json({ limit: '1mb' }),
    async (req, res) => {
      const idDoc = String(req.params.idDoc);
      const bearer = await auth.authenticate(req.headers.authorization);
      const claims = await auth.signature(req.header('fse-jwt-signature'), bearer, {
        action: 'UPDATE',
        purposeOfUse: 'UPDATE',
        upload: false,
        xonLocality: false,
      });
      checkIdDoc(idDoc, 'identificativo documento');
      const body = checkBody(contract.schemas.PublicationMetadataReqDTO, req.body as unknown, '');
      checkDates(body);
      const wii = workflowInstanceIdOfDocument(idDoc);
      const tipoAttivita = String(body.tipoAttivitaClinica);
      const result = await store.updateMetadata(idDoc, metadataOf(body), at(req), [
        event(
          req,
          {
            workflowInstanceId: wii,
            eventType: 'RIFERIMENTI_INI',
            idDoc,
            tipoAttivita,
            message: 'Merge metadati effettuato correttamente',
          },
          claims,
        ),
        event(
          req,
          { workflowInstanceId: wii, eventType: 'INI_UPDATE', idDoc, tipoAttivita },
          claims,
        ),
        event(
          req,
          { workflowInstanceId: wii, eventType: 'EDS_UPDATE', idDoc, tipoAttivita },
          claims,
        ),
      ]);
      if (!result.ok) {
        throw result.reason === 'not-active'
          ? problems.conflict(`Il documento ${idDoc} è stato sostituito`)
          : problems.notFound(`Documento ${idDoc} non trovato`);
      }
      ok(req, res, 200, { workflowInstanceId: wii });
    },
  );

  // --- Transaction inspection and health --------------------------------------------------

  const inspect =
    (find: (key: string) => Promise<FseGatewayEvent[]>, param: string): RequestHandler =>
    async (req, res) => {
      await auth.authenticate(req.headers.authorization);
      const key = String(req.params[param]);
      const events = await find(key);
      if (events.length === 0) throw problems.notFound('No Record Found');
      ok(req, res, 200, { transactionData: events.map(statusCheckOf) });
    };
  router.get(
    '/status/search/:traceId',
    inspect((id) => store.eventsByTrace(id), 'traceId'),
  );
  router.get(
    '/status/:workflowInstanceId',
    inspect((id) => store.eventsByWorkflow(id), 'workflowInstanceId'),
  );
  router.get('/status', async (_req, res) => {
    await store.ping();
    // The contract declares application/problem+json for this 200 (a Spring actuator quirk).
    res.status(200).type('application/problem+json').json({ status: 'UP' });
  });

  // The rest of the contract (FHIR, validate-and-*) the embedded gateway does not offer.
  const notOffered: RequestHandler = (req) => {
    throw problems.notImplemented(`${req.method} ${req.path} non è offerto dal gateway locale`);
  };
  router.all('/fhir-documents', notOffered);
  router.all('/fhir-documents/:idDoc', notOffered);
  router.all('/documents/fhir-validation', notOffered);
  router.all('/documents/validate-and-create', notOffered);
  router.all('/documents/validate-and-replace/:idDoc', notOffered);

  router.use((req, _res, next) => {
    next(problems.notFound(`Nessun servizio ${req.method} ${req.path}`));
  });
  router.use(gatewayErrorHandler(options.logger));
  return router;
}

/** The embedded gateway alone on host:port (tests stop and restart it; `port` 0: any). */
export async function startLocalFseGateway(
  options: LocalFseGatewayOptions & { host?: string; port?: number; basePath?: string },
): Promise<Server> {
  const app = express();
  app.disable('x-powered-by');
  app.use(options.basePath ?? localFseGatewayPath, createLocalFseGateway(options));
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

/** The base URL a client uses for a gateway started by startLocalFseGateway. */
export function localGatewayUrl(server: Server, basePath = localFseGatewayPath): string {
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return `http://${host}:${port}${basePath}`;
}

// --- Helpers --------------------------------------------------------------------------------

/** Schematron failures are semantic (422), XSD and unknown types syntactic or semantic. */
function conformanceProblem(report: ConformanceReport): GatewayProblem {
  if (report.xsd.length > 0) {
    return problems.syntax(report.xsd.map((x) => x.message).join(','));
  }
  const messages = report.errors.map((e) => e.message);
  return problems.semantic(messages.length ? messages.join(',') : describeFailure(report));
}

/** The XDS metadata of a body, without the gateway's own fields. */
function metadataOf(body: Record<string, unknown>): Record<string, unknown> {
  const { workflowInstanceId: _w, mode: _m, healthDataFormat: _h, activity: _a, ...rest } = body;
  return rest;
}

function statusCheckOf(e: FseGatewayEvent): Record<string, string> {
  const out: Record<string, string | null> = {
    eventType: e.eventType,
    eventDate: e.eventDate,
    eventStatus: e.eventStatus,
    message: e.message,
    identificativoDocumento: e.idDoc,
    subject: e.subject,
    subjectRole: e.subjectRole,
    tipoAttivita: e.tipoAttivita,
    organizzazione: e.organizationId,
    workflowInstanceId: e.workflowInstanceId,
    traceId: e.traceId,
    issuer: e.issuer,
    expiringDate: e.expiringDate,
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== null)) as Record<
    string,
    string
  >;
}

function gatewayErrorHandler(logger: Logger | undefined): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    let problem: GatewayProblem;
    if (err instanceof GatewayProblem) {
      problem = err;
    } else if (isBodyParserError(err)) {
      problem =
        err.status === 413
          ? problems.tooLarge('Corpo della richiesta troppo grande')
          : problems.invalidField(`Corpo della richiesta non valido: ${err.message}`);
    } else {
      logger?.error({ err, path: req.path }, 'FSE gateway: unhandled error');
      problem = problems.generic(err instanceof Error ? err.message : 'Errore generico');
    }
    const traceId = req.fseTrace?.traceId ?? randomBytes(8).toString('hex');
    res
      .status(problem.status)
      .type('application/problem+json')
      .json({
        traceID: traceId,
        spanID: traceId,
        type: problem.type,
        title: problem.title,
        detail: problem.detail,
        status: problem.status,
        instance: problem.instance,
        ...(problem.workflowInstanceId ? { workflowInstanceId: problem.workflowInstanceId } : {}),
      });
  };
}

function isBodyParserError(err: unknown): err is { status: number; message: string } {
  return (
    typeof err === 'object' &&
    err !== null &&
    'type' in err &&
    'status' in err &&
    typeof (err as { status: unknown }).status === 'number'
  );
}
