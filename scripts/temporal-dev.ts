import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporalProto as temporal } from '../platform/temporal-proto.js';
import { platformSearchAttributes } from '../workflows/search-attributes.js';

const RETENTION_DAYS = 30;

export interface DevServerOptions {
  binary: string;
  host: string;
  port: number;
  /** Web UI port; null runs the server headless (tests). */
  uiPort: number | null;
  dbFile: string;
  namespace: string;
  logFile: string;
}

export interface DevServer {
  child: ChildProcess;
  address: string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const SA_TYPE = temporal.api.enums.v1.IndexedValueType;
const saTypeName: Record<string, string> = {
  KEYWORD: 'Keyword',
  TEXT: 'Text',
  INT: 'Int',
  BOOL: 'Bool',
};

/**
 * Starts `temporal server start-dev` with its SQLite file (WAL) under the data directory, so a
 * second start resumes every workflow where it was. Output goes to a log file.
 */
export async function startTemporalDevServer(o: DevServerOptions): Promise<DevServer> {
  mkdirSync(path.dirname(o.dbFile), { recursive: true });
  mkdirSync(path.dirname(o.logFile), { recursive: true });
  const args = [
    'server',
    'start-dev',
    '--ip', o.host,
    '--port', String(o.port),
    '--db-filename', o.dbFile,
    '--namespace', o.namespace,
    '--sqlite-pragma', 'journal_mode=wal',
    '--log-format', 'json',
    '--log-level', 'warn',
    ...(o.uiPort === null ? ['--headless'] : ['--ui-port', String(o.uiPort)]),
    ...platformSearchAttributes.flatMap((k) => ['--search-attribute', `${k.name}=${saTypeName[k.type] ?? 'Keyword'}`]),
  ]; // prettier-ignore
  const log = createWriteStream(o.logFile, { flags: 'a' });
  const child = spawn(o.binary, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: false });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const address = `${o.host}:${o.port}`;

  let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    });
  });

  await waitUntil(
    async () => {
      if (exited) {
        throw new Error(
          `Temporal dev server exited (code ${String(exited.code)}) before it was ready; see ${o.logFile}`,
        );
      }
      const connection = await Connection.connect({ address, connectTimeout: 1000 }).catch(
        () => null,
      );
      if (!connection) return false;
      try {
        await connection.workflowService.describeNamespace({ namespace: o.namespace });
        return true;
      } catch {
        return false;
      } finally {
        await connection.close();
      }
    },
    60_000,
    `Temporal dev server on ${address}`,
  );

  return {
    child,
    address,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (exited) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(timer);
      log.end();
    },
  };
}

/**
 * Makes the namespace keep closed workflows for 30 days (the dev server's default is 1 day)
 * and registers any search attribute the platform added since the database was created.
 */
export async function ensureNamespace(address: string, namespace: string): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    const ns = await connection.workflowService.describeNamespace({ namespace });
    const retentionSeconds = Number(ns.config?.workflowExecutionRetentionTtl?.seconds ?? 0);
    if (retentionSeconds !== RETENTION_DAYS * 86400) {
      await connection.workflowService.updateNamespace({
        namespace,
        config: { workflowExecutionRetentionTtl: msToTs(RETENTION_DAYS * 86_400_000) },
      });
    }
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    const missing = platformSearchAttributes.filter(
      (k) => !(k.name in (existing.customAttributes ?? {})),
    );
    if (missing.length) {
      await connection.operatorService.addSearchAttributes({
        namespace,
        searchAttributes: Object.fromEntries(
          missing.map((k) => [
            k.name,
            k.type === 'KEYWORD'
              ? SA_TYPE.INDEXED_VALUE_TYPE_KEYWORD
              : SA_TYPE.INDEXED_VALUE_TYPE_TEXT,
          ]),
        ),
      });
    }
  } finally {
    await connection.close();
  }
}

export async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
  intervalMs = 250,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`${what} not ready within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
