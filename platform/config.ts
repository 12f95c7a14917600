import {
  createHmac,
  createPrivateKey,
  randomBytes,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
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
/** RTCIceServer, as browsers take it. */
const iceServersSchema = z.array(
  z.object({
    urls: z.union([
      z.string().regex(/^(stun|stuns|turn|turns):/),
      z.array(z.string().regex(/^(stun|stuns|turn|turns):/)).min(1),
    ]),
    username: z.string().optional(),
    credential: z.string().optional(),
  }),
);

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
  /** Secret every Janus API request carries (embedded Janus: derived from the session secret). */
  JANUS_API_SECRET: z.string().min(16).optional(),
  /** Videoroom admin_key: needed to create rooms (embedded Janus: derived). */
  JANUS_ADMIN_KEY: z.string().min(16).optional(),
  /** Loopback ports of the embedded Janus (WebSocket API and admin API). */
  JANUS_WS_PORT: z.coerce.number().int().min(1).max(65535).default(8188),
  JANUS_ADMIN_WS_PORT: z.coerce.number().int().min(1).max(65535).default(7188),
  /** The janus binary (Debian package `janus`); default: found on PATH or /usr/bin/janus. */
  JANUS_BINARY: z.string().min(1).optional(),
  JANUS_URL: z
    .string()
    .regex(/^wss?:\/\//, 'must be a ws:// or wss:// URL')
    .optional(),
  /**
   * The Janus Admin API (WebSocket, subprotocol janus-admin-protocol): join tokens are added
   * and removed there. Embedded Janus: its loopback admin port.
   */
  JANUS_ADMIN_URL: z
    .string()
    .regex(/^wss?:\/\//, 'must be a ws:// or wss:// URL')
    .optional(),
  JANUS_ADMIN_SECRET: z.string().min(16).optional(),
  /** How often the API recomputes the managers' figures of days whose facts changed. */
  REPORTS_REFRESH_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
  /**
   * Key of the pseudonyms managers read in report lists (HMAC of tenant and patient). Default:
   * derived from the session secret; set it to keep pseudonyms when that secret rotates.
   */
  REPORTS_PSEUDONYM_KEY: z.string().min(16).optional(),
  /**
   * ICE servers handed to browsers, as JSON: [{"urls":"turn:turn.example.org:3478",
   * "username":"…","credential":"…"}]. Needed in production behind NAT (README: video).
   */
  JANUS_ICE_SERVERS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return [];
      try {
        return iceServersSchema.parse(JSON.parse(v));
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `not a JSON list of ICE servers: ${String(err)}` });
        return z.NEVER;
      }
    }),
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
  FSE_GATEWAY_URL: z
    .url()
    .regex(/^https?:\/\//, 'must be an http:// or https:// URL')
    .optional(),
  FSE_GATEWAY_JWT_KEY: z.string().min(1).optional(),
  FSE_GATEWAY_JWT_CERT: z.string().min(1).optional(),
  FSE_GATEWAY_JWT_ALG: z.enum(['RS256', 'RS384', 'RS512']).default('RS256'),
  FSE_GATEWAY_JWT_ISSUER: z.string().min(1).max(90).optional(),
  FSE_GATEWAY_JWT_AUDIENCE: z.string().min(1).max(300).optional(),
  FSE_GATEWAY_TIMEOUT_MS: z.coerce.number().int().min(1000).max(300_000).default(30_000),
  FSE_GATEWAY_APPLICATION_ID: z.string().min(1).max(100).default('PERCORSI'),
  FSE_GATEWAY_APPLICATION_VENDOR: z.string().min(1).max(100).default('Percorsi'),
  FSE_CONFORMANCE_DIR: z.string().min(1).optional(),
});

export type Env = z.infer<typeof envSchema>;

export type DatabaseConfig =
  { client: 'sqlite'; filename: string } | { client: 'pg'; connectionString: string };

/** Providers of notification channels; null: that channel is held in the outbox. */
export interface NotificationConfig {
  smtp: { url: string; from: string } | null;
  sms: { url: string; token: string | null } | null;
}

/** Key that signs (client) and verifies (embedded gateway) the two FSE 2.0 gateway JWTs. */
export type FseJwtKey =
  | { alg: 'HS256'; secret: string }
  | { alg: 'RS256' | 'RS384' | 'RS512'; privateKeyPem: string; certificateDer: string | null };

