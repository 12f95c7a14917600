import { ApplicationFailure } from '@temporalio/activity';
import type { CareBatch } from '../db/stores/care-store.js';
import type { Stores } from '../db/stores/index.js';
import type { PathwayDefinition } from '../pathways/definition.js';
import { resolveInputs } from '../pathways/engine.js';
import type { Logger } from '../platform/logger.js';
import { PathwayCatalog } from '../platform/pathway-catalog.js';

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
