import { temporalProto as proto } from './temporal-proto.js';
import type { Db } from '../db/connection.js';
import { databaseVersion } from '../db/connection.js';
import type { TemporalHandle } from './temporal.js';
import { janusInfo } from './janus.js';
import { platformVersion } from './version.js';

export type ComponentStatus = 'ok' | 'down' | 'disabled';

export interface ComponentHealth {
  status: ComponentStatus;
  version?: string;
  detail?: string;
  latencyMs?: number;
}

export interface HealthReport {
  status: 'ok' | 'degraded' | 'down';
  version: string;
  checkedAt: string;
  components: {
    database: ComponentHealth;
    temporal: ComponentHealth;
    worker: ComponentHealth;
    janus: ComponentHealth;
    fse: ComponentHealth;
  };
}

const TIMEOUT_MS = 2000;

async function timed(check: () => Promise<ComponentHealth>): Promise<ComponentHealth> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = await Promise.race([
      check(),
      new Promise<ComponentHealth>((resolve) => {
        timer = setTimeout(
          () => resolve({ status: 'down', detail: `no answer within ${TIMEOUT_MS} ms` }),
          TIMEOUT_MS,
        );
      }),
    ]);
    return { ...result, latencyMs: Date.now() - started };
  } catch (err) {
    return { status: 'down', detail: (err as Error).message, latencyMs: Date.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

/** A worker counts as up when it polled the task queue within this window. */
const POLLER_FRESH_MS = 90_000;

export function createHealthCheck(deps: {
  db: Db;
  temporal: TemporalHandle;
  janusUrl: string | null;
  janusApiSecret?: string;
  /** The FSE side: conformance files loaded and the gateway reachable. */
  fse?: () => Promise<ComponentHealth>;
}) {
  return async function check(): Promise<HealthReport> {
    const [database, temporal, worker] = await Promise.all([
      timed(async () => {
        await deps.db.raw('select 1');
        return { status: 'ok', version: await databaseVersion(deps.db) };
      }),
      timed(async () => {
        await deps.temporal.connection.ensureConnected();
        const info = await deps.temporal.connection.workflowService.getSystemInfo({});
        await deps.temporal.connection.workflowService.describeNamespace({
          namespace: deps.temporal.namespace,
        });
        return {
          status: 'ok',
          version: `Temporal ${info.serverVersion ?? 'unknown'}`,
          detail: `namespace ${deps.temporal.namespace}`,
        };
      }),
      timed(async () => {
        const res = await deps.temporal.connection.workflowService.describeTaskQueue({
          namespace: deps.temporal.namespace,
          taskQueue: { name: deps.temporal.taskQueue },
          taskQueueType: proto.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
        });
        const now = Date.now();
        const fresh = (res.pollers ?? []).filter((p) => {
          const seconds = Number(p.lastAccessTime?.seconds ?? 0);
          return now - seconds * 1000 < POLLER_FRESH_MS;
        });
        return fresh.length > 0
          ? {
              status: 'ok',
              detail: `${fresh.length} poller(s) on ${deps.temporal.taskQueue}`,
              version: fresh[0]?.identity ?? undefined,
            }
          : { status: 'down', detail: `no worker polling ${deps.temporal.taskQueue}` };
      }),
    ]);
    // Video is optional: without a Janus the platform runs and video steps say so.
    const janus: ComponentHealth = deps.janusUrl
      ? await timed(async () => ({
          status: 'ok',
          version: await janusInfo(deps.janusUrl!, deps.janusApiSecret ?? '', TIMEOUT_MS - 100),
          detail: deps.janusUrl!,
        }))
      : {
          status: 'disabled',
          detail:
            'no Janus (install the "janus" package or set JANUS_URL): video sessions unavailable',
        };
    const fse: ComponentHealth = deps.fse
      ? await timed(deps.fse)
      : { status: 'disabled', detail: 'clinical documents not configured' };
    // Publication retries while the gateway is away: the platform is degraded, not down.
    const required = [database, temporal, worker, fse];
    const status =
      database.status !== 'ok'
        ? 'down'
        : required.every((c) => c.status === 'ok')
          ? 'ok'
          : 'degraded';
    return {
      status,
      version: platformVersion,
      checkedAt: new Date().toISOString(),
      components: { database, temporal, worker, janus, fse },
    };
  };
}

export type HealthCheck = ReturnType<typeof createHealthCheck>;