/** Where the embedded FSE gateway is mounted when FSE_GATEWAY_URL is unset. */
export const localFseGatewayPath = '/fse-gateway/v1';
/** The JWTs' `aud` the embedded gateway expects unless FSE_GATEWAY_JWT_AUDIENCE says otherwise. */
export const localFseGatewayAudience = 'urn:percorsi:fse-gateway-locale';

/** The FSE 2.0 gateway (gateway/swagger_gtw.yaml): the national one or the embedded one. */
export type IceServer = z.infer<typeof iceServersSchema>[number];

/** Video rooms: an external Janus (url), or the embedded one started next to the platform. */
export interface JanusConfig {
  url: string | null;
  apiSecret: string;
  adminKey: string;
  /** Admin API (join tokens); null: derived from the embedded Janus's admin port. */
  adminUrl: string | null;
  /** Admin API secret (embedded Janus: derived; never leaves the machine). */
  adminSecret: string;
  /** STUN/TURN servers the browsers use (empty: host candidates only, one network). */
  iceServers: IceServer[];
  wsPort: number;
  adminWsPort: number;
  binary: string | null;
}

const derived = (secret: string, label: string) =>
  createHmac('sha256', secret).update(label).digest('base64url');

export interface FseGatewayConfig {
  /** The national gateway's base URL (…/gateway/v1); null: the platform's embedded gateway. */
  url: string | null;
  /** Where the client sends requests: `url`, or the embedded gateway on this host. */
  baseUrl: string;
  /** The JWTs' `aud`: the gateway's base URL for the national one. */
  audience: string;
  /** Common name of the signature certificate: the JWTs' `iss` is auth:<it> / integrity:<it>. */
  issuer: string;
  jwtKey: FseJwtKey;
  timeoutMs: number;
  /** subject_application_id / _vendor claims (the version is the platform's). */
  application: { id: string; vendor: string };
  /** Holds schema/CDA.xsd, schematron/ and gateway/swagger_gtw.yaml; null: the default places. */
  conformanceDir: string | null;
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
  /** JANUS_URL when an external Janus is configured; null: the embedded one (when installed). */
  janusUrl: string | null;
  janus: JanusConfig;
  notifications: NotificationConfig;
  fseGateway: FseGatewayConfig;
  reports: { refreshSeconds: number; pseudonymKey: string };
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
  const sessionSecret = e.SESSION_SECRET ?? localSessionSecret(dataDir);
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
      secret: sessionSecret,
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
    janus: {
      url: e.JANUS_URL ?? null,
      apiSecret: e.JANUS_API_SECRET ?? derived(sessionSecret, 'percorsi:janus-api'),
      adminKey: e.JANUS_ADMIN_KEY ?? derived(sessionSecret, 'percorsi:janus-admin-key'),
      adminUrl: e.JANUS_ADMIN_URL ?? null,
      adminSecret: e.JANUS_ADMIN_SECRET ?? derived(sessionSecret, 'percorsi:janus-admin-secret'),
      iceServers: e.JANUS_ICE_SERVERS,
      wsPort: e.JANUS_WS_PORT,
      adminWsPort: e.JANUS_ADMIN_WS_PORT,
      binary: e.JANUS_BINARY ?? null,
    },
    notifications: {
      smtp: e.SMTP_URL ? { url: e.SMTP_URL, from: e.MAIL_FROM ?? '' } : null,
      sms: e.SMS_GATEWAY_URL
        ? { url: e.SMS_GATEWAY_URL, token: e.SMS_GATEWAY_TOKEN ?? null }
        : null,
    },
    fseGateway: fseGatewayConfig(e, sessionSecret),
    reports: {
      refreshSeconds: e.REPORTS_REFRESH_SECONDS,
      pseudonymKey: e.REPORTS_PSEUDONYM_KEY ?? derived(sessionSecret, 'percorsi:report-pseudonyms'),
    },
  };
}

/**
 * The national gateway needs the signature certificate's RSA key, the certificate (sent as
 * x5c) and its common name. The embedded gateway verifies what the platform itself signs: a
 * configured key (PEM, or a secret of 32+ characters for HS256) or, by default, an HS256
 * secret derived from the session secret, so `npm start` needs no key at all.
 */
