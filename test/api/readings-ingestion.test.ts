import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import request from 'supertest';
import { loginCookie, waitFor } from '../support/api-client.js';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';

const CF = 'http://hl7.it/sid/codiceFiscale';
const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const FHIR = 'application/fhir+json';

interface PatientRow {
  id: string;
  familyName: string;
  codiceFiscale: string;
}

interface ObservationRow {
  readingId: string;
  deviceMessageId: string | null;
  dataPoint: string;
  value: number;
  unit: string;
  loinc: string | null;
  measuredAt: string;
  source: string;
}

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

/** A vital-sign Observation as a device would send it. */
function observation(o: {
  code: string;
  value?: number;
  unit?: string;
  cf?: string;
  patientId?: string;
  messageId?: string;
  system?: string;
  at?: string;
  components?: { code: string; value: number; unit: string }[];
}) {
  return {
    resourceType: 'Observation',
    ...(o.messageId
      ? {
          identifier: [
            { system: o.system ?? 'urn:oid:2.16.840.1.113883.2.9.999.1', value: o.messageId },
          ],
        }
      : {}),
    status: 'final',
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/observation-category',
            code: 'vital-signs',
          },
        ],
      },
    ],
    code: { coding: [{ system: LOINC, code: o.code }] },
    subject: o.cf
      ? { identifier: { system: CF, value: o.cf } }
      : { reference: `Patient/${o.patientId}` },
    effectiveDateTime: o.at ?? minutesAgo(1),
    ...(o.value !== undefined
      ? { valueQuantity: { value: o.value, unit: o.unit, system: UCUM, code: o.unit } }
      : {}),
    ...(o.components
      ? {
          component: o.components.map((c) => ({
            code: { coding: [{ system: LOINC, code: c.code }] },
            valueQuantity: { value: c.value, unit: c.unit, system: UCUM, code: c.unit },
          })),
        }
      : {}),
  };
}

const transaction = (type: 'transaction' | 'batch', resources: unknown[]) => ({
  resourceType: 'Bundle',
  type,
  entry: resources.map((resource, i) => ({
    fullUrl: `urn:uuid:00000000-0000-4000-8000-00000000000${i}`,
    resource,
    request: { method: 'POST', url: 'Observation' },
  })),
});

