import { readFileSync } from 'node:fs';
import pino from 'pino';
import { createDb } from '../../db/connection.js';
import { createStores } from '../../db/stores/index.js';
import { startWorker } from '../../platform/worker.js';

/**
 * A platform worker in its own process, so that a test can kill it with SIGKILL as a power
 * cut would (an in-process worker can only be shut down politely). Configured by one JSON
 * argument; prints "ready" once polling.
 */
const config = JSON.parse(process.argv[2] ?? '{}') as {
  address: string;
  namespace: string;
  taskQueue: string;
  sqliteFile: string;
  bundleFile: string;
};
const db = createDb({ client: 'sqlite', filename: config.sqliteFile });
const worker = await startWorker(
  {
    temporal: {
      address: config.address,
      namespace: config.namespace,
      taskQueue: config.taskQueue,
      uiUrl: '',
      uiPort: 0,
    },
  },
  { stores: createStores(db), logger: pino({ level: 'warn' }) },
  { workflowBundle: { code: readFileSync(config.bundleFile, 'utf8'), sourceMap: '' } },
);
process.stdout.write('ready\n');
await worker.done;
