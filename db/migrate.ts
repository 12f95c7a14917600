import type { Knex } from 'knex';
import * as m001 from './migrations/001-identity.js';
import * as m002 from './migrations/002-enrolments.js';
import * as m003 from './migrations/003-care-read-models.js';
import * as m004 from './migrations/004-pathway-versions.js';
import * as m005 from './migrations/005-forms.js';
import * as m006 from './migrations/006-devices.js';
import * as m007 from './migrations/007-notifications.js';
import * as m008 from './migrations/008-worklist.js';
import * as m009 from './migrations/009-documents.js';
import * as m010 from './migrations/010-fse-gateway.js';
import * as m011 from './migrations/011-video-sessions.js';
import * as m012 from './migrations/012-reports.js';

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/**
 * Migrations are imported statically rather than discovered on disk, so they run the same
 * under tsx, in a bundle and in the container image. Append new ones; never edit old ones.
 */
const migrations: Record<string, Migration> = {
  '001-identity': m001,
  '002-enrolments': m002,
  '003-care-read-models': m003,
  '004-pathway-versions': m004,
  '005-forms': m005,
  '006-devices': m006,
  '007-notifications': m007,
  '008-worklist': m008,
  '009-documents': m009,
  '010-fse-gateway': m010,
  '011-video-sessions': m011,
  '012-reports': m012,
};

const source: Knex.MigrationSource<string> = {
  getMigrations: () => Promise.resolve(Object.keys(migrations)),
  getMigrationName: (name) => name,
  getMigration: (name) => {
    const migration = migrations[name];
    if (!migration) throw new Error(`unknown migration ${name}`);
    return Promise.resolve(migration);
  },
};

const options = { migrationSource: source, tableName: 'knex_migrations' };

/** Brings the schema to the latest version; returns the names applied now. */
export async function migrateLatest(db: Knex): Promise<string[]> {
  const [, applied] = (await db.migrate.latest(options)) as [number, string[]];
  return applied;
}

/** Rolls every migration back (tests of the down path). */
export async function migrateDownAll(db: Knex): Promise<string[]> {
  const [, reverted] = (await db.migrate.rollback(options, true)) as [number, string[]];
  return reverted;
}

export async function migrationStatus(db: Knex): Promise<{ applied: string[]; pending: string[] }> {
  const [applied, pending] = (await db.migrate.list(options)) as [
    { name: string }[],
    string[] | { file: string }[],
  ];
  return {
    applied: applied.map((m) => m.name),
    pending: pending.map((p) => (typeof p === 'string' ? p : p.file)),
  };
}

export const migrationNames = Object.keys(migrations);
