import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { demoUsers, loginCookie, waitFor } from '../support/api-client.js';
import { painCheckPathway, publishPathway } from '../support/form-pathway.js';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';

interface WorkItem {
  id: string;
  kind: string;
  stepId: string | null;
  status: string;
  assignee: string;
}

/** A designer's small form: two scored answers, a conditional question and a computed total. */
const scoredForm = (labelSuffix = '') => ({
  title: { it: `Prova punteggio${labelSuffix}`, en: `Score test${labelSuffix}` },
  outputs: { totale: { type: 'number', title: { it: 'Totale', en: 'Total' } } },
  schema: {
    display: 'form',
    components: [
      {
        type: 'number',
        key: 'a',
        label: 'Primo',
        input: true,
        validate: { required: true, min: 0, max: 5 },
      },
      {
        type: 'number',
        key: 'b',
        label: 'Secondo',
        input: true,
        validate: { required: true, min: 0, max: 5 },
      },
      {
        type: 'textarea',
        key: 'perche',
        label: 'Perché così alto?',
        input: true,
        validate: { required: true },
        conditional: {
          show: true,
          conjunction: 'all',
          conditions: [{ component: 'a', operator: 'greaterThan', value: 3 }],
        },
      },
      {
        type: 'number',
        key: 'totale',
        label: 'Totale',
        input: true,
        disabled: true,
        calculateValue: { '+': [{ var: 'data.a' }, { var: 'data.b' }] },
      },
    ],
  },
});

