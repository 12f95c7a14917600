import { createRequire } from 'node:module';
import os from 'node:os';
import {
  DefaultLogger,
  NativeConnection,
  Runtime,
  Worker,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities/index.js';
import type { Config } from './config.js';

const require = createRequire(import.meta.url);

export const workflowsPath = require.resolve('../workflows/index.ts');

export interface WorkerHandle {
  worker: Worker;
  /** Resolves when the worker has stopped (after shutdown() or a fatal error). */
  done: Promise<void>;
  shutdown(): Promise<void>;
}

let runtimeConfigured = false;

/**
 * Starts a Temporal worker for the platform's task queue with the platform's activities.
 * Pass a prebuilt `workflowBundle` to skip bundling (tests bundle once for all workers).
 */
export async function startWorker(
  config: Pick<Config, 'temporal'>,
  deps: ActivityDeps,
  options: { workflowBundle?: WorkflowBundleWithSourceMap } = {},
): Promise<WorkerHandle> {
  if (!runtimeConfigured) {
    runtimeConfigured = true;
    installSdkLogger(deps.logger);
  }
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    identity: `percorsi-worker@${os.hostname()}:${process.pid}`,
    activities: createActivities(deps),
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath }),
  });
  const done = worker.run().finally(() => connection.close());
  return {
    worker,
    done,
    async shutdown() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}

/**
 * Routes the SDK's own logs through the platform's structured logger, one level down: the
 * SDK's "info" (bundling, state changes) is detail an operator rarely needs.
 */
function installSdkLogger(logger: ActivityDeps['logger']): void {
  const sdk = logger.child({ sdk: true });
  const forward = (level: string, message: string, meta?: Record<string, unknown>) => {
    switch (level) {
      case 'ERROR':
        sdk.error(meta ?? {}, message);
        break;
      case 'WARN':
        sdk.warn(meta ?? {}, message);
        break;
      case 'INFO':
        sdk.debug(meta ?? {}, message);
        break;
      default:
        sdk.trace(meta ?? {}, message);
    }
  };
  try {
    Runtime.install({
      logger: new DefaultLogger('DEBUG', (e) => forward(e.level, e.message, e.meta)),
    });
  } catch {
    // A runtime already exists (e.g. a test environment created it first): keep its logger.
  }
}
