import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { workflowsPath } from '../../platform/worker.js';
import { startTemporalDevServer } from '../../scripts/temporal-dev.js';
import { ensureTemporalCli } from '../../scripts/tools.js';
import { testEnv } from './env.js';
import { freePort } from './ports.js';
import { lazy, onTestRunEnd } from './shared.js';

export const TEST_NAMESPACE = 'percorsi';

/** One real Temporal dev server for the whole run (headless, throwaway SQLite file). */
export const testTemporal = lazy(async () => {
  const binary = testEnv.temporalCli ?? (await ensureTemporalCli());
  const dir = mkdtempSync(path.join(os.tmpdir(), 'percorsi-temporal-'));
  const server = await startTemporalDevServer({
    binary,
    host: '127.0.0.1',
    port: await freePort(),
    uiPort: null,
    dbFile: path.join(dir, 'temporal.db'),
    namespace: TEST_NAMESPACE,
    logFile: path.join(dir, 'temporal.log'),
  });
  onTestRunEnd(() => server.stop());
  return { address: server.address, namespace: TEST_NAMESPACE };
});

/** Bundling the workflows takes seconds: done once, shared by every test worker. */
export const workflowBundle = lazy<WorkflowBundleWithSourceMap>(() =>
  bundleWorkflowCode({ workflowsPath, logger: quietLogger }),
);

const noop = () => undefined;
const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };
