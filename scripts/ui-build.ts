import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../platform/config.js';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** True when ui/dist is missing or older than any UI source file. */
export function uiBuildIsStale(): boolean {
  const index = path.join(repoRoot, 'ui', 'dist', 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  const sources = [path.join(repoRoot, 'ui', 'src'), path.join(repoRoot, 'ui', 'index.html')];
  return sources.some(
    (s) =>
      existsSync(s) && (statSync(s).isDirectory() ? newestMtime(s) : statSync(s).mtimeMs) > built,
  );
}

/** Builds the browser app with Vite when its sources changed since the last build. */
export function ensureUiBuilt(log: (m: string) => void): void {
  if (!uiBuildIsStale()) return;
  log('Building the web app (vite build)…');
  const started = Date.now();
  const result = spawnSync(
    process.execPath,
    [
      path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'ui/vite.config.ts',
      '--logLevel',
      'warn',
    ],
    {
      cwd: repoRoot,
      stdio: 'inherit',
    },
  );
  if (result.status !== 0)
    throw new Error('the web app did not build (vite build failed; see above)');
  log(`Web app built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}
