import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { decodeProtectedHeader } from 'jose';
import { PDFDocument } from 'pdf-lib';
import {
  administrativeRequest,
  assettoOrganizzativo,
  tipoAttivitaClinica,
  tipoDocumentoLivAlto,
  tipologiaStruttura,
  type FseRequestContext,
  type PublicationMetadata,
} from '../../activities/fse/gateway-contract.js';
import { FseGatewayClient } from '../../activities/fse/gateway-client.js';
import { sha256Hex } from '../../platform/hashing.js';
import {
  FSE_REJECTED,
  FSE_UNAVAILABLE,
  FseGatewayRejection,
  FseGatewayUnavailable,
  FseRequestInvalid,
  toActivityFailure,
} from '../../activities/fse/gateway-errors.js';
import { FseJwtSigner, type GatewayTokens } from '../../activities/fse/gateway-jwt.js';
import { loadGatewayContract } from '../../api/fse-gateway/gateway-contract.js';
import { localGatewayUrl, startLocalFseGateway } from '../../api/fse-gateway/local-gateway.js';
import { createDb, type Db } from '../../db/connection.js';
import { migrateLatest, migrationNames } from '../../db/migrate.js';
import * as fseGatewayMigration from '../../db/migrations/010-fse-gateway.js';
import { FseGatewayStore } from '../../db/stores/fse-gateway-store.js';
import { ConfigError, loadConfig, type Config } from '../../platform/config.js';
import { CdaConformance } from '../../templates/conformance/cda-conformance.js';
import { createTestDatabase, dialects, type TestDatabase } from '../support/databases.js';
import { makeSignatureCertificate, opensslPresent } from '../support/fse.js';
import { requireOrSkip } from '../support/env.js';

/**
 * The FSE 2.0 gateway client (activities/fse) against the embedded gateway (api/fse-gateway)
 * on a real port, with the official example RSA embedded in PDFs made with pdf-lib, the
 * gateway's index on SQLite and on PostgreSQL; then the client's error mapping against stub
 * servers, the contract's enums against the client's, and the configuration.
 */

const conformance = CdaConformance.fromConfig();
const RSA_XML = readFileSync(path.join(conformance.files.dir, 'examples', 'RSA.xml'), 'utf8');
const RSA_ID = 'extension="030702.LCNLDE90L47H501Q.20220509102426.Q123E456"';
const PATIENT = 'GTWGWY82B42G920M'; // the example's recordTarget
const AUTHOR = 'RSSMRA75C03F839K';
const FIXED = new Date('2026-03-02T10:00:00Z');

/** The example RSA as another document: a new id, and setId (ERRORE-8: equal in version 1). */
function rsaVersion(extension: string): string {
  const xml = RSA_XML.replaceAll(RSA_ID, `extension="${extension}"`);
  assert.equal(xml.split(`extension="${extension}"`).length, 3, 'id and setId');
  return xml;
}

/** A one-page PDF report with `xml` attached the way the gateway wants it. */
async function reportPdf(xml: string, attachmentName = 'cda.xml'): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setCreationDate(FIXED);
  doc.setModificationDate(FIXED);
  doc.addPage().drawText('Referto di Specialistica Ambulatoriale', { x: 50, y: 750, size: 14 });
  await doc.attach(Buffer.from(xml, 'utf8'), attachmentName, {
    mimeType: 'text/xml',
    description: 'CDA R2',
    creationDate: FIXED,
    modificationDate: FIXED,
  });
  return doc.save();
}

const context: FseRequestContext = {
  author: { codiceFiscale: AUTHOR, role: 'AAS' },
  patient: { codiceFiscale: PATIENT },
  organizationId: '090',
  facility: { name: 'Ospedale di prova', code: '090201123456' },
  documentType: 'rsa',
};

let submission = 0;
function metadata(idDoc: string): PublicationMetadata {
  submission++;
  return {
    tipologiaStruttura: 'Ospedale',
    tipoDocumentoLivAlto: 'REF',
    assettoOrganizzativo: 'AD_PSC131',
    tipoAttivitaClinica: 'ERP',
    identificativoSottomissione: `2.16.840.1.113883.2.9.2.90.4.3.${submission}`,
    identificativoDoc: idDoc,
    identificativoRep: '2.16.840.1.113883.2.9.2.90.4.5.1',
    dataInizioPrestazione: new Date('2026-03-02T09:00:00Z'),
    dataFinePrestazione: '20260302093000',
    attiCliniciRegoleAccesso: ['P99'],
    administrativeRequest: ['SSN'],
    descriptions: ['019655^Bentelan^2.16.840.1.113883.2.9.6.1.5'],
  };
}

