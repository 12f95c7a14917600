import assert from 'node:assert/strict';
import pino from 'pino';
import { createDb, type Db } from '../../db/connection.js';
import {
  InProcessEventBus,
  PgEventBus,
  type BusSignal,
  type EventBus,
  type PlatformEvent,
} from '../../platform/events.js';
import { waitFor } from '../support/api-client.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';

const logger = pino({ level: 'silent' });

const care = (
  n: number,
  extra: Partial<Extract<PlatformEvent, { kind: 'care.changed' }>> = {},
): PlatformEvent => ({
  kind: 'care.changed',
  tenantId: 't-a',
  enrolmentId: `enr-${n}`,
  patientId: 'p-1',
  status: 'active',
  alertIds: [`enr-${n}/alert-1`],
  workItemIds: [],
  notificationIds: [],
  ...extra,
});

function collect(bus: EventBus): BusSignal[] {
  const seen: BusSignal[] = [];
  bus.subscribe((s) => {
    seen.push(s);
  });
  return seen;
}

describe('event bus: in process', () => {
  it('delivers to every subscriber in publish order, and refuses a malformed event', async () => {
    const bus = new InProcessEventBus(logger);
    const a = collect(bus);
    const b = collect(bus);
    for (let i = 0; i < 5; i++) await bus.publish(care(i));
    await waitFor('both subscribers', async () => a.length === 5 && b.length === 5);
    assert.deepEqual(
      a.map((s) => (s.kind === 'care.changed' ? s.enrolmentId : s.kind)),
      ['enr-0', 'enr-1', 'enr-2', 'enr-3', 'enr-4'],
    );
    await assert.rejects(bus.publish({ kind: 'care.changed', tenantId: '' } as PlatformEvent));
    await bus.close();
  });
});

/** The cross-process bus: two buses on one database stand for a worker and an API replica. */
describe('event bus: PostgreSQL LISTEN/NOTIFY', function () {
  this.timeout(60_000);
  let database: TestDatabase;
  let db: Db;
  const buses: PgEventBus[] = [];

  const pgBus = () => {
    if (database.config.client !== 'pg') throw new Error('pg expected');
    const bus = new PgEventBus({
      connectionString: database.config.connectionString,
      logger,
      notify: async (channel, payload) => {
        await db.raw('select pg_notify(?, ?)', [channel, payload]);
      },
    });
    buses.push(bus);
    return bus;
  };

  before(async () => {
    database = await createTestDatabase('pg');
    db = createDb(database.config);
  });
  after(async () => {
    for (const b of buses) await b.close();
    await db?.destroy();
    await database?.drop();
  });

  it('carries what one process publishes to every listening process, in order', async () => {
    const worker = pgBus();
    const apiA = pgBus();
    const apiB = pgBus();
    const seenA = collect(apiA);
    const seenB = collect(apiB);
    await Promise.all([apiA.ready(), apiB.ready()]);
    for (let i = 0; i < 20; i++) await worker.publish(care(i));
    await waitFor(
      '20 events on both replicas',
      async () => seenA.length === 20 && seenB.length === 20,
    );
    assert.deepEqual(seenA, seenB);
    assert.deepEqual(
      seenA.map((s) => (s.kind === 'care.changed' ? s.enrolmentId : s.kind)),
      Array.from({ length: 20 }, (_, i) => `enr-${i}`),
    );
  });

  it('splits an event too large for one NOTIFY and loses no id', async () => {
    const worker = pgBus();
    const api = pgBus();
    const seen = collect(api);
    await api.ready();
    // ~400 alert ids of ~45 bytes: well over PostgreSQL's 8000-byte payload limit.
    const alertIds = Array.from(
      { length: 400 },
      (_, i) => `0b7f2a6e-1111-4c1e-9a55-5d1d3c2b${String(i).padStart(4, '0')}/alert-${i}`,
    );
    await worker.publish(care(99, { alertIds }));
    await waitFor('all parts', async () => {
      const got = new Set(seen.flatMap((s) => (s.kind === 'care.changed' ? s.alertIds : [])));
      return got.size === alertIds.length;
    });
    assert.ok(seen.length > 1, `split into ${seen.length} events`);
  });

  it('ignores a malformed payload and goes on', async () => {
    const api = pgBus();
    const seen = collect(api);
    await api.ready();
    await db.raw(`select pg_notify('percorsi_events', '{"kind":"care.changed"}')`);
    await db.raw(`select pg_notify('percorsi_events', 'not json')`);
    await pgBus().publish(care(7));
    await waitFor('the good event', async () => seen.length === 1);
    assert.equal(seen[0]?.kind, 'care.changed');
  });

  it('reconnects when its connection is killed, and tells subscribers to resync', async () => {
    const worker = pgBus();
    const api = pgBus();
    const seen = collect(api);
    await api.ready();
    // The database drops every listening connection (a failover, an idle-kill by a proxy).
    await db.raw(
      `select pg_terminate_backend(pid) from pg_stat_activity
        where application_name = 'percorsi-events' and datname = current_database()`,
    );
    await waitFor('a resync signal', async () => seen.some((s) => s.kind === 'bus.resync'));
    await worker.publish(care(42));
    await waitFor('events after the reconnect', async () =>
      seen.some((s) => s.kind === 'care.changed' && s.enrolmentId === 'enr-42'),
    );
  });
});