describe('API: questionnaires (registry, filling, validation, the pathway acting on answers)', function () {
  this.timeout(120_000);
  let t: TestPlatform;
  let designer: string;
  let nurse: string;
  let patient: string;
  let otherNurse: string;
  const api = () => request(t.baseUrl);

  before(async () => {
    t = await startTestPlatform();
    [designer, nurse, patient, otherNurse] = await Promise.all([
      loginCookie(t.baseUrl, demoUsers.centro.designer),
      loginCookie(t.baseUrl, demoUsers.centro.nurse),
      loginCookie(t.baseUrl, demoUsers.centro.patient),
      loginCookie(t.baseUrl, demoUsers.nord.nurse),
    ]);
  });
  after(() => t?.close());

  it('lists the built-in forms, published, with their outputs', async () => {
    const res = await api().get('/api/forms').set('cookie', designer);
    assert.equal(res.status, 200);
    const items = res.body.items as {
      formId: string;
      builtIn: boolean;
      latestPublished: number;
      outputs: string[];
    }[];
    const pain = items.find((f) => f.formId === 'dolore-nrs');
    assert.ok(pain, 'dolore-nrs is there');
    assert.equal(pain.builtIn, true);
    assert.equal(pain.latestPublished, 1);
    assert.deepEqual(pain.outputs, ['dolore']);
    for (const id of [
      'bpco-diario-sintomi',
      'richiesta-teleconsulto',
      'teleassistenza-autovalutazione',
    ]) {
      assert.ok(
        items.some((f) => f.formId === id),
        `${id} is built in`,
      );
    }
    const forbidden = await api().get('/api/forms').set('cookie', patient);
    assert.equal(forbidden.status, 403);
  });

  it('refuses a draft with JavaScript, with the path of the property', async () => {
    const form = scoredForm();
    (form.schema.components[3] as Record<string, unknown>).calculateValue =
      'value = data.a + data.b';
    const res = await api()
      .put('/api/forms/prova-punteggio/draft')
      .set('cookie', designer)
      .send(form);
    assert.equal(res.status, 400);
    assert.deepEqual(
      (res.body.errors as { path: string }[]).map((e) => e.path),
      ['body.schema.components.3.calculateValue'],
    );
    const list = await api().get('/api/forms').set('cookie', designer);
    assert.ok(
      !(list.body.items as { formId: string }[]).some((f) => f.formId === 'prova-punteggio'),
    );
  });

  it('versions a form: a published version never changes, answers validate against their own version', async () => {
    const draft = await api()
      .put('/api/forms/prova-punteggio/draft')
      .set('cookie', designer)
      .send(scoredForm());
    assert.equal(draft.status, 200, JSON.stringify(draft.body));
    assert.equal(draft.body.form.version, 1);
    assert.equal(draft.body.form.status, 'draft');
    // The server made the calculated value its own.
    assert.equal(draft.body.form.definition.schema.components[3].calculateServer, true);
    const published = await api()
      .post('/api/forms/prova-punteggio/publish')
      .set('cookie', designer);
    assert.equal(published.status, 201);
    assert.equal(published.body.form.status, 'published');
    const again = await api().post('/api/forms/prova-punteggio/publish').set('cookie', designer);
    assert.equal(again.status, 409);

    // Version 2 lets "b" go up to 10.
    const v2 = scoredForm(' v2');
    (v2.schema.components[1]!.validate as { max: number }).max = 10;
    const d2 = await api().put('/api/forms/prova-punteggio/draft').set('cookie', designer).send(v2);
    assert.equal(d2.body.form.version, 2);
    await api().post('/api/forms/prova-punteggio/publish').set('cookie', designer).expect(201);

    const v1 = await api().get('/api/forms/prova-punteggio/versions/1').set('cookie', designer);
    assert.equal(v1.body.form.title.it, 'Prova punteggio');
    assert.equal(v1.body.form.sha256, published.body.form.sha256);

    const answers = { a: 2, b: 8, totale: 0 };
    const onV1 = await api()
      .post('/api/forms/prova-punteggio/check')
      .set('cookie', designer)
      .send({ version: 1, answers });
    assert.equal(onV1.body.ok, false);
    assert.deepEqual(onV1.body.errors, [
      { path: 'data.b', rule: 'max', message: 'Secondo non può essere maggiore di 5' },
    ]);
    const onV2 = await api()
      .post('/api/forms/prova-punteggio/check')
      .set('cookie', designer)
      .send({ version: 2, answers });
    assert.equal(onV2.body.ok, true);
    // The tampered total is replaced by the server's own sum.
    assert.deepEqual(onV2.body.outputs, { totale: 10 });

    // Another tenant does not see this tenant's form.
    const foreign = await api()
      .get('/api/forms/prova-punteggio/versions/1')
      .set('cookie', otherNurse);
    assert.equal(foreign.status, 404);
  });

  it('refuses to publish a pathway whose forms are missing or lack the outputs it maps', async () => {
    const bad = painCheckPathway('prova-moduli-errati');
    const steps = bad.tracks[0]!.steps as Record<string, unknown>[];
    steps[0] = { ...steps[0], produces: { dolore: 'intensita' } };
    steps.splice(1, 0, {
      id: 'inesistente',
      title: { it: 'Modulo inesistente', en: 'Missing form' },
      type: 'form',
      form: { id: 'non-esiste' },
      assignee: 'patient',
    });
    const saved = await api()
      .post('/api/pathways')
      .set('cookie', designer)
      .send({ definition: bad });
    assert.equal(saved.status, 201, JSON.stringify(saved.body));
    const res = await api()
      .post('/api/pathways/prova-moduli-errati/versions/1.0.0/publish')
      .set('cookie', designer);
    assert.equal(res.status, 400);
    assert.deepEqual(
      (res.body.errors as { path: string; message: string }[]).map((e) => [e.path, e.message]),
      [
        [
          'definition.tracks.0.steps.0.produces.dolore',
          'form dolore-nrs v1 has no output "intensita" (it has: dolore)',
        ],
        ['definition.tracks.0.steps.1.form', 'no published form "non-esiste"'],
      ],
    );
  });

  describe('a pathway that asks the patient for the pain scale', () => {
    let patientId: string;
    let item: WorkItem;
    const itemPath = () => `/api/work-items/${encodeURIComponent(item.id)}`;

    before(async () => {
      await publishPathway(t.baseUrl, designer, painCheckPathway());
      patientId = (await api().get('/api/me/patient').set('cookie', patient)).body.patient
        .id as string;
      const enrolled = await api()
        .post('/api/enrolments')
        .set('cookie', nurse)
        .send({ patientId, pathwayId: 'prova-dolore', inputs: {} });
      assert.equal(enrolled.status, 201, JSON.stringify(enrolled.body));
      item = await waitFor('the form task', async () => {
        const res = await api().get('/api/me/work-items?status=open').set('cookie', patient);
        return (res.body.items as WorkItem[]).find((w) => w.kind === 'form');
      });
    });

    it('gives the patient the pinned version, even after a newer one is published', async () => {
      // The tenant publishes its own version 2 of the built-in after the enrolment.
      const v1 = await api().get('/api/forms/dolore-nrs/versions/1').set('cookie', designer);
      const def = v1.body.form.definition;
      def.title.it = 'Dolore (versione aziendale)';
      await api().put('/api/forms/dolore-nrs/draft').set('cookie', designer).send(def).expect(200);
      await api().post('/api/forms/dolore-nrs/publish').set('cookie', designer).expect(201);

      const res = await api()
        .get(itemPath() + '/form')
        .set('cookie', patient);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.form.formId, 'dolore-nrs');
      assert.equal(res.body.form.version, 1);
      assert.equal(res.body.draft, null);
      assert.deepEqual(res.body.submissions, []);
    });

    it('keeps a draft of unfinished answers for the person filling it', async () => {
      const saved = await api()
        .put(itemPath() + '/form/draft')
        .set('cookie', patient)
        .send({ answers: { dolore: '5' } });
      assert.equal(saved.status, 200);
      const res = await api()
        .get(itemPath() + '/form')
        .set('cookie', patient);
      assert.deepEqual(res.body.draft.answers, { dolore: '5' });
      // The nurse has her own (empty) draft of the same task.
      const nurseView = await api()
        .get(itemPath() + '/form')
        .set('cookie', nurse);
      assert.equal(nurseView.body.draft, null);
    });

    it('refuses bad answers with a path per field; nothing is stored and the step stays open', async () => {
      const res = await api()
        .post(itemPath() + '/form/submissions')
        .set('cookie', patient)
        .send({ answers: { dolore: '11', note: 'x'.repeat(1001) }, idempotencyKey: randomUUID() });
      assert.equal(res.status, 400);
      assert.deepEqual((res.body.errors as { path: string }[]).map((e) => e.path).sort(), [
        'body.answers.dolore',
        'body.answers.note',
        // Shown (and so required) because an answer was given to the pain question.
        'body.answers.sede',
      ]);
      const english = await api()
        .post(itemPath() + '/form/submissions')
        .set('cookie', patient)
        .set('accept-language', 'en')
        .send({ answers: {}, idempotencyKey: randomUUID() });
      assert.equal(english.status, 400);
      assert.match(english.body.errors[0].message, /is required$/);
      const list = await api()
        .get(`/api/patients/${patientId}/form-submissions`)
        .set('cookie', nurse);
      assert.deepEqual(list.body.items, []);
      const open = await api().get('/api/me/work-items?status=open').set('cookie', patient);
      assert.ok((open.body.items as WorkItem[]).some((w) => w.id === item.id));
    });

    it('accepts good answers once, completes the step, and the rule on the score raises the alert', async () => {
      const key = randomUUID();
      const body = {
        answers: { dolore: '8', sede: 'torace', note: 'Da stamattina', extra: 'ignored' },
        idempotencyKey: key,
      };
      const [first, second] = await Promise.all([
        api()
          .post(itemPath() + '/form/submissions')
          .set('cookie', patient)
          .send(body),
        api()
          .post(itemPath() + '/form/submissions')
          .set('cookie', patient)
          .send(body),
      ]);
      const statuses = [first.status, second.status].sort();
      assert.deepEqual(
        statuses,
        [200, 201],
        `${JSON.stringify(first.body)} ${JSON.stringify(second.body)}`,
      );
      const created = first.status === 201 ? first.body : second.body;
      assert.equal(created.submission.status, 'completed');
      assert.equal(created.submission.formVersion, 1);
      assert.deepEqual(created.submission.answers, {
        dolore: 8,
        sede: 'torace',
        note: 'Da stamattina',
      });
      assert.deepEqual(created.submission.outputs, { dolore: 8 });
      assert.deepEqual(
        (created.outcome.alertsRaised as { severity: string }[]).map((a) => a.severity),
        ['red'],
      );
      // A third resend, later, is still the same submission.
      const third = await api()
        .post(itemPath() + '/form/submissions')
        .set('cookie', patient)
        .send(body);
      assert.equal(third.status, 200);
      assert.equal(third.body.duplicate, true);
      assert.equal(third.body.submission.id, created.submission.id);

      const list = await api()
        .get(`/api/patients/${patientId}/form-submissions`)
        .set('cookie', nurse);
      assert.equal(list.body.items.length, 1);
      assert.equal(list.body.items[0].formTitle.it, 'Intensità del dolore (scala numerica 0–10)');
      assert.equal(list.body.items[0].author, demoUsers.centro.patient);

      // The step is done; the pathway moved on to the nurse's review; the alert is open.
      await waitFor('the next step', async () => {
        const res = await api().get(`/api/work-items?patientId=${patientId}`).set('cookie', nurse);
        const items = res.body.items as WorkItem[];
        return (
          items.find((w) => w.id === item.id)?.status === 'done' &&
          items.some((w) => w.stepId === 'revisione' && w.status === 'open')
        );
      });
      // The score is an observation too: the nurse's charts show it beside the vitals.
      const scores = await api()
        .get(`/api/patients/${patientId}/observations?dataPoint=dolore`)
        .set('cookie', nurse);
      assert.deepEqual(
        (scores.body.items as { value: number; source: string }[]).map((o) => [o.value, o.source]),
        [[8, 'form:dolore-nrs']],
      );
      const alerts = await api().get('/api/alerts?status=open').set('cookie', nurse);
      assert.ok(
        (alerts.body.items as { patientId: string; severity: string }[]).some(
          (a) => a.patientId === patientId && a.severity === 'red',
        ),
      );

      // The draft went with the submission; a new submission of a closed task is refused.
      const after = await api()
        .get(itemPath() + '/form')
        .set('cookie', patient);
      assert.equal(after.body.draft, null);
      const late = await api()
        .post(itemPath() + '/form/submissions')
        .set('cookie', patient)
        .send({ answers: { dolore: '2', sede: 'arti' }, idempotencyKey: randomUUID() });
      assert.equal(late.status, 409);
    });

    it('shows the answers with their exact form version, to the right people only', async () => {
      const list = await api()
        .get(`/api/patients/${patientId}/form-submissions`)
        .set('cookie', nurse);
      const id = list.body.items[0].id as string;
      const one = await api().get(`/api/form-submissions/${id}`).set('cookie', nurse);
      assert.equal(one.status, 200);
      assert.equal(one.body.form.version, 1);
      assert.equal(one.body.form.formId, 'dolore-nrs');
      const own = await api().get(`/api/form-submissions/${id}`).set('cookie', patient);
      assert.equal(own.status, 200);
      const foreign = await api().get(`/api/form-submissions/${id}`).set('cookie', otherNurse);
      assert.equal(foreign.status, 404);
      const foreignList = await api()
        .get(`/api/patients/${patientId}/form-submissions`)
        .set('cookie', otherNurse);
      assert.equal(foreignList.status, 404);
      const foreignItem = await api()
        .get(itemPath() + '/form')
        .set('cookie', otherNurse);
      assert.equal(foreignItem.status, 404);
    });
  });
});
