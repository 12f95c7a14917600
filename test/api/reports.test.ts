import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { writeEnrolments, writeFacts } from '../../scripts/report-facts.js';
import { demoUsers, loginCookie, waitFor } from '../support/api-client.js';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';
import { enrolWithRedAlert } from '../support/telemonitoring.js';

interface Indicator {
  id: string;
  value: number | null;
  numerator?: number;
  denominator?: number;
  definition: { it: string; en: string };
  breakdown: {
    key: string;
    value: number | null;
    numerator?: number;
    denominator?: number;
    first?: number | null;
    last?: number | null;
  }[];
}

/**
 * The managers' indicators on a small cohort whose answers were worked out by hand (March
 * 2026, Rome calendar: the 29th is the spring DST day, 23 hours long). Every expected number
 * below is derived in the comment beside it from the facts written in `before`.
 */
describe('API: managers’ reports (indicators, drill-down, exports, pseudonyms)', function () {
  this.timeout(180_000);
  let t: TestPlatform;
  let manager: string;
  let nordManager: string;
  let doctor: string;
  let nurse: string;
  let admin: string;
  const api = () => request(t.baseUrl);
  const march = 'from=2026-03-01&to=2026-03-31';
  const P: Record<'e1' | 'e2' | 'e3' | 'e4' | 'e5' | 'n1', string> = {
    e1: '',
    e2: '',
    e3: '',
    e4: '',
    e5: '',
    n1: '',
  };
  const patients: Record<string, string> = {};

  const indicators = async (cookie: string, query = march) => {
    const res = await api().get(`/api/reports/indicators?${query}`).set('cookie', cookie);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const list = res.body.indicators as Indicator[];
    const by = (id: string) => list.find((i) => i.id === id)!;
    return { body: res.body as Record<string, unknown> & { series: { buckets: Bucket[] } }, by };
  };
  type Bucket = {
    start: string;
    inRange: number | null;
    adherence: number | null;
    alerts: Record<string, number>;
  };

  before(async () => {
    t = await startTestPlatform();
    [manager, nordManager, doctor, nurse, admin] = await Promise.all([
      loginCookie(t.baseUrl, demoUsers.centro.manager),
      loginCookie(t.baseUrl, demoUsers.nord.manager),
      loginCookie(t.baseUrl, demoUsers.centro.doctor),
      loginCookie(t.baseUrl, demoUsers.centro.nurse),
      loginCookie(t.baseUrl, demoUsers.centro.admin),
    ]);
    const { db, stores } = t.platform;
    const tenant = 'asl-toscana-centro';
    for (const [k, cf, given, family] of [
      ['p1', 'RSSLRA50A41D612A', 'Laura', 'Rossi'],
      ['p2', 'VRDGPP45B12D612B', 'Giuseppe', 'Verdi'],
      ['p3', 'BNCNNA52C53D612C', 'Anna', 'Bianchi'],
      ['p4', 'NREMRC60D14D612D', 'Marco', 'Neri'],
      ['p5', 'GLLFNC48E55D612E', 'Francesca', 'Gialli'],
    ] as const) {
      const p = await stores.patients.upsertByCodiceFiscale({
        tenantId: tenant,
        codiceFiscale: cf,
        givenName: given,
        familyName: family,
        birthDate: '1950-01-01',
        sex: 'F',
        phone: null,
        email: null,
      });
      patients[k] = p.id;
    }
    const nordPatient = await stores.patients.upsertByCodiceFiscale({
      tenantId: 'asl-toscana-nord-ovest',
      codiceFiscale: 'BLUGNN55F10G702F',
      givenName: 'Giovanni',
      familyName: 'Blu',
      birthDate: '1955-06-10',
      sex: 'M',
      phone: null,
      email: null,
    });
    const bpco = { pathwayId: 'bpco-telemonitoraggio', pathwayVersion: '1.1.0' };
    const inputs = { spo2Min: 92, hrMax: 110 };
    const ids = await writeEnrolments(db, [
      // E1: enrolled in February, active throughout.
      {
        tenantId: tenant,
        patientId: patients.p1!,
        ...bpco,
        inputs,
        siteId: 'firenze-smn',
        status: 'active',
        createdAt: '2026-02-15T09:00:00.000Z',
      },
      // E2: enrolled 10 March, withdrawn 20 March (mid-period).
      {
        tenantId: tenant,
        patientId: patients.p2!,
        ...bpco,
        inputs,
        siteId: 'prato',
        status: 'withdrawn',
        createdAt: '2026-03-10T10:00:00.000Z',
        completedAt: '2026-03-20T10:00:00.000Z',
      },
      // E3: completed at 23:30 on 31 March, Rome time (21:30Z): inside the period.
      {
        tenantId: tenant,
        patientId: patients.p3!,
        ...bpco,
        inputs,
        siteId: 'firenze-smn',
        status: 'completed',
        outcome: 'stabile',
        createdAt: '2026-01-01T09:00:00.000Z',
        completedAt: '2026-03-31T21:30:00.000Z',
      },
      // E4: enrolled at 00:30 on 1 April, Rome time (22:30Z on 31 March): outside.
      {
        tenantId: tenant,
        patientId: patients.p4!,
        ...bpco,
        inputs,
        siteId: 'empoli',
        status: 'active',
        createdAt: '2026-03-31T22:30:00.000Z',
      },
      // E5: heart failure (the weight-gain rule reads a 3-day change: a trend rule).
      {
        tenantId: tenant,
        patientId: patients.p5!,
        pathwayId: 'scompenso-telemonitoraggio',
        pathwayVersion: '1.0.0',
        siteId: 'prato',
        status: 'active',
        createdAt: '2026-03-05T08:00:00.000Z',
      },
    ]);
    [P.e1, P.e2, P.e3, P.e4, P.e5] = ids as [string, string, string, string, string];
    [P.n1] = (await writeEnrolments(db, [
      {
        tenantId: 'asl-toscana-nord-ovest',
        patientId: nordPatient.id,
        ...bpco,
        inputs,
        siteId: 'pisa',
        status: 'active',
        createdAt: '2026-03-02T09:00:00.000Z',
      },
    ])) as [string];
    const o1 = { tenantId: tenant, enrolmentId: P.e1, patientId: patients.p1! };
    const o2 = { tenantId: tenant, enrolmentId: P.e2, patientId: patients.p2! };
    const o5 = { tenantId: tenant, enrolmentId: P.e5, patientId: patients.p5! };
    const on = { tenantId: 'asl-toscana-nord-ovest', enrolmentId: P.n1, patientId: nordPatient.id };
    const spo2 = (o: typeof o1, id: string, value: number, at: string) => ({
      ...o,
      readingId: id,
      dataPoint: 'spo2',
      value,
      unit: '%',
      measuredAt: at,
    });
    const hr = (o: typeof o1, id: string, value: number, at: string) => ({
      ...o,
      readingId: id,
      dataPoint: 'heartRate',
      value,
      unit: '/min',
      measuredAt: at,
    });
    const form = await db('form_versions')
      .where({ status: 'published' })
      .first<{ id: number; form_id: string; version: number }>('id', 'form_id', 'version');
    const sub = (o: typeof o1, score: number, at: string) => ({
      ...o,
      formVersionId: form.id,
      formId: form.form_id,
      formVersion: form.version,
      outputs: { punteggioSintomi: score },
      submittedAt: at,
    });

    await writeFacts(db, {
      observations: [
        spo2(o1, 'r-feb', 80, '2026-02-28T22:59:59.000Z'), // 28 Feb 23:59:59: outside
        spo2(o1, 'r-start', 95, '2026-02-28T23:00:00.000Z'), // 1 Mar 00:00: first instant, in range
        spo2(o1, 'r-92', 92, '2026-03-10T08:00:00.000Z'), // the yellow zone starts at 92 (≥): out
        spo2(o1, 'r-94', 94, '2026-03-11T08:00:00.000Z'), // the yellow zone ends below 94: in
        hr(o1, 'r-hr110', 110, '2026-03-12T08:00:00.000Z'), // alert above 110 only: in
        spo2(o1, 'r-dst1', 91, '2026-03-28T23:30:00.000Z'), // 29 Mar 00:30 CET: out
        hr(o1, 'r-dst2', 120, '2026-03-29T21:30:00.000Z'), // 29 Mar 23:30 CEST: out
        hr(o1, 'r-dst3', 80, '2026-03-29T22:30:00.000Z'), // 30 Mar 00:30 CEST: in
        spo2(o1, 'r-end', 93, '2026-03-31T21:59:59.000Z'), // 31 Mar 23:59:59: out (yellow)
        spo2(o1, 'r-apr', 85, '2026-03-31T22:00:00.000Z'), // 1 Apr 00:00: outside
        spo2(o2, 'r-e2', 96, '2026-03-15T08:00:00.000Z'), // in
        spo2(on, 'r-nord', 70, '2026-03-15T08:00:00.000Z'), // another tenant
      ],
      workItems: [
        // Scheduled readings and questionnaires (the patient's): adherence.
        {
          ...o1,
          itemId: 'rd-feb',
          kind: 'reading-due',
          assignee: 'patient',
          status: 'done',
          openedAt: '2026-02-28T18:30:00.000Z',
          dueAt: '2026-02-28T22:30:00.000Z',
          closedAt: '2026-02-28T20:00:00.000Z',
        },
        {
          ...o1,
          itemId: 'rd-1',
          kind: 'reading-due',
          assignee: 'patient',
          status: 'done',
          openedAt: '2026-02-28T21:00:00.000Z',
          dueAt: '2026-03-01T01:00:00.000Z',
          closedAt: '2026-02-28T23:00:00.000Z',
        },
        {
          ...o1,
          itemId: 'rd-2',
          kind: 'reading-due',
          assignee: 'patient',
          status: 'missed',
          openedAt: '2026-03-02T08:00:00.000Z',
          dueAt: '2026-03-02T12:00:00.000Z',
          closedAt: '2026-03-02T12:00:00.000Z',
        },
        {
          ...o1,
          itemId: 'rd-29',
          kind: 'reading-due',
          assignee: 'patient',
          status: 'done',
          openedAt: '2026-03-29T07:00:00.000Z',
          dueAt: '2026-03-29T12:00:00.000Z',
          closedAt: '2026-03-29T08:00:00.000Z',
        },
        {
          ...o1,
          itemId: 'rd-20',
          kind: 'reading-due',
          assignee: 'patient',
          status: 'open',
          openedAt: '2026-03-20T08:00:00.000Z',
          dueAt: '2026-03-20T12:00:00.000Z',
        },
        {
          ...o1,
          itemId: 'rd-31',
          kind: 'reading-due',
          assignee: 'patient',
          status: 'missed',
          openedAt: '2026-03-31T17:00:00.000Z',
          dueAt: '2026-03-31T21:00:00.000Z',
          closedAt: '2026-03-31T21:00:00.000Z',
        },
        {
          ...o1,
          itemId: 'rd-apr',
          kind: 'reading-due',
          assignee: 'patient',
          status: 'missed',
          openedAt: '2026-03-31T18:30:00.000Z',
          dueAt: '2026-03-31T22:30:00.000Z',
          closedAt: '2026-03-31T22:30:00.000Z',
        },
        {
          ...o1,
          itemId: 'form-8',
          kind: 'form',
          assignee: 'patient',
          status: 'done',
          openedAt: '2026-03-07T10:00:00.000Z',
          dueAt: '2026-03-08T10:00:00.000Z',
          closedAt: '2026-03-08T09:00:00.000Z',
        },
        {
          ...o2,
          itemId: 'rd-16',
          kind: 'reading-due',
          assignee: 'patient',
          status: 'done',
          openedAt: '2026-03-16T09:00:00.000Z',
          dueAt: '2026-03-16T13:00:00.000Z',
          closedAt: '2026-03-16T10:00:00.000Z',
        },
        {
          ...o2,
          itemId: 'form-25',
          kind: 'form',
          assignee: 'patient',
          status: 'cancelled',
          openedAt: '2026-03-18T10:00:00.000Z',
          dueAt: '2026-03-25T10:00:00.000Z',
          closedAt: '2026-03-20T10:00:00.000Z',
        },
        // Clinicians' tasks.
        {
          ...o1,
          itemId: 't1',
          kind: 'task',
          assignee: 'nurse',
          status: 'done',
          openedAt: '2026-03-03T13:00:00.000Z',
          dueAt: '2026-03-03T21:00:00.000Z',
          closedAt: '2026-03-03T15:00:00.000Z',
          causes: ['missed:misurazioni-mattino:3'],
          ruleId: 'misurazioni-mancate',
        },
        {
          ...o1,
          itemId: 't2',
          kind: 'task',
          assignee: 'doctor',
          level: 1,
          status: 'done',
          openedAt: '2026-03-05T10:00:00.000Z',
          dueAt: '2026-03-06T02:00:00.000Z',
          closedAt: '2026-03-05T20:00:00.000Z',
          causes: ['missed:misurazioni-mattino:6'],
          ruleId: 'misurazioni-mancate',
        },
        {
          ...o1,
          itemId: 't3',
          kind: 'form',
          assignee: 'doctor',
          status: 'done',
          openedAt: '2026-03-07T09:00:00.000Z',
          dueAt: '2026-03-08T09:00:00.000Z',
          closedAt: '2026-03-09T09:00:00.000Z',
        },
        {
          ...o2,
          itemId: 't4',
          kind: 'task',
          assignee: 'nurse',
          status: 'open',
          openedAt: '2026-03-18T09:00:00.000Z',
          dueAt: '2026-03-19T09:00:00.000Z',
        },
        {
          ...o2,
          itemId: 't5',
          kind: 'task',
          assignee: 'nurse',
          status: 'cancelled',
          openedAt: '2026-03-19T09:00:00.000Z',
          dueAt: '2026-03-21T09:00:00.000Z',
          closedAt: '2026-03-20T10:00:00.000Z',
        },
        {
          ...o1,
          itemId: 't6',
          kind: 'task',
          assignee: 'nurse',
          status: 'open',
          openedAt: '2026-02-28T22:30:00.000Z',
          dueAt: '2026-03-01T06:30:00.000Z',
          causes: ['missed:misurazioni-mattino:1'],
        },
      ],
      alerts: [
        // A1: red, acknowledged after 9.5 minutes (10, rounded up), within its 30 minutes.
        {
          ...o1,
          alertId: 'a1',
          ruleId: 'spo2-bassa',
          severity: 'red',
          raisedAt: '2026-03-10T08:00:30.000Z',
          acknowledgeBy: '2026-03-10T08:30:30.000Z',
          acknowledgedAt: '2026-03-10T08:10:00.000Z',
        },
        // A2: yellow on the DST day, acknowledged after 120 minutes, within 8 hours.
        {
          ...o1,
          alertId: 'a2',
          ruleId: 'spo2-limite',
          severity: 'yellow',
          raisedAt: '2026-03-29T00:00:00.000Z',
          acknowledgeBy: '2026-03-29T08:00:00.000Z',
          acknowledgedAt: '2026-03-29T02:00:00.000Z',
        },
        // A3: orange, escalated once (its deadline moved on), acknowledged after 180 minutes.
        {
          ...o1,
          alertId: 'a3',
          ruleId: 'tachicardia',
          severity: 'orange',
          level: 1,
          raisedAt: '2026-03-12T08:00:00.000Z',
          acknowledgeBy: '2026-03-12T12:00:00.000Z',
          acknowledgedAt: '2026-03-12T11:00:00.000Z',
        },
        // A4: red, escalated twice, ladder exhausted, never acknowledged (closed at withdrawal).
        {
          ...o2,
          alertId: 'a4',
          ruleId: 'spo2-bassa',
          severity: 'red',
          level: 2,
          ladderExhausted: true,
          status: 'closed',
          raisedAt: '2026-03-15T08:00:00.000Z',
          acknowledgeBy: '2026-03-15T09:15:00.000Z',
        },
        // A5: the trend alert, acknowledged after 45 minutes.
        {
          ...o5,
          alertId: 'a5',
          ruleId: 'aumento-peso',
          severity: 'orange',
          raisedAt: '2026-03-20T07:00:00.000Z',
          acknowledgeBy: '2026-03-20T09:00:00.000Z',
          acknowledgedAt: '2026-03-20T07:45:00.000Z',
        },
        // A6: 28 February, 23:00 Rome time: outside.
        {
          ...o1,
          alertId: 'a6',
          ruleId: 'spo2-bassa',
          severity: 'red',
          raisedAt: '2026-02-28T22:00:00.000Z',
          acknowledgeBy: '2026-02-28T22:30:00.000Z',
          acknowledgedAt: '2026-02-28T22:05:00.000Z',
        },
        // A7: 31 March 23:45 Rome time, acknowledged the next morning, 15 minutes late (495 min).
        {
          ...o1,
          alertId: 'a7',
          ruleId: 'spo2-limite',
          severity: 'yellow',
          raisedAt: '2026-03-31T21:45:00.000Z',
          acknowledgeBy: '2026-04-01T05:45:00.000Z',
          acknowledgedAt: '2026-04-01T06:00:00.000Z',
        },
        {
          ...on,
          alertId: 'an',
          ruleId: 'spo2-bassa',
          severity: 'red',
          raisedAt: '2026-03-15T08:00:00.000Z',
          acknowledgeBy: '2026-03-15T08:30:00.000Z',
        },
      ],
      notifications: [
        {
          ...o1,
          key: 'n1',
          createdAt: '2026-03-10T08:00:30.000Z',
          deliveries: ['sent', 'sent', 'failed'],
        },
        { ...o2, key: 'n2', createdAt: '2026-03-15T08:00:00.000Z', deliveries: ['sent', 'held'] },
        { ...o1, key: 'n3', createdAt: '2026-02-28T22:00:00.000Z', deliveries: ['sent'] },
      ],
      submissions: [
        sub(o1, 12, '2026-03-02T09:00:00.000Z'),
        sub(o1, 14, '2026-03-09T09:00:00.000Z'),
        sub(o2, 8, '2026-03-14T09:00:00.000Z'),
        sub(o1, 20, '2026-03-23T09:00:00.000Z'),
        sub(o1, 22, '2026-03-30T09:00:00.000Z'),
      ],
    });
  });
  after(() => t?.close());

  it('computes every indicator of the hand-worked cohort, with its definition in Italian and English', async () => {
    const { body, by } = await indicators(manager);
    // Enrolled in March: E2 (10 Mar) and E5 (5 Mar); E1 in Feb, E3 in Jan, E4 on 1 Apr (Rome).
    assert.equal(by('enrolled').value, 2);
    // Running at 31 Mar 24:00 Rome: E1 and E5 (E3 ended 30 minutes before, E4 after).
    assert.equal(by('active').value, 2);
    assert.equal(by('completed').value, 1);
    assert.equal(by('withdrawn').value, 1);
    assert.deepEqual(
      by('outcomes').breakdown.map((b) => [b.key, b.value]),
      [
        ['stabile', 1],
        ['withdrawn', 1],
      ],
    );
    // Patient-hours in March (743 h: the DST day has 23): E1 743, E2 240, E3 742.5, E5 638
    // = 2363.5 h ÷ 730.5 h per patient-month = 3.2355.
    assert.equal(body.patientMonths, 3.24);
    // Six alerts in March (A1–A5, A7): 2 red, 2 orange, 2 yellow.
    const apm = by('alertsPerPatientMonth');
    assert.equal(apm.numerator, 6);
    assert.ok(Math.abs(apm.value! - 6 / (2363.5 / 730.5)) < 1e-9);
    assert.deepEqual(
      apm.breakdown.map((b) => [b.key, b.numerator]),
      [
        ['red', 2],
        ['orange', 2],
        ['yellow', 2],
      ],
    );
    // Acknowledged after 10, 45, 120, 180, 495 minutes: median (3rd of 5) 120, p90 (5th) 495.
    assert.equal(by('ackMedian').value, 120);
    assert.equal(by('ackP90').value, 495);
    // Within the limit without escalation: A1, A2, A5 of 6.
    assert.equal(by('ackWithinLimit').numerator, 3);
    assert.equal(by('ackWithinLimit').denominator, 6);
    assert.equal(by('ackWithinLimit').value, 50);
    // Level 1: A3 and A4; level 2: A4; A4's ladder ran out.
    assert.equal(by('escalations').value, 2);
    assert.deepEqual(
      by('escalations').breakdown.map((b) => [b.key, b.value]),
      [
        ['1', 2],
        ['2', 1],
        ['exhausted', 1],
      ],
    );
    // T1 and T2 were opened for missed readings (T6 was opened on 28 Feb, Rome time).
    assert.equal(by('missedReadingTasks').value, 2);
    // T2 escalated, T3 closed late, T4 still open past due; of T1–T4 (T5 cancelled in time).
    assert.equal(by('tasksOverdue').value, 3);
    assert.equal(by('tasksOverdue').denominator, 4);
    // Deliveries of N1 and N2 (N3 is February's): sent 3, failed 1 (held is neither).
    assert.equal(by('notificationsSent').value, 3);
    assert.equal(by('notificationsFailed').value, 1);
    // Adherence: readings due in March done 1 Mar, 29 Mar (E1) and 16 Mar (E2), missed 2 and
    // 31 Mar: 3 of 5; questionnaires: 1 of 1 (E2's was cancelled); open and April's left out.
    assert.deepEqual([by('adherence').numerator, by('adherence').denominator], [4, 6]);
    assert.deepEqual(
      by('adherence').breakdown.map((b) => [b.key, b.numerator, b.denominator]),
      [
        ['reading', 3, 5],
        ['form', 1, 1],
      ],
    );
    // In the patient's range (SpO2 ≥ 94 with a minimum of 92, heart rate ≤ 110): SpO2 95, 94,
    // 96 of 95, 92, 94, 91, 93, 96; heart rate 110, 80 of 110, 120, 80: 5 of 9.
    assert.deepEqual([by('inRange').numerator, by('inRange').denominator], [5, 9]);
    assert.deepEqual(
      by('inRange').breakdown.map((b) => [b.key, b.numerator, b.denominator]),
      [
        ['heartRate', 2, 3],
        ['spo2', 3, 6],
      ],
    );
    // Symptom scores, 1–15 March vs 17–31 March: (12 + 14 + 8) / 3 = 11.33 → (20 + 22) / 2 = 21.
    const score = by('scoreTrends').breakdown.find((b) => b.key === 'punteggioSintomi')!;
    assert.deepEqual([score.first, score.last], [11.33, 21]);
    // One patient (E5) had a trend alert.
    assert.equal(by('worseningPatients').value, 1);
    for (const i of body.indicators as Indicator[]) {
      assert.ok(i.definition.it.length > 40 && i.definition.en.length > 40, i.id);
    }
  });

  it('puts readings and alerts on the right Rome calendar day, across the DST change', async () => {
    const { body } = await indicators(manager);
    const day = (d: string) => body.series.buckets.find((b) => b.start === d)!;
    assert.equal(body.series.buckets.length, 31);
    // 29 Mar: SpO2 91 at 00:30 CET and heart rate 120 at 23:30 CEST, both out; A2 yellow.
    assert.equal(day('2026-03-29').inRange, 0);
    assert.equal(day('2026-03-29').alerts.yellow, 1);
    assert.equal(day('2026-03-29').adherence, 100);
    // 30 Mar: heart rate 80 at 00:30 CEST.
    assert.equal(day('2026-03-30').inRange, 100);
    // 1 Mar: SpO2 95 at 00:00 exactly; 31 Mar: SpO2 93 at 23:59:59 and A7.
    assert.equal(day('2026-03-01').inRange, 100);
    assert.equal(day('2026-03-31').inRange, 0);
    assert.equal(day('2026-03-31').alerts.yellow, 1);
    // A 90-day period is drawn by week, a year by month.
    const q = await indicators(manager, 'from=2026-01-01&to=2026-03-31');
    assert.equal((q.body.series as unknown as { granularity: string }).granularity, 'week');
    const y = await indicators(manager, 'from=2026-01-01&to=2026-12-31');
    assert.equal((y.body.series as unknown as { granularity: string }).granularity, 'month');
  });

  it('filters by pathway, version and site', async () => {
    const bpco = await indicators(manager, `${march}&pathwayId=bpco-telemonitoraggio`);
    assert.equal(bpco.by('alertsPerPatientMonth').numerator, 5); // without E5's A5
    assert.equal(bpco.by('worseningPatients').value, 0);
    const prato = await indicators(manager, `${march}&siteId=prato`);
    assert.equal(prato.by('enrolled').value, 2); // E2 and E5
    assert.equal(prato.by('alertsPerPatientMonth').numerator, 2); // A4, A5
    const v = await indicators(manager, `${march}&pathwayId=bpco-telemonitoraggio&version=9.9.9`);
    assert.equal(v.by('enrolled').value, 0);
    const bad = await api()
      .get('/api/reports/indicators?from=2026-03-31&to=2026-03-01')
      .set('cookie', manager);
    assert.equal(bad.status, 400);
    assert.ok(JSON.stringify(bad.body).includes('to'));
  });

  it("enrols a patient at one of the tenant's sites, and refuses a site it does not have", async () => {
    const sites = await api().get('/api/sites').set('cookie', nurse);
    assert.deepEqual(
      (sites.body.items as { id: string }[]).map((x) => x.id),
      ['empoli', 'firenze-smn', 'prato'],
    );
    const body = { patientId: patients.p4!, pathwayId: 'scompenso-telemonitoraggio' };
    const wrong = await api()
      .post('/api/enrolments')
      .set('cookie', nurse)
      .send({ ...body, siteId: 'pisa' });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.errors[0].path, 'body.siteId');
    const ok = await api()
      .post('/api/enrolments')
      .set('cookie', nurse)
      .send({ ...body, siteId: 'empoli' });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    const row = await t.platform
      .db('enrolments')
      .where({ id: ok.body.enrolment.id })
      .first<{ site_id: string }>('site_id');
    assert.equal(row?.site_id, 'empoli');
  });

  it('shows a manager nothing of another tenant, and nurses and patients no reports', async () => {
    const nord = await indicators(nordManager);
    assert.equal(nord.by('alertsPerPatientMonth').numerator, 1); // only nord's own alert
    assert.equal(nord.by('enrolled').value, 1);
    assert.deepEqual([nord.by('inRange').numerator, nord.by('inRange').denominator], [0, 1]);
    const list = await api()
      .get(`/api/reports/drilldown?${march}&indicator=alertsPerPatientMonth`)
      .set('cookie', nordManager);
    assert.equal(list.body.total, 1);
    // A centro site from nord: nothing, not an error.
    const other = await indicators(nordManager, `${march}&siteId=prato`);
    assert.equal(other.by('enrolled').value, 0);
    assert.equal(
      (await api().get(`/api/reports/indicators?${march}`).set('cookie', nurse)).status,
      403,
    );
    const patient = await loginCookie(t.baseUrl, demoUsers.centro.patient);
    assert.equal(
      (await api().get(`/api/reports/indicators?${march}`).set('cookie', patient)).status,
      403,
    );
    assert.equal((await api().get(`/api/reports/indicators?${march}`)).status, 401);
  });

  it('drills down to pseudonymised lists for managers, and names patients only when granted', async () => {
    const red = await api()
      .get(`/api/reports/drilldown?${march}&indicator=alertsPerPatientMonth&key=red`)
      .set('cookie', manager);
    assert.equal(red.status, 200);
    assert.equal(red.body.identified, false);
    assert.equal(red.body.kind, 'alerts');
    assert.equal(red.body.total, 2);
    const text = JSON.stringify(red.body);
    for (const name of ['Rossi', 'Verdi', 'RSSLRA50A41D612A', patients.p1!])
      assert.ok(!text.includes(name), name);
    const [first] = red.body.rows as { patient: { pseudonym: string; name?: string } }[];
    assert.match(first!.patient.pseudonym, /^PZ-[0-9A-Z]{10}$/);
    // The same patient has the same pseudonym in another list.
    const inRange = await api()
      .get(`/api/reports/drilldown?${march}&indicator=inRange`)
      .set('cookie', manager);
    const pseudonyms = (inRange.body.rows as { patient: { pseudonym: string } }[]).map(
      (r) => r.patient.pseudonym,
    );
    assert.ok(
      (red.body.rows as { patient: { pseudonym: string } }[]).every((r) =>
        pseudonyms.includes(r.patient.pseudonym),
      ),
    );
    // Worst first: E1 5 of... E1 has 4 in range of 8, E2 1 of 1.
    assert.deepEqual(
      (inRange.body.rows as { value: number }[]).map((r) => r.value),
      [50, 100],
    );
    // The CSV is pseudonymised as the screen.
    const csv = await api()
      .get(`/api/reports/drilldown.csv?${march}&indicator=alertsPerPatientMonth&key=red`)
      .set('cookie', manager);
    assert.equal(csv.status, 200);
    assert.match(csv.headers['content-type']!, /text\/csv/);
    assert.ok(csv.text.includes(first!.patient.pseudonym));
    assert.ok(!csv.text.includes('Rossi') && !csv.text.includes('fiscal_code'));
    // An admin grants the manager identities, with a reason; then revokes.
    const managerId = (await t.platform.stores.users.list('asl-toscana-centro')).find(
      (u) => u.username === demoUsers.centro.manager,
    )!.id;
    const short = await api()
      .put(`/api/admin/report-access/${managerId}`)
      .set('cookie', admin)
      .send({ reason: 'audit' });
    assert.equal(short.status, 400);
    const granted = await api()
      .put(`/api/admin/report-access/${managerId}`)
      .set('cookie', admin)
      .send({ reason: 'Audit clinico sulle desaturazioni di marzo' });
    assert.equal(granted.status, 200, JSON.stringify(granted.body));
    const named = await api()
      .get(`/api/reports/drilldown?${march}&indicator=alertsPerPatientMonth&key=red`)
      .set('cookie', manager);
    assert.equal(named.body.identified, true);
    const names = (named.body.rows as { patient: { name: string; fiscalCode: string } }[])
      .map((r) => r.patient.name)
      .sort();
    assert.deepEqual(names, ['Rossi Laura', 'Verdi Giuseppe']);
    const namedCsv = await api()
      .get(`/api/reports/drilldown.csv?${march}&indicator=alertsPerPatientMonth&key=red`)
      .set('cookie', manager);
    assert.ok(namedCsv.text.includes('RSSLRA50A41D612A'));
    assert.equal(
      (await api().delete(`/api/admin/report-access/${managerId}`).set('cookie', admin)).status,
      204,
    );
    const again = await api()
      .get(`/api/reports/drilldown?${march}&indicator=alertsPerPatientMonth&key=red`)
      .set('cookie', manager);
    assert.equal(again.body.identified, false);
    // Doctors see who the patients are.
    const forDoctor = await api()
      .get(`/api/reports/drilldown?${march}&indicator=tasksOverdue`)
      .set('cookie', doctor);
    assert.equal(forDoctor.body.identified, true);
    assert.equal(forDoctor.body.total, 3);
    // Audited: reads and exports, with whether they were pseudonymised.
    const audit = await api().get('/api/admin/audit?limit=200').set('cookie', admin);
    const entries = JSON.stringify(audit.body);
    assert.ok(entries.includes('drilldown:alertsPerPatientMonth:red'));
    assert.ok(entries.includes('pseudonymised'));
  });

  it('lists what is behind each number', async () => {
    const list = async (q: string) => {
      const res = await api().get(`/api/reports/drilldown?${march}&${q}`).set('cookie', manager);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body as { total: number; rows: { value: number | null; alertId?: string }[] };
    };
    assert.equal((await list('indicator=enrolled')).total, 2);
    assert.equal((await list('indicator=active')).total, 2);
    assert.equal((await list('indicator=withdrawn')).total, 1);
    assert.equal((await list('indicator=outcomes&key=stabile')).total, 1);
    assert.deepEqual(
      (await list('indicator=ackMedian')).rows.map((r) => r.value),
      [495, 180, 120, 45, 10],
    );
    assert.equal((await list('indicator=ackWithinLimit')).total, 3); // A3, A4, A7
    assert.equal((await list('indicator=escalations&key=2')).total, 1);
    assert.equal((await list('indicator=escalations&key=exhausted')).total, 1);
    assert.equal((await list('indicator=worseningPatients')).total, 1);
    assert.equal((await list('indicator=missedReadingTasks')).total, 2);
    assert.equal((await list('indicator=notificationsFailed')).total, 1);
    assert.deepEqual(
      (await list('indicator=adherence&key=reading')).rows.map((r) => r.value),
      [50, 100],
    );
    const scores = await list('indicator=scoreTrends&key=punteggioSintomi');
    // E1: 13 → 21; E2 scored only early (withdrawn): listed, without a change.
    assert.deepEqual(
      scores.rows.map((r) => r.value),
      [8, null],
    );
    const paged = await list('indicator=ackMedian&pageSize=2&page=2');
    assert.deepEqual(
      paged.rows.map((r) => r.value),
      [120, 45],
    );
  });

  it('exports the indicators as CSV and as a PDF report', async () => {
    const csv = await api().get(`/api/reports/indicators.csv?${march}`).set('cookie', manager);
    assert.equal(csv.status, 200);
    assert.match(
      csv.headers['content-disposition']!,
      /attachment; filename="percorsi-report-2026-03-01-2026-03-31.csv"/,
    );
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    assert.ok(lines[0]!.startsWith('period_from,period_to,pathway,version,site,group,indicator'));
    assert.ok(lines.some((l) => l.includes(',ackMedian,') && l.includes(',120,minutes,')));
    assert.ok(lines.some((l) => l.includes('Mediana (rango più vicino)')));
    const pdf = await api()
      .get(`/api/reports/report.pdf?${march}`)
      .set('cookie', manager)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    assert.equal(pdf.status, 200);
    const bytes = pdf.body as Buffer;
    assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'report-pdf-'));
    writeFileSync(path.join(dir, 'r.pdf'), bytes);
    const text = execFileSync('pdftotext', ['-layout', path.join(dir, 'r.pdf'), '-']).toString();
    for (const s of [
      'Report di esito e di processo',
      'Aderenza',
      '66,7 %',
      'Tempo di presa in carico',
      '120 min',
      'ASL Toscana Centro',
    ]) {
      assert.ok(text.includes(s), `${s} in the PDF`);
    }
  });

  it('counts what the pathway workflows write, as soon as a manager asks', async () => {
    const patient = await loginCookie(t.baseUrl, demoUsers.centro.patient);
    const patientId = (await api().get('/api/me/patient').set('cookie', patient)).body.patient
      .id as string;
    await enrolWithRedAlert(t.baseUrl, { nurse, patient }, patientId);
    const today = new Date().toISOString().slice(0, 10);
    const { by } = await indicators(manager, `from=${today}&to=${today}`);
    assert.ok(by('enrolled').value! >= 1);
    assert.ok(by('alertsPerPatientMonth').breakdown.find((b) => b.key === 'red')!.numerator! >= 1);
    // The SpO2 86 that raised it is out of the patient's range (92), and was classified.
    await waitFor('the reading classified', async () => {
      const r = await t.platform
        .db('observations')
        .where({ patient_id: patientId, data_point: 'spo2' })
        .first<{ in_range: unknown }>('in_range');
      return r && (r.in_range === false || r.in_range === 0);
    });
  });
});
