import { ApplicationFailure, Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { CareBatch } from '../db/stores/care-store.js';
import type { Stores } from '../db/stores/index.js';
import type { PathwayDefinition } from '../pathways/definition.js';
import { resolveInputs } from '../pathways/engine.js';
import type { CareChanged, EventBus } from '../platform/events.js';
import type { Logger } from '../platform/logger.js';
import { PathwayCatalog } from '../platform/pathway-catalog.js';
import {
  notificationDeliveryWorkflowType,
  type NotificationDeliveryInput,
} from '../workflows/messages.js';
import type { FseGatewayClient } from './fse/gateway-client.js';
import { createDocumentActivities } from './documents/fse-publication.js';
import { deliverNotifications, type DeliveryReport } from './notifications/deliver.js';
import { noProviders, type NotificationProviders } from './notifications/provider.js';
import {
  createVideoActivities,
  followVideoItems,
  signalVideoItemClosed,
  startVideoWorkflow,
} from './video/session-activities.js';
import type { VideoBackend } from './video/video-backend.js';

/** What an activity needs from the outside world, injected by the composition root. */
export interface ActivityDeps {
  stores: Stores;
  logger: Logger;
  /** Tells API processes what changed (they tell the browsers); absent: nobody listens. */
  bus?: EventBus;
  /** E-mail and SMS providers; absent or null: those channels are held in the outbox. */
  notifications?: NotificationProviders;
  /** The FSE 2.0 gateway client (national, or the embedded local gateway). */
  fse?: FseGatewayClient;
  /** Janus (rooms and join tokens); null or absent: video sessions are unavailable. */
  video?: VideoBackend | null;
  /** A delivery claimed longer ago than this is taken over (default 2 min: twice the activity's timeout). */
  deliveryLeaseMs?: number;
}

export interface DeliverNotificationsInput {
  /** Outbox keys (`<enrolmentId>/<engine notify key>`). */
  keys: string[];
  /** The retry policy's maximumAttempts: the last attempt records what still fails as failed. */
  maxAttempts?: number;
}

/** Failure types of deliverNotifications. */
export const DELIVERY_RETRY = 'NotificationDeliveryRetry';
export const DELIVERY_REFUSED = 'NotificationRefused';

/** The rows a batch of engine commands touched, as the bus names them. */
function touchedBy(batches: CareBatch[]): Omit<CareChanged, 'kind' | 'status'> & {
  notificationKeys: string[];
  ended: Extract<CareBatch['commands'][number], { type: 'complete' }> | undefined;
} {
  const first = batches[0]!;
  const alertIds = new Set<string>();
  const workItemIds = new Set<string>();
  const notificationKeys: string[] = [];
  let ended: Extract<CareBatch['commands'][number], { type: 'complete' }> | undefined;
  for (const b of batches) {
    const id = (engineId: string) => `${b.enrolmentId}/${engineId}`;
    for (const c of b.commands) {
      switch (c.type) {
        case 'open-item':
          workItemIds.add(id(c.item.id));
          break;
        case 'close-item':
        case 'escalate-item':
          workItemIds.add(id(c.itemId));
          break;
        case 'raise-alert':
          alertIds.add(id(c.alert.id));
          break;
        case 'escalate-alert':
        case 'alert-ladder-exhausted':
        case 'close-alert':
          alertIds.add(id(c.alertId));
          break;
        case 'notify':
          notificationKeys.push(id(c.key));
          break;
        case 'complete':
          ended = c;
          break;
        default:
          break;
      }
    }
  }
  return {
    tenantId: first.tenantId,
    enrolmentId: first.enrolmentId,
    patientId: first.patientId,
    alertIds: [...alertIds],
    workItemIds: [...workItemIds],
    notificationIds: [],
    notificationKeys,
    ended,
  };
}

/** Engine events' commands, one batch per event (timers excluded: the workflow keeps those). */
export interface ApplyCommandsInput {
  batches: CareBatch[];
}

export interface VersionMigratedInput {
  tenantId: string;
  enrolmentId: string;
  patientId: string;
  keyPrefix: string;
  from: string;
  to: string;
  by: string;
  cancelledTimers: string[];
  droppedDataPoints: string[];
}

export interface LinkedEnrolmentInput {
  tenantId: string;
  patientId: string;
  parentEnrolmentId: string;
  /** The start-pathway command's key: makes the parent's timeline entry and this one match. */
  key: string;
  pathwayId: string;
  inputs: Record<string, unknown>;
}

export type LinkedEnrolment =
  | {
      ok: true;
      enrolmentId: string;
      workflowId: string;
      definition: PathwayDefinition;
      inputs: Record<string, unknown>;
    }
  | { ok: false; reason: string };

export function createActivities(deps: ActivityDeps) {
  const { stores, logger } = deps;

  /**
   * Hands a batch's notifications to a delivery workflow of their own, on this worker's task
   * queue: the pathway never waits for an SMTP server or a gateway, and a delivery retrying
   * for half an hour neither holds the pathway's run open nor grows its history. The id comes
   * from the batch's key prefix (`<pathway workflow id>/<event sequence>`), fixed in the
   * pathway's history, so a retry of this activity finds the workflow already there.
   */
  async function startDelivery(batches: CareBatch[], keys: string[]): Promise<void> {
    const batch = batches.find((b) => b.commands.some((c) => c.type === 'notify'))!;
    const { client, info } = Context.current();
    try {
      await client.workflow.start(notificationDeliveryWorkflowType, {
        workflowId: `notifications/${batch.keyPrefix}`,
        taskQueue: info.taskQueue,
        args: [{ keys } satisfies NotificationDeliveryInput],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }

  return {
    ...createDocumentActivities(deps),
    ...createVideoActivities(deps),

    /**
     * Writes the read models for one engine event in one transaction: work items, alerts,
     * observations, the notification outbox, the timeline, the enrolment's end. Keys derive
     * from the workflow id and event sequence, so a retry writes nothing twice.
     */
    async applyCommands(input: ApplyCommandsInput): Promise<void> {
      const first = input.batches[0];
      if (!first) return;
      try {
        await stores.care.apply(input.batches);
      } catch (err) {
        // A foreign-key failure means the enrolment row is gone: retrying cannot fix it.
        if (/foreign key/i.test((err as Error).message)) {
          throw ApplicationFailure.nonRetryable(
            `enrolment ${first.enrolmentId} not found in tenant ${first.tenantId}`,
            'EnrolmentNotFound',
          );
        }
        throw err;
      }
      const touched = touchedBy(input.batches);
      logger.debug(
        { tenantId: first.tenantId, enrolmentId: first.enrolmentId, events: input.batches.length },
        'pathway commands applied',
      );
      if (deps.bus) {
        // After the commit: listeners read the rows this names. A retry publishes again,
        // which is harmless (ids only; receivers re-read).
        const { notificationKeys, ended, ...ids } = touched;
        if (ended) {
          // The end closes the enrolment's open alerts: they leave the worklists too.
          const closed = await stores.care.listAlerts(first.tenantId, {
            enrolmentId: first.enrolmentId,
            status: 'closed',
          });
          for (const a of closed) if (!ids.alertIds.includes(a.id)) ids.alertIds.push(a.id);
        }
        const notifications = await stores.notifications.getByKeys(notificationKeys);
        await deps.bus.publish({
          kind: 'care.changed',
          ...ids,
          status: ended ? ended.status : 'active',
          notificationIds: notifications.map((n) => n.id),
        });
      }
      if (touched.notificationKeys.length)
        await startDelivery(input.batches, touched.notificationKeys);
      // Video work items: their session opens (a workflow of its own) or is told to close.
      await followVideoItems(deps, input.batches, startVideoWorkflow, signalVideoItemClosed);
    },

    /**
     * Sends the outbox notifications of `keys` on their channels, each channel and recipient
     * at most once however often this runs (claims in notification_deliveries). Transient
     * failures throw and are retried by the caller's retry policy; a provider's refusal is
     * recorded as failed and reported as a non-retryable failure.
     */
    async deliverNotifications(input: DeliverNotificationsInput): Promise<DeliveryReport> {
      const { info } = Context.current();
      const run = info.workflowExecution;
      const base = `${run?.workflowId ?? info.activityType}/${run?.runId ?? ''}/${info.activityId}`;
      const earlier = [];
      for (let a = Math.max(1, info.attempt - 50); a < info.attempt; a++)
        earlier.push(`${base}/${a}`);
      const report = await deliverNotifications(
        {
          stores,
          logger,
          bus: deps.bus,
          providers: deps.notifications ?? noProviders,
          leaseMs: deps.deliveryLeaseMs ?? 120_000,
        },
        input.keys,
        {
          token: `${base}/${info.attempt}`,
          earlierTokens: earlier,
          finalAttempt: input.maxAttempts !== undefined && info.attempt >= input.maxAttempts,
        },
      );
      if (report.retry.length) {
        throw ApplicationFailure.retryable(
          `${report.retry.length} deliveries to retry (${report.sent} sent, ${report.failed} failed)`,
          DELIVERY_RETRY,
        );
      }
      if (report.rejected.length) {
        throw ApplicationFailure.nonRetryable(
          `${report.rejected.length} deliveries refused by their provider (${report.sent} sent); see the outbox`,
          DELIVERY_REFUSED,
          report,
        );
      }
      return report;
    },

    /**
     * Creates (or finds) the patient's active enrolment in another pathway that a rule asked
     * for. The workflow then starts its run. What cannot work (no such pathway, inputs it
     * refuses) is an answer, not a failure: the parent pathway goes on and its timeline says why.
     */
    async prepareLinkedEnrolment(input: LinkedEnrolmentInput): Promise<LinkedEnrolment> {
      const refuse = async (reason: string): Promise<LinkedEnrolment> => {
        await stores.enrolments.recordEvent({
          tenantId: input.tenantId,
          enrolmentId: input.parentEnrolmentId,
          idempotencyKey: `linked/${input.parentEnrolmentId}/${input.key}/refused`,
          kind: 'start-pathway-refused',
          stepId: null,
          payload: { pathwayId: input.pathwayId, reason },
        });
        logger.warn(
          { tenantId: input.tenantId, enrolmentId: input.parentEnrolmentId, reason },
          'linked enrolment refused',
        );
        return { ok: false, reason };
      };
      const catalog = new PathwayCatalog(stores.pathwayVersions);
      const definition = await catalog.find(input.tenantId, input.pathwayId);
      if (!definition) return refuse(`no published pathway "${input.pathwayId}"`);
      const { inputs, errors } = resolveInputs(definition, input.inputs);
      if (errors.length) {
        return refuse(
          `inputs refused by ${input.pathwayId}: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
        );
      }
      const { enrolment } = await stores.enrolments.createOrGetActive({
        tenantId: input.tenantId,
        patientId: input.patientId,
        pathwayId: definition.id,
        pathwayVersion: definition.version,
        enrolledBy: null,
      });
      await stores.enrolments.recordEvent({
        tenantId: input.tenantId,
        enrolmentId: enrolment.id,
        idempotencyKey: `${enrolment.workflowId}/linked-from/${input.parentEnrolmentId}/${input.key}`,
        kind: 'linked-from',
        stepId: null,
        payload: { parentEnrolmentId: input.parentEnrolmentId, key: input.key },
      });
      logger.info(
        { tenantId: input.tenantId, enrolmentId: enrolment.id, parent: input.parentEnrolmentId },
        'linked enrolment prepared',
      );
      return {
        ok: true,
        enrolmentId: enrolment.id,
        workflowId: enrolment.workflowId,
        definition,
        inputs,
      };
    },

    /** Re-pins the enrolment row to the version its workflow now runs, and records why. */
    async versionMigrated(input: VersionMigratedInput): Promise<void> {
      await stores.pathwayVersions.repinEnrolment(input.tenantId, input.enrolmentId, input.to);
      await stores.enrolments.recordEvent({
        tenantId: input.tenantId,
        enrolmentId: input.enrolmentId,
        idempotencyKey: `${input.keyPrefix}/migrated`,
        kind: 'version-migrated',
        stepId: null,
        payload: {
          from: input.from,
          to: input.to,
          by: input.by,
          cancelledTimers: input.cancelledTimers,
          droppedDataPoints: input.droppedDataPoints,
        },
      });
      logger.info(
        {
          tenantId: input.tenantId,
          enrolmentId: input.enrolmentId,
          from: input.from,
          to: input.to,
        },
        'enrolment migrated to a new pathway version',
      );
    },
  };
}

export type PlatformActivities = ReturnType<typeof createActivities>;
