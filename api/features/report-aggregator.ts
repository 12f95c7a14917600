import type { DayFacts, DailyRow, DirtyMark, EnrolmentDims } from '../../db/stores/report-store.js';
import type { Stores } from '../../db/stores/index.js';
import type { PathwayDefinition } from '../../pathways/definition.js';
import { evaluate } from '../../pathways/expressions.js';
import { thresholdBands, type ThresholdBand } from '../../pathways/thresholds.js';
import type { Logger } from '../../platform/logger.js';
import type { PathwayCatalog } from '../../platform/pathway-catalog.js';

/**
 * Keeps `report_daily` equal to what the facts say (DESIGN §4: reports read the app database,
 * never the workflows). The care read models mark the local days their changes touch; a pass
 * recomputes each marked day from its facts, whole, and deletes only the marks it read. A
 * recomputation is idempotent, so a pass that fails half-way (or two replicas racing) changes
 * nothing but the time the figures appear.
 *
 * A day's figures (all per pathway, version and site; the keys are in brackets):
 * - `readings` [data point]: readings measured that day;
 * - `in_range` [data point]: of the readings whose data point has a target, how many were
 *   inside it (numerator) out of how many (denominator);
 * - `adherence` [reading | form]: patients' scheduled readings and questionnaires whose window
 *   closed that day, received inside it (numerator) out of all (denominator);
 * - `alerts` [severity]: alerts raised that day;
 * - `ack_within` []: of the alerts raised that day, acknowledged before the pathway's limit,
 *   without escalation (numerator) out of all (denominator);
 * - `ack_minutes` [minutes]: alerts raised that day acknowledged after so many minutes
 *   (rounded up): the distribution the median and 90th percentile are read from;
 * - `escalated` [level]: alerts raised that day that reached at least that level;
 *   `ladder_exhausted` []: those whose ladder ran out;
 * - `missed_reading_tasks` []: tasks opened that day because a scheduled reading or
 *   questionnaire was missed;
 * - `tasks` []: clinicians' tasks opened that day (denominator) and those already closed late,
 *   escalated or missed (numerator; still-open late ones are counted live);
 * - `notifications` [status]: deliveries of notifications raised that day, by status;
 * - `score` [data point]: questionnaire scores submitted that day: sum (numerator) and count.
 */
export class ReportAggregator {
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly deps: { stores: Stores; catalog: PathwayCatalog; logger?: Logger },
  ) {}

  /**
   * Recomputes the marked days (of one tenant, or of all). Passes run one after another, and
   * each reads the marks when it starts, so the caller sees every change made before it asked.
   */
  refresh(tenantId: string | null = null): Promise<number> {
    const next = this.chain.then(() => this.pass(tenantId));
    this.chain = next.catch(() => 0);
    return next;
  }

  /** Refreshes every `intervalMs` in the background (the API process does this). */
  start(intervalMs: number): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.refresh().catch((err: unknown) =>
        this.deps.logger?.warn({ err }, 'report aggregation failed; it will be retried'),
      );
    }, intervalMs);
    this.timer.unref();
  }

  /** Stops the background passes and waits for the one running, if any. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.chain;
  }

  private async pass(tenantId: string | null): Promise<number> {
    const batch = 10_000;
    let days = 0;
    for (;;) {
      const marks = await this.deps.stores.reports.dirtyMarks(tenantId, batch);
      days += await this.recomputeMarked(marks);
      if (marks.length < batch) return days;
    }
  }

  private async recomputeMarked(marks: DirtyMark[]): Promise<number> {
    const byDay = new Map<string, { tenantId: string; day: string; tokens: string[] }>();
    for (const m of marks) {
      const k = `${m.tenantId}\u0000${m.day}`;
      const entry = byDay.get(k) ?? { tenantId: m.tenantId, day: m.day, tokens: [] };
      entry.tokens.push(m.token);
      byDay.set(k, entry);
    }
    const dims = new DimsCache(this.deps.stores, this.deps.catalog);
    for (const { tenantId: t, day, tokens } of byDay.values()) {
      await this.recomputeDay(t, day, tokens, dims);
    }
    return byDay.size;
  }

  /** Recomputes one local day of a tenant from its facts. */
  async recomputeDay(
    tenantId: string,
    day: string,
    tokens: string[] = [],
    dims = new DimsCache(this.deps.stores, this.deps.catalog),
  ): Promise<void> {
    const facts = await this.deps.stores.reports.dayFacts(tenantId, day);
    await dims.load(tenantId, enrolmentIdsOf(facts));
    const { rows, inRange } = aggregateDay(facts, (id) => dims.get(id));
    await this.deps.stores.reports.replaceDay({ tenantId, day, rows, inRange, tokens });
  }
}

