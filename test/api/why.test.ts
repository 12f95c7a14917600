import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import cookieParser from 'cookie-parser';
import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { SessionTokens } from '../../api/auth/session.js';
import { whyRoutes } from '../../api/features/why.js';
import { buildRouter } from '../../api/route.js';
import type { WhyChain, WhyStep } from '../../api/features/why-chain.js';
import type { PathwayDefinitionInput } from '../../pathways/definition.js';
import { PathwayCatalog } from '../../platform/pathway-catalog.js';
import { createTemporalHandle } from '../../platform/temporal.js';
import { demoUsers, loginCookie, waitFor } from '../support/api-client.js';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';
import { enrolWithRedAlert } from '../support/telemonitoring.js';

interface Alert {
  id: string;
  patientId: string;
  ruleId: string;
  severity: string;
  status: string;
  level: number;
  assignee: string;
  raisedAt: string;
  acknowledgedAt: string | null;
}

interface Patient {
  id: string;
  familyName: string;
  givenName: string;
  codiceFiscale: string;
}

const HOUR = 3_600_000;

/** A fever rule whose alert escalates to the doctor after 3 seconds (ADR: real timers, short). */
function feverPathway(id: string): PathwayDefinitionInput {
  return {
    schemaVersion: 1,
    id,
    version: '1.0.0',
    kind: 'telemonitoring',
    title: { it: 'Febbre di prova', en: 'Test fever' },
    description: {
      it: 'Temperatura e allerta che sale.',
      en: 'Temperature and an escalating alert.',
    },
    roles: ['patient', 'nurse', 'doctor'],
    duration: 'P30D',
    dataPoints: {
      temperature: {
        type: 'quantity',
        title: { it: 'Temperatura corporea', en: 'Body temperature' },
        unit: 'Cel',
        loinc: '8310-5',
        min: 30,
        max: 45,
      },
    },
    tracks: [
      {
        id: 'misure',
        title: { it: 'Misure', en: 'Measurements' },
        steps: [
          {
            id: 'temperatura',
            title: { it: 'Misura la temperatura', en: 'Take your temperature' },
            type: 'reading',
            from: 'patient',
            observations: ['temperature'],
          },
          {
            id: 'attesa',
            title: { it: 'Attesa', en: 'Wait' },
            type: 'wait',
            duration: 'P20D',
          },
        ],
      },
    ],
    rules: [
      {
        id: 'febbre',
        title: { it: 'Febbre', en: 'Fever' },
        when: { '>': [{ var: 'temperature' }, 38] },
        then: [
          {
            do: 'alert',
            severity: 'orange',
            title: { it: 'Febbre sopra 38 °C', en: 'Fever above 38 °C' },
            assignee: 'nurse',
            acknowledgeWithin: 'PT3S',
            escalation: [{ role: 'doctor', within: 'PT10M' }],
          },
        ],
      },
    ],
  };
}

const only = (chain: WhyChain, kind: WhyStep['kind']) => chain.steps.filter((s) => s.kind === kind);
const one = (chain: WhyChain, kind: WhyStep['kind']) => {
  const found = only(chain, kind);
  assert.equal(found.length, 1, `one ${kind} step: ${JSON.stringify(chain.steps, null, 1)}`);
  return found[0]!;
};
const indexOf = (chain: WhyChain, kind: WhyStep['kind']) =>
  chain.steps.findIndex((s) => s.kind === kind);

