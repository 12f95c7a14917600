import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../platform/config.js';

describe('configuration', () => {
  const dataDir = () => mkdtempSync(path.join(os.tmpdir(), 'percorsi-config-'));

  it('defaults to the embedded SQLite database under the data directory', () => {
    const dir = dataDir();
    const c = loadConfig({ DATA_DIR: dir });
    assert.deepEqual(c.database, { client: 'sqlite', filename: path.join(dir, 'percorsi.db') });
    assert.equal(c.port, 3000);
    assert.equal(c.temporal.namespace, 'percorsi');
    assert.ok(c.session.secret.length >= 32, 'a local session secret is generated');
    assert.equal(loadConfig({ DATA_DIR: dir }).session.secret, c.session.secret, 'and kept');
  });

  it('switches to PostgreSQL when DATABASE_URL says so', () => {
    const c = loadConfig({ DATA_DIR: dataDir(), DATABASE_URL: 'postgres://u:p@db:5432/percorsi' });
    assert.deepEqual(c.database, {
      client: 'pg',
      connectionString: 'postgres://u:p@db:5432/percorsi',
    });
  });

  it('names every bad variable at once', () => {
    assert.throws(
      () => loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' }),
      (err: unknown) =>
        err instanceof ConfigError &&
        /PORT/.test(err.message) &&
        /DATABASE_URL/.test(err.message) &&
        /LOG_LEVEL/.test(err.message),
    );
  });

  it('requires a session secret in production', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production' }), /SESSION_SECRET/);
  });
});
