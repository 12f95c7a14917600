import { validateDefinition } from '../../pathways/validate.js';
import {
  initialState,
  step,
  type EngineCommand,
  type EngineEvent,
  type EngineState,
} from '../../pathways/engine.js';
import type { PathwayDefinition } from '../../pathways/definition.js';

/**
 * Drives the pure engine with a simulated clock: timers fire at their instant, in order.
 * Every command is kept with the instant it was produced, for assertions.
 */
export class EngineDriver {
  state: EngineState = initialState();
  now: number;
  readonly log: { at: number; command: EngineCommand }[] = [];

  constructor(
    readonly definition: PathwayDefinition,
    start: string,
  ) {
    this.now = Date.parse(start);
  }

  static fromData(data: unknown, start = '2026-03-02T07:00:00Z'): EngineDriver {
    const result = validateDefinition(data);
    if (!result.ok) {
      throw new Error(
        `test definition invalid: ${result.errors.map((e) => `${e.path.join('.')}: ${e.message}`).join('; ')}`,
      );
    }
    return new EngineDriver(result.definition, start);
  }

  send(event: EngineEvent): EngineCommand[] {
    const result = step(this.definition, this.state, event, this.now);
    this.state = result.state;
    for (const command of result.commands) this.log.push({ at: this.now, command });
    return result.commands;
  }

  start(inputs: Record<string, unknown> = {}): EngineCommand[] {
    return this.send({ type: 'enrolment-started', inputs });
  }

  /** Fires every timer due up to `until` (ISO or ms), in time order, then sets the clock. */
  runUntil(until: string | number): void {
    const limit = typeof until === 'number' ? until : Date.parse(until);
    for (;;) {
      const due = Object.entries(this.state.timers)
        .filter(([, at]) => at <= limit)
        .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))[0];
      if (!due || this.state.status !== 'active') break;
      this.now = Math.max(this.now, due[1]);
      this.send({ type: 'timer-fired', timerId: due[0] });
    }
    this.now = Math.max(this.now, limit);
  }

  advance(ms: number): void {
    this.runUntil(this.now + ms);
  }

  reading(values: Record<string, number>, id: string, measuredAt = this.now): EngineCommand[] {
    return this.send({
      type: 'reading-received',
      readingId: id,
      values,
      measuredAt,
      source: 'patient',
    });
  }

  commands<T extends EngineCommand['type']>(
    type: T,
  ): (Extract<EngineCommand, { type: T }> & { at: number })[] {
    return this.log
      .filter((l) => l.command.type === type)
      .map((l) => ({ ...(l.command as Extract<EngineCommand, { type: T }>), at: l.at }));
  }

  openItems() {
    return Object.values(this.state.items).filter((i) => i.status === 'open');
  }
}

export const HOUR = 3_600_000;
export const MINUTE = 60_000;
export const DAY = 24 * HOUR;

/** A minimal valid definition to extend in tests. */
export function baseDefinition(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    schemaVersion: 1,
    id: 'test',
    version: '1.0.0',
    kind: 'telemonitoring',
    title: { it: 'Prova', en: 'Test' },
    description: { it: 'Prova', en: 'Test' },
    roles: ['patient', 'nurse'],
    duration: 'P30D',
    ...overrides,
  };
}

export const t = (it: string) => ({ it, en: it });
