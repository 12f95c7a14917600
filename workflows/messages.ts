import { ApplicationFailure, defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { LocalisedText, PathwayDefinition } from '../pathways/definition.js';
import type { EngineState } from '../pathways/engine.js';

/** Message and input definitions shared by the workflow and its callers (API, tests, bench). */

export const pathwayWorkflowType = 'pathwayWorkflow';

export interface PathwayWorkflowInput {
  tenantId: string;
  enrolmentId: string;
  patientId: string;
  /** Pinned in the input: a running enrolment changes version only by an explicit migration. */
  definition: PathwayDefinition;
  inputs: Record<string, unknown>;
  /** Carried across continue-as-new: the engine state the next run resumes from. */
  state?: EngineState;
  /** Carried across continue-as-new: the events processed so far (idempotency keys use it). */
  eventSeq?: number;
  /** Continue-as-new after this many events in one run, besides the server's suggestion. */
  continueAsNewAfter?: number;
}

export interface PathwayWorkflowResult {
  status: EngineState['status'];
  outcome: string | null;
}

/** What an accepted event triggered, as the engine decided it. */
export interface EventOutcome {
  /** False when the event was a repeat the engine had already counted (nothing changed). */
  applied: boolean;
  satisfiedSteps: string[];
  alertsRaised: { id: string; ruleId: string; severity: string; title: LocalisedText }[];
  itemsOpened: { id: string; kind: string; stepId: string | null; title: LocalisedText }[];
  itemsClosed: { id: string; status: string }[];
  status: EngineState['status'];
  /**
   * Readings only: the observation rows this reading adds. The API stores them at once (the
   * reading is already durable in the workflow's history); the workflow writes the same rows
   * in its next batch, so a crash of the API in between loses nothing.
   */
  observations?: ObservationRecord[];
}

export interface ObservationRecord {
  readingId: string;
  deviceMessageId: string | null;
  dataPoint: string;
  value: number;
  unit: string;
  loinc: string | null;
  measuredAt: string;
  source: string;
}

export interface ReadingInput {
  /** Idempotency: the device message id when there is one, else an id the API generated. */
  readingId: string;
  deviceMessageId: string | null;
  values: Record<string, number>;
  /** ISO 8601 instant of the measurement. */
  measuredAt: string;
  source: string;
}

export interface FormInput {
  submissionId: string;
  itemId: string;
  values: Record<string, unknown>;
  by: string;
}

export interface CompleteItemInput {
  itemId: string;
  by: string;
  values?: Record<string, unknown>;
  attended?: string[];
}

export interface AlertActionInput {
  alertId: string;
  by: string;
  note?: string;
}

export interface MigrateVersionInput {
  definition: PathwayDefinition;
  by: string;
}

export interface MigrationOutcome {
  from: string;
  to: string;
  cancelledTimers: string[];
  droppedDataPoints: string[];
}

/** Failure type of an update the engine refused; `details[0]` holds the reasons. */
export const REJECTED = 'RejectedEvent';

/** The failure a workflow refuses an update with (callers map it to 409 with the reasons). */
export const rejected = (reasons: string[]) =>
  ApplicationFailure.create({
    type: REJECTED,
    message: reasons.join('; '),
    details: [reasons],
    nonRetryable: true,
  });

export const submitReadingUpdate = defineUpdate<EventOutcome, [ReadingInput]>('submitReading');
export const submitFormUpdate = defineUpdate<EventOutcome, [FormInput]>('submitForm');
export const completeItemUpdate = defineUpdate<EventOutcome, [CompleteItemInput]>('completeItem');
export const acknowledgeAlertUpdate = defineUpdate<EventOutcome, [AlertActionInput]>(
  'acknowledgeAlert',
);
export const resolveAlertUpdate = defineUpdate<EventOutcome, [AlertActionInput]>('resolveAlert');
export const migrateVersionUpdate = defineUpdate<MigrationOutcome, [MigrateVersionInput]>(
  'migrateVersion',
);
export const withdrawSignal = defineSignal<[{ by: string; reason: string }]>('withdraw');
export const stateQuery = defineQuery<EngineState>('state');
export const versionQuery = defineQuery<{ pathwayId: string; version: string }>('version');

export const notificationDeliveryWorkflowType = 'notificationDeliveryWorkflow';

/** The outbox keys of the notifications one pathway batch wrote. */
export interface NotificationDeliveryInput {
  keys: string[];
}

export const documentPublicationWorkflowType = 'documentPublicationWorkflow';

/** Publish a stored clinical document to the FSE (or withdraw it), once per document. */
export interface DocumentPublicationInput {
  documentId: string;
  action: 'publish' | 'withdraw';
}

export const videoSessionWorkflowType = 'videoSessionWorkflow';

/** One video session (a video work item): its room from opening to the end. */
export interface VideoSessionInput {
  sessionId: string;
  /** ISO instants: when the room opens, and when the session ends at the latest. */
  opensAt: string;
  expiresAt: string;
}

/** Why a session ended. */
export type VideoEndReason = 'ended-by-clinician' | 'everyone-left' | 'expired' | 'item-closed';

export interface VideoSessionResult {
  reason: VideoEndReason;
  outcome: 'attended' | 'no-show' | null;
  attended: string[];
}

/** Someone joined or left (as their browser says): look at the room now. */
export const videoPresenceSignal = defineSignal('videoPresence');
/** The work item closed elsewhere (completed by hand, missed, enrolment ended): close the room. */
export const videoItemClosedSignal = defineSignal('videoItemClosed');
/** A clinician ends the session for everyone; answers once the room is gone and the step told. */
export const endVideoSessionUpdate = defineUpdate<VideoSessionResult, [{ by: string }]>(
  'endVideoSession',
);
