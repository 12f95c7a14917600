import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import Janus from 'janus-gateway-js';
import type { Connection, Plugin, Session } from 'janus-gateway-js';
import { z } from 'zod';
import type { Logger } from '../../platform/logger.js';

/**
 * Video rooms on Janus's videoroom plugin, over the Janus WebSocket API with the API secret.
 * Only the platform creates rooms: `create` carries the videoroom admin_key, which clients
 * never see. Room ids derive from the visit's session key, so a retried activity finds the
 * room it made before instead of making a second one; every room we make carries ROOM_PREFIX,
 * so listing and destroying never touch rooms that are not ours.
 *
 * One connection, session and plugin handle, opened on first use and opened again on the
 * next call once lost (Janus restarted, session expired): Temporal retries the activity, so
 * there is no background reconnect loop. Janus saying no → JanusRoomError (not retryable);
 * Janus unreachable, silent or gone mid-call → JanusUnavailable (retryable).
 */

export const ROOM_PREFIX = 'percorsi-';

/** Error codes of Janus (core) and of its videoroom plugin that this module acts on. */
export const JanusCode = {
  /** Core: wrong or missing apisecret. */
  unauthorized: 403,
  /** Core: the session expired or Janus restarted under us: open a new one. */
  sessionNotFound: 458,
  handleNotFound: 459,
  /** Videoroom. */
  noSuchRoom: 426,
  roomExists: 427,
  noSuchFeed: 428,
  /** Videoroom: wrong or missing admin_key, or wrong room secret. */
  notAllowed: 433,
} as const;

/** ApplicationFailure types, as workflows name them in nonRetryableErrorTypes. */
export const JANUS_ROOM_REFUSED = 'JanusRoomRefused';
export const JANUS_UNAVAILABLE = 'JanusUnavailable';

/** Janus answered and refused: sending the same request again cannot help. */
export class JanusRoomError extends Error {
  override name = 'JanusRoomError';
  readonly retryable = false;
  constructor(
    readonly operation: string,
    /** Janus's error code (see JanusCode). */
    readonly code: number,
    reason: string,
  ) {
    super(`janus refused ${operation} (${code}): ${reason}`);
  }
}

/** Janus could not be reached, did not answer in time, or answered outside the protocol. */
export class JanusUnavailable extends Error {
  override name = 'JanusUnavailable';
  readonly retryable = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** For activities: a refusal is a non-retryable failure, unavailability a retryable one. */
export function toActivityFailure(err: unknown): unknown {
  if (err instanceof JanusRoomError) {
    return ApplicationFailure.create({
      message: err.message,
      type: JANUS_ROOM_REFUSED,
      nonRetryable: true,
      details: [{ operation: err.operation, code: err.code }],
    });
  }
  if (err instanceof JanusUnavailable) {
    return ApplicationFailure.create({
      message: err.message,
      type: JANUS_UNAVAILABLE,
      nonRetryable: false,
      cause: err,
    });
  }
  return err;
}

/** The room of a visit: the same session key always gives the same room. */
export function roomIdFor(sessionKey: string): string {
  return ROOM_PREFIX + createHash('sha256').update(sessionKey).digest('hex').slice(0, 32);
}

export interface JanusRoomsOptions {
  url: string;
  apiSecret: string;
  adminKey: string;
  logger?: Logger;
  /** Budget to open the WebSocket and the Janus session (default 5 s). */
  connectTimeoutMs?: number;
  /** Budget of one request (default 10 s; the library's own is 30 s). */
  requestTimeoutMs?: number;
}

export interface CreateRoomInput {
  /** Stable key of the visit (e.g. tenant + appointment id); the room id derives from it. */
  sessionKey: string;
  /** Shown to participants: no patient data. */
  description: string;
  /** How many may publish media at once (doctor, patient, a carer…). */
  publishers: number;
  /** Needed to edit or destroy the room. */
  secret: string;
  /** Needed to join the room. */
  pin: string;
}

export interface RoomSummary {
  room: string;
  description: string;
  participants: number;
  maxPublishers: number;
  pinRequired: boolean;
}

export interface Participant {
  id: string;
  display: string | null;
  publisher: boolean;
}

const listAnswer = z.object({
  list: z.array(
    z.object({
      room: z.union([z.string(), z.number()]).transform(String),
      description: z.string().default(''),
      num_participants: z.number().default(0),
      max_publishers: z.number().default(0),
      pin_required: z.boolean().default(false),
    }),
  ),
});
const participantsAnswer = z.object({
  participants: z.array(
    z.object({
      id: z.union([z.string(), z.number()]).transform(String),
      display: z.string().nullish(),
      publisher: z.boolean().default(false),
    }),
  ),
});
const existsAnswer = z.object({ exists: z.boolean() });

interface Handle {
  connection: Connection;
  session: Session;
  plugin: Plugin;
  /** Rejects with JanusUnavailable when the connection or the session goes away. */
  lost: Promise<never>;
}

const KEEPALIVE_MS = 20_000; // below the embedded Janus's session_timeout of 60 s

function deadline(ms: number, what: string): { promise: Promise<never>; clear(): void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new JanusUnavailable(`janus: no answer to ${what} in ${ms} ms`)),
      ms,
    );
  });
  return { promise, clear: () => clearTimeout(timer) };
}

