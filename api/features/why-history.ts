import { defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import type { TemporalHandle } from '../../platform/temporal.js';
import { temporalProto } from '../../platform/temporal-proto.js';
import type { HistoryFacts, HistoryMessage, HistoryTimer } from './why-chain.js';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type LongLike = number | { toNumber(): number } | null | undefined;

const EventType = temporalProto.api.enums.v1.EventType;

/** Runs of one enrolment followed back through continue-as-new, at most. */
const MAX_RUNS = 8;

const num = (v: LongLike): number =>
  v === null || v === undefined ? 0 : typeof v === 'number' ? v : v.toNumber();

const stamp = (t: { seconds?: LongLike; nanos?: number | null } | null | undefined): number =>
  t ? num(t.seconds) * 1000 + Math.floor((t.nanos ?? 0) / 1e6) : 0;

function decodeFirst(
  payloads: temporal.api.common.v1.IPayload[] | null | undefined,
): Record<string, unknown> | null {
  const first = payloads?.[0];
  if (!first) return null;
  try {
    const value: unknown = defaultPayloadConverter.fromPayload(first);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * What only the workflow knows, from one run's history: its timers (with the workflow time of
 * the task that started them, which is the engine's `now` when it decided them) and the
 * updates and signals it took (readings, acknowledgements, completions) with their times.
 */
export function historyFacts(events: HistoryEvent[], into: HistoryFacts): void {
  const byId = new Map<number, HistoryEvent>();
  const timers = new Map<number, HistoryTimer>();
  const updates = new Map<string, HistoryMessage>();
  let lastTaskStarted = 0;
  for (const e of events) {
    const id = num(e.eventId);
    byId.set(id, e);
    const at = stamp(e.eventTime);
    switch (e.eventType) {
      case EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED:
        lastTaskStarted = at;
        break;
      case EventType.EVENT_TYPE_TIMER_STARTED: {
        const a = e.timerStartedEventAttributes;
        const completed = byId.get(num(a?.workflowTaskCompletedEventId));
        const started = completed
          ? byId.get(num(completed.workflowTaskCompletedEventAttributes?.startedEventId))
          : undefined;
        const timer: HistoryTimer = {
          startedAt: started ? stamp(started.eventTime) : at,
          durationMs: stamp(a?.startToFireTimeout),
          firedAt: null,
          canceledAt: null,
        };
        timers.set(id, timer);
        into.timers.push(timer);
        break;
      }
      case EventType.EVENT_TYPE_TIMER_FIRED: {
        const t = timers.get(num(e.timerFiredEventAttributes?.startedEventId));
        if (t) t.firedAt = at;
        break;
      }
      case EventType.EVENT_TYPE_TIMER_CANCELED: {
        const t = timers.get(num(e.timerCanceledEventAttributes?.startedEventId));
        if (t) t.canceledAt = at;
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED: {
        const request = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest;
        const updateId = request?.meta?.updateId ?? `update:${id}`;
        const message: HistoryMessage = {
          type: 'update',
          name: request?.input?.name ?? '',
          id: updateId,
          // Accepted when the task that ran its handler completed: that task's workflow time.
          handledAt: lastTaskStarted || at,
          completedAt: null,
          arg: decodeFirst(request?.input?.args?.payloads),
        };
        updates.set(updateId, message);
        into.messages.push(message);
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED: {
        const m = updates.get(
          e.workflowExecutionUpdateCompletedEventAttributes?.meta?.updateId ?? '',
        );
        if (m) m.completedAt = at;
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED: {
        const a = e.workflowExecutionSignaledEventAttributes;
        into.messages.push({
          type: 'signal',
          name: a?.signalName ?? '',
          id: `signal:${id}`,
          handledAt: at,
          completedAt: null,
          arg: decodeFirst(a?.input?.payloads),
        });
        break;
      }
      default:
        break;
    }
  }
}

function withDeadline<T>(promise: Promise<T>, deadline: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error('the workflow history did not arrive in time')),
        Math.max(1, deadline - Date.now()),
      );
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * The enrolment workflow's history from its latest run back to the run that was running at
 * `since` (continue-as-new splits a long plan into runs). Throws when Temporal cannot give it
 * in time (down, or the workflow archived / past retention): the caller goes on without it.
 */
export async function readWorkflowHistory(
  temporal: TemporalHandle,
  workflowId: string,
  since: number,
  timeoutMs = 4000,
): Promise<HistoryFacts> {
  const deadline = Date.now() + timeoutMs;
  const facts: HistoryFacts = { timers: [], messages: [] };
  let runId: string | undefined;
  for (let i = 0; i < MAX_RUNS; i++) {
    const handle = temporal.client.workflow.getHandle(workflowId, runId);
    // The gRPC deadline ends the call itself (no retries left running against a server that is
    // down); the race is the backstop for a connection that is still being established.
    const history = await withDeadline(
      temporal.connection.withDeadline(deadline, () => handle.fetchHistory()),
      deadline + 500,
    );
    const events = history.events ?? [];
    historyFacts(events, facts);
    const first = events[0];
    const startedAt = stamp(first?.eventTime);
    const previous = first?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
    if (!previous || startedAt <= since) break;
    runId = previous;
  }
  return facts;
}
