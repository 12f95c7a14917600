/**
 * Telemonitoring at regional scale (issue 5), through the real HTTP API and socket.io:
 *
 * - N patients enrolled on the built-in COPD plan (1,000, then 10,000 in the same run);
 * - readings per second through `POST /api/patients/:id/readings`: the most the platform
 *   takes (closed loop), and latency under a steady open-loop rate (default 200/s);
 * - reading → alert: from sending a low SpO2 to its `alert.changed` event on a nurse's socket
 *   (p50, p95, p99);
 * - beside a bare-Temporal baseline in the same run: no-op updates per second on trivial
 *   workflows, on the same server;
 * - memory of the app process (API + worker) and of the Temporal server; app database bytes
 *   per stored reading and per enrolment, and an estimate per patient-month.
 *
 *   node --expose-gc --import tsx bench/monitoring.ts [sizes=1000,10000] [rate=200] [seconds=30]
 *
 * The app database is SQLite in a temporary directory, or PostgreSQL when DATABASE_URL is set
 * (a scratch database is created in that server and dropped at the end).
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import knex from 'knex';
import pino from 'pino';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { createDb } from '../db/connection.js';
import { migrateLatest } from '../db/migrate.js';
import { createStores } from '../db/stores/index.js';
import { computeCodiceFiscale } from '../platform/identity/codice-fiscale.js';
import { loadConfig, type Config } from '../platform/config.js';
import { startPlatform } from '../platform/runtime.js';
import { startWorker } from '../platform/worker.js';
import { DEMO_PASSWORD, seedDemoData } from '../scripts/seed.js';
import { startTemporalDevServer } from '../scripts/temporal-dev.js';
import { ensureTemporalCli } from '../scripts/tools.js';
import { noopUpdate, stopSignal } from './baseline-workflows.js';

const SIZES = (process.argv[2] ?? '1000,10000').split(',').map(Number);
const RATE = Number(process.argv[3] ?? 200);
const SECONDS = Number(process.argv[4] ?? 30);
const TENANT = 'asl-toscana-centro';
const CONCURRENCY = 32;
const log = (s: string) => process.stdout.write(`${s}\n`);

async function pool<T>(n: number, width: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out = new Array<T>(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, n) }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await task(i);
      }
    }),
  );
  return out;
}

const pct = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(0)} ms` : '—');
const mib = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MiB`;

function rssOf(pid: number | undefined): number {
  if (!pid) return NaN;
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

const gc = (globalThis as { gc?: () => void }).gc;

const dir = mkdtempSync(path.join(os.tmpdir(), 'percorsi-monitoring-'));
const temporal = await startTemporalDevServer({
  binary: await ensureTemporalCli(),
  host: '127.0.0.1',
  port: 18233 + Math.floor(Math.random() * 1000),
  uiPort: null,
  dbFile: path.join(dir, 'temporal.db'),
  namespace: 'bench',
  logFile: path.join(dir, 'temporal.log'),
});

// The app database: SQLite file, or a scratch PostgreSQL database.
const pgUrl = process.env.DATABASE_URL;
const pgName = `percorsi_bench_${process.pid}`;
let admin: ReturnType<typeof knex> | null = null;
let database: Config['database'];
if (pgUrl) {
  admin = knex({ client: 'pg', connection: pgUrl });
  await admin.raw(`create database ${pgName}`);
  const url = new URL(pgUrl);
  url.pathname = `/${pgName}`;
  database = { client: 'pg', connectionString: url.toString() };
} else {
  database = { client: 'sqlite', filename: path.join(dir, 'app.db') };
}

const base = loadConfig({
  NODE_ENV: 'production',
  PORT: '0',
  DATA_DIR: dir,
  TEMPORAL_ADDRESS: temporal.address,
  TEMPORAL_NAMESPACE: 'bench',
  TEMPORAL_TASK_QUEUE: 'percorsi-bench',
  PERCORSI_ROLE: 'all',
  LOG_LEVEL: 'fatal',
  LOG_FORMAT: 'json',
  SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-0123456789',
});
const config: Config = { ...base, database };
const setupDb = createDb(config.database);
await migrateLatest(setupDb);
const stores = createStores(setupDb);
await seedDemoData(stores);

const dbBytes = async (): Promise<number> => {
  if (pgUrl) {
    const r = await setupDb.raw<{ rows: { size: string }[] }>(
      'select pg_database_size(current_database()) as size',
    );
    return Number(r.rows[0]!.size);
  }
  await setupDb.raw('pragma wal_checkpoint(TRUNCATE)');
  const file = path.join(dir, 'app.db');
  return statSync(file).size;
};

const platform = await startPlatform(config, { logger: pino({ level: 'error' }) });
const api = platform.url!;

async function login(username: string): Promise<string> {
  const res = await fetch(`${api}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
  return res.headers
    .getSetCookie()
    .find((c) => c.startsWith('percorsi_session='))!
    .split(';')[0]!;
}
const nurse = await login('centro.infermiere');
const post = (url: string, body: unknown) =>
  fetch(`${api}${url}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: nurse },
    body: JSON.stringify(body),
  });

// The nurse's console: every alert event, with the moment it arrived.
const socket: Socket = connectSocket(api, {
  path: '/socket.io',
  extraHeaders: { cookie: nurse },
  transports: ['websocket'],
});
await new Promise<void>((resolve, reject) => {
  socket.once('ready', () => resolve());
  socket.once('connect_error', reject);
});
const alertArrivals = new Map<string, number>();
socket.on('alert.changed', (a: { patientId: string; status: string }) => {
  if (a.status === 'open' && !alertArrivals.has(a.patientId))
    alertArrivals.set(a.patientId, performance.now());
});

// The bare-Temporal baseline: a worker of trivial workflows on the same server.
const baselineWorker = await startWorker(
  {
    temporal: {
      address: temporal.address,
      namespace: 'bench',
      taskQueue: 'baseline',
      uiUrl: '',
      uiPort: 0,
    },
  },
  { stores, logger: pino({ level: 'error' }) },
  {
    workflowBundle: await bundleWorkflowCode({
      workflowsPath: path.join(import.meta.dirname, 'baseline-workflows.ts'),
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
    }),
  },
);
const connection = await Connection.connect({ address: temporal.address });
const client = new Client({ connection, namespace: 'bench' });

log(
  `Percorsi telemonitoring benchmark — ${os.cpus().length} cores, app db ${pgUrl ? 'PostgreSQL' : 'SQLite'}, COPD plan`,
);

let patientIds: string[] = [];
let lowIndex = 0;
let readingSeq = 0;

for (const size of SIZES) {
  // Patients (valid codici fiscali) and enrolments through the API, up to `size`.
  const have = patientIds.length;
  const created = await pool(size - have, 8, async (k) => {
    const i = have + k;
    const birth = new Date(Date.UTC(1930, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    const p = {
      tenantId: TENANT,
      givenName: 'Paziente',
      familyName: `Prova${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + (Math.floor(i / 26) % 26))}`,
      birthDate: birth,
      sex: (['M', 'F'] as const)[i % 2]!,
      phone: null,
      email: null,
    };
    const patient = await stores.patients.upsertByCodiceFiscale({
      ...p,
      codiceFiscale: computeCodiceFiscale({ ...p, birthPlaceCode: 'D612' }),
    });
    return patient.id;
  });
  patientIds = [...patientIds, ...created];
  const beforeEnrol = await dbBytes();
  const t0 = performance.now();
  await pool(created.length, 16, async (k) => {
    const res = await post('/api/enrolments', {
      patientId: created[k],
      pathwayId: 'bpco-telemonitoraggio',
      inputs: { spo2Min: 92 },
    });
    if (res.status !== 201 && res.status !== 200)
      throw new Error(`enrol: ${res.status} ${await res.text()}`);
  });
  const enrolSecs = (performance.now() - t0) / 1000;
  // The workflows start asynchronously: wait until every one has run its first task and
  // written its read model (its timeline), so readings do not queue behind that backlog.
  for (;;) {
    const row = await setupDb('enrolment_events').countDistinct({ n: 'enrolment_id' }).first();
    if (Number(row?.n ?? 0) >= patientIds.length) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const settledSecs = (performance.now() - t0) / 1000;
  const afterEnrol = await dbBytes();
  log(
    `\n${size.toLocaleString('en')} patients enrolled (${created.length} now: API ${(created.length / enrolSecs).toFixed(1)}/s; every workflow started and written after ${settledSecs.toFixed(0)} s = ${(created.length / settledSecs).toFixed(1)}/s)`,
  );

  const reading = (low: boolean) => {
    const i = readingSeq++;
    const patientId = low
      ? patientIds[lowIndex++ % patientIds.length]!
      : patientIds[(i * 7919) % patientIds.length]!;
    return {
      patientId,
      body: {
        values: { spo2: low ? 88 : 95 + (i % 4), heartRate: 70 + (i % 20) },
        measuredAt: new Date().toISOString(),
        deviceMessageId: `bench-${size}-${i}`,
        source: 'device',
      },
    };
  };

  /** Sends `rate` readings/s for `secs` (1% desaturations); prints latencies; returns how many. */
  async function openLoop(rate: number, secs: number): Promise<number> {
    alertArrivals.clear();
    const sent = new Map<string, number>();
    const latencies: number[] = [];
    let errors = 0;
    const count = rate * secs;
    const interval = 1000 / rate;
    const start = performance.now();
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < count; i++) {
      const due = start + i * interval;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      const low = i % 100 === 50;
      const r = reading(low);
      const t = performance.now();
      if (low) sent.set(r.patientId, t);
      inFlight.push(
        post(`/api/patients/${r.patientId}/readings`, r.body).then(
          async (res) => {
            await res.arrayBuffer();
            if (res.status === 200) latencies.push(performance.now() - t);
            else errors++;
          },
          () => void errors++,
        ),
      );
    }
    await Promise.all(inFlight);
    const elapsed = (performance.now() - start) / 1000;
    await new Promise((r) => setTimeout(r, 3000)); // let the last alerts arrive
    const alertLat = [...sent.entries()]
      .map(([patientId, t]) => (alertArrivals.get(patientId) ?? NaN) - t)
      .filter(Number.isFinite)
      .sort((a, b) => a - b);
    latencies.sort((a, b) => a - b);
    log(
      `  open loop ${rate}/s for ${secs} s: achieved ${(latencies.length / elapsed).toFixed(0)}/s, ${errors} errors; POST latency p50 ${ms(pct(latencies, 50))} p95 ${ms(pct(latencies, 95))} p99 ${ms(pct(latencies, 99))}`,
    );
    log(
      `    reading → alert on the nurse's socket (${alertLat.length}/${sent.size} alerts): p50 ${ms(pct(alertLat, 50))} p95 ${ms(pct(alertLat, 95))} p99 ${ms(pct(alertLat, 99))}`,
    );
    return count;
  }

  // 1. The most readings/s the API takes, closed loop at 32 in flight (normal values only).
  const closedN = Math.max(600, Math.min(3000, RATE * 10));
  const c0 = performance.now();
  let failed = 0;
  await pool(closedN, CONCURRENCY, async () => {
    const r = reading(false);
    const res = await post(`/api/patients/${r.patientId}/readings`, r.body);
    if (res.status !== 200) failed++;
    await res.arrayBuffer();
  });
  const closedRate = closedN / ((performance.now() - c0) / 1000);

  // The baseline at the same concurrency: no-op updates on 32 trivial workflows.
  const noops = await Promise.all(
    Array.from({ length: CONCURRENCY }, (_, i) =>
      client.workflow.start('noopUpdateWorkflow', {
        workflowId: `noop-${size}-${i}`,
        taskQueue: 'baseline',
      }),
    ),
  );
  const b0 = performance.now();
  await pool(closedN, CONCURRENCY, (i) =>
    noops[i % CONCURRENCY]!.executeUpdate(noopUpdate, { args: [i] }),
  );
  const baselineRate = closedN / ((performance.now() - b0) / 1000);
  await Promise.all(noops.map((h) => h.signal(stopSignal)));
  log(
    `  readings, closed loop (${CONCURRENCY} in flight): ${closedRate.toFixed(0)}/s${failed ? ` (${failed} failed)` : ''}   bare-Temporal no-op updates: ${baselineRate.toFixed(0)}/s   ratio ${((closedRate / baselineRate) * 100).toFixed(0)}%`,
  );

  // 2. Steady open-loop rates: 60% of the closed-loop maximum (what the platform sustains
  // with headroom) for SECONDS, then the target RATE for a third of that (saturation shows).
  const sustainable = Math.max(5, Math.floor(closedRate * 0.6));
  let total = 0;
  for (const [rate, secs] of [
    [sustainable, SECONDS],
    [RATE, Math.max(5, Math.round(SECONDS / 3))],
  ] as const) {
    total += await openLoop(rate, secs);
  }

  // 3. Memory and storage.
  gc?.();
  const readingsSoFar = readingSeq;
  await new Promise((r) => setTimeout(r, 2500)); // deferred reading writes land within 2 s
  const afterReadings = await dbBytes();
  const perEnrolment = (afterEnrol - beforeEnrol) / created.length;
  const perReading = (afterReadings - afterEnrol) / (closedN + total);
  // A COPD patient-month: 30 morning readings (SpO2 + heart rate) with their timeline rows,
  // 4 weekly diaries; the enrolment's own rows counted once a month as an upper bound.
  const perPatientMonth = perEnrolment + 30 * perReading + 4 * perReading;
  log(
    `  memory: app process (API + worker) RSS ${mib(process.memoryUsage().rss)}, Temporal server RSS ${mib(rssOf(temporal.child.pid))}`,
  );
  log(
    `  app database: ${mib(afterReadings)} after ${readingsSoFar.toLocaleString('en')} readings; ${(perEnrolment / 1024).toFixed(1)} KiB per enrolment, ${(perReading / 1024).toFixed(2)} KiB per reading; ≈ ${(perPatientMonth / 1024).toFixed(0)} KiB per patient-month`,
  );
}

socket.close();
await connection.close();
await baselineWorker.shutdown();
await platform.stop();
await setupDb.destroy();
if (admin) {
  await admin.raw(`drop database if exists ${pgName}`);
  await admin.destroy();
}
await temporal.stop();
rmSync(dir, { recursive: true, force: true });
process.exit(0);
