import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createApp } from '../api/app.js';
import { SessionTokens } from '../api/auth/session.js';
import { attachRealtime } from '../api/realtime.js';
import { createNotificationProviders } from '../activities/notifications/providers.js';
import { createDb, type Db } from '../db/connection.js';
import { migrateLatest } from '../db/migrate.js';
import { createStores, type Stores } from '../db/stores/index.js';
import { FseGatewayClient } from '../activities/fse/gateway-client.js';
import { createVideoBackend } from '../activities/video/video-backend.js';
import { attachJanusProxy } from '../api/video-proxy.js';
import { createLocalFseGateway } from '../api/fse-gateway/local-gateway.js';
import { CdaConformance } from '../templates/conformance/cda-conformance.js';
import { ConformanceFilesMissing } from '../templates/conformance/conformance-files.js';
import { localFseGatewayPath, repoRoot, type Config } from './config.js';
import { InProcessEventBus, PgEventBus, type EventBus } from './events.js';
import { createHealthCheck, type ComponentHealth } from './health.js';
import { ReportAggregator } from '../api/features/report-aggregator.js';
import { createLogger, type Logger } from './logger.js';
import { seedBuiltInForms } from '../forms/builtin.js';
import { PathwayCatalog, seedBuiltInPathways } from './pathway-catalog.js';
import { createTemporalHandle, type TemporalHandle } from './temporal.js';
import { startWorker, type WorkerHandle } from './worker.js';

export interface RunningPlatform {
  /** Base URL of the API + UI when this process serves it. */
  url: string | null;
  db: Db;
  stores: Stores;
  /** What workers publish and API processes turn into socket.io events. */
  bus: EventBus;
  temporal: TemporalHandle;
  logger: Logger;
  stop(): Promise<void>;
}

/**
 * The FSE conformance checks every clinical document passes. Without the official files the
 * platform still runs; documents answer 503 with the reason, and the log says where to look.
 */
function loadConformance(config: Config, logger: Logger): CdaConformance | null {
  try {
    return CdaConformance.fromConfig(config.fseGateway.conformanceDir);
  } catch (err) {
    if (!(err instanceof ConformanceFilesMissing)) throw err;
    logger.error(
      { err: err.message },
      'FSE conformance files missing: clinical documents disabled',
    );
    return null;
  }
}

/** FSE health: the conformance files, and the national gateway's /status when one is set. */
function fseHealth(config: Config, conformance: CdaConformance | null) {
  const client = config.fseGateway.url ? FseGatewayClient.fromConfig(config.fseGateway) : null;
  return async (): Promise<ComponentHealth> => {
    if (!conformance) {
      return { status: 'down', detail: 'FSE conformance files (CDA.xsd, schematron) not found' };
    }
    if (!client) {
      return { status: 'ok', detail: 'embedded gateway /fse-gateway/v1; CDA.xsd + 4 schematrons' };
    }
    await client.health();
    return { status: 'ok', detail: `national gateway ${config.fseGateway.url}` };
  };
}

export interface StartOptions {
  migrate?: boolean;
  workflowBundle?: WorkflowBundleWithSourceMap;
  logger?: Logger;
}

/**
 * The composition root: one process that is the API (with socket.io and the static UI), the
 * Temporal worker, or both, as config.role says. Production runs the same image twice.
 */
