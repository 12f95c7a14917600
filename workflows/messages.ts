import { defineQuery } from '@temporalio/workflow';
import type { EngineState } from '../pathways/engine.js';
import type { PathwayDefinition } from '../pathways/definition.js';

/** Message and input definitions shared by the workflow and its callers (API, tests). */

export interface EnrolmentWorkflowInput {
  tenantId: string;
  enrolmentId: string;
  patientId: string;
  /** The definition is pinned in the input: a running enrolment never changes version by itself. */
  definition: PathwayDefinition;
  inputs: Record<string, unknown>;
}

export const enrolmentStateQuery = defineQuery<EngineState>('enrolmentState');

export const enrolmentWorkflowType = 'enrolmentWorkflow';
