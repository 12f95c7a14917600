import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MockActivityEnvironment } from '@temporalio/testing';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { io as connect, type Socket } from 'socket.io-client';
import request from 'supertest';
import { createActivities } from '../../activities/index.js';
import type { DeliveryReport } from '../../activities/notifications/deliver.js';
import { createNotificationProviders } from '../../activities/notifications/providers.js';
import { loginCookie, waitFor } from '../support/api-client.js';
import { publishPathway } from '../support/form-pathway.js';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';

const CENTRO = 'asl-toscana-centro';
const t = (it: string, en: string) => ({ it, en });

/** A pathway that tells the patient on every channel, then the doctor in the app. */
const channelsPathway = {
  schemaVersion: 1,
  id: 'avvisi-canali',
  version: '1.0.0',
  kind: 'demo',
  title: t('Avvisi su tutti i canali', 'Notices on every channel'),
  description: t('Prova delle notifiche', 'Notification test'),
  roles: ['patient', 'doctor'],
  duration: 'open-ended',
  tracks: [
    {
      id: 'avvisi',
      title: t('Avvisi', 'Notices'),
      steps: [
        {
          id: 'promemoria',
          title: t('Promemoria', 'Reminder'),
          type: 'notification',
          to: 'patient',
          channels: ['in-app', 'email', 'sms'],
          message: t(
            'Domani alle 9 ricordati la misurazione della saturazione.',
            'Tomorrow at 9 remember to measure your saturation.',
          ),
        },
        {
          id: 'al-medico',
          title: t('Avviso al medico', 'Notice to the doctor'),
          type: 'notification',
          to: 'doctor',
          message: t('Promemoria inviato al paziente.', 'Reminder sent to the patient.'),
        },
        { id: 'fine', title: t('Fine', 'End'), type: 'end', outcome: 'completed' },
      ],
    },
  ],
};

interface Mail {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server on loopback that requires the credentials in SMTP_URL. */
async function startSmtp(): Promise<{ server: SMTPServer; port: number; mails: Mail[] }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === 'percorsi' && auth.password === 'segreto')
        cb(null, { user: 'percorsi' });
      else cb(new Error('invalid credentials'));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { server, port, mails };
}

interface SmsRequest {
  authorization: string | undefined;
  body: { to: string; text: string; reference: string };
  status: number;
}

/**
 * Stands in for the SMS gateway: numbers ending in 500 fail once with a 500, numbers ending in
 * 400 are refused, others are accepted with an id.
 */
