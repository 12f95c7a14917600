import assert from 'node:assert/strict';
import { io as connect, type Socket } from 'socket.io-client';
import request from 'supertest';
import { loginCookie, waitFor } from '../support/api-client.js';
import { appDialect } from '../support/databases.js';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';

interface AlertEvent {
  id: string;
  patientId: string;
  severity: string;
  status: string;
}

async function nurseSocket(baseUrl: string, cookie: string) {
  const socket: Socket = connect(baseUrl, {
    path: '/socket.io',
    extraHeaders: { cookie },
    transports: ['websocket'],
  });
  const alerts: AlertEvent[] = [];
  socket.on('alert.changed', (a: AlertEvent) => alerts.push(a));
  await new Promise<void>((resolve, reject) => {
    socket.once('ready', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket, alerts };
}

/**
 * Production runs API replicas and worker replicas as separate processes (PERCORSI_ROLE). What
 * a worker writes must reach the browsers connected to any API replica: through PostgreSQL's
 * LISTEN/NOTIFY, since nothing else is shared. Two instances here, one API-only and one
 * worker-only, share a database and a task queue and nothing in memory.
 */
describe('API: realtime across processes (API replica and worker replica on PostgreSQL)', function () {
  this.timeout(180_000);
  let apiOnly: TestPlatform;
  let workerOnly: TestPlatform;
  const sockets: Socket[] = [];

  before(async function () {
    if (appDialect !== 'pg') {
      // The in-process bus of a single SQLite process is what every other API test uses.
      process.stdout.write(
        '      (skipped: the cross-process bus is PostgreSQL LISTEN/NOTIFY; runs with DATABASE_URL set)\n',
      );
      this.skip();
    }
    apiOnly = await startTestPlatform({ role: 'api' });
    workerOnly = await startTestPlatform({ role: 'worker', joining: apiOnly });
  });
  after(async () => {
    for (const s of sockets) s.disconnect();
    await workerOnly?.close();
    await apiOnly?.close();
  });

  it("carries a worker's alert to the nurse's socket on the API replica, and to no other tenant", async () => {
    assert.equal(apiOnly.platform.bus.transport, 'postgres');
    assert.equal(workerOnly.baseUrl, '', 'the worker serves no HTTP');
    const api = () => request(apiOnly.baseUrl);
    const login = (u: string) => loginCookie(apiOnly.baseUrl, u);
    const centroNurse = await nurseSocket(apiOnly.baseUrl, await login('centro.infermiere'));
    const nordNurse = await nurseSocket(apiOnly.baseUrl, await login('nord.infermiere'));
    sockets.push(centroNurse.socket, nordNurse.socket);

    // 1. Each tenant's nurse enrols that tenant's patient in COPD telemonitoring.
    const patients: Record<string, string> = {};
    for (const prefix of ['centro', 'nord']) {
      const patient = await login(`${prefix}.paziente`);
      const me = await api().get('/api/me/patient').set('cookie', patient);
      patients[prefix] = me.body.patient.id;
      const enrol = await api()
        .post('/api/enrolments')
        .set('cookie', await login(`${prefix}.infermiere`))
        .send({ patientId: me.body.patient.id, pathwayId: 'bpco-telemonitoraggio' });
      assert.equal(enrol.status, 201, JSON.stringify(enrol.body));
      // The API replica has no worker: the reading is answered by the worker replica's run.
      const reading = await api()
        .post('/api/me/readings')
        .set('cookie', patient)
        .send({ values: { spo2: 87, heartRate: 80 } });
      assert.equal(reading.status, 200, JSON.stringify(reading.body));
      assert.deepEqual(
        reading.body.alertsRaised.map((a: { severity: string }) => a.severity),
        ['red'],
      );

      // 2. The red alert the worker wrote reaches that tenant's nurse on the API replica.
      const alert = await waitFor(`${prefix}'s alert on the socket`, async () =>
        (prefix === 'centro' ? centroNurse : nordNurse).alerts.find(
          (a) => a.patientId === patients[prefix],
        ),
      );
      assert.equal(alert.severity, 'red');
      assert.equal(alert.status, 'open');
    }

    // 3. Nord's alert came after centro's on the same bus and the same server: had centro's
    // been sent to nord's socket, it would be there already. Neither crossed.
    assert.ok(centroNurse.alerts.every((a) => a.patientId === patients.centro));
    assert.ok(nordNurse.alerts.every((a) => a.patientId === patients.nord));
    assert.ok(nordNurse.alerts.length >= 1);
  });
});
