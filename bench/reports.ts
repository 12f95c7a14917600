/**
 * The managers' dashboard at regional scale (issue 8): one tenant with 10,000 patients on the
 * COPD telemonitoring plan and a year of their care, then the dashboard API's latency.
 *
 * - The data: a daily morning reading per patient (SpO2 and heart rate, 2 observations) and
 *   its scheduled occurrence (received 92 % of the time), about one alert per patient-month
 *   (acknowledged after a few minutes to hours, 1 in 10 escalated), a task when two readings
 *   in a row are missed, a notification with two deliveries per alert, a weekly symptom score;
 *   enrolments spread over the year on three sites, some completed or withdrawn. It is written
 *   straight into the care read models (scripts/report-facts.ts), one day at a time, and each
 *   day is aggregated by the real aggregator, as the running platform does.
 * - The figures: rows written, aggregation time per day, and the latency of
 *   `GET /api/reports/indicators` through the real HTTP API for a year, a quarter and a month,
 *   with and without pathway and site filters (p50, p95, p99 over repeated calls); a drill-down
 *   page; and a dashboard read right after new facts, which recomputes today's figures first.
 *
 *   npx tsx bench/reports.ts [patients=10000] [days=365] [repeats=40]
 *
 * SQLite in a temporary directory, or PostgreSQL when DATABASE_URL is set (a scratch database
 * is created there and dropped at the end).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import knex from 'knex';
import { DateTime } from 'luxon';
import pino from 'pino';
import request from 'supertest';
import { ReportAggregator, classify } from '../api/features/report-aggregator.js';
import { createApp } from '../api/app.js';
import { SessionTokens } from '../api/auth/session.js';
import { createDb } from '../db/connection.js';
import { migrateLatest } from '../db/migrate.js';
import { createStores } from '../db/stores/index.js';
import { dayBounds, reportZone } from '../db/stores/report-store.js';
import type { Config } from '../platform/config.js';
import { PathwayCatalog } from '../platform/pathway-catalog.js';
import { createTemporalHandle } from '../platform/temporal.js';
import { DEMO_PASSWORD, seedDemoData } from '../scripts/seed.js';
import {
  writeEnrolments,
  writeFacts,
  type AlertFact,
  type Facts,
  type ObservationFact,
  type WorkItemFact,
} from '../scripts/report-facts.js';

const PATIENTS = Number(process.argv[2] ?? 10_000);
const DAYS = Number(process.argv[3] ?? 365);
const REPEATS = Number(process.argv[4] ?? 40);
const TENANT = 'asl-toscana-centro';
const SITES = ['firenze-smn', 'prato', 'empoli'];
const log = (s: string) => process.stdout.write(`${s}\n`);

// A deterministic generator: the same data set every run.
let seed = 20260327;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};

const dir = mkdtempSync(path.join(os.tmpdir(), 'percorsi-bench-reports-'));
const pgUrl = process.env.DATABASE_URL;
// REPORTS_BENCH_REUSE: a data set kept by an earlier run (REPORTS_BENCH_KEEP=1), measured
// again without writing it anew: the SQLite file, or the PostgreSQL database's name.
const reuse = process.env.REPORTS_BENCH_REUSE;
const keep = process.env.REPORTS_BENCH_KEEP === '1';
const pgName = pgUrl && reuse ? reuse : `percorsi_bench_reports_${process.pid}`;
let admin: ReturnType<typeof knex> | null = null;
let database: Config['database'];
if (pgUrl) {
  admin = knex({ client: 'pg', connection: pgUrl });
  if (!reuse) await admin.raw(`create database ${pgName}`);
  const url = new URL(pgUrl);
  url.pathname = `/${pgName}`;
  database = { client: 'pg', connectionString: url.toString() };
} else {
  database = { client: 'sqlite', filename: reuse ?? path.join(dir, 'app.db') };
}
const db = createDb(database);
await migrateLatest(db);
const stores = createStores(db);
if (!reuse) await seedDemoData(stores);
const catalog = await PathwayCatalog.open(stores.pathwayVersions);
const bpco = catalog.get('bpco-telemonitoraggio', undefined, TENANT)!;
log(
  `# Reports benchmark: ${PATIENTS} patients × ${DAYS} days on ${database.client}${reuse ? ` (data set ${reuse}, kept from an earlier run)` : ''}`,
);

const end = DateTime.now().setZone(reportZone).startOf('day');
const start = end.minus({ days: DAYS });
const aggregator = new ReportAggregator({ stores, catalog });

/** Writes the data set one day at a time, aggregating each day as the platform would. */
async function generate(): Promise<void> {
  // --- patients and enrolments ---------------------------------------------------------------------
  const t0 = performance.now();
  const patientRows = Array.from({ length: PATIENTS }, (_, i) => ({
    id: crypto.randomUUID(),
    tenant_id: TENANT,
    codice_fiscale: `BNCH${String(i).padStart(12, '0')}`,
    given_name: 'Paziente',
    family_name: `Sintetico ${i}`,
    birth_date: '1950-01-01',
    sex: i % 2 ? 'F' : 'M',
    phone: null,
    email: null,
    created_at: start.toUTC().toISO(),
  }));
  for (let i = 0; i < patientRows.length; i += 200) {
    await db('patients').insert(patientRows.slice(i, i + 200));
  }
  const inputs = { spo2Min: 92, hrMax: 110 };
  const enrolments = patientRows.map((p, i) => {
    // A third enrolled before the year began; the others through it. Some end early.
    const startDay = i % 3 === 0 ? 0 : Math.floor(rnd() * DAYS * 0.8);
    const endsOn = rnd() < 0.15 ? startDay + 30 + Math.floor(rnd() * 120) : null;
    const ended = endsOn !== null && endsOn < DAYS;
    return {
      patientId: p.id,
      siteId: SITES[i % SITES.length]!,
      startDay,
      endDay: ended ? endsOn : DAYS,
      status: ended ? (rnd() < 0.7 ? 'completed' : 'withdrawn') : 'active',
    } as const;
  });
  const enrolmentIds = await writeEnrolments(
    db,
    enrolments.map((e) => ({
      tenantId: TENANT,
      patientId: e.patientId,
      pathwayId: bpco.id,
      pathwayVersion: bpco.version,
      siteId: e.siteId,
      status: e.status,
      outcome: e.status === 'completed' ? 'stabile' : null,
      createdAt: start.plus({ days: e.startDay, hours: 9 }).toUTC().toISO()!,
      completedAt:
        e.status === 'active' ? null : start.plus({ days: e.endDay, hours: 10 }).toUTC().toISO()!,
      inputs,
    })),
  );
  const classifiers = enrolmentIds.map((id, i) =>
    classify(
      {
        id,
        patientId: enrolments[i]!.patientId,
        pathwayId: bpco.id,
        pathwayVersion: bpco.version,
        siteId: enrolments[i]!.siteId,
        inputs,
      },
      bpco,
    ),
  );
  const form = await db('form_versions')
    .where({ status: 'published' })
    .first<{ id: number; form_id: string; version: number }>('id', 'form_id', 'version');

  // --- a year of care, one day at a time -----------------------------------------------------------
  const counts = { observations: 0, workItems: 0, alerts: 0, notifications: 0, submissions: 0 };
  const missedInARow = new Array<number>(PATIENTS).fill(0);
  let writeMs = 0;
  let aggregateMs = 0;
  for (let d = 0; d < DAYS; d += 1) {
    const day = start.plus({ days: d });
    const iso = (h: number, m = 0) => day.plus({ hours: h, minutes: m }).toUTC().toISO()!;
    const facts: Required<Pick<Facts, 'observations' | 'workItems' | 'alerts'>> & Facts = {
      observations: [] as ObservationFact[],
      workItems: [] as WorkItemFact[],
      alerts: [] as AlertFact[],
      notifications: [],
      submissions: [],
    };
    for (let i = 0; i < PATIENTS; i += 1) {
      const e = enrolments[i]!;
      if (d < e.startDay || d >= e.endDay) continue;
      const owner = { tenantId: TENANT, enrolmentId: enrolmentIds[i]!, patientId: e.patientId };
      const received = rnd() < 0.92;
      facts.workItems.push({
        ...owner,
        itemId: `rd-${d}`,
        kind: 'reading-due',
        assignee: 'patient',
        status: received ? 'done' : 'missed',
        openedAt: iso(9),
        dueAt: iso(13),
        closedAt: received ? iso(9, 30) : iso(13),
      });
      if (!received) {
        missedInARow[i]! += 1;
        if (missedInARow[i] === 2) {
          const late = rnd() < 0.2;
          facts.workItems.push({
            ...owner,
            itemId: `task-${d}`,
            kind: 'task',
            assignee: late ? 'doctor' : 'nurse',
            level: late ? 1 : 0,
            status: 'done',
            openedAt: iso(13),
            dueAt: iso(21),
            closedAt: iso(late ? 23 : 15),
            causes: [`missed:misurazioni-mattino:${d}`],
            ruleId: 'misurazioni-mancate',
          });
        }
        continue;
      }
      missedInARow[i] = 0;
      const spo2 = Math.round(90 + rnd() * 8);
      const hr = Math.round(60 + rnd() * 60);
      for (const [dataPoint, value, unit] of [
        ['spo2', spo2, '%'],
        ['heartRate', hr, '/min'],
      ] as const) {
        facts.observations.push({
          ...owner,
          readingId: `r-${i}-${d}`,
          dataPoint,
          value,
          unit,
          measuredAt: iso(9, 15),
          inRange: classifiers[i]!.inRange(dataPoint, value),
        });
      }
      if (rnd() < 1 / 30) {
        const severity = spo2 < 92 ? 'red' : hr > 110 ? 'orange' : 'yellow';
        const minutes = Math.round(2 + rnd() * rnd() * 600);
        const limit = severity === 'red' ? 30 : severity === 'orange' ? 120 : 480;
        const escalated = minutes > limit ? 1 : 0;
        facts.alerts.push({
          ...owner,
          alertId: `a-${d}`,
          ruleId:
            severity === 'red'
              ? 'spo2-bassa'
              : severity === 'orange'
                ? 'tachicardia'
                : 'spo2-limite',
          severity,
          level: escalated,
          raisedAt: iso(9, 16),
          acknowledgeBy: iso(9, 16 + limit * (escalated + 1)),
          acknowledgedAt: iso(9, 16 + minutes),
        });
        facts.notifications!.push({
          ...owner,
          key: `n-${d}`,
          createdAt: iso(9, 16),
          deliveries: [rnd() < 0.98 ? 'sent' : 'failed', 'sent'],
        });
      }
      if (d % 7 === i % 7) {
        facts.submissions!.push({
          ...owner,
          formVersionId: form.id,
          formId: form.form_id,
          formVersion: form.version,
          outputs: { punteggioSintomi: Math.round(5 + rnd() * 20) },
          submittedAt: iso(18),
        });
      }
    }
    let t = performance.now();
    await writeFacts(db, facts);
    writeMs += performance.now() - t;
    counts.observations += facts.observations.length;
    counts.workItems += facts.workItems.length;
    counts.alerts += facts.alerts.length;
    counts.notifications += facts.notifications!.length;
    counts.submissions += facts.submissions!.length;
    t = performance.now();
    await aggregator.refresh(TENANT);
    aggregateMs += performance.now() - t;
    if ((d + 1) % 60 === 0) log(`  … ${d + 1} days written and aggregated`);
  }
  const dailyRows = await db('report_daily').count({ n: '*' }).first<{ n: number | string }>();
  log(
    `data: ${counts.observations.toLocaleString('en')} observations, ${counts.workItems.toLocaleString('en')} work items, ${counts.alerts.toLocaleString('en')} alerts, ${counts.notifications.toLocaleString('en')} notifications, ${counts.submissions.toLocaleString('en')} questionnaires; ${Number(dailyRows?.n).toLocaleString('en')} report_daily rows`,
  );
  log(
    `writing: ${(writeMs / 1000).toFixed(1)} s; aggregation: ${(aggregateMs / DAYS).toFixed(0)} ms per day (${(aggregateMs / 1000).toFixed(1)} s in all); set-up in all ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );
  if (database.client === 'sqlite') {
    log(`SQLite file: ${(statSync(database.filename).size / 1e6).toFixed(0)} MB`);
  }
}

if (!reuse) await generate();

// --- the dashboard API ---------------------------------------------------------------------------
const logger = pino({ level: 'warn' });
const app = createApp({
  stores,
  tokens: new SessionTokens('bench-secret-bench-secret-bench-secret', 60),
  catalog,
  temporal: createTemporalHandle({
    temporal: {
      address: '127.0.0.1:1',
      namespace: 'bench',
      taskQueue: 'bench',
      uiUrl: '',
      uiPort: 0,
    },
  }),
  health: () => Promise.resolve({ status: 'ok', components: {} }) as never,
  logger,
  cookieSecure: false,
  conformance: null,
  reports: { aggregator, pseudonymKey: 'bench-pseudonyms-bench-pseudonyms' },
});
const server = createServer(app);
await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const login = await request(base)
  .post('/api/auth/login')
  .send({ username: 'centro.manager', password: DEMO_PASSWORD });
const cookie = (login.headers['set-cookie'] as unknown as string[])[0]!.split(';')[0]!;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
};
async function measure(label: string, url: string) {
  const times: number[] = [];
  for (let i = 0; i < REPEATS + 3; i += 1) {
    const t = performance.now();
    const res = await request(base).get(url).set('cookie', cookie);
    const ms = performance.now() - t;
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${JSON.stringify(res.body)}`);
    if (i >= 3) times.push(ms); // the first calls warm the caches
  }
  log(
    `${label.padEnd(44)} p50 ${pct(times, 0.5).toFixed(1).padStart(6)} ms   p95 ${pct(times, 0.95).toFixed(1).padStart(6)} ms   p99 ${pct(times, 0.99).toFixed(1).padStart(6)} ms`,
  );
  return pct(times, 0.95);
}
const dayOf = (dt: DateTime) => dt.toISODate()!;
const to = dayOf(end.minus({ days: 1 }));
const year = `from=${dayOf(start)}&to=${to}`;
const quarter = `from=${dayOf(end.minus({ days: 90 }))}&to=${to}`;
const month = `from=${dayOf(end.minus({ days: 30 }))}&to=${to}`;
log(`\nGET /api/reports/indicators (${REPEATS} calls each, after 3 warm-up calls):`);
const p95s = [
  await measure('a year, whole tenant', `/api/reports/indicators?${year}`),
  await measure('a year, one pathway', `/api/reports/indicators?${year}&pathwayId=${bpco.id}`),
  await measure('a year, one site', `/api/reports/indicators?${year}&siteId=prato`),
  await measure('a quarter, whole tenant', `/api/reports/indicators?${quarter}`),
  await measure('a month, whole tenant', `/api/reports/indicators?${month}`),
];
log(`worst p95 of the dashboard API: ${Math.max(...p95s).toFixed(1)} ms (target: under 300 ms)`);

