import assert from 'node:assert/strict';
import pino from 'pino';
import { deliverNotifications, type DeliveryDeps } from '../../activities/notifications/deliver.js';
import {
  PermanentDeliveryError,
  type ChannelProvider,
  type OutgoingMessage,
} from '../../activities/notifications/provider.js';
import { createDb, type Db } from '../../db/connection.js';
import { migrateDownAll, migrateLatest } from '../../db/migrate.js';
import type { Stores } from '../../db/stores/index.js';
import type { EngineCommand } from '../../pathways/engine.js';
import {
  createTestDatabase,
  dialects,
  type TestDatabase,
  storesWithPatient,
} from '../support/databases.js';

const t = (it: string) => ({ it, en: `${it} (en)` });
const past = '2000-01-01T00:00:00.000Z';
const future = () => new Date(Date.now() + 60_000).toISOString();

/** Records what it was asked to send; `answer` decides the outcome per message. */
function recordingProvider(
  channel: 'email' | 'sms',
  answer: (m: OutgoingMessage, n: number) => 'ok' | 'refuse' | 'fail' = () => 'ok',
): ChannelProvider & { sent: OutgoingMessage[]; calls: number } {
  const p = {
    channel,
    sent: [] as OutgoingMessage[],
    calls: 0,
    async send(m: OutgoingMessage) {
      p.calls += 1;
      // A real provider takes a moment: concurrent deliveries overlap here.
      await new Promise((r) => setTimeout(r, 20));
      const a = answer(m, p.calls);
      if (a === 'refuse') throw new PermanentDeliveryError('550 no such mailbox');
      if (a === 'fail') throw new Error('connection reset');
      p.sent.push(m);
      return { providerMessageId: `${channel}-${p.sent.length}` };
    },
  };
  return p;
}

