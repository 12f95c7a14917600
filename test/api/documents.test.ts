import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { startLocalFseGateway } from '../../api/fse-gateway/local-gateway.js';
import { CdaConformance } from '../../templates/conformance/cda-conformance.js';
import { documentTypeSpec } from '../../templates/documents/registry.js';
import { renderPdf } from '../../templates/pdf/render-pdf.js';
import { demoUsers, loginCookie, waitFor } from '../support/api-client.js';
import { requireOrSkip } from '../support/env.js';
import { makeSignatureCertificate, opensslPresent } from '../support/fse.js';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';
import { freePort } from '../support/ports.js';
import { enrolWithRedAlert } from '../support/telemonitoring.js';

const run = promisify(execFile);
const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

interface DocumentDto {
  id: string;
  type: string;
  version: number;
  status: string;
  replacesId: string | null;
  cdaId: string;
  setId: string;
  pdfSha256: string;
  cdaSha256: string | null;
  authorName: string;
  conformance: { schematron: string; assertionsChecked: number; warnings: unknown[] } | null;
  fse: { status: string; detail: string | null; workflowInstanceId: string | null };
}

/** The clinical content of a type's sample: the sample without the header. */
function contentOf(type: string, index = 0): Record<string, unknown> {
  const sample = documentTypeSpec(type)!.samples()[index] as Record<string, unknown>;
  const { header: _header, ...content } = sample;
  return content;
}

/** The encounter of a type's sample, so that its services fall inside it. */
function encounterOf(type: string, index = 0): { start: string; end?: string } {
  const sample = documentTypeSpec(type)!.samples()[index] as {
    header: { encounter: { start: string; end?: string } };
  };
  const { start, end } = sample.header.encounter;
  return end ? { start, end } : { start };
}

