/**
 * Throughput of the pathway interpreter on a real Temporal dev server, each figure beside a
 * bare-Temporal baseline measured in the same run on the same server and worker:
 *
 * - enrolments started per second (the welcome pathway with a long wait, until its first
 *   event is written) vs empty workflows started per second (until completed);
 * - readings per second through `submitReading` updates (validated, applied, written) vs
 *   no-op updates on a trivial workflow;
 * - worker memory per cached running enrolment (RSS and heap delta over N running ones).
 *
 *   node --expose-gc --import tsx bench/workflow-throughput.ts [enrolments=200] [readings=500]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import pino from 'pino';
import { createDb } from '../db/connection.js';
import { migrateLatest } from '../db/migrate.js';
import { createStores } from '../db/stores/index.js';
import { loadBuiltInPathways } from '../platform/pathway-catalog.js';
import { startWorker } from '../platform/worker.js';
import { startTemporalDevServer } from '../scripts/temporal-dev.js';
import { ensureTemporalCli } from '../scripts/tools.js';
import { seedDemoData } from '../scripts/seed.js';
import { validateDefinition } from '../pathways/validate.js';
import {
  pathwayWorkflowType,
  stateQuery,
  submitReadingUpdate,
  withdrawSignal,
  type PathwayWorkflowInput,
} from '../workflows/messages.js';
import { noopUpdate, stopSignal } from './baseline-workflows.js';

const ENROLMENTS = Number(process.argv[2] ?? 200);
const READINGS = Number(process.argv[3] ?? 500);
const CONCURRENCY = 32;
const TENANT = 'asl-toscana-centro';

const t = (it: string) => ({ it, en: it });
const monitoring = (() => {
  const r = validateDefinition({
    schemaVersion: 1,
    id: 'bench-saturazione',
    version: '1.0.0',
    kind: 'telemonitoring',
    title: t('Bench'),
    description: t('Bench'),
    roles: ['patient', 'nurse'],
    duration: 'P90D',
    dataPoints: { spo2: { type: 'quantity', title: t('SpO2'), unit: '%', min: 50, max: 100 } },
    tracks: [
      {
        id: 'misure',
        title: t('Misure'),
        steps: [
          {
            id: 'saturazione',
            title: t('Saturazione'),
            type: 'reading',
            from: 'patient',
            observations: ['spo2'],
            schedule: { rrule: 'FREQ=DAILY;BYHOUR=9', window: 'PT12H' },
          },
        ],
      },
    ],
    rules: [
      {
        id: 'bassa',
        title: t('Bassa'),
        when: { '<': [{ var: 'spo2' }, 90] },
        then: [
          {
            do: 'alert',
            severity: 'red',
            title: t('Bassa'),
            assignee: 'nurse',
            acknowledgeWithin: 'PT1H',
          },
        ],
      },
    ],
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.definition;
})();

async function pool<T>(n: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array<T>(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, n) }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await task(i);
      }
    }),
  );
  return out;
}

async function timed(task: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await task();
  return (performance.now() - t0) / 1000;
}

const gc = (globalThis as { gc?: () => void }).gc;
function memory() {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed };
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'percorsi-bench-'));
const log = (s: string) => process.stdout.write(`${s}\n`);
const server = await startTemporalDevServer({
  binary: await ensureTemporalCli(),
  host: '127.0.0.1',
  port: 17233 + Math.floor(Math.random() * 1000),
  uiPort: null,
  dbFile: path.join(dir, 'temporal.db'),
  namespace: 'bench',
  logFile: path.join(dir, 'temporal.log'),
});
const db = createDb({ client: 'sqlite', filename: path.join(dir, 'app.db') });
try {
  await migrateLatest(db);
  const stores = createStores(db);
  await seedDemoData(stores);
  const patients = await stores.patients.list(TENANT);
  const welcome = loadBuiltInPathways().find((p) => p.id === 'benvenuto')!;
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath: path.join(import.meta.dirname, 'baseline-workflows.ts'),
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
  });
  const taskQueue = 'bench';
  const worker = await startWorker(
    { temporal: { address: server.address, namespace: 'bench', taskQueue, uiUrl: '', uiPort: 0 } },
    { stores, logger: pino({ level: 'error' }) },
    { workflowBundle },
  );
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: 'bench' });

  // Each enrolment row needs its own patient+pathway pair: rows for many pathway ids.
  async function enrolmentRows(n: number, pathwayId: string) {
    return pool(n, async (i) => {
      const patient = patients[i % patients.length]!;
      const { enrolment } = await stores.enrolments.createOrGetActive({
        tenantId: TENANT,
        patientId: patient.id,
        pathwayId: `${pathwayId}-${i}`,
        pathwayVersion: '1.0.0',
        enrolledBy: null,
      });
      return enrolment;
    });
  }
  const input = (
    e: { id: string; patientId: string },
    definition = welcome,
  ): PathwayWorkflowInput => ({
    tenantId: TENANT,
    enrolmentId: e.id,
    patientId: e.patientId,
    definition,
    inputs: definition === welcome ? { waitSeconds: 86_400 } : {},
  });

  // Warm-up: the first workflows pay for connections and the sandbox.
  for (const e of await enrolmentRows(5, 'warm')) {
    await client.workflow.start(pathwayWorkflowType, {
      workflowId: `warm/${e.id}`,
      taskQueue,
      args: [input(e)],
    });
    await client.workflow.execute('emptyWorkflow', { workflowId: `warm-empty/${e.id}`, taskQueue });
  }

  log(`Percorsi workflow throughput (dev server, SQLite app db, concurrency ${CONCURRENCY})`);

  // 1. Enrolments vs empty workflows.
  const rows = await enrolmentRows(ENROLMENTS, 'bench-welcome');
  const memBefore = memory();
  const enrolSecs = await timed(async () => {
    const handles = await pool(ENROLMENTS, (i) =>
      client.workflow.start(pathwayWorkflowType, {
        workflowId: rows[i]!.workflowId,
        taskQueue,
        args: [input(rows[i]!)],
      }),
    );
    // Started = its first event (the welcome notification, the wait timer) is processed.
    await pool(ENROLMENTS, async (i) => {
      for (;;) {
        const s = await handles[i]!.query(stateQuery);
        if (s.timers['step:attesa:wait']) return;
        await new Promise((r) => setTimeout(r, 20));
      }
    });
  });
  const memAfter = memory();
  const emptySecs = await timed(() =>
    pool(ENROLMENTS, (i) =>
      client.workflow.execute('emptyWorkflow', { workflowId: `empty/${i}`, taskQueue }),
    ),
  );
  const enrolRate = ENROLMENTS / enrolSecs;
  const emptyRate = ENROLMENTS / emptySecs;
  log(
    `enrolments started:   ${enrolRate.toFixed(1)}/s   baseline empty workflows: ${emptyRate.toFixed(1)}/s   ratio ${((enrolRate / emptyRate) * 100).toFixed(0)}%`,
  );

  // 2. Readings through updates vs no-op updates.
  const K = 20;
  const monitors = await enrolmentRows(K, 'bench-monitoring');
  const mHandles = await Promise.all(
    monitors.map((e) =>
      client.workflow.start(pathwayWorkflowType, {
        workflowId: e.workflowId,
        taskQueue,
        args: [input(e, monitoring)],
      }),
    ),
  );
  const noops = await Promise.all(
    Array.from({ length: K }, (_, i) =>
      client.workflow.start('noopUpdateWorkflow', { workflowId: `noop/${i}`, taskQueue }),
    ),
  );
  const now = new Date().toISOString();
  const readingSecs = await timed(() =>
    pool(READINGS, (i) =>
      mHandles[i % K]!.executeUpdate(submitReadingUpdate, {
        args: [
          {
            readingId: `r-${i}`,
            deviceMessageId: `r-${i}`,
            values: { spo2: 90 + (i % 10) },
            measuredAt: now,
            source: 'device',
          },
        ],
      }),
    ),
  );
  const noopSecs = await timed(() =>
    pool(READINGS, (i) => noops[i % K]!.executeUpdate(noopUpdate, { args: [i] })),
  );
  const readingRate = READINGS / readingSecs;
  const noopRate = READINGS / noopSecs;
  log(
    `readings via updates: ${readingRate.toFixed(1)}/s   baseline no-op updates:   ${noopRate.toFixed(1)}/s   ratio ${((readingRate / noopRate) * 100).toFixed(0)}%`,
  );
  // Readings that change only data are written in the workflow's next batch (≤ 2 s later).
  let stored = await stores.care.listObservations(TENANT, { limit: 100_000 });
  for (let i = 0; i < 50 && stored.length < READINGS; i++) {
    await new Promise((r) => setTimeout(r, 200));
    stored = await stores.care.listObservations(TENANT, { limit: 100_000 });
  }
  log(
    `  (${stored.length} observation rows written for ${READINGS} readings, after the deferred batch)`,
  );

  // 3. Memory held per cached running enrolment (the workflow cache keeps each run's sandbox state).
  const perRss = (memAfter.rss - memBefore.rss) / ENROLMENTS / 1024;
  const perHeap = (memAfter.heap - memBefore.heap) / ENROLMENTS / 1024;
  log(
    `worker memory per cached running enrolment: RSS ${perRss.toFixed(1)} KiB, heap ${perHeap.toFixed(1)} KiB (over ${ENROLMENTS}${gc ? ', after GC' : ', run with --expose-gc for GC before each sample'})`,
  );

  await Promise.all([
    ...mHandles.map((h) => h.signal(withdrawSignal, { by: 'bench', reason: 'end' })),
    ...noops.map((h) => h.signal(stopSignal)),
  ]);
  await worker.shutdown();
  await connection.close();
} finally {
  await db.destroy();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
