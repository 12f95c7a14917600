import { DateTime } from 'luxon';
import { z } from 'zod';
import {
  isoDuration,
  participantRole,
  type AssigneeRole,
  type LocalisedText,
  type PathwayDefinition,
  type Step,
} from './definition.js';
import {
  initialState,
  RejectedEvent,
  step,
  type EngineCommand,
  type EngineEvent,
  type EngineState,
  type WorkItemView,
} from './engine.js';
import { addDuration } from './time.js';

/**
 * The designer's preview: plays a synthetic patient (readings, answers, no-shows) and synthetic
 * clinicians (acknowledgements, tasks) through a pathway on the pure engine, with a simulated
 * clock. Pure and deterministic: the same definition and scenario give the same timeline, so
 * it is also the backbone of the unit tests.
 */

// ---------------------------------------------------------------------------------------------
// Scenario

/** A number per day: constant, a list (day 1 first; the last value repeats) or a linear trend. */
export const valueGenerator = z.union([
  z.number(),
  z.array(z.number()).min(1),
  z.object({ from: z.number(), to: z.number() }),
]);
export type ValueGenerator = z.infer<typeof valueGenerator>;

const delay = z.union([isoDuration, z.literal('never')]);
const dayList = z.array(z.number().int().min(1)).default([]);

export const scenarioSchema = z.object({
  name: z.string().optional(),
  /** The pathway the scenario is written for (CLI: used when no pathway is named). */
  pathway: z.string().optional(),
  /** Enrolment instant (ISO 8601 with offset); default a Monday morning before the spring clock change. */
  start: z.iso.datetime({ offset: true }).default('2026-03-23T08:00:00+01:00'),
  days: z.number().int().min(1).max(400).default(30),
  inputs: z.record(z.string(), z.unknown()).default({}),
  /** Per reading step: a generator per observation, days the patient skips, lateness. */
  readings: z
    .record(
      z.string(),
      z.object({
        values: z.record(z.string(), valueGenerator),
        skipDays: dayList,
        /** Measured this long after the occurrence opens (default at once). */
        late: isoDuration.optional(),
      }),
    )
    .default({}),
  /**
   * Per form step: answers by form field, days skipped, delay. A list gives one answer per time
   * the form is due (the last repeats); a trend runs over the days.
   */
  forms: z
    .record(
      z.string(),
      z.object({
        answers: z.record(z.string(), z.union([valueGenerator, z.string(), z.boolean()])),
        skipDays: dayList,
        after: isoDuration.default('PT1H'),
      }),
    )
    .default({}),
  attendance: z
    .object({ checkIn: z.boolean().default(true), video: z.boolean().default(true) })
    .default({ checkIn: true, video: true }),
  booking: z
    .object({
      /** The appointment the patient gets: this many days after booking, at this local time. */
      appointmentAfter: isoDuration.default('P7D'),
      time: z
        .string()
        .regex(/^\d{2}:\d{2}$/, 'HH:mm')
        .default('10:30'),
    })
    .default({ appointmentAfter: 'P7D', time: '10:30' }),
  alerts: z
    .object({
      acknowledgeAfter: delay.default('PT15M'),
      /** Per rule id, overriding the default. */
      byRule: z.record(z.string(), delay).default({}),
    })
    .default({ acknowledgeAfter: 'PT15M', byRule: {} }),
  /**
   * Work items by step id (or `rule:<ruleId>` for a rule's task): when they are completed and
   * with what. Items not named use a default per kind (tasks PT4H, documents PT2H…).
   */
  items: z
    .record(
      z.string(),
      z.object({
        after: delay.optional(),
        values: z.record(z.string(), z.unknown()).optional(),
        attended: z.array(participantRole).optional(),
        /** Occurrences (1-based) of a recurring step the patient misses. */
        noShowOccurrences: z.array(z.number().int().min(1)).optional(),
      }),
    )
    .default({}),
  /** Withdraw the patient this long after the start. */
  withdrawAfter: isoDuration.optional(),
});
export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;

// ---------------------------------------------------------------------------------------------
// Result

export interface TimelineEntry {
  /** ISO instant (UTC). */
  at: string;
  /** Wall-clock time in the pathway's zone, `yyyy-MM-dd HH:mm`. */
  local: string;
  /** Day of the simulation, 1 = the start day (local calendar). */
  day: number;
  /** Who acted: the platform (an engine command) or the synthetic patient/clinicians. */
  actor: 'platform' | 'patient' | 'clinician';
  kind: string;
  /** One line a designer reads, in Italian. */
  label: string;
  command?: EngineCommand;
  event?: EngineEvent;
}