/** A socket error event, an Error, a string: something a log line can say. */
function describe(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (err && typeof err === 'object' && 'message' in err && typeof err.message === 'string') {
    return err.message;
  }
  return typeof err === 'string' ? err : 'connection failed';
}

export class JanusRooms {
  private current: Promise<Handle> | null = null;
  private closed = false;
  private readonly log: Logger | undefined;

  private constructor(private readonly options: JanusRoomsOptions) {
    this.log = options.logger?.child({ component: 'janus-rooms' });
  }

  /** Connects now, so that a wrong URL or API secret shows at start rather than at a visit. */
  static async connect(options: JanusRoomsOptions): Promise<JanusRooms> {
    const rooms = new JanusRooms(options);
    await rooms.handle();
    return rooms;
  }

  /** Creates the visit's room, or finds the one made by an earlier attempt (created: false). */
  async createRoom(input: CreateRoomInput): Promise<{ room: string; created: boolean }> {
    if (!Number.isInteger(input.publishers) || input.publishers < 1) {
      throw new RangeError(`publishers must be a positive integer, not ${input.publishers}`);
    }
    const room = roomIdFor(input.sessionKey);
    if (await this.exists(room)) return { room, created: false };
    const started = performance.now();
    try {
      await this.request('create', {
        request: 'create',
        room,
        admin_key: this.options.adminKey,
        description: input.description,
        secret: input.secret,
        pin: input.pin,
        publishers: input.publishers,
        is_private: true,
        permanent: false,
        // Token-protected: only tokens added with `allow` may join (with the PIN as well).
        allowed: [],
      });
    } catch (err) {
      // Another attempt created it between our `exists` and our `create`.
      if (err instanceof JanusRoomError && err.code === JanusCode.roomExists) {
        return { room, created: false };
      }
      throw err;
    }
    this.log?.info(
      { room, durationMs: Math.round(performance.now() - started) },
      'video room created',
    );
    return { room, created: true };
  }

  async exists(room: string): Promise<boolean> {
    const data = await this.request('exists', { request: 'exists', room });
    return parse(existsAnswer, data, 'exists').exists;
  }

  /** Our rooms (private ones included: the admin_key lists them), not other tenants' of Janus. */
  async listRooms(): Promise<RoomSummary[]> {
    const data = await this.request('list', { request: 'list', admin_key: this.options.adminKey });
    return parse(listAnswer, data, 'list')
      .list.filter((r) => r.room.startsWith(ROOM_PREFIX))
      .map((r) => ({
        room: r.room,
        description: r.description,
        participants: r.num_participants,
        maxPublishers: r.max_publishers,
        pinRequired: r.pin_required,
      }));
  }

  /** Destroys one of our rooms; a room already gone gives destroyed: false. */
  async destroyRoom(room: string, secret: string): Promise<{ destroyed: boolean }> {
    if (!room.startsWith(ROOM_PREFIX)) throw new RangeError(`not a Percorsi room: ${room}`);
    const started = performance.now();
    try {
      await this.request('destroy', { request: 'destroy', room, secret, permanent: false });
    } catch (err) {
      if (err instanceof JanusRoomError && err.code === JanusCode.noSuchRoom) {
        return { destroyed: false };
      }
      throw err;
    }
    this.log?.info(
      { room, durationMs: Math.round(performance.now() - started) },
      'video room destroyed',
    );
    return { destroyed: true };
  }

  /** Lets the holders of `tokens` join the room (its ACL; the PIN is still needed). */
  async allow(room: string, secret: string, tokens: string[]): Promise<void> {
    await this.request('allowed', {
      request: 'allowed',
      room,
      secret,
      action: 'add',
      allowed: tokens,
    });
  }

  /** Takes `tokens` off the room's ACL (a room already gone is not an error). */
  async disallow(room: string, secret: string, tokens: string[]): Promise<void> {
    try {
      await this.request('allowed', {
        request: 'allowed',
        room,
        secret,
        action: 'remove',
        allowed: tokens,
      });
    } catch (err) {
      if (err instanceof JanusRoomError && err.code === JanusCode.noSuchRoom) return;
      throw err;
    }
  }

  /** Removes a participant from the room now (a hang-up the clinician decided, a revoked token). */
  async kick(room: string, secret: string, participant: string): Promise<void> {
    try {
      await this.request('kick', { request: 'kick', room, secret, id: participant });
    } catch (err) {
      if (
        err instanceof JanusRoomError &&
        (err.code === JanusCode.noSuchRoom || err.code === JanusCode.noSuchFeed)
      ) {
        return;
      }
      throw err;
    }
  }

  /** Who is in the room now. Display names may identify people: do not log them. */
  async listParticipants(room: string): Promise<Participant[]> {
    const data = await this.request('listparticipants', { request: 'listparticipants', room });
    return parse(participantsAnswer, data, 'listparticipants').participants.map((p) => ({
      id: p.id,
      display: p.display ?? null,
      publisher: p.publisher,
    }));
  }