/** Every pathway-dependent thing the aggregation needs to know about an enrolment. */
export interface ClassifiedEnrolment {
  dims: EnrolmentDims;
  /** Null: the data point has no target (no alert band in the pathway's rules). */
  inRange(dataPoint: string, value: number): boolean | null;
  isScore(dataPoint: string): boolean;
}

export class DimsCache {
  private readonly cache = new Map<string, ClassifiedEnrolment>();
  constructor(
    private readonly stores: Stores,
    private readonly catalog: PathwayCatalog,
  ) {}

  async load(tenantId: string, ids: Iterable<string>): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.cache.has(id));
    if (!missing.length) return;
    for (const d of await this.stores.reports.enrolmentDims(tenantId, missing)) {
      const definition =
        this.catalog.get(d.pathwayId, d.pathwayVersion, tenantId) ??
        (await this.catalog.find(tenantId, d.pathwayId, d.pathwayVersion));
      this.cache.set(d.id, classify(d, definition));
    }
  }

  get(id: string): ClassifiedEnrolment | undefined {
    return this.cache.get(id);
  }
}

/** The enrolment's inputs, with the pathway's defaults where it has none. */
export function inputsWithDefaults(
  definition: PathwayDefinition,
  inputs: Record<string, unknown> | null,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, input] of Object.entries(definition.inputs ?? {})) {
    if ('default' in input && input.default !== undefined) out[name] = input.default;
  }
  return { ...out, ...(inputs ?? {}) };
}

export function classify(
  dims: EnrolmentDims,
  definition: PathwayDefinition | null,
): ClassifiedEnrolment {
  if (!definition) return { dims, inRange: () => null, isScore: () => false };
  const inputs = inputsWithDefaults(definition, dims.inputs);
  const bands = new Map<string, ThresholdBand[]>();
  for (const b of thresholdBands(definition, inputs)) {
    bands.set(b.dataPoint, [...(bands.get(b.dataPoint) ?? []), b]);
  }
  const rules = new Map(definition.rules.map((r) => [r.id, r]));
  return {
    dims,
    isScore: (dp) => definition.dataPoints[dp]?.type === 'score',
    inRange(dp, value) {
      const list = bands.get(dp);
      if (!list?.length) return null;
      return !list.some((b) => {
        if (b.between) {
          // The rule reads only this data point ("≥ a and < b"): its own condition decides.
          const rule = rules.get(b.ruleId);
          return rule ? Boolean(evaluate(rule.when as never, { inputs, [dp]: value })) : false;
        }
        if (b.below !== undefined && (b.inclusive ? value <= b.below : value < b.below)) {
          return true;
        }
        return b.above !== undefined && (b.inclusive ? value >= b.above : value > b.above);
      });
    },
  };
}

function enrolmentIdsOf(f: DayFacts): string[] {
  return [
    ...f.observations.map((o) => o.enrolmentId),
    ...f.scheduled.map((s) => s.enrolmentId),
    ...f.opened.map((o) => o.enrolmentId),
    ...f.alerts.map((a) => a.enrolmentId),
    ...f.notifications.map((n) => n.enrolmentId),
    ...f.submissions.map((s) => s.enrolmentId),
  ];
}