export interface SimulationStats {
  days: number;
  events: number;
  commands: number;
  rejected: number;
  alerts: Record<'red' | 'orange' | 'yellow', number>;
  alertEscalations: number;
  itemsOpened: number;
  missed: number;
  notifications: number;
}

export interface SimulationResult {
  pathway: { id: string; version: string };
  start: string;
  end: string;
  timeline: TimelineEntry[];
  final: {
    status: EngineState['status'];
    outcome: string | null;
    data: Record<string, unknown>;
    openItems: { id: string; title: string; assignee: AssigneeRole }[];
    openAlerts: { id: string; severity: string; assignee: AssigneeRole; status: string }[];
    tracks: Record<string, string>;
  };
  stats: SimulationStats;
  /** The engine's final state, for callers that continue from it (tests). */
  state: EngineState;
}

// ---------------------------------------------------------------------------------------------
// Queue: a binary heap on (instant, priority, insertion order), so equal instants keep a stable
// order and timers go before the patient's actions at the same instant.

interface Queued {
  at: number;
  priority: number;
  seq: number;
  run: () => EngineEvent | null;
}

class Heap {
  private readonly a: Queued[] = [];
  get size(): number {
    return this.a.length;
  }
  private less(x: Queued, y: Queued): boolean {
    return x.at !== y.at
      ? x.at < y.at
      : x.priority !== y.priority
        ? x.priority < y.priority
        : x.seq < y.seq;
  }
  push(q: Queued): void {
    const a = this.a;
    a.push(q);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(a[i]!, a[p]!)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }
  pop(): Queued | undefined {
    const a = this.a;
    const top = a[0];
    const last = a.pop();
    if (a.length && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l]!, a[m]!)) m = l;
        if (r < a.length && this.less(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}

const TIMER = 0;
const ACTION = 1;

/** Default completion delays per kind of work item, measured from when it opens. */
const DEFAULT_AFTER: Partial<Record<WorkItemView['kind'], string>> = {
  task: 'PT4H',
  booking: 'PT2H',
  payment: 'PT10M',
  consult: 'P1D',
  document: 'PT2H',
};

// ---------------------------------------------------------------------------------------------

/** Plays `scenario` through `definition`; throws only for a scenario the engine refuses to start. */
export function simulate(
  definition: PathwayDefinition,
  scenarioInput: ScenarioInput,
): SimulationResult {
  const scenario = scenarioSchema.parse(scenarioInput);
  return new Simulation(definition, scenario).run();
}

class Simulation {
  private state: EngineState = initialState();
  private readonly queue = new Heap();
  private seq = 0;
  private readonly timeline: TimelineEntry[] = [];
  private readonly zone: string;
  private readonly start: number;
  private readonly end: number;
  private readonly startDayIndex: number;
  private readonly clock: LocalClock;
  private readonly steps = new Map<string, Step>();
  private readonly stats: SimulationStats;
  private readonly formsOpened: Record<string, number> = {};

  constructor(
    private readonly def: PathwayDefinition,
    private readonly scenario: Scenario,
  ) {
    this.zone = def.timeZone;
    this.start = Date.parse(scenario.start);
    this.end = addDuration(this.start, `P${scenario.days}D`, this.zone);
    this.clock = new LocalClock(this.zone);
    this.startDayIndex = Math.floor(this.clock.localMs(this.start) / DAY_MS);
    for (const t of def.tracks) for (const s of t.steps) this.steps.set(s.id, s);
    this.stats = {
      days: scenario.days,
      events: 0,
      commands: 0,
      rejected: 0,
      alerts: { red: 0, orange: 0, yellow: 0 },
      alertEscalations: 0,
      itemsOpened: 0,
      missed: 0,
      notifications: 0,
    };
  }

  run(): SimulationResult {
    this.feed(
      { type: 'enrolment-started', inputs: this.scenario.inputs },
      this.start,
      'clinician',
      true,
    );
    if (this.scenario.withdrawAfter) {
      const at = addDuration(this.start, this.scenario.withdrawAfter, this.zone);
      this.enqueue(at, ACTION, () => ({ type: 'withdrawn', by: 'nurse', reason: 'scenario' }));
    }
    while (this.queue.size && this.state.status === 'active') {
      const next = this.queue.pop()!;
      if (next.at > this.end) break;
      const event = next.run();
      if (event)
        this.feed(
          event,
          next.at,
          event.type === 'timer-fired' ? 'platform' : actorOf(event),
          false,
        );
    }
    return this.result();
  }

  private enqueue(at: number, priority: number, run: () => EngineEvent | null): void {
    this.queue.push({ at, priority, seq: this.seq++, run });
  }

  private feed(
    event: EngineEvent,
    at: number,
    actor: TimelineEntry['actor'],
    fatal: boolean,
  ): void {
    this.stats.events++;
    if (event.type !== 'timer-fired')
      this.record(at, actor, event.type, this.eventLabel(event), { event });
    let commands: EngineCommand[];
    try {
      const r = step(this.def, this.state, event, at, { inPlace: true });
      this.state = r.state;
      commands = r.commands;
    } catch (e) {
      if (fatal || !(e instanceof RejectedEvent)) throw e;
      this.stats.rejected++;
      this.record(at, actor, 'rejected', `✗ rifiutato: ${e.message}`, { event });
      return;
    }
    for (const c of commands) this.react(c, at);
  }

  /** Records a command and lets the synthetic people respond to it. */
  private react(c: EngineCommand, now: number): void {
    this.stats.commands++;
    this.record(now, 'platform', c.type, this.commandLabel(c), { command: c });
    switch (c.type) {
      case 'schedule-timer': {
        const at = Date.parse(c.at);
        const id = c.timerId;
        // A timer cancelled or moved later finds a different instant in the state: skip it.
        this.enqueue(at, TIMER, () =>
          this.state.timers[id] === at ? { type: 'timer-fired', timerId: id } : null,
        );
        return;
      }
      case 'open-item':
        this.stats.itemsOpened++;
        this.onItemOpened(c.item, now);
        return;
      case 'raise-alert': {
        this.stats.alerts[c.alert.severity]++;
        const after =
          this.scenario.alerts.byRule[c.alert.ruleId] ?? this.scenario.alerts.acknowledgeAfter;
        if (after === 'never') return;
        const id = c.alert.id;
        this.enqueue(addDuration(now, after, this.zone), ACTION, () =>
          this.state.alerts[id]?.status === 'open'
            ? { type: 'alert-acknowledged', alertId: id, by: this.state.alerts[id].assignee }
            : null,
        );
        return;
      }
      case 'escalate-alert':
        this.stats.alertEscalations++;
        return;
      case 'missed':
        this.stats.missed++;
        return;
      case 'notify':
        this.stats.notifications++;
        return;
      case 'cancel-timer':
      case 'close-item':
      case 'escalate-item':
      case 'remind':
      case 'alert-ladder-exhausted':
      case 'close-alert':
      case 'data-changed':
      case 'reading-accepted':
      case 'track-changed':
      case 'complete':
      case 'start-pathway':
        return;
      default: {
        const never: never = c;
        throw new Error(`unknown command ${JSON.stringify(never)}`);
      }
    }
  }

  private dayOf(at: number): number {
    return Math.floor(this.clock.localMs(at) / DAY_MS) - this.startDayIndex + 1;
  }

  private label(at: number): string {
    return this.clock.label(at);
  }

  private onItemOpened(item: WorkItemView, now: number): void {
    const day = this.dayOf(now);
    const stepId = item.stepId;
    if (item.kind === 'reading-due' && stepId) {
      const plan = this.scenario.readings[stepId];
      if (!plan || plan.skipDays.includes(day)) return;
      const values: Record<string, number> = {};
      for (const [name, gen] of Object.entries(plan.values))
        values[name] = generate(gen, day, this.scenario.days);
      const at = plan.late ? addDuration(now, plan.late, this.zone) : now;
      const readingId = `sim-${stepId}-${day}-${item.id}`;
      this.enqueue(at, ACTION, () => ({
        type: 'reading-received',
        readingId,
        values,
        measuredAt: at,
        source: 'simulator',
      }));
      return;
    }
    if (item.kind === 'form' && stepId) {
      const plan = this.scenario.forms[stepId];
      if (!plan || plan.skipDays.includes(day)) return;
      // A list of answers is one per time the form is due (weekly diaries read naturally so).
      const nth = (this.formsOpened[stepId] = (this.formsOpened[stepId] ?? 0) + 1);
      const values: Record<string, unknown> = {};
      for (const [field, v] of Object.entries(plan.answers)) {
        values[field] =
          typeof v === 'string' || typeof v === 'boolean'
            ? v
            : Array.isArray(v)
              ? generate(v, nth, v.length)
              : generate(v, day, this.scenario.days);
      }
      const id = item.id;
      this.enqueue(addDuration(now, plan.after, this.zone), ACTION, () =>
        this.state.items[id]?.status === 'open'
          ? {
              type: 'form-submitted',
              submissionId: `sim-${id}`,
              itemId: id,
              values,
              by: item.assignee,
            }
          : null,
      );
      return;
    }
    const plan = this.scenario.items[stepId ?? `rule:${item.ruleId ?? ''}`];
    const after = plan?.after;
    if (after === 'never') return;
    const id = item.id;
    const complete = (
      at: number,
      extra: Partial<Extract<EngineEvent, { type: 'item-completed' }>> = {},
    ) =>
      this.enqueue(at, ACTION, () =>
        this.state.items[id]?.status === 'open'
          ? {
              type: 'item-completed',
              itemId: id,
              by: this.state.items[id].assignee,
              ...(plan?.values ? { values: plan.values } : {}),
              ...extra,
            }
          : null,
      );
    const step = stepId ? this.steps.get(stepId) : undefined;
    switch (item.kind) {
      case 'check-in': {
        if (!this.scenario.attendance.checkIn && !plan?.after) return;
        const appointment = Date.parse(String(item.details.appointmentAt));
        const opens = Date.parse(String(item.details.opensAt));
        complete(
          after
            ? addDuration(now, after, this.zone)
            : Math.max(opens, appointment - 10 * 60_000, now),
        );
        return;
      }
      case 'video': {
        if (step?.type !== 'video') return;
        const occurrence = Number(item.details.occurrence ?? 1);
        const absent =
          !this.scenario.attendance.video || (plan?.noShowOccurrences ?? []).includes(occurrence);
        const attended =
          plan?.attended ??
          (absent ? step.participants.filter((p) => p !== 'patient') : step.participants);
        const appointment = this.appointmentAt();
        const begins = Math.max(now, Date.parse(String(item.details.opensAt)), appointment ?? now);
        complete(
          after
            ? addDuration(now, after, this.zone)
            : addDuration(begins, step.duration, this.zone),
          { attended },
        );
        return;
      }
      case 'booking': {
        if (step?.type !== 'booking') return;
        const at = addDuration(now, after ?? DEFAULT_AFTER.booking!, this.zone);
        const [hh, mm] = this.scenario.booking.time.split(':').map(Number);
        const appointment = DateTime.fromMillis(
          addDuration(at, this.scenario.booking.appointmentAfter, this.zone),
          { zone: this.zone },
        )
          .set({ hour: hh ?? 10, minute: mm ?? 30, second: 0, millisecond: 0 })
          .toISO()!;
        complete(at, {
          values: { ...(plan?.values ?? {}), [step.appointmentDataPoint]: appointment },
        });
        return;
      }
      default: {
        const d = after ?? DEFAULT_AFTER[item.kind];
        if (!d) return;
        complete(addDuration(now, d, this.zone));
      }
    }
  }

  /** The booked appointment, if any datetime data point holds one (televisit: the video starts then). */
  private appointmentAt(): number | null {
    for (const [name, d] of Object.entries(this.def.dataPoints)) {
      const v = this.state.data[name]?.value;
      if (d.type === 'datetime' && typeof v === 'string') return Date.parse(v);
    }
    return null;
  }

  private record(
    at: number,
    actor: TimelineEntry['actor'],
    kind: string,
    label: string,
    extra: Pick<TimelineEntry, 'command' | 'event'>,
  ): void {
    this.timeline.push({
      at: new Date(at).toISOString(),
      local: this.label(at),
      day: this.dayOf(at),
      actor,
      kind,
      label,
      ...extra,
    });
  }

  // --- labels ----------------------------------------------------------------------------------

  private title(stepId: string | null, fallback: LocalisedText): string {
    return (stepId ? this.steps.get(stepId)?.title.it : undefined) ?? fallback.it;
  }

  private commandLabel(c: EngineCommand): string {
    switch (c.type) {
      case 'schedule-timer':
        return `⏱ timer ${c.timerId} → ${this.label(Date.parse(c.at))}`;
      case 'cancel-timer':
        return `⏱ timer ${c.timerId} annullato`;
      case 'open-item': {
        const due = c.item.dueAt ? ` (scadenza ${this.label(Date.parse(c.item.dueAt))})` : '';
        return `☐ ${KIND_IT[c.item.kind]} «${c.item.title.it}» → ${ROLE_IT[c.item.assignee]}${due}`;
      }
      case 'close-item':
        return `☑ attività ${c.itemId} ${ITEM_STATUS_IT[c.status]}${c.by ? ` (${c.by})` : ''}`;
      case 'escalate-item':
        return `⬆ attività ${c.itemId} passata a ${ROLE_IT[c.assignee]} (livello ${c.level}, entro ${this.label(Date.parse(c.dueAt))})`;
      case 'remind':
        return `⏰ promemoria «${c.title.it}» → ${ROLE_IT[c.to]}`;
      case 'raise-alert':
        return `⚠ allerta ${SEVERITY_IT[c.alert.severity]} «${c.alert.title.it}» → ${ROLE_IT[c.alert.assignee]} (entro ${this.label(Date.parse(c.alert.acknowledgeBy)).slice(11)})`;
      case 'escalate-alert':
        return `⬆ allerta ${c.alertId} passata a ${ROLE_IT[c.assignee]} (livello ${c.level}, entro ${this.label(Date.parse(c.acknowledgeBy)).slice(11)})`;
      case 'alert-ladder-exhausted':
        return `‼ allerta ${c.alertId}: escalation esaurita, resta a ${ROLE_IT[c.assignee]}`;
      case 'close-alert':
        return `✓ allerta ${c.alertId} ${c.status === 'acknowledged' ? 'presa in carico' : 'risolta'} (${c.by})`;
      case 'notify':
        return `✉ notifica a ${ROLE_IT[c.to]} [${c.channels.join(', ')}]: «${c.message.it}»`;
      case 'data-changed': {
        const d = this.def.dataPoints[c.dataPoint];
        const unit = d && 'unit' in d && d.unit ? ` ${d.unit}` : '';
        return `• ${d?.title.it ?? c.dataPoint} = ${JSON.stringify(c.value)}${unit}`;
      }
      case 'reading-accepted':
        return `✓ lettura accettata${c.stepIds.length ? ` (${c.stepIds.join(', ')})` : ''}`;
      case 'missed':
        return `✗ mancata: «${this.title(c.stepId, { it: c.stepId, en: c.stepId })}» (${c.consecutive} di fila)`;
      case 'track-changed': {
        const t = this.def.tracks.find((x) => x.id === c.trackId)?.title.it ?? c.trackId;
        return `${c.status === 'running' ? '▶' : '■'} traccia «${t}» ${TRACK_STATUS_IT[c.status]}`;
      }
      case 'complete':
        return `■ percorso ${c.status === 'completed' ? 'concluso' : 'interrotto'}: esito ${c.outcome}`;
      case 'start-pathway':
        return `↳ arruolamento collegato nel percorso «${c.pathwayId}»${Object.keys(c.inputs).length ? ` con ${JSON.stringify(c.inputs)}` : ''}`;
      default: {
        const never: never = c;
        return JSON.stringify(never);
      }
    }
  }

  private eventLabel(e: EngineEvent): string {
    switch (e.type) {
      case 'enrolment-started':
        return `▶ arruolamento nel percorso «${this.def.title.it}»`;
      case 'reading-received':
        return `📈 lettura del paziente: ${Object.entries(e.values)
          .map(([k, v]) => {
            const d = this.def.dataPoints[k];
            return `${d?.title.it ?? k} ${v}${d && 'unit' in d && d.unit ? ` ${d.unit}` : ''}`;
          })
          .join(', ')}`;
      case 'form-submitted':
        return `📝 questionario compilato: ${JSON.stringify(e.values)}`;
      case 'item-completed':
        return `✔ attività ${e.itemId} completata da ${ROLE_IT[e.by as AssigneeRole] ?? e.by}${e.attended ? ` (presenti: ${e.attended.map((p) => ROLE_IT[p as AssigneeRole] ?? p).join(', ')})` : ''}`;
      case 'alert-acknowledged':
        return `👁 allerta ${e.alertId} presa in carico da ${ROLE_IT[e.by as AssigneeRole] ?? e.by}`;
      case 'alert-resolved':
        return `👁 allerta ${e.alertId} risolta`;
      case 'withdrawn':
        return `■ paziente ritirato dal percorso (${e.reason})`;
      case 'timer-fired':
        return `⏱ ${e.timerId}`;
      default: {
        const never: never = e;
        return JSON.stringify(never);
      }
    }
  }

  private result(): SimulationResult {
    const s = this.state;
    const data: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(s.data)) data[k] = v.value;
    return {
      pathway: { id: this.def.id, version: this.def.version },
      start: new Date(this.start).toISOString(),
      end: new Date(this.end).toISOString(),
      timeline: this.timeline,
      final: {
        status: s.status,
        outcome: s.outcome,
        data,
        openItems: Object.values(s.items)
          .filter((i) => i.status === 'open')
          .map((i) => ({ id: i.id, title: i.title.it, assignee: i.assignee })),
        openAlerts: Object.values(s.alerts)
          .filter((a) => a.status === 'open')
          .map((a) => ({ id: a.id, severity: a.severity, assignee: a.assignee, status: a.status })),
        tracks: Object.fromEntries(Object.entries(s.tracks).map(([k, t]) => [k, t.status])),
      },
      stats: this.stats,
      state: s,
    };
  }
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * Wall-clock labels without asking Intl for every entry (luxon's zone lookup dominated the
 * simulator's profile). Europe/Rome changes offset only on the hour, so the offset is looked
 * up once per UTC hour and kept.
 */
class LocalClock {
  /** Shared by every simulation (a pure memo: the zone rules do not change while running). */
  private static readonly offsets = new Map<string, Map<number, number>>();
  private readonly offsets: Map<number, number>;
  constructor(private readonly zone: string) {
    let perZone = LocalClock.offsets.get(zone);
    if (!perZone) LocalClock.offsets.set(zone, (perZone = new Map<number, number>()));
    this.offsets = perZone;
  }

  /** The wall-clock time of `at` as if it were UTC milliseconds. */
  localMs(at: number): number {
    const hour = Math.floor(at / HOUR_MS);
    let offset = this.offsets.get(hour);
    if (offset === undefined) {
      offset = DateTime.fromMillis(hour * HOUR_MS, { zone: this.zone }).offset * 60_000;
      this.offsets.set(hour, offset);
    }
    return at + offset;
  }

  /** `yyyy-MM-dd HH:mm`, as time.ts's localLabel gives it. */
  label(at: number): string {
    return new Date(this.localMs(at)).toISOString().slice(0, 16).replace('T', ' ');
  }
}

function actorOf(e: EngineEvent): TimelineEntry['actor'] {
  return e.type === 'reading-received' || e.type === 'form-submitted' ? 'patient' : 'clinician';
}

/** The value of a generator on `day` (1-based) of a `days`-long simulation. */
export function generate(g: ValueGenerator, day: number, days: number): number {
  if (typeof g === 'number') return g;
  if (Array.isArray(g)) return g[Math.min(day, g.length) - 1]!;
  const t = days <= 1 ? 0 : Math.min(1, (day - 1) / (days - 1));
  return Math.round((g.from + (g.to - g.from) * t) * 10) / 10;
}

const ROLE_IT: Record<AssigneeRole, string> = {
  patient: 'paziente',
  caregiver: 'caregiver',
  nurse: 'infermiere',
  doctor: 'medico',
  consultant: 'consulente',
  emergency: 'emergenza (118)',
};

const SEVERITY_IT = { red: 'ROSSA', orange: 'ARANCIONE', yellow: 'GIALLA' } as const;

const KIND_IT: Record<WorkItemView['kind'], string> = {
  'reading-due': 'misurazione',
  form: 'questionario',
  reading: 'misurazione',
  task: 'attività',
  video: 'video',
  consult: 'teleconsulto',
  booking: 'prenotazione',
  'check-in': 'check-in',
  payment: 'pagamento',
  document: 'documento',
  notification: 'notifica',
  wait: 'attesa',
  branch: 'scelta',
  end: 'fine',
};

const ITEM_STATUS_IT = {
  done: 'completata',
  missed: 'mancata',
  cancelled: 'annullata',
  'no-show': 'assente (no-show)',
} as const;

const TRACK_STATUS_IT = {
  pending: 'in attesa',
  running: 'avviata',
  done: 'conclusa',
  stopped: 'fermata',
} as const;
