/**
 * Finds or obtains the external tools that the embedded runtime and the tests need:
 *
 * - the Temporal CLI (its `server start-dev` is the embedded Temporal server), pinned to 1.5.1;
 * - the Java time-skipping test server (`io.temporal:temporal-test-server`) behind a small
 *   executable wrapper whose only argument is the port, as `@temporalio/testing` expects.
 *
 * Both land in a tool cache (default `<repo>/.tools`, git-ignored; `PERCORSI_TOOLS_DIR` moves it,
 * CI points it outside the clone so warm runs reuse it). Importing this module has no side
 * effects; running it (`tsx scripts/tools.ts [temporal|test-server|all]`) ensures the named
 * tools and prints their paths. Only Node built-ins: it runs before anything else is set up.
 * Why each choice was made, and the measured figures: docs/adr/001-external-tools.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, statSync } from 'node:fs';
import {
  chmod,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  realpath,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import http2 from 'node:http2';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Thrown when a tool cannot be found or obtained; the message says what to install. */
export class ToolUnavailableError extends Error {
  override name = 'ToolUnavailableError';
}

export interface ToolOptions {
  /** Progress and warnings, one line each; defaults to stderr with a `[tools]` prefix. */
  log?: (message: string) => void;
  /** Tool cache directory; defaults to toolsDir(). */
  toolsDir?: string;
}

/** The CLI whose dev server (Temporal Server 1.29.1) the tests and `npm start` are written for. */
export const TEMPORAL_CLI_VERSION = '1.5.1';
/**
 * Older tags that `go install module@version` also accepts (no replace directives), tried in
 * order only when the module proxy does not serve the preferred one.
 */
const TEMPORAL_CLI_FALLBACK_VERSIONS = ['1.4.1', '1.3.0'] as const;
const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli';

/** Newest release on Maven Central when this was written (its metadata listed up to 1.38.0). */
export const TEST_SERVER_VERSION = '1.38.0';
export const TEST_SERVER_MAIN_CLASS = 'io.temporal.testserver.TestServer';
/** The name of the wrapper under `<toolsDir>/bin`. */
export const TEST_SERVER_WRAPPER_NAME = 'temporal-test-server';

/**
 * JVM flags for the test server, chosen by measurement (see the ADR): the SDK gives the server
 * 5 s to listen, and on a busy 2-core machine the default JVM took 1.3-3 s, once 9.8 s.
 * - C1 only: the server's work per test is tiny, so C2's warm-up is pure start-up cost.
 * - Serial GC with a small initial heap: no GC worker threads to start, little to zero.
 * - No hsperfdata file: nothing written to /tmp per start.
 * The AppCDS archive (added when the JVM supports it) is worth more than all of these together.
 */
const TEST_SERVER_JVM_FLAGS = [
  '-XX:TieredStopAtLevel=1',
  '-XX:+UseSerialGC',
  '-Xms32m',
  '-Xmx1g',
  '-XX:-UsePerfData',
  '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn',
] as const;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const testServerPom = path.join(repoRoot, 'scripts', 'test-server', 'pom.xml');

/**
 * The tool cache. Reads PERCORSI_TOOLS_DIR directly rather than through platform/config.ts:
 * this runs before dependencies are installed and must not import zod.
 */
export function toolsDir(): string {
  const fromEnv = process.env['PERCORSI_TOOLS_DIR'];
  return fromEnv ? path.resolve(fromEnv) : path.join(repoRoot, '.tools');
}

// ---------------------------------------------------------------------------------------------
// Temporal CLI
// ---------------------------------------------------------------------------------------------

/**
 * Absolute path of a `temporal` CLI: 1.5.1 found on PATH, in the tool cache or in
 * `$(go env GOPATH)/bin`; else another 1.x found there (with a warning); else built with
 * `go install` into the tool cache; else downloaded from the GitHub release.
 */
