import assert from 'node:assert/strict';
import request from 'supertest';
import { io as connect } from 'socket.io-client';
import { demoUsers, loginCookie, waitFor } from '../support/api-client.js';
import { enrolWithRedAlert } from '../support/telemonitoring.js';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';

interface Alert {
  id: string;
  patientId: string;
  severity: string;
  status: string;
  claimedBy: string | null;
  acknowledgedBy: string | null;
  resolvedBy: string | null;
}

describe('API: the worklist (claim, notes, acknowledge, resolve: who and why)', function () {
  this.timeout(120_000);
  let t: TestPlatform;
  let nurse: string;
  let doctor: string;
  let otherNurse: string;
  let alert: Alert;
  let patient: string;
  let patientId: string;
  const api = () => request(t.baseUrl);
  const alertPath = () => `/api/alerts/${encodeURIComponent(alert.id)}`;

  before(async () => {
    t = await startTestPlatform();
    [nurse, doctor, otherNurse] = await Promise.all([
      loginCookie(t.baseUrl, demoUsers.centro.nurse),
      loginCookie(t.baseUrl, demoUsers.centro.doctor),
      loginCookie(t.baseUrl, demoUsers.nord.nurse),
    ]);
    patient = await loginCookie(t.baseUrl, demoUsers.centro.patient);
    patientId = (await api().get('/api/me/patient').set('cookie', patient)).body.patient
      .id as string;
    ({ alert } = (await enrolWithRedAlert(t.baseUrl, { nurse, patient }, patientId)) as unknown as {
      alert: Alert;
    });
  });
  after(() => t?.close());

  it('lets one clinician take charge; a colleague takes over only saying why', async () => {
    // The doctor's console hears the claim without reloading.
    const socket = connect(t.baseUrl, {
      path: '/socket.io',
      extraHeaders: { cookie: doctor },
      transports: ['websocket'],
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('ready', () => resolve());
      socket.once('connect_error', reject);
    });
    const heard = new Promise<Alert>((resolve) =>
      socket.on('alert.changed', (a: Alert) => {
        if (a.id === alert.id && a.claimedBy) resolve(a);
      }),
    );
    const mine = await api().post(`${alertPath()}/claim`).set('cookie', nurse).send({});
    assert.equal(mine.status, 200, JSON.stringify(mine.body));
    assert.equal(mine.body.alert.claimedBy, demoUsers.centro.nurse);
    assert.equal((await heard).claimedBy, demoUsers.centro.nurse);
    socket.close();
    // Claiming again is harmless; the doctor cannot silently take it.
    await api().post(`${alertPath()}/claim`).set('cookie', nurse).send({}).expect(200);
    const clash = await api().post(`${alertPath()}/claim`).set('cookie', doctor).send({});
    assert.equal(clash.status, 409);
    assert.match(clash.body.detail, /centro\.infermiere/);
    const over = await api()
      .post(`${alertPath()}/claim`)
      .set('cookie', doctor)
      .send({ takeOver: true, reason: 'infermiera in visita domiciliare' });
    assert.equal(over.status, 200);
    assert.equal(over.body.alert.claimedBy, demoUsers.centro.doctor);
    // Only the holder releases.
    assert.equal((await api().post(`${alertPath()}/release`).set('cookie', nurse)).status, 409);
    const released = await api().post(`${alertPath()}/release`).set('cookie', doctor);
    assert.equal(released.body.alert.claimedBy, null);
    // Another tenant cannot even see it.
    assert.equal(
      (await api().post(`${alertPath()}/claim`).set('cookie', otherNurse).send({})).status,
      404,
    );
  });

  it('acknowledges with a note, then resolves only with a reason; the history says who and why', async () => {
    await api()
      .post(`${alertPath()}/notes`)
      .set('cookie', nurse)
      .send({ text: 'Chiamata la paziente: dispnea lieve' })
      .expect(201);
    const ack = await api()
      .post(`${alertPath()}/acknowledge`)
      .set('cookie', nurse)
      .send({ note: 'Presa visione, ricontrollo tra 1 ora' });
    assert.equal(ack.status, 200);
    assert.equal(ack.body.alert.status, 'acknowledged');
    const noReason = await api()
      .post(`${alertPath()}/resolve`)
      .set('cookie', doctor)
      .send({ note: '' });
    assert.equal(noReason.status, 400);
    assert.equal(noReason.body.errors[0].path, 'body.note');
    const resolved = await api()
      .post(`${alertPath()}/resolve`)
      .set('cookie', doctor)
      .send({ note: 'SpO2 rientrata a 95% dopo ossigeno' });
    assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
    await waitFor('the resolved alert', async () => {
      const res = await api().get('/api/alerts?status=resolved').set('cookie', nurse);
      const a = (res.body.items as Alert[]).find((x) => x.id === alert.id);
      return (
        a?.resolvedBy === demoUsers.centro.doctor && a.acknowledgedBy === demoUsers.centro.nurse
      );
    });
    const again = await api()
      .post(`${alertPath()}/resolve`)
      .set('cookie', doctor)
      .send({ note: 'di nuovo' });
    assert.equal(again.status, 409);

    const notes = await api().get(`${alertPath()}/notes`).set('cookie', doctor);
    assert.deepEqual(
      (notes.body.items as { kind: string; author: string; text: string }[]).map((n) => [
        n.kind,
        n.author,
        n.text,
      ]),
      [
        ['claimed', 'centro.infermiere', ''],
        [
          'claimed',
          'centro.medico',
          'presa in carico al posto di un collega: infermiera in visita domiciliare',
        ],
        ['released', 'centro.medico', ''],
        ['note', 'centro.infermiere', 'Chiamata la paziente: dispnea lieve'],
        ['acknowledged', 'centro.infermiere', 'Presa visione, ricontrollo tra 1 ora'],
        ['resolved', 'centro.medico', 'SpO2 rientrata a 95% dopo ossigeno'],
      ],
    );
    const audit = await api()
      .get('/api/admin/audit?limit=200')
      .set('cookie', await loginCookie(t.baseUrl, demoUsers.centro.admin));
    const actions = (
      audit.body.items as { action: string; resourceId: string | null; detail: string | null }[]
    )
      .filter((e) => e.resourceId === alert.id)
      .map((e) => e.action);
    for (const a of ['claim', 'release', 'acknowledge', 'resolve'])
      assert.ok(actions.includes(a), `${a} audited`);
  });

  it("gives the charts what they need: measured values, the patient's own thresholds, the schedule", async () => {
    const res = await api().get(`/api/patients/${patientId}/monitoring`).set('cookie', nurse);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const spo2 = (res.body.measurements as { dataPoint: string; unit: string }[]).find(
      (m) => m.dataPoint === 'spo2',
    );
    assert.equal(spo2?.unit, '%');
    const bands = res.body.thresholds as { dataPoint: string; below?: number; severity: string }[];
    assert.ok(
      bands.some((b) => b.dataPoint === 'spo2' && b.below === 92 && b.severity === 'red'),
      "the patient's spo2Min",
    );
    const schedule = res.body.schedule as { stepId: string; nextAt: string }[];
    assert.ok(
      schedule.some((s) => s.stepId === 'misurazioni-mattino' && Date.parse(s.nextAt) > Date.now()),
    );
    const mine = await api().get('/api/me/monitoring').set('cookie', patient);
    assert.deepEqual(mine.body.thresholds, res.body.thresholds);
    const own = await api().get('/api/me/observations?dataPoint=spo2').set('cookie', patient);
    assert.deepEqual(
      (own.body.items as { value: number }[]).map((o) => o.value),
      [86],
    );
    assert.equal(
      (await api().get(`/api/patients/${patientId}/monitoring`).set('cookie', otherNurse)).status,
      404,
    );
  });

  it("lists the tenant's clinicians for a pathway's user inputs, to clinicians only", async () => {
    const doctors = await api().get('/api/staff?role=doctor').set('cookie', nurse);
    assert.equal(doctors.status, 200);
    assert.deepEqual(
      (doctors.body.items as { username: string; role: string }[]).map((u) => [u.username, u.role]),
      [[demoUsers.centro.doctor, 'doctor']],
    );
    assert.equal((await api().get('/api/staff').set('cookie', patient)).status, 403);
  });
});
