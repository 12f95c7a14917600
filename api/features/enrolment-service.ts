import { randomUUID } from 'node:crypto';
import {
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type WorkflowHandle,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Enrolment } from '../../db/stores/enrolment-store.js';
import type { Stores } from '../../db/stores/index.js';
import type { PathwayDefinition } from '../../pathways/definition.js';
import { resolveInputs, type EngineState } from '../../pathways/engine.js';
import {
  ConflictError,
  InputError,
  NotFoundError,
  UnavailableError,
  type FieldError,
} from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';
import type { PathwayCatalog } from '../../platform/pathway-catalog.js';
import type { TemporalHandle } from '../../platform/temporal.js';
import {
  REJECTED,
  acknowledgeAlertUpdate,
  completeItemUpdate,
  resolveAlertUpdate,
  migrateVersionUpdate,
  pathwayWorkflowType,
  stateQuery,
  submitFormUpdate,
  submitReadingUpdate,
  type EventOutcome,
  type FormInput,
  type MigrationOutcome,
  type PathwayWorkflowInput,
  type ReadingInput,
} from '../../workflows/messages.js';
import type { pathwayWorkflow } from '../../workflows/pathway-workflow.js';
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

/** How long a request waits for a workflow's answer before telling the caller to retry. */
const UPDATE_TIMEOUT_MS = 30_000;

/** The engine refused an event: its reasons, for a 400/409 with paths. */
export class EngineRejection extends Error {
  override name = 'EngineRejection';
  constructor(readonly reasons: string[]) {
    super(reasons.join('; '));
  }
}

export interface ReadingRequest {
  enrolmentId?: string | undefined;
  values: Record<string, number>;
  measuredAt?: string | undefined;
  deviceMessageId?: string | undefined;
  source: string;
}

export type ReadingReply = EventOutcome & {
  enrolmentId: string;
  readingId: string;
  duplicate: boolean;
};

