/**
 * Measures how long the time-skipping test server takes to accept connections (the SDK allows
 * 5 s) and to answer its first gRPC call, for three set-ups: the default JVM, the wrapper's
 * flags without the class-data-sharing archive, and the wrapper as tests run it. The figures in
 * docs/adr/001-external-tools.md come from here:
 *
 *   npx tsx scripts/test-server/measure-startup.ts [--runs 10] [--load 2]
 *
 * --load N keeps N busy-looping processes running meanwhile, like a CI machine that is also
 * bundling workflows and running other tests. It prints figures; it asserts nothing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http2 from 'node:http2';
import net from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  ensureTestServer,
  TEST_SERVER_MAIN_CLASS,
  TEST_SERVER_VERSION,
  toolsDir,
} from '../tools.js';

interface Variant {
  label: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '10' }, load: { type: 'string', default: '0' } },
});
const runs = Number(values.runs);
const load = Number(values.load);

const wrapper = await ensureTestServer();
const lib = path.join(toolsDir(), 'test-server', TEST_SERVER_VERSION, 'lib');
const variants: Variant[] = [
  {
    label: 'default JVM, no CDS',
    command: 'java',
    args: ['-cp', path.join(lib, '*'), TEST_SERVER_MAIN_CLASS],
  },
  {
    label: 'wrapper flags, no CDS',
    command: wrapper,
    args: [],
    env: { ...process.env, PERCORSI_TEST_SERVER_NO_CDS: '1' },
  },
  { label: 'wrapper (flags + CDS)', command: wrapper, args: [] },
];

const burners: ChildProcess[] = [];
for (let i = 0; i < load; i++) {
  burners.push(spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
}
try {
  console.log(`test server ${TEST_SERVER_VERSION}: ${runs} runs each, ${load} busy processes`);
  for (const variant of variants) {
    const listen: number[] = [];
    const firstCall: number[] = [];
    for (let i = 0; i < runs; i++) {
      const [l, c] = await measureOnce(variant);
      listen.push(l);
      firstCall.push(c);
    }
    console.log(
      `${variant.label.padEnd(24)} listening ${summary(listen)} | first gRPC reply ${summary(firstCall)}`,
    );
  }
} finally {
  for (const burner of burners) burner.kill('SIGKILL');
}

async function measureOnce(variant: Variant): Promise<[number, number]> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(variant.command, [...variant.args, String(port)], {
    env: variant.env ?? process.env,
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  try {
    while (!(await accepts(port))) {
      if (child.exitCode !== null) throw new Error(`${variant.label}: exited before listening`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const listening = performance.now() - started;
    await getSystemInfo(port);
    return [listening, performance.now() - started];
  } finally {
    // The server registers its shutdown hook just after it listens; give it that moment.
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.kill('SIGTERM');
    await exited;
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function getSystemInfo(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(`http://127.0.0.1:${port}`);
    session.once('error', reject);
    const request = session.request({
      ':method': 'POST',
      ':path': '/temporal.api.workflowservice.v1.WorkflowService/GetSystemInfo',
      'content-type': 'application/grpc',
      te: 'trailers',
    });
    request.on('data', () => {});
    request.once('error', reject);
    request.once('end', () => {
      session.close();
      resolve();
    });
    request.end(Buffer.alloc(5));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function summary(ms: number[]): string {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (i: number): string => ((sorted[i] ?? NaN) / 1000).toFixed(2);
  return `min ${at(0)} med ${at(Math.floor(sorted.length / 2))} max ${at(sorted.length - 1)} s`;
}