async function pdfText(pdf: Buffer): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'percorsi-doc-'));
  try {
    await writeFile(path.join(dir, 'd.pdf'), pdf);
    await run('pdftotext', ['-layout', path.join(dir, 'd.pdf'), path.join(dir, 'd.txt')]);
    return await readFile(path.join(dir, 'd.txt'), 'utf8');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The embedded files of a PDF as poppler extracts them (pdfdetach -saveall). */
async function attachments(pdf: Buffer): Promise<Map<string, Buffer>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'percorsi-att-'));
  try {
    await writeFile(path.join(dir, 'd.pdf'), pdf);
    const out = path.join(dir, 'out');
    await run('mkdir', [out]);
    await run('pdfdetach', ['-saveall', '-o', out, path.join(dir, 'd.pdf')]);
    const names = (await run('ls', [out])).stdout.split('\n').filter(Boolean);
    const files = new Map<string, Buffer>();
    for (const n of names) files.set(n, await readFile(path.join(out, n)));
    return files;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const popplerPresent = ['/usr/bin/pdftotext', '/usr/bin/pdfdetach'].every(existsSync);

describe('API: clinical documents (repository, conformance, FSE publication on the embedded gateway)', function () {
  this.timeout(180_000);
  let t: TestPlatform;
  let doctor: string;
  let nurse: string;
  let patient: string;
  let otherDoctor: string;
  let designer: string;
  let admin: string;
  let patientId: string;
  const api = () => request(t.baseUrl);
  /** A download exactly as the server sent it. */
  const bytes = async (url: string, cookie: string) => {
    const res = await fetch(`${t.baseUrl}${url}`, { headers: { cookie } });
    assert.equal(res.status, 200, url);
    return Buffer.from(await res.arrayBuffer());
  };

  const waitFse = (id: string, status: string, cookie = doctor) =>
    waitFor(
      `document ${id} FSE ${status}`,
      async () => {
        const res = await api().get(`/api/documents/${id}`).set('cookie', cookie);
        const d = res.body as DocumentDto;
        return d.fse?.status === status ? d : null;
      },
      60_000,
    );

  before(async () => {
    t = await startTestPlatform();
    [doctor, nurse, patient, otherDoctor, designer, admin] = await Promise.all([
      loginCookie(t.baseUrl, demoUsers.centro.doctor),
      loginCookie(t.baseUrl, demoUsers.centro.nurse),
      loginCookie(t.baseUrl, demoUsers.centro.patient),
      loginCookie(t.baseUrl, demoUsers.nord.doctor),
      loginCookie(t.baseUrl, demoUsers.centro.designer),
      loginCookie(t.baseUrl, demoUsers.centro.admin),
    ]);
    patientId = (await api().get('/api/me/patient').set('cookie', patient)).body.patient
      .id as string;
  });
  after(() => t?.close());

  let televisita: DocumentDto;

  it('signs a Referto di Televisita: checked, stored with its hashes, published to the FSE', async () => {
    requireOrSkip(this.ctx, popplerPresent, 'poppler-utils (pdftotext, pdfdetach) not installed');
    const res = await api()
      .post(`/api/patients/${patientId}/documents`)
      .set('cookie', doctor)
      .send({
        type: 'referto-televisita',
        content: contentOf('referto-televisita'),
        encounter: { start: '2026-11-26T10:00:00+01:00', end: '2026-11-26T10:30:00+01:00' },
        idempotencyKey: 'televisita-0001',
      });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    televisita = res.body as DocumentDto;
    assert.equal(televisita.version, 1);
    assert.equal(televisita.authorName, 'Dott. Marco Bianchi');
    assert.ok(televisita.conformance!.assertionsChecked > 100, 'the schematron ran');
    assert.equal(televisita.conformance!.schematron, 'schematron_Referto_Televisita_v1.0.sch');
    assert.deepEqual(televisita.conformance!.warnings, []);
    // The same request again is the same document, not a second one.
    const again = await api()
      .post(`/api/patients/${patientId}/documents`)
      .set('cookie', doctor)
      .send({
        type: 'referto-televisita',
        content: contentOf('referto-televisita'),
        idempotencyKey: 'televisita-0001',
      });
    assert.equal(again.status, 200);
    assert.equal(again.body.id, televisita.id);

    const published = await waitFse(televisita.id, 'published');
    assert.ok(published.fse.workflowInstanceId, 'the gateway gave a workflow instance id');

    // The PDF and the CDA, byte for byte: the attachment in the PDF is the stored CDA.
    const pdf = await api()
      .get(`/api/documents/${televisita.id}/pdf`)
      .set('cookie', doctor)
      .buffer(true);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    const pdfBytes = pdf.body as Buffer;
    assert.equal(sha256(pdfBytes), televisita.pdfSha256);
    const cda = await api()
      .get(`/api/documents/${televisita.id}/cda`)
      .set('cookie', doctor)
      .buffer(true);
    const cdaBytes = Buffer.isBuffer(cda.body) ? cda.body : Buffer.from(cda.text, 'utf8');
    assert.equal(sha256(cdaBytes), televisita.cdaSha256);
    const files = await attachments(pdfBytes);
    assert.ok(files.get('cda.xml'), `attachments: ${[...files.keys()].join(', ')}`);
    assert.ok(files.get('cda.xml')!.equals(cdaBytes), 'the embedded CDA is the stored CDA');
    // What the doctor signed reads back from the PDF: the patient, the codice fiscale, the title.
    const text = await pdfText(pdfBytes);
    assert.match(text, /Referto di Televisita/i);
    assert.match(text, /Rossi/);
    const mario = (await api().get('/api/me/patient').set('cookie', patient)).body.patient as {
      codiceFiscale: string;
    };
    assert.ok(text.includes(mario.codiceFiscale), 'codice fiscale in the PDF');
    assert.ok(cdaBytes.toString('utf8').includes(mario.codiceFiscale));
  });

  it('lets the patient download their own documents, nobody else; every access is audited', async () => {
    const mine = await api().get('/api/me/documents').set('cookie', patient);
    assert.equal(mine.status, 200);
    assert.ok((mine.body.items as DocumentDto[]).some((d) => d.id === televisita.id));
    assert.equal(
      (await api().get(`/api/documents/${televisita.id}/pdf`).set('cookie', patient)).status,
      200,
    );
    // Another tenant's doctor cannot tell the document exists.
    assert.equal(
      (await api().get(`/api/documents/${televisita.id}`).set('cookie', otherDoctor)).status,
      404,
    );
    assert.equal(
      (await api().get(`/api/documents/${televisita.id}/pdf`).set('cookie', otherDoctor)).status,
      404,
    );
    // A nurse reads, but does not sign.
    assert.equal(
      (await api().get(`/api/documents/${televisita.id}`).set('cookie', nurse)).status,
      200,
    );
    const refused = await api()
      .post(`/api/patients/${patientId}/documents`)
      .set('cookie', nurse)
      .send({ type: 'referto-televisita', content: contentOf('referto-televisita') });
    assert.equal(refused.status, 403);
    const audit = await api()
      .get(`/api/admin/audit?patientId=${patientId}&limit=200`)
      .set('cookie', admin);
    const entries = audit.body.items as {
      action: string;
      resourceType: string;
      resourceId: string;
      actorUsername: string;
    }[];
    const downloads = entries.filter(
      (e) => e.resourceType === 'DocumentReference' && e.resourceId === televisita.id,
    );
    assert.ok(
      downloads.some(
        (e) => e.action === 'download' && e.actorUsername === demoUsers.centro.patient,
      ),
    );
    assert.ok(
      downloads.some((e) => e.action === 'create' && e.actorUsername === demoUsers.centro.doctor),
    );
  });

  it('refuses content the model forbids with paths into the content, and stores nothing', async () => {
    const content = contentOf('referto-televisita');
    delete content.conclusions;
    const before = (await api().get(`/api/patients/${patientId}/documents`).set('cookie', doctor))
      .body.items.length as number;
    const res = await api()
      .post(`/api/patients/${patientId}/documents`)
      .set('cookie', doctor)
      .send({ type: 'referto-televisita', content: { ...content, diagnoses: 'not a list' } });
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.ok((res.body.errors as { path: string }[]).every((e) => e.path.startsWith('content.')));
    // The summary is generated from an enrolment, not written in this form.
    const generated = await api()
      .post(`/api/patients/${patientId}/documents`)
      .set('cookie', doctor)
      .send({ type: 'riepilogo-telemonitoraggio', content: {} });
    assert.equal(generated.status, 400);
    assert.match(generated.body.detail, /telemonitoring-summary/);
    const after = (await api().get(`/api/patients/${patientId}/documents`).set('cookie', doctor))
      .body.items.length as number;
    assert.equal(after, before);
  });

  it('replaces a published document: version 2 of the same set, the FSE replacement, the chain kept', async () => {
    const content = contentOf('referto-televisita');
    const res = await api()
      .post(`/api/documents/${televisita.id}/versions`)
      .set('cookie', doctor)
      .send({ content, idempotencyKey: 'televisita-0001-v2' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const v2 = res.body as DocumentDto;
    assert.equal(v2.version, 2);
    assert.equal(v2.setId, televisita.setId);
    assert.notEqual(v2.cdaId, televisita.cdaId);
    assert.equal(v2.replacesId, televisita.id);
    const published = await waitFse(v2.id, 'published');
    assert.match(published.fse.detail ?? '', /Sostituisce nel FSE la versione 1/);
    const v1 = (await api().get(`/api/documents/${televisita.id}`).set('cookie', doctor))
      .body as DocumentDto;
    assert.equal(v1.status, 'superseded');
    assert.equal(v1.fse.status, 'replaced');
    // The CDA of version 2 says what it replaces.
    const xml = (await bytes(`/api/documents/${v2.id}/cda`, doctor)).toString('utf8');
    assert.match(xml, /<relatedDocument typeCode="RPLC">/);
    assert.match(xml, /<versionNumber value="2"\/>/);
    // Only the current version can be replaced.
    const stale = await api()
      .post(`/api/documents/${televisita.id}/versions`)
      .set('cookie', doctor)
      .send({ content });
    assert.equal(stale.status, 409);
  });

  it('records a gateway refusal with the rule that failed (a CDA stored before a schematron change)', async () => {
    // A document that passed yesterday's rules: stored as is, the gateway's checks refuse it.
    const content = contentOf('referto-televisita', 1);
    const ok = await api()
      .post(`/api/patients/${patientId}/documents`)
      .set('cookie', doctor)
      .send({ type: 'referto-televisita', content, idempotencyKey: 'televisita-0002' });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    const good = await waitFse(ok.body.id as string, 'published');
    const stored = await t.platform.stores.documents.content(
      good.id === ok.body.id ? 'asl-toscana-centro' : '',
      good.id,
    );
    const broken = stored!.cdaXml!.replace('<realmCode code="IT"/>', '<realmCode code="FR"/>');
    const pdf = await renderPdf(
      {
        title: 'Referto di Televisita',
        header: (stored!.model as { header: never }).header,
        sections: [],
      },
      {
        branding: { organisation: 'ASL Toscana Centro', color: '#0b5394' },
        creationDate: new Date(),
        attachment: { name: 'cda.xml', xml: broken },
      },
    );
    const { document } = await t.platform.stores.documents.insert({
      tenantId: 'asl-toscana-centro',
      patientId,
      enrolmentId: null,
      type: 'referto-televisita',
      title: 'Referto di Televisita',
      cdaId: `${good.cdaId}.legacy`,
      setId: `${good.cdaId}.legacy`,
      version: 1,
      replacesId: null,
      model: stored!.model,
      cdaXml: broken,
      pdf,
      conformance: null,
      authorUsername: demoUsers.centro.doctor,
      authorName: 'Dott. Marco Bianchi',
      authorRole: 'doctor',
      source: 'test:legacy',
      idempotencyKey: null,
    });
    const started = await api()
      .post(`/api/documents/${document.id}/publication`)
      .set('cookie', doctor);
    assert.equal(started.status, 200, JSON.stringify(started.body));
    const rejected = await waitFse(document.id, 'rejected');
    assert.match(rejected.fse.detail ?? '', /ERRORE-2/);
    assert.match(rejected.fse.detail ?? '', /realmCode/);
  });

  it('withdraws a published document from the FSE, keeping the reason', async () => {
    const res = await api()
      .post(`/api/patients/${patientId}/documents`)
      .set('cookie', doctor)
      .send({
        type: 'rsa',
        content: contentOf('rsa'),
        encounter: encounterOf('rsa'),
        idempotencyKey: 'rsa-0001',
      });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    await waitFse(res.body.id as string, 'published');
    const w = await api()
      .post(`/api/documents/${res.body.id as string}/withdraw`)
      .set('cookie', doctor)
      .send({ reason: 'Referto emesso per il paziente sbagliato' });
    assert.equal(w.status, 200, JSON.stringify(w.body));
    const done = await waitFse(res.body.id as string, 'withdrawn');
    assert.equal(done.status, 'withdrawn');
    assert.match(done.fse.detail ?? '', /paziente sbagliato/);
  });

  it('previews every type from its samples for the designer, with the conformance report', async () => {
    const types = await api().get('/api/document-types').set('cookie', designer);
    assert.equal(types.status, 200);
    const items = types.body.items as { type: string; samples: number; cda: unknown }[];
    assert.deepEqual(items.map((i) => i.type).sort(), [
      'referto-televisita',
      'relazione-teleassistenza',
      'relazione-teleconsulto',
      'riepilogo-telemonitoraggio',
      'rsa',
    ]);
    for (const item of items) {
      assert.ok(item.samples >= 10, `${item.type}: ${item.samples} samples`);
      const sample = (
        await api().get(`/api/document-types/${item.type}/samples`).set('cookie', designer)
      ).body.items[0];
      const preview = await api()
        .post(`/api/document-types/${item.type}/preview`)
        .set('cookie', designer)
        .send({ data: sample });
      assert.equal(
        preview.status,
        200,
        `${item.type}: ${JSON.stringify(preview.body).slice(0, 500)}`,
      );
      assert.ok(
        Buffer.from(preview.body.pdfBase64 as string, 'base64')
          .subarray(0, 5)
          .equals(Buffer.from('%PDF-')),
      );
      if (item.cda) {
        assert.equal(
          preview.body.conformance.valid,
          true,
          `${item.type}: ${JSON.stringify(preview.body.conformance.errors)}`,
        );
      } else {
        assert.equal(preview.body.cdaXml, null);
      }
    }
    // A broken sample is still previewed, with the failing rule.
    const sample = (await api().get('/api/document-types/rsa/samples').set('cookie', designer)).body
      .items[0] as {
      header: { custodian: { idRoot: string } };
    };
    sample.header.custodian.idRoot = '1.2.3';
    const bad = await api()
      .post('/api/document-types/rsa/preview')
      .set('cookie', designer)
      .send({ data: sample });
    assert.ok(bad.status === 200 || bad.status === 400, JSON.stringify(bad.body).slice(0, 300));
    // The content schema leaves out what the records provide.
    const schema = await api().get('/api/document-types/rsa/content-schema').set('cookie', doctor);
    assert.equal(schema.status, 200);
    assert.equal((schema.body.schema.properties as Record<string, unknown>).header, undefined);
  });

  it('produces the telemonitoring period summary from the records (PDF only, not sent to the FSE)', async () => {
    requireOrSkip(this.ctx, popplerPresent, 'poppler-utils not installed');
    const { enrolmentId } = await enrolWithRedAlert(t.baseUrl, { nurse, patient }, patientId);
    const res = await api()
      .post(`/api/patients/${patientId}/documents/telemonitoring-summary`)
      .set('cookie', doctor)
      .send({
        enrolmentId,
        notes: "Andamento stabile; rivalutare l'ossigenoterapia.",
      });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const summary = res.body as DocumentDto;
    assert.equal(summary.fse.status, 'not-applicable');
    assert.equal(summary.cdaSha256, null);
    const pdf = (
      await api().get(`/api/documents/${summary.id}/pdf`).set('cookie', doctor).buffer(true)
    ).body as Buffer;
    const text = await pdfText(pdf);
    assert.match(text, /SpO2/);
    assert.match(text, /86/);
    assert.match(text, /ossigenoterapia/);
  });
});

describe('API: FSE publication retried while the gateway is down', function () {
  this.timeout(180_000);
  let t: TestPlatform;
  let gateway: Server | null = null;
  let dir: string;

  before(function () {
    requireOrSkip(this, opensslPresent, 'openssl not found: cannot make a signature certificate');
  });
  after(async () => {
    if (gateway) await new Promise<void>((r) => gateway!.close(() => r()));
    await t?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps the document pending with the reason, then publishes once the gateway is back', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'percorsi-fse-cert-'));
    const signature = makeSignatureCertificate(dir, 'S1#090201PERCORSI');
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/fse-gateway/v1`;
    // The platform points at "the national gateway" (here: a gateway process of its own), down.
    t = await startTestPlatform({
      env: {
        FSE_GATEWAY_URL: url,
        ...signature.env,
      },
    });
    const api = () => request(t.baseUrl);
    const doctor = await loginCookie(t.baseUrl, demoUsers.centro.doctor);
    const patient = await loginCookie(t.baseUrl, demoUsers.centro.patient);
    const patientId = (await api().get('/api/me/patient').set('cookie', patient)).body.patient
      .id as string;
    const res = await api()
      .post(`/api/patients/${patientId}/documents`)
      .set('cookie', doctor)
      .send({
        type: 'relazione-teleassistenza',
        content: contentOf('relazione-teleassistenza'),
        idempotencyKey: 'teleassistenza-0001',
      });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const id = res.body.id as string;
    const pending = await waitFor('the failed attempt recorded', async () => {
      const d = (await api().get(`/api/documents/${id}`).set('cookie', doctor)).body as DocumentDto;
      return d.fse.status === 'pending' && /non raggiungibile/.test(d.fse.detail ?? '') ? d : null;
    });
    assert.match(pending.fse.detail!, /tentativo \d+/);

    gateway = await startLocalFseGateway({
      db: t.platform.db,
      conformance: CdaConformance.fromConfig(t.config.fseGateway.conformanceDir),
      jwtKey: t.config.fseGateway.jwtKey,
      audience: t.config.fseGateway.audience,
      port,
      host: '127.0.0.1',
    });
    const published = await waitFor(
      'publication after the outage',
      async () => {
        const d = (await api().get(`/api/documents/${id}`).set('cookie', doctor))
          .body as DocumentDto;
        return d.fse.status === 'published' ? d : null;
      },
      90_000,
    );
    assert.ok(published.fse.workflowInstanceId);
    const rows = await t.platform.db('fse_gateway_documents').select('*');
    assert.equal(rows.length, 1, 'published once');
  });
});
