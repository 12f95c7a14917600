import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, type WriteStream } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { repoRoot } from '../../platform/config.js';
import { loginCookie, waitFor } from '../support/api-client.js';
import { appDialect, createTestDatabase, type TestDatabase } from '../support/databases.js';
import { freePort } from '../support/ports.js';

/**
 * The platform started exactly as `npm start` starts it (orchestrator, Temporal dev server and
 * app as child processes), killed with SIGKILL in the middle of a pathway, started again: the
 * pathway must finish with nothing lost and nothing written twice.
 */
describe('platform as `npm start` runs it: crash and restart', function () {
  this.timeout(300_000);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'percorsi-system-'));
  let env: NodeJS.ProcessEnv;
  let baseUrl: string;
  let temporalPort: number;
  let database: TestDatabase | null = null;
  let current: { child: ChildProcess; log: WriteStream; output: string[] } | null = null;

  before(async () => {
    const [appPort, tPort, uiPort] = [await freePort(), await freePort(), await freePort()];
    temporalPort = tPort;
    baseUrl = `http://127.0.0.1:${appPort}`;
    env = {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(appPort),
      TEMPORAL_ADDRESS: `127.0.0.1:${tPort}`,
      TEMPORAL_UI_PORT: String(uiPort),
      TEMPORAL_UI_URL: `http://localhost:${uiPort}`,
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      NODE_ENV: 'development',
    };
    delete env.DATABASE_URL;
    if (appDialect === 'pg') {
      database = await createTestDatabase('pg');
      if (database.config.client === 'pg') env.DATABASE_URL = database.config.connectionString;
    }
  });

  after(async () => {
    if (current?.child.exitCode === null) killGroup(current.child, 'SIGKILL');
    await database?.drop();
  });

  function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  }

  async function start(label: string): Promise<number> {
    const started = Date.now();
    const log = createWriteStream(path.join(dataDir, `${label}.log`));
    const output: string[] = [];
    // Its own process group, so that SIGKILL can take the orchestrator and every child at once,
    // as a power cut would.
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'percorsi.js'), 'start'], {
      cwd: repoRoot,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk: Buffer) => {
        log.write(chunk);
        output.push(chunk.toString());
      });
    }
    current = { child, log, output };
    try {
      await waitFor(
        'the banner of npm start',
        async () => {
          if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
          return output.join('').includes('Percorsi è pronto');
        },
        120_000,
      );
    } catch (err) {
      throw new Error(
        `${(err as Error).message}\n--- output (${label}) ---\n${output.join('').slice(-4000)}`,
      );
    }
    return Date.now() - started;
  }

  const portOpen = (port: number) =>
    new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });

  it('starts, enrols, survives SIGKILL of everything, resumes and completes exactly once, then stops cleanly on Ctrl-C', async () => {
    // 1. First start: health all green.
    const firstMs = await start('first');
    const health = await request(baseUrl).get('/api/health');
    assert.equal(health.body.status, 'ok', JSON.stringify(health.body));
    for (const c of ['database', 'temporal', 'worker'] as const)
      assert.equal(health.body.components[c].status, 'ok');

    // 2. Enrol a demo patient in the welcome pathway with a wait that outlives the crash.
    const nurse = await loginCookie(baseUrl, 'centro.infermiere');
    const patients = await request(baseUrl).get('/api/patients').set('cookie', nurse);
    const rossi = (patients.body.items as { id: string; familyName: string }[]).find(
      (p) => p.familyName === 'Rossi',
    )!;
    const enrol = await request(baseUrl)
      .post('/api/enrolments')
      .set('cookie', nurse)
      .send({ patientId: rossi.id, pathwayId: 'benvenuto', inputs: { waitSeconds: 8 } });
    assert.equal(enrol.status, 201);
    const id = enrol.body.enrolment.id as string;

    // 3. The activity's row is visible through the API.
    await waitFor('the first step recorded', async () => {
      const res = await request(baseUrl).get(`/api/enrolments/${id}`).set('cookie', nurse);
      const notified = (res.body.events ?? []).filter((e: { kind: string }) => e.kind === 'notify');
      return notified.length === 1 && res.body.live?.currentStepId === 'attesa';
    });

    // 4. Power cut: SIGKILL to the orchestrator, Temporal and the app at once.
    killGroup(current!.child, 'SIGKILL');
    await waitFor(
      'every process to die',
      async () => !(await portOpen(temporalPort)) && !(await portOpen(Number(env.PORT))),
    );
    current!.log.end();

    // 5. Second start on the same data: the session cookie still works, the pathway resumes.
    const secondMs = await start('second');
    process.stdout.write(
      `      npm start: first ${(firstMs / 1000).toFixed(1)} s, after SIGKILL ${(secondMs / 1000).toFixed(1)} s\n`,
    );
    const done = await waitFor(
      'the pathway to complete after the restart',
      async () => {
        const res = await request(baseUrl).get(`/api/enrolments/${id}`).set('cookie', nurse);
        return res.body.enrolment?.status === 'completed' ? res.body : null;
      },
      60_000,
    );
    const events = done.events as { kind: string; stepId: string | null }[];
    assert.deepEqual(
      events.filter((e) => e.kind === 'notify').map((e) => e.stepId),
      ['arruolamento', 'presa-in-carico'],
      'every notification written exactly once',
    );
    assert.equal(events.filter((e) => e.kind === 'complete').length, 1, 'completed once');
    assert.equal(done.live.status, 'completed');
    const list = await request(baseUrl)
      .get(`/api/enrolments?patientId=${rossi.id}`)
      .set('cookie', nurse);
    assert.equal(list.body.items.length, 1, 'one enrolment, not two');

    // 6. Ctrl-C: every child stops and the orchestrator exits 0.
    const child = current!.child;
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    process.kill(child.pid!, 'SIGINT');
    assert.equal(await exited, 0);
    await waitFor(
      'the ports to close',
      async () => !(await portOpen(temporalPort)) && !(await portOpen(Number(env.PORT))),
      20_000,
    );
    assert.throws(() => process.kill(-child.pid!, 0), /ESRCH/, 'no process of the group is left');
  });
});
