import { z } from 'zod';
import type { Stores } from '../../db/stores/index.js';
import {
  channels,
  deliveryStatuses,
  patientRecipient,
  roleRecipient,
  type Delivery,
  type InboxMessage,
  type OutboxEntry,
} from '../../db/stores/notification-store.js';
import { NotFoundError } from '../../platform/errors.js';
import { clinicalRoles } from '../../platform/roles.js';
import type { Identity } from '../auth/session.js';
import { defineRoute } from '../route.js';

const text = z.object({ it: z.string(), en: z.string() });

/** An in-app message as its reader sees it (also the socket's `message.created` payload). */
export const messageDto = z.object({
  /** The notification's id: the same for every reader of a message to a role. */
  id: z.string(),
  enrolmentId: z.string(),
  patientId: z.string(),
  patientName: z.string(),
  /** The role the pathway addressed (patient, caregiver, nurse, doctor, consultant, emergency). */
  to: z.string(),
  text,
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
  /** When this reader marked it read; null: unread. */
  readAt: z.string().nullable(),
});
export type MessageDto = z.infer<typeof messageDto>;

export const toMessageDto = (m: InboxMessage): MessageDto => ({
  id: m.id,
  enrolmentId: m.enrolmentId,
  patientId: m.patientId,
  patientName: m.patientName,
  to: m.to,
  text: m.text,
  createdAt: m.createdAt,
  deliveredAt: m.deliveredAt,
  readAt: m.readAt,
});

const inboxDto = z.object({ items: z.array(messageDto), unread: z.number().int() });

const deliveryDto = z.object({
  id: z.string(),
  channel: z.string(),
  recipient: z.string(),
  status: z.enum(deliveryStatuses),
  attempts: z.number().int(),
  providerMessageId: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});

const outboxEntryDto = z.object({
  id: z.string(),
  key: z.string(),
  enrolmentId: z.string(),
  patientId: z.string(),
  to: z.string(),
  channels: z.array(z.string()),
  text,
  /** pending: not planned yet; planned: see the deliveries. */
  status: z.string(),
  createdAt: z.string(),
  deliveries: z.array(deliveryDto),
});

const toDeliveryDto = (d: Delivery): z.infer<typeof deliveryDto> => ({
  id: d.id,
  channel: d.channel,
  recipient: d.recipient,
  status: d.status,
  attempts: d.attempts,
  providerMessageId: d.providerMessageId,
  lastError: d.lastError,
  createdAt: d.createdAt,
  sentAt: d.sentAt,
});

const toOutboxEntryDto = (n: OutboxEntry): z.infer<typeof outboxEntryDto> => ({
  id: n.id,
  key: n.key,
  enrolmentId: n.enrolmentId,
  patientId: n.patientId,
  to: n.to,
  channels: n.channels,
  text: n.message,
  status: n.status,
  createdAt: n.createdAt,
  deliveries: n.deliveries.map(toDeliveryDto),
});

