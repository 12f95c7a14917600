import type {
  Action,
  AssigneeRole,
  DataPointDefinition,
  LocalisedText,
  PathwayDefinition,
  Rule,
  Step,
  Track,
} from './definition.js';
import { dataPointsRead, evaluate, truthy, type Context } from './expressions.js';
import { addDuration, durationMs, nextOccurrence, toIso, windowStart } from './time.js';

/**
 * The pure engine: `step(definition, state, event, now) → { state, commands }`.
 *
 * No I/O, no clock, no randomness: the same events at the same instants give the same
 * commands, so the Temporal workflow replays it and the simulator plays months in
 * milliseconds. Instants are epoch milliseconds; the state is plain JSON (it is carried
 * across continue-as-new and returned by queries).
 */

// ---------------------------------------------------------------------------------------------
// State

export interface DataValue {
  value: unknown;
  at: number;
  source: string;
}

export interface Occurrence {
  index: number;
  at: number;
  windowEnd: number;
  /** Observations (reading steps) received inside the window so far. */
  received: string[];
  itemId: string;
}

export interface TrackState {
  status: 'pending' | 'running' | 'done' | 'stopped';
  position: number;
  stepStartedAt: number | null;
  /** The open work item of the current step, if it waits for someone. */
  itemId: string | null;
  occurrence: Occurrence | null;
  occurrenceCount: number;
  /** Steps this track has finished, in order (a recurring step once, when its schedule ends). */
  completedSteps: string[];
}

export type ItemStatus = 'open' | 'done' | 'missed' | 'cancelled' | 'no-show';

export interface WorkItem {
  id: string;
  /** The step type that opened it, `reading-due` for a scheduled reading, `task` for a rule's task. */
  kind: Step['type'] | 'reading-due';
  stepId: string | null;
  trackId: string | null;
  ruleId: string | null;
  title: LocalisedText;
  assignee: AssigneeRole;
  openedAt: number;
  dueAt: number | null;
  level: number;
  status: ItemStatus;
  /** Step-specific details for the activity that carries the item out (room, template…). */
  details: Record<string, unknown>;
}

export type AlertStatus = 'open' | 'acknowledged' | 'resolved';

export interface AlertState {
  id: string;
  ruleId: string;
  severity: 'red' | 'orange' | 'yellow';
  title: LocalisedText;
  status: AlertStatus;
  level: number;
  assignee: AssigneeRole;
  raisedAt: number;
  acknowledgeBy: number;
  /** What caused it: reading ids, form submissions, or missed occurrences. */
  causes: string[];
  data: Record<string, unknown>;
}

export interface EngineState {
  status: 'not-started' | 'active' | 'completed' | 'withdrawn';
  outcome: string | null;
  startedAt: number | null;
  endsAt: number | null;
  inputs: Record<string, unknown>;
  data: Record<string, DataValue>;
  /** Numeric history of data points that derived data points read, trimmed to their window. */
  series: Record<string, { at: number; value: number }[]>;
  tracks: Record<string, TrackState>;
  missed: Record<string, { consecutive: number; total: number }>;
  ruleResults: Record<string, boolean>;
  alerts: Record<string, AlertState>;
  items: Record<string, WorkItem>;
  /** Active timers by id, with their absolute due instant. */
  timers: Record<string, number>;
  /** Recently seen reading and submission ids: a repeated message changes nothing. */
  seen: string[];
  seq: number;
}

// ---------------------------------------------------------------------------------------------
// Events and commands

export type EngineEvent =
  | { type: 'enrolment-started'; inputs: Record<string, unknown> }
  | { type: 'timer-fired'; timerId: string }
  | {
      type: 'reading-received';
      readingId: string;
      values: Record<string, number>;
      measuredAt: number;
      source: string;
    }
  | {
      type: 'form-submitted';
      submissionId: string;
      itemId: string;
      values: Record<string, unknown>;
      by: string;
    }
  | {
      /** A person finished a work item: task done, booking made, check-in, payment, document signed, consult answered, video ended. */
      type: 'item-completed';
      itemId: string;
      by: string;
      values?: Record<string, unknown>;
      /** Video sessions: who was there. */
      attended?: string[];
    }
  | { type: 'alert-acknowledged'; alertId: string; by: string; note?: string }
  | { type: 'alert-resolved'; alertId: string; by: string; note?: string }
  | { type: 'withdrawn'; by: string; reason: string };

export type EngineCommand =
  | { type: 'schedule-timer'; timerId: string; at: string }
  | { type: 'cancel-timer'; timerId: string }
  | { type: 'open-item'; item: WorkItemView }
  | { type: 'close-item'; itemId: string; status: Exclude<ItemStatus, 'open'>; by: string | null }
  | { type: 'escalate-item'; itemId: string; level: number; assignee: AssigneeRole; dueAt: string }
  | { type: 'remind'; itemId: string; to: AssigneeRole; title: LocalisedText }
  | { type: 'raise-alert'; alert: AlertView }
  | {
      type: 'escalate-alert';
      alertId: string;
      level: number;
      assignee: AssigneeRole;
      acknowledgeBy: string;
    }
  | { type: 'alert-ladder-exhausted'; alertId: string; assignee: AssigneeRole }
  | {
      type: 'close-alert';
      alertId: string;
      status: 'acknowledged' | 'resolved';
      by: string;
      note: string | null;
    }
  | { type: 'notify'; key: string; to: AssigneeRole; channels: string[]; message: LocalisedText }
  | { type: 'data-changed'; dataPoint: string; value: unknown; at: string; source: string }
  | { type: 'reading-accepted'; readingId: string; stepIds: string[] }
  | { type: 'missed'; stepId: string; occurrence: number; consecutive: number }
  | { type: 'track-changed'; trackId: string; status: TrackState['status'] }
  | {
      /** Enrol the patient in another pathway (a child enrolment, linked by `key`). */
      type: 'start-pathway';
      key: string;
      pathwayId: string;
      inputs: Record<string, unknown>;
    }
  | { type: 'complete'; status: 'completed' | 'withdrawn'; outcome: string };

