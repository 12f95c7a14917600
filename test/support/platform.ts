import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createDb } from '../../db/connection.js';
import { migrateLatest } from '../../db/migrate.js';
import { createStores } from '../../db/stores/index.js';
import { loadConfig, type Config } from '../../platform/config.js';
import { startPlatform, type RunningPlatform } from '../../platform/runtime.js';
import { seedDemoData } from '../../scripts/seed.js';
import { appDialect, createTestDatabase } from './databases.js';
import { testTemporal, workflowBundle } from './temporal.js';

export interface TestPlatform {
  baseUrl: string;
  platform: RunningPlatform;
  config: Config;
  close(): Promise<void>;
}

/**
 * The composed platform in this process (API + socket.io + UI + worker), on a free port, with a
 * fresh migrated and seeded database and the run's real Temporal dev server. Each call gets its
 * own task queue so workers of different suites never take each other's work.
 */
export async function startTestPlatform(
  options: {
    role?: 'all' | 'api' | 'worker';
    /** More environment for this instance's config (e.g. SMTP_URL of a test's own server). */
    env?: Record<string, string>;
    /**
     * Another instance on the same database, data directory (session secret) and task queue,
     * as a second process of one deployment; it neither migrates nor seeds, nor drops the
     * database on close (close it before the instance it joins).
     */
    joining?: TestPlatform;
  } = {},
): Promise<TestPlatform> {
  const temporal = await testTemporal();
  const joined = options.joining;
  const database = joined ? null : await createTestDatabase(appDialect);
  const dataDir = joined?.config.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'percorsi-data-'));
  const base = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATA_DIR: dataDir,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: temporal.namespace,
    TEMPORAL_TASK_QUEUE: joined?.config.temporal.taskQueue ?? `test-${path.basename(dataDir)}`,
    PERCORSI_ROLE: options.role ?? 'all',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    ...options.env,
  });
  const config: Config = { ...base, database: joined?.config.database ?? database!.config };
  if (database) {
    const db = createDb(config.database);
    await migrateLatest(db);
    await seedDemoData(createStores(db));
    await db.destroy();
  }
  const platform = await startPlatform(config, {
    workflowBundle: await workflowBundle(),
    logger: pino({ level: 'warn' }),
  });
  return {
    // A worker-only instance serves no HTTP.
    baseUrl: platform.url ?? '',
    platform,
    config,
    async close() {
      await platform.stop();
      await database?.drop();
    },
  };
}
