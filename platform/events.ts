import { EventEmitter } from 'node:events';
import pg from 'pg';
import { z } from 'zod';
import type { Logger } from './logger.js';

/**
 * The platform's event bus: workers say what changed, API processes tell the browsers. Events
 * carry ids only; whoever receives one reads the rows it names, scoped by its tenant. The bus
 * is a hint, not a record: the database is the truth, a browser that missed an event catches
 * up by reading, and an event delivered twice changes nothing.
 *
 * One process (SQLite, `npm start`): an in-process emitter. PostgreSQL: LISTEN/NOTIFY on one
 * channel, so every API replica hears what any worker replica publishes.
 */

const ids = z.array(z.string().min(1));

export const careChanged = z.object({
  kind: z.literal('care.changed'),
  tenantId: z.string().min(1),
  enrolmentId: z.string().min(1),
  patientId: z.string().min(1),
  status: z.string().min(1),
  alertIds: ids,
  workItemIds: ids,
  notificationIds: ids,
});

/** In-app messages were delivered (their notification ids). */
export const messagesCreated = z.object({
  kind: z.literal('message.created'),
  tenantId: z.string().min(1),
  notificationIds: ids,
});

export const platformEvent = z.discriminatedUnion('kind', [careChanged, messagesCreated]);
export type PlatformEvent = z.infer<typeof platformEvent>;
export type CareChanged = z.infer<typeof careChanged>;

/**
 * What a subscriber receives: an event, or `bus.resync` after the bus lost and regained its
 * connection (events of the gap are gone: listeners tell their clients to read afresh).
 */
export type BusSignal = PlatformEvent | { kind: 'bus.resync' };

export interface EventBus {
  readonly transport: 'in-process' | 'postgres';
  /** Fire and forget for the caller: resolves once the event is handed to the transport. */
  publish(event: PlatformEvent): Promise<void>;
  /** Handlers run one event at a time, in the order the bus delivers them. */
  subscribe(handler: (signal: BusSignal) => void | Promise<void>): () => void;
  /** Resolves when subscribers will hear events published from now on. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; stay well below. */
export const MAX_PAYLOAD_BYTES = 7500;

/** Splits an event whose id lists would not fit one NOTIFY into several that each fit. */
export function splitForWire(event: PlatformEvent, max = MAX_PAYLOAD_BYTES): PlatformEvent[] {
  if (Buffer.byteLength(JSON.stringify(event)) <= max) return [event];
  const halve = (list: string[]): [string[], string[]] => {
    if (list.length <= 1) {
      throw new Error(`event ${event.kind} cannot be made smaller than ${max} bytes`);
    }
    const half = Math.ceil(list.length / 2);
    return [list.slice(0, half), list.slice(half)];
  };
  // The longest list is halved; both halves keep the other lists (a repeated id is harmless,
  // a missing one is not).
  let parts: PlatformEvent[];
  if (event.kind === 'message.created') {
    parts = halve(event.notificationIds).map((notificationIds) => ({ ...event, notificationIds }));
  } else {
    const lists = ['alertIds', 'workItemIds', 'notificationIds'] as const;
    const longest = [...lists].sort((a, b) => event[b].length - event[a].length)[0]!;
    parts = halve(event[longest]).map((ids) => ({ ...event, [longest]: ids }));
  }
  return parts.flatMap((e) => splitForWire(e, max));
}

/** Runs handlers one signal at a time, so a slow handler never reorders what follows. */
class Dispatcher {
  private readonly handlers = new Set<(signal: BusSignal) => void | Promise<void>>();
  private chain: Promise<void> = Promise.resolve();
  constructor(private readonly logger: Logger) {}

  get size(): number {
    return this.handlers.size;
  }

  add(handler: (signal: BusSignal) => void | Promise<void>): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  dispatch(signal: BusSignal): void {
    const handlers = [...this.handlers];
    this.chain = this.chain.then(async () => {
      for (const h of handlers) {
        try {
          await h(signal);
        } catch (err) {
          this.logger.warn({ err, kind: signal.kind }, 'event handler failed');
        }
      }
    });
  }

  idle(): Promise<void> {
    return this.chain;
  }
}

/** The single-process bus: what the worker publishes, the API in the same process hears. */
export class InProcessEventBus implements EventBus {
  readonly transport = 'in-process' as const;
  private readonly emitter = new EventEmitter();
  private readonly dispatcher: Dispatcher;

