import {
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { PlatformActivities } from '../activities/index.js';
import { initialState, step, type EngineCommand, type EngineEvent } from '../pathways/engine.js';
import { enrolmentStateQuery, type EnrolmentWorkflowInput } from './messages.js';
import { EnrolmentStatus } from './search-attributes.js';

const activities = proxyActivities<PlatformActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * One durable run per enrolment: feeds events to the pure engine and carries out the commands
 * it returns. Everything the engine decides is replayed from history after any crash.
 */
export async function enrolmentWorkflow(input: EnrolmentWorkflowInput): Promise<string> {
  let state = initialState();
  setHandler(enrolmentStateQuery, () => state);
  const { workflowId } = workflowInfo();

  const pending: EngineEvent[] = [{ type: 'started' }];
  while (pending.length > 0) {
    const event = pending.shift()!;
    const result = step(input.definition, state, event, input.inputs);
    state = result.state;
    for (const command of result.commands) {
      const followUp = await carryOut(command);
      if (followUp) pending.push(followUp);
    }
  }
  return state.outcome ?? 'completed';

  async function carryOut(command: EngineCommand): Promise<EngineEvent | null> {
    switch (command.type) {
      case 'record':
        await activities.recordPathwayEvent({
          tenantId: input.tenantId,
          enrolmentId: input.enrolmentId,
          idempotencyKey: `${workflowId}/${command.stepId}`,
          kind: command.kind,
          stepId: command.stepId,
          payload: { message: command.message },
        });
        return { type: 'recorded', stepId: command.stepId };
      case 'start-timer':
        await sleep(command.seconds * 1000);
        return { type: 'timer-fired', stepId: command.stepId };
      case 'finish':
        await activities.finishEnrolment({
          tenantId: input.tenantId,
          enrolmentId: input.enrolmentId,
          stepId: command.stepId,
          outcome: command.outcome,
        });
        // Only where the starter set it: a namespace without the attribute would fail the task.
        if (workflowInfo().typedSearchAttributes.get(EnrolmentStatus) !== undefined) {
          upsertSearchAttributes([{ key: EnrolmentStatus, value: 'completed' }]);
        }
        return null;
      default: {
        const unknown: never = command;
        throw new Error(`unknown command ${JSON.stringify(unknown)}`);
      }
    }
  }
}