function fseGatewayConfig(e: Env, sessionSecret: string): FseGatewayConfig {
  const fail = (name: string, message: string): never => {
    throw new ConfigError(`Invalid configuration:\n  ${name}: ${message}`);
  };
  const pemOf = (value: string, name: string): string | null => {
    const inline = value.replace(/\\n/g, '\n');
    if (inline.trimStart().startsWith('-----BEGIN')) return inline;
    const file = path.resolve(repoRoot, value);
    if (existsSync(file)) return readFileSync(file, 'utf8');
    return name === 'FSE_GATEWAY_JWT_KEY' && !e.FSE_GATEWAY_URL
      ? null
      : fail(name, 'neither a PEM text nor a readable PEM file');
  };
  const url = e.FSE_GATEWAY_URL?.replace(/\/+$/, '') ?? null;
  if (url) {
    const missing = (
      ['FSE_GATEWAY_JWT_KEY', 'FSE_GATEWAY_JWT_CERT', 'FSE_GATEWAY_JWT_ISSUER'] as const
    ).filter((name) => !e[name]);
    if (missing.length) {
      const lines = missing.map(
        (n) => `  ${n}: required with FSE_GATEWAY_URL (signature certificate)`,
      );
      throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
    }
  }
  let jwtKey: FseJwtKey;
  const keyPem = e.FSE_GATEWAY_JWT_KEY ? pemOf(e.FSE_GATEWAY_JWT_KEY, 'FSE_GATEWAY_JWT_KEY') : null;
  if (keyPem) {
    let key: KeyObject | undefined;
    try {
      key = createPrivateKey(keyPem);
    } catch (err) {
      fail('FSE_GATEWAY_JWT_KEY', `not a private key: ${(err as Error).message}`);
    }
    if (key?.asymmetricKeyType !== 'rsa') fail('FSE_GATEWAY_JWT_KEY', 'must be an RSA private key');
    let certificateDer: string | null = null;
    if (e.FSE_GATEWAY_JWT_CERT) {
      const certPem = pemOf(e.FSE_GATEWAY_JWT_CERT, 'FSE_GATEWAY_JWT_CERT') ?? '';
      let cert: X509Certificate | undefined;
      try {
        cert = new X509Certificate(certPem);
      } catch (err) {
        fail('FSE_GATEWAY_JWT_CERT', `not an X.509 certificate: ${(err as Error).message}`);
      }
      if (!cert?.checkPrivateKey(key!)) {
        fail('FSE_GATEWAY_JWT_CERT', 'does not belong to FSE_GATEWAY_JWT_KEY');
      }
      certificateDer = cert!.raw.toString('base64');
    }
    jwtKey = { alg: e.FSE_GATEWAY_JWT_ALG, privateKeyPem: keyPem, certificateDer };
  } else if (e.FSE_GATEWAY_JWT_KEY) {
    if (e.FSE_GATEWAY_JWT_KEY.length < 32) {
      fail('FSE_GATEWAY_JWT_KEY', 'a shared secret must be at least 32 characters');
    }
    jwtKey = { alg: 'HS256', secret: e.FSE_GATEWAY_JWT_KEY };
  } else {
    jwtKey = {
      alg: 'HS256',
      secret: createHmac('sha256', sessionSecret)
        .update('percorsi:fse-gateway-locale')
        .digest('base64url'),
    };
  }
  // The embedded gateway is reached on loopback even when the API listens on every interface.
  const host = e.HOST === '0.0.0.0' || e.HOST === '::' ? '127.0.0.1' : e.HOST;
  const hostPart = host.includes(':') ? `[${host}]` : host;
  return {
    url,
    baseUrl: url ?? `http://${hostPart}:${e.PORT}${localFseGatewayPath}`,
    audience: e.FSE_GATEWAY_JWT_AUDIENCE ?? url ?? localFseGatewayAudience,
    issuer: e.FSE_GATEWAY_JWT_ISSUER ?? 'PERCORSI-LOCALE',
    jwtKey,
    timeoutMs: e.FSE_GATEWAY_TIMEOUT_MS,
    application: { id: e.FSE_GATEWAY_APPLICATION_ID, vendor: e.FSE_GATEWAY_APPLICATION_VENDOR },
    conformanceDir: e.FSE_CONFORMANCE_DIR ? path.resolve(repoRoot, e.FSE_CONFORMANCE_DIR) : null,
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