  constructor(logger: Logger) {
    this.dispatcher = new Dispatcher(logger);
    this.emitter.on('event', (e: PlatformEvent) => this.dispatcher.dispatch(e));
  }

  async publish(event: PlatformEvent): Promise<void> {
    // Same validation as the wire: a bad event fails here, in tests, not in a browser.
    const parsed = platformEvent.parse(event);
    this.emitter.emit('event', parsed);
  }

  subscribe(handler: (signal: BusSignal) => void | Promise<void>): () => void {
    return this.dispatcher.add(handler);
  }

  ready(): Promise<void> {
    return Promise.resolve();
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
    await this.dispatcher.idle();
  }
}

export interface PgEventBusOptions {
  connectionString: string;
  /** Publishes through the app's pool (one short statement per event). */
  notify: (channel: string, payload: string) => Promise<void>;
  logger: Logger;
  channel?: string;
}

export const DEFAULT_CHANNEL = 'percorsi_events';

/**
 * LISTEN/NOTIFY. Publishing uses the app's pool; listening holds one dedicated connection,
 * opened on the first subscribe (a worker-only process never listens) and reopened with
 * backoff when it drops, after which subscribers get `bus.resync`.
 */
export class PgEventBus implements EventBus {
  readonly transport = 'postgres' as const;
  private readonly channel: string;
  private readonly dispatcher: Dispatcher;
  private client: pg.Client | null = null;
  private listening: Promise<void> | null = null;
  private closed = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private failures = 0;

  constructor(private readonly options: PgEventBusOptions) {
    this.channel = options.channel ?? DEFAULT_CHANNEL;
    if (!/^[a-z_][a-z0-9_]*$/.test(this.channel)) throw new Error('bad channel name');
    this.dispatcher = new Dispatcher(options.logger);
  }

  async publish(event: PlatformEvent): Promise<void> {
    for (const part of splitForWire(platformEvent.parse(event))) {
      await this.options.notify(this.channel, JSON.stringify(part));
    }
  }

  subscribe(handler: (signal: BusSignal) => void | Promise<void>): () => void {
    const off = this.dispatcher.add(handler);
    this.listening ??= this.listen(false);
    return off;
  }

  async ready(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.listening && !this.client && !this.closed) {
      const attempt = this.listening;
      await attempt;
      if (this.client || this.closed) return;
      if (Date.now() > deadline) throw new Error('event bus: cannot LISTEN on PostgreSQL');
      // The attempt failed and a retry is scheduled: wait for it to start.
      if (this.listening === attempt) await new Promise((r) => setTimeout(r, 100));
    }
  }

  private async listen(resync: boolean): Promise<void> {
    const client = new pg.Client({
      connectionString: this.options.connectionString,
      keepAlive: true,
      application_name: 'percorsi-events',
    });
    client.on('notification', (msg) => {
      if (msg.channel !== this.channel || !msg.payload) return;
      let event: PlatformEvent;
      try {
        event = platformEvent.parse(JSON.parse(msg.payload));
      } catch (err) {
        this.options.logger.warn({ err }, 'ignored a malformed bus event');
        return;
      }
      this.dispatcher.dispatch(event);
    });
    const lost = (err?: Error) => {
      if (this.client !== client) return;
      this.client = null;
      client.removeAllListeners('error');
      client.on('error', () => undefined);
      void client.end().catch(() => undefined);
      if (this.closed) return;
      this.options.logger.warn({ err }, 'event bus connection lost; reconnecting');
      this.reconnectLater();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.connect();
      await client.query(`listen ${this.channel}`);
    } catch (err) {
      client.removeAllListeners('end');
      client.removeAllListeners('error');
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
      if (this.closed) return;
      this.options.logger.warn({ err }, 'event bus cannot listen yet; retrying');
      this.reconnectLater();
      return;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.failures = 0;
    if (resync) {
      this.options.logger.info('event bus listening again');
      this.dispatcher.dispatch({ kind: 'bus.resync' });
    }
  }

  private reconnectLater(): void {
    if (this.retryTimer || this.closed) return;
    this.failures += 1;
    const delay = Math.min(10_000, 250 * 2 ** Math.min(this.failures, 6));
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.listening = this.listen(true);
    }, delay);
    this.retryTimer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.listening?.catch(() => undefined);
    const client = this.client;
    this.client = null;
    if (client) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
    }
    await this.dispatcher.idle();
  }
}
