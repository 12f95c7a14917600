import pino, { type Logger } from 'pino';
import type { Config } from './config.js';

export type { Logger };

/**
 * Structured logs (JSON lines) with a `component` field; pretty-printed for humans in
 * development. Callers add tenantId / enrolmentId / workflowId as bindings, never patient data.
 */
export function createLogger(config: Pick<Config, 'log'>, component: string): Logger {
  const options = {
    level: config.log.level,
    base: { component },
    redact: {
      paths: ['password', '*.password', 'req.headers.cookie', 'req.headers.authorization'],
    },
  };
  if (config.log.format === 'pretty') {
    return pino(
      options,
      pino.transport({
        target: 'pino-pretty',
        options: {
          colorize: process.stdout.isTTY,
          translateTime: 'SYS:HH:MM:ss.l',
          ignore: 'pid,hostname',
          messageFormat: '[{component}] {msg}',
        },
      }),
    );
  }
  return pino(options);
}
