import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/client';
import type { Enrolment } from '../../db/stores/enrolment-store.js';
import type { Stores } from '../../db/stores/index.js';
import type { EngineState } from '../../pathways/engine.js';
import { InputError, NotFoundError, UnavailableError } from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';
import type { PathwayCatalog } from '../../platform/pathway-catalog.js';
import type { TemporalHandle } from '../../platform/temporal.js';
import type { enrolmentWorkflow } from '../../workflows/enrolment-workflow.js';
import {
  enrolmentStateQuery,
  enrolmentWorkflowType,
  type EnrolmentWorkflowInput,
} from '../../workflows/messages.js';
import {
  EnrolmentStatus,
  PathwayId,
  PathwayVersion,
  TenantId,
} from '../../workflows/search-attributes.js';
import type { Identity } from '../auth/session.js';

export interface EnrolmentServiceDeps {
  stores: Stores;
  catalog: PathwayCatalog;
  temporal: TemporalHandle;
  logger: Logger;
}

/** Enrols patients in pathways and reads their live state from Temporal. */
export class EnrolmentService {
  constructor(private readonly deps: EnrolmentServiceDeps) {}

  /**
   * Creates the enrolment row and starts its workflow. Safe to retry: the row is found again
   * (one active enrolment per patient and pathway) and the workflow start is a no-op for a
   * workflow id that is already running.
   */
  async enrol(
    identity: Identity,
    patientId: string,
    pathwayId: string,
    inputs: Record<string, unknown>,
  ): Promise<{ enrolment: Enrolment; created: boolean }> {
    const definition = this.deps.catalog.get(pathwayId);
    if (!definition) {
      throw new InputError('unknown pathway', [
        { path: 'body.pathwayId', message: `no pathway "${pathwayId}"` },
      ]);
    }
    const { enrolment, created } = await this.deps.stores.enrolments.createOrGetActive({
      tenantId: identity.tenantId,
      patientId,
      pathwayId,
      pathwayVersion: definition.version,
      enrolledBy: identity.userId,
    });
    const input: EnrolmentWorkflowInput = {
      tenantId: identity.tenantId,
      enrolmentId: enrolment.id,
      patientId,
      definition,
      inputs,
    };
    try {
      await this.deps.temporal.client.workflow.start<typeof enrolmentWorkflow>(
        enrolmentWorkflowType,
        {
          workflowId: enrolment.workflowId,
          taskQueue: this.deps.temporal.taskQueue,
          args: [input],
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          typedSearchAttributes: [
            { key: TenantId, value: identity.tenantId },
            { key: PathwayId, value: definition.id },
            { key: PathwayVersion, value: definition.version },
            { key: EnrolmentStatus, value: 'active' },
          ],
        },
      );
    } catch (err) {
      if ((err as Error).name === 'WorkflowExecutionAlreadyStartedError') {
        return { enrolment, created: false };
      }
      this.deps.logger.error(
        { err, tenantId: identity.tenantId, enrolmentId: enrolment.id },
        'could not start the enrolment workflow',
      );
      // The row stays active; repeating the request starts the same workflow id.
      throw new UnavailableError('the workflow service is unreachable: retry the enrolment');
    }
    this.deps.logger.info(
      {
        tenantId: identity.tenantId,
        enrolmentId: enrolment.id,
        workflowId: enrolment.workflowId,
        created,
      },
      'enrolment started',
    );
    return { enrolment, created };
  }

  async get(identity: Identity, enrolmentId: string): Promise<Enrolment> {
    const enrolment = await this.deps.stores.enrolments.get(identity.tenantId, enrolmentId);
    if (!enrolment) throw new NotFoundError(`enrolment ${enrolmentId} not found`);
    return enrolment;
  }

  /** The workflow's own view of where the enrolment is; null when Temporal cannot answer now. */
  async liveState(enrolment: Enrolment): Promise<EngineState | null> {
    try {
      const handle = this.deps.temporal.client.workflow.getHandle(enrolment.workflowId);
      return await withTimeout(handle.query(enrolmentStateQuery), 3000);
    } catch (err) {
      this.deps.logger.warn(
        { err: (err as Error).message, enrolmentId: enrolment.id },
        'live state unavailable',
      );
      return null;
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
