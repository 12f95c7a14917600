import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createDb } from '../db/connection.js';
import { migrateLatest } from '../db/migrate.js';
import { createStores } from '../db/stores/index.js';
import { loadConfig, repoRoot, type Config } from '../platform/config.js';
import { startEmbeddedJanus, type RunningJanus } from '../platform/janus.js';
import { createLogger } from '../platform/logger.js';
import { DEMO_PASSWORD, seedDemoData, type DemoLogin } from './seed.js';
import {
  ensureNamespace,
  startTemporalDevServer,
  waitUntil,
  type DevServer,
} from './temporal-dev.js';
import { ensureTemporalCli } from './tools.js';
import { ensureUiBuilt } from './ui-build.js';

const say = (m: string) => process.stdout.write(`\x1b[36m[percorsi]\x1b[0m ${m}\n`);

function hostPort(address: string): { host: string; port: number } {
  const i = address.lastIndexOf(':');
  return { host: address.slice(0, i), port: Number(address.slice(i + 1)) };
}

/**
 * `npm start`: the whole platform on one machine. Temporal dev server (SQLite under var/),
 * migrations and demo data, then one app process (API + socket.io + UI + worker).
 * Ctrl-C stops every child; the next start resumes with all data.
 */
export async function runDev(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  const temporalBinary = await ensureTemporalCli({ log: say });
  ensureUiBuilt(say);

  const { host, port } = hostPort(config.temporal.address);
  say(
    `Starting Temporal (dev server, ${config.temporal.address}, data in ${path.relative(repoRoot, config.dataDir)}/temporal)…`,
  );
  const temporal = await startTemporalDevServer({
    binary: temporalBinary,
    host,
    port,
    uiPort: config.temporal.uiPort,
    dbFile: path.join(config.dataDir, 'temporal', 'temporal.db'),
    namespace: config.temporal.namespace,
    logFile: path.join(config.dataDir, 'log', 'temporal.log'),
  });
  let app: ChildProcess | null = null;
  let janus: RunningJanus | null = null;
  let shuttingDown = false;

  const shutdown = async (code: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    say('Stopping…');
    if (app && app.exitCode === null) {
      const exited = new Promise((r) => app!.once('exit', r));
      app.kill('SIGTERM');
      const timer = setTimeout(() => app?.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    await janus?.stop();
    await temporal.stop();
    say('Stopped. Data kept in var/: the next `npm start` resumes where this one left off.');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  try {
    await ensureNamespace(temporal.address, config.temporal.namespace);
    const logins = await prepareDatabase(config);
    // Video rooms: the Debian janus binary, on loopback, when installed and no JANUS_URL is set.
    janus = await startEmbeddedJanus(config.janus, config.dataDir, createLogger(config, 'janus'));
    say(
      janus
        ? `Janus (video) on ${janus.url}.`
        : config.janus.url
          ? `Janus (video): ${config.janus.url}.`
          : 'Janus not installed (apt install janus): video sessions unavailable.',
    );
    say('Starting the app (API, socket.io, web app, Temporal worker)…');
    app = spawn(process.execPath, [path.join(repoRoot, 'bin', 'percorsi.js'), 'serve'], {
      stdio: 'inherit',
      env: {
        ...process.env,
        PERCORSI_ROLE: 'all',
        ...(janus ? { JANUS_URL: janus.url } : {}),
      },
    });
    app.once('exit', (code, signal) => {
      if (!shuttingDown) {
        say(`The app process stopped unexpectedly (${signal ?? `exit code ${String(code)}`}).`);
        void shutdown(1);
      }
    });
    const url = `http://localhost:${config.port}`;
    await waitForHealthy(url, temporal);
    printBanner(config, url, logins, Date.now() - started);
  } catch (err) {
    say(`Could not start: ${(err as Error).message}`);
    await shutdown(1);
  }
}

async function prepareDatabase(config: Config): Promise<DemoLogin[]> {
  const db = createDb(config.database);
  try {
    const applied = await migrateLatest(db);
    say(
      `Database ${config.database.client === 'sqlite' ? path.relative(repoRoot, config.database.filename) : 'PostgreSQL'}: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}.`,
    );
    return config.demoSeed ? await seedDemoData(createStores(db)) : [];
  } finally {
    await db.destroy();
  }
}

async function waitForHealthy(url: string, temporal: DevServer): Promise<void> {
  await waitUntil(
    async () => {
      if (temporal.child.exitCode !== null) throw new Error('Temporal stopped');
      try {
        const res = await fetch(`${url}/api/health`);
        const body = (await res.json()) as { status: string };
        return body.status === 'ok';
      } catch {
        return false;
      }
    },
    120_000,
    'the app',
    500,
  );
}

function printBanner(config: Config, url: string, logins: DemoLogin[], ms: number): void {
  const lines = [
    '',
    `\x1b[1mPercorsi è pronto / is ready\x1b[0m  (${(ms / 1000).toFixed(1)} s)`,
    '',
    `  App            ${url}`,
    `  Temporal UI    ${config.temporal.uiUrl}/namespaces/${config.temporal.namespace}/workflows`,
    `  Salute/health  ${url}/api/health`,
    `  API (OpenAPI)  ${url}/api/openapi.json`,
    '',
  ];
  if (logins.length) {
    lines.push(`  Accessi demo / demo logins (password: ${DEMO_PASSWORD})`);
    const byTenant = new Map<string, DemoLogin[]>();
    for (const l of logins) byTenant.set(l.tenant, [...(byTenant.get(l.tenant) ?? []), l]);
    for (const [tenant, list] of byTenant) {
      lines.push(`    ${tenant}`);
      for (const l of list)
        lines.push(`      ${l.username.padEnd(20)} ${l.role.padEnd(9)} ${l.displayName}`);
    }
    lines.push('');
  }
  lines.push('  Ctrl-C stops everything; data stays in var/.', '');
  process.stdout.write(lines.join('\n') + '\n');
}