async function startGateway(): Promise<{ server: Server; url: string; requests: SmsRequest[] }> {
  const requests: SmsRequest[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as SmsRequest['body'];
      const earlier = requests.filter((r) => r.body.to === body.to).length;
      const status = body.to.endsWith('400')
        ? 400
        : body.to.endsWith('500') && earlier === 0
          ? 500
          : 200;
      requests.push({ authorization: req.headers.authorization, body, status });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(status === 200 ? { id: `sms-${requests.length}` } : { error: 'no' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { server, url: `http://127.0.0.1:${port}/v1/sms`, requests };
}

interface MessageEvent {
  id: string;
  to: string;
  patientId: string;
  text: { it: string; en: string };
  readAt: string | null;
}

async function socketOf(baseUrl: string, cookie: string) {
  const socket: Socket = connect(baseUrl, {
    path: '/socket.io',
    extraHeaders: { cookie },
    transports: ['websocket'],
  });
  const messages: MessageEvent[] = [];
  socket.on('message.created', (m: MessageEvent) => messages.push(m));
  await new Promise<void>((resolve, reject) => {
    socket.once('ready', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket, messages };
}

describe('API: notifications delivered in the app, by e-mail and by SMS', function () {
  this.timeout(180_000);
  let t0: TestPlatform;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  const api = () => request(t0.baseUrl);
  const cookies: Record<string, string> = {};
  let rossi: string;
  let other: string;
  const sockets: Awaited<ReturnType<typeof socketOf>>[] = [];

  before(async () => {
    smtp = await startSmtp();
    gateway = await startGateway();
    t0 = await startTestPlatform({
      env: {
        SMTP_URL: `smtp://percorsi:segreto@127.0.0.1:${smtp.port}`,
        MAIL_FROM: 'Percorsi ASL <noreply@percorsi.test>',
        SMS_GATEWAY_URL: gateway.url,
        SMS_GATEWAY_TOKEN: 'token-del-gateway',
      },
    });
    for (const u of [
      'centro.infermiere',
      'centro.medico',
      'centro.paziente',
      'centro.designer',
      'centro.admin',
      'nord.infermiere',
      'nord.paziente',
    ]) {
      cookies[u] = await loginCookie(t0.baseUrl, u);
    }
    const me = await api().get('/api/me/patient').set('cookie', cookies['centro.paziente']!);
    rossi = me.body.patient.id;
    const patients = await api().get('/api/patients').set('cookie', cookies['centro.infermiere']!);
    other = (patients.body.items as { id: string }[]).find((p) => p.id !== rossi)!.id;
    // Contacts as the registry would hold them: Rossi's number fails once at the gateway,
    // the other patient's is refused by it.
    await t0.platform.db('patients').where({ id: rossi }).update({
      email: 'mario.rossi@example.it',
      phone: '+393330000500',
    });
    await t0.platform.db('patients').where({ id: other }).update({ phone: '+393330000400' });
    await publishPathway(t0.baseUrl, cookies['centro.designer']!, channelsPathway);
  });
  after(async () => {
    for (const s of sockets) s.socket.disconnect();
    await t0?.close();
    await new Promise<void>((resolve) => smtp?.server.close(() => resolve()));
    await new Promise<void>((resolve) => gateway?.server.close(() => resolve()));
  });

  const enrol = async (
    patientId: string,
    pathwayId: string,
    inputs: object = {},
    as = 'centro.infermiere',
  ) => {
    const res = await api()
      .post('/api/enrolments')
      .set('cookie', cookies[as]!)
      .send({ patientId, pathwayId, inputs });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.enrolment.id as string;
  };

  const outbox = async (query = '') => {
    const res = await api()
      .get(`/api/admin/outbox${query}`)
      .set('cookie', cookies['centro.admin']!);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.items as {
      id: string;
      key: string;
      enrolmentId: string;
      patientId: string;
      text: { it: string };
      deliveries: {
        channel: string;
        recipient: string;
        status: string;
        attempts: number;
        providerMessageId: string | null;
        lastError: string | null;
      }[];
    }[];
  };

  it('delivers in-app messages to the patient and to the nurses, live and in their inboxes', async () => {
    const patient = await socketOf(t0.baseUrl, cookies['centro.paziente']!);
    const nurse = await socketOf(t0.baseUrl, cookies['centro.infermiere']!);
    const doctor = await socketOf(t0.baseUrl, cookies['centro.medico']!);
    const nordNurse = await socketOf(t0.baseUrl, cookies['nord.infermiere']!);
    sockets.push(patient, nurse, doctor, nordNurse);

    // 1. benvenuto: welcomes the patient, waits a second, tells the nurses.
    await enrol(rossi, 'benvenuto', { waitSeconds: 1 });
    const welcome = await waitFor('the welcome on the patient socket', async () =>
      patient.messages.find((m) => m.text.it.startsWith('Benvenuto')),
    );
    assert.equal(welcome.to, 'patient');
    assert.equal(welcome.patientId, rossi);
    assert.equal(welcome.readAt, null);
    const taken = await waitFor('the nurses told on their socket', async () =>
      nurse.messages.find((m) => m.text.it === 'Il paziente è stato preso in carico.'),
    );
    assert.equal(taken.to, 'nurse');

    // 2. The patient's inbox: newest first, unread until read; reading is idempotent.
    const inbox = await api().get('/api/me/messages').set('cookie', cookies['centro.paziente']!);
    assert.equal(inbox.status, 200);
    assert.deepEqual(
      inbox.body.items.map((m: MessageEvent) => m.id),
      [welcome.id],
    );
    assert.equal(inbox.body.unread, 1);
    for (let i = 0; i < 2; i++) {
      const read = await api()
        .post(`/api/me/messages/${welcome.id}/read`)
        .set('cookie', cookies['centro.paziente']!);
      assert.equal(read.status, 200);
      assert.ok(read.body.message.readAt);
    }
    const after = await api().get('/api/me/messages').set('cookie', cookies['centro.paziente']!);
    assert.equal(after.body.unread, 0);
    // A message to the nurses is not the patient's to open.
    const notMine = await api()
      .post(`/api/me/messages/${taken.id}/read`)
      .set('cookie', cookies['centro.paziente']!);
    assert.equal(notMine.status, 404);

    // 3. The nurses' inbox has it; the doctors' and another tenant's do not.
    const nurseInbox = await api()
      .get('/api/messages')
      .set('cookie', cookies['centro.infermiere']!);
    assert.deepEqual(
      nurseInbox.body.items.map((m: MessageEvent) => m.id),
      [taken.id],
    );
    const doctorInbox = await api().get('/api/messages').set('cookie', cookies['centro.medico']!);
    assert.deepEqual(doctorInbox.body.items, []);
    const nordInbox = await api().get('/api/messages').set('cookie', cookies['nord.infermiere']!);
    assert.deepEqual(nordInbox.body.items, []);
    assert.equal(
      (
        await api()
          .post(`/api/messages/${taken.id}/read`)
          .set('cookie', cookies['nord.infermiere']!)
      ).status,
      404,
    );
    assert.equal(
      (await api().get('/api/me/messages').set('cookie', cookies['centro.infermiere']!)).status,
      403,
    );
  });

  it('sends e-mail over SMTP and SMS through the gateway once each, retrying a 500', async () => {
    const enrolmentId = await enrol(rossi, 'avvisi-canali');
    await waitFor('the e-mail at the SMTP server', async () => smtp.mails.length === 1);
    const mail = smtp.mails[0]!;
    assert.deepEqual(mail.to, ['mario.rossi@example.it']);
    assert.equal(mail.from, 'noreply@percorsi.test');
    assert.match(mail.raw, /Domani alle 9 ricordati la misurazione della saturazione\./);
    assert.match(mail.raw, /Tomorrow at 9 remember to measure your saturation\./);
    const messageId = /^Message-ID: (<[0-9a-f]{32}@percorsi\.test>)/im.exec(mail.raw)?.[1];
    assert.ok(messageId, 'a deterministic Message-ID under the sender domain');

    // The gateway failed the first try with a 500: Temporal retried, and the second went.
    const sms = await waitFor('the SMS accepted by the gateway', async () => {
      const mine = gateway.requests.filter((r) => r.body.to === '+393330000500');
      return mine.some((r) => r.status === 200) ? mine : null;
    });
    assert.deepEqual(
      sms.map((r) => r.status),
      [500, 200],
    );
    assert.equal(sms[0]!.body.reference, sms[1]!.body.reference, 'one reference for both tries');
    assert.equal(sms[1]!.authorization, 'Bearer token-del-gateway');
    assert.equal(sms[1]!.body.text, 'Domani alle 9 ricordati la misurazione della saturazione.');

    const entry = await waitFor('every channel recorded', async () => {
      const items = await outbox(`?patientId=${rossi}`);
      const e = items.find((i) => i.enrolmentId === enrolmentId && i.deliveries.length === 3);
      return e?.deliveries.every((d) => d.status === 'sent') ? e : null;
    });
    const byChannel = Object.fromEntries(entry.deliveries.map((d) => [d.channel, d]));
    assert.equal(byChannel.email?.providerMessageId, messageId);
    assert.equal(byChannel.sms?.attempts, 2);
    assert.equal(byChannel.sms?.providerMessageId, 'sms-2');
    assert.equal(byChannel['in-app']?.recipient, `patient:${rossi}`);

    // The doctor's in-app notice came after the patient's: the doctor's socket has it alone.
    const doctor = sockets[2]!;
    await waitFor('the doctor told', async () =>
      doctor.messages.some((m) => m.text.it === 'Promemoria inviato al paziente.'),
    );
    assert.deepEqual(
      doctor.messages.map((m) => m.to),
      ['doctor'],
      'the doctor got no message meant for nurses or patients',
    );
    assert.ok(sockets[0]!.messages.every((m) => m.to === 'patient'));

    // Delivering the same notifications again (a retried or repeated activity) sends nothing.
    const activities = createActivities({
      stores: t0.platform.stores,
      logger: pino({ level: 'silent' }),
      bus: t0.platform.bus,
      notifications: createNotificationProviders(t0.config.notifications),
    });
    const keys = (await outbox(`?patientId=${rossi}`))
      .filter((i) => i.enrolmentId === enrolmentId)
      .map((i) => i.key);
    for (const attempt of [1, 2]) {
      const report = await new MockActivityEnvironment({ attempt }).run<
        [{ keys: string[] }],
        DeliveryReport,
        typeof activities.deliverNotifications
      >(activities.deliverNotifications, { keys });
      assert.equal(report.notifications, 2);
    }
    assert.equal(smtp.mails.length, 1, 'still one e-mail');
    assert.equal(gateway.requests.filter((r) => r.body.to === '+393330000500').length, 2);
  });

  it('records a gateway refusal (400) as failed, with the reason, for the admin to read', async () => {
    const enrolmentId = await enrol(other, 'avvisi-canali');
    const entry = await waitFor('the refusal recorded', async () => {
      const items = await outbox('?status=failed&channel=sms');
      return items.find((i) => i.enrolmentId === enrolmentId);
    });
    const sms = entry.deliveries.find((d) => d.channel === 'sms')!;
    assert.equal(sms.status, 'failed');
    assert.equal(sms.recipient, '+393330000400');
    assert.match(sms.lastError ?? '', /400/);
    assert.equal(sms.attempts, 1, 'a refusal is not retried');
    // This patient has no e-mail address: that is failed too, and says why.
    const email = entry.deliveries.find((d) => d.channel === 'email')!;
    assert.equal(email.status, 'failed');
    assert.match(email.lastError ?? '', /no e-mail address/);
    assert.equal(gateway.requests.filter((r) => r.body.to === '+393330000400').length, 1);
    // Only admins read the outbox, and reading it is audited against the patient.
    const denied = await api()
      .get('/api/admin/outbox')
      .set('cookie', cookies['centro.infermiere']!);
    assert.equal(denied.status, 403);
    const audit = await api()
      .get(`/api/admin/audit?patientId=${other}`)
      .set('cookie', cookies['centro.admin']!);
    assert.ok(
      audit.body.items.some(
        (e: { resourceType: string; actorUsername: string }) =>
          e.resourceType === 'Communication' && e.actorUsername === 'centro.admin',
      ),
    );
  });
});

describe('API: without SMTP and SMS settings e-mail and SMS are held, viewable', function () {
  this.timeout(120_000);
  let t1: TestPlatform;
  const api = () => request(t1.baseUrl);

  before(async () => {
    t1 = await startTestPlatform();
  });
  after(() => t1?.close());

  it('keeps them in the outbox with recipient and text, and still delivers in-app', async () => {
    const designer = await loginCookie(t1.baseUrl, 'centro.designer');
    const nurse = await loginCookie(t1.baseUrl, 'centro.infermiere');
    const admin = await loginCookie(t1.baseUrl, 'centro.admin');
    const patient = await loginCookie(t1.baseUrl, 'centro.paziente');
    await publishPathway(t1.baseUrl, designer, channelsPathway);
    const patientId = (await api().get('/api/me/patient').set('cookie', patient)).body.patient.id;
    await t1.platform.db('patients').where({ id: patientId, tenant_id: CENTRO }).update({
      email: 'mario.rossi@example.it',
      phone: '+393331112222',
    });
    const res = await api()
      .post('/api/enrolments')
      .set('cookie', nurse)
      .send({ patientId, pathwayId: 'avvisi-canali' });
    assert.equal(res.status, 201);
    const held = await waitFor('held e-mail and SMS', async () => {
      const out = await api().get('/api/admin/outbox?status=held').set('cookie', admin);
      const e = out.body.items[0];
      return e?.deliveries.filter((d: { status: string }) => d.status === 'held').length === 2
        ? e
        : null;
    });
    assert.equal(held.text.it, 'Domani alle 9 ricordati la misurazione della saturazione.');
    const rows = Object.fromEntries(
      held.deliveries.map((d: { channel: string }) => [d.channel, d]),
    );
    assert.equal(rows.email.recipient, 'mario.rossi@example.it');
    assert.match(rows.email.lastError, /SMTP_URL/);
    assert.equal(rows.sms.recipient, '+393331112222');
    assert.equal(rows['in-app'].status, 'sent');
    const inbox = await api().get('/api/me/messages').set('cookie', patient);
    assert.equal(inbox.body.items[0].text.it, held.text.it);
    const bad = await api().get('/api/admin/outbox?status=lost').set('cookie', admin);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.errors[0].path, 'query.status');
  });
});
