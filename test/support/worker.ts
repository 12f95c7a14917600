import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createDb, type Db } from '../../db/connection.js';
import { migrateLatest } from '../../db/migrate.js';
import { createStores, type Stores } from '../../db/stores/index.js';
import type { Config } from '../../platform/config.js';
import { startWorker, type WorkerHandle } from '../../platform/worker.js';
import { seedDemoData } from '../../scripts/seed.js';
import { createTestDatabase, type TestDatabase } from './databases.js';
import { workflowBundle } from './temporal.js';

export interface TestWorker {
  handle: WorkerHandle;
  db: Db;
  stores: Stores;
  taskQueue: string;
  close(): Promise<void>;
}

/** A real worker with the platform's activities on a fresh seeded SQLite database. */
export async function startTestWorker(temporal: {
  address: string;
  namespace: string;
}): Promise<TestWorker> {
  const database: TestDatabase = await createTestDatabase('sqlite');
  const db = createDb(database.config);
  await migrateLatest(db);
  const stores = createStores(db);
  await seedDemoData(stores);
  const taskQueue = `wf-${path.basename(mkdtempSync(path.join(os.tmpdir(), 'q-')))}`;
  const config = {
    temporal: {
      address: temporal.address,
      namespace: temporal.namespace,
      taskQueue,
      uiUrl: '',
      uiPort: 0,
    },
  } satisfies Pick<Config, 'temporal'>;
  const handle = await startWorker(
    config,
    { stores, logger: pino({ level: 'warn' }) },
    { workflowBundle: await workflowBundle() },
  );
  return {
    handle,
    db,
    stores,
    taskQueue,
    async close() {
      await handle.shutdown();
      await db.destroy();
      await database.drop();
    },
  };
}