/** Notification delivery rows: claims, plans and inboxes, same suite on SQLite and PostgreSQL. */
for (const dialect of dialects) {
  describe(`notification deliveries on ${dialect}`, function () {
    this.timeout(120_000);
    let database: TestDatabase;
    let db: Db;
    let stores: Stores;
    let enrolmentId: string;
    let patientId: string;
    let otherPatientId: string;
    let seq = 0;
    const users: Record<string, string> = {};

    before(async () => {
      ({ database, db, stores, patientId } = await storesWithPatient(dialect, {
        phone: '+393331234567',
        email: 'mario.rossi@example.it',
      }));
      const other = await stores.patients.upsertByCodiceFiscale({
        tenantId: 't-b',
        codiceFiscale: 'BNCLRA50A41D612X',
        givenName: 'Laura',
        familyName: 'Bianchi',
        birthDate: '1950-01-01',
        sex: 'F',
        phone: null,
        email: null,
      });
      otherPatientId = other.id;
      for (const [name, role, tenantId, pid] of [
        ['a.nurse', 'nurse', 't-a', null],
        ['a.nurse2', 'nurse', 't-a', null],
        ['a.patient', 'patient', 't-a', patientId],
        ['b.nurse', 'nurse', 't-b', null],
      ] as const) {
        const u = await stores.users.upsert({
          tenantId,
          username: name,
          displayName: name,
          role,
          passwordHash: null,
          patientId: pid,
          locale: 'it',
        });
        users[name] = u.id;
      }
      const { enrolment } = await stores.enrolments.createOrGetActive({
        tenantId: 't-a',
        patientId,
        pathwayId: 'prova',
        pathwayVersion: '1.0.0',
        enrolledBy: null,
      });
      enrolmentId = enrolment.id;
    });
    after(async () => {
      await db?.destroy();
      await database?.drop();
    });

    /** Writes notify commands through the care store, as the workflow's activity does. */
    async function notify(
      ...commands: Omit<Extract<EngineCommand, { type: 'notify' }>, 'type' | 'key'>[]
    ): Promise<string[]> {
      seq += 1;
      const cmds: EngineCommand[] = commands.map((c, i) => ({
        type: 'notify',
        key: `step:s${seq}@${seq}#${i}`,
        ...c,
      }));
      await stores.care.apply({
        tenantId: 't-a',
        enrolmentId,
        patientId,
        keyPrefix: `enrolment/t-a/${enrolmentId}/${seq}`,
        at: new Date(Date.UTC(2026, 2, 2, 8, seq)).toISOString(),
        commands: cmds,
        observations: [],
      });
      return cmds.map((c) => `${enrolmentId}/${(c as { key: string }).key}`);
    }

    const deps = (providers: DeliveryDeps['providers']): DeliveryDeps => ({
      stores,
      logger: pino({ level: 'silent' }),
      providers,
      leaseMs: 60_000,
    });
    const attempt = (token: string, earlierTokens: string[] = [], finalAttempt = false) => ({
      token,
      earlierTokens,
      finalAttempt,
    });

    it('plans a notification once: recipients per channel, held without a provider, failed without an address', async () => {
      const [toPatient, toNurse, toEmergency] = await notify(
        { to: 'patient', channels: ['in-app', 'email', 'sms'], message: t('Benvenuto') },
        { to: 'nurse', channels: ['in-app', 'email'], message: t('Presa in carico') },
        { to: 'emergency', channels: ['in-app'], message: t('118 allertato') },
      );
      const email = recordingProvider('email');
      const report = await deliverNotifications(
        deps({ email, sms: null }),
        [toPatient!, toNurse!, toEmergency!],
        attempt('w/r/1/1'),
      );
      assert.deepEqual(report.retry, []);
      const [p, n, e] = await stores.notifications.getByKeys([toPatient!, toNurse!, toEmergency!]);
      const rows = await stores.notifications.deliveriesOf([p!.id, n!.id, e!.id]);
      const view = (id: string) =>
        rows
          .filter((d) => d.notificationId === id)
          .map((d) => [d.channel, d.recipient, d.status])
          .sort();
      assert.deepEqual(view(p!.id), [
        ['email', 'mario.rossi@example.it', 'sent'],
        ['in-app', `patient:${patientId}`, 'sent'],
        ['sms', '+393331234567', 'held'],
      ]);
      assert.deepEqual(view(n!.id), [
        ['email', 'role:nurse', 'failed'],
        ['in-app', 'role:nurse', 'sent'],
      ]);
      assert.deepEqual(view(e!.id), [
        ['in-app', 'role:doctor', 'sent'],
        ['in-app', 'role:nurse', 'sent'],
      ]);
      assert.equal(email.sent.length, 1);
      assert.match(email.sent[0]!.text, /^Benvenuto\n/);
      assert.match(email.sent[0]!.reference, /^[0-9a-f]{32}$/);
      const held = rows.find((d) => d.status === 'held')!;
      assert.match(held.lastError ?? '', /SMS_GATEWAY_URL/);

      // A second plan of the same notification (e.g. the patient's address changed since)
      // adds no recipients: the first plan stands.
      assert.equal(
        await stores.notifications.plan(p!.id, [
          { channel: 'email', recipient: 'new@example.it', status: 'pending', lastError: null },
        ]),
        false,
      );
      assert.equal((await stores.notifications.deliveriesOf([p!.id])).length, 3);
    });

    it('sends each delivery once when the same keys are delivered again, or by several attempts at once', async () => {
      const keys = await notify(
        { to: 'patient', channels: ['email', 'sms'], message: t('Promemoria') },
        { to: 'caregiver', channels: ['sms'], message: t('Promemoria caregiver') },
      );
      const email = recordingProvider('email');
      const sms = recordingProvider('sms');
      // Three deliveries of the same keys race (three workers, or a retry overlapping a
      // delivery still in flight): each message goes out once.
      await Promise.all(
        ['a/1/1/1', 'b/1/1/1', 'c/1/1/1'].map((token) =>
          deliverNotifications(deps({ email, sms }), keys, attempt(token)),
        ),
      );
      assert.equal(email.sent.length, 1);
      // The patient and the caregiver share the patient's number but are two notifications.
      assert.equal(sms.sent.length, 2);
      // Run again later: everything is sent, nothing is called.
      const again = await deliverNotifications(deps({ email, sms }), keys, attempt('d/1/1/1'));
      assert.equal(email.calls + sms.calls, 3);
      assert.equal(again.sent, 3);
      assert.deepEqual(again.retry, []);
    });

    it('claims: one winner, takeover only of a stale claim or an earlier attempt of the same activity', async () => {
      const [key] = await notify({ to: 'patient', channels: ['sms'], message: t('Claim') });
      const [n] = await stores.notifications.getByKeys([key!]);
      await stores.notifications.plan(n!.id, [
        { channel: 'sms', recipient: '+39333', status: 'pending', lastError: null },
      ]);
      const [d] = await stores.notifications.deliveriesOf([n!.id]);
      const fresh = { staleBefore: past, earlierTokens: [] };

      const winners = await Promise.all(
        ['x/1', 'y/1', 'z/1', 'w/1'].map((tok) => stores.notifications.claim(d!.id, tok, fresh)),
      );
      const won = winners.filter((w) => w !== null);
      assert.equal(won.length, 1, 'exactly one claimant wins');
      const holder = won[0]!.attemptToken!;
      assert.equal(won[0]!.status, 'sending');
      assert.equal(won[0]!.attempts, 1);

      // A live claim is not taken over…
      assert.equal(await stores.notifications.claim(d!.id, 'v/1', fresh), null);
      // …except by the next attempt of the same activity (Temporal gave up on the first)…
      const next = await stores.notifications.claim(d!.id, 'v/2', {
        staleBefore: past,
        earlierTokens: [holder],
      });
      assert.equal(next?.attemptToken, 'v/2');
      assert.equal(next?.attempts, 2);
      // …or once it is stale.
      const late = await stores.notifications.claim(d!.id, 'u/1', {
        staleBefore: future(),
        earlierTokens: [],
      });
      assert.equal(late?.attemptToken, 'u/1');

      // The superseded holder cannot record anything.
      assert.equal(await stores.notifications.markSent(d!.id, 'v/2', 'gw-1'), false);
      assert.equal(await stores.notifications.release(d!.id, 'v/2', 'boom'), false);
      // The holder releases (transient failure), claims again, and records the send.
      assert.equal(await stores.notifications.release(d!.id, 'u/1', '503 busy'), true);
      const again = await stores.notifications.claim(d!.id, 'u/2', fresh);
      assert.equal(again?.lastError, '503 busy');
      assert.equal(await stores.notifications.markSent(d!.id, 'u/2', 'gw-7'), true);
      const sent = await stores.notifications.getDelivery(d!.id);
      assert.equal(sent?.status, 'sent');
      assert.equal(sent?.providerMessageId, 'gw-7');
      assert.equal(sent?.lastError, null);
      assert.ok(sent?.sentAt);
      // Sent is final: nobody claims it again, stale or not.
      assert.equal(
        await stores.notifications.claim(d!.id, 't/1', {
          staleBefore: future(),
          earlierTokens: [],
        }),
        null,
      );
    });

    it('records refusals as failed and transient failures as pending, then failed on the last attempt', async () => {
      const keys = await notify(
        { to: 'patient', channels: ['email'], message: t('Rifiutato') },
        { to: 'patient', channels: ['sms'], message: t('Ritentato') },
      );
      const email = recordingProvider('email', () => 'refuse');
      const sms = recordingProvider('sms', () => 'fail');
      const first = await deliverNotifications(deps({ email, sms }), keys, attempt('k/1/1/1'));
      assert.equal(first.rejected.length, 1);
      assert.equal(first.retry.length, 1);
      const notes = await stores.notifications.getByKeys(keys);
      const rows = await stores.notifications.deliveriesOf(notes.map((n) => n.id));
      assert.deepEqual(rows.map((r) => [r.channel, r.status]).sort(), [
        ['email', 'failed'],
        ['sms', 'pending'],
      ]);
      assert.match(rows.find((r) => r.channel === 'email')!.lastError!, /550/);
      // The last attempt gives up on what still fails, and says so.
      const last = await deliverNotifications(
        deps({ email, sms }),
        keys,
        attempt('k/1/1/2', ['k/1/1/1'], true),
      );
      assert.deepEqual(last.retry, []);
      assert.equal(email.calls, 1, 'a refused e-mail is not tried again');
      const smsRow = await stores.notifications.getDelivery(
        rows.find((r) => r.channel === 'sms')!.id,
      );
      assert.equal(smsRow?.status, 'failed');
      assert.equal(smsRow?.attempts, 2);
      assert.match(smsRow?.lastError ?? '', /gave up after 2 attempts: connection reset/);
    });

    it('keeps inboxes per recipient and read marks per user, within the tenant', async () => {
      const [toPatient, toNurse] = await notify(
        { to: 'patient', channels: ['in-app'], message: t('Messaggio al paziente') },
        { to: 'nurse', channels: ['in-app'], message: t('Messaggio agli infermieri') },
      );
      await deliverNotifications(
        deps({ email: null, sms: null }),
        [toPatient!, toNurse!],
        attempt('i/1/1/1'),
      );
      const [, nurseNote] = await stores.notifications.getByKeys([toPatient!, toNurse!]);

      const patientInbox = await stores.notifications.inbox(
        't-a',
        [`patient:${patientId}`],
        users['a.patient']!,
      );
      assert.equal(patientInbox.items[0]?.text.it, 'Messaggio al paziente');
      assert.equal(patientInbox.items[0]?.patientName, 'Mario Rossi');
      assert.ok(
        patientInbox.items.every((m) => !m.text.it.includes('infermieri')),
        'the patient does not see messages to nurses',
      );

      const nurseInbox = () => stores.notifications.inbox('t-a', ['role:nurse'], users['a.nurse']!);
      const before = await nurseInbox();
      assert.equal(before.items[0]?.id, nurseNote!.id, 'newest first');
      assert.equal(before.items[0]?.readAt, null);
      await stores.notifications.markRead('t-a', nurseNote!.id, users['a.nurse']!);
      await stores.notifications.markRead('t-a', nurseNote!.id, users['a.nurse']!);
      const afterRead = await nurseInbox();
      assert.ok(afterRead.items[0]?.readAt);
      assert.equal(afterRead.unread, before.unread - 1);
      const unreadOnly = await stores.notifications.inbox(
        't-a',
        ['role:nurse'],
        users['a.nurse']!,
        {
          unreadOnly: true,
        },
      );
      assert.ok(unreadOnly.items.every((m) => m.id !== nurseNote!.id));
      // Another nurse of the tenant still has it unread.
      const colleague = await stores.notifications.inbox('t-a', ['role:nurse'], users['a.nurse2']!);
      assert.equal(colleague.items.find((m) => m.id === nurseNote!.id)?.readAt, null);
      // Another tenant's nurse sees none of this tenant's messages, nor can open one.
      const otherTenant = await stores.notifications.inbox(
        't-b',
        ['role:nurse'],
        users['b.nurse']!,
      );
      assert.deepEqual(otherTenant, { items: [], unread: 0 });
      assert.equal(
        await stores.notifications.inboxMessage(
          't-b',
          ['role:nurse'],
          users['b.nurse']!,
          nurseNote!.id,
        ),
        null,
      );
      assert.equal(await stores.notifications.get('t-b', nurseNote!.id), null);
      assert.ok(otherPatientId);
    });

    it('lists the outbox newest first with deliveries, filtered by status and channel', async () => {
      const all = await stores.notifications.listOutbox('t-a');
      assert.ok(all.length >= 8);
      assert.ok(all[0]!.createdAt >= all.at(-1)!.createdAt);
      const held = await stores.notifications.listOutbox('t-a', { status: 'held' });
      assert.ok(held.length >= 1);
      assert.ok(held.every((n) => n.deliveries.some((d) => d.status === 'held')));
      const failedEmail = await stores.notifications.listOutbox('t-a', {
        status: 'failed',
        channel: 'email',
      });
      assert.ok(failedEmail.some((n) => n.message.it === 'Rifiutato'));
      assert.deepEqual(await stores.notifications.listOutbox('t-b'), []);
      const unplanned = await notify({ to: 'patient', channels: ['in-app'], message: t('Nuovo') });
      const waiting = await stores.notifications.listOutbox('t-a', { status: 'unplanned' });
      assert.deepEqual(
        waiting.map((n) => n.key),
        unplanned,
      );
    });

    it('migrates down and up again', async () => {
      const scratch = await createTestDatabase(dialect);
      const d = createDb(scratch.config);
      try {
        await migrateLatest(d);
        assert.ok(await d.schema.hasTable('notification_deliveries'));
        await migrateDownAll(d);
        assert.equal(await d.schema.hasTable('notification_deliveries'), false);
        assert.equal(await d.schema.hasTable('notification_reads'), false);
        await migrateLatest(d);
        assert.ok(await d.schema.hasTable('notification_reads'));
      } finally {
        await d.destroy();
        await scratch.drop();
      }
    });
  });
}
