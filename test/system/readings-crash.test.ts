import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { repoRoot } from '../../platform/config.js';
import { createDb } from '../../db/connection.js';
import { createStores } from '../../db/stores/index.js';
import { loginCookie, waitFor } from '../support/api-client.js';
import { appDialect, createTestDatabase, type TestDatabase } from '../support/databases.js';
import { freePort } from '../support/ports.js';
import { testTemporal } from '../support/temporal.js';

const PATIENTS = 4; // the demo patients of ASL Toscana Centro
const PER_PATIENT = 20;

/**
 * The production topology on one machine: an API process and a worker process
 * (`percorsi serve` with PERCORSI_ROLE=api|worker) on the run's Temporal server. A device burst
 * of readings is under way when both processes are killed with SIGKILL; they come back, the
 * devices resend what got no answer (same message ids), and the database must hold every
 * reading exactly once and every alert exactly once (issue 5, fault test).
 */
describe('readings burst: API and worker killed mid-burst, restarted', function () {
  this.timeout(300_000);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'percorsi-burst-'));
  let env: NodeJS.ProcessEnv;
  let baseUrl: string;
  let database: TestDatabase | null = null;
  const children = new Map<string, ChildProcess>();

  before(async () => {
    const temporal = await testTemporal();
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    env = {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: temporal.namespace,
      TEMPORAL_TASK_QUEUE: `burst-${path.basename(dataDir)}`,
      LOG_FORMAT: 'json',
      // info: the processes say when they listen and poll.
      LOG_LEVEL: 'info',
      NODE_ENV: 'development',
    };
    delete env.DATABASE_URL;
    if (appDialect === 'pg') {
      database = await createTestDatabase('pg');
      if (database.config.client === 'pg') env.DATABASE_URL = database.config.connectionString;
    }
    await run(['seed']);
  });
  after(async () => {
    for (const c of children.values()) if (c.exitCode === null) c.kill('SIGKILL');
    await database?.drop();
  });

  function run(args: string[]): Promise<void> {
    return new Promise((resolve, reject) => {
      const c = spawn(process.execPath, [path.join(repoRoot, 'bin', 'percorsi.js'), ...args], {
        cwd: repoRoot,
        env,
        stdio: 'ignore',
      });
      c.once('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`${args[0]} exited ${code}`)),
      );
    });
  }

  async function serve(role: 'api' | 'worker', label: string): Promise<void> {
    const log = createWriteStream(path.join(dataDir, `${label}.log`));
    const out: string[] = [];
    const c = spawn(process.execPath, [path.join(repoRoot, 'bin', 'percorsi.js'), 'serve'], {
      cwd: repoRoot,
      env: { ...env, PERCORSI_ROLE: role },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const s of [c.stdout, c.stderr])
      s.on('data', (b: Buffer) => {
        log.write(b);
        out.push(b.toString());
      });
    children.set(role, c);
    const ready = role === 'api' ? 'API listening' : 'worker polling';
    await waitFor(
      `the ${role} process (${label})`,
      async () => {
        if (c.exitCode !== null)
          throw new Error(`${role} exited ${c.exitCode}: ${out.join('').slice(-2000)}`);
        return out.join('').includes(ready);
      },
      60_000,
    );
  }

  function kill(role: string): Promise<void> {
    const c = children.get(role)!;
    return new Promise((resolve) => {
      if (c.exitCode !== null) return resolve();
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });
  }

  it('stores every reading once and raises every alert once', async () => {
    await Promise.all([serve('api', 'api-1'), serve('worker', 'worker-1')]);
    const nurse = await loginCookie(baseUrl, 'centro.infermiere');
    const patients = (await request(baseUrl).get('/api/patients').set('cookie', nurse)).body
      .items as { id: string }[];
    const chosen = patients.slice(0, PATIENTS);
    assert.equal(chosen.length, PATIENTS);
    for (const p of chosen) {
      const res = await request(baseUrl)
        .post('/api/enrolments')
        .set('cookie', nurse)
        .send({ patientId: p.id, pathwayId: 'bpco-telemonitoraggio', inputs: { spo2Min: 92 } });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }

    // Reading k of each patient: normal, except k = 10, a desaturation (one red alert each).
    const readings = chosen.flatMap((p, pi) =>
      Array.from({ length: PER_PATIENT }, (_, k) => ({
        patientId: p.id,
        body: {
          values: { spo2: k === 10 ? 88 : 95, heartRate: 70 + k },
          measuredAt: new Date(Date.now() - (PER_PATIENT - k) * 60_000).toISOString(),
          deviceMessageId: `kit-${pi}-msg-${k}`,
          source: 'device',
        },
      })),
    );
    // A device resends until it gets an answer (network errors and 5xx alike).
    let acknowledged = 0;
    let resends = 0;
    const send = async (r: (typeof readings)[number]) => {
      for (;;) {
        try {
          const res = await fetch(`${baseUrl}/api/patients/${r.patientId}/readings`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', cookie: nurse },
            body: JSON.stringify(r.body),
            signal: AbortSignal.timeout(40_000),
          });
          if (res.status === 200) {
            acknowledged++;
            return;
          }
          assert.ok(res.status >= 500, `a reading refused: ${res.status} ${await res.text()}`);
        } catch (err) {
          if (err instanceof assert.AssertionError) throw err;
        }
        resends++;
        await new Promise((w) => setTimeout(w, 300));
      }
    };
    let next = 0;
    const burst = Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < readings.length) await send(readings[next++]!);
      }),
    );
    // Power cut of both processes once a third of the burst is answered.
    await waitFor('a third of the burst', async () => acknowledged >= readings.length / 3, 120_000);
    await Promise.all([kill('api'), kill('worker')]);
    const killedAt = acknowledged;
    await new Promise((w) => setTimeout(w, 1000));
    await Promise.all([serve('api', 'api-2'), serve('worker', 'worker-2')]);
    await burst;
    assert.ok(killedAt < readings.length, 'the crash happened mid-burst');
    assert.ok(resends > 0, 'some readings had to be resent');

    // Every reading once (two values each), every alert once.
    const db = createDb(
      env.DATABASE_URL
        ? { client: 'pg', connectionString: env.DATABASE_URL }
        : { client: 'sqlite', filename: path.join(dataDir, 'percorsi.db') },
    );
    try {
      const stores = createStores(db);
      const rows = await waitFor(
        'every observation row',
        async () => {
          const all = (
            await Promise.all(
              chosen.map((p) =>
                stores.care.listObservations('asl-toscana-centro', {
                  patientId: p.id,
                  limit: 1000,
                }),
              ),
            )
          ).flat();
          return all.length >= readings.length * 2 ? all : null;
        },
        30_000,
      );
      await new Promise((w) => setTimeout(w, 3000)); // a late duplicate would land by now
      const again = (
        await Promise.all(
          chosen.map((p) =>
            stores.care.listObservations('asl-toscana-centro', { patientId: p.id, limit: 1000 }),
          ),
        )
      ).flat();
      assert.equal(
        again.length,
        readings.length * 2,
        `observation rows (first seen ${rows.length})`,
      );
      const keys = new Set(again.map((o) => `${o.readingId}/${o.dataPoint}`));
      assert.equal(keys.size, again.length, 'no reading stored twice');
      const alerts = (
        await Promise.all(
          chosen.map((p) => stores.care.listAlerts('asl-toscana-centro', { patientId: p.id })),
        )
      ).flat();
      assert.deepEqual(
        alerts.map((a) => a.severity).sort(),
        Array.from({ length: PATIENTS }, () => 'red'),
        'one red alert per patient, no more',
      );
      process.stdout.write(
        `      killed at ${killedAt}/${readings.length} answered, ${resends} resends; ${again.length} rows, ${alerts.length} alerts\n`,
      );
    } finally {
      await db.destroy();
    }
  });
});
