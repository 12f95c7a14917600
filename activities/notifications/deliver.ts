import type { Stores } from '../../db/stores/index.js';
import {
  channels,
  patientRecipient,
  roleRecipient,
  type Channel,
  type Delivery,
  type OutboxNotification,
  type PlannedDelivery,
} from '../../db/stores/notification-store.js';
import type { EventBus } from '../../platform/events.js';
import type { Logger } from '../../platform/logger.js';
import { announceInApp, deliverInApp } from './in-app.js';
import {
  PermanentDeliveryError,
  deliveryReference,
  type NotificationProviders,
  type OutgoingMessage,
  type SendReceipt,
} from './provider.js';

/**
 * Delivery of outbox notifications, channel by channel and recipient by recipient:
 *
 * 1. plan: the notification's delivery rows are written once (who gets it on which channel;
 *    held where no provider is configured, failed where there is no address);
 * 2. claim: a row goes pending → sending under this attempt's token, by one conditional
 *    UPDATE; a row already sent, or held by another live attempt, is not touched;
 * 3. send, then record the answer under the same token: sent, failed (refused for good) or
 *    back to pending (to be retried by Temporal; on the last attempt, failed).
 */

export interface DeliveryAttempt {
  /** Unique per activity attempt: `<workflow>/<run>/<activity>/<attempt>`. */
  token: string;
  /** This activity's earlier attempts: their claims are over (Temporal retried past them). */
  earlierTokens: string[];
  /** No retry follows: a transient failure now is recorded as failed. */
  finalAttempt: boolean;
}

export interface DeliveryReport {
  notifications: number;
  sent: number;
  held: number;
  failed: number;
  /** Deliveries that must be tried again (transient failure, or claimed by someone else). */
  retry: string[];
  /** Deliveries a provider refused for good in this attempt. */
  rejected: string[];
}

export interface DeliveryDeps {
  stores: Stores;
  logger: Logger;
  bus?: EventBus | undefined;
  providers: NotificationProviders;
  /** A claim older than this is taken over (its holder is gone). */
  leaseMs: number;
}

/** Clinicians who see an in-app message to an engine role (consultants are doctors here). */
export function inAppRoles(to: string): string[] {
  switch (to) {
    case 'nurse':
      return ['nurse'];
    case 'doctor':
    case 'consultant':
      return ['doctor'];
    case 'emergency':
      // The 118 centre is not a user of Percorsi: the tenant's clinicians must know it was called.
      return ['nurse', 'doctor'];
    default:
      return [];
  }
}

const isPatientSide = (to: string) => to === 'patient' || to === 'caregiver';

const providerMissing: Record<Exclude<Channel, 'in-app'>, string> = {
  email: 'no SMTP server configured (SMTP_URL): kept in the outbox',
  sms: 'no SMS gateway configured (SMS_GATEWAY_URL): kept in the outbox',
};

/** Who receives a notification on each of its channels, decided once. */
async function planOf(deps: DeliveryDeps, n: OutboxNotification): Promise<PlannedDelivery[]> {
  const wanted = channels.filter((c) => n.channels.includes(c));
  const patientSide = isPatientSide(n.to);
  const needsContact = patientSide && wanted.some((c) => c !== 'in-app');
  const patient = needsContact ? await deps.stores.patients.get(n.tenantId, n.patientId) : null;
  const planned: PlannedDelivery[] = [];
  for (const channel of wanted) {
    if (channel === 'in-app') {
      const recipients = patientSide
        ? [patientRecipient(n.patientId)]
        : inAppRoles(n.to).map(roleRecipient);
      for (const recipient of recipients) {
        planned.push({ channel, recipient, status: 'pending', lastError: null });
      }
      if (!recipients.length) {
        planned.push({
          channel,
          recipient: roleRecipient(n.to),
          status: 'failed',
          lastError: `no in-app inbox for role ${n.to}`,
        });
      }
      continue;
    }
    const address = patientSide ? (channel === 'email' ? patient?.email : patient?.phone) : null;
    if (!address) {
      planned.push({
        channel,
        recipient: patientSide ? patientRecipient(n.patientId) : roleRecipient(n.to),
        status: 'failed',
        lastError: patientSide
          ? `the patient has no ${channel === 'email' ? 'e-mail address' : 'mobile number'}`
          : `Percorsi keeps no ${channel === 'email' ? 'e-mail address' : 'mobile number'} for role ${n.to}`,
      });
      continue;
    }
    const configured = deps.providers[channel] !== null;
    planned.push({
      channel,
      recipient: address,
      status: configured ? 'pending' : 'held',
      lastError: configured ? null : providerMissing[channel],
    });
  }
  // A channel the engine named but this version does not know is kept visible, not dropped.
  for (const other of n.channels.filter((c) => !(channels as readonly string[]).includes(c))) {
    planned.push({
      channel: other as Channel,
      recipient: patientSide ? patientRecipient(n.patientId) : roleRecipient(n.to),
      status: 'failed',
      lastError: `unknown channel ${other}`,
    });
  }
  return planned;
}