export async function startPlatform(
  config: Config,
  options: StartOptions = {},
): Promise<RunningPlatform> {
  const logger =
    options.logger ?? createLogger(config, config.role === 'worker' ? 'worker' : 'api');
  if (config.oidc) {
    throw new Error(
      'OIDC_ISSUER_URL is set, but OIDC login is not available in this version: unset it to use local login (see docs/adr/003-identity.md).',
    );
  }
  const db = createDb(config.database);
  if (options.migrate) {
    const applied = await migrateLatest(db);
    if (applied.length) logger.info({ applied }, 'database migrated');
  }
  const stores = createStores(db);
  const temporal = createTemporalHandle(config);
  const bus = createEventBus(config, db, logger);
  const conformance = loadConformance(config, logger);
  // Janus for video sessions: the API hands out join tokens, the worker opens and closes rooms.
  const video = createVideoBackend(config.janus, logger.child({ component: 'video' }));
  let janusProxy: { close(): void } | null = null;

  let httpServer: Server | null = null;
  let realtime: ReturnType<typeof attachRealtime> | null = null;
  let worker: WorkerHandle | null = null;
  let aggregator: ReportAggregator | null = null;
  let url: string | null = null;

  if (config.role !== 'worker') {
    // Built-ins become published versions on first start (and when a new version ships).
    const seeded = await seedBuiltInPathways(stores.pathwayVersions);
    if (seeded.length) logger.info({ seeded }, 'built-in pathways published');
    const seededForms = await seedBuiltInForms(stores.forms);
    if (seededForms.length) logger.info({ seeded: seededForms }, 'built-in forms published');
    const catalog = await PathwayCatalog.open(stores.pathwayVersions);
    const tokens = new SessionTokens(config.session.secret, config.session.ttlMinutes);
    // Managers' figures: marked days are recomputed every few seconds, and before any read.
    aggregator = new ReportAggregator({
      stores,
      catalog,
      logger: logger.child({ component: 'reports' }),
    });
    aggregator.start(config.reports.refreshSeconds * 1000);
    const app = createApp({
      stores,
      tokens,
      catalog,
      temporal,
      health: createHealthCheck({
        db,
        temporal,
        janusUrl: config.janusUrl,
        janusApiSecret: config.janus.apiSecret,
        fse: fseHealth(config, conformance),
      }),
      logger,
      bus,
      cookieSecure: config.session.cookieSecure,
      uiDir: path.join(repoRoot, 'ui', 'dist'),
      conformance,
      video: { backend: video, joinTokenSecret: config.session.secret },
      reports: { aggregator, pseudonymKey: config.reports.pseudonymKey },
      ...(config.fseGateway.url === null && conformance
        ? {
            localFseGateway: {
              path: localFseGatewayPath,
              router: createLocalFseGateway({
                db,
                conformance,
                jwtKey: config.fseGateway.jwtKey,
                audience: config.fseGateway.audience,
                logger: logger.child({ component: 'fse-gateway-locale' }),
              }),
            },
          }
        : {}),
    });
    httpServer = createServer(app);
    realtime = attachRealtime(httpServer, { stores, tokens, bus }, logger);
    if (video)
      janusProxy = attachJanusProxy(httpServer, { janusUrl: video.url, stores, tokens }, logger);
    // Listening before serving: a browser that connects hears everything from then on.
    await realtime.ready();
    const server = httpServer;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
    logger.info({ url }, 'API listening');
  }

  if (config.role !== 'api') {
    worker = await startWorker(
      config,
      {
        stores,
        logger: logger.child({ component: 'worker' }),
        bus,
        video,
        notifications: createNotificationProviders(config.notifications),
        // The embedded gateway is this process's API when it serves one (its port is known now).
        fse: FseGatewayClient.fromConfig(
          config.fseGateway,
          config.fseGateway.url === null && url ? { baseUrl: `${url}${localFseGatewayPath}` } : {},
        ),
      },
      options.workflowBundle ? { workflowBundle: options.workflowBundle } : {},
    );
    worker.done.catch((err: unknown) => logger.fatal({ err }, 'worker stopped with an error'));
    logger.info({ taskQueue: config.temporal.taskQueue }, 'worker polling');
  }

  let stopping: Promise<void> | null = null;
  return {
    url,
    db,
    stores,
    bus,
    temporal,
    logger,
    stop() {
      stopping ??= (async () => {
        // Stop taking work first, let running activities finish, then close the doors.
        await worker?.shutdown().catch((err: unknown) => logger.warn({ err }, 'worker shutdown'));
        await aggregator?.stop();
        await realtime?.close();
        janusProxy?.close();
        await video?.close().catch((err: unknown) => logger.warn({ err }, 'janus close'));
        await bus.close().catch((err: unknown) => logger.warn({ err }, 'event bus close'));
        if (httpServer) {
          const server = httpServer;
          server.closeAllConnections();
          await new Promise<void>((resolve) => server.close(() => resolve()));
        }
        await temporal.close().catch(() => undefined);
        await db.destroy();
        logger.info('stopped');
      })();
      return stopping;
    },
  };
}

/**
 * One process on SQLite: in memory. PostgreSQL: LISTEN/NOTIFY, whatever the role, so any
 * number of API replicas hear any number of workers (and a role=all replica its peers).
 */
function createEventBus(config: Config, db: Db, logger: Logger): EventBus {
  const busLogger = logger.child({ component: 'events' });
  if (config.database.client !== 'pg') return new InProcessEventBus(busLogger);
  return new PgEventBus({
    connectionString: config.database.connectionString,
    logger: busLogger,
    notify: async (channel, payload) => {
      await db.raw('select pg_notify(?, ?)', [channel, payload]);
    },
  });
}
