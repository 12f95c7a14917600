import { createRequire } from 'node:module';
import os from 'node:os';
import { NativeConnection, Runtime, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
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
    // The SDK's own logs go through the platform's structured logger.
    Runtime.install({
      logger: {
        log: (level, message, meta) => {
          const l = level.toLowerCase() as 'trace' | 'debug' | 'info' | 'warn' | 'error';
          deps.logger[l === 'trace' ? 'trace' : l]({ ...meta, sdk: true }, message);
        },
        trace: (m, meta) => deps.logger.trace({ ...meta, sdk: true }, m),
        debug: (m, meta) => deps.logger.debug({ ...meta, sdk: true }, m),
        info: (m, meta) => deps.logger.info({ ...meta, sdk: true }, m),
        warn: (m, meta) => deps.logger.warn({ ...meta, sdk: true }, m),
        error: (m, meta) => deps.logger.error({ ...meta, sdk: true }, m),
      },
    });
    runtimeConfigured = true;
  }
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    identity: `percorsi-worker@${os.hostname()}:${process.pid}`,
    activities: createActivities(deps),
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath }),
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