async function compose(
  deps: DeliveryDeps,
  n: OutboxNotification,
  d: Delivery,
): Promise<OutgoingMessage> {
  const locale = await deps.stores.notifications.patientLocale(n.tenantId, n.patientId);
  const [first, second] = locale === 'en' ? (['en', 'it'] as const) : (['it', 'en'] as const);
  const reference = deliveryReference(n.key, d.channel, d.recipient);
  if (d.channel === 'sms') {
    return { reference, to: d.recipient, subject: '', text: n.message[first] };
  }
  const subject =
    locale === 'en'
      ? 'A message from your care pathway / Un messaggio dal tuo percorso di cura'
      : 'Un messaggio dal tuo percorso di cura / A message from your care pathway';
  return {
    reference,
    to: d.recipient,
    subject,
    text: `${n.message[first]}\n\n---\n\n${n.message[second]}\n`,
  };
}

export async function deliverNotifications(
  deps: DeliveryDeps,
  keys: string[],
  attempt: DeliveryAttempt,
): Promise<DeliveryReport> {
  const { stores, logger } = deps;
  const report: DeliveryReport = {
    notifications: 0,
    sent: 0,
    held: 0,
    failed: 0,
    retry: [],
    rejected: [],
  };
  const notifications = await stores.notifications.getByKeys(keys);
  report.notifications = notifications.length;
  for (const n of notifications) {
    if (n.status === 'pending') await stores.notifications.plan(n.id, await planOf(deps, n));
  }
  const byId = new Map(notifications.map((n) => [n.id, n]));
  const deliveries = await stores.notifications.deliveriesOf(notifications.map((n) => n.id));
  const inAppDelivered: { tenantId: string; notificationId: string }[] = [];
  const staleBefore = new Date(Date.now() - deps.leaseMs).toISOString();

  for (const d of deliveries) {
    const n = byId.get(d.notificationId)!;
    const log = { tenantId: n.tenantId, enrolmentId: n.enrolmentId, deliveryId: d.id };
    if (d.status === 'sent') report.sent += 1;
    if (d.status === 'held') report.held += 1;
    if (d.status === 'failed') report.failed += 1;
    if (d.status !== 'pending' && d.status !== 'sending') continue;

    const claimed = await stores.notifications.claim(d.id, attempt.token, {
      staleBefore,
      earlierTokens: attempt.earlierTokens,
    });
    if (!claimed) {
      // Sent or given up by someone else meanwhile, or still in another live attempt's hands.
      const now = await stores.notifications.getDelivery(d.id);
      if (now?.status === 'sent') report.sent += 1;
      else if (now?.status === 'failed') report.failed += 1;
      else report.retry.push(d.id);
      continue;
    }
    if (d.status === 'sending') {
      // The previous holder died between claiming and recording: it may have sent. The
      // message goes again with the same reference (Message-ID / gateway reference).
      logger.warn({ ...log, channel: d.channel }, 'retaking an interrupted delivery');
    }

    if (claimed.channel === 'in-app') {
      if (await deliverInApp(stores.notifications, claimed.id, attempt.token)) {
        report.sent += 1;
        inAppDelivered.push({ tenantId: n.tenantId, notificationId: n.id });
      }
      continue;
    }
    const provider = deps.providers[claimed.channel];
    let receipt: SendReceipt;
    try {
      // Planned by a worker with a provider, taken by one without: another may have it.
      if (!provider) throw new Error(`no ${claimed.channel} provider configured in this worker`);
      receipt = await provider.send(await compose(deps, n, claimed));
    } catch (err) {
      const message = (err as Error).message || String(err);
      if (err instanceof PermanentDeliveryError) {
        await stores.notifications.markFailed(claimed.id, attempt.token, message);
        report.failed += 1;
        report.rejected.push(claimed.id);
        logger.warn({ ...log, channel: claimed.channel, err: message }, 'notification refused');
      } else if (attempt.finalAttempt) {
        await stores.notifications.markFailed(
          claimed.id,
          attempt.token,
          `gave up after ${claimed.attempts} attempts: ${message}`,
        );
        report.failed += 1;
        logger.error({ ...log, channel: claimed.channel, err: message }, 'notification given up');
      } else {
        await stores.notifications.release(claimed.id, attempt.token, message);
        report.retry.push(claimed.id);
        logger.warn(
          { ...log, channel: claimed.channel, err: message },
          'notification will be retried',
        );
      }
      continue;
    }
    // A crash right here (sent, not yet recorded) is the one window where a message can go
    // twice: the next attempt retakes the claim and sends it again under the same reference.
    await stores.notifications.markSent(claimed.id, attempt.token, receipt.providerMessageId);
    report.sent += 1;
    logger.info({ ...log, channel: claimed.channel }, 'notification sent');
  }
  await announceInApp(deps.bus, inAppDelivered);
  return report;
}