const idDocOf = (n: string) => `2.16.840.1.113883.2.9.2.90.4.4^${n}`;

function rsaKeyPem(): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

function configWith(env: Record<string, string>): Config {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'percorsi-fse-config-'));
  return loadConfig({ DATA_DIR: dataDir, ...env });
}

async function migrate(db: Db): Promise<void> {
  await migrateLatest(db);
  // db/migrate.ts lists the migrations; until it lists 010, the suite applies it itself.
  if (!migrationNames.includes('010-fse-gateway')) await fseGatewayMigration.up(db);
}

async function stop(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** The rejection a call ends with, checked to be one. */
async function rejection(call: Promise<unknown>): Promise<FseGatewayRejection> {
  try {
    await call;
  } catch (err) {
    assert.ok(err instanceof FseGatewayRejection, `expected a rejection, got ${String(err)}`);
    return err;
  }
  assert.fail('the gateway accepted it');
}

for (const dialect of dialects) {
  describe(`FSE gateway client and embedded gateway (index on ${dialect})`, function () {
    this.timeout(120_000);
    let database: TestDatabase;
    let db: Db;
    let store: FseGatewayStore;
    let config: Config;
    let server: Server;
    let port: number;
    let client: FseGatewayClient;
    const rsaPdf = () => reportPdf(RSA_XML);

    const startGateway = async (listenPort = 0) =>
      startLocalFseGateway({
        db,
        conformance,
        jwtKey: config.fseGateway.jwtKey,
        audience: config.fseGateway.audience,
        port: listenPort,
      });

    /** A multipart request built by hand, for what the client would never send. */
    const rawUpload = async (
      urlPath: string,
      parts: { tokens: Partial<GatewayTokens>; requestBody?: unknown; pdf?: Uint8Array },
      method = 'POST',
    ) => {
      const form = new FormData();
      if (parts.requestBody !== undefined) {
        form.append(
          'requestBody',
          typeof parts.requestBody === 'string'
            ? parts.requestBody
            : JSON.stringify(parts.requestBody),
        );
      }
      if (parts.pdf) form.append('file', new Blob([Uint8Array.from(parts.pdf)]), 'r.pdf');
      const res = await fetch(`${localGatewayUrl(server)}${urlPath}`, {
        method,
        headers: {
          ...(parts.tokens.authorization ? { authorization: parts.tokens.authorization } : {}),
          ...(parts.tokens.signature ? { 'fse-jwt-signature': parts.tokens.signature } : {}),
        },
        body: form,
      });
      return {
        status: res.status,
        type: res.headers.get('content-type'),
        body: (await res.json()) as Record<string, unknown>,
      };
    };
    const signer = () =>
      new FseJwtSigner({
        key: config.fseGateway.jwtKey,
        issuer: config.fseGateway.issuer,
        audience: config.fseGateway.audience,
        application: { id: 'PERCORSI', vendor: 'Percorsi', version: 'test' },
      });
    const parsedContext = {
      author: { codiceFiscale: AUTHOR, role: 'AAS' as const },
      patient: { codiceFiscale: PATIENT },
      organizationId: '090' as const,
      facility: { name: 'Ospedale di prova', code: '090201123456' },
      documentType: 'rsa' as const,
      patientConsent: true,
    };

    before(async () => {
      database = await createTestDatabase(dialect);
      db = createDb(database.config);
      await migrate(db);
      store = new FseGatewayStore(db);
      // The signature certificate's key as an operator configures it: PEM text with \n escapes.
      config = configWith({
        FSE_GATEWAY_JWT_KEY: rsaKeyPem().replace(/\n/g, '\\n'),
        FSE_GATEWAY_JWT_ISSUER: 'S1#999000PERCORSITEST',
      });
      assert.equal(config.fseGateway.jwtKey.alg, 'RS256');
      server = await startGateway();
      port = (server.address() as AddressInfo).port;
      client = FseGatewayClient.fromConfig(config.fseGateway, { baseUrl: localGatewayUrl(server) });
    });

    after(async () => {
      if (server?.listening) await stop(server);
      await db?.destroy();
      await database?.drop();
    });

    it('validates the official example RSA: 200 for VERIFICA, 201 for VALIDATION', async () => {
      const pdf = await rsaPdf();
      const verifica = await client.validate({ pdf, context, activity: 'VERIFICA' });
      assert.equal(verifica.httpStatus, 200);
      assert.equal(verifica.warning, null);
      assert.match(verifica.traceId ?? '', /^[0-9a-f]{16}$/);

      const validation = await client.validate({ pdf, context });
      assert.equal(validation.httpStatus, 201);
      // <id/@root>.<sha256 of id/@extension>.<10 hex>^^^^urn:ihe:iti:xdw:2013:workflowInstanceId
      assert.match(
        validation.workflowInstanceId,
        /^2\.16\.840\.1\.113883\.2\.9\.2\.120\.4\.4\.[0-9a-f]{64}\.[0-9a-f]{10}\^\^\^\^urn:ihe:iti:xdw:2013:workflowInstanceId$/,
      );
      assert.notEqual(validation.workflowInstanceId, verifica.workflowInstanceId);
      const status = await client.status(validation.workflowInstanceId, { codiceFiscale: AUTHOR });
      assert.deepEqual(
        status.events.map((e) => [e.eventType, e.eventStatus, e.subjectRole, e.organizzazione]),
        [['VALIDATION', 'SUCCESS', 'AAS', '090']],
      );
      assert.equal(status.events[0]?.issuer, 'integrity:S1#999000PERCORSITEST');
    });

    it('refuses a CDA that breaks a schematron rule with the rule’s own message (422)', async () => {
      const pdf = await reportPdf(
        RSA_XML.replace('<realmCode code="IT"/>', '<realmCode code="FR"/>'),
      );
      const err = await rejection(client.validate({ pdf, context }));
      assert.equal(err.status, 422);
      assert.equal(err.type, '/msg/semantic');
      assert.equal(err.title, 'Errore semantico.');
      assert.match(err.detail ?? '', /^ERRORE-2\| L'elemento ClinicalDocument\/realmCode/);
      assert.equal(err.retryable, false);
      // The transaction exists, with its blocking error, like the national gateway records it.
      assert.ok(err.workflowInstanceId);
      const status = await client.status(err.workflowInstanceId, { codiceFiscale: AUTHOR });
      assert.equal(status.events[0]?.eventStatus, 'BLOCKING_ERROR');
      assert.match(status.events[0]?.message ?? '', /ERRORE-2/);

      const failure = toActivityFailure(err);
      assert.ok(failure instanceof ApplicationFailure);
      assert.equal(failure.type, FSE_REJECTED);
      assert.equal(failure.nonRetryable, true);
    });

    it('refuses what the XSD refuses, and what is not a CDA attachment', async () => {
      const xsd = await rejection(
        client.validate({
          pdf: await reportPdf(
            RSA_XML.replace('<languageCode code="it-IT"/>', '<languageCode code="it-IT"/><bogus/>'),
          ),
          context,
        }),
      );
      assert.equal(xsd.status, 400);
      assert.equal(xsd.type, '/msg/syntax');
      assert.match(xsd.detail ?? '', /bogus/);

      const noCda = await rejection(
        client.validate({ pdf: await reportPdf(RSA_XML, 'referto.xml'), context }),
      );
      assert.equal(noCda.status, 400);
      assert.equal(noCda.type, '/msg/cda-element');

      const notPdf = await rejection(
        client.validate({ pdf: Buffer.from('<html>referto</html>'), context }),
      );
      assert.equal(notPdf.status, 415);
      assert.equal(notPdf.type, '/msg/document-type');
    });

    it('publishes a validated document: 202, then the transaction’s events', async () => {
      // 1. Without a validation of this CDA the publication is refused.
      const unvalidated = await reportPdf(rsaVersion('never-validated'));
      const refused = await rejection(
        client.publish({ pdf: unvalidated, context, metadata: metadata(idDocOf('nv')) }),
      );
      assert.equal(refused.status, 400);
      assert.equal(refused.type, '/msg/cda-match');
      assert.equal(refused.detail, 'Il CDA non risulta validato');

      // 2. Validate, then publish with the workflowInstanceId the validation returned.
      const pdf = await rsaPdf();
      const validation = await client.validate({ pdf, context });
      const published = await client.publish({
        pdf,
        context,
        metadata: metadata(idDocOf('pub-1')),
        workflowInstanceId: validation.workflowInstanceId,
      });
      assert.equal(published.httpStatus, 202);
      assert.equal(published.workflowInstanceId, validation.workflowInstanceId);

      // 3. The events of the transaction, then those of this request alone.
      const status = await client.status(published.workflowInstanceId, { codiceFiscale: AUTHOR });
      assert.deepEqual(
        status.events.map((e) => [e.eventType, e.eventStatus, e.identificativoDocumento]),
        [
          ['VALIDATION', 'SUCCESS', null],
          ['PUBLICATION', 'SUCCESS', idDocOf('pub-1')],
          ['SEND_TO_INI', 'SUCCESS', idDocOf('pub-1')],
          ['SEND_TO_EDS', 'SUCCESS', idDocOf('pub-1')],
        ],
      );
      const byTrace = await client.statusByTrace(published.traceId!, { codiceFiscale: AUTHOR });
      assert.deepEqual(
        byTrace.events.map((e) => e.eventType),
        ['PUBLICATION', 'SEND_TO_INI', 'SEND_TO_EDS'],
      );
      assert.equal(byTrace.events[0]?.tipoAttivita, 'ERP');

      // 4. The index: what was published, for whom, with which metadata.
      const doc = await store.getDocument(idDocOf('pub-1'));
      assert.equal(doc?.status, 'published');
      assert.equal(doc?.documentType, '11488-4');
      assert.equal(doc?.cdaType, 'rsa');
      assert.equal(doc?.patientId, PATIENT);
      assert.equal(doc?.cdaSha256, sha256Hex(Buffer.from(RSA_XML, 'utf8')));
      assert.equal(doc?.pdfSha256, sha256Hex(pdf));
      assert.equal(doc?.metadata.dataInizioPrestazione, '20260302090000');
      assert.equal(doc?.metadata.tipoDocumentoLivAlto, 'REF');
      assert.equal(doc?.metadata.mode, undefined, 'the gateway’s own fields are not metadata');

      // 5. Without a workflowInstanceId the gateway finds the validation by the CDA's hash.
      const again = await client.publish({ pdf, context, metadata: metadata(idDocOf('pub-2')) });
      assert.equal(again.workflowInstanceId, validation.workflowInstanceId);
    });

    it('answers 409 to a second publication of the same identificativoDoc, and keeps the first', async () => {
      const pdf = await reportPdf(rsaVersion('dup'));
      await client.validate({ pdf, context });
      const first = await client.publish({ pdf, context, metadata: metadata(idDocOf('dup')) });
      const err = await rejection(
        client.publish({ pdf, context, metadata: metadata(idDocOf('dup')) }),
      );
      assert.equal(err.status, 409);
      assert.match(err.detail ?? '', /già pubblicato/);
      const doc = await store.getDocument(idDocOf('dup'));
      assert.equal(doc?.workflowInstanceId, first.workflowInstanceId);
      assert.equal(doc?.status, 'published');
      const events = await store.eventsByTrace(err.traceId!);
      assert.deepEqual(
        events.map((e) => [e.eventType, e.eventStatus]),
        [['PUBLICATION', 'BLOCKING_ERROR']],
      );
    });

    it('replaces a published document with a new one, marks the old replaced, refuses to do it twice', async () => {
      const v1 = await reportPdf(rsaVersion('repl-v1'));
      await client.validate({ pdf: v1, context });
      await client.publish({ pdf: v1, context, metadata: metadata(idDocOf('repl-1')) });

      const v2 = await reportPdf(rsaVersion('repl-v2'));
      const validation = await client.validate({ pdf: v2, context });
      const replaced = await client.replace(idDocOf('repl-1'), {
        pdf: v2,
        context,
        metadata: metadata(idDocOf('repl-2')),
        workflowInstanceId: validation.workflowInstanceId,
      });
      assert.equal(replaced.httpStatus, 202);

      const old = await store.getDocument(idDocOf('repl-1'));
      const current = await store.getDocument(idDocOf('repl-2'));
      assert.equal(old?.status, 'replaced');
      assert.equal(old?.replacedBy, idDocOf('repl-2'));
      assert.equal(current?.status, 'published');
      assert.equal(current?.replaces, idDocOf('repl-1'));
      const status = await client.status(replaced.workflowInstanceId, { codiceFiscale: AUTHOR });
      assert.deepEqual(
        status.events.map((e) => e.eventType),
        ['VALIDATION', 'REPLACE', 'SEND_TO_INI', 'SEND_TO_EDS'],
      );

      // The replaced document cannot be replaced again; an unknown one is not found.
      const twice = await rejection(
        client.replace(idDocOf('repl-1'), {
          pdf: v2,
          context,
          metadata: metadata(idDocOf('repl-3')),
        }),
      );
      assert.equal(twice.status, 409);
      assert.match(twice.detail ?? '', /sostituito da .*repl-2/);
      const unknown = await rejection(
        client.replace(idDocOf('nobody'), {
          pdf: v2,
          context,
          metadata: metadata(idDocOf('repl-4')),
        }),
      );
      assert.equal(unknown.status, 404);
      assert.equal(unknown.type, '/msg/record-not-found');
      assert.equal(await store.getDocument(idDocOf('repl-4')), null, 'nothing half-written');
    });

    it('updates the metadata of a published document, then deletes it', async () => {
      const pdf = await reportPdf(rsaVersion('del'));
      await client.validate({ pdf, context });
      await client.publish({ pdf, context, metadata: metadata(idDocOf('del')) });

      const { identificativoDoc: _d, identificativoRep: _r, ...fields } = metadata(idDocOf('del'));
      const updated = await client.updateMetadata(idDocOf('del'), {
        context: { ...context, documentType: undefined },
        metadata: { ...fields, tipoAttivitaClinica: 'CON' },
      });
      assert.equal(updated.httpStatus, 200);
      assert.equal((await store.getDocument(idDocOf('del')))?.metadata.tipoAttivitaClinica, 'CON');

      const deleted = await client.delete(idDocOf('del'), { context });
      assert.equal(deleted.httpStatus, 200);
      assert.match(deleted.workflowInstanceId, /^[0-9a-f]{64}\.[0-9a-f]{10}\^\^\^\^urn:ihe/);
      const doc = await store.getDocument(idDocOf('del'));
      assert.equal(doc?.status, 'deleted');
      assert.ok(doc?.deletedAt);
      const status = await client.status(deleted.workflowInstanceId, { codiceFiscale: AUTHOR });
      assert.deepEqual(
        status.events.map((e) => e.eventType),
        ['RIFERIMENTI_INI', 'INI_DELETE', 'EDS_DELETE'],
      );

      assert.equal((await rejection(client.delete(idDocOf('del'), { context }))).status, 404);
      const late = await rejection(
        client.updateMetadata(idDocOf('del'), { context, metadata: fields }),
      );
      assert.equal(late.status, 404);
      const unknown = await rejection(
        client.status('no-such-transaction', { codiceFiscale: AUTHOR }),
      );
      assert.equal(unknown.status, 404);
      assert.equal(unknown.type, '/msg/record-not-found');
    });

    it('refuses bad tokens: 401 for the Authorization one, 403 for FSE-JWT-Signature', async () => {
      const pdf = await rsaPdf();
      // 1. Signed with another key.
      const stranger = FseGatewayClient.fromConfig(
        configWith({ FSE_GATEWAY_JWT_KEY: rsaKeyPem() }).fseGateway,
        { baseUrl: localGatewayUrl(server) },
      );
      const foreign = await rejection(stranger.validate({ pdf, context }));
      assert.equal(foreign.status, 401);
      assert.equal(foreign.type, '/msg/mandatory-element-token');

      // 2. Expired an hour ago.
      const late = FseGatewayClient.fromConfig(config.fseGateway, {
        baseUrl: localGatewayUrl(server),
        clock: () => new Date(Date.now() - 3_600_000),
      });
      const expired = await rejection(late.validate({ pdf, context }));
      assert.equal(expired.status, 401);
      assert.match(expired.detail ?? '', /exp/);

      // 3. Authorization alone, or a signature token signed by someone else.
      const good = await signer().tokens({
        context: parsedContext,
        action: 'CREATE',
        purposeOfUse: 'TREATMENT',
        attachmentHash: sha256Hex(pdf),
      });
      const requestBody = { activity: 'VALIDATION', mode: 'ATTACHMENT', healthDataFormat: 'CDA' };
      const missing = await rawUpload('/documents/validation', {
        tokens: { authorization: good.authorization },
        requestBody,
        pdf,
      });
      assert.equal(missing.status, 403);
      assert.equal(missing.type, 'application/problem+json; charset=utf-8');
      assert.equal(missing.body.type, '/msg/missing-token');
      const forged = await rawUpload('/documents/validation', {
        tokens: {
          authorization: good.authorization,
          signature: (
            await new FseJwtSigner({
              key: { alg: 'HS256', secret: 'a-secret-that-is-not-the-gateway-key-000' },
              issuer: 'X',
              audience: config.fseGateway.audience,
              application: { id: 'X', vendor: 'X', version: '1' },
            }).tokens({ context: parsedContext, action: 'CREATE', purposeOfUse: 'TREATMENT' })
          ).signature,
        },
        requestBody,
        pdf,
      });
      assert.equal(forged.status, 403);
      assert.equal(forged.body.type, '/msg/mandatory-element-token');

      // 4. Well signed, but not for this operation, patient or document type.
      const deleteToken = await signer().tokens({
        context: parsedContext,
        action: 'DELETE',
        purposeOfUse: 'UPDATE',
        attachmentHash: sha256Hex(pdf),
      });
      const wrongAction = await rawUpload('/documents/validation', {
        tokens: deleteToken,
        requestBody,
        pdf,
      });
      assert.equal(wrongAction.status, 403);
      assert.match(String(wrongAction.body.detail), /action_id/);
      const otherPatient = await rejection(
        client.validate({ pdf, context: { ...context, patient: { codiceFiscale: AUTHOR } } }),
      );
      assert.equal(otherPatient.status, 403);
      assert.equal(otherPatient.instance, '/jwt-person-id');
      const otherType = await rejection(
        client.validate({ pdf, context: { ...context, documentType: 'referto-televisita' } }),
      );
      assert.equal(otherType.status, 403);
      assert.equal(otherType.instance, '/jwt-document-type');

      // 5. No token at all on the status service.
      const res = await fetch(`${localGatewayUrl(server)}/status/whatever`);
      assert.equal(res.status, 401);
    });

    it('refuses a file whose SHA-256 is not the attachment_hash the token signs', async () => {
      const pdf = await rsaPdf();
      const other = await reportPdf(rsaVersion('other-file'));
      const tokens = await signer().tokens({
        context: parsedContext,
        action: 'CREATE',
        purposeOfUse: 'TREATMENT',
        attachmentHash: sha256Hex(other),
      });
      const res = await rawUpload('/documents/validation', {
        tokens,
        requestBody: { activity: 'VALIDATION', mode: 'ATTACHMENT' },
        pdf,
      });
      assert.equal(res.status, 400);
      assert.equal(res.body.type, '/msg/document-hash');
      assert.equal(res.body.title, 'Verifica hash fallita.');
    });

    it('refuses metadata outside the contract with the field’s path (400), before anything is kept', async () => {
      const pdf = await rsaPdf();
      await client.validate({ pdf, context });
      const tokens = await signer().tokens({
        context: parsedContext,
        action: 'CREATE',
        purposeOfUse: 'TREATMENT',
        attachmentHash: sha256Hex(pdf),
      });
      const good = { mode: 'ATTACHMENT', healthDataFormat: 'CDA', ...metadata(idDocOf('bad')) };
      good.dataInizioPrestazione = '20260302090000';
      const { tipoDocumentoLivAlto: _t, ...missing } = good;
      const cases: [unknown, number, string, RegExp][] = [
        [
          missing,
          400,
          '/msg/mandatory-element',
          /requestBody\.tipoDocumentoLivAlto deve essere valorizzato/,
        ],
        [
          { ...good, tipoDocumentoLivAlto: 'XYZ' },
          400,
          '/msg/invalid-format',
          /requestBody\.tipoDocumentoLivAlto/,
        ],
        [
          { ...good, assettoOrganizzativo: 'AD_PSC016' },
          400,
          '/msg/invalid-format',
          /assettoOrganizzativo/,
        ],
        [{ ...good, nonPrevisto: 1 }, 400, '/msg/invalid-format', /nonPrevisto/],
        [
          { ...good, identificativoRep: 'x'.repeat(101) },
          400,
          '/msg/invalid-format',
          /identificativoRep/,
        ],
        [
          { ...good, dataInizioPrestazione: '2026-03-02' },
          400,
          '/msg/invalid-format',
          /data inizio/,
        ],
        [{ ...good, identificativoDoc: 'a^b^c' }, 400, '/msg/id-doc', /a\^b\^c/],
        ['{not json', 400, '/msg/invalid-format', /JSON/],
      ];
      for (const [requestBody, status, type, detail] of cases) {
        const res = await rawUpload('/documents', { tokens, requestBody, pdf });
        assert.equal(res.status, status, JSON.stringify(res.body));
        assert.equal(res.body.type, type);
        assert.match(String(res.body.detail), detail);
      }
      assert.equal(await store.getDocument(idDocOf('bad')), null);

      // The client checks the same contract before sending anything.
      let sent = 0;
      const counting = FseGatewayClient.fromConfig(config.fseGateway, {
        baseUrl: localGatewayUrl(server),
        fetch: (input, init) => {
          sent++;
          return fetch(input, init);
        },
      });
      await assert.rejects(
        counting.publish({
          pdf,
          context,
          metadata: { ...metadata(idDocOf('bad')), tipoDocumentoLivAlto: 'XYZ' as 'REF' },
        }),
        (err: unknown) =>
          err instanceof FseRequestInvalid &&
          err.errors.some((e) => e.path === 'metadata.tipoDocumentoLivAlto'),
      );
      await assert.rejects(
        counting.validate({
          pdf,
          context: { ...context, patient: { codiceFiscale: 'RSSMRA75C03F839X' } },
        }),
        (err: unknown) =>
          err instanceof FseRequestInvalid && /patient\.codiceFiscale/.test(err.message),
      );
      assert.equal(sent, 0);
      const failure = toActivityFailure(new FseRequestInvalid('x', []));
      assert.ok(failure instanceof ApplicationFailure && failure.nonRetryable);
    });

    it('refuses a PDF larger than the gateway accepts with 413', async () => {
      const small = await startLocalFseGateway({
        db,
        conformance,
        jwtKey: config.fseGateway.jwtKey,
        audience: config.fseGateway.audience,
        maxFileBytes: 2048,
      });
      try {
        const tight = FseGatewayClient.fromConfig(config.fseGateway, {
          baseUrl: localGatewayUrl(small),
        });
        const err = await rejection(tight.validate({ pdf: await rsaPdf(), context }));
        assert.equal(err.status, 413);
        assert.equal(err.type, '/msg/payload-too-large');
      } finally {
        await stop(small);
      }
    });

    it('is unavailable (retryable) while the gateway is stopped, and works again once restarted', async () => {
      const pdf = await rsaPdf();
      assert.deepEqual(await client.health(), { up: true });
      await stop(server);

      await assert.rejects(client.validate({ pdf, context }), (err: unknown) => {
        assert.ok(err instanceof FseGatewayUnavailable, String(err));
        assert.equal(err.status, null);
        assert.equal(err.retryable, true);
        assert.match(err.message, /unreachable \(ECONNREFUSED\)/);
        const failure = toActivityFailure(err);
        assert.ok(failure instanceof ApplicationFailure);
        assert.equal(failure.type, FSE_UNAVAILABLE);
        assert.equal(failure.nonRetryable, false);
        return true;
      });
      await assert.rejects(client.health(), FseGatewayUnavailable);

      server = await startGateway(port);
      const validation = await client.validate({ pdf, context });
      assert.equal(validation.httpStatus, 201);
      const published = await client.publish({
        pdf,
        context,
        metadata: metadata(idDocOf('after-restart')),
        workflowInstanceId: validation.workflowInstanceId,
      });
      assert.equal(published.httpStatus, 202);
    });

    it('has a migration that goes down and up again', async () => {
      await fseGatewayMigration.down(db);
      assert.equal(await db.schema.hasTable('fse_gateway_documents'), false);
      await fseGatewayMigration.up(db);
      assert.equal(await db.schema.hasTable('fse_gateway_events'), true);
    });
  });
}

describe('FSE gateway client: how answers map to errors', function () {
  let stub: Server;
  let handler: RequestListener;
  let client: FseGatewayClient;
  const caller = { codiceFiscale: AUTHOR };

  before(async () => {
    stub = createServer((req, res) => handler(req, res));
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    const config = configWith({});
    client = FseGatewayClient.fromConfig(
      { ...config.fseGateway, timeoutMs: 1000 },
      { baseUrl: `http://127.0.0.1:${(stub.address() as AddressInfo).port}/v1` },
    );
  });
  after(() => stop(stub));

  const answer =
    (status: number, body: unknown, headers: Record<string, string> = {}): RequestListener =>
    (_req, res) => {
      res.writeHead(status, { 'content-type': 'application/problem+json', ...headers });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };

  it('turns 503 and 429 into retryable unavailability that honours Retry-After', async () => {
    handler = answer(
      503,
      { type: '/msg/generic-error', detail: 'manutenzione' },
      { 'retry-after': '7' },
    );
    await assert.rejects(client.status('w', caller), (err: unknown) => {
      assert.ok(err instanceof FseGatewayUnavailable);
      assert.equal(err.status, 503);
      assert.equal(err.retryAfterSeconds, 7);
      const failure = toActivityFailure(err) as ApplicationFailure;
      assert.equal(failure.nonRetryable, false);
      assert.equal(failure.nextRetryDelay, '7s');
      return true;
    });
    handler = answer(429, 'slow down');
    await assert.rejects(client.status('w', caller), (err: unknown) => {
      return err instanceof FseGatewayUnavailable && err.status === 429;
    });
  });

  it('turns a 4xx problem into a rejection carrying its fields', async () => {
    handler = answer(400, {
      traceID: 'abc',
      type: '/msg/mandatory-element',
      title: 'Campo obbligatorio non presente.',
      detail: 'Il campo identificativo documento deve essere valorizzato',
      status: 400,
      instance: '/request-missing-field',
    });
    const err = await rejection(client.delete(idDocOf('x'), { context }));
    assert.equal(err.status, 400);
    assert.equal(err.type, '/msg/mandatory-element');
    assert.equal(err.title, 'Campo obbligatorio non presente.');
    assert.equal(err.detail, 'Il campo identificativo documento deve essere valorizzato');
    assert.equal(err.instance, '/request-missing-field');
    assert.equal(err.traceId, 'abc');
  });

  it('treats a 2xx outside the contract, and silence, as unavailability', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"traceID":"t"}');
    };
    await assert.rejects(
      client.delete(idDocOf('x'), { context }),
      (err: unknown) =>
        err instanceof FseGatewayUnavailable && /outside the contract/.test(err.message),
    );
    handler = () => undefined; // never answers
    const started = Date.now();
    await assert.rejects(
      client.status('w', caller),
      (err: unknown) =>
        err instanceof FseGatewayUnavailable && /no answer within 1000 ms/.test(err.message),
    );
    assert.ok(Date.now() - started < 5000);
    stub.closeAllConnections();
  });
});