const minuteMs = 60_000;

/** A day's facts → its aggregate rows, and the readings' classification to record. Pure. */
export function aggregateDay(
  facts: DayFacts,
  enrolment: (id: string) => ClassifiedEnrolment | undefined,
): { rows: DailyRow[]; inRange: { ids: string[]; value: boolean }[] } {
  const sums = new Map<string, DailyRow>();
  const add = (enrolmentId: string, metric: string, key: string, n: number, d = 0) => {
    const e = enrolment(enrolmentId);
    if (!e) return;
    const { pathwayId, pathwayVersion, siteId } = e.dims;
    const k = [pathwayId, pathwayVersion, siteId, metric, key].join('\u0000');
    const row = sums.get(k) ?? { pathwayId, pathwayVersion, siteId, metric, key, n: 0, d: 0 };
    row.n += n;
    row.d += d;
    sums.set(k, row);
  };
  const inside: string[] = [];
  const outside: string[] = [];

  for (const o of facts.observations) {
    add(o.enrolmentId, 'readings', o.dataPoint, 1);
    let ok = o.inRange;
    if (ok === null) {
      ok = enrolment(o.enrolmentId)?.inRange(o.dataPoint, o.value) ?? null;
      if (ok !== null) (ok ? inside : outside).push(o.id);
    }
    if (ok !== null) add(o.enrolmentId, 'in_range', o.dataPoint, ok ? 1 : 0, 1);
  }

  for (const s of facts.scheduled) {
    add(
      s.enrolmentId,
      'adherence',
      s.kind === 'form' ? 'form' : 'reading',
      s.status === 'done' ? 1 : 0,
      1,
    );
  }

  for (const w of facts.opened) {
    if (w.kind === 'task' && w.causes.some((c) => c.startsWith('missed:'))) {
      add(w.enrolmentId, 'missed_reading_tasks', '', 1);
    }
    if ((w.assignee === 'nurse' || w.assignee === 'doctor') && w.dueAt) {
      const late =
        w.level > 0 || w.status === 'missed' || (w.closedAt !== null && w.closedAt > w.dueAt);
      if (w.status === 'cancelled' && !late) continue;
      add(w.enrolmentId, 'tasks', '', late ? 1 : 0, 1);
    }
  }

  for (const a of facts.alerts) {
    add(a.enrolmentId, 'alerts', a.severity, 1);
    const acked = a.acknowledgedAt;
    const within = acked !== null && a.level === 0 && acked <= a.acknowledgeBy;
    add(a.enrolmentId, 'ack_within', '', within ? 1 : 0, 1);
    if (acked !== null) {
      const minutes = Math.max(
        0,
        Math.ceil((Date.parse(acked) - Date.parse(a.raisedAt)) / minuteMs),
      );
      add(a.enrolmentId, 'ack_minutes', String(minutes), 1);
    }
    for (let level = 1; level <= a.level; level += 1) {
      add(a.enrolmentId, 'escalated', String(level), 1);
    }
    if (a.ladderExhausted) add(a.enrolmentId, 'ladder_exhausted', '', 1);
  }

  for (const n of facts.notifications) add(n.enrolmentId, 'notifications', n.status, n.n);

  for (const s of facts.submissions) {
    const e = enrolment(s.enrolmentId);
    for (const [dp, value] of Object.entries(s.outputs)) {
      if (e?.isScore(dp) && typeof value === 'number' && Number.isFinite(value)) {
        add(s.enrolmentId, 'score', dp, value, 1);
      }
    }
  }

  return {
    rows: [...sums.values()],
    inRange: [
      { ids: inside, value: true },
      { ids: outside, value: false },
    ].filter((x) => x.ids.length),
  };
}
