/**
 * How long `npm start` takes until the platform is ready (banner printed, /api/health ok):
 * cold (empty data directory: migrations, seed, new Temporal database) and warm (second start on
 * the same data). Tools and the web app build are assumed present, as after a first start.
 *
 *   npx tsx bench/startup.ts [runs=3]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../platform/config.js';

const runs = Number(process.argv[2] ?? 3);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function startOnce(env: NodeJS.ProcessEnv): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'percorsi.js'), 'start'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (b: Buffer) => {
      output += b.toString();
      if (output.includes('Percorsi è pronto')) resolve(performance.now() - t0);
    });
    child.once('exit', (code) =>
      reject(new Error(`exited ${String(code)}:\n${output.slice(-2000)}`)),
    );
  });
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGINT');
  await exited;
  return ready;
}

const summary = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const f = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  return `min ${f(s[0]!)}  median ${f(s[Math.floor(s.length / 2)]!)}  max ${f(s[s.length - 1]!)}`;
};

const cold: number[] = [];
const warm: number[] = [];
for (let i = 0; i < runs; i++) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'percorsi-bench-'));
  const [port, tport, uiport] = [await freePort(), await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    TEMPORAL_ADDRESS: `127.0.0.1:${tport}`,
    TEMPORAL_UI_PORT: String(uiport),
    LOG_FORMAT: 'json',
  };
  delete env.DATABASE_URL;
  cold.push(await startOnce(env));
  warm.push(await startOnce(env));
  rmSync(dataDir, { recursive: true, force: true });
  process.stdout.write('.');
}
console.log(
  `\nnpm start until ready, ${runs} runs (${os.cpus().length} cores, node ${process.version})`,
);
console.log(`  cold (empty var/): ${summary(cold)}`);
console.log(`  warm (same var/):  ${summary(warm)}`);
