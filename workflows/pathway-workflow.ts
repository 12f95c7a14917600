import {
  ApplicationFailure,
  CancellationScope,
  allHandlersFinished,
  condition,
  patched,
  ParentClosePolicy,
  startChild,
  continueAsNew,
  isCancellation,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { ApplyCommandsInput, PlatformActivities } from '../activities/index.js';
import type { PathwayDefinition } from '../pathways/definition.js';
import {
  initialState,
  readingProblems,
  RejectedEvent,
  step,
  type EngineCommand,
  type EngineEvent,
  type EngineState,
} from '../pathways/engine.js';
import { migrateState } from '../pathways/migrate.js';
import {
  REJECTED,
  rejected,
  acknowledgeAlertUpdate,
  completeItemUpdate,
  migrateVersionUpdate,
  resolveAlertUpdate,
  stateQuery,
  submitFormUpdate,
  submitReadingUpdate,
  versionQuery,
  withdrawSignal,
  type EventOutcome,
  type MigrationOutcome,
  type PathwayWorkflowInput,
  type PathwayWorkflowResult,
  type CompleteItemInput,
  type MigrateVersionInput,
  type ReadingInput,
} from './messages.js';
import { EnrolmentStatus, PathwayId, PathwayVersion, TenantId } from './search-attributes.js';

// Infrastructure errors (database down) retry until they pass; the read models catch up.
const retry = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' };

const activities = proxyActivities<PlatformActivities>({
  // Short: an activity lost with a crashed worker is retried after this long, not later.
  startToCloseTimeout: '10 seconds',
  retry,
});

/*
 * Not local activities, although they would be twice as fast here: a local activity writes
 * before its workflow task commits. When a worker dies with that task, the server hands the
 * same updates to the next worker, possibly in another order or with more of them, so the
 * replayed task numbers events (and the engine numbers alerts) differently from the writes
 * already made: timeline rows doubled and alert rows describing another reading (the
 * kill-the-worker test caught it). A regular activity's input is fixed in history before it
 * runs, so its retries always write the same thing.
 */

/** Events handled in one workflow task and written in one transaction, at most. */
const MAX_BATCH = 50;

/**
 * A reading that changes nothing but data (no alert, no work item, no message) is not written
 * at once: its rows wait up to this long and go to the database with the next batch. The
 * reading is durable from the moment the update is accepted (it is in the workflow's history),
 * and the API stores the rows from the update's reply right away, so lists do not wait; the
 * workflow's write is the guarantee. One activity per reading cost two thirds of the
 * throughput (bench/workflow-throughput.ts).
 */
const DEFERRED_WRITE_MS = 2000;

/** Without a suggestion from the server, a run still continues-as-new after this many events. */
const DEFAULT_EVENTS_PER_RUN = 1000;

type Job =
  | {
      kind: 'event';
      event: EngineEvent;
      resolve(outcome: EventOutcome): void;
      reject(err: unknown): void;
    }
  | { kind: 'flush' }
  | {
      kind: 'migrate';
      definition: PathwayDefinition;
      by: string;
      resolve(outcome: MigrationOutcome): void;
      reject(err: unknown): void;
    };

function readingEvent(r: ReadingInput): Extract<EngineEvent, { type: 'reading-received' }> {
  return {
    type: 'reading-received',
    readingId: r.readingId,
    values: r.values,
    measuredAt: Date.parse(r.measuredAt),
    source: r.source,
  };
}

/**
 * The interpreter: one run per enrolment. Every event (the start, a timer, a message) goes
 * through one queue and one loop, so the engine sees them one at a time in history order, and
 * an update's reply is the engine's own verdict on that event. Timers are one `sleep` each in
 * its own cancellation scope; everything else the engine decides goes to the database in one
 * activity per batch of queued events.
 */
export async function pathwayWorkflow(input: PathwayWorkflowInput): Promise<PathwayWorkflowResult> {
  let definition = input.definition;
  let state: EngineState = input.state ?? initialState();
  let seq = input.eventSeq ?? 0;
  let eventsThisRun = 0;
  let migrated = false;
  const limit = input.continueAsNewAfter ?? DEFAULT_EVENTS_PER_RUN;
  const queue: Job[] = [];
  const timers = new Map<string, CancellationScope>();
  let deferredWrites: ApplyCommandsInput['batches'] = [];
  let flushTimer: CancellationScope | null = null;
  const { workflowId } = workflowInfo();

  const enqueue = (event: EngineEvent) =>
    new Promise<EventOutcome>((resolve, reject) => {
      queue.push({ kind: 'event', event, resolve, reject });
    });
  // A message that arrives with the start is checked as if the start had run: it will have,
  // by the time the loop reaches the message.
  const stateForChecks = (): EngineState =>
    state.status === 'not-started' &&
    queue[0]?.kind === 'event' &&
    queue[0].event.type === 'enrolment-started'
      ? { ...state, status: 'active' }
      : state;

  // Before any handler is set: messages buffered with the start are dispatched as soon as
  // their handler is registered, and must find the start already queued ahead of them.
  if (input.state) {
    // A continued run: the timers of the previous run died with it; arm them again.
    for (const [id, at] of Object.entries(state.timers)) arm(id, at);
  } else {
    queue.push({
      kind: 'event',
      event: { type: 'enrolment-started', inputs: input.inputs },
      resolve: () => undefined,
      reject: (err) => {
        throw err;
      },
    });
  }

  setHandler(stateQuery, () => state);
  setHandler(versionQuery, () => ({ pathwayId: definition.id, version: definition.version }));
  setHandler(submitReadingUpdate, (r) => enqueue(readingEvent(r)), {
    validator: (r: ReadingInput) => {
      const problems = readingProblems(definition, stateForChecks(), readingEvent(r), Date.now());
      if (Number.isNaN(Date.parse(r.measuredAt)))
        problems.push('measuredAt: not an ISO 8601 instant');
      if (problems.length) throw rejected(problems);
    },
  });
  setHandler(submitFormUpdate, (f) => enqueue({ type: 'form-submitted', ...f }));
  setHandler(completeItemUpdate, (c) => enqueue({ type: 'item-completed', ...c }), {
    validator: (c: CompleteItemInput) => {
      const item = stateForChecks().items[c.itemId];
      if (!item || item.status !== 'open') throw rejected([`no open item ${c.itemId}`]);
    },
  });
  const alertValidator = (a: { alertId: string }) => {
    if (!stateForChecks().alerts[a.alertId]) throw rejected([`no alert ${a.alertId}`]);
  };
  setHandler(
    acknowledgeAlertUpdate,
    (a) =>
      enqueue({
        type: 'alert-acknowledged',
        alertId: a.alertId,
        by: a.by,
        ...(a.note ? { note: a.note } : {}),
      }),
    { validator: alertValidator },
  );
  setHandler(
    resolveAlertUpdate,
    (a) =>
      enqueue({
        type: 'alert-resolved',
        alertId: a.alertId,
        by: a.by,
        ...(a.note ? { note: a.note } : {}),
      }),
    { validator: alertValidator },
  );
  setHandler(
    migrateVersionUpdate,
    (m) =>
      new Promise<MigrationOutcome>((resolve, reject) => {
        queue.push({ kind: 'migrate', definition: m.definition, by: m.by, resolve, reject });
      }),
    {
      // A refusal decided here leaves no trace in history; the same check runs again at the
      // safe point, where the state may have moved on.
      validator: (m: MigrateVersionInput) => {
        if (migrated) throw rejected(['a migration of this enrolment is already under way']);
        const result = migrateState(definition, m.definition, stateForChecks());
        if (!result.ok) throw rejected([result.reason]);
      },
    },
  );
  setHandler(withdrawSignal, ({ by, reason }) => {
    void enqueue({ type: 'withdrawn', by, reason }).catch(() => undefined);
  });

  function arm(timerId: string, at: number): void {
    timers.get(timerId)?.cancel();
    const scope = new CancellationScope();
    timers.set(timerId, scope);
    scope
      .run(() => sleep(Math.max(1, at - Date.now())))
      .then(
        () => {
          if (timers.get(timerId) !== scope) return;
          timers.delete(timerId);
          void enqueue({ type: 'timer-fired', timerId }).catch(() => undefined);
        },
        (err: unknown) => {
          if (!isCancellation(err)) throw err;
        },
      );
  }

  function disarm(timerId: string): void {
    timers.get(timerId)?.cancel();
    timers.delete(timerId);
  }

  /**
   * Feeds queued events to the engine one by one, then writes what they decided in one
   * transaction, then answers each caller. A burst of readings costs one round trip.
   */
  async function processEvents(jobs: Extract<Job, { kind: 'event' }>[]): Promise<void> {
    const batches: ApplyCommandsInput['batches'] = [];
    const answers: (() => void)[] = [];
    const linked: Extract<EngineCommand, { type: 'start-pathway' }>[] = [];
    let ended = false;
    for (const job of jobs) {
      const { event } = job;
      const duplicate =
        (event.type === 'reading-received' && state.seen.includes(event.readingId)) ||
        (event.type === 'form-submitted' && state.seen.includes(event.submissionId));
      let commands: EngineCommand[];
      try {
        const result = step(definition, state, event, Date.now());
        state = result.state;
        commands = result.commands;
      } catch (err) {
        if (err instanceof RejectedEvent) {
          // Invalid start inputs cannot become valid by retrying: the run fails with the reason.
          if (event.type === 'enrolment-started') {
            throw ApplicationFailure.nonRetryable(err.message, REJECTED);
          }
          const failure = rejected([err.message]);
          answers.push(() => job.reject(failure));
          continue;
        }
        // A bug in the engine: fail the workflow task so a fixed worker can resume from here.
        throw err;
      }
      seq += 1;
      eventsThisRun += 1;
      for (const c of commands) {
        if (c.type === 'schedule-timer')
          arm(c.timerId, state.timers[c.timerId] ?? Date.parse(c.at));
        else if (c.type === 'cancel-timer') disarm(c.timerId);
        else if (c.type === 'complete') ended = true;
      }
      const effects = commands.filter(
        (c) => c.type !== 'schedule-timer' && c.type !== 'cancel-timer',
      );
      for (const c of commands) if (c.type === 'start-pathway') linked.push(c);
      const observations =
        event.type === 'reading-received' && !duplicate ? observationsOf(event) : [];
      if (effects.length || observations.length) {
        const batch = {
          tenantId: input.tenantId,
          enrolmentId: input.enrolmentId,
          patientId: input.patientId,
          keyPrefix: `${workflowId}/${seq}`,
          at: new Date().toISOString(),
          commands: effects,
          observations,
        };
        const dataOnly = effects.every(
          (c) => c.type === 'data-changed' || c.type === 'reading-accepted',
        );
        if (event.type === 'reading-received' && dataOnly && patched('deferred-reading-writes')) {
          deferredWrites.push(batch);
        } else {
          batches.push(batch);
        }
      }
      const outcome = summarise(commands, !duplicate, state);
      if (event.type === 'reading-received') outcome.observations = observations;
      answers.push(() => job.resolve(outcome));
    }
    // Before a new run or the end, everything is written before anyone is answered: the
    // loop then continues-as-new at once, before the next message can arrive.
    const closing = state.status === 'completed' || state.status === 'withdrawn' || wantsNewRun();
    if (batches.length || (closing && deferredWrites.length)) {
      // Deferred rows go first: they belong to earlier events.
      const all = [...deferredWrites, ...batches];
      deferredWrites = [];
      cancelFlush();
      await activities.applyCommands({ batches: all });
    } else if (deferredWrites.length && !flushTimer) {
      scheduleFlush();
    }
    for (const c of linked) await startLinked(c);
    // Only where the starter set it: a namespace without the attribute would fail the task.
    if (ended && workflowInfo().typedSearchAttributes.get(EnrolmentStatus) !== undefined) {
      upsertSearchAttributes([{ key: EnrolmentStatus, value: state.status }]);
    }
    // Answers go out only once the read models hold what they report.
    for (const answer of answers) answer();
  }

  /**
   * A rule enrolled the patient in another pathway: its enrolment row comes from an activity,
   * its run is a child workflow that outlives this one (ABANDON). Already running (the patient
   * was enrolled there before, or this is a replay after a crash) is fine.
   */
  async function startLinked(c: Extract<EngineCommand, { type: 'start-pathway' }>): Promise<void> {
    const prepared = await activities.prepareLinkedEnrolment({
      tenantId: input.tenantId,
      patientId: input.patientId,
      parentEnrolmentId: input.enrolmentId,
      key: c.key,
      pathwayId: c.pathwayId,
      inputs: c.inputs,
    });
    if (!prepared.ok) return;
    const attributes = workflowInfo().typedSearchAttributes;
    try {
      await startChild(pathwayWorkflow, {
        workflowId: prepared.workflowId,
        parentClosePolicy: ParentClosePolicy.ABANDON,
        args: [
          {
            tenantId: input.tenantId,
            enrolmentId: prepared.enrolmentId,
            patientId: input.patientId,
            definition: prepared.definition,
            inputs: prepared.inputs,
          },
        ],
        ...(attributes.get(TenantId) !== undefined
          ? {
              typedSearchAttributes: [
                { key: TenantId, value: input.tenantId },
                { key: PathwayId, value: prepared.definition.id },
                { key: PathwayVersion, value: prepared.definition.version },
                { key: EnrolmentStatus, value: 'active' },
              ],
            }
          : {}),
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }

  function scheduleFlush(): void {
    const scope = new CancellationScope();
    flushTimer = scope;
    scope
      .run(() => sleep(DEFERRED_WRITE_MS))
      .then(
        () => {
          if (flushTimer !== scope) return;
          flushTimer = null;
          queue.push({ kind: 'flush' });
        },
        (err: unknown) => {
          if (!isCancellation(err)) throw err;
        },
      );
  }

  function cancelFlush(): void {
    flushTimer?.cancel();
    flushTimer = null;
  }

  /** Writes the deferred reading rows (before a new run, the end, or when their time is up). */
  async function flushDeferred(): Promise<void> {
    cancelFlush();
    if (!deferredWrites.length) return;
    const batches = deferredWrites;
    deferredWrites = [];
    await activities.applyCommands({ batches });
  }

  function observationsOf(
    event: Extract<EngineEvent, { type: 'reading-received' }>,
  ): ApplyCommandsInput['batches'][number]['observations'] {
    return Object.entries(event.values).map(([name, value]) => {
      const d = definition.dataPoints[name];
      return {
        readingId: event.readingId,
        deviceMessageId: event.readingId.startsWith('api:') ? null : event.readingId,
        dataPoint: name,
        value,
        unit: d?.type === 'quantity' ? d.unit : '',
        loinc: d?.type === 'quantity' ? (d.loinc ?? null) : null,
        measuredAt: new Date(event.measuredAt).toISOString(),
        source: event.source,
      };
    });
  }

  async function processMigration(job: Extract<Job, { kind: 'migrate' }>): Promise<void> {
    const result = migrateState(definition, job.definition, state);
    if (!result.ok) {
      job.reject(rejected([result.reason]));
      return;
    }
    const from = definition.version;
    seq += 1;
    for (const id of result.cancelledTimers) disarm(id);
    definition = job.definition;
    state = result.state;
    migrated = true;
    await activities.versionMigrated({
      tenantId: input.tenantId,
      enrolmentId: input.enrolmentId,
      patientId: input.patientId,
      keyPrefix: `${workflowId}/${seq}`,
      from,
      to: definition.version,
      by: job.by,
      cancelledTimers: result.cancelledTimers,
      droppedDataPoints: result.droppedDataPoints,
    });
    job.resolve({
      from,
      to: definition.version,
      cancelledTimers: result.cancelledTimers,
      droppedDataPoints: result.droppedDataPoints,
    });
  }

  const ended = () => state.status === 'completed' || state.status === 'withdrawn';
  const wantsNewRun = () =>
    migrated || eventsThisRun >= limit || workflowInfo().continueAsNewSuggested;

  for (;;) {
    await condition(
      () => queue.length > 0 || ((ended() || wantsNewRun()) && allHandlersFinished()),
    );
    const job = queue.shift();
    if (job?.kind === 'flush') {
      await flushDeferred();
      continue;
    }
    if (job?.kind === 'migrate') {
      await flushDeferred();
      await processMigration(job);
      continue;
    }
    if (job) {
      const jobs = [job];
      while (jobs.length < MAX_BATCH && queue[0]?.kind === 'event')
        jobs.push(queue.shift() as typeof job);
      await processEvents(jobs);
      continue;
    }
    // Nothing accepted is left unwritten when this run ends (processEvents wrote it already
    // unless a migration or timer ended the run).
    await flushDeferred();
    if (queue.length) continue;
    if (ended()) break;
    // Between events, with every handler answered: the next run starts from this state.
    for (const scope of timers.values()) scope.cancel();
    await continueAsNew<typeof pathwayWorkflow>({
      ...input,
      definition,
      state,
      eventSeq: seq,
    });
  }
  return { status: state.status, outcome: state.outcome };
}

function summarise(commands: EngineCommand[], applied: boolean, state: EngineState): EventOutcome {
  const outcome: EventOutcome = {
    applied,
    satisfiedSteps: [],
    alertsRaised: [],
    itemsOpened: [],
    itemsClosed: [],
    status: state.status,
  };
  for (const c of commands) {
    if (c.type === 'reading-accepted') outcome.satisfiedSteps.push(...c.stepIds);
    else if (c.type === 'raise-alert') {
      outcome.alertsRaised.push({
        id: c.alert.id,
        ruleId: c.alert.ruleId,
        severity: c.alert.severity,
        title: c.alert.title,
      });
    } else if (c.type === 'open-item') {
      outcome.itemsOpened.push({
        id: c.item.id,
        kind: c.item.kind,
        stepId: c.item.stepId,
        title: c.item.title,
      });
    } else if (c.type === 'close-item')
      outcome.itemsClosed.push({ id: c.itemId, status: c.status });
  }
  return outcome;
}
