import assert from 'node:assert/strict';
import request from 'supertest';
import { io as connect, type Socket } from 'socket.io-client';
import { loginCookie, waitFor } from '../support/api-client.js';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';

describe('API: enrolling a patient runs the pathway on Temporal', function () {
  this.timeout(120_000);
  let t: TestPlatform;
  let nurse: string;
  let patientId: string;
  const api = () => request(t.baseUrl);

  before(async () => {
    t = await startTestPlatform();
    nurse = await loginCookie(t.baseUrl, 'centro.infermiere');
    const patients = await api().get('/api/patients').set('cookie', nurse);
    patientId = (patients.body.items as { id: string; familyName: string }[]).find(
      (p) => p.familyName === 'Rossi',
    )!.id;
  });
  after(() => t?.close());

  it('health reports database, Temporal and worker up, with versions', async () => {
    const res = await api().get('/api/health');
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'ok');
    const c = res.body.components;
    assert.equal(c.database.status, 'ok');
    assert.match(c.database.version, /^(SQLite|PostgreSQL) \d/);
    assert.equal(c.temporal.status, 'ok');
    assert.match(c.temporal.version, /^Temporal \d+\.\d+/);
    assert.equal(c.worker.status, 'ok');
    assert.equal(c.janus.status, 'disabled');
  });

  it('refuses bad enrolment requests with field paths and writes nothing', async () => {
    const bad = await api()
      .post('/api/enrolments')
      .set('cookie', nurse)
      .send({ patientId: 'abc', inputs: { waitSeconds: -1, x: 1 } });
    assert.equal(bad.status, 400);
    const paths = (bad.body.errors as { path: string }[]).map((e) => e.path).sort();
    assert.deepEqual(paths, [
      'body.inputs',
      'body.inputs.waitSeconds',
      'body.pathwayId',
      'body.patientId',
    ]);
    const unknown = await api()
      .post('/api/enrolments')
      .set('cookie', nurse)
      .send({ patientId, pathwayId: 'nessuno' });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.errors[0].path, 'body.pathwayId');
    const list = await api().get(`/api/enrolments?patientId=${patientId}`).set('cookie', nurse);
    assert.deepEqual(list.body.items, []);
  });

  it('enrols once however often the request is repeated, runs to completion, and pushes updates', async () => {
    const socket: Socket = connect(t.baseUrl, {
      path: '/socket.io',
      extraHeaders: { cookie: nurse },
      transports: ['websocket'],
    });
    const updates: { enrolmentId: string; status: string }[] = [];
    socket.on('enrolment.updated', (u: { enrolmentId: string; status: string }) => updates.push(u));
    await new Promise<void>((resolve, reject) => {
      socket.once('ready', () => resolve());
      socket.once('connect_error', reject);
    });
    try {
      const body = { patientId, pathwayId: 'benvenuto', inputs: { waitSeconds: 2 } };
      const [first, second, third] = await Promise.all([
        api().post('/api/enrolments').set('cookie', nurse).send(body),
        api().post('/api/enrolments').set('cookie', nurse).send(body),
        api().post('/api/enrolments').set('cookie', nurse).send(body),
      ]);
      const statuses = [first.status, second.status, third.status].sort();
      assert.deepEqual(statuses, [200, 200, 201]);
      const id = first.body.enrolment.id as string;
      assert.equal(second.body.enrolment.id, id);
      assert.equal(third.body.enrolment.id, id);
      assert.equal(first.body.enrolment.workflowId, `enrolment/asl-toscana-centro/${id}`);

      const done = await waitFor('enrolment completed', async () => {
        const res = await api().get(`/api/enrolments/${id}`).set('cookie', nurse);
        return res.body.enrolment?.status === 'completed' ? res.body : null;
      });
      assert.deepEqual(
        done.events.map((e: { stepId: string }) => e.stepId),
        ['arruolamento', 'presa-in-carico', 'fine'],
      );
      assert.deepEqual(done.live, {
        status: 'completed',
        currentStepId: null,
        completedSteps: ['arruolamento', 'attesa', 'presa-in-carico', 'fine'],
        outcome: 'completed',
      });
      const enrolment = await t.platform.temporal.client.workflow
        .getHandle(done.enrolment.workflowId)
        .describe();
      assert.equal(enrolment.status.name, 'COMPLETED');
      await waitFor('a completion update on the socket', async () =>
        updates.some((u) => u.enrolmentId === id && u.status === 'completed'),
      );

      const patient = await loginCookie(t.baseUrl, 'centro.paziente');
      const mine = await api().get('/api/me/enrolments').set('cookie', patient);
      assert.equal(mine.body.items[0].id, id);
      const detail = await api().get(`/api/me/enrolments/${id}`).set('cookie', patient);
      assert.equal(detail.status, 200);
      assert.equal(detail.body.events.length, 3);
    } finally {
      socket.disconnect();
    }
  });

  it('a socket without a session is refused', async () => {
    const socket = connect(t.baseUrl, {
      path: '/socket.io',
      transports: ['websocket'],
      reconnection: false,
    });
    const err = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    socket.disconnect();
    assert.equal(err.message, 'not-authenticated');
  });
});