describe('FSE gateway contract', () => {
  it('the client’s enums are the contract’s (gateway/swagger_gtw.yaml)', () => {
    const contract = loadGatewayContract(
      path.join(conformance.files.dir, 'gateway', 'swagger_gtw.yaml'),
    );
    for (const dto of [
      'PublicationCreationReqDTO',
      'PublicationUpdateReqDTO',
      'PublicationMetadataReqDTO',
    ]) {
      assert.deepEqual(contract.enumOf(dto, 'tipologiaStruttura'), [...tipologiaStruttura]);
      assert.deepEqual(contract.enumOf(dto, 'tipoDocumentoLivAlto'), [...tipoDocumentoLivAlto]);
      assert.deepEqual(contract.enumOf(dto, 'assettoOrganizzativo'), [...assettoOrganizzativo]);
      assert.deepEqual(contract.enumOf(dto, 'tipoAttivitaClinica'), [...tipoAttivitaClinica]);
      assert.deepEqual(contract.enumOf(dto, 'administrativeRequest'), [...administrativeRequest]);
    }
    assert.deepEqual(contract.enumOf('ValidationCDAReqDTO', 'activity'), [
      'VERIFICA',
      'VALIDATION',
    ]);
  });
});

describe('FSE gateway configuration', () => {
  it('defaults to the embedded gateway on loopback with a key derived from the session secret', () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'percorsi-fse-config-'));
    const a = loadConfig({ DATA_DIR: dataDir, HOST: '0.0.0.0', PORT: '4100' }).fseGateway;
    const b = loadConfig({ DATA_DIR: dataDir }).fseGateway;
    assert.equal(a.url, null);
    assert.equal(a.baseUrl, 'http://127.0.0.1:4100/fse-gateway/v1');
    assert.equal(a.audience, 'urn:percorsi:fse-gateway-locale');
    assert.equal(a.jwtKey.alg, 'HS256');
    assert.deepEqual(a.jwtKey, b.jwtKey, 'stable across restarts');
    assert.throws(
      () => loadConfig({ DATA_DIR: dataDir, FSE_GATEWAY_JWT_KEY: 'short' }),
      /32 characters/,
    );
  });

  it('requires the signature certificate, its key and its CN for the national gateway', function () {
    const url = 'https://modipa-val.fse.salute.gov.it/govway/rest/in/FSE/gateway/v1';
    assert.throws(
      () => configWith({ FSE_GATEWAY_URL: url }),
      (err: unknown) =>
        err instanceof ConfigError &&
        ['FSE_GATEWAY_JWT_KEY', 'FSE_GATEWAY_JWT_CERT', 'FSE_GATEWAY_JWT_ISSUER'].every((n) =>
          err.message.includes(n),
        ),
    );
    requireOrSkip(this, opensslPresent, 'openssl not found: cannot make a test certificate');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'percorsi-fse-cert-'));
    try {
      const signature = makeSignatureCertificate(dir, 'S1#999000PERCORSITEST');
      const env = { FSE_GATEWAY_URL: `${url}/`, ...signature.env };
      const fse = configWith(env).fseGateway;
      assert.equal(fse.url, url);
      assert.equal(fse.baseUrl, url);
      assert.equal(fse.audience, url);
      assert.ok(fse.jwtKey.alg === 'RS256' && fse.jwtKey.certificateDer);
      assert.throws(
        () => configWith({ ...env, FSE_GATEWAY_JWT_KEY: rsaKeyPem().replace(/\n/g, '\\n') }),
        /does not belong to FSE_GATEWAY_JWT_KEY/,
      );
      assert.throws(
        () => configWith({ ...env, FSE_GATEWAY_JWT_CERT: signature.key }),
        /FSE_GATEWAY_JWT_CERT/,
      );
      return checkX5c(fse);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** The tokens the national gateway receives carry the certificate as x5c, RS256-signed. */
async function checkX5c(fse: Config['fseGateway']): Promise<void> {
  const signer = new FseJwtSigner({
    key: fse.jwtKey,
    issuer: fse.issuer,
    audience: fse.audience,
    application: { id: 'PERCORSI', vendor: 'Percorsi', version: 'test' },
  });
  const auth = await signer.authorization(AUTHOR);
  const header = decodeProtectedHeader(auth.replace('Bearer ', ''));
  assert.equal(header.alg, 'RS256');
  assert.equal(header.typ, 'JWT');
  assert.deepEqual(header.x5c, [fse.jwtKey.alg === 'RS256' ? fse.jwtKey.certificateDer : null]);
}
