import type { Db } from '../connection.js';
import { fromJson, nowIso, toIso, toIsoOrNull } from '../rows.js';
import { markReportDays } from './report-store.js';

/**
 * Delivery of the notification outbox (migrations 003 and 007). The workflow's activity writes
 * `notifications_outbox` rows; delivery plans them into one row per channel and recipient,
 * claims a row before calling a provider, and records the provider's answer under the claim,
 * so a retried or repeated delivery finds the row sent and sends nothing.
 */

export const channels = ['in-app', 'email', 'sms'] as const;
export type Channel = (typeof channels)[number];
export const deliveryStatuses = ['pending', 'sending', 'sent', 'held', 'failed'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export interface OutboxNotification {
  id: string;
  key: string;
  tenantId: string;
  enrolmentId: string;
  patientId: string;
  /** The engine's assignee role (patient, caregiver, nurse, doctor, consultant, emergency). */
  to: string;
  channels: string[];
  message: { it: string; en: string };
  /** pending: deliveries not planned yet; planned: see the deliveries. */
  status: string;
  createdAt: string;
}

export interface Delivery {
  id: string;
  notificationId: string;
  tenantId: string;
  channel: Channel;
  recipient: string;
  status: DeliveryStatus;
  attempts: number;
  attemptToken: string | null;
  claimedAt: string | null;
  providerMessageId: string | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface PlannedDelivery {
  channel: Channel;
  recipient: string;
  status: Extract<DeliveryStatus, 'pending' | 'held' | 'failed'>;
  lastError: string | null;
}

/** An in-app message as one reader sees it. */
export interface InboxMessage {
  id: string;
  enrolmentId: string;
  patientId: string;
  patientName: string;
  to: string;
  text: { it: string; en: string };
  createdAt: string;
  deliveredAt: string | null;
  readAt: string | null;
}

export interface OutboxEntry extends OutboxNotification {
  deliveries: Delivery[];
}

export interface ClaimOptions {
  /** A `sending` row claimed before this instant is taken over (its holder died). */
  staleBefore: string;
  /** Tokens of this activity's earlier attempts: Temporal ran them out, so they hold nothing. */
  earlierTokens: string[];
}

type Stamp = unknown;

interface OutboxRow {
  id: number | string;
  key: string;
  tenant_id: string;
  enrolment_id: string;
  patient_id: string;
  to_role: string;
  channels: unknown;
  message_it: string;
  message_en: string;
  status: string;
  created_at: Stamp;
}

interface DeliveryRow {
  id: number | string;
  notification_id: number | string;
  tenant_id: string;
  channel: Channel;
  recipient: string;
  status: DeliveryStatus;
  attempts: number | string;
  attempt_token: string | null;
  claimed_at: Stamp;
  provider_message_id: string | null;
  last_error: string | null;
  created_at: Stamp;
  sent_at: Stamp;
}

interface InboxRow {
  id: number | string;
  enrolment_id: string;
  patient_id: string;
  given_name: string;
  family_name: string;
  to_role: string;
  message_it: string;
  message_en: string;
  created_at: Stamp;
  sent_at: Stamp;
  read_at: Stamp;
}

const toNotification = (r: OutboxRow): OutboxNotification => ({
  id: String(r.id),
  key: r.key,
  tenantId: r.tenant_id,
  enrolmentId: r.enrolment_id,
  patientId: r.patient_id,
  to: r.to_role,
  channels: fromJson(r.channels),
  message: { it: r.message_it, en: r.message_en },
  status: r.status,
  createdAt: toIso(r.created_at),
});

const toDelivery = (r: DeliveryRow): Delivery => ({
  id: String(r.id),
  notificationId: String(r.notification_id),
  tenantId: r.tenant_id,
  channel: r.channel,
  recipient: r.recipient,
  status: r.status,
  attempts: Number(r.attempts),
  attemptToken: r.attempt_token,
  claimedAt: toIsoOrNull(r.claimed_at),
  providerMessageId: r.provider_message_id,
  lastError: r.last_error,
  createdAt: toIso(r.created_at),
  sentAt: toIsoOrNull(r.sent_at),
});

const toInbox = (r: InboxRow): InboxMessage => ({
  id: String(r.id),
  enrolmentId: r.enrolment_id,
  patientId: r.patient_id,
  patientName: `${r.given_name} ${r.family_name}`,
  to: r.to_role,
  text: { it: r.message_it, en: r.message_en },
  createdAt: toIso(r.created_at),
  deliveredAt: toIsoOrNull(r.sent_at),
  readAt: toIsoOrNull(r.read_at),
});

/** Errors are kept for people to read, not whole stack traces. */
const clip = (text: string) => (text.length > 1000 ? `${text.slice(0, 997)}...` : text);

/** In-app recipients: one patient, or everyone of a clinical role in the tenant. */
export const patientRecipient = (patientId: string) => `patient:${patientId}`;
export const roleRecipient = (role: string) => `role:${role}`;

export class NotificationStore {
  constructor(private readonly db: Db) {}

  async getByKeys(keys: string[]): Promise<OutboxNotification[]> {
    if (!keys.length) return [];
    const rows: OutboxRow[] = await this.db<OutboxRow>('notifications_outbox')
      .whereIn('key', keys)
      .orderBy('id');
    return rows.map(toNotification);
  }

  async get(tenantId: string, id: string): Promise<OutboxNotification | null> {
    if (!/^\d+$/.test(id)) return null;
    const row = await this.db<OutboxRow>('notifications_outbox')
      .where({ tenant_id: tenantId, id })
      .first();
    return row ? toNotification(row) : null;
  }

  /**
   * Writes a notification's deliveries once. The outbox row flips from pending to planned in
   * the same transaction, and only the caller that flips it inserts: two deliveries racing (or
   * a retry after the patient's address changed) cannot plan two different sets of recipients.
   */
  async plan(notificationId: string, planned: PlannedDelivery[]): Promise<boolean> {
    return this.db.transaction(async (trx) => {
      const flipped = await trx('notifications_outbox')
        .where({ id: notificationId, status: 'pending' })
        .update({ status: 'planned' });
      if (!flipped) return false;
      const [row] = await trx<OutboxRow>('notifications_outbox')
        .where({ id: notificationId })
        .select('tenant_id', 'created_at');
      if (!row) return false;
      const now = nowIso();
      await markReportDays(trx, row.tenant_id, [toIso(row.created_at)]);
      if (planned.length) {
        await trx('notification_deliveries')
          .insert(
            planned.map((p) => ({
              notification_id: notificationId,
              tenant_id: row.tenant_id,
              channel: p.channel,
              recipient: p.recipient,
              status: p.status,
              attempts: 0,
              last_error: p.lastError === null ? null : clip(p.lastError),
              created_at: now,
            })),
          )
          .onConflict(['notification_id', 'channel', 'recipient'])
          .ignore();
      }
      return true;
    });
  }

  async deliveriesOf(notificationIds: string[]): Promise<Delivery[]> {
    if (!notificationIds.length) return [];
    const rows: DeliveryRow[] = await this.db<DeliveryRow>('notification_deliveries')
      .whereIn('notification_id', notificationIds)
      .orderBy('id');
    return rows.map(toDelivery);
  }

  async getDelivery(id: string): Promise<Delivery | null> {
    const row = await this.db<DeliveryRow>('notification_deliveries').where({ id }).first();
    return row ? toDelivery(row) : null;
  }

  /**
   * Takes a delivery for sending: pending, or sending under a claim that is stale or was this
   * activity's own earlier attempt. One conditional UPDATE, so of two claimants exactly one
   * wins; null means someone else holds it or it is done.
   */
  async claim(id: string, token: string, options: ClaimOptions): Promise<Delivery | null> {
    const now = nowIso();
    const taken = await this.db('notification_deliveries')
      .where({ id })
      .andWhere((q) => {
        void q.where({ status: 'pending' }).orWhere((s) => {
          void s.where({ status: 'sending' }).andWhere((who) => {
            void who.where('claimed_at', '<', options.staleBefore);
            if (options.earlierTokens.length)
              void who.orWhereIn('attempt_token', options.earlierTokens);
          });
        });
      })
      .update({
        status: 'sending',
        attempt_token: token,
        claimed_at: now,
        attempts: this.db.raw('attempts + 1'),
      });
    if (!taken) return null;
    return this.getDelivery(id);
  }

  /** Records the provider's acceptance, only under the caller's own claim. */
  async markSent(id: string, token: string, providerMessageId: string | null): Promise<boolean> {
    const n = await this.db('notification_deliveries')
      .where({ id, attempt_token: token, status: 'sending' })
      .update({
        status: 'sent',
        provider_message_id: providerMessageId,
        sent_at: nowIso(),
        last_error: null,
      });
    if (n > 0) await this.markReportDay(id);
    return n > 0;
  }

  /** A delivery's outcome changes the notification figures of the day it was raised. */
  private async markReportDay(deliveryId: string): Promise<void> {
    const row = await this.db('notification_deliveries as d')
      .join('notifications_outbox as o', 'o.id', 'd.notification_id')
      .where('d.id', deliveryId)
      .first<{ tenant_id: string; created_at: unknown } | undefined>('o.tenant_id', 'o.created_at');
    if (row) await markReportDays(this.db, row.tenant_id, [toIso(row.created_at)]);
  }

  /** A transient failure: the row goes back to pending for the next attempt. */
  async release(id: string, token: string, error: string): Promise<boolean> {
    const n = await this.db('notification_deliveries')
      .where({ id, attempt_token: token, status: 'sending' })
      .update({ status: 'pending', last_error: clip(error) });
    return n > 0;
  }

  /** A permanent failure (refused by the provider, or retries exhausted). */
  async markFailed(id: string, token: string, error: string): Promise<boolean> {
    const n = await this.db('notification_deliveries')
      .where({ id, attempt_token: token, status: 'sending' })
      .update({ status: 'failed', last_error: clip(error) });
    if (n > 0) await this.markReportDay(id);
    return n > 0;
  }

  /** `userId` null: no reader's marks (every message reads as unread). */
  private inboxQuery(tenantId: string, recipients: string[], userId: string | null) {
    const q = this.db('notification_deliveries as d')
      .join('notifications_outbox as n', 'n.id', 'd.notification_id')
      .join('patients as p', 'p.id', 'n.patient_id')
      .where({ 'd.tenant_id': tenantId, 'd.channel': 'in-app', 'd.status': 'sent' })
      .whereIn('d.recipient', recipients);
    if (userId !== null) {
      void q.leftJoin('notification_reads as r', (j) => {
        j.on('r.notification_id', '=', 'n.id').andOnVal('r.user_id', '=', userId);
      });
    }
    return q;
  }

  private inboxColumns(userId: string | null) {
    return [
      'n.id',
      'n.enrolment_id',
      'n.patient_id',
      'p.given_name',
      'p.family_name',
      'n.to_role',
      'n.message_it',
      'n.message_en',
      'n.created_at',
      'd.sent_at',
      userId !== null ? 'r.read_at' : this.db.raw('null as read_at'),
    ];
  }

  /** In-app messages to any of `recipients`, newest first, with this user's read marks. */
  async inbox(
    tenantId: string,
    recipients: string[],
    userId: string,
    options: { limit?: number; unreadOnly?: boolean } = {},
  ): Promise<{ items: InboxMessage[]; unread: number }> {
    const q = this.inboxQuery(tenantId, recipients, userId);
    if (options.unreadOnly) void q.whereNull('r.read_at');
    const rows = (await q
      .select(this.inboxColumns(userId))
      .orderBy([
        { column: 'n.created_at', order: 'desc' },
        { column: 'n.id', order: 'desc' },
      ])
      .limit(options.limit ?? 100)) as InboxRow[];
    const [count] = await this.inboxQuery(tenantId, recipients, userId)
      .whereNull('r.read_at')
      .countDistinct({ c: 'n.id' });
    // Messages with two recipient rows for one reader (not the case today) would repeat.
    const seen = new Set<string>();
    const items = rows.map(toInbox).filter((m) => !seen.has(m.id) && seen.add(m.id));
    return { items, unread: Number((count as { c?: unknown } | undefined)?.c ?? 0) };
  }

  /** One in-app message, if it reached one of `recipients`; null otherwise. */
  async inboxMessage(
    tenantId: string,
    recipients: string[],
    userId: string | null,
    notificationId: string,
  ): Promise<InboxMessage | null> {
    if (!/^\d+$/.test(notificationId)) return null;
    const row = await this.inboxQuery(tenantId, recipients, userId)
      .where('n.id', notificationId)
      .first<InboxRow | undefined>(this.inboxColumns(userId));
    return row ? toInbox(row) : null;
  }

  /** The language of the patient's own account (Italian when there is none). */
  async patientLocale(tenantId: string, patientId: string): Promise<'it' | 'en'> {
    const row = await this.db('users')
      .where({ tenant_id: tenantId, patient_id: patientId, role: 'patient' })
      .first<{ locale?: string } | undefined>('locale');
    return row?.locale === 'en' ? 'en' : 'it';
  }

  /** Marks a message read by a user; reading it again keeps the first time. */
  async markRead(tenantId: string, notificationId: string, userId: string): Promise<void> {
    await this.db('notification_reads')
      .insert({
        notification_id: notificationId,
        user_id: userId,
        tenant_id: tenantId,
        read_at: nowIso(),
      })
      .onConflict(['notification_id', 'user_id'])
      .ignore();
  }

  /**
   * The tenant's outbox, newest first, each notification with its deliveries. `status` keeps
   * notifications with at least one delivery in that status; `unplanned` those not yet planned.
   */
  async listOutbox(
    tenantId: string,
    f: {
      status?: DeliveryStatus | 'unplanned';
      channel?: Channel;
      patientId?: string;
      limit?: number;
    } = {},
  ): Promise<OutboxEntry[]> {
    const q = this.db<OutboxRow>('notifications_outbox').where({ tenant_id: tenantId });
    if (f.patientId) void q.andWhere({ patient_id: f.patientId });
    if (f.status === 'unplanned') void q.andWhere({ status: 'pending' });
    else if (f.status || f.channel) {
      const sub = this.db('notification_deliveries')
        .select('notification_id')
        .where({ tenant_id: tenantId });
      if (f.status) void sub.andWhere({ status: f.status });
      if (f.channel) void sub.andWhere({ channel: f.channel });
      void q.whereIn('id', sub);
    }
    const rows: OutboxRow[] = await q
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(f.limit ?? 100);
    const notifications = rows.map(toNotification);
    const deliveries = await this.deliveriesOf(notifications.map((n) => n.id));
    return notifications.map((n) => ({
      ...n,
      deliveries: deliveries.filter((d) => d.notificationId === n.id),
    }));
  }
}
