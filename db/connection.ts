import { mkdirSync } from 'node:fs';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import type { DatabaseConfig } from '../platform/config.js';

export type Db = Knex;

/**
 * Opens the app database. SQLite (embedded default) runs in WAL mode with foreign keys on;
 * PostgreSQL gets a pool. Both dialects run the same migrations and stores.
 */
export function createDb(config: DatabaseConfig, options: { poolMax?: number } = {}): Db {
  if (config.client === 'sqlite') {
    mkdirSync(path.dirname(config.filename), { recursive: true });
    return knex({
      client: 'better-sqlite3',
      connection: { filename: config.filename },
      useNullAsDefault: true,
      pool: {
        min: 1,
        max: 1,
        afterCreate(conn: { pragma(sql: string): unknown }, done: (err: Error | null) => void) {
          conn.pragma('journal_mode = WAL');
          conn.pragma('foreign_keys = ON');
          conn.pragma('busy_timeout = 5000');
          conn.pragma('synchronous = NORMAL');
          done(null);
        },
      },
    });
  }
  return knex({
    client: 'pg',
    connection: { connectionString: config.connectionString },
    pool: { min: 0, max: options.poolMax ?? 10 },
  });
}

export function dialectOf(db: Db): 'sqlite' | 'pg' {
  const client = (db.client as { config: { client: string } }).config.client;
  return client === 'pg' ? 'pg' : 'sqlite';
}

/** Server version for /api/health. */
export async function databaseVersion(db: Db): Promise<string> {
  if (dialectOf(db) === 'pg') {
    const result = await db.raw<{ rows: { server_version: string }[] }>('show server_version');
    return `PostgreSQL ${result.rows[0]?.server_version ?? 'unknown'}`;
  }
  const rows = await db.raw<{ v: string }[]>('select sqlite_version() as v');
  return `SQLite ${rows[0]?.v ?? 'unknown'}`;
}
