import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';
import { repoRoot } from '../platform/config.js';
import { ensureTemporalCli, ensureTestServer } from './tools.js';
import { ensureUiBuilt } from './ui-build.js';

/** Levels run cheapest first, so a broken unit fails in seconds rather than after the browser. */
const LEVELS = ['unit', 'db', 'api', 'workflows', 'system', 'e2e'];

function collect(target: string): string[] {
  const abs = path.resolve(repoRoot, target);
  if (!existsSync(abs)) throw new Error(`no such test path: ${target}`);
  if (statSync(abs).isFile()) return [abs];
  return readdirSync(abs, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? collect(path.join(abs, e.name))
      : e.name.endsWith('.test.ts')
        ? [path.join(abs, e.name)]
        : [],
  );
}

function levelOf(file: string): number {
  const rel = path.relative(path.join(repoRoot, 'test'), file).split(path.sep)[0] ?? '';
  const i = LEVELS.indexOf(rel);
  return i === -1 ? LEVELS.length : i;
}

/**
 * `npm test`: provisions what the registries give (Temporal CLI, time-skipping server, the web
 * app build), then runs mocha over test/ and ends with one plain summary line.
 */
export async function runTests(paths: string[], opts: { grep?: string }): Promise<number> {
  const log = (m: string) => process.stdout.write(`[test] ${m}\n`);
  const ci = process.env.CI === 'true';
  process.env.PERCORSI_TEMPORAL_CLI ??= await ensureTemporalCli({ log });
  if (!process.env.PERCORSI_TEST_SERVER) {
    try {
      process.env.PERCORSI_TEST_SERVER = await ensureTestServer({ log });
    } catch (err) {
      if (ci) throw err;
      log(
        `time-skipping test server unavailable, its tests will be skipped: ${(err as Error).message}`,
      );
    }
  }
  ensureUiBuilt(log);

  const files = (paths.length ? paths : ['test'])
    .flatMap(collect)
    .sort((a, b) => levelOf(a) - levelOf(b) || a.localeCompare(b));
  const { mochaHooks } = await import('../test/support/hooks.js');
  const mocha = new Mocha({
    timeout: 60_000,
    slow: 2_000,
    reporter: 'spec',
    rootHooks: mochaHooks,
    ...(opts.grep ? { grep: opts.grep } : {}),
  });
  for (const f of files) mocha.addFile(f);
  await mocha.loadFilesAsync();
  return await new Promise<number>((resolve) => {
    const runner = mocha.run((failures) => {
      const s = runner.stats;
      const passed = s?.passes ?? 0;
      const skipped = s?.pending ?? 0;
      process.stdout.write(`\ntests: ${passed} passed, ${failures} failed, ${skipped} skipped\n`);
      resolve(failures > 0 || passed === 0 ? 1 : 0);
    });
  });
}
