import type { PathwayDefinition } from './definition.js';
import type { EngineState, TrackState } from './engine.js';

/**
 * Moves a running enrolment's engine state from one version of a pathway to another. Pure:
 * the workflow applies it at a safe point (between events) and continues-as-new with the new
 * definition; the designer's preview can call it on a simulated state.
 *
 * The rules, chosen so that nothing a person is waiting for changes meaning under them:
 * - tracks are matched by id; a running track must exist in the new version;
 * - the step a running track is on must exist in the same track with the same type (its
 *   position may change: steps can be inserted before or after it);
 * - timers of steps the new version no longer has are cancelled;
 * - data points the new version no longer declares are dropped (with their history), and so
 *   are the remembered results of rules it no longer has;
 * - tracks new in the new version are added as pending (a rule can start them).
 */
export type MigrationResult =
  | { ok: true; state: EngineState; cancelledTimers: string[]; droppedDataPoints: string[] }
  | { ok: false; reason: string };

export function migrateState(
  from: PathwayDefinition,
  to: PathwayDefinition,
  state: EngineState,
): MigrationResult {
  if (from.id !== to.id) {
    return { ok: false, reason: `pathway ${to.id} is not a version of ${from.id}` };
  }
  if (state.status !== 'active') {
    return { ok: false, reason: `the enrolment is ${state.status}, not active` };
  }
  const next = JSON.parse(JSON.stringify(state)) as EngineState;
  const tracks: Record<string, TrackState> = {};
  for (const [trackId, ts] of Object.entries(state.tracks)) {
    const oldTrack = from.tracks.find((t) => t.id === trackId);
    const newTrack = to.tracks.find((t) => t.id === trackId);
    if (ts.status !== 'running') {
      // A finished, stopped or never-started track the new version dropped simply goes.
      if (newTrack) tracks[trackId] = { ...ts };
      continue;
    }
    if (!newTrack) {
      return {
        ok: false,
        reason: `track "${trackId}" is running but version ${to.version} has no such track`,
      };
    }
    const current = oldTrack?.steps[ts.position];
    if (!current)
      return {
        ok: false,
        reason: `track "${trackId}" has no current step in version ${from.version}`,
      };
    const position = newTrack.steps.findIndex((s) => s.id === current.id);
    const target = newTrack.steps[position];
    if (!target) {
      return {
        ok: false,
        reason: `step "${current.id}" (where track "${trackId}" is) does not exist in track "${trackId}" of version ${to.version}`,
      };
    }
    if (target.type !== current.type) {
      return {
        ok: false,
        reason: `step "${current.id}" is a ${current.type} step in ${from.version} but a ${target.type} step in ${to.version}`,
      };
    }
    tracks[trackId] = { ...ts, position };
  }
  for (const track of to.tracks) {
    tracks[track.id] ??= {
      status: 'pending',
      position: 0,
      stepStartedAt: null,
      itemId: null,
      occurrence: null,
      occurrenceCount: 0,
      completedSteps: [],
    };
  }
  next.tracks = tracks;

  const stepIds = new Set(to.tracks.flatMap((t) => t.steps.map((s) => s.id)));
  const cancelledTimers: string[] = [];
  for (const id of Object.keys(next.timers)) {
    const [kind, stepId] = id.split(':');
    if (kind === 'step' && stepId !== undefined && !stepIds.has(stepId)) {
      delete next.timers[id];
      cancelledTimers.push(id);
    }
  }

  const droppedDataPoints: string[] = [];
  for (const name of Object.keys(next.data)) {
    if (!(name in to.dataPoints)) {
      delete next.data[name];
      droppedDataPoints.push(name);
    }
  }
  for (const name of Object.keys(next.series)) {
    if (!(name in to.dataPoints)) delete next.series[name];
  }
  const ruleIds = new Set(to.rules.map((r) => r.id));
  for (const id of Object.keys(next.ruleResults)) {
    if (!ruleIds.has(id)) delete next.ruleResults[id];
  }
  for (const id of Object.keys(next.missed)) {
    if (!stepIds.has(id)) delete next.missed[id];
  }
  return { ok: true, state: next, cancelledTimers, droppedDataPoints };
}