export async function ensureTemporalCli(opts: ToolOptions = {}): Promise<string> {
  const log = opts.log ?? defaultLog;
  const dir = path.resolve(opts.toolsDir ?? toolsDir());
  const binDir = path.join(dir, 'bin');
  const go = findOnPath('go');
  const exe = process.platform === 'win32' ? 'temporal.exe' : 'temporal';

  // Lazily: `go env GOPATH` costs a process start, and test setup calls this on every run.
  const candidates: (() => Promise<string | undefined>)[] = [
    () => Promise.resolve(findOnPath('temporal')),
    () => Promise.resolve(path.join(binDir, exe)),
    async () => path.join(await goPath(go), 'bin', exe),
  ];
  const cached = path.join(binDir, exe);
  const seen = new Set<string>();
  let other: { file: string; version: string } | undefined;
  for (const candidate of candidates) {
    const file = await candidate();
    if (!file || seen.has(path.resolve(file)) || !isExecutable(file)) continue;
    seen.add(path.resolve(file));
    const version = await temporalVersionOf(file, go);
    if (version === TEMPORAL_CLI_VERSION) return file;
    if (path.resolve(file) === path.resolve(cached)) {
      // Our own cache: another version there is stale after a version bump (rebuild it),
      // unless it is the fallback built because the pinned version could not be had.
      if (version && (await isFallbackBuild(binDir))) other ??= { file, version };
      continue;
    }
    if (version?.startsWith('1.')) other ??= { file, version };
    else log(`ignoring ${file}: version ${version ?? 'unknown'}, not 1.x`);
  }
  if (other) {
    log(
      `warning: using Temporal CLI ${other.version} at ${other.file}; Percorsi is tested with ` +
        `${TEMPORAL_CLI_VERSION} (delete it or take it off PATH to have ${TEMPORAL_CLI_VERSION} built).`,
    );
    return other.file;
  }

  return withLock(path.join(dir, 'temporal.lock'), log, async () => {
    // Another process may have built it while this one waited for the lock.
    if (isExecutable(cached)) {
      const version = await temporalVersionOf(cached, go);
      if (version === TEMPORAL_CLI_VERSION) return cached;
      if (version && (await isFallbackBuild(binDir))) return cached;
    }
    await mkdir(binDir, { recursive: true });
    if (go) return buildTemporalCli(go, binDir, exe, log);
    log('Go is not on PATH; trying the Temporal CLI release download instead.');
    const downloaded = await downloadTemporalCli(binDir, exe, log);
    if (downloaded) return downloaded;
    throw new ToolUnavailableError(
      `The Temporal CLI ${TEMPORAL_CLI_VERSION} is not available: it is not on PATH, not in ` +
        `${binDir}, Go is not installed to build it, and the release download failed. Install ` +
        `Go 1.25 or newer (https://go.dev/dl/, or any Go >= 1.21, which fetches the 1.25 ` +
        `toolchain itself through the module proxy unless GOTOOLCHAIN=local) and run ` +
        `\`npm run tools\` again, or put a \`temporal\` ${TEMPORAL_CLI_VERSION} binary on PATH.`,
    );
  });
}