export type WorkItemView = Omit<WorkItem, 'openedAt' | 'dueAt'> & {
  openedAt: string;
  dueAt: string | null;
};
export type AlertView = Omit<AlertState, 'raisedAt' | 'acknowledgeBy'> & {
  raisedAt: string;
  acknowledgeBy: string;
};

export interface EngineResult {
  state: EngineState;
  commands: EngineCommand[];
}

/** An event the engine cannot accept in the current state (the caller gets the reason). */
export class RejectedEvent extends Error {
  override name = 'RejectedEvent';
}

const SEEN_LIMIT = 500;

export function initialState(): EngineState {
  return {
    status: 'not-started',
    outcome: null,
    startedAt: null,
    endsAt: null,
    inputs: {},
    data: {},
    series: {},
    tracks: {},
    missed: {},
    ruleResults: {},
    alerts: {},
    items: {},
    timers: {},
    seen: [],
    seq: 0,
  };
}

/**
 * Feeds one event to the engine. The input state is not modified: the result holds a new
 * state (structurally copied) and the commands to carry out, in order.
 */
export function step(
  definition: PathwayDefinition,
  state: EngineState,
  event: EngineEvent,
  now: number,
  options: { inPlace?: boolean } = {},
): EngineResult {
  // JSON copy rather than structuredClone: the workflow sandbox does not provide the latter.
  // `inPlace` skips the copy for a caller that owns the state and drops it on any error other
  // than a RejectedEvent (which is always raised before anything changes): the simulator,
  // where the copy was half the time of a 90-day plan.
  const own = options.inPlace ? state : (JSON.parse(JSON.stringify(state)) as EngineState);
  const run = new Run(definition, own, now);
  run.handle(event);
  return { state: run.state, commands: run.commands };
}

/** Resolves enrolment inputs against the definition: defaults, required, ranges. */
export function resolveInputs(
  definition: PathwayDefinition,
  given: Record<string, unknown>,
): { inputs: Record<string, unknown>; errors: { path: string; message: string }[] } {
  const inputs: Record<string, unknown> = {};
  const errors: { path: string; message: string }[] = [];
  for (const name of Object.keys(given)) {
    if (!(name in definition.inputs))
      errors.push({ path: name, message: 'not an input of this pathway' });
  }
  for (const [name, d] of Object.entries(definition.inputs)) {
    const v = given[name] ?? ('default' in d ? d.default : undefined);
    if (v === undefined) {
      if (d.required) errors.push({ path: name, message: 'required' });
      continue;
    }
    const ok =
      d.type === 'number'
        ? typeof v === 'number' &&
          Number.isFinite(v) &&
          (d.min === undefined || v >= d.min) &&
          (d.max === undefined || v <= d.max)
        : d.type === 'boolean'
          ? typeof v === 'boolean'
          : typeof v === 'string' && v.length > 0;
    if (!ok) {
      const range = d.type === 'number' ? ` between ${d.min ?? '−∞'} and ${d.max ?? '∞'}` : '';
      errors.push({ path: name, message: `must be a ${d.type}${range}` });
      continue;
    }
    inputs[name] = v;
  }
  return { inputs, errors };
}

// ---------------------------------------------------------------------------------------------

class Run {
  readonly commands: EngineCommand[] = [];
  private readonly zone: string;
  private readonly stepIndex = new Map<string, { track: Track; index: number; step: Step }>();

  constructor(
    private readonly def: PathwayDefinition,
    public state: EngineState,
    private readonly now: number,
  ) {
    this.zone = def.timeZone;
    for (const track of def.tracks) {
      track.steps.forEach((s, index) => this.stepIndex.set(s.id, { track, index, step: s }));
    }
  }

  handle(event: EngineEvent): void {
    const s = this.state;
    if (event.type === 'enrolment-started') {
      if (s.status !== 'not-started') throw new RejectedEvent('the enrolment has already started');
      this.start(event.inputs);
      return;
    }
    if (s.status !== 'active') throw new RejectedEvent(`the enrolment is ${s.status}`);
    switch (event.type) {
      case 'timer-fired':
        this.timerFired(event.timerId);
        break;
      case 'reading-received':
        this.reading(event);
        break;
      case 'form-submitted':
        this.formSubmitted(event);
        break;
      case 'item-completed':
        this.itemCompleted(event);
        break;
      case 'alert-acknowledged':
      case 'alert-resolved':
        this.alertClosed(event);
        break;
      case 'withdrawn':
        this.finish('withdrawn', 'withdrawn', event.by);
        break;
      default: {
        const never: never = event;
        throw new RejectedEvent(`unknown event ${JSON.stringify(never)}`);
      }
    }
  }

  // --- lifecycle ------------------------------------------------------------------------------

