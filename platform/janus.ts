import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { JanusConfig } from './config.js';
import type { Logger } from './logger.js';

/**
 * The embedded Janus WebRTC server: the Debian `janus` binary with a configuration generated
 * here, bound to loopback, with only the videoroom plugin and the WebSocket transport, an API
 * secret, an admin API on loopback, and the videoroom admin_key so that only the platform
 * creates rooms. JANUS_URL points at an external Janus instead (production, with TURN and
 * public addresses).
 */

const libDirs = [
  '/usr/lib/x86_64-linux-gnu/janus',
  '/usr/lib/aarch64-linux-gnu/janus',
  '/usr/lib/janus',
];

export function janusBinary(configured: string | null): string | null {
  if (configured) return existsSync(configured) ? configured : null;
  for (const dir of (process.env.PATH ?? '')
    .split(path.delimiter)
    .concat(['/usr/bin', '/usr/local/bin'])) {
    const candidate = path.join(dir, 'janus');
    if (dir && existsSync(candidate)) return candidate;
  }
  return null;
}

function janusLibDir(): string | null {
  return libDirs.find((d) => existsSync(path.join(d, 'plugins', 'libjanus_videoroom.so'))) ?? null;
}

/** Every shared object in `dir` but the ones kept: Janus loads what is not disabled. */
function allBut(dir: string, keep: string[]): string {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.so') && !keep.includes(f))
    .join(',');
}

/** Writes janus.jcfg, the videoroom and websockets configuration into `dir`. */
export function writeJanusConfig(dir: string, config: JanusConfig, libDir: string): void {
  mkdirSync(dir, { recursive: true });
  const q = JSON.stringify;
  writeFileSync(
    path.join(dir, 'janus.jcfg'),
    `general: {
  configs_folder = ${q(dir)}
  plugins_folder = ${q(path.join(libDir, 'plugins'))}
  transports_folder = ${q(path.join(libDir, 'transports'))}
  events_folder = ${q(path.join(libDir, 'events'))}
  loggers_folder = ${q(path.join(libDir, 'loggers'))}
  debug_level = 3
  server_name = "Percorsi"
  api_secret = ${q(config.apiSecret)}
  # Browsers never hold the API secret: each admitted participant gets a stored token of its
  # own (Admin API add_token, videoroom only), removed when the session ends.
  token_auth = true
  admin_secret = ${q(config.adminSecret)}
  session_timeout = 60
  protected_folders = ["/bin", "/boot", "/dev", "/etc", "/lib", "/proc", "/sbin", "/sys", "/usr", "/var"]
}
certificates: {
}
media: {
  rtp_port_range = "20000-40000"
}
nat: {
  nice_debug = false
  ice_ignore_list = "vmnet"
}
plugins: {
  disable = ${q(allBut(path.join(libDir, 'plugins'), ['libjanus_videoroom.so']))}
}
transports: {
  disable = ${q(allBut(path.join(libDir, 'transports'), ['libjanus_websockets.so']))}
}
loggers: {
  disable = ${q(existsSync(path.join(libDir, 'loggers')) ? allBut(path.join(libDir, 'loggers'), []) : '')}
}
events: {
  broadcast = false
}
`,
  );
  writeFileSync(
    path.join(dir, 'janus.transport.websockets.jcfg'),
    `general: {
  json = "compact"
  ws = true
  ws_port = ${config.wsPort}
  ws_ip = "127.0.0.1"
  wss = false
}
admin: {
  admin_ws = true
  admin_ws_port = ${config.adminWsPort}
  admin_ws_ip = "127.0.0.1"
  admin_wss = false
}
`,
  );
  writeFileSync(
    path.join(dir, 'janus.plugin.videoroom.jcfg'),
    `general: {
  admin_key = ${q(config.adminKey)}
  lock_rtp_forward = true
  string_ids = true
}
`,
  );
}

/** Where the Admin API of the configured Janus listens (JANUS_ADMIN_URL, or the embedded one's). */
export function janusAdminUrl(config: JanusConfig): string | null {
  if (config.adminUrl) return config.adminUrl;
  return config.url && !/^wss?:\/\/(127\.0\.0\.1|localhost)[:/]/.test(config.url)
    ? null
    : `ws://127.0.0.1:${config.adminWsPort}`;
}

export interface RunningJanus {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts the embedded Janus when the binary and its videoroom plugin are installed and no
 * JANUS_URL is set; null otherwise (video steps then say that video is unavailable). Waits
 * until its WebSocket port accepts connections.
 */
export async function startEmbeddedJanus(
  config: JanusConfig,
  dataDir: string,
  logger: Logger,
): Promise<RunningJanus | null> {
  if (config.url) return null;
  const binary = janusBinary(config.binary);
  const libDir = janusLibDir();
  if (!binary || !libDir) {
    logger.warn('janus not installed (Debian package "janus"): video sessions unavailable');
    return null;
  }
  if (await portOpen(config.wsPort)) {
    throw new Error(
      `port ${config.wsPort} is taken: another Janus is running? Set JANUS_URL to use it, or JANUS_WS_PORT`,
    );
  }
  const dir = path.join(dataDir, 'janus');
  writeJanusConfig(dir, config, libDir);
  const child = spawn(binary, ['-F', dir, '-C', path.join(dir, 'janus.jcfg'), '-o'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = logger.child({ component: 'janus' });
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) log.debug(line.trim());
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => ((exited = true), resolve())),
  );
  const deadline = Date.now() + 10_000;
  while (!(await portOpen(config.wsPort))) {
    if (exited)
      throw new Error(`janus exited at start (code ${child.exitCode}); see the log at debug level`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('janus did not open its WebSocket port within 10 s');
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const url = `ws://127.0.0.1:${config.wsPort}`;
  log.info({ url, pid: child.pid }, 'janus started');
  return {
    url,
    process: child,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exit;
      clearTimeout(timer);
    },
  };
}

/**
 * Asks a Janus for its server info over its WebSocket API (the `janus-protocol`
 * subprotocol): proves it is up and tells its version. Throws when it does not answer.
 */
export async function janusInfo(url: string, apiSecret: string, timeoutMs = 2000): Promise<string> {
  const { WebSocket } = await import('ws');
  return new Promise<string>((resolve, reject) => {
    const ws = new WebSocket(url, 'janus-protocol');
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`no answer from ${url} within ${timeoutMs} ms`));
    }, timeoutMs);
    const done = (fn: () => void) => {
      clearTimeout(timer);
      ws.close();
      fn();
    };
    ws.once('error', (err) => done(() => reject(err)));
    ws.once('open', () =>
      ws.send(JSON.stringify({ janus: 'info', transaction: 'health', apisecret: apiSecret })),
    );
    ws.on('message', (data: Buffer) => {
      const msg = JSON.parse(data.toString('utf8')) as {
        janus?: string;
        version_string?: string;
        plugins?: Record<string, unknown>;
        error?: { reason?: string };
      };
      if (msg.janus === 'server_info') {
        const videoroom = msg.plugins && 'janus.plugin.videoroom' in msg.plugins;
        done(() =>
          videoroom
            ? resolve(`Janus ${msg.version_string ?? '?'}`)
            : reject(new Error('the videoroom plugin is not loaded')),
        );
      } else if (msg.janus === 'error') {
        done(() => reject(new Error(msg.error?.reason ?? 'janus error')));
      }
    });
  });
}
