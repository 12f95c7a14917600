import { proxyActivities } from '@temporalio/workflow';
import type { PlatformActivities } from '../activities/index.js';
import type { DeliveryReport } from '../activities/notifications/deliver.js';
import type { NotificationDeliveryInput } from './messages.js';

/** Bounded: a provider down for longer than the backoff below leaves the rows failed, visible. */
export const DELIVERY_MAX_ATTEMPTS = 10;

const activities = proxyActivities<PlatformActivities>({
  // One SMTP or gateway call is bounded at 10–20 s; a batch of a few recipients fits.
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 3,
    // 1 s, 3 s, 9 s … capped at 10 min: about 35 minutes of trying in all.
    maximumInterval: '10 minutes',
    maximumAttempts: DELIVERY_MAX_ATTEMPTS,
  },
});

/**
 * Sends the notifications of one pathway batch. A workflow of its own, started by the
 * pathway's `applyCommands` activity once the outbox rows are committed (not a child: the
 * pathway's history and code stay as they were, and nothing in it waits for providers). Its
 * retries (bounded, with backoff) are Temporal's; what still fails is recorded as failed.
 */
export async function notificationDeliveryWorkflow(
  input: NotificationDeliveryInput,
): Promise<DeliveryReport> {
  return activities.deliverNotifications({ keys: input.keys, maxAttempts: DELIVERY_MAX_ATTEMPTS });
}
