import assert from 'node:assert/strict';
import { validateDefinition } from '../../pathways/validate.js';
import { initialState, step, type EngineCommand, type EngineState } from '../../pathways/engine.js';
import { videoPathway } from '../support/video.js';

/**
 * Engine fix (issue 3, found by the teleassistance simulation): a patient's no-show at one
 * session of a recurring video step used to end the whole schedule and move the track on, so
 * one missed weekly call cancelled the remaining ones. It now closes that occurrence only.
 */
describe('engine: a no-show at a recurring video session', () => {
  const r = validateDefinition({
    schemaVersion: 1,
    id: 'video-settimanale',
    version: '1.0.0',
    kind: 'teleassistance',
    title: { it: 'Video', en: 'Video' },
    description: { it: 'Video', en: 'Video' },
    roles: ['patient', 'nurse'],
    duration: 'P60D',
    tracks: [
      {
        id: 'sessioni',
        title: { it: 'Sessioni', en: 'Sessions' },
        steps: [
          {
            id: 'video',
            title: { it: 'Videochiamata', en: 'Video call' },
            type: 'video',
            participants: ['patient', 'nurse'],
            required: ['patient', 'nurse'],
            duration: 'PT30M',
            schedule: { rrule: 'FREQ=WEEKLY;BYHOUR=11;BYMINUTE=0', window: 'PT2H', count: 3 },
          },
          {
            id: 'relazione',
            title: { it: 'Relazione', en: 'Report' },
            type: 'task',
            assignee: 'nurse',
          },
        ],
      },
    ],
  });
  assert.ok(r.ok);
  const def = r.definition;
  const start = Date.parse('2026-04-06T08:00:00+02:00');

  /** Fires the next due timer, answers each video occurrence, returns what opened. */
  function run(attendance: boolean[]): { opened: string[]; missed: number; state: EngineState } {
    let s = step(def, initialState(), { type: 'enrolment-started', inputs: {} }, start).state;
    const opened: string[] = [];
    let missed = 0;
    let session = 0;
    for (let guard = 0; guard < 20 && s.status === 'active'; guard++) {
      const [timerId, at] =
        Object.entries(s.timers)
          .filter(([id]) => id !== 'pathway-end')
          .sort((a, b) => a[1] - b[1])[0] ?? [];
      if (!timerId || at === undefined) break;
      const fired = step(def, s, { type: 'timer-fired', timerId }, at);
      s = fired.state;
      const open = fired.commands.find(
        (c): c is Extract<EngineCommand, { type: 'open-item' }> => c.type === 'open-item',
      );
      if (!open) continue;
      opened.push(`${open.item.stepId}@${open.item.openedAt}`);
      if (open.item.kind !== 'video') break;
      const attended = attendance[session++] ? ['patient', 'nurse'] : ['nurse'];
      const done = step(
        def,
        s,
        { type: 'item-completed', itemId: open.item.id, by: 'nurse', attended },
        at + 30 * 60_000,
      );
      missed += done.commands.filter((c) => c.type === 'missed').length;
      s = done.state;
      const next = done.commands.find(
        (c): c is Extract<EngineCommand, { type: 'open-item' }> => c.type === 'open-item',
      );
      if (next) {
        opened.push(`${next.item.stepId}@${next.item.openedAt}`);
        break;
      }
    }
    return { opened, missed, state: s };
  }

  it('keeps the remaining sessions and counts the missed one', () => {
    const { opened, missed, state } = run([true, false, true]);
    assert.deepEqual(opened, [
      'video@2026-04-06T09:00:00.000Z',
      'video@2026-04-13T09:00:00.000Z',
      'video@2026-04-20T09:00:00.000Z',
      'relazione@2026-04-20T09:30:00.000Z',
    ]);
    assert.equal(missed, 1);
    assert.deepEqual(state.missed.video, { consecutive: 0, total: 1 });
  });
});

/**
 * Issue 7: a video session whose due time passes without being held is a no-show for the
 * pathway (its onNoShow runs), not a missed task: the video session workflow reports who came
 * a minute before the due time, and this is the backstop when it could not.
 */
describe('engine: a video step past its due time', () => {
  it('closes the item as no-show and runs onNoShow', () => {
    const r = validateDefinition(videoPathway('televisita-scaduta', { due: 'PT2H' }));
    assert.ok(r.ok);
    const start = Date.parse('2026-04-06T10:00:00+02:00');
    const s = step(r.definition, initialState(), { type: 'enrolment-started', inputs: {} }, start);
    const [timerId, at] = Object.entries(s.state.timers).find(([id]) => id.includes(':due:'))!;
    const fired = step(r.definition, s.state, { type: 'timer-fired', timerId }, at);
    const closed = fired.commands.find(
      (c): c is Extract<EngineCommand, { type: 'close-item' }> => c.type === 'close-item',
    );
    assert.equal(closed?.status, 'no-show');
    assert.equal(fired.state.data.mancataPresentazione?.value, true);
  });
});