describe('API: "Why?" for an alert or a task (the chain that produced it)', function () {
  this.timeout(180_000);
  let t: TestPlatform;
  let nurse: string;
  let doctor: string;
  let patient: string;
  let designer: string;
  let patients: Patient[];
  const api = () => request(t.baseUrl);
  const why = (alertId: string) => `/api/alerts/${encodeURIComponent(alertId)}/why`;

  before(async () => {
    t = await startTestPlatform();
    [nurse, doctor, patient, designer] = await Promise.all([
      loginCookie(t.baseUrl, demoUsers.centro.nurse),
      loginCookie(t.baseUrl, demoUsers.centro.doctor),
      loginCookie(t.baseUrl, demoUsers.centro.patient),
      loginCookie(t.baseUrl, demoUsers.centro.designer),
    ]);
    patients = (await api().get('/api/patients').set('cookie', nurse)).body.items as Patient[];
  });
  after(() => t?.close());

  describe('a threshold alert, acknowledged with a note', () => {
    let alert: Alert;
    let me: Patient;
    const note = 'Chiamato il paziente: dispnea lieve, ricontrollo tra 1 ora';

    before(async () => {
      const mine = await api().get('/api/me/patient').set('cookie', patient);
      me = patients.find((p) => p.id === mine.body.patient.id)!;
      ({ alert } = (await enrolWithRedAlert(t.baseUrl, { nurse, patient }, me.id)) as unknown as {
        alert: Alert;
      });
      const ack = await api()
        .post(`/api/alerts/${encodeURIComponent(alert.id)}/acknowledge`)
        .set('cookie', nurse)
        .send({ note });
      assert.equal(ack.status, 200, JSON.stringify(ack.body));
    });

    it('tells the reading, the rule and its limit, the timer and who acknowledged, in order', async () => {
      const res = await api().get(why(alert.id)).set('cookie', doctor);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const chain = res.body as WhyChain;
      assert.equal(chain.subject.type, 'alert');
      assert.equal(chain.subject.severity, 'red');
      assert.equal(chain.subject.status, 'acknowledged');
      assert.deepEqual(
        [chain.pathway.id, chain.pathway.version],
        ['bpco-telemonitoraggio', '1.1.0'],
      );
      assert.equal(chain.pathway.title.it, 'Telemonitoraggio BPCO');
      // 1. The rule, its kind, its condition with the patient's own threshold, its ladder.
      assert.equal(chain.rule?.id, 'spo2-bassa');
      assert.equal(chain.rule?.kind, 'threshold');
      assert.equal(chain.rule?.condition.it, 'SpO2 < 92 % (soglia del paziente)');
      assert.equal(chain.rule?.condition.en, "SpO2 < 92 % (patient's threshold)");
      assert.equal(chain.rule?.acknowledgeWithin, 'PT30M');
      assert.deepEqual(chain.rule?.escalation, [
        { level: 1, role: 'doctor', within: 'PT30M' },
        { level: 2, role: 'emergency', within: 'PT15M' },
      ]);
      // 2. The reading that caused it: 86 %, sent by the patient, with when it was stored.
      const reading = one(chain, 'reading');
      const spo2 = reading.readings?.find((r) => r.dataPoint === 'spo2');
      assert.equal(spo2?.value, 86);
      assert.equal(spo2?.unit, '%');
      assert.equal(spo2?.source, 'patient');
      assert.ok(spo2?.receivedAt);
      assert.equal(reading.readings?.find((r) => r.dataPoint === 'heartRate')?.value, 88);
      assert.match(reading.text.it, /SpO2 86 %/);
      // 3. The workflow took it as an update (from its history), when the alert was raised.
      assert.equal(chain.historyAvailable, true);
      assert.equal(chain.historyNote, null);
      const delivered = chain.steps.find(
        (s) => s.kind === 'workflow-message' && s.message?.name === 'submitReading',
      );
      assert.equal(delivered?.source, 'workflow-history');
      assert.ok(delivered && Date.parse(delivered.at) <= Date.parse(alert.raisedAt));
      assert.equal(spo2?.deliveredAt, delivered.at);
      const rule = one(chain, 'rule');
      assert.match(rule.text.it, /spo2-bassa, percorso bpco-telemonitoraggio v1\.1\.0/);
      assert.match(rule.text.it, /valori: SpO2 86 %/);
      // 4. The escalation timer the workflow started with the alert, stopped by the acknowledgement.
      const [timer, ...more] = only(chain, 'escalation-timer');
      assert.equal(more.length, 0);
      assert.equal(timer?.source, 'workflow-history');
      assert.equal(timer?.timer?.seenInHistory, true);
      assert.equal(timer?.timer?.timerId, `alert:${alert.id.split('/')[1]}`);
      assert.equal(timer?.timer?.startedAt, alert.raisedAt);
      assert.equal(Date.parse(timer.timer.dueAt) - Date.parse(alert.raisedAt), 30 * 60_000);
      assert.equal(timer?.timer?.firedAt, null);
      assert.ok(timer?.timer?.canceledAt, 'the acknowledgement stopped it');
      // 5. Who acknowledged, with the note, within the limit.
      const ack = one(chain, 'acknowledgement');
      assert.deepEqual(ack.actor, { username: demoUsers.centro.nurse, role: 'nurse' });
      assert.equal(ack.acknowledgement?.note, note);
      assert.equal(ack.acknowledgement?.withinLimit, true);
      assert.equal(ack.acknowledgement?.level, 0);
      assert.match(ack.text.it, /entro il limite di 30 min/);
      assert.ok(
        chain.steps.some(
          (s) => s.kind === 'workflow-message' && s.message?.name === 'acknowledgeAlert',
        ),
      );
      // In the order it happened.
      const order = ['reading', 'rule', 'alert', 'escalation-timer', 'acknowledgement'] as const;
      const positions = order.map((k) => indexOf(chain, k));
      assert.deepEqual(
        [...positions].sort((a, b) => a - b),
        positions,
        chain.steps.map((s) => s.kind).join(' → '),
      );
    });

    it('exports the same chain as CSV and as a PDF, with the patient, audited', async () => {
      const csv = await api()
        .get(`${why(alert.id)}.csv`)
        .set('cookie', nurse);
      assert.equal(csv.status, 200);
      assert.match(csv.headers['content-type'] ?? '', /^text\/csv/);
      const text = csv.text;
      assert.ok(text.startsWith('\ufeffat,ora_locale,tipo,kind,'), text.slice(0, 80));
      assert.ok(text.includes(`${me.familyName} ${me.givenName}`));
      assert.ok(text.includes(me.codiceFiscale));
      assert.ok(text.includes('SpO2 < 92 % (soglia del paziente)'));
      const ackLine = text.split('\r\n').find((l) => l.includes(',acknowledgement,'));
      assert.ok(ackLine?.includes(note), ackLine);
      assert.ok(ackLine?.includes(demoUsers.centro.nurse));

      const pdf = await api()
        .get(`${why(alert.id)}.pdf`)
        .set('cookie', doctor)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
      assert.equal(pdf.status, 200);
      assert.equal(pdf.headers['content-type'], 'application/pdf');
      const bytes = pdf.body as Buffer;
      assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
      const again = await api()
        .get(`${why(alert.id)}.pdf`)
        .set('cookie', doctor)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
      assert.ok(bytes.equals(again.body as Buffer), 'the same chain gives the same bytes');
      if (existsSync('/usr/bin/pdftotext')) {
        const dir = mkdtempSync(path.join(os.tmpdir(), 'why-pdf-'));
        const file = path.join(dir, 'why.pdf');
        writeFileSync(file, bytes);
        const printed = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
        for (const expected of [
          'Perché? Catena degli eventi',
          'Why? Chain of events',
          me.codiceFiscale,
          'SpO2 < 92 % (soglia del paziente)',
          'Presa visione',
          'dispnea lieve',
        ])
          assert.ok(printed.includes(expected), `the PDF prints «${expected}»:\n${printed}`);
      } else {
        console.log('      (poppler-utils absent: the PDF text is not read back)');
      }

      const audit = await api()
        .get('/api/admin/audit?limit=500')
        .set('cookie', await loginCookie(t.baseUrl, demoUsers.centro.admin));
      const mine = (
        audit.body.items as { action: string; resourceId: string | null; detail: string | null }[]
      ).filter((e) => e.resourceId === alert.id && e.detail?.startsWith('why'));
      assert.ok(mine.some((e) => e.action === 'read' && e.detail === 'why (json)'));
      assert.ok(mine.some((e) => e.action === 'export' && e.detail === 'why (csv)'));
      assert.ok(mine.some((e) => e.action === 'export' && e.detail === 'why (pdf)'));
    });

    it('is for the clinicians of the tenant only', async () => {
      const otherNurse = await loginCookie(t.baseUrl, demoUsers.nord.nurse);
      const manager = await loginCookie(t.baseUrl, demoUsers.centro.manager);
      assert.equal((await api().get(why(alert.id)).set('cookie', otherNurse)).status, 404);
      assert.equal(
        (
          await api()
            .get(`${why(alert.id)}.pdf`)
            .set('cookie', otherNurse)
        ).status,
        404,
      );
      assert.equal((await api().get(why(alert.id)).set('cookie', manager)).status, 403);
      assert.equal((await api().get(why(alert.id)).set('cookie', patient)).status, 403);
      assert.equal(
        (
          await api()
            .get(`${why(alert.id)}.csv`)
            .set('cookie', patient)
        ).status,
        403,
      );
      assert.equal((await api().get(why(alert.id)).set('cookie', designer)).status, 403);
      const bad = await api().get('/api/alerts/not-an-id/why').set('cookie', nurse);
      assert.equal(bad.status, 400);
    });

    it('still answers from the database when the workflow history is unavailable', async () => {
      // The same database and session secret, and a Temporal that does not know the workflow
      // (as after archival: here, another namespace): the why routes alone, as an API replica
      // would serve them.
      const temporal = createTemporalHandle({
        temporal: {
          ...t.config.temporal,
          namespace: `archivio-${randomBytes(4).toString('hex')}`,
        },
      });
      const stores = t.platform.stores;
      const app = express();
      app.use(cookieParser());
      app.use(
        '/api',
        buildRouter(
          whyRoutes({
            stores,
            catalog: await PathwayCatalog.open(stores.pathwayVersions),
            temporal,
            logger: pino({ level: 'silent' }),
          }),
          {
            stores,
            tokens: new SessionTokens(t.config.session.secret, t.config.session.ttlMinutes),
          },
        ),
      );
      try {
        const res = await request(app).get(why(alert.id)).set('cookie', nurse);
        assert.equal(res.status, 200, JSON.stringify(res.body));
        const chain = res.body as WhyChain;
        assert.equal(chain.historyAvailable, false);
        assert.match(chain.historyNote?.it ?? '', /Storia del workflow non disponibile/);
        assert.match(chain.historyNote?.en ?? '', /Workflow history unavailable/);
        assert.ok(chain.steps.every((s) => s.source === 'database'));
        assert.equal(
          one(chain, 'reading').readings?.find((r) => r.dataPoint === 'spo2')?.value,
          86,
        );
        assert.equal(one(chain, 'acknowledgement').acknowledgement?.withinLimit, true);
        assert.equal(one(chain, 'escalation-timer').timer?.seenInHistory, false);
      } finally {
        await temporal.close().catch(() => undefined);
      }
    });
  });

  describe('a trend alert (weight up more than 2 kg in 3 days)', () => {
    let alert: Alert;
    let who: Patient;
    const now = Date.now();
    const readings = [
      { at: now - 5 * 24 * HOUR, weight: 79 },
      { at: now - 2 * 24 * HOUR, weight: 80 },
      { at: now - 1 * 24 * HOUR, weight: 81 },
      { at: now - 60_000, weight: 82.6 },
    ];

    before(async () => {
      who = patients.find((p) => p.familyName === "D'Angelo")!;
      const enrolled = await api()
        .post('/api/enrolments')
        .set('cookie', nurse)
        .send({ patientId: who.id, pathwayId: 'scompenso-telemonitoraggio' });
      assert.equal(enrolled.status, 201, JSON.stringify(enrolled.body));
      const enrolmentId = (enrolled.body.id ?? enrolled.body.enrolment.id) as string;
      for (const r of readings) {
        const sent = await api()
          .post(`/api/patients/${who.id}/readings`)
          .set('cookie', nurse)
          .send({
            enrolmentId,
            values: { weight: r.weight },
            measuredAt: new Date(r.at).toISOString(),
          });
        assert.equal(sent.status, 200, JSON.stringify(sent.body));
      }
      alert = await waitFor('the weight-gain alert', async () => {
        const res = await api().get(`/api/alerts?patientId=${who.id}`).set('cookie', nurse);
        return (res.body.items as Alert[]).find((a) => a.ruleId === 'aumento-peso');
      });
    });

    it('shows the readings of the window and the derived value the rule read', async () => {
      const res = await api().get(why(alert.id)).set('cookie', nurse);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const chain = res.body as WhyChain;
      assert.equal(chain.pathway.id, 'scompenso-telemonitoraggio');
      assert.equal(chain.pathway.version, '1.0.0');
      assert.equal(chain.rule?.kind, 'trend');
      assert.equal(chain.rule?.condition.it, 'Variazione di peso in 3 giorni > 2 kg');
      assert.equal(chain.rule?.acknowledgeWithin, 'PT4H');
      // The reading that tipped it over, then the series the change was computed from.
      const cause = one(chain, 'reading');
      assert.deepEqual(
        cause.readings?.map((r) => [r.dataPoint, r.value, r.unit, r.source]),
        [['weight', 82.6, 'kg', 'nurse']],
      );
      const derived = one(chain, 'derived-value');
      assert.equal(derived.derived?.dataPoint, 'weightChange3d');
      assert.equal(derived.derived?.op, 'change');
      assert.equal(derived.derived?.over, 'P3D');
      assert.equal(derived.derived?.value, 2.6);
      assert.equal(derived.derived?.unit, 'kg');
      assert.deepEqual(
        derived.readings?.map((r) => r.value),
        [80, 81, 82.6],
        'the reading of five days ago is outside the window',
      );
      assert.deepEqual(
        derived.readings?.map((r) => r.measuredAt),
        readings.slice(1).map((r) => new Date(r.at).toISOString()),
      );
      assert.equal(derived.derived?.windowEnd, new Date(readings[3]!.at).toISOString());
      assert.ok(Date.parse(derived.derived.windowStart) <= readings[1]!.at);
      assert.ok(Date.parse(derived.derived.windowStart) > readings[0]!.at);
      assert.match(derived.text.it, /= 2,6 kg/);
      assert.match(derived.text.en, /= 2\.6 kg/);
      assert.ok(indexOf(chain, 'derived-value') < indexOf(chain, 'rule'));
      assert.equal(one(chain, 'alert').source, 'database');
      assert.equal(one(chain, 'escalation-timer').timer?.seenInHistory, true);
    });
  });

  describe('an escalated alert (nobody acknowledged within 3 seconds)', () => {
    let alert: Alert;
    let pathwayId: string;
    let who: Patient;
    const note = 'Visto: paracetamolo e ricontrollo';

    before(async () => {
      who = patients.find((p) => p.familyName === 'Bàrtoli')!;
      pathwayId = `febbre-prova-${randomBytes(4).toString('hex')}`;
      const draft = await api()
        .post('/api/pathways')
        .set('cookie', designer)
        .send({ definition: feverPathway(pathwayId) });
      assert.equal(draft.status, 201, JSON.stringify(draft.body));
      const pub = await api()
        .post(`/api/pathways/${pathwayId}/versions/1.0.0/publish`)
        .set('cookie', designer);
      assert.equal(pub.status, 200, JSON.stringify(pub.body));
      const enrolled = await api()
        .post('/api/enrolments')
        .set('cookie', nurse)
        .send({ patientId: who.id, pathwayId });
      assert.equal(enrolled.status, 201, JSON.stringify(enrolled.body));
      const sent = await api()
        .post(`/api/patients/${who.id}/readings`)
        .set('cookie', nurse)
        .send({ values: { temperature: 39.2 } });
      assert.equal(sent.status, 200, JSON.stringify(sent.body));
      const escalated = await waitFor('the alert escalated to the doctor', async () => {
        const res = await api().get(`/api/alerts?patientId=${who.id}`).set('cookie', doctor);
        return (res.body.items as Alert[]).find((a) => a.ruleId === 'febbre' && a.level === 1);
      });
      assert.equal(escalated.assignee, 'doctor');
      const ack = await api()
        .post(`/api/alerts/${encodeURIComponent(escalated.id)}/acknowledge`)
        .set('cookie', doctor)
        .send({ note });
      assert.equal(ack.status, 200, JSON.stringify(ack.body));
      alert = ack.body.alert as Alert;
    });

    it('shows the timer the workflow started and fired, the level reached, then the acknowledgement', async () => {
      const res = await api().get(why(alert.id)).set('cookie', doctor);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const chain = res.body as WhyChain;
      assert.equal(chain.pathway.id, pathwayId);
      assert.equal(chain.rule?.kind, 'threshold');
      assert.equal(chain.rule?.condition.it, 'Temperatura corporea > 38 °C');
      assert.equal(chain.rule?.acknowledgeWithin, 'PT3S');
      const raised = Date.parse(alert.raisedAt);
      // 1. The first timer: started with the alert, due 3 s later, fired by the workflow.
      const [first, second, ...rest] = only(chain, 'escalation-timer');
      assert.equal(rest.length, 0);
      assert.equal(first?.source, 'workflow-history');
      assert.equal(first?.timer?.startedAt, alert.raisedAt);
      assert.equal(Date.parse(first.timer.dueAt) - raised, 3000);
      assert.ok(first?.timer?.firedAt, 'the first timer fired');
      assert.ok(Date.parse(first.timer.firedAt) >= raised + 3000);
      assert.equal(first?.timer?.canceledAt, null);
      // 2. The escalation it caused: level 1, the doctor, 10 minutes more.
      const escalation = one(chain, 'escalation');
      assert.deepEqual(
        [escalation.escalation?.level, escalation.escalation?.assignee],
        [1, 'doctor'],
      );
      assert.ok(Date.parse(escalation.at) >= Date.parse(first.timer.firedAt) - 1000);
      assert.equal(
        Date.parse(escalation.escalation!.deadline!) - Date.parse(escalation.at),
        10 * 60_000,
      );
      // 3. The level's timer, stopped by the doctor's acknowledgement.
      assert.equal(second?.source, 'workflow-history');
      assert.equal(second?.timer?.startedAt, escalation.at);
      assert.equal(second?.timer?.firedAt, null);
      assert.ok(second?.timer?.canceledAt);
      const ack = one(chain, 'acknowledgement');
      assert.deepEqual(ack.actor, { username: demoUsers.centro.doctor, role: 'doctor' });
      assert.equal(ack.acknowledgement?.note, note);
      assert.equal(ack.acknowledgement?.withinLimit, false);
      assert.equal(ack.acknowledgement?.level, 1);
      assert.equal(ack.acknowledgement?.withinDeadlineInForce, true);
      assert.equal(ack.acknowledgement?.deadlineInForce, escalation.escalation?.deadline);
      const kinds = chain.steps.map((s) => s.kind);
      const sequence = ['reading', 'rule', 'alert', 'escalation-timer', 'escalation'];
      assert.deepEqual(kinds.filter((k) => sequence.includes(k)).slice(0, 6), [
        'reading',
        'rule',
        'alert',
        'escalation-timer',
        'escalation',
        'escalation-timer',
      ]);
      assert.ok(kinds.indexOf('acknowledgement') > kinds.lastIndexOf('escalation-timer'));
    });

    it("tells a task's chain too: the pathway step, its work item, who completed it", async () => {
      const items = await api()
        .get(`/api/work-items?patientId=${who.id}&status=done`)
        .set('cookie', nurse);
      const item = (items.body.items as { id: string; stepId: string }[]).find(
        (i) => i.stepId === 'temperatura',
      );
      assert.ok(item, JSON.stringify(items.body));
      const res = await api()
        .get(`/api/work-items/${encodeURIComponent(item.id)}/why`)
        .set('cookie', nurse);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const chain = res.body as WhyChain;
      assert.equal(chain.subject.type, 'work-item');
      assert.equal(chain.rule, null);
      assert.equal(chain.pathwayStep?.id, 'temperatura');
      assert.equal(chain.pathwayStep?.title.it, 'Misura la temperatura');
      assert.ok(indexOf(chain, 'task') < indexOf(chain, 'completion'));
      const other = await loginCookie(t.baseUrl, demoUsers.nord.doctor);
      assert.equal(
        (
          await api()
            .get(`/api/work-items/${encodeURIComponent(item.id)}/why`)
            .set('cookie', other)
        ).status,
        404,
      );
    });
  });
});
