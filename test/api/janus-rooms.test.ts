import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { ApplicationFailure } from '@temporalio/common';
import Janus from 'janus-gateway-js';
import pino from 'pino';
import {
  JANUS_UNAVAILABLE,
  JanusCode,
  JanusRoomError,
  JanusRooms,
  JanusUnavailable,
  ROOM_PREFIX,
  roomIdFor,
  toActivityFailure,
} from '../../activities/video/janus-rooms.js';
import { loadConfig, type JanusConfig } from '../../platform/config.js';
import { startEmbeddedJanus, type RunningJanus } from '../../platform/janus.js';
import { requireOrSkip } from '../support/env.js';
import { freePort } from '../support/ports.js';

/**
 * Video rooms (activities/video) on a real embedded Janus started from the platform's own
 * configuration: idempotent creation and destruction, rooms that only the holder of the
 * admin_key can create, the API secret, and Janus going away and coming back.
 */

const SECRET = 'room-secret-7c1f9a2e4b';
const PIN = '493817';

describe('video rooms on the embedded Janus (activities/video)', function () {
  let dir: string;
  let config: JanusConfig;
  let janus: RunningJanus | null = null;
  let rooms: JanusRooms | null = null;
  const logLines: string[] = [];
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer, _enc, done) {
        logLines.push(chunk.toString('utf8'));
        done();
      },
    }),
  );
  const timings: Record<string, number> = {};
  const timed = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await fn();
    } finally {
      timings[label] = Math.round((performance.now() - started) * 10) / 10;
    }
  };
  const connect = (overrides: { apiSecret?: string; adminKey?: string } = {}) =>
    JanusRooms.connect({
      url: janus?.url ?? `ws://127.0.0.1:${config.wsPort}`,
      apiSecret: overrides.apiSecret ?? config.apiSecret,
      adminKey: overrides.adminKey ?? config.adminKey,
      logger,
      connectTimeoutMs: 2000,
      requestTimeoutMs: 2000,
    });
  const visit = (sessionKey: string) => ({
    sessionKey,
    description: 'Televisita',
    publishers: 3,
    secret: SECRET,
    pin: PIN,
  });

  before(async function () {
    dir = mkdtempSync(path.join(os.tmpdir(), 'percorsi-janus-'));
    config = loadConfig({
      DATA_DIR: dir,
      JANUS_WS_PORT: String(await freePort()),
      JANUS_ADMIN_WS_PORT: String(await freePort()),
    }).janus;
    janus = await startEmbeddedJanus(config, dir, logger);
    requireOrSkip(this, janus !== null, 'janus is not installed (Debian package "janus")');
    rooms = await connect();
  });

  after(async function () {
    await rooms?.close();
    await janus?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (Object.keys(timings).length) {
      const said = Object.entries(timings).map(([k, ms]) => `${k} ${ms} ms`);
      process.stdout.write(`      (timings: ${said.join(', ')})\n`);
    }
  });

  it('creates a visit room once: a retried create finds the same room', async function () {
    const r = rooms!;
    const first = await timed('create', () => r.createRoom(visit('tenant-a/visit-1')));
    assert.deepEqual(first, { room: roomIdFor('tenant-a/visit-1'), created: true });
    assert.ok(first.room.startsWith(ROOM_PREFIX));

    const again = await timed('create again', () => r.createRoom(visit('tenant-a/visit-1')));
    assert.deepEqual(again, { room: first.room, created: false });

    const listed = (await r.listRooms()).filter((x) => x.room === first.room);
    assert.deepEqual(listed, [
      {
        room: first.room,
        description: 'Televisita',
        participants: 0,
        maxPublishers: 3,
        pinRequired: true,
      },
    ]);
    assert.deepEqual(await r.listParticipants(first.room), []);
    // Another visit gets another room.
    const other = await r.createRoom(visit('tenant-a/visit-2'));
    assert.notEqual(other.room, first.room);
    assert.equal(other.created, true);
  });

  it('lets nobody without the admin key create rooms, nor anyone without the API secret in', async function () {
    // 1. A raw client with the API secret but no admin_key: Janus itself refuses.
    const client = new Janus.Client(janus!.url, { token: '', apisecret: config.apiSecret });
    const connection = await client.createConnection('intruder');
    connection.on('error', () => undefined);
    try {
      const session = await connection.createSession();
      const plugin = await session.attachPlugin('janus.plugin.videoroom');
      await assert.rejects(
        plugin.sendWithTransaction({
          body: { request: 'create', room: `${ROOM_PREFIX}intruder`, publishers: 3 },
        }),
        (err: unknown) =>
          // 429: missing mandatory element (admin_key)
          err instanceof Janus.Error && err.code === 429 && /admin_key/.test(err.message),
      );
    } finally {
      await connection.close();
    }
    // 2. Through JanusRooms with a wrong admin key: a typed, non-retryable refusal.
    const wrongKey = await connect({ adminKey: 'not-the-admin-key-0000' });
    try {
      await assert.rejects(
        wrongKey.createRoom(visit('tenant-a/visit-3')),
        (err: unknown) =>
          err instanceof JanusRoomError && err.code === JanusCode.notAllowed && !err.retryable,
      );
    } finally {
      await wrongKey.close();
    }
    const ours = (await rooms!.listRooms()).map((x) => x.room);
    assert.ok(!ours.includes(`${ROOM_PREFIX}intruder`));
    assert.ok(!ours.includes(roomIdFor('tenant-a/visit-3')));
    // 3. A wrong API secret: Janus refuses the session itself.
    await assert.rejects(
      connect({ apiSecret: 'not-the-api-secret-0000' }),
      (err: unknown) => err instanceof JanusRoomError && err.code === JanusCode.unauthorized,
    );
  });

  it('destroys a room only with its secret, and a second destroy is a no-op', async function () {
    const r = rooms!;
    const { room } = await r.createRoom(visit('tenant-b/visit-9'));
    await assert.rejects(
      r.destroyRoom(room, 'wrong-secret'),
      (err: unknown) => err instanceof JanusRoomError && err.code === JanusCode.notAllowed,
    );
    assert.equal(await r.exists(room), true);

    assert.deepEqual(await timed('destroy', () => r.destroyRoom(room, SECRET)), {
      destroyed: true,
    });
    assert.equal(await r.exists(room), false);
    assert.ok(!(await r.listRooms()).some((x) => x.room === room));
    assert.deepEqual(await timed('destroy again', () => r.destroyRoom(room, SECRET)), {
      destroyed: false,
    });
    await assert.rejects(
      r.listParticipants(room),
      (err: unknown) => err instanceof JanusRoomError && err.code === JanusCode.noSuchRoom,
    );
  });

  it('reports Janus down as retryable JanusUnavailable, and reconnects once it is back', async function () {
    const r = rooms!;
    await janus!.stop();
    const err = await r.createRoom(visit('tenant-c/visit-1')).then(
      () => assert.fail('created a room with Janus stopped'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof JanusUnavailable, String(err));
    assert.equal(err.retryable, true);
    const failure = toActivityFailure(err);
    assert.ok(failure instanceof ApplicationFailure);
    assert.equal(failure.type, JANUS_UNAVAILABLE);
    assert.equal(failure.nonRetryable, false);

    // Janus restarted (its rooms are gone with it): the same client carries on.
    janus = await startEmbeddedJanus(config, dir, logger);
    assert.deepEqual(await r.createRoom(visit('tenant-c/visit-1')), {
      room: roomIdFor('tenant-c/visit-1'),
      created: true,
    });
  });

  it('never logs room secrets, PINs or Janus keys', function () {
    assert.ok(logLines.length > 0, 'something was logged');
    const all = logLines.join('');
    for (const [name, value] of Object.entries({
      SECRET,
      PIN,
      apiSecret: config.apiSecret,
      adminKey: config.adminKey,
    })) {
      assert.ok(!all.includes(value), `${name} appears in the logs`);
    }
  });
});
