import assert from 'node:assert/strict';
import request from 'supertest';
import { io as connect, type Socket } from 'socket.io-client';
import { monitoringDefinition } from '../workflows/helpers.js';
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
    // Clinical documents: the conformance files are loaded, the embedded gateway answers.
    assert.equal(c.fse.status, 'ok');
    assert.match(c.fse.detail, /embedded gateway/);
  });

  it('refuses bad enrolment requests with field paths and writes nothing', async () => {
    const bad = await api()
      .post('/api/enrolments')
      .set('cookie', nurse)
      .send({ patientId: 'abc', inputs: { waitSeconds: -1, x: 1 } });
    assert.equal(bad.status, 400);
    const paths = (bad.body.errors as { path: string }[]).map((e) => e.path).sort();
    assert.deepEqual(paths, ['body.pathwayId', 'body.patientId']);
    // Field messages in Italian by default, in English when the client asks for it.
    const missing = (bad.body.errors as { path: string; message: string }[]).find(
      (e) => e.path === 'body.pathwayId',
    )!;
    assert.match(missing.message, /^Input non valido/);
    const english = await api()
      .post('/api/enrolments')
      .set('cookie', nurse)
      .set('accept-language', 'en-GB,en;q=0.9')
      .send({ patientId: 'abc' });
    const missingEn = (english.body.errors as { path: string; message: string }[]).find(
      (e) => e.path === 'body.pathwayId',
    )!;
    assert.match(missingEn.message, /^Invalid input/);
    // Inputs are checked against the pathway's own declaration (resolveInputs).
    const badInputs = await api()
      .post('/api/enrolments')
      .set('cookie', nurse)
      .send({ patientId, pathwayId: 'benvenuto', inputs: { waitSeconds: -1, x: 1 } });
    assert.equal(badInputs.status, 400);
    assert.deepEqual((badInputs.body.errors as { path: string }[]).map((e) => e.path).sort(), [
      'body.inputs.waitSeconds',
      'body.inputs.x',
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
        done.events
          .filter((e: { kind: string }) => e.kind === 'notify')
          .map((e: { stepId: string }) => e.stepId),
        ['arruolamento', 'presa-in-carico'],
      );
      assert.equal(done.events.at(-1).kind, 'complete');
      assert.deepEqual(
        done.steps.map((s: { id: string }) => s.id),
        ['arruolamento', 'attesa', 'presa-in-carico', 'fine'],
      );
      assert.deepEqual(done.live, {
        status: 'completed',
        currentStepId: null,
        completedSteps: ['arruolamento', 'attesa', 'presa-in-carico', 'fine'],
        outcome: 'completed',
        timers: {},
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
      assert.equal(detail.body.events.length, done.events.length);
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

describe('API: readings, alerts, work items and pathway versions', function () {
  this.timeout(180_000);
  let t: TestPlatform;
  let nurse: string;
  let designer: string;
  let patient: string;
  let otherNurse: string;
  let patientId: string;
  const api = () => request(t.baseUrl);
  const PATHWAY = 'prova-saturazione';
  // Plain JSON, as a designer's editor would send it.
  const v1 = () => JSON.parse(JSON.stringify(monitoringDefinition({ extraTrack: true })));

  before(async () => {
    t = await startTestPlatform();
    nurse = await loginCookie(t.baseUrl, 'centro.infermiere');
    designer = await loginCookie(t.baseUrl, 'centro.designer');
    patient = await loginCookie(t.baseUrl, 'centro.paziente');
    otherNurse = await loginCookie(t.baseUrl, 'nord.infermiere');
    const me = await api().get('/api/me/patient').set('cookie', patient);
    patientId = me.body.patient.id;
  });
  after(() => t?.close());

  it('runs a telemonitoring pathway end to end through the API, then migrates its cohort', async () => {
    // 1. The designer saves a draft: a broken one is refused with paths, a good one stored.
    const broken = v1();
    broken.tracks[0].steps[0].observations = ['glucosio'];
    const refused = await api()
      .post('/api/pathways')
      .set('cookie', designer)
      .send({ definition: broken });
    assert.equal(refused.status, 400);
    assert.deepEqual(
      refused.body.errors.map((e: { path: string }) => e.path),
      ['body.definition.tracks.0.steps.0.observations.0'],
    );
    const draft = await api()
      .post('/api/pathways')
      .set('cookie', designer)
      .send({ definition: v1() });
    assert.equal(draft.status, 201, JSON.stringify(draft.body));
    assert.equal(draft.body.version.status, 'draft');
    // A nurse cannot enrol on a draft.
    const early = await api()
      .post('/api/enrolments')
      .set('cookie', nurse)
      .send({ patientId, pathwayId: PATHWAY });
    assert.equal(early.status, 400);

    // 2. Published once, then immutable.
    const pub = await api()
      .post(`/api/pathways/${PATHWAY}/versions/1.0.0/publish`)
      .set('cookie', designer);
    assert.equal(pub.status, 200, JSON.stringify(pub.body));
    assert.equal(pub.body.version.publishedBy, 'centro.designer');
    assert.equal(
      (await api().post(`/api/pathways/${PATHWAY}/versions/1.0.0/publish`).set('cookie', designer))
        .status,
      409,
    );
    assert.equal(
      (await api().post('/api/pathways').set('cookie', designer).send({ definition: v1() })).status,
      409,
    );
    const versions = await api().get(`/api/pathways/${PATHWAY}/versions`).set('cookie', designer);
    assert.deepEqual(
      versions.body.items.map((v: { version: string; status: string }) => [v.version, v.status]),
      [['1.0.0', 'published']],
    );
    // Another tenant does not see this tenant's pathway.
    const nordDesigner = await loginCookie(t.baseUrl, 'nord.designer');
    assert.equal(
      (await api().get(`/api/pathways/${PATHWAY}/versions`).set('cookie', nordDesigner)).status,
      404,
    );

    // 3. Enrolment pins 1.0.0.
    const enrol = await api()
      .post('/api/enrolments')
      .set('cookie', nurse)
      .send({ patientId, pathwayId: PATHWAY });
    assert.equal(enrol.status, 201, JSON.stringify(enrol.body));
    const enrolmentId = enrol.body.enrolment.id as string;
    assert.equal(enrol.body.enrolment.pathwayVersion, '1.0.0');

    // 4. A reading the engine refuses: 400 with the engine's reason at its field; nothing stored.
    const bad = await api()
      .post(`/api/patients/${patientId}/readings`)
      .set('cookie', nurse)
      .send({ values: { spo2: 150 } });
    assert.equal(bad.status, 400);
    assert.equal(bad.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(bad.body.errors[0].path, 'body.values.spo2');
    assert.match(
      bad.body.errors[0].message,
      /spo2: 150 % è fuori dall'intervallo possibile 50–100 %/,
    );
    const shape = await api()
      .post('/api/me/readings')
      .set('cookie', patient)
      .send({ values: { spo2: 'low' } });
    assert.equal(shape.status, 400);
    assert.equal(shape.body.errors[0].path, 'body.values.spo2');
    const none = await api().get(`/api/patients/${patientId}/observations`).set('cookie', nurse);
    assert.deepEqual(none.body.items, []);

    // 5. The patient's device sends a low SpO2: the reply says it raised a red alert; a resend is a repeat.
    const body = { values: { spo2: 85 }, deviceMessageId: 'ossimetro-0001', source: 'device' };
    const low = await api().post('/api/me/readings').set('cookie', patient).send(body);
    assert.equal(low.status, 200, JSON.stringify(low.body));
    assert.equal(low.body.enrolmentId, enrolmentId);
    assert.equal(low.body.duplicate, false);
    assert.deepEqual(
      low.body.alertsRaised.map((a: { severity: string }) => a.severity),
      ['red'],
    );
    const resent = await api().post('/api/me/readings').set('cookie', patient).send(body);
    assert.equal(resent.body.duplicate, true);
    assert.deepEqual(resent.body.alertsRaised, []);
    const stored = await api().get(`/api/patients/${patientId}/observations`).set('cookie', nurse);
    assert.deepEqual(
      stored.body.items.map((o: { value: number; source: string }) => [o.value, o.source]),
      [[85, 'device']],
    );

    // 6. The nurse's worklist: the alert (red first), not visible to another tenant.
    await api()
      .post(`/api/patients/${patientId}/readings`)
      .set('cookie', nurse)
      .send({ values: { spo2: 95 } });
    const alerts = await api().get('/api/alerts?status=open').set('cookie', nurse);
    assert.equal(alerts.status, 200);
    assert.equal(alerts.body.items.length, 1);
    const alert = alerts.body.items[0];
    assert.equal(alert.severity, 'red');
    assert.equal(alert.patientId, patientId);
    assert.deepEqual(
      (await api().get('/api/alerts?status=open').set('cookie', otherNurse)).body.items,
      [],
    );
    const foreign = await api()
      .post(`/api/alerts/${encodeURIComponent(alert.id)}/acknowledge`)
      .set('cookie', otherNurse)
      .send({});
    assert.equal(foreign.status, 404);

    // 7. Acknowledged with a note: the escalation stops; a second acknowledgement conflicts.
    const ack = await api()
      .post(`/api/alerts/${encodeURIComponent(alert.id)}/acknowledge`)
      .set('cookie', nurse)
      .send({ note: 'Paziente richiamato, ossigeno regolato' });
    assert.equal(ack.status, 200, JSON.stringify(ack.body));
    assert.equal(ack.body.alert.status, 'acknowledged');
    assert.equal(ack.body.alert.acknowledgedBy, 'centro.infermiere');
    const again = await api()
      .post(`/api/alerts/${encodeURIComponent(alert.id)}/acknowledge`)
      .set('cookie', nurse)
      .send({});
    assert.equal(again.status, 409);
    assert.deepEqual(
      (await api().get('/api/alerts?status=open').set('cookie', nurse)).body.items,
      [],
    );

    // 8. The task of the second track: on the worklist, completed through the API.
    const items = await api()
      .get('/api/work-items?status=open&assignee=nurse')
      .set('cookie', nurse);
    const task = items.body.items.find((i: { stepId: string }) => i.stepId === 'chiamata');
    assert.ok(task, JSON.stringify(items.body));
    const completed = await api()
      .post(`/api/work-items/${encodeURIComponent(task.id)}/complete`)
      .set('cookie', nurse)
      .send({});
    assert.equal(completed.status, 200, JSON.stringify(completed.body));
    assert.equal(completed.body.item.status, 'done');
    assert.equal(completed.body.item.closedBy, 'centro.infermiere');

    // 9. Version 1.1.0 (a new data point) is published and the cohort migrated to it; 2.0.0
    //    turns the current reading step into a task, so the enrolment refuses to move.
    const v11 = v1();
    v11.version = '1.1.0';
    v11.dataPoints.temperatura = {
      type: 'quantity',
      title: { it: 'Temperatura', en: 'Temperature' },
      unit: 'Cel',
      min: 30,
      max: 45,
    };
    const v20 = v1();
    v20.version = '2.0.0';
    v20.tracks[0].steps[0] = {
      id: 'saturazione-giornaliera',
      type: 'task',
      title: { it: 'Telefonata', en: 'Call' },
      assignee: 'nurse',
    };
    for (const d of [v11, v20]) {
      assert.equal(
        (await api().post('/api/pathways').set('cookie', designer).send({ definition: d })).status,
        201,
      );
      assert.equal(
        (
          await api()
            .post(`/api/pathways/${PATHWAY}/versions/${d.version}/publish`)
            .set('cookie', designer)
        ).status,
        200,
      );
    }
    const migrated = await api()
      .post(`/api/pathways/${PATHWAY}/migrate`)
      .set('cookie', designer)
      .send({ fromVersion: '1.0.0', toVersion: '1.1.0' });
    assert.equal(migrated.status, 200, JSON.stringify(migrated.body));
    assert.deepEqual(
      migrated.body.results.map((r: { enrolmentId: string; status: string }) => [
        r.enrolmentId,
        r.status,
      ]),
      [[enrolmentId, 'migrated']],
    );
    const detail = await api().get(`/api/enrolments/${enrolmentId}`).set('cookie', nurse);
    assert.equal(detail.body.enrolment.pathwayVersion, '1.1.0');
    const refusedMigration = await api()
      .post(`/api/pathways/${PATHWAY}/migrate`)
      .set('cookie', designer)
      .send({ fromVersion: '1.1.0', toVersion: '2.0.0' });
    assert.equal(refusedMigration.body.results[0].status, 'refused');
    assert.match(
      refusedMigration.body.results[0].reason,
      /is a reading step in 1\.1\.0 but a task step in 2\.0\.0/,
    );
    const live = await t.platform.temporal.client.workflow
      .getHandle(detail.body.enrolment.workflowId)
      .query('version');
    assert.deepEqual(live, { pathwayId: PATHWAY, version: '1.1.0' });

    // 10. The migrated enrolment (a new run) measures the new data point.
    const temp = await api()
      .post(`/api/patients/${patientId}/readings`)
      .set('cookie', nurse)
      .send({ values: { temperatura: 37.2 } });
    assert.equal(temp.status, 200, JSON.stringify(temp.body));

    // 11. All of it is in the audit log, as the people who did it.
    const audit = await t.platform.stores.audit.list('asl-toscana-centro', { limit: 500 });
    const seen = (action: string, type: string, outcome = 'success') =>
      audit.some((a) => a.action === action && a.resourceType === type && a.outcome === outcome);
    assert.ok(seen('create', 'Observation'));
    assert.ok(seen('create', 'Observation', 'failure'));
    assert.ok(seen('acknowledge', 'Flag'));
    assert.ok(seen('update', 'Task'));
    assert.ok(seen('publish', 'PlanDefinition'));
    assert.ok(seen('migrate', 'CarePlan'));
    assert.ok(seen('migrate', 'CarePlan', 'failure'));
  });
});