  /** Ends the Janus session (so Janus frees it now, not at its timeout) and the connection. */
  async close(): Promise<void> {
    this.closed = true;
    const current = this.current;
    this.current = null;
    if (!current) return;
    const handle = await current.catch(() => null);
    if (!handle) return;
    const limit = deadline(2000, 'destroy session');
    await Promise.race([handle.session.destroy(), limit.promise]).catch(() => undefined);
    limit.clear();
    await handle.connection.close().catch(() => undefined);
  }

  /** Sends one videoroom request; its answer's plugin data. */
  private async request(
    operation: string,
    body: Record<string, unknown>,
    retried = false,
  ): Promise<Record<string, unknown>> {
    const current = this.handle();
    const handle = await current;
    const limit = deadline(this.options.requestTimeoutMs ?? 10_000, operation);
    try {
      const answer = await Promise.race([
        handle.plugin.sendWithTransaction({ body }),
        handle.lost,
        limit.promise,
      ]);
      const data = answer.getPlainMessage().plugindata?.data;
      if (!data) throw new JanusUnavailable(`janus: ${operation} answered without plugin data`);
      return data;
    } catch (err) {
      if (err instanceof Janus.Error) {
        if (err.code === JanusCode.sessionNotFound || err.code === JanusCode.handleNotFound) {
          // Janus refused before doing anything: safe to send once more on a new session.
          this.drop(current);
          if (!retried) return this.request(operation, body, true);
          throw new JanusUnavailable(`janus lost our session during ${operation}`, { cause: err });
        }
        throw new JanusRoomError(operation, err.code, err.message);
      }
      this.drop(current);
      if (err instanceof JanusUnavailable) throw err;
      throw new JanusUnavailable(`janus: ${operation} failed: ${describe(err)}`, { cause: err });
    } finally {
      limit.clear();
    }
  }

  private handle(): Promise<Handle> {
    if (this.closed) return Promise.reject(new Error('JanusRooms is closed'));
    if (!this.current) {
      const opening = this.open();
      this.current = opening;
      // Forget a lost handle at once: a request sent on it would only wait for its timeout.
      opening.then((h) => h.lost).catch(() => this.drop(opening));
    }
    return this.current;
  }

  /** Forgets a handle (the next call opens a new one) and closes its connection. */
  private drop(handle: Promise<Handle>): void {
    if (this.current !== handle) return;
    this.current = null;
    handle.then(
      (h) => void h.connection.close().catch(() => undefined),
      () => undefined,
    );
  }

  private async open(): Promise<Handle> {
    const { url, apiSecret } = this.options;
    const budget = this.options.connectTimeoutMs ?? 5000;
    const client = new Janus.Client(url, {
      token: '',
      apisecret: apiSecret,
      keepalive: KEEPALIVE_MS,
    });
    const connecting = client.createConnection('percorsi');
    const limit = deadline(budget, 'connect');
    let connection: Connection;
    try {
      connection = await Promise.race([connecting, limit.promise]);
    } catch (err) {
      // A connection that opens after we gave up must not stay open.
      connecting.then((c) => void c.close().catch(() => undefined)).catch(() => undefined);
      throw err instanceof JanusUnavailable
        ? err
        : new JanusUnavailable(`janus unreachable at ${url}: ${describe(err)}`, { cause: err });
    } finally {
      limit.clear();
    }
    let markLost: (err: JanusUnavailable) => void = () => undefined;
    const lost = new Promise<never>((_, reject) => (markLost = reject));
    lost.catch(() => undefined);
    connection.on('error', (err) =>
      this.log?.warn({ url, error: describe(err) }, 'janus connection error'),
    );
    connection.on('close', () =>
      markLost(new JanusUnavailable(`janus closed the connection (${url})`)),
    );
    try {
      const sessionLimit = deadline(budget, 'create session');
      const session = await Promise.race([
        connection.createSession(),
        lost,
        sessionLimit.promise,
      ]).finally(sessionLimit.clear);
      session.on('destroy', () => markLost(new JanusUnavailable('janus session ended')));
      const attachLimit = deadline(budget, 'attach videoroom');
      const plugin = await Promise.race([
        session.attachPlugin('janus.plugin.videoroom'),
        lost,
        attachLimit.promise,
      ]).finally(attachLimit.clear);
      this.log?.debug({ url }, 'janus session open');
      return { connection, session, plugin, lost };
    } catch (err) {
      await connection.close().catch(() => undefined);
      if (err instanceof Janus.Error) throw new JanusRoomError('connect', err.code, err.message);
      if (err instanceof JanusUnavailable) throw err;
      throw new JanusUnavailable(`janus: connect failed: ${describe(err)}`, { cause: err });
    }
  }
}

function parse<T extends z.ZodType>(schema: T, data: unknown, operation: string): z.output<T> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw new JanusUnavailable(`janus: unexpected answer to ${operation}: ${parsed.error.message}`);
  }
  return parsed.data;
}
