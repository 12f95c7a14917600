import { ApplicationFailure } from '@temporalio/activity';
import type { CareBatch } from '../db/stores/care-store.js';
import type { Stores } from '../db/stores/index.js';
import type { Logger } from '../platform/logger.js';

/** What an activity needs from the outside world, injected by the composition root. */
export interface ActivityDeps {
  stores: Stores;
  logger: Logger;
  /** Tells connected browsers that an enrolment changed (socket.io in the API process). */
  publish?: (event: EnrolmentChanged) => void;
}

export interface EnrolmentChanged {
  tenantId: string;
  enrolmentId: string;
  patientId: string;
  status: string;
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

export function createActivities(deps: ActivityDeps) {
  const { stores, logger } = deps;

  return {
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
      const ended = input.batches.flatMap((b) => b.commands).find((c) => c.type === 'complete');
      logger.debug(
        { tenantId: first.tenantId, enrolmentId: first.enrolmentId, events: input.batches.length },
        'pathway commands applied',
      );
      deps.publish?.({
        tenantId: first.tenantId,
        enrolmentId: first.enrolmentId,
        patientId: first.patientId,
        status: ended?.type === 'complete' ? ended.status : 'active',
      });
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
