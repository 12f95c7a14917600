import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig, type JanusConfig } from '../../platform/config.js';
import { startEmbeddedJanus, type RunningJanus } from '../../platform/janus.js';
import { freePort } from './ports.js';
import { lazy, onTestRunEnd } from './shared.js';

/**
 * One embedded Janus per test run (the Debian binary with the platform's own generated
 * configuration, on free loopback ports), shared by the suites that hold video sessions.
 * Null when Janus is not installed: those suites skip, or fail under CI (requireOrSkip).
 */
export interface TestJanus {
  janus: RunningJanus;
  config: JanusConfig;
  /** What a test platform's config needs to use this Janus (startTestPlatform's env). */
  env: Record<string, string>;
}

export const testJanus: () => Promise<TestJanus | null> = lazy(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'percorsi-test-janus-'));
  const config = loadConfig({
    DATA_DIR: dir,
    JANUS_WS_PORT: String(await freePort()),
    JANUS_ADMIN_WS_PORT: String(await freePort()),
  }).janus;
  const janus = await startEmbeddedJanus(config, dir, pino({ level: 'warn' }));
  if (!janus) return null;
  // Its child process would keep the run alive: stopped with the other shared resources.
  onTestRunEnd(async () => {
    await janus.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    janus,
    config,
    env: {
      JANUS_URL: janus.url,
      JANUS_API_SECRET: config.apiSecret,
      JANUS_ADMIN_KEY: config.adminKey,
      JANUS_ADMIN_URL: `ws://127.0.0.1:${config.adminWsPort}`,
      JANUS_ADMIN_SECRET: config.adminSecret,
    },
  };
});