const messageParams = z.object({ id: z.string().regex(/^\d{1,18}$/, 'a message id') });
const inboxQuery = z.object({
  unread: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** The inbox a user reads: a patient their own messages, a clinician those to their role. */
export function inboxRecipients(identity: Pick<Identity, 'role' | 'patientId'>): string[] {
  if (identity.role === 'patient') {
    return identity.patientId ? [patientRecipient(identity.patientId)] : [];
  }
  return identity.role === 'nurse' || identity.role === 'doctor'
    ? [roleRecipient(identity.role)]
    : [];
}

/**
 * In-app messages (≈ FHIR Communication) and the notification outbox. Patients read their own
 * messages, nurses and doctors those the pathways sent to their role in their tenant, admins
 * the whole outbox with each channel's delivery (held e-mails and SMS included).
 */
export function notificationRoutes(deps: { stores: Stores }) {
  const store = deps.stores.notifications;

  const inboxRoute = (path: string, roles: readonly Identity['role'][], summary: string) =>
    defineRoute({
      method: 'get',
      path,
      summary,
      tags: roles.includes('patient') ? ['patient portal'] : ['worklist'],
      access: { roles },
      query: inboxQuery,
      response: inboxDto,
      async handler({ identity, query, audit }) {
        const recipients = inboxRecipients(identity);
        if (identity.role === 'patient' && !identity.patientId) {
          throw new NotFoundError('this account is not linked to a patient record');
        }
        const inbox = await store.inbox(identity.tenantId, recipients, identity.userId, {
          limit: query.limit,
          unreadOnly: query.unread === 'true',
        });
        await audit({
          action: 'search',
          resourceType: 'Communication',
          ...(identity.patientId ? { patientId: identity.patientId } : {}),
          detail: `${inbox.items.length} results, ${inbox.unread} unread`,
        });
        return { body: { items: inbox.items.map(toMessageDto), unread: inbox.unread } };
      },
    });

  const readRoute = (path: string, roles: readonly Identity['role'][]) =>
    defineRoute({
      method: 'post',
      path,
      summary: 'Marks a message read by the caller (again: keeps the first time)',
      tags: roles.includes('patient') ? ['patient portal'] : ['worklist'],
      access: { roles },
      params: messageParams,
      response: z.object({ message: messageDto }),
      async handler({ identity, params, audit }) {
        const recipients = inboxRecipients(identity);
        const found = await store.inboxMessage(
          identity.tenantId,
          recipients,
          identity.userId,
          params.id,
        );
        if (!found) {
          await audit({
            action: 'update',
            resourceType: 'Communication',
            resourceId: params.id,
            outcome: 'not-found',
          });
          throw new NotFoundError(`message ${params.id} not found`);
        }
        await store.markRead(identity.tenantId, params.id, identity.userId);
        await audit({
          action: 'read-mark',
          resourceType: 'Communication',
          resourceId: params.id,
          patientId: found.patientId,
        });
        const after = await store.inboxMessage(
          identity.tenantId,
          recipients,
          identity.userId,
          params.id,
        );
        return { body: { message: toMessageDto(after ?? found) } };
      },
    });

  return [
    inboxRoute(
      '/me/messages',
      ['patient'],
      "The patient's messages, newest first, with the unread count",
    ),
    readRoute('/me/messages/:id/read', ['patient']),
    inboxRoute(
      '/messages',
      clinicalRoles,
      "Messages the tenant's pathways sent to the caller's role, newest first",
    ),
    readRoute('/messages/:id/read', clinicalRoles),
    defineRoute({
      method: 'get',
      path: '/admin/outbox',
      summary:
        "The tenant's notification outbox, newest first, with each channel's delivery (held e-mails and SMS readable here)",
      tags: ['admin'],
      access: { roles: ['admin'] },
      query: z.object({
        status: z.enum([...deliveryStatuses, 'unplanned']).optional(),
        channel: z.enum(channels).optional(),
        patientId: z.uuid().optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
      response: z.object({ items: z.array(outboxEntryDto) }),
      async handler({ identity, query, audit }) {
        const items = await store.listOutbox(identity.tenantId, query);
        // Recipients and texts are patient data: each patient whose messages were shown is
        // in the audit log, so the patient's own audit trail names this read.
        const patients = [...new Set(items.map((i) => i.patientId))];
        await audit({
          action: 'search',
          resourceType: 'Communication',
          ...(query.patientId ? { patientId: query.patientId } : {}),
          detail: `outbox: ${items.length} results${query.status ? `, status ${query.status}` : ''}`,
        });
        for (const patientId of patients) {
          if (patientId === query.patientId) continue;
          await audit({
            action: 'read',
            resourceType: 'Communication',
            patientId,
            detail: 'outbox',
          });
        }
        return { body: { items: items.map(toOutboxEntryDto) } };
      },
    }),
  ];
}