log(`\nDrill-downs (a page of 50; computed on demand from the facts):`);
await measure(
  'alerts by severity, a month',
  `/api/reports/drilldown?${month}&indicator=alertsPerPatientMonth&key=red`,
);
await measure(
  'alerts by severity, a year',
  `/api/reports/drilldown?${year}&indicator=alertsPerPatientMonth&key=red`,
);
await measure(
  'patients by adherence, a month',
  `/api/reports/drilldown?${month}&indicator=adherence`,
);
await measure(
  'patients by readings in range, a month',
  `/api/reports/drilldown?${month}&indicator=inRange`,
);

// Fresh figures: new facts of today mark the day; the next read recomputes it first.
const sample: { id: string; patient_id: string }[] = await db('enrolments')
  .where({ tenant_id: TENANT })
  .orderBy('id')
  .limit(10)
  .select('id', 'patient_id');
const fresh: number[] = [];
for (let i = 0; i < 10; i += 1) {
  const owner = {
    tenantId: TENANT,
    enrolmentId: sample[i]!.id,
    patientId: sample[i]!.patient_id,
  };
  const now = DateTime.now().toUTC().toISO();
  await writeFacts(db, {
    observations: [
      {
        ...owner,
        readingId: `fresh-${i}-${Date.now()}`,
        dataPoint: 'spo2',
        value: 95,
        unit: '%',
        measuredAt: now,
      },
    ],
  });
  const t = performance.now();
  const res = await request(base).get(`/api/reports/indicators?${month}`).set('cookie', cookie);
  fresh.push(performance.now() - t);
  if (res.status !== 200) throw new Error(String(res.status));
}
const today = dayBounds(dayOf(DateTime.now().setZone(reportZone)));
log(
  `\nA read right after new facts (recomputes today, ${today.start} – ${today.end}, first): p50 ${pct(fresh, 0.5).toFixed(1)} ms, max ${Math.max(...fresh).toFixed(1)} ms`,
);

server.close();
await db.destroy();
if (keep)
  log(
    `\ndata set kept: REPORTS_BENCH_REUSE=${admin ? pgName : database.client === 'sqlite' ? database.filename : ''}`,
  );
if (admin) {
  if (!keep && !reuse) await admin.raw(`drop database if exists ${pgName}`);
  await admin.destroy();
}
if (!keep) rmSync(dir, { recursive: true, force: true });
