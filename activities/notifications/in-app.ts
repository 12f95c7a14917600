import type { NotificationStore } from '../../db/stores/notification-store.js';
import type { EventBus } from '../../platform/events.js';

/**
 * In-app messages: the outbox row is the message, so delivering one is recording it as
 * delivered (the inbox lists delivered rows) and telling connected browsers through the bus.
 */
export async function deliverInApp(
  store: NotificationStore,
  deliveryId: string,
  token: string,
): Promise<boolean> {
  return store.markSent(deliveryId, token, null);
}

/** One bus event per tenant for the notifications whose in-app messages were delivered now. */
export async function announceInApp(
  bus: EventBus | undefined,
  delivered: { tenantId: string; notificationId: string }[],
): Promise<void> {
  if (!bus || !delivered.length) return;
  const byTenant = new Map<string, string[]>();
  for (const d of delivered) {
    const list = byTenant.get(d.tenantId) ?? [];
    if (!list.includes(d.notificationId)) list.push(d.notificationId);
    byTenant.set(d.tenantId, list);
  }
  for (const [tenantId, notificationIds] of byTenant) {
    await bus.publish({ kind: 'message.created', tenantId, notificationIds });
  }
}