describe('API: readings in from devices (FHIR Observation and Bundle, device JSON)', function () {
  this.timeout(240_000);
  let t: TestPlatform;
  let nurse: string;
  let designer: string;
  let patientCookie: string;
  let rossi: PatientRow;
  let dangelo: PatientRow;
  let bartoli: PatientRow;
  let foreign: PatientRow;
  let kit: { id: string; token: string };
  let nurseKit: { id: string; token: string };
  const api = () => request(t.baseUrl);

  const observations = async (patientId: string): Promise<ObservationRow[]> => {
    const res = await api().get(`/api/patients/${patientId}/observations`).set('cookie', nurse);
    assert.equal(res.status, 200);
    return res.body.items;
  };
  const postFhir = (path: string, body: unknown, auth: { cookie?: string; token?: string }) => {
    const req = api().post(`/api/fhir${path}`).set('content-type', FHIR);
    if (auth.cookie) void req.set('cookie', auth.cookie);
    if (auth.token) void req.set('authorization', `Bearer ${auth.token}`);
    return req.send(JSON.stringify(body));
  };

  before(async () => {
    t = await startTestPlatform();
    nurse = await loginCookie(t.baseUrl, 'centro.infermiere');
    designer = await loginCookie(t.baseUrl, 'centro.designer');
    patientCookie = await loginCookie(t.baseUrl, 'centro.paziente');
    const nordNurse = await loginCookie(t.baseUrl, 'nord.infermiere');
    const list = (await api().get('/api/patients').set('cookie', nurse)).body.items as PatientRow[];
    const byName = (n: string) => list.find((p) => p.familyName === n)!;
    rossi = byName('Rossi');
    dangelo = byName("D'Angelo");
    bartoli = byName('Bàrtoli');
    foreign = (
      (await api().get('/api/patients').set('cookie', nordNurse)).body.items as PatientRow[]
    )[0]!;

    // Rossi on the COPD plan (SpO2 threshold 90 %), D'Angelo on heart failure, Bàrtoli on a
    // designer's pathway that measures glucose and temperature.
    const enrol = async (patientId: string, pathwayId: string, inputs = {}) => {
      const res = await api()
        .post('/api/enrolments')
        .set('cookie', nurse)
        .send({ patientId, pathwayId, inputs });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    };
    await enrol(rossi.id, 'bpco-telemonitoraggio', { spo2Min: 90 });
    await enrol(dangelo.id, 'scompenso-telemonitoraggio');
    const t2 = (it: string, en = it) => ({ it, en });
    const definition = {
      schemaVersion: 1,
      id: 'prova-glicemia',
      version: '1.0.0',
      kind: 'telemonitoring',
      title: t2('Prova glicemia', 'Glucose test'),
      description: t2('Glicemia e temperatura', 'Glucose and temperature'),
      roles: ['patient', 'nurse', 'doctor'],
      duration: 'P90D',
      dataPoints: {
        glicemia: {
          type: 'quantity',
          title: t2('Glicemia'),
          unit: 'mg/dL',
          loinc: '2339-0',
          min: 10,
          max: 1000,
        },
        temperatura: {
          type: 'quantity',
          title: t2('Temperatura'),
          unit: 'Cel',
          loinc: '8310-5',
          min: 30,
          max: 45,
        },
      },
      tracks: [
        {
          id: 'misure',
          title: t2('Misure', 'Measurements'),
          steps: [
            {
              id: 'glicemia-mattino',
              title: t2('Glicemia del mattino', 'Morning glucose'),
              type: 'reading',
              from: 'patient',
              observations: ['glicemia'],
              schedule: { rrule: 'FREQ=DAILY;BYHOUR=8;BYMINUTE=0', window: 'PT12H' },
            },
          ],
        },
      ],
    };
    const draft = await api().post('/api/pathways').set('cookie', designer).send({ definition });
    assert.equal(draft.status, 201, JSON.stringify(draft.body));
    const pub = await api()
      .post('/api/pathways/prova-glicemia/versions/1.0.0/publish')
      .set('cookie', designer);
    assert.equal(pub.status, 200, JSON.stringify(pub.body));
    await enrol(bartoli.id, 'prova-glicemia');

    // A patient kit for Rossi and a nurse's home kit for the tenant.
    const k = await api()
      .post(`/api/patients/${rossi.id}/devices`)
      .set('cookie', nurse)
      .send({ label: 'Kit Rossi', serial: 'OX-0001' });
    assert.equal(k.status, 201, JSON.stringify(k.body));
    kit = { id: k.body.device.id, token: k.body.token };
    const n = await api()
      .post('/api/devices')
      .set('cookie', nurse)
      .send({ label: 'Valigetta infermiere 3', kind: 'nurse-kit' });
    assert.equal(n.status, 201, JSON.stringify(n.body));
    nurseKit = { id: n.body.device.id, token: n.body.token };
  });
  after(() => t?.close());

  it('registers devices with a token shown once and stored only as a hash', async () => {
    assert.match(kit.token, /^pdk_[A-Za-z0-9_-]{43}$/);
    assert.match(nurseKit.token, /^pdk_[A-Za-z0-9_-]{43}$/);
    const mine = await api().get(`/api/patients/${rossi.id}/devices`).set('cookie', nurse);
    assert.equal(mine.status, 200);
    assert.deepEqual(
      mine.body.items.map(
        (d: { label: string; kind: string; patientId: string; status: string }) => [
          d.label,
          d.kind,
          d.patientId,
          d.status,
        ],
      ),
      [['Kit Rossi', 'patient-kit', rossi.id, 'active']],
    );
    assert.ok(!JSON.stringify(mine.body).includes(kit.token), 'the token is never listed');
    const all = await api().get('/api/devices').set('cookie', nurse);
    assert.deepEqual(all.body.items.map((d: { kind: string }) => d.kind).sort(), [
      'nurse-kit',
      'patient-kit',
    ]);
    // Another tenant sees none of them; a patient may not register a kit.
    const nord = await loginCookie(t.baseUrl, 'nord.infermiere');
    assert.deepEqual((await api().get('/api/devices').set('cookie', nord)).body.items, []);
    const byPatient = await api()
      .post(`/api/patients/${rossi.id}/devices`)
      .set('cookie', patientCookie)
      .send({ label: 'x' });
    assert.equal(byPatient.status, 403);
  });

  it("accepts a FHIR SpO2 from the patient's kit, stores it with LOINC and UCUM, and the pathway raises the alert", async () => {
    // 1. The kit sends SpO2 86 % (below the 90 % threshold), naming the patient by codice fiscale.
    const body = observation({
      code: '59408-5',
      value: 86,
      unit: '%',
      cf: rossi.codiceFiscale,
      messageId: 'ox-1',
    });
    const res = await postFhir('/Observation', body, { token: kit.token });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.match(String(res.headers['content-type']), /^application\/fhir\+json/);
    assert.equal(res.body.resourceType, 'Observation');
    assert.match(res.body.id, /^[0-9a-f]{32}$/);
    assert.equal(res.headers.location, `Observation/${res.body.id}`);
    assert.equal(res.body.subject.reference, `Patient/${rossi.id}`);

    // 2. Stored as the COPD pathway's data point, with its LOINC code and UCUM unit.
    const rows = (await observations(rossi.id)).filter((o) => o.dataPoint === 'spo2');
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.value, 86);
    assert.equal(rows[0]!.unit, '%');
    assert.equal(rows[0]!.loinc, '59408-5');
    assert.equal(rows[0]!.source, 'device');
    assert.equal(rows[0]!.deviceMessageId, 'urn:oid:2.16.840.1.113883.2.9.999.1|ox-1');
    assert.equal(rows[0]!.measuredAt, new Date(body.effectiveDateTime).toISOString());

    // 3. It reached the pathway: the red "SpO2 below threshold" alert is on the worklist.
    const alert = await waitFor('the SpO2 alert', async () => {
      const a = await api().get(`/api/alerts?patientId=${rossi.id}`).set('cookie', nurse);
      return (a.body.items as { ruleId: string; severity: string }[]).find(
        (x) => x.ruleId === 'spo2-bassa',
      );
    });
    assert.equal(alert.severity, 'red');

    // 4. The same device message again: accepted, same id, still one row, no second alert.
    const again = await postFhir('/Observation', body, { token: kit.token });
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.equal(again.body.id, res.body.id);
    assert.equal((await observations(rossi.id)).filter((o) => o.dataPoint === 'spo2').length, 1);
    const alerts = await api().get(`/api/alerts?patientId=${rossi.id}`).set('cookie', nurse);
    assert.equal(alerts.body.items.length, 1);

    // 5. The audit log names the device.
    const audit = await t.platform.stores.audit.list('asl-toscana-centro', { patientId: rossi.id });
    const created = audit.find((e) => e.action === 'create' && e.resourceType === 'Observation');
    assert.ok(created, 'creation audited');
    assert.equal(created.actorUsername, 'device:Kit Rossi');
    assert.equal(created.actorUserId, kit.id);
  });

  it('accepts a transaction Bundle with SpO2 and heart rate (application/json, a nurse)', async () => {
    const at = minutesAgo(2);
    const bundle = transaction('transaction', [
      observation({
        code: '2708-6',
        value: 0.96,
        unit: '1',
        patientId: rossi.id,
        messageId: 'tx-1',
        at,
      }),
      observation({
        code: '8867-4',
        value: 72,
        unit: '{beats}/min',
        patientId: rossi.id,
        messageId: 'tx-2',
        at,
      }),
    ]);
    const res = await api().post('/api/fhir').set('cookie', nurse).send(bundle);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.resourceType, 'Bundle');
    assert.equal(res.body.type, 'transaction-response');
    assert.deepEqual(
      res.body.entry.map((e: { response: { status: string } }) => e.response.status),
      ['201 Created', '201 Created'],
    );
    const rows = await observations(rossi.id);
    const spo2 = rows.find((o) => o.deviceMessageId?.endsWith('|tx-1'));
    const hr = rows.find((o) => o.deviceMessageId?.endsWith('|tx-2'));
    assert.deepEqual(
      [spo2?.dataPoint, spo2?.value, spo2?.unit, spo2?.loinc],
      ['spo2', 96, '%', '59408-5'],
    );
    assert.deepEqual(
      [hr?.dataPoint, hr?.value, hr?.unit, hr?.loinc],
      ['heartRate', 72, '/min', '8867-4'],
    );
    assert.equal(hr?.source, 'nurse');
  });

  it('refuses a whole transaction when one entry is bad, and stores nothing of it', async () => {
    const bundle = transaction('transaction', [
      observation({
        code: '8867-4',
        value: 70,
        unit: '/min',
        patientId: rossi.id,
        messageId: 'bad-tx-1',
      }),
      observation({
        code: '59408-5',
        value: 140,
        unit: '%',
        patientId: rossi.id,
        messageId: 'bad-tx-2',
      }),
    ]);
    const res = await postFhir('', bundle, { cookie: nurse });
    assert.equal(res.status, 422, JSON.stringify(res.body));
    assert.match(String(res.headers['content-type']), /^application\/fhir\+json/);
    assert.equal(res.body.resourceType, 'OperationOutcome');
    assert.deepEqual(res.body.issue, [
      {
        severity: 'error',
        code: 'value',
        diagnostics: "SpO2 140 %: fuori dall'intervallo possibile 50–100 %",
        expression: ['Bundle.entry[1].resource.valueQuantity.value'],
      },
    ]);
    const rows = await observations(rossi.id);
    assert.ok(!rows.some((o) => o.deviceMessageId?.includes('bad-tx')), 'nothing stored');

    // A batch takes the good entry and answers the bad one on its own.
    const batch = await postFhir('', { ...bundle, type: 'batch' }, { cookie: nurse });
    assert.equal(batch.status, 200, JSON.stringify(batch.body));
    assert.equal(batch.body.type, 'batch-response');
    assert.equal(batch.body.entry[0].response.status, '201 Created');
    assert.equal(batch.body.entry[1].response.status, '422');
    assert.equal(batch.body.entry[1].response.outcome.issue[0].code, 'value');
    const after = await observations(rossi.id);
    assert.ok(after.some((o) => o.deviceMessageId?.endsWith('|bad-tx-1')));
    assert.ok(!after.some((o) => o.deviceMessageId?.endsWith('|bad-tx-2')));
  });

  it('refuses a bad unit and an impossible value with the reason, in Italian or English', async () => {
    const badUnit = await postFhir(
      '/Observation',
      observation({ code: '59408-5', value: 95, unit: 'kg', patientId: rossi.id }),
      { cookie: nurse },
    );
    assert.equal(badUnit.status, 422, JSON.stringify(badUnit.body));
    assert.deepEqual(badUnit.body.issue[0], {
      severity: 'error',
      code: 'value',
      diagnostics: 'SpO2: unità "kg" non accettata (unità ammesse: %, 1)',
      expression: ['Observation.valueQuantity.code'],
    });
    const impossible = await postFhir(
      '/Observation',
      observation({ code: '59408-5', value: 140, unit: '%', patientId: rossi.id }),
      { cookie: nurse },
    ).set('accept-language', 'en-GB,en;q=0.9');
    assert.equal(impossible.status, 422);
    assert.equal(
      impossible.body.issue[0].diagnostics,
      'SpO2 140 %: outside the possible range 50–100 %',
    );
    assert.deepEqual(impossible.body.issue[0].expression, ['Observation.valueQuantity.value']);
    // A malformed resource: 400 with the FHIRPath of the missing element.
    const { status: _s, ...noStatus } = observation({
      code: '59408-5',
      value: 95,
      unit: '%',
      patientId: rossi.id,
    });
    const malformed = await postFhir('/Observation', noStatus, { cookie: nurse });
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.issue[0].code, 'required');
    assert.deepEqual(malformed.body.issue[0].expression, ['Observation.status']);
    // A vital no pathway of the patient measures.
    const notMeasured = await postFhir(
      '/Observation',
      observation({ code: '8310-5', value: 37, unit: 'Cel', patientId: rossi.id }),
      { cookie: nurse },
    );
    assert.equal(notMeasured.status, 422);
    assert.equal(
      notMeasured.body.issue[0].diagnostics,
      'Temperatura corporea: nessun percorso attivo del paziente misura questo parametro',
    );
    // The JSON device endpoint keeps the platform's problem+json.
    const json = await api()
      .post('/api/device/readings')
      .set('cookie', nurse)
      .send({
        patient: { id: rossi.id },
        deviceMessageId: 'json-bad-1',
        measuredAt: minutesAgo(1),
        measurements: [{ code: 'spo2', value: 95, unit: 'mm[Hg]' }],
      });
    assert.equal(json.status, 400);
    assert.match(String(json.headers['content-type']), /^application\/problem\+json/);
    assert.deepEqual(json.body.errors, [
      {
        path: 'body.measurements.0.unit',
        message: 'SpO2: unità "mm[Hg]" non accettata (unità ammesse: %, 1)',
      },
    ]);
  });

  it("answers 404 for an unknown patient and for another tenant's patient", async () => {
    const unknown = await postFhir(
      '/Observation',
      observation({ code: '59408-5', value: 95, unit: '%', cf: 'RSSMRA80A01H501U' }),
      { cookie: nurse },
    );
    assert.equal(unknown.status, 404, JSON.stringify(unknown.body));
    assert.equal(unknown.body.issue[0].code, 'not-found');
    assert.deepEqual(unknown.body.issue[0].expression, ['Observation.subject.identifier']);
    const otherTenant = await postFhir(
      '/Observation',
      observation({ code: '59408-5', value: 95, unit: '%', patientId: foreign.id }),
      { cookie: nurse },
    );
    assert.equal(otherTenant.status, 404);
    const otherTenantJson = await api()
      .post('/api/device/readings')
      .set('authorization', `Bearer ${nurseKit.token}`)
      .send({
        patient: { codiceFiscale: foreign.codiceFiscale },
        deviceMessageId: 'foreign-1',
        measuredAt: minutesAgo(1),
        measurements: [{ code: '8867-4', value: 70, unit: '/min' }],
      });
    assert.equal(otherTenantJson.status, 404);
    // A patient's own account may send only for that patient.
    const patientForOther = await postFhir(
      '/Observation',
      observation({ code: '8867-4', value: 70, unit: '/min', patientId: dangelo.id }),
      { cookie: patientCookie },
    );
    assert.equal(patientForOther.status, 404);
  });

  it('places late and out-of-order readings at their measurement time', async () => {
    const recent = minutesAgo(60);
    const late = minutesAgo(180);
    for (const [id, at, value] of [
      ['order-1', recent, 80],
      ['order-2', late, 90],
    ] as const) {
      const res = await postFhir(
        '/Observation',
        observation({
          code: '8867-4',
          value,
          unit: '/min',
          patientId: rossi.id,
          messageId: id,
          at,
        }),
        { token: kit.token },
      );
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
    const rows = (await observations(rossi.id)).filter((o) =>
      o.deviceMessageId?.includes('|order-'),
    );
    // Newest measurement first, whatever the order of arrival.
    assert.deepEqual(
      rows.map((o) => [o.value, o.measuredAt]),
      [
        [80, new Date(recent).toISOString()],
        [90, new Date(late).toISOString()],
      ],
    );
    // A measurement in the future is refused.
    const future = await postFhir(
      '/Observation',
      observation({
        code: '8867-4',
        value: 70,
        unit: '/min',
        patientId: rossi.id,
        at: new Date(Date.now() + 3_600_000).toISOString(),
      }),
      { token: kit.token },
    );
    assert.equal(future.status, 422);
    assert.deepEqual(future.body.issue[0].expression, ['Observation.effectiveDateTime']);
  });

  it("converts weight in [lb_av] and takes a blood-pressure panel for a nurse kit's patient", async () => {
    // The nurse's kit weighs D'Angelo in pounds (device JSON, codice fiscale).
    const weight = await api()
      .post('/api/device/readings')
      .set('authorization', `Bearer ${nurseKit.token}`)
      .send({
        patient: { codiceFiscale: dangelo.codiceFiscale },
        deviceMessageId: 'scale-77',
        measuredAt: minutesAgo(5),
        measurements: [{ code: '29463-7', value: 176, unit: '[lb_av]' }],
      });
    assert.equal(weight.status, 201, JSON.stringify(weight.body));
    assert.deepEqual(weight.body.measurements[0], {
      dataPoint: 'weight',
      value: 79.8,
      unit: 'kg',
      loinc: '29463-7',
      enrolmentId: weight.body.outcomes[0].enrolmentId,
    });
    const resent = await api()
      .post('/api/device/readings')
      .set('authorization', `Bearer ${nurseKit.token}`)
      .send({
        patient: { codiceFiscale: dangelo.codiceFiscale },
        deviceMessageId: 'scale-77',
        measuredAt: minutesAgo(5),
        measurements: [{ code: '29463-7', value: 176, unit: '[lb_av]' }],
      });
    assert.equal(resent.status, 200);
    assert.equal(resent.body.duplicate, true);
    assert.equal(resent.body.readingId, weight.body.readingId);

    // Blood pressure as one FHIR panel with components, one of them in kPa.
    const bp = await postFhir(
      '/Observation',
      observation({
        code: '85354-9',
        patientId: dangelo.id,
        messageId: 'bp-1',
        components: [
          { code: '8480-6', value: 16, unit: 'kPa' },
          { code: '8462-4', value: 80, unit: 'mm[Hg]' },
        ],
      }),
      { token: nurseKit.token },
    );
    assert.equal(bp.status, 201, JSON.stringify(bp.body));
    const rows = await observations(dangelo.id);
    const one = (dp: string) => rows.find((o) => o.dataPoint === dp)!;
    assert.deepEqual(
      [one('weight').value, one('weight').unit, one('weight').source],
      [79.8, 'kg', 'device'],
    );
    assert.equal(rows.filter((o) => o.dataPoint === 'weight').length, 1);
    assert.deepEqual(
      [one('systolic').value, one('systolic').unit, one('systolic').loinc],
      [120, 'mm[Hg]', '8480-6'],
    );
    assert.deepEqual(
      [one('diastolic').value, one('diastolic').unit, one('diastolic').loinc],
      [80, 'mm[Hg]', '8462-4'],
    );
    assert.equal(one('systolic').readingId, one('diastolic').readingId);
  });

  it('converts glucose from mmol/L and temperature from °F for a designer-made pathway', async () => {
    const res = await api()
      .post('/api/device/readings')
      .set('cookie', nurse)
      .send({
        patient: { id: bartoli.id },
        deviceMessageId: 'gluco-1',
        measuredAt: minutesAgo(3),
        measurements: [
          // Glucose in moles: another LOINC code of the same vital finds the pathway's glicemia.
          { code: '15074-8', value: 5.5, unit: 'mmol/L' },
          // Temperature by the catalog's conventional name, found through its LOINC code.
          { code: 'temperature', value: 100.4, unit: '[degF]' },
        ],
      });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const rows = await observations(bartoli.id);
    const glucose = rows.find((o) => o.dataPoint === 'glicemia')!;
    assert.deepEqual([glucose.value, glucose.unit, glucose.loinc], [99, 'mg/dL', '2339-0']);
    const temp = rows.find((o) => o.dataPoint === 'temperatura')!;
    assert.deepEqual([temp.value, temp.unit], [38, 'Cel']);
  });

  it('stores an ECG file byte for byte with its interpretation, and sends its heart rate', async () => {
    const pdf = Buffer.concat([
      Buffer.from('%PDF-1.4\n', 'latin1'),
      randomBytes(4096),
      Buffer.from('\n%%EOF'),
    ]);
    const ecg = {
      ...observation({
        code: '11524-6',
        patientId: rossi.id,
        messageId: 'ecg-1',
        components: [{ code: '8867-4', value: 64, unit: '/min' }],
      }),
      valueAttachment: {
        contentType: 'application/pdf',
        data: pdf.toString('base64'),
        title: 'ECG 12 derivazioni',
      },
      interpretation: [{ text: 'Ritmo sinusale' }],
      note: [{ text: 'Eseguito a domicilio' }],
    };
    const res = await postFhir('/Observation', ecg, { token: kit.token });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.valueAttachment.data, undefined, 'the answer does not echo the file');
    const list = await api().get(`/api/patients/${rossi.id}/ecg-recordings`).set('cookie', nurse);
    assert.equal(list.status, 200);
    assert.equal(list.body.items.length, 1);
    const rec = list.body.items[0];
    assert.equal(rec.sha256, createHash('sha256').update(pdf).digest('hex'));
    assert.equal(rec.sizeBytes, pdf.length);
    assert.equal(rec.interpretation, 'Ritmo sinusale');
    assert.equal(rec.note, 'Eseguito a domicilio');
    assert.equal(rec.heartRate, 64);
    assert.equal(rec.deviceId, kit.id);
    assert.equal(res.body.valueAttachment.url, rec.contentUrl);
    const file = await api()
      .get(rec.contentUrl)
      .set('cookie', nurse)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    assert.equal(file.status, 200);
    assert.equal(file.headers['content-type'], 'application/pdf');
    assert.ok(Buffer.compare(file.body as Buffer, pdf) === 0, 'byte-identical');
    // The heart rate on the trace reached the COPD pathway as a reading.
    const hr = (await observations(rossi.id)).find((o) => o.deviceMessageId?.endsWith('|ecg-1'));
    assert.deepEqual([hr?.dataPoint, hr?.value], ['heartRate', 64]);
    // Sent again: one recording; a PNG that is not a PNG is refused.
    assert.equal((await postFhir('/Observation', ecg, { token: kit.token })).status, 200);
    assert.equal(
      (await api().get(`/api/patients/${rossi.id}/ecg-recordings`).set('cookie', nurse)).body.items
        .length,
      1,
    );
    const fake = await postFhir(
      '/Observation',
      {
        ...ecg,
        identifier: [{ value: 'ecg-2' }],
        valueAttachment: { contentType: 'image/png', data: pdf.toString('base64') },
      },
      { token: kit.token },
    );
    assert.equal(fake.status, 422);
    assert.deepEqual(fake.body.issue[0].expression, ['Observation.valueAttachment.data']);
  });

  it('limits device tokens: own patient only, device routes only, revoked at once', async () => {
    // A patient kit for another patient of the same tenant: 404, as for a foreign tenant.
    const other = await postFhir(
      '/Observation',
      observation({
        code: '8867-4',
        value: 70,
        unit: '/min',
        patientId: dangelo.id,
        messageId: 'k-1',
      }),
      { token: kit.token },
    );
    assert.equal(other.status, 404, JSON.stringify(other.body));
    // The nurse kit may send for any patient of its tenant.
    const anyPatient = await postFhir(
      '/Observation',
      observation({
        code: '8867-4',
        value: 70,
        unit: '/min',
        patientId: rossi.id,
        messageId: 'nk-1',
      }),
      { token: nurseKit.token },
    );
    assert.equal(anyPatient.status, 201, JSON.stringify(anyPatient.body));
    // A device token on a route for people: 403, audited with the device's name.
    const forbidden = await api().get('/api/patients').set('authorization', `Bearer ${kit.token}`);
    assert.equal(forbidden.status, 403);
    const existing = await api()
      .post(`/api/patients/${rossi.id}/readings`)
      .set('authorization', `Bearer ${nurseKit.token}`)
      .send({ values: { heartRate: 70 } });
    assert.equal(existing.status, 403);
    const audit = await t.platform.stores.audit.list('asl-toscana-centro', { limit: 20 });
    assert.ok(
      audit.some(
        (e) =>
          e.outcome === 'denied' &&
          e.resourceId === 'GET /patients' &&
          e.actorUsername === 'device:Kit Rossi',
      ),
    );
    // A made-up token is refused; so is the kit's once revoked, at once.
    const bogus = await postFhir('/Observation', {}, { token: 'pdk_nonesiste' });
    assert.equal(bogus.status, 401);
    assert.equal(bogus.body.resourceType, 'OperationOutcome');
    const revoke = await api().delete(`/api/devices/${kit.id}`).set('cookie', nurse);
    assert.equal(revoke.status, 200, JSON.stringify(revoke.body));
    assert.equal(revoke.body.device.status, 'revoked');
    assert.equal(revoke.body.device.revokedBy, 'centro.infermiere');
    const afterRevoke = await postFhir(
      '/Observation',
      observation({
        code: '8867-4',
        value: 70,
        unit: '/min',
        patientId: rossi.id,
        messageId: 'k-2',
      }),
      { token: kit.token },
    );
    assert.equal(afterRevoke.status, 401);
    assert.equal(afterRevoke.body.issue[0].code, 'login');
    const json = await api()
      .post('/api/device/readings')
      .set('authorization', `Bearer ${kit.token}`)
      .send({});
    assert.equal(json.status, 401);
    // The existing endpoints keep working for people.
    const manual = await api()
      .post(`/api/patients/${rossi.id}/readings`)
      .set('cookie', nurse)
      .send({ values: { heartRate: 71 } });
    assert.equal(manual.status, 200, JSON.stringify(manual.body));
    const mine = await api()
      .post('/api/me/readings')
      .set('cookie', patientCookie)
      .send({ values: { heartRate: 73 } });
    assert.equal(mine.status, 200, JSON.stringify(mine.body));
  });
});