/**
 * Enrols patients in pathways and talks to their workflows: starts them, sends them updates
 * (readings, completions, acknowledgements, migrations) and reads their live state.
 */
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
    given: Record<string, unknown>,
    siteId?: string,
  ): Promise<{ enrolment: Enrolment; created: boolean }> {
    if (siteId) {
      const sites = await this.deps.stores.reports.listSites(identity.tenantId);
      if (!sites.some((s) => s.id === siteId)) {
        throw new InputError('unknown site', [
          { path: 'body.siteId', message: `no site "${siteId}" in this organisation` },
        ]);
      }
    }
    const definition = await this.deps.catalog.find(identity.tenantId, pathwayId);
    if (!definition) {
      throw new InputError('unknown pathway', [
        { path: 'body.pathwayId', message: `no pathway "${pathwayId}"` },
      ]);
    }
    // The same check the engine makes at start, made here so that bad inputs are a 400 and
    // never a failed workflow.
    const { inputs, errors } = resolveInputs(definition, given);
    if (errors.length) {
      throw new InputError(
        'invalid pathway inputs',
        errors.map((e) => ({ path: `body.inputs.${e.path}`, message: e.message })),
      );
    }
    const { enrolment, created } = await this.deps.stores.enrolments.createOrGetActive({
      tenantId: identity.tenantId,
      patientId,
      pathwayId,
      pathwayVersion: definition.version,
      enrolledBy: identity.userId,
      siteId: siteId ?? null,
    });
    if (created)
      await this.deps.stores.enrolments.setInputs(identity.tenantId, enrolment.id, inputs);
    // A repeated request finds the enrolment on the version it pinned at first.
    const pinned =
      enrolment.pathwayVersion === definition.version
        ? definition
        : await this.deps.catalog.find(identity.tenantId, pathwayId, enrolment.pathwayVersion);
    if (!pinned) throw new ConflictError(`pathway version ${enrolment.pathwayVersion} is gone`);
    const input: PathwayWorkflowInput = {
      tenantId: identity.tenantId,
      enrolmentId: enrolment.id,
      patientId,
      definition: pinned,
      inputs,
    };
    try {
      await this.deps.temporal.client.workflow.start<typeof pathwayWorkflow>(pathwayWorkflowType, {
        workflowId: enrolment.workflowId,
        taskQueue: this.deps.temporal.taskQueue,
        args: [input],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        typedSearchAttributes: [
          { key: TenantId, value: identity.tenantId },
          { key: PathwayId, value: pinned.id },
          { key: PathwayVersion, value: pinned.version },
          { key: EnrolmentStatus, value: 'active' },
        ],
      });
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

  /** The pathway version an enrolment is pinned to. */
  async definitionOf(enrolment: Enrolment): Promise<PathwayDefinition | null> {
    return this.deps.catalog.find(
      enrolment.tenantId,
      enrolment.pathwayId,
      enrolment.pathwayVersion,
    );
  }

  /** The workflow's own view of where the enrolment is; null when Temporal cannot answer now. */
  async liveState(enrolment: Enrolment): Promise<EngineState | null> {
    try {
      const handle = this.deps.temporal.client.workflow.getHandle(enrolment.workflowId);
      return await withTimeout(handle.query(stateQuery), 3000);
    } catch (err) {
      this.deps.logger.warn(
        { err: (err as Error).message, enrolmentId: enrolment.id },
        'live state unavailable',
      );
      return null;
    }
  }

  /**
   * Sends a reading to the enrolment that measures its values. The workflow's validator
   * checks it first (a refused reading leaves no trace anywhere); once accepted, the same
   * workflow event writes the observation rows through its activity, so the rows and the
   * engine's count can never disagree, whatever crashes in between.
   */
  async submitReading(
    identity: Identity,
    patientId: string,
    r: ReadingRequest,
  ): Promise<ReadingReply> {
    const enrolment = await this.readingTarget(identity, patientId, r);
    const readingId = r.deviceMessageId ?? `api:${randomUUID()}`;
    const input: ReadingInput = {
      readingId,
      deviceMessageId: r.deviceMessageId ?? null,
      values: r.values,
      measuredAt: r.measuredAt ?? new Date().toISOString(),
      source: r.source,
    };
    const { observations, ...outcome } = await this.update(enrolment, (h) =>
      h.executeUpdate(submitReadingUpdate, { args: [input] }),
    );
    if (observations?.length) {
      // Visible at once; the workflow writes the same rows (idempotently) in its next batch.
      await this.deps.stores.care.apply({
        tenantId: enrolment.tenantId,
        enrolmentId: enrolment.id,
        patientId: enrolment.patientId,
        keyPrefix: `${enrolment.workflowId}/reading/${readingId}`,
        at: new Date().toISOString(),
        commands: [],
        observations,
      });
    }
    return { ...outcome, enrolmentId: enrolment.id, readingId, duplicate: !outcome.applied };
  }

  private async readingTarget(
    identity: Identity,
    patientId: string,
    r: ReadingRequest,
  ): Promise<Enrolment> {
    const names = Object.keys(r.values);
    if (r.enrolmentId) {
      const e = await this.deps.stores.enrolments.get(identity.tenantId, r.enrolmentId);
      if (!e || e.patientId !== patientId) {
        throw new InputError('unknown enrolment', [
          { path: 'body.enrolmentId', message: 'no enrolment of this patient' },
        ]);
      }
      if (e.status !== 'active') throw new ConflictError(`the enrolment is ${e.status}`);
      return e;
    }
    const active = (
      await this.deps.stores.enrolments.listByPatient(identity.tenantId, patientId)
    ).filter((e) => e.status === 'active');
    const measuring: Enrolment[] = [];
    for (const e of active) {
      const d = await this.definitionOf(e);
      if (d && names.every((n) => d.dataPoints[n]?.type === 'quantity')) measuring.push(e);
    }
    if (measuring.length === 1) return measuring[0]!;
    const errors: FieldError[] =
      measuring.length === 0
        ? [
            {
              path: 'body.values',
              message: `no active enrolment of this patient measures ${names.join(', ')}`,
            },
          ]
        : [
            {
              path: 'body.enrolmentId',
              message: `${measuring.length} active enrolments measure these values: name one`,
            },
          ];
    throw new InputError('no single enrolment for this reading', errors);
  }

  async completeItem(
    enrolment: Enrolment,
    itemId: string,
    by: string,
    body: { values?: Record<string, unknown> | undefined; attended?: string[] | undefined },
  ): Promise<EventOutcome> {
    return this.update(enrolment, (h) =>
      h.executeUpdate(completeItemUpdate, {
        args: [
          {
            itemId,
            by,
            ...(body.values ? { values: body.values } : {}),
            ...(body.attended ? { attended: body.attended } : {}),
          },
        ],
      }),
    );
  }

  /**
   * Sends a validated form's outputs to the workflow. The submission id is the engine's
   * de-duplication key: resending the same submission after a lost answer changes nothing.
   */
  async submitForm(enrolment: Enrolment, input: FormInput): Promise<EventOutcome> {
    return this.update(enrolment, (h) => h.executeUpdate(submitFormUpdate, { args: [input] }));
  }

  async acknowledgeAlert(enrolment: Enrolment, alertId: string, by: string, note?: string) {
    return this.update(enrolment, (h) =>
      h.executeUpdate(acknowledgeAlertUpdate, {
        args: [{ alertId, by, ...(note ? { note } : {}) }],
      }),
    );
  }

  async resolveAlert(enrolment: Enrolment, alertId: string, by: string, note: string) {
    return this.update(enrolment, (h) =>
      h.executeUpdate(resolveAlertUpdate, { args: [{ alertId, by, note }] }),
    );
  }

  async migrateVersion(
    enrolment: Pick<Enrolment, 'id' | 'workflowId'>,
    definition: PathwayDefinition,
    by: string,
  ): Promise<MigrationOutcome> {
    return this.update(enrolment, (h) =>
      h.executeUpdate(migrateVersionUpdate, { args: [{ definition, by }] }),
    );
  }

  /** Sends an update and maps the workflow's refusal to EngineRejection. */
  private async update<T>(
    enrolment: Pick<Enrolment, 'id' | 'workflowId'>,
    send: (handle: WorkflowHandle) => Promise<T>,
  ): Promise<T> {
    const handle = this.deps.temporal.client.workflow.getHandle(enrolment.workflowId);
    try {
      return await withTimeout(send(handle), UPDATE_TIMEOUT_MS);
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) {
        const cause = err.cause;
        if (cause instanceof ApplicationFailure && cause.type === REJECTED) {
          const reasons = cause.details?.[0];
          throw new EngineRejection(Array.isArray(reasons) ? reasons.map(String) : [cause.message]);
        }
        if (cause instanceof ApplicationFailure && cause.type !== 'UnprocessedUpdate') {
          throw new EngineRejection([cause.message]);
        }
        // Dropped by the server (e.g. its task was lost with a worker): safe to resend, the
        // engine counts a repeated reading id once.
        this.deps.logger.warn({ err, enrolmentId: enrolment.id }, 'workflow update not processed');
        throw new UnavailableError('the pathway did not process the request: retry');
      }
      if (err instanceof WorkflowNotFoundError) {
        throw new ConflictError(`enrolment ${enrolment.id} is no longer running`);
      }
      this.deps.logger.error({ err, enrolmentId: enrolment.id }, 'workflow update failed');
      throw new UnavailableError('the workflow service did not answer: retry');
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