  private start(given: Record<string, unknown>): void {
    const { inputs, errors } = resolveInputs(this.def, given);
    if (errors.length) {
      throw new RejectedEvent(
        `invalid inputs: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
      );
    }
    const s = this.state;
    s.status = 'active';
    s.inputs = inputs;
    s.startedAt = this.now;
    if (this.def.duration !== 'open-ended') {
      s.endsAt = addDuration(this.now, this.def.duration, this.zone);
      this.setTimer('pathway-end', s.endsAt);
    }
    for (const track of this.def.tracks) {
      s.tracks[track.id] = {
        status: 'pending',
        position: 0,
        stepStartedAt: null,
        itemId: null,
        occurrence: null,
        occurrenceCount: 0,
        completedSteps: [],
      };
    }
    for (const track of this.def.tracks) if (track.autoStart) this.startTrack(track.id);
    this.evaluateRules([]);
  }

  private finish(status: 'completed' | 'withdrawn', outcome: string, by: string | null): void {
    const s = this.state;
    if (s.status !== 'active') return;
    for (const id of Object.keys(s.timers)) this.cancelTimer(id);
    for (const item of Object.values(s.items)) {
      if (item.status === 'open') this.closeItem(item.id, 'cancelled', by);
    }
    for (const [id, t] of Object.entries(s.tracks)) {
      if (t.status === 'running' || t.status === 'pending') {
        t.status = t.status === 'running' ? 'stopped' : t.status;
        if (t.status === 'stopped')
          this.emit({ type: 'track-changed', trackId: id, status: 'stopped' });
      }
    }
    s.status = status;
    s.outcome = outcome;
    this.emit({ type: 'complete', status, outcome });
  }

  // --- tracks and steps -------------------------------------------------------------------------

  private track(id: string): Track {
    const t = this.def.tracks.find((x) => x.id === id);
    if (!t) throw new RejectedEvent(`no track ${id}`);
    return t;
  }

  private startTrack(id: string): void {
    const ts = this.state.tracks[id];
    if (!ts || ts.status === 'running') return;
    ts.status = 'running';
    ts.position = 0;
    this.emit({ type: 'track-changed', trackId: id, status: 'running' });
    this.enterStep(id, 0);
  }

  private stopTrack(id: string): void {
    const ts = this.state.tracks[id];
    if (!ts || ts.status !== 'running') return;
    this.leaveStep(id, 'cancelled');
    ts.status = 'stopped';
    this.emit({ type: 'track-changed', trackId: id, status: 'stopped' });
    this.checkAllTracksDone();
  }

  private checkAllTracksDone(): void {
    const s = this.state;
    if (s.status !== 'active') return;
    const anyRunning = Object.values(s.tracks).some((t) => t.status === 'running');
    if (!anyRunning) this.finish('completed', 'completed', null);
  }

  private currentStep(trackId: string): Step | null {
    const ts = this.state.tracks[trackId];
    if (!ts || ts.status !== 'running') return null;
    return this.track(trackId).steps[ts.position] ?? null;
  }

  /** Closes what the current step has open (item, timers) before the track moves. */
  private leaveStep(trackId: string, itemStatus: Exclude<ItemStatus, 'open'>): void {
    const ts = this.state.tracks[trackId]!;
    const current = this.currentStep(trackId);
    if (ts.itemId) {
      const item = this.state.items[ts.itemId];
      if (item?.status === 'open') this.closeItem(item.id, itemStatus, null);
    }
    if (current) {
      for (const id of Object.keys(this.state.timers)) {
        if (id.startsWith(`step:${current.id}:`)) this.cancelTimer(id);
      }
    }
    ts.itemId = null;
    ts.occurrence = null;
    ts.occurrenceCount = 0;
  }

  /** Moves the track to `position` (or ends it past the last step). */
  private goTo(trackId: string, position: number, depth = 0): void {
    if (depth > 100)
      throw new RejectedEvent(`track ${trackId} loops without waiting (branch cycle)`);
    const ts = this.state.tracks[trackId]!;
    const track = this.track(trackId);
    if (position >= track.steps.length) {
      ts.status = 'done';
      this.emit({ type: 'track-changed', trackId, status: 'done' });
      this.checkAllTracksDone();
      return;
    }
    this.enterStep(trackId, position, depth);
  }

  private advance(trackId: string): void {
    const ts = this.state.tracks[trackId]!;
    const leaving = this.currentStep(trackId);
    this.leaveStep(trackId, 'done');
    if (leaving) ts.completedSteps.push(leaving.id);
    if (this.state.status !== 'active' || ts.status !== 'running') return;
    this.goTo(trackId, ts.position + 1);
  }

  private enterStep(trackId: string, position: number, depth = 0): void {
    const ts = this.state.tracks[trackId]!;
    const st = this.track(trackId).steps[position]!;
    ts.position = position;
    ts.stepStartedAt = this.now;
    ts.itemId = null;
    ts.occurrence = null;
    ts.occurrenceCount = 0;

    if (st.schedule) {
      this.scheduleNextOccurrence(trackId, st);
      return;
    }
    switch (st.type) {
      case 'notification':
        this.notify(`step:${st.id}`, st.to, st.channels, st.message);
        ts.completedSteps.push(st.id);
        this.goTo(trackId, position + 1, depth + 1);
        return;
      case 'wait': {
        let until: number;
        if (st.duration) until = addDuration(this.now, st.duration, this.zone);
        else if (st.durationInput)
          until = this.now + Number(this.state.inputs[st.durationInput] ?? 0) * 1000;
        else {
          const appointment = this.state.data[st.until!.dataPoint]?.value;
          const base = typeof appointment === 'string' ? Date.parse(appointment) : NaN;
          // Without the awaited time (not booked yet) the wait cannot end by itself.
          if (Number.isNaN(base)) return;
          until = addDuration(base, st.until!.offset, this.zone);
        }
        if (until <= this.now) {
          ts.completedSteps.push(st.id);
          this.goTo(trackId, position + 1, depth + 1);
          return;
        }
        this.setTimer(`step:${st.id}:wait`, until);
        return;
      }
      case 'branch': {
        const ctx = this.context();
        const hit = st.cases.find((c) => truthy(evaluate(c.when, ctx)));
        const target = hit?.goto ?? st.otherwise;
        const next = target
          ? this.track(trackId).steps.findIndex((x) => x.id === target)
          : position + 1;
        ts.completedSteps.push(st.id);
        this.goTo(trackId, next, depth + 1);
        return;
      }
      case 'end':
        ts.completedSteps.push(st.id);
        this.finish('completed', st.outcome, null);
        return;
      case 'check-in': {
        const appointment = this.state.data[st.appointmentDataPoint]?.value;
        const at = typeof appointment === 'string' ? Date.parse(appointment) : NaN;
        if (Number.isNaN(at)) {
          // Nothing booked: the check-in cannot open; the step is skipped as a no-show.
          this.runActions(st.onNoShow, [`step:${st.id}`]);
          this.goTo(trackId, position + 1, depth + 1);
          return;
        }
        const opens = addDuration(at, `-${st.opensBefore}`, this.zone);
        const closes = addDuration(at, st.closesAfter, this.zone);
        const item = this.openItem({
          kind: 'check-in',
          step: st,
          trackId,
          assignee: 'patient',
          dueAt: closes,
          details: {
            appointmentAt: toIso(at),
            opensAt: toIso(Math.max(opens, this.now)),
            closesAt: toIso(closes),
          },
        });
        ts.itemId = item.id;
        this.setTimer(`step:${st.id}:due:${item.id}`, closes);
        return;
      }
      default: {
        // Every other step opens a work item for someone and waits for it.
        const item = this.openItem({
          kind: st.type,
          step: st,
          trackId,
          assignee: assigneeOf(st),
          dueAt: 'due' in st && st.due ? addDuration(this.now, st.due, this.zone) : null,
          details: detailsOf(st, this.now, this.zone),
        });
        ts.itemId = item.id;
        if (item.dueAt !== null) this.setTimer(`step:${st.id}:due:${item.id}`, item.dueAt);
        if ('reminders' in st) {
          st.reminders.forEach((r, k) => {
            const at = addDuration(this.now, r, this.zone);
            if (item.dueAt === null || at < item.dueAt)
              this.setTimer(`step:${st.id}:remind:${item.id}:${k}`, at);
          });
        }
        return;
      }
    }
  }

  // --- schedules ---------------------------------------------------------------------------------

  private scheduleEnd(trackId: string, st: Step): number | null {
    const ts = this.state.tracks[trackId]!;
    const limits: number[] = [];
    if (st.schedule?.for) limits.push(addDuration(ts.stepStartedAt!, st.schedule.for, this.zone));
    if (this.state.endsAt !== null) limits.push(this.state.endsAt);
    return limits.length ? Math.min(...limits) : null;
  }

  private scheduleNextOccurrence(trackId: string, st: Step): void {
    const ts = this.state.tracks[trackId]!;
    const schedule = st.schedule!;
    const end = this.scheduleEnd(trackId, st);
    const countReached = schedule.count !== undefined && ts.occurrenceCount >= schedule.count;
    const next = countReached
      ? null
      : nextOccurrence(
          schedule.rrule,
          ts.stepStartedAt!,
          Math.max(this.now, ts.stepStartedAt! - 1),
          this.zone,
        );
    if (next === null || (end !== null && next >= end)) {
      // The recurrence is over: the track moves on.
      this.advance(trackId);
      return;
    }
    this.setTimer(`step:${st.id}:occurrence`, next);
  }

  private openOccurrence(trackId: string, st: Step): void {
    const ts = this.state.tracks[trackId]!;
    const schedule = st.schedule!;
    const windowEnd = addDuration(this.now, schedule.window, this.zone);
    ts.occurrenceCount += 1;
    const item = this.openItem({
      kind: st.type === 'reading' ? 'reading-due' : st.type,
      step: st,
      trackId,
      assignee: assigneeOf(st),
      dueAt: windowEnd,
      details: { ...detailsOf(st, this.now, this.zone), occurrence: ts.occurrenceCount },
    });
    ts.itemId = item.id;
    ts.occurrence = {
      index: ts.occurrenceCount,
      at: this.now,
      windowEnd,
      received: [],
      itemId: item.id,
    };
    this.setTimer(`step:${st.id}:window:${ts.occurrenceCount}`, windowEnd);
    schedule.reminders.forEach((r, k) => {
      const at = addDuration(this.now, r, this.zone);
      if (at < windowEnd) this.setTimer(`step:${st.id}:remind:${item.id}:${k}`, at);
    });
  }

  /** The occurrence's window closed: satisfied or missed, then the next one is scheduled. */
  private closeOccurrence(trackId: string, st: Step, satisfied: boolean): void {
    const ts = this.state.tracks[trackId]!;
    const occ = ts.occurrence;
    if (!occ) return;
    for (const id of Object.keys(this.state.timers)) {
      if (
        id.startsWith(`step:${st.id}:remind:${occ.itemId}`) ||
        id === `step:${st.id}:window:${occ.index}`
      )
        this.cancelTimer(id);
    }
    const counter = (this.state.missed[st.id] ??= { consecutive: 0, total: 0 });
    if (satisfied) {
      counter.consecutive = 0;
      this.closeItem(occ.itemId, 'done', null);
    } else {
      counter.consecutive += 1;
      counter.total += 1;
      this.closeItem(occ.itemId, 'missed', null);
      this.emit({
        type: 'missed',
        stepId: st.id,
        occurrence: occ.index,
        consecutive: counter.consecutive,
      });
      this.runActions(st.onMissed, [`missed:${st.id}:${occ.index}`]);
    }
    ts.occurrence = null;
    ts.itemId = null;
    if (!satisfied) this.evaluateRules([`missed:${st.id}:${occ.index}`]);
    if (
      this.state.status === 'active' &&
      ts.status === 'running' &&
      this.currentStep(trackId)?.id === st.id
    ) {
      this.scheduleNextOccurrence(trackId, st);
    }
  }

  // --- timers ------------------------------------------------------------------------------------

  private setTimer(id: string, at: number): void {
    this.state.timers[id] = at;
    this.emit({ type: 'schedule-timer', timerId: id, at: toIso(at) });
  }

  private cancelTimer(id: string): void {
    if (!(id in this.state.timers)) return;
    delete this.state.timers[id];
    this.emit({ type: 'cancel-timer', timerId: id });
  }

  private timerFired(id: string): void {
    // A timer cancelled after it fired (a race the workflow cannot rule out) is ignored.
    if (!(id in this.state.timers)) return;
    delete this.state.timers[id];
    if (id === 'pathway-end') {
      this.finish('completed', 'completed', null);
      return;
    }
    const [kind, a, b, c] = id.split(':');
    if (kind === 'alert') return this.alertDeadline(a!);
    if (kind === 'item') return this.itemDeadline(a!);
    if (kind !== 'step') return;
    const loc = this.stepIndex.get(a!);
    if (!loc) return;
    const trackId = loc.track.id;
    const st = loc.step;
    if (this.currentStep(trackId)?.id !== st.id) return;
    switch (b) {
      case 'occurrence':
        this.openOccurrence(trackId, st);
        return;
      case 'window':
        this.closeOccurrence(trackId, st, false);
        return;
      case 'wait':
        this.advance(trackId);
        return;
      case 'remind': {
        const item = this.state.items[c!];
        if (item?.status === 'open') {
          this.emit({ type: 'remind', itemId: item.id, to: item.assignee, title: item.title });
          // The reminder reaches the person as a notification: in the app, and by SMS for a
          // patient or caregiver, who may not open the app (held where no gateway is set up).
          const patientSide = item.assignee === 'patient' || item.assignee === 'caregiver';
          this.notify(
            `remind:${item.id}`,
            item.assignee,
            patientSide ? ['in-app', 'sms'] : ['in-app'],
            {
              it: `Promemoria: ${item.title.it}`,
              en: `Reminder: ${item.title.en}`,
            },
          );
        }
        return;
      }
      case 'due':
        this.stepDue(trackId, st, c!);
        return;
      default:
        return;
    }
  }

  /** A waiting step's due time passed: escalate along its ladder, or count it as missed. */
  private stepDue(trackId: string, st: Step, itemId: string): void {
    const item = this.state.items[itemId];
    if (!item || item.status !== 'open') return;
    const ladder = 'escalation' in st ? st.escalation : [];
    if (st.type !== 'check-in' && this.escalateItem(item, ladder, `step:${st.id}:due:${itemId}`)) {
      return;
    }
    const counter = (this.state.missed[st.id] ??= { consecutive: 0, total: 0 });
    counter.consecutive += 1;
    counter.total += 1;
    // Nobody at the check-in, or a video session whose time ran out before it was held: the
    // pathway hears a no-show, not a missed task.
    const noShow = st.type === 'check-in' || st.type === 'video';
    this.closeItem(itemId, noShow ? 'no-show' : 'missed', null);
    this.emit({ type: 'missed', stepId: st.id, occurrence: 1, consecutive: counter.consecutive });
    this.runActions(noShow ? st.onNoShow : st.onMissed, [`missed:${st.id}`]);
    this.evaluateRules([`missed:${st.id}`]);
    if (this.state.status === 'active' && this.currentStep(trackId)?.id === st.id)
      this.advance(trackId);
  }

  // --- work items --------------------------------------------------------------------------------

  private nextId(prefix: string): string {
    this.state.seq += 1;
    return `${prefix}-${this.state.seq}`;
  }

  private openItem(o: {
    kind: WorkItem['kind'];
    step: Step | null;
    trackId: string | null;
    assignee: AssigneeRole;
    dueAt: number | null;
    details: Record<string, unknown>;
    title?: LocalisedText;
    ruleId?: string;
  }): WorkItem {
    const item: WorkItem = {
      id: this.nextId('item'),
      kind: o.kind,
      stepId: o.step?.id ?? null,
      trackId: o.trackId,
      ruleId: o.ruleId ?? null,
      title: o.title ?? o.step!.title,
      assignee: o.assignee,
      openedAt: this.now,
      dueAt: o.dueAt,
      level: 0,
      status: 'open',
      details: o.details,
    };
    this.state.items[item.id] = item;
    this.emit({ type: 'open-item', item: itemView(item) });
    return item;
  }

  private closeItem(id: string, status: Exclude<ItemStatus, 'open'>, by: string | null): void {
    const item = this.state.items[id];
    if (!item || item.status !== 'open') return;
    item.status = status;
    for (const t of Object.keys(this.state.timers)) {
      if (t === `item:${id}` || t.endsWith(`:due:${id}`) || t.includes(`:remind:${id}:`))
        this.cancelTimer(t);
    }
    this.emit({ type: 'close-item', itemId: id, status, by });
    // Closed items leave the state (the read model keeps them), so long plans stay small.
    delete this.state.items[id];
  }

  /** A rule's task passed its SLA: climb its ladder. */
  private itemDeadline(itemId: string): void {
    const item = this.state.items[itemId];
    if (!item || item.status !== 'open' || !item.ruleId) return;
    const action = this.def.rules
      .find((r) => r.id === item.ruleId)
      ?.then.find((a) => a.do === 'task');
    const ladder = action?.do === 'task' ? action.escalation : [];
    this.escalateItem(item, ladder, `item:${itemId}`);
  }

  /** Hands an open item to the next level of its ladder; false when the ladder is used up. */
  private escalateItem(
    item: WorkItem,
    ladder: { role: AssigneeRole; within: string }[],
    timerId: string,
  ): boolean {
    const next = ladder[item.level];
    if (!next) return false;
    item.level += 1;
    item.assignee = next.role;
    item.dueAt = addDuration(this.now, next.within, this.zone);
    this.emit({
      type: 'escalate-item',
      itemId: item.id,
      level: item.level,
      assignee: next.role,
      dueAt: toIso(item.dueAt),
    });
    this.setTimer(timerId, item.dueAt);
    return true;
  }

  private itemCompleted(e: Extract<EngineEvent, { type: 'item-completed' }>): void {
    const item = this.state.items[e.itemId];
    if (!item || item.status !== 'open') throw new RejectedEvent(`no open item ${e.itemId}`);
    if (item.kind === 'form' || item.kind === 'reading-due') {
      throw new RejectedEvent(
        `item ${e.itemId} is completed by a ${item.kind === 'form' ? 'form submission' : 'reading'}`,
      );
    }
    const loc = item.stepId ? this.stepIndex.get(item.stepId) : undefined;
    const st = loc?.step;
    const changed: string[] = [];
    if (st?.type === 'booking') {
      const at = e.values?.[st.appointmentDataPoint] ?? e.values?.appointmentAt;
      if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) {
        throw new RejectedEvent(`a booking needs ${st.appointmentDataPoint} (an ISO date-time)`);
      }
      this.setData(
        st.appointmentDataPoint,
        new Date(at).toISOString(),
        this.now,
        `item:${item.id}`,
      );
      changed.push(st.appointmentDataPoint);
    }
    // Other answers that name data points (e.g. an exemption declared at booking) are kept too.
    for (const [k, v] of Object.entries(e.values ?? {})) {
      if (changed.includes(k)) continue;
      if (k in this.def.dataPoints && this.def.dataPoints[k]?.type !== 'derived') {
        this.setData(k, v, this.now, `item:${item.id}`);
        changed.push(k);
      }
    }
    if (st?.type === 'video') {
      const attended = new Set(e.attended ?? []);
      const missing = st.required.filter((r) => !attended.has(r));
      if (missing.length) {
        this.closeItem(item.id, 'no-show', e.by);
        this.runActions(st.onNoShow, [`no-show:${st.id}`]);
        this.evaluateRules(changed);
        if (this.state.status === 'active' && loc && this.currentStep(loc.track.id)?.id === st.id) {
          // A recurring session's no-show closes that occurrence (counted as missed), not the schedule.
          if (st.schedule) this.closeOccurrence(loc.track.id, st, false);
          else this.advance(loc.track.id);
        }
        return;
      }
    }
    this.closeItem(item.id, 'done', e.by);
    if (changed.length) this.evaluateRules(changed);
    if (
      this.state.status === 'active' &&
      loc &&
      item.trackId &&
      this.currentStep(item.trackId)?.id === st?.id
    ) {
      if (st?.schedule) this.closeOccurrence(item.trackId, st, true);
      else this.advance(item.trackId);
    }
  }

  private formSubmitted(e: Extract<EngineEvent, { type: 'form-submitted' }>): void {
    if (this.state.seen.includes(e.submissionId)) return;
    const item = this.state.items[e.itemId];
    if (!item || item.status !== 'open' || item.kind !== 'form')
      throw new RejectedEvent(`no open form ${e.itemId}`);
    const loc = this.stepIndex.get(item.stepId!)!;
    const st = loc.step;
    if (st.type !== 'form') throw new RejectedEvent(`item ${e.itemId} is not a form`);
    this.remember(e.submissionId);
    const changed: string[] = [];
    for (const [dataPoint, field] of Object.entries(st.produces)) {
      if (field in e.values) {
        this.setData(dataPoint, e.values[field], this.now, `form:${e.submissionId}`);
        changed.push(dataPoint);
      }
    }
    this.closeItem(item.id, 'done', e.by);
    this.evaluateRules(changed, [`form:${e.submissionId}`]);
    if (this.state.status === 'active' && this.currentStep(loc.track.id)?.id === st.id) {
      if (st.schedule) this.closeOccurrence(loc.track.id, st, true);
      else this.advance(loc.track.id);
    }
  }

  // --- readings and data -------------------------------------------------------------------------

  /** Refuses what cannot be a measurement; the caller gets the reason (workflow update validator). */
  validateReading(e: Extract<EngineEvent, { type: 'reading-received' }>): string[] {
    const problems: string[] = [];
    const entries = Object.entries(e.values);
    if (entries.length === 0) problems.push('the reading carries no values');
    for (const [name, value] of entries) {
      const d: DataPointDefinition | undefined = this.def.dataPoints[name];
      if (!d || d.type !== 'quantity') {
        problems.push(`${name}: not a measured data point of this pathway`);
        continue;
      }
      if (typeof value !== 'number' || !Number.isFinite(value))
        problems.push(`${name}: not a number`);
      else if ((d.min !== undefined && value < d.min) || (d.max !== undefined && value > d.max)) {
        problems.push(
          `${name}: ${value} ${d.unit} is outside the possible range ${d.min ?? '−∞'}–${d.max ?? '∞'} ${d.unit}`,
        );
      }
    }
    if (typeof e.measuredAt !== 'number' || !Number.isFinite(e.measuredAt)) {
      problems.push('measuredAt: not an instant');
    } else if (this.state.startedAt !== null && e.measuredAt > this.now + 5 * 60_000) {
      problems.push('measured in the future');
    }
    return problems;
  }

  private reading(e: Extract<EngineEvent, { type: 'reading-received' }>): void {
    if (this.state.seen.includes(e.readingId)) return;
    const problems = this.validateReading(e);
    if (problems.length) throw new RejectedEvent(problems.join('; '));
    this.remember(e.readingId);
    const changed: string[] = [];
    const late: string[] = [];
    for (const [name, value] of Object.entries(e.values)) {
      // setData records the value in its series either way; an older measurement does not
      // become the current value, but trends over the series are recomputed with it.
      if (this.setData(name, value, e.measuredAt, `reading:${e.readingId}`)) changed.push(name);
      else {
        late.push(name);
        this.recomputeDerived(name, `reading:${e.readingId}`);
      }
    }
    // Scheduled reading steps whose open window contains the measurement count it.
    const satisfied: string[] = [];
    for (const [trackId, ts] of Object.entries(this.state.tracks)) {
      const st = this.currentStep(trackId);
      const occ = ts.occurrence;
      if (!st || st.type !== 'reading' || !occ) continue;
      if (e.measuredAt < occ.at || e.measuredAt > occ.windowEnd) continue;
      const relevant = st.observations.filter((o) => o in e.values);
      if (!relevant.length) continue;
      occ.received = [...new Set([...occ.received, ...relevant])];
      if (st.observations.every((o) => occ.received.includes(o))) satisfied.push(st.id);
    }
    this.emit({ type: 'reading-accepted', readingId: e.readingId, stepIds: satisfied });
    this.evaluateRules(changed.length ? changed : Object.keys(e.values), [
      `reading:${e.readingId}`,
    ]);
    if (late.length) this.evaluateAsMeasured(e, late, [`reading:${e.readingId}`]);
    for (const stepId of satisfied) {
      const loc = this.stepIndex.get(stepId)!;
      if (this.state.status === 'active' && this.currentStep(loc.track.id)?.id === stepId) {
        this.closeOccurrence(loc.track.id, loc.step, true);
      }
    }
    // Non-scheduled reading steps complete with the first reading that carries their values.
    for (const [trackId] of Object.entries(this.state.tracks)) {
      const st = this.currentStep(trackId);
      if (st?.type === 'reading' && !st.schedule && st.observations.every((o) => o in e.values)) {
        const item = this.state.tracks[trackId]!.itemId;
        if (item) this.closeItem(item, 'done', null);
        this.advance(trackId);
      }
    }
  }

  private remember(id: string): void {
    const seen = this.state.seen;
    seen.push(id);
    if (seen.length > SEEN_LIMIT) seen.splice(0, seen.length - SEEN_LIMIT);
  }

  /** Sets a data point; an older measurement never replaces a newer one. Returns true when it became the latest. */
  private setData(name: string, value: unknown, at: number, source: string): boolean {
    if (typeof value === 'number') this.recordSeries(name, value, at);
    const current = this.state.data[name];
    if (current && current.at > at) return false;
    this.state.data[name] = { value, at, source };
    this.emit({ type: 'data-changed', dataPoint: name, value, at: toIso(at), source });
    this.recomputeDerived(name, source);
    return true;
  }

  private recordSeries(name: string, value: number, at: number): void {
    const readers = Object.values(this.def.dataPoints).filter(
      (d) => d.type === 'derived' && d.derive.of === name,
    );
    if (!readers.length) return;
    const series = (this.state.series[name] ??= []);
    // Insert in time order: late readings land where they were measured.
    let i = series.length;
    while (i > 0 && series[i - 1]!.at > at) i--;
    series.splice(i, 0, { at, value });
    const longest = Math.max(
      ...readers.map((d) => (d.type === 'derived' ? durationMs(d.derive.over) : 0)),
    );
    const latest = series[series.length - 1]!.at;
    while (series.length > 1 && series[0]!.at < latest - longest - 86_400_000) series.shift();
  }

  private recomputeDerived(of: string, source: string): void {
    for (const [name, d] of Object.entries(this.def.dataPoints)) {
      if (d.type !== 'derived' || d.derive.of !== of) continue;
      const series = this.state.series[of] ?? [];
      const latest = series[series.length - 1];
      if (!latest) continue;
      const from = windowStart(latest.at, d.derive.over, this.zone);
      const inWindow = series.filter((p) => p.at >= from);
      const values = inWindow.map((p) => p.value);
      let value: number;
      switch (d.derive.op) {
        case 'change':
          // Latest minus the earliest value inside the window: "weight up 2 kg in 3 days".
          value = round(latest.value - inWindow[0]!.value);
          break;
        case 'mean':
          value = round(values.reduce((a, b) => a + b, 0) / values.length);
          break;
        case 'min':
          value = Math.min(...values);
          break;
        case 'max':
          value = Math.max(...values);
          break;
        case 'count':
          value = values.length;
          break;
        case 'latest':
          value = latest.value;
          break;
        default: {
          const never: never = d.derive.op;
          throw new RejectedEvent(`unknown derivation ${String(never)}`);
        }
      }
      this.state.data[name] = { value, at: latest.at, source };
      this.emit({ type: 'data-changed', dataPoint: name, value, at: toIso(latest.at), source });
    }
  }

  // --- rules and actions -------------------------------------------------------------------------

  private context(): Context {
    const ctx: Context = { inputs: this.state.inputs, missed: this.state.missed };
    for (const [name, v] of Object.entries(this.state.data)) ctx[name] = v.value;
    return ctx;
  }

  /**
   * Evaluates every rule after a change. A rule whose data points have no value yet is false:
   * json-logic would read a missing number as 0 and raise a "SpO2 below 90" alert for a patient
   * who has sent nothing.
   */
  private evaluateRules(_changed: string[], causes: string[] = []): void {
    if (this.state.status !== 'active') return;
    const ctx = this.context();
    for (const rule of this.def.rules) {
      const reads = dataPointsRead(rule.when);
      const ready = reads.every((n) => this.state.data[n] !== undefined);
      const result = ready && truthy(evaluate(rule.when, ctx));
      const before = this.state.ruleResults[rule.id] ?? false;
      this.state.ruleResults[rule.id] = result;
      if (result && (rule.fire === 'every' || !before)) {
        this.fire(rule, causes.length ? causes : reads.map((n) => this.state.data[n]!.source));
        if (this.state.status !== 'active') return;
      }
    }
  }

  /**
   * A reading that arrives after a newer one (a device uploading late, requests overtaking each
   * other) is not the current value, but what it measured still matters: a desaturation
   * measured ten minutes ago must not vanish because a normal value got here first. Rules that
   * read its data points are evaluated as of its measurement (its values over the current
   * ones) and fire when true, unless they are firing now anyway (their alert covers it).
   */
  private evaluateAsMeasured(
    e: Extract<EngineEvent, { type: 'reading-received' }>,
    late: string[],
    causes: string[],
  ): void {
    if (this.state.status !== 'active') return;
    const ctx = this.context();
    for (const n of late) ctx[n] = e.values[n];
    for (const rule of this.def.rules) {
      const reads = dataPointsRead(rule.when);
      if (!reads.some((n) => late.includes(n))) continue;
      if (!reads.every((n) => late.includes(n) || this.state.data[n] !== undefined)) continue;
      if (this.state.ruleResults[rule.id]) continue;
      if (truthy(evaluate(rule.when, ctx))) {
        this.fire(rule, causes);
        if (this.state.status !== 'active') return;
      }
    }
  }

  private fire(rule: Rule, causes: string[]): void {
    this.runActions(rule.then, causes, rule);
  }

  private runActions(actions: Action[], causes: string[], rule?: Rule): void {
    for (const a of actions) {
      if (this.state.status !== 'active') return;
      switch (a.do) {
        case 'alert':
          this.raiseAlert(a, causes, rule?.id ?? `step-${causes[0] ?? 'missed'}`);
          break;
        case 'task': {
          const item = this.openItem({
            kind: 'task',
            step: null,
            trackId: null,
            assignee: a.assignee,
            dueAt: addDuration(this.now, a.sla, this.zone),
            details: { causes },
            title: a.title,
            ...(rule ? { ruleId: rule.id } : {}),
          });
          if (rule && a.escalation.length) this.setTimer(`item:${item.id}`, item.dueAt!);
          break;
        }
        case 'notify':
          this.notify(
            `${rule?.id ?? 'missed'}:${causes.join(',')}:${a.to}`,
            a.to,
            a.channels,
            a.message,
          );
          break;
        case 'set': {
          const value = evaluate(a.value, this.context());
          this.setData(a.dataPoint, value, this.now, rule ? `rule:${rule.id}` : 'action');
          break;
        }
        case 'start-track':
          this.startTrack(a.track);
          break;
        case 'stop-track':
          this.stopTrack(a.track);
          break;
        case 'end':
          this.finish('completed', a.outcome, null);
          break;
        case 'start-pathway': {
          const ctx = this.context();
          const inputs: Record<string, unknown> = {};
          for (const [name, expr] of Object.entries(a.inputs)) inputs[name] = evaluate(expr, ctx);
          this.state.seq += 1;
          this.emit({
            type: 'start-pathway',
            key: `${rule?.id ?? 'action'}#${this.state.seq}`,
            pathwayId: a.pathway,
            inputs,
          });
          break;
        }
        default: {
          const never: never = a;
          throw new RejectedEvent(`unknown action ${JSON.stringify(never)}`);
        }
      }
    }
  }

  private notify(key: string, to: AssigneeRole, channels: string[], message: LocalisedText): void {
    // The sequence number keeps two identical notifications of one event apart in the outbox.
    this.state.seq += 1;
    this.emit({
      type: 'notify',
      key: `${key}@${this.now}#${this.state.seq}`,
      to,
      channels,
      message,
    });
  }

  private raiseAlert(a: Extract<Action, { do: 'alert' }>, causes: string[], ruleId: string): void {
    const data: Record<string, unknown> = {};
    const rule = this.def.rules.find((r) => r.id === ruleId);
    for (const n of rule ? dataPointsRead(rule.when) : []) data[n] = this.state.data[n]?.value;
    const alert: AlertState = {
      id: this.nextId('alert'),
      ruleId,
      severity: a.severity,
      title: a.title,
      status: 'open',
      level: 0,
      assignee: a.assignee,
      raisedAt: this.now,
      acknowledgeBy: addDuration(this.now, a.acknowledgeWithin, this.zone),
      causes,
      data,
    };
    this.state.alerts[alert.id] = alert;
    this.emit({ type: 'raise-alert', alert: alertView(alert) });
    this.setTimer(`alert:${alert.id}`, alert.acknowledgeBy);
  }

  private ladderOf(alert: AlertState) {
    const rule = this.def.rules.find((r) => r.id === alert.ruleId);
    const action =
      rule?.then.find((x) => x.do === 'alert' && x.severity === alert.severity) ??
      rule?.then.find((x) => x.do === 'alert');
    return action?.do === 'alert' ? action.escalation : [];
  }

  /** Nobody acknowledged in time: the next level of the ladder takes the alert. */
  private alertDeadline(alertId: string): void {
    const alert = this.state.alerts[alertId];
    if (!alert || alert.status !== 'open') return;
    const ladder = this.ladderOf(alert);
    if (alert.level >= ladder.length) {
      this.emit({ type: 'alert-ladder-exhausted', alertId, assignee: alert.assignee });
      return;
    }
    const next = ladder[alert.level]!;
    alert.level += 1;
    alert.assignee = next.role;
    alert.acknowledgeBy = addDuration(this.now, next.within, this.zone);
    this.emit({
      type: 'escalate-alert',
      alertId,
      level: alert.level,
      assignee: next.role,
      acknowledgeBy: toIso(alert.acknowledgeBy),
    });
    this.setTimer(`alert:${alertId}`, alert.acknowledgeBy);
  }

  private alertClosed(
    e: Extract<EngineEvent, { type: 'alert-acknowledged' | 'alert-resolved' }>,
  ): void {
    const alert = this.state.alerts[e.alertId];
    if (!alert) throw new RejectedEvent(`no alert ${e.alertId}`);
    const status = e.type === 'alert-acknowledged' ? 'acknowledged' : 'resolved';
    if (
      alert.status === 'resolved' ||
      (alert.status === 'acknowledged' && status === 'acknowledged')
    ) {
      throw new RejectedEvent(`alert ${e.alertId} is already ${alert.status}`);
    }
    alert.status = status;
    this.cancelTimer(`alert:${e.alertId}`);
    this.emit({ type: 'close-alert', alertId: e.alertId, status, by: e.by, note: e.note ?? null });
    if (status === 'resolved') delete this.state.alerts[e.alertId];
  }

  private emit(c: EngineCommand): void {
    this.commands.push(c);
  }
}

