import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** Repository root: platform/ sits one level below it. */
export const repoRoot = path.resolve(import.meta.dirname, '..');

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * Every environment variable the platform reads, parsed once. `.env.example` documents the
 * same list; nothing outside this module reads process.env for platform settings.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PERCORSI_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.url().optional(),
  DATA_DIR: z.string().min(1).default('var'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL; leave unset for embedded SQLite')
    .optional(),
  SQLITE_FILE: z.string().min(1).optional(),
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('percorsi'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('percorsi-pathways'),
  TEMPORAL_UI_URL: z.url().default('http://localhost:8233'),
  TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SESSION_TTL_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(480),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  DEMO_SEED: bool.optional(),
  OIDC_ISSUER_URL: z.url().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  JANUS_URL: z
    .string()
    .regex(/^wss?:\/\//, 'must be a ws:// or wss:// URL')
    .optional(),
  SMTP_URL: z
    .string()
    .regex(
      /^smtps?:\/\/[^/]+/,
      'must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@host:587',
    )
    .optional(),
  MAIL_FROM: z.string().min(3).optional(),
  SMS_GATEWAY_URL: z
    .url()
    .regex(/^https?:\/\//, 'must be an http:// or https:// URL')
    .optional(),
  SMS_GATEWAY_TOKEN: z.string().min(1).optional(),
});

export type Env = z.infer<typeof envSchema>;

export type DatabaseConfig =
  { client: 'sqlite'; filename: string } | { client: 'pg'; connectionString: string };

/** Providers of notification channels; null: that channel is held in the outbox. */
export interface NotificationConfig {
  smtp: { url: string; from: string } | null;
  sms: { url: string; token: string | null } | null;
}

export interface Config {
  env: Env['NODE_ENV'];
  role: Env['PERCORSI_ROLE'];
  host: string;
  port: number;
  publicUrl: string;
  dataDir: string;
  database: DatabaseConfig;
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    uiUrl: string;
    uiPort: number;
  };
  session: { secret: string; ttlMinutes: number; cookieSecure: boolean };
  log: { level: Env['LOG_LEVEL']; format: 'json' | 'pretty' };
  demoSeed: boolean;
  oidc: { issuerUrl: string; clientId: string; clientSecret: string | undefined } | null;
  janusUrl: string | null;
  notifications: NotificationConfig;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')),
  );
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(repoRoot, e.DATA_DIR);
  const database: DatabaseConfig = e.DATABASE_URL
    ? { client: 'pg', connectionString: e.DATABASE_URL }
    : { client: 'sqlite', filename: path.resolve(dataDir, e.SQLITE_FILE ?? 'percorsi.db') };
  if (e.OIDC_ISSUER_URL && !e.OIDC_CLIENT_ID) {
    throw new ConfigError(
      'Invalid configuration:\n  OIDC_CLIENT_ID: required with OIDC_ISSUER_URL',
    );
  }
  if (e.SMTP_URL && !e.MAIL_FROM) {
    throw new ConfigError(
      'Invalid configuration:\n  MAIL_FROM: required with SMTP_URL (e.g. Percorsi <noreply@asl.example.it>)',
    );
  }
  const production = e.NODE_ENV === 'production';
  if (production && !e.SESSION_SECRET) {
    throw new ConfigError('Invalid configuration:\n  SESSION_SECRET: required in production');
  }
  return {
    env: e.NODE_ENV,
    role: e.PERCORSI_ROLE,
    host: e.HOST,
    port: e.PORT,
    publicUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    dataDir,
    database,
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      uiUrl: e.TEMPORAL_UI_URL,
      uiPort: e.TEMPORAL_UI_PORT,
    },
    session: {
      secret: e.SESSION_SECRET ?? localSessionSecret(dataDir),
      ttlMinutes: e.SESSION_TTL_MINUTES,
      cookieSecure: production,
    },
    log: { level: e.LOG_LEVEL, format: e.LOG_FORMAT ?? (production ? 'json' : 'pretty') },
    demoSeed: e.DEMO_SEED ?? !production,
    oidc: e.OIDC_ISSUER_URL
      ? {
          issuerUrl: e.OIDC_ISSUER_URL,
          clientId: e.OIDC_CLIENT_ID ?? '',
          clientSecret: e.OIDC_CLIENT_SECRET,
        }
      : null,
    janusUrl: e.JANUS_URL ?? null,
    notifications: {
      smtp: e.SMTP_URL ? { url: e.SMTP_URL, from: e.MAIL_FROM ?? '' } : null,
      sms: e.SMS_GATEWAY_URL
        ? { url: e.SMS_GATEWAY_URL, token: e.SMS_GATEWAY_TOKEN ?? null }
        : null,
    },
  };
}

/**
 * Outside production a secret is generated once and kept under the data directory, so
 * sessions survive a restart of `npm start` without anyone having to invent a secret.
 */
function localSessionSecret(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
