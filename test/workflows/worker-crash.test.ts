import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { createDb, type Db } from '../../db/connection.js';
import { migrateLatest } from '../../db/migrate.js';
import { createStores, type Stores } from '../../db/stores/index.js';
import { repoRoot } from '../../platform/config.js';
import { seedDemoData } from '../../scripts/seed.js';
import {
  REJECTED,
  stateQuery,
  submitReadingUpdate,
  withdrawSignal,
  type ReadingInput,
} from '../../workflows/messages.js';
import { waitFor } from '../support/api-client.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { testTemporal, workflowBundle } from '../support/temporal.js';
import type { TestWorker } from '../support/worker.js';
import { monitoringDefinition, startPathway, TENANT } from './helpers.js';

const BURST = 50;

/**
 * The worker dies (SIGKILL, mid-burst of 50 concurrent readings) and another takes over:
 * every reading is counted once by the engine and stored once, and every alert is raised
 * once — none lost, none doubled.
 */
describe('pathway workflow: worker killed in the middle of a burst of readings', function () {
  this.timeout(180_000);
  let database: TestDatabase;
  let db: Db;
  let stores: Stores;
  let connection: Connection;
  let client: Client;
  let temporal: { address: string; namespace: string };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'percorsi-crash-'));
  const taskQueue = `crash-${path.basename(dir)}`;
  const bundleFile = path.join(dir, 'workflows.js');
  const children: ChildProcess[] = [];

  before(async () => {
    temporal = await testTemporal();
    database = await createTestDatabase('sqlite');
    db = createDb(database.config);
    await migrateLatest(db);
    stores = createStores(db);
    await seedDemoData(stores);
    writeFileSync(bundleFile, (await workflowBundle()).code);
    connection = await Connection.connect({ address: temporal.address });
    client = new Client({ connection, namespace: temporal.namespace });
  });
  after(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await connection?.close();
    await db?.destroy();
    await database?.drop();
  });

  async function spawnWorker(): Promise<ChildProcess> {
    if (database.config.client !== 'sqlite') throw new Error('sqlite only');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(import.meta.dirname, 'worker-process.ts'),
        JSON.stringify({
          ...temporal,
          taskQueue,
          sqliteFile: database.config.filename,
          bundleFile,
        }),
      ],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    children.push(child);
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (b: Buffer) => {
        if (b.toString().includes('ready')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
    });
    return child;
  }

  it('counts every reading once and raises every alert once after SIGKILL and restart', async () => {
    const first = await spawnWorker();
    const w = { stores, taskQueue } as unknown as TestWorker;
    const { enrolment, handle } = await startPathway(client, w, monitoringDefinition());
    const measuredAt = new Date().toISOString();
    // Every tenth reading is low: five alerts, whatever order the engine sees them in.
    const readings: ReadingInput[] = Array.from({ length: BURST }, (_, i) => ({
      readingId: `burst-${i}`,
      deviceMessageId: `burst-${i}`,
      values: { spo2: i % 10 === 0 ? 84 : 96 },
      measuredAt,
      source: 'device',
    }));
    // A device resends what it has no answer for, with the same message id.
    const send = async (r: ReadingInput) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await handle.executeUpdate(submitReadingUpdate, { args: [r] });
        } catch (err) {
          // The engine's refusals are final; anything else (a task lost with the worker, an
          // update the server dropped as unprocessed) is what a resend is for.
          const refused =
            err instanceof WorkflowUpdateFailedError &&
            err.cause instanceof ApplicationFailure &&
            err.cause.type === REJECTED;
          if (refused || attempt >= 5) throw err;
        }
      }
    };
    const replies = Promise.all(readings.map(send));
    const stored = () =>
      stores.care.listObservations(TENANT, { enrolmentId: enrolment.id, limit: 1000 });
    await waitFor('some readings stored', async () => (await stored()).length >= 8, 60_000);
    first.kill('SIGKILL');
    const storedAtKill = (await stored()).length;
    assert.ok(storedAtKill < BURST, `the kill came mid-burst (${storedAtKill} of ${BURST} stored)`);
    await spawnWorker();
    process.stdout.write(
      `      (worker killed with ${storedAtKill} of ${BURST} readings stored)\n`,
    );

    const results = await replies;
    assert.equal(results.length, BURST);
    // Readings that change only data are written in the workflow's next batch (within seconds).
    await waitFor('every reading stored', async () => (await stored()).length >= BURST, 30_000);
    await waitFor(
      'every reading in the timeline',
      async () =>
        (await stores.enrolments.listEvents(TENANT, enrolment.id)).filter(
          (e) => e.kind === 'reading-accepted',
        ).length >= BURST,
      30_000,
    );
    const rows = await stored();
    assert.equal(rows.length, BURST, 'one observation row per reading');
    assert.equal(new Set(rows.map((r) => r.readingId)).size, BURST);
    const state = await handle.query(stateQuery);
    assert.equal(
      state.seen.filter((id) => id.startsWith('burst-')).length,
      BURST,
      'the engine saw each once',
    );
    assert.equal(Object.keys(state.alerts).length, 5, 'five alerts in the engine');
    const alerts = await stores.care.listAlerts(TENANT, { enrolmentId: enrolment.id });
    assert.equal(alerts.length, 5, 'five alerts in the worklist');
    const events = await stores.enrolments.listEvents(TENANT, enrolment.id);
    assert.equal(events.filter((e) => e.kind === 'raise-alert').length, 5);
    assert.equal(events.filter((e) => e.kind === 'reading-accepted').length, BURST);
    // Replies to the resent readings may say "repeat", but each reading was applied by exactly one.
    assert.equal(results.filter((r) => r.alertsRaised.length > 0).length <= 5, true);

    await handle.signal(withdrawSignal, { by: 'test', reason: 'end' });
    await handle.result();
  });
});