/** Builds the CLI with `go install`, falling back to older tags the proxy may serve instead. */
async function buildTemporalCli(
  go: string,
  binDir: string,
  exe: string,
  log: (m: string) => void,
): Promise<string> {
  for (const version of [TEMPORAL_CLI_VERSION, ...TEMPORAL_CLI_FALLBACK_VERSIONS]) {
    // go install writes straight into GOBIN; a staging directory plus rename keeps a
    // half-written binary from ever sitting at the final path.
    const staging = await mkdtemp(path.join(binDir, '.staging-'));
    try {
      const result = await goInstall(go, version, staging, log);
      if (result.ok) {
        const target = path.join(binDir, exe);
        await rename(path.join(staging, exe), target);
        const got = await temporalVersionOf(target, go);
        log(`built Temporal CLI ${got ?? version} in ${formatDuration(result.ms)}: ${target}`);
        if (version === TEMPORAL_CLI_VERSION) await rm(fallbackMarker(binDir), { force: true });
        else await writeFile(fallbackMarker(binDir), `${TEMPORAL_CLI_VERSION}\n`);
        return target;
      }
      if (!isVersionUnavailable(result.output)) {
        throw new ToolUnavailableError(
          `Building the Temporal CLI with \`go install ${TEMPORAL_CLI_MODULE}/cmd/temporal@v${version}\` ` +
            `failed. Check that the Go module proxy is reachable (GOPROXY=${process.env['GOPROXY'] ?? 'default'}) ` +
            `and that there is disk space, then run \`npm run tools\` again. Last output:\n` +
            tail(result.output, 25),
        );
      }
      log(
        `Temporal CLI v${version} cannot be installed here (${firstMatch(result.output)}); trying an older tag.`,
      );
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }
  throw new ToolUnavailableError(
    `No Temporal CLI version among ${[TEMPORAL_CLI_VERSION, ...TEMPORAL_CLI_FALLBACK_VERSIONS].join(', ')} ` +
      `could be installed with this Go (${go}). Install Go 1.25 or newer and run \`npm run tools\` ` +
      `again, or put a \`temporal\` ${TEMPORAL_CLI_VERSION} binary on PATH.`,
  );
}

/**
 * Marks a CLI in the cache as built from a fallback tag because the pinned version could not
 * be had; it names the pinned version, so a later version bump still triggers a build.
 */
function fallbackMarker(binDir: string): string {
  return path.join(binDir, '.temporal-fallback-for');
}

async function isFallbackBuild(binDir: string): Promise<boolean> {
  const pinned = await readFile(fallbackMarker(binDir), 'utf8').catch(() => '');
  return pinned.trim() === TEMPORAL_CLI_VERSION;
}

interface GoInstallResult {
  ok: boolean;
  output: string;
  ms: number;
}

/**
 * Runs `go install` with progress: a cold build downloads ~160 modules and compiles ~1,300
 * packages, minutes of silence otherwise. Download lines are batched into one line every few
 * seconds; every 15 s a heartbeat says how long and how far.
 */
function goInstall(
  go: string,
  version: string,
  gobin: string,
  log: (m: string) => void,
): Promise<GoInstallResult> {
  const target = `${TEMPORAL_CLI_MODULE}/cmd/temporal@v${version}`;
  // The same flags as the release build (.goreleaser.yml): static, stripped, and stamped so
  // that `temporal --version` reports the version instead of 0.0.0-DEV.
  const args = [
    'install',
    '-v',
    '-ldflags',
    `-s -w -X ${TEMPORAL_CLI_MODULE}/temporalcli.Version=${version}`,
    target,
  ];
  log(
    `building Temporal CLI ${version} into ${path.dirname(gobin)}: ` +
      `CGO_ENABLED=0 go ${args.map(shellQuote).join(' ')} ` +
      `(a few minutes with a cold Go cache, seconds when warm)`,
  );
  const started = Date.now();
  const child = spawn(go, args, {
    env: { ...process.env, GOBIN: gobin, CGO_ENABLED: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  let output = '';
  let downloads = 0;
  let compiled = 0;
  let pending: string[] = [];
  const flushDownloads = (): void => {
    if (!pending.length) return;
    // One line per batch, kept short: the names matter less than seeing that it moves.
    let shown = '';
    let count = 0;
    for (const item of pending) {
      if (count && shown.length + item.length > 110) break;
      shown += (count ? ', ' : '') + item;
      count++;
    }
    const more = pending.length > count ? ` (+${pending.length - count} more)` : '';
    log(`  go: downloading ${shown}${more}`);
    pending = [];
  };
  const onLine = (line: string): void => {
    output += line + '\n';
    if (output.length > 200_000) output = output.slice(-100_000);
    const download = /^go: downloading (\S+) (\S+)/.exec(line);
    if (download) {
      downloads++;
      pending.push(`${download[1]}@${download[2]}`);
    } else if (/^[\w.-]+(\/[\w.~+-]+)*$/.test(line.trim())) {
      // `-v` prints each package as it is compiled: a bare import path.
      compiled++;
    }
  };
  lines(child, onLine);
  const batch = setInterval(flushDownloads, 3000);
  const heartbeat = setInterval(() => {
    flushDownloads();
    log(
      `  … ${formatDuration(Date.now() - started)} elapsed: ${downloads} modules downloaded, ` +
        `${compiled} packages compiled`,
    );
  }, 15_000);

  return new Promise((resolve) => {
    const finish = (ok: boolean, extra = ''): void => {
      clearInterval(batch);
      clearInterval(heartbeat);
      flushDownloads();
      resolve({ ok, output: output + extra, ms: Date.now() - started });
    };
    child.once('error', (err) => finish(false, String(err)));
    child.once('close', (code) => finish(code === 0));
  });
}

/** True when go's failure says the version cannot be had (not served, or needs a newer Go). */
function isVersionUnavailable(output: string): boolean {
  return VERSION_UNAVAILABLE.test(output);
}
const VERSION_UNAVAILABLE =
  /unknown revision|invalid version|410 Gone|404 Not Found|not found: [\w./-]+@v|requires go >= [\d.]+ \(running go/;

function firstMatch(output: string): string {
  return VERSION_UNAVAILABLE.exec(output)?.[0] ?? 'not available';
}

/**
 * The CLI's version. A plain `go install` leaves it at 0.0.0-DEV; then the build info that Go
 * embeds in every binary (`go version -m`) still names the module version.
 */
async function temporalVersionOf(
  file: string,
  go: string | undefined,
): Promise<string | undefined> {
  const out = await run(file, ['--version'], { timeoutMs: 30_000 });
  const version = /temporal version (\S+)/.exec(out.stdout + out.stderr)?.[1];
  if (version && version !== '0.0.0-DEV') return version;
  if (!go) return undefined;
  const info = await run(go, ['version', '-m', file], { timeoutMs: 30_000 });
  return /^\s*mod\s+github\.com\/temporalio\/cli\s+v(\S+)/m.exec(info.stdout)?.[1];
}

async function goPath(go: string | undefined): Promise<string> {
  if (go) {
    const out = await run(go, ['env', 'GOPATH'], { timeoutMs: 30_000 });
    const first = out.stdout.trim().split(path.delimiter)[0];
    if (out.code === 0 && first) return first;
  }
  return process.env['GOPATH']?.split(path.delimiter)[0] || path.join(os.homedir(), 'go');
}

/** The release tarball, where the network allows it (it does not on the CI machines). */
async function downloadTemporalCli(
  binDir: string,
  exe: string,
  log: (m: string) => void,
): Promise<string | undefined> {
  const goos: string | undefined = ({ linux: 'linux', darwin: 'darwin' } as Record<string, string>)[
    process.platform
  ];
  const goarch: string | undefined = ({ x64: 'amd64', arm64: 'arm64' } as Record<string, string>)[
    process.arch
  ];
  if (!goos || !goarch) {
    log(`no release archive for ${process.platform}/${process.arch}`);
    return undefined;
  }
  const v = TEMPORAL_CLI_VERSION;
  const url = `https://github.com/temporalio/cli/releases/download/v${v}/temporal_cli_${v}_${goos}_${goarch}.tar.gz`;
  const staging = await mkdtemp(path.join(binDir, '.staging-'));
  try {
    log(`downloading ${url}`);
    const response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const archive = path.join(staging, 'temporal.tar.gz');
    await writeFile(archive, Buffer.from(await response.arrayBuffer()));
    const untar = await run('tar', ['-xzf', archive, '-C', staging, exe], { timeoutMs: 120_000 });
    if (untar.code !== 0) throw new Error(`tar failed: ${untar.stderr.trim()}`);
    const target = path.join(binDir, exe);
    await chmod(path.join(staging, exe), 0o755);
    await rename(path.join(staging, exe), target);
    await rm(fallbackMarker(binDir), { force: true });
    log(`downloaded Temporal CLI ${v}: ${target}`);
    return target;
  } catch (err) {
    log(`release download failed: ${describeError(err)}`);
    return undefined;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Time-skipping test server
// ---------------------------------------------------------------------------------------------

/**
 * Absolute path of an executable wrapper: `<wrapper> <port>` runs the Java time-skipping test
 * server. Fast when everything is in place (a few stats and one `java -version`), so test
 * setup can call it every time: it also notices a changed JVM and rewrites the wrapper.
 */
export async function ensureTestServer(opts: ToolOptions = {}): Promise<string> {
  const log = opts.log ?? defaultLog;
  const dir = path.resolve(opts.toolsDir ?? toolsDir());
  const versionDir = path.join(dir, 'test-server', TEST_SERVER_VERSION);
  const libDir = path.join(versionDir, 'lib');
  const wrapper = path.join(dir, 'bin', TEST_SERVER_WRAPPER_NAME);

  const java = await findJava();
  const archive = java.feature >= 13 ? path.join(versionDir, `cds-${java.fingerprint}.jsa`) : null;
  const ready = async (): Promise<boolean> => {
    const jars = await readyJars(libDir);
    if (!jars || !(await isCurrent(wrapper, wrapperScript(java, jars, archive)))) return false;
    return !archive || exists(archive);
  };
  if (await ready()) return wrapper;

  return withLock(path.join(dir, 'test-server.lock'), log, async () => {
    // Another process may have finished the job while this one waited for the lock.
    if (await ready()) return wrapper;
    const cp = (await readyJars(libDir)) ?? (await fetchJars(versionDir, libDir, log));
    // A failed training run is retried by the next call; the wrapper copes without the archive.
    if (archive && !(await exists(archive))) await createCdsArchive(java, cp, archive, log);
    await mkdir(path.dirname(wrapper), { recursive: true });
    const tmp = `${wrapper}.tmp-${process.pid}`;
    await writeFile(tmp, wrapperScript(java, cp, archive), { mode: 0o755 });
    await rename(tmp, wrapper);
    const ms = await timeStartup(wrapper);
    log(
      `test server ${TEST_SERVER_VERSION} (Java ${java.feature}) listens ${ms} ms after start: ${wrapper}`,
    );
    return wrapper;
  });
}

interface Java {
  /** Resolved path: the wrapper keeps working if `alternatives` later points elsewhere. */
  path: string;
  feature: number;
  /** Identifies the JVM build; a CDS archive only maps into the exact build that wrote it. */
  fingerprint: string;
}

async function findJava(): Promise<Java> {
  const javaHome = process.env['JAVA_HOME'];
  const fromHome = javaHome ? path.join(javaHome, 'bin', 'java') : undefined;
  const found = findOnPath('java') ?? (fromHome && isExecutable(fromHome) ? fromHome : undefined);
  if (!found) {
    throw new ToolUnavailableError(
      'Java is not installed, and the Temporal time-skipping test server is a Java program. ' +
        'Install a Java runtime (11 or newer) and Maven, e.g. ' +
        '`apt-get install default-jre-headless maven` on Debian, then run `npm run tools` again.',
    );
  }
  const real = await realpath(found);
  const out = await run(real, ['-version'], { timeoutMs: 30_000 });
  const text = out.stderr + out.stdout;
  const m = /version "(\d+)(?:\.(\d+))?/.exec(text);
  if (out.code !== 0 || !m?.[1]) {
    throw new ToolUnavailableError(
      `\`${real} -version\` failed (${text.trim() || `exit ${out.code}`}). Repair or reinstall the ` +
        'Java runtime (`apt-get install --reinstall default-jre-headless`), then run `npm run tools` again.',
    );
  }
  // "1.8.0_392" is Java 8; from 9 on the first number is the feature release.
  const feature = m[1] === '1' ? Number(m[2] ?? 0) : Number(m[1]);
  const fingerprint = createHash('sha256').update(`${real}\n${text}`).digest('hex').slice(0, 12);
  return { path: real, feature, fingerprint };
}

/** The jar classpath when a previous run completed the download, else null. */
async function readyJars(libDir: string): Promise<string[] | null> {
  try {
    const names = (await readdir(libDir)).filter((n) => n.endsWith('.jar')).sort();
    // The directory only ever appears by rename after Maven succeeded, so presence means complete.
    return names.some((n) => n.startsWith('temporal-test-server-'))
      ? names.map((n) => path.join(libDir, n))
      : null;
  } catch {
    return null;
  }
}

async function fetchJars(
  versionDir: string,
  libDir: string,
  log: (m: string) => void,
): Promise<string[]> {
  const mvn = findOnPath('mvn');
  if (!mvn) {
    throw new ToolUnavailableError(
      `Maven (mvn) is not installed; it fetches the Temporal time-skipping test server ` +
        `(io.temporal:temporal-test-server:${TEST_SERVER_VERSION}) from Maven Central. Install it, ` +
        'e.g. `apt-get install maven default-jre-headless` on Debian, then run `npm run tools` again.',
    );
  }
  await mkdir(versionDir, { recursive: true });
  const staging = await mkdtemp(path.join(versionDir, '.lib-'));
  const started = Date.now();
  log(
    `fetching io.temporal:temporal-test-server:${TEST_SERVER_VERSION} and its dependencies with Maven`,
  );
  try {
    const out = await run(
      mvn,
      [
        '-B',
        '-q',
        '-Dstyle.color=never',
        '-f',
        testServerPom,
        'dependency:copy-dependencies',
        `-DoutputDirectory=${staging}`,
        `-Dtemporal.test-server.version=${TEST_SERVER_VERSION}`,
      ],
      { timeoutMs: 15 * 60_000, cwd: path.dirname(testServerPom) },
    );
    if (out.code !== 0) {
      throw new ToolUnavailableError(
        `Maven could not fetch io.temporal:temporal-test-server:${TEST_SERVER_VERSION}. Check that ` +
          'Maven Central is reachable (and any mirror or proxy in ~/.m2/settings.xml), then run ' +
          '`npm run tools` again. Maven said:\n' +
          tail(out.stdout + out.stderr, 25),
      );
    }
    await rm(libDir, { recursive: true, force: true });
    await rename(staging, libDir);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  const jars = await readyJars(libDir);
  if (!jars) throw new Error(`Maven succeeded but ${libDir} has no temporal-test-server jar`);
  log(`fetched ${jars.length} jars in ${formatDuration(Date.now() - started)}: ${libDir}`);
  return jars;
}

/**
 * Writes an AppCDS archive of the classes the server loads while starting and answering its
 * first calls (Java 13+ dynamic archive, written at exit). Start-up then maps those classes
 * instead of parsing and verifying ~40 jars. Failure is not fatal: the server is just slower.
 */
async function createCdsArchive(
  java: Java,
  jars: string[],
  archive: string,
  log: (m: string) => void,
): Promise<boolean> {
  const tmp = `${archive}.tmp-${process.pid}`;
  const port = await freePort();
  log(`creating the test server's class-data-sharing archive (one training run)`);
  const child = spawn(
    java.path,
    [
      ...TEST_SERVER_JVM_FLAGS,
      `-XX:ArchiveClassesAtExit=${tmp}`,
      // The dump warns about every pre-Java-6 class it skips (slf4j 1.7): expected, not news.
      '-Xlog:cds=error,cds+dynamic=error',
      '-cp',
      jars.join(path.delimiter),
      TEST_SERVER_MAIN_CLASS,
      String(port),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  lines(child, (line) => (output += line + '\n'));
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  try {
    await waitForPort(port, 60_000, exited);
    // Best effort: exercise the request path so its classes are archived too.
    await grpcCall(port, '/temporal.api.workflowservice.v1.WorkflowService/GetSystemInfo').catch(
      () => {},
    );
    await grpcCall(port, '/temporal.api.testservice.v1.TestService/GetCurrentTime').catch(() => {});
    // The server registers its shutdown hook just after it starts listening.
    await sleep(500);
    child.kill('SIGTERM');
    await withTimeout(exited, 60_000, () => child.kill('SIGKILL'));
    const size = (await stat(tmp)).size;
    await rename(tmp, archive);
    log(`  archive written (${(size / 1e6).toFixed(0)} MB): ${archive}`);
    return true;
  } catch (err) {
    child.kill('SIGKILL');
    await rm(tmp, { force: true });
    log(
      `warning: no class-data-sharing archive (${describeError(err)}); the test server still ` +
        `works, it just starts slower.${output ? `\n${tail(output, 10)}` : ''}`,
    );
    return false;
  }
}

function wrapperScript(java: Java, jars: string[], archive: string | null): string {
  const q = shellQuote;
  const cds = archive
    ? [
        `archive=${q(archive)}`,
        '# Without the archive (deleted, or a JVM update made it stale) Java starts anyway, slower.',
        '# PERCORSI_TEST_SERVER_NO_CDS=1 leaves it out on purpose (start-up measurements).',
        'if [ -r "$archive" ] && [ -z "${PERCORSI_TEST_SERVER_NO_CDS:-}" ]; then',
        '  set -- "-XX:SharedArchiveFile=$archive" "$@"',
        'fi',
      ]
    : [];
  return [
    '#!/bin/sh',
    '# Generated by scripts/tools.ts (`npm run tools` rewrites it); do not edit.',
    `# Temporal time-skipping test server ${TEST_SERVER_VERSION}. Usage: ${TEST_SERVER_WRAPPER_NAME} <port> [args]`,
    '# JVM flags and their start-up figures: docs/adr/001-external-tools.md',
    'if [ "$#" -lt 1 ]; then',
    `  echo "usage: $0 <port>" >&2`,
    '  exit 64',
    'fi',
    `main=${TEST_SERVER_MAIN_CLASS}`,
    'set -- "$main" "$@"',
    ...cds,
    // exec: the SDK stops the server by signalling the process it started.
    `exec ${q(java.path)} ${TEST_SERVER_JVM_FLAGS.map(q).join(' ')} \\`,
    `  -cp ${q(jars.join(path.delimiter))} \\`,
    '  "$@"',
    '',
  ].join('\n');
}

/** Milliseconds from spawning the wrapper until its port accepts a connection. */
async function timeStartup(wrapper: string): Promise<number> {
  const port = await freePort();
  const started = Date.now();
  const child = spawn(wrapper, [String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  lines(child, (line) => (stderr += line + '\n'));
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  try {
    await waitForPort(port, 30_000, exited);
    return Date.now() - started;
  } catch (err) {
    throw new ToolUnavailableError(
      `The test server wrapper ${wrapper} did not start: ${describeError(err)}. Run it by hand ` +
        `(\`${wrapper} 7999\`) to see why; deleting ${path.dirname(wrapper)}/.. and running ` +
        '`npm run tools` again rebuilds it.' +
        (stderr ? `\n${tail(stderr, 15)}` : ''),
    );
  } finally {
    child.kill('SIGTERM');
    await withTimeout(exited, 30_000, () => child.kill('SIGKILL'));
  }
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

function defaultLog(message: string): void {
  process.stderr.write(`[tools] ${message}\n`);
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const file = path.resolve(dir, name);
    if (isExecutable(file)) return file;
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

async function isCurrent(file: string, content: string): Promise<boolean> {
  try {
    return (await readFile(file, 'utf8')) === content && isExecutable(file);
  } catch {
    return false;
  }
}

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion; never throws (a missing binary is code null). */
function run(
  cmd: string,
  args: string[],
  options: { timeoutMs: number; cwd?: string },
): Promise<RunResult> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    const child = spawn(cmd, args, {
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs,
    });
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', (err) => resolve({ code: null, stdout, stderr: stderr + String(err) }));
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Calls onLine for every line the child writes to stdout or stderr. */
function lines(child: ChildProcess, onLine: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      for (const part of parts) onLine(part);
    });
    stream.on('end', () => {
      if (rest) onLine(rest);
    });
  }
}

/**
 * Serialises installs across processes (test setup and `npm start` may both ask at once) with
 * an exclusive-create lock file holding the owner's pid; a lock whose owner died is taken over.
 */
async function withLock<T>(
  lockFile: string,
  log: (m: string) => void,
  fn: () => Promise<T>,
): Promise<T> {
  await mkdir(path.dirname(lockFile), { recursive: true });
  let announced = false;
  for (;;) {
    try {
      await writeFile(lockFile, String(process.pid), { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
      if (!owner || !isAlive(owner)) {
        await rm(lockFile, { force: true });
        continue;
      }
      if (!announced) log(`waiting for process ${owner}, which is installing the same tool`);
      announced = true;
      await sleep(1000);
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lockFile, { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once 127.0.0.1:port accepts a connection; rejects on timeout or early exit. */
async function waitForPort(
  port: number,
  timeoutMs: number,
  exited: Promise<number | null>,
): Promise<void> {
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode !== undefined)
      throw new Error(`the process exited (code ${exitCode}) before listening`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await sleep(20);
  }
  throw new Error(`nothing listened on port ${port} within ${timeoutMs} ms`);
}

/** A unary gRPC call with an empty request message over h2c; resolves to the grpc-status. */
function grpcCall(port: number, method: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(`http://127.0.0.1:${port}`);
    session.once('error', reject);
    const request = session.request({
      ':method': 'POST',
      ':path': method,
      'content-type': 'application/grpc',
      te: 'trailers',
    });
    let status = '';
    request.on('response', (headers) => (status = String(headers['grpc-status'] ?? status)));
    request.on(
      'trailers',
      (trailers: http2.IncomingHttpHeaders) => (status = String(trailers['grpc-status'] ?? status)),
    );
    request.on('data', () => {});
    request.once('error', reject);
    request.once('end', () => {
      session.close();
      resolve(status);
    });
    request.setTimeout(10_000, () => request.close(http2.constants.NGHTTP2_CANCEL));
    // gRPC framing: uncompressed flag + 4-byte length, then the (empty) message.
    request.end(Buffer.alloc(5));
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  onTimeout: () => void,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    promise,
    new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        onTimeout();
        resolve();
      }, ms);
    }),
  ]);
  clearTimeout(timer);
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function tail(text: string, n: number): string {
  return text.trimEnd().split('\n').slice(-n).join('\n');
}

function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

function describeError(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
    return err.message + cause;
  }
  return String(err);
}

// ---------------------------------------------------------------------------------------------
// Script entry point
// ---------------------------------------------------------------------------------------------

const TOOL_NAMES = ['temporal', 'test-server', 'all'] as const;
type ToolName = (typeof TOOL_NAMES)[number];

/** Ensures the named tools and prints `name<TAB>path` lines; exit 1 with the reason otherwise. */
export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  const which = (argv[0] ?? 'all') as ToolName;
  if (!TOOL_NAMES.includes(which) || argv.length > 1) {
    process.stderr.write(`usage: tsx scripts/tools.ts [${TOOL_NAMES.join('|')}]\n`);
    return 64;
  }
  try {
    if (which === 'temporal' || which === 'all') {
      process.stdout.write(`temporal\t${await ensureTemporalCli()}\n`);
    }
    if (which === 'test-server' || which === 'all') {
      process.stdout.write(`test-server\t${await ensureTestServer()}\n`);
    }
    return 0;
  } catch (err) {
    if (err instanceof ToolUnavailableError) {
      process.stderr.write(`\n${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
