import { ApplicationFailure } from '@temporalio/activity';
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

export interface RecordPathwayEventInput {
  tenantId: string;
  enrolmentId: string;
  idempotencyKey: string;
  kind: string;
  stepId: string | null;
  payload: unknown;
}

export interface FinishEnrolmentInput {
  tenantId: string;
  enrolmentId: string;
  stepId: string;
  outcome: string;
}

export function createActivities(deps: ActivityDeps) {
  const { stores, logger } = deps;

  async function enrolmentOrFail(tenantId: string, enrolmentId: string) {
    const enrolment = await stores.enrolments.get(tenantId, enrolmentId);
    if (!enrolment) {
      // Retrying cannot make a missing enrolment appear: fail the workflow task visibly.
      throw ApplicationFailure.nonRetryable(
        `enrolment ${enrolmentId} not found in tenant ${tenantId}`,
        'EnrolmentNotFound',
      );
    }
    return enrolment;
  }

  return {
    /** Writes one event of the enrolment's record; a retried call writes nothing more. */
    async recordPathwayEvent(input: RecordPathwayEventInput): Promise<boolean> {
      const enrolment = await enrolmentOrFail(input.tenantId, input.enrolmentId);
      const written = await stores.enrolments.recordEvent(input);
      logger.info(
        {
          tenantId: input.tenantId,
          enrolmentId: input.enrolmentId,
          stepId: input.stepId,
          kind: input.kind,
          written,
        },
        'pathway event recorded',
      );
      deps.publish?.({
        tenantId: input.tenantId,
        enrolmentId: input.enrolmentId,
        patientId: enrolment.patientId,
        status: enrolment.status,
      });
      return written;
    },

    /** Marks the enrolment completed and records the end step; idempotent. */
    async finishEnrolment(input: FinishEnrolmentInput): Promise<void> {
      const enrolment = await enrolmentOrFail(input.tenantId, input.enrolmentId);
      await stores.enrolments.recordEvent({
        tenantId: input.tenantId,
        enrolmentId: input.enrolmentId,
        idempotencyKey: `${enrolment.workflowId}/${input.stepId}`,
        kind: 'enrolment-ended',
        stepId: input.stepId,
        payload: { outcome: input.outcome },
      });
      await stores.enrolments.finish(input.tenantId, input.enrolmentId, 'completed', input.outcome);
      logger.info(
        { tenantId: input.tenantId, enrolmentId: input.enrolmentId },
        'enrolment completed',
      );
      deps.publish?.({
        tenantId: input.tenantId,
        enrolmentId: input.enrolmentId,
        patientId: enrolment.patientId,
        status: 'completed',
      });
    },
  };
}

export type PlatformActivities = ReturnType<typeof createActivities>;
