import { Client, Connection } from '@temporalio/client';
import type { Config } from './config.js';

export interface TemporalHandle {
  client: Client;
  connection: Connection;
  namespace: string;
  taskQueue: string;
  close(): Promise<void>;
}

/**
 * A lazy client connection: the API starts (and reports Temporal as down in /api/health)
 * even when the server is not reachable yet; calls connect on first use.
 */
export function createTemporalHandle(config: Pick<Config, 'temporal'>): TemporalHandle {
  const connection = Connection.lazy({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  return {
    client,
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    close: () => connection.close(),
  };
}