/** Checks a reading against the definition without changing anything (update validators). */
export function readingProblems(
  definition: PathwayDefinition,
  state: EngineState,
  event: Extract<EngineEvent, { type: 'reading-received' }>,
  now: number,
): string[] {
  if (state.status !== 'active') return [`the enrolment is ${state.status}`];
  return new Run(definition, state, now).validateReading(event);
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function assigneeOf(st: Step): AssigneeRole {
  switch (st.type) {
    case 'form':
    case 'task':
      return st.assignee;
    case 'reading':
      return st.from === 'device' ? 'patient' : st.from;
    case 'booking':
      return st.assignee;
    case 'payment':
    case 'check-in':
      return 'patient';
    case 'video':
      return st.participants.includes('doctor')
        ? 'doctor'
        : st.participants.includes('nurse')
          ? 'nurse'
          : 'patient';
    case 'consult':
      return 'consultant';
    case 'document':
      return st.author;
    case 'notification':
      return st.to;
    default:
      return 'nurse';
  }
}

function detailsOf(st: Step, now: number, zone: string): Record<string, unknown> {
  switch (st.type) {
    case 'form':
      return { form: st.form, produces: st.produces };
    case 'reading':
      return { observations: st.observations, from: st.from };
    case 'video':
      return {
        participants: st.participants,
        required: st.required,
        duration: st.duration,
        opensAt: toIso(st.opensAfter ? addDuration(now, st.opensAfter, zone) : now),
      };
    case 'consult':
      return {
        requester: st.requester,
        specialty: st.specialty,
        mode: st.mode,
        form: st.form ?? null,
      };
    case 'booking':
      return {
        service: st.service,
        televisit: st.televisit,
        appointmentDataPoint: st.appointmentDataPoint,
      };
    case 'payment':
      return { tariff: st.tariff, exemptionsAllowed: st.exemptionsAllowed };
    case 'document':
      return {
        template: st.template,
        publishToFse: st.publishToFse,
        releaseAfter: st.releaseAfter ?? null,
      };
    case 'task':
      return { description: st.description ?? null };
    default:
      return {};
  }
}

function itemView(i: WorkItem): WorkItemView {
  return { ...i, openedAt: toIso(i.openedAt), dueAt: i.dueAt === null ? null : toIso(i.dueAt) };
}

function alertView(a: AlertState): AlertView {
  return { ...a, raisedAt: toIso(a.raisedAt), acknowledgeBy: toIso(a.acknowledgeBy) };
}
