import type { PathwayDefinition, Step } from './definition.js';

/**
 * The pure engine: `step(definition, state, event) → { state, commands }`. It does no I/O and
 * reads no clock, so the workflow replays it deterministically and tests drive it directly.
 */

export interface EngineState {
  status: 'running' | 'completed';
  /** Index of the step being carried out. */
  position: number;
  currentStepId: string | null;
  completedSteps: string[];
  outcome: string | null;
}

export type EngineEvent =
  | { type: 'started' }
  | { type: 'recorded'; stepId: string }
  | { type: 'timer-fired'; stepId: string };

export type EngineCommand =
  | { type: 'record'; stepId: string; kind: string; message: { it: string; en: string } }
  | { type: 'start-timer'; stepId: string; seconds: number }
  | { type: 'finish'; stepId: string; outcome: string };

export interface EngineResult {
  state: EngineState;
  commands: EngineCommand[];
}

export function initialState(): EngineState {
  return {
    status: 'running',
    position: -1,
    currentStepId: null,
    completedSteps: [],
    outcome: null,
  };
}

export class EngineError extends Error {
  override name = 'EngineError';
}

export function step(
  definition: PathwayDefinition,
  state: EngineState,
  event: EngineEvent,
  inputs: Record<string, unknown> = {},
): EngineResult {
  if (state.status === 'completed') throw new EngineError(`event ${event.type} after completion`);
  switch (event.type) {
    case 'started':
      if (state.position !== -1) throw new EngineError('started twice');
      return enter(definition, state, 0, inputs);
    case 'recorded':
    case 'timer-fired': {
      if (event.stepId !== state.currentStepId) {
        throw new EngineError(
          `event for step ${event.stepId} while at ${String(state.currentStepId)}`,
        );
      }
      const done: EngineState = {
        ...state,
        completedSteps: [...state.completedSteps, event.stepId],
      };
      return enter(definition, done, state.position + 1, inputs);
    }
    default: {
      const unknown: never = event;
      throw new EngineError(`unknown event ${JSON.stringify(unknown)}`);
    }
  }
}

function enter(
  definition: PathwayDefinition,
  state: EngineState,
  position: number,
  inputs: Record<string, unknown>,
): EngineResult {
  const s: Step | undefined = definition.steps[position];
  if (!s) throw new EngineError(`pathway ${definition.id} has no step at ${position}`);
  const next: EngineState = { ...state, position, currentStepId: s.id };
  switch (s.type) {
    case 'record':
      return {
        state: next,
        commands: [{ type: 'record', stepId: s.id, kind: s.kind, message: s.message }],
      };
    case 'wait': {
      const override = s.secondsInput ? inputs[s.secondsInput] : undefined;
      const seconds = typeof override === 'number' && override >= 0 ? override : s.seconds;
      return { state: next, commands: [{ type: 'start-timer', stepId: s.id, seconds }] };
    }
    case 'end':
      return {
        state: {
          ...next,
          status: 'completed',
          outcome: s.outcome,
          completedSteps: [...next.completedSteps, s.id],
          currentStepId: null,
        },
        commands: [{ type: 'finish', stepId: s.id, outcome: s.outcome }],
      };
    default: {
      const unknown: never = s;
      throw new EngineError(`unknown step ${JSON.stringify(unknown)}`);
    }
  }
}
