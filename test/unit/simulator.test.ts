import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { EngineCommand } from '../../pathways/engine.js';
import { simulate, type ScenarioInput, type SimulationResult } from '../../pathways/simulator.js';
import { repoRoot } from '../../platform/config.js';
import { loadDefinition } from './builtin-pathways.test.js';

const scenario = (name: string): ScenarioInput & { pathway: string } =>
  parse(
    readFileSync(path.join(repoRoot, 'pathways', 'scenarios', `${name}.yaml`), 'utf8'),
  ) as ScenarioInput & {
    pathway: string;
  };

const play = (name: string, override: Partial<ScenarioInput> = {}): SimulationResult => {
  const s = scenario(name);
  return simulate(loadDefinition(s.pathway), { ...s, ...override });
};

type Cmd<T extends EngineCommand['type']> = Extract<EngineCommand, { type: T }> & { local: string };

function commands<T extends EngineCommand['type']>(r: SimulationResult, type: T): Cmd<T>[] {
  return r.timeline
    .filter((e) => e.command?.type === type)
    .map((e) => ({ ...(e.command as Extract<EngineCommand, { type: T }>), local: e.local }));
}

describe('simulator: COPD telemonitoring', () => {
  const r = play('bpco-telemonitoraggio');

  it('raises exactly one red alert for the SpO2 of 87 on day 3, to the nurse, within 30 minutes', () => {
    const red = commands(r, 'raise-alert').filter((c) => c.alert.severity === 'red');
    assert.equal(red.length, 1);
    assert.equal(red[0]!.local, '2026-03-25 09:00');
    assert.equal(red[0]!.alert.assignee, 'nurse');
    assert.deepEqual(red[0]!.alert.data, { spo2: 87 });
    assert.ok(
      r.timeline.some((e) =>
        e.label.includes('⚠ allerta ROSSA «SpO2 sotto soglia» → infermiere (entro 09:30)'),
      ),
    );
  });

  it('escalates the unacknowledged alert to the doctor after 30 minutes and to 118 after 30 more', () => {
    const redId = commands(r, 'raise-alert').find((c) => c.alert.severity === 'red')!.alert.id;
    const esc = commands(r, 'escalate-alert').filter((c) => c.alertId === redId);
    assert.deepEqual(
      esc.map((c) => [c.local, c.assignee]),
      [
        ['2026-03-25 09:30', 'doctor'],
        ['2026-03-25 10:00', 'emergency'],
      ],
    );
    assert.deepEqual(
      commands(r, 'alert-ladder-exhausted').map((c) => c.local),
      ['2026-03-25 10:15'],
    );
  });

  it('asks the nurse to call after two mornings without measurements, once', () => {
    const tasks = commands(r, 'open-item').filter((c) => c.item.ruleId === 'misurazioni-mancate');
    assert.equal(tasks.length, 1);
    assert.equal(tasks[0]!.local, '2026-03-29 13:00');
    assert.equal(tasks[0]!.item.assignee, 'nurse');
    const patientNotices = commands(r, 'notify').filter(
      (c) => c.to === 'patient' && c.key.startsWith('missed'),
    );
    assert.equal(patientNotices.length, 2, 'onMissed tells the patient after each missed morning');
  });

  it('raises a yellow alert for the borderline 91 % and an orange one for the heart rate of 118', () => {
    const others = commands(r, 'raise-alert').filter((c) => c.alert.severity !== 'red');
    assert.deepEqual(
      others.map((c) => [c.local, c.alert.severity]),
      [
        ['2026-04-02 09:00', 'yellow'],
        ['2026-04-03 09:00', 'orange'],
      ],
    );
  });

  it('starts the review and evening checks when the CAT score reaches 20, stops them when it settles', () => {
    const tracks = commands(r, 'track-changed').filter((c) => c.trackId === 'rivalutazione');
    assert.deepEqual(
      tracks.map((c) => [c.local, c.status]),
      [
        ['2026-04-06 13:00', 'running'],
        ['2026-04-20 13:00', 'stopped'],
      ],
    );
    const evening = commands(r, 'open-item').filter((c) => c.item.stepId === 'misurazione-serale');
    assert.ok(evening.length >= 10, `evening checks while the review runs (${evening.length})`);
    assert.ok(evening.every((c) => c.local.endsWith('18:00') && c.local < '2026-04-20'));
    const set = commands(r, 'data-changed').filter(
      (c) => c.dataPoint === 'sospettaRiacutizzazione',
    );
    assert.deepEqual(
      set.map((c) => c.value),
      [true, false],
    );
  });

  it('is deterministic: the same scenario gives the same timeline', () => {
    const again = play('bpco-telemonitoraggio');
    assert.deepEqual(again.timeline, r.timeline);
  });
});

describe('simulator: daylight-saving changes in Europe/Rome', () => {
  const openings = (r: SimulationResult) =>
    commands(r, 'open-item')
      .filter((c) => c.item.kind === 'reading-due')
      .map((c) => c.item.openedAt);

  it('keeps the 09:00 reading at 09:00 local across 2026-03-29 (08:00Z before, 07:00Z after)', () => {
    const r = play('bpco-telemonitoraggio', { start: '2026-03-26T08:00:00+01:00', days: 5 });
    assert.deepEqual(openings(r), [
      '2026-03-26T08:00:00.000Z',
      '2026-03-27T08:00:00.000Z',
      '2026-03-28T08:00:00.000Z',
      '2026-03-29T07:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
    ]);
  });

  it('and across 2026-10-25 (07:00Z before, 08:00Z after)', () => {
    const r = play('bpco-telemonitoraggio', { start: '2026-10-23T08:00:00+02:00', days: 4 });
    assert.deepEqual(openings(r), [
      '2026-10-23T07:00:00.000Z',
      '2026-10-24T07:00:00.000Z',
      '2026-10-25T08:00:00.000Z',
      '2026-10-26T08:00:00.000Z',
    ]);
    // The window (PT4H) is wall-clock too: it closes at 13:00 local on the change day.
    const due = commands(r, 'open-item').find((c) => c.item.openedAt.startsWith('2026-10-25'))!.item
      .dueAt;
    assert.equal(due, '2026-10-25T12:00:00.000Z');
  });
});

describe('simulator: heart-failure telemonitoring', () => {
  const r = play('scompenso-telemonitoraggio');

  it('raises the orange weight alert once when weight rises 2.5 kg in 3 days', () => {
    const orange = commands(r, 'raise-alert').filter((c) => c.alert.severity === 'orange');
    assert.equal(orange.length, 1);
    assert.equal(orange[0]!.local, '2026-03-28 08:00');
    assert.deepEqual(orange[0]!.alert.data, { weightChange3d: 2.5 });
  });

  it('raises a red alert for a systolic of 85 mmHg, acknowledged after 45 minutes without escalation', () => {
    const red = commands(r, 'raise-alert').filter((c) => c.alert.severity === 'red');
    assert.deepEqual(
      red.map((c) => [c.local, c.alert.data]),
      [['2026-04-01 08:00', { systolic: 85 }]],
    );
    assert.equal(
      commands(r, 'escalate-alert').filter((c) => c.alertId === red[0]!.alert.id).length,
      1,
    );
    const closed = commands(r, 'close-alert').find((c) => c.alertId === red[0]!.alert.id)!;
    assert.equal(closed.local, '2026-04-01 08:45');
    assert.equal(closed.by, 'doctor', 'the nurse had 30 minutes; the doctor took it');
  });
});

describe('simulator: televisit', () => {
  it('goes booking → reminder the day before → check-in → video → report', () => {
    const r = play('televisita-controllo');
    assert.equal(r.final.outcome, 'completed');
    const kinds = commands(r, 'open-item').map((c) => c.item.kind);
    assert.deepEqual(kinds, ['booking', 'check-in', 'video', 'document']);
    const reminder = commands(r, 'notify').find((c) => c.key.startsWith('step:promemoria'))!;
    assert.equal(reminder.local, '2026-04-01 15:00', 'P1D before the 15:00 appointment');
  });

  it('on a no-show skips the video and the report, tells the doctor and ends as no-show', () => {
    const r = play('televisita-mancata');
    assert.equal(r.final.outcome, 'no-show');
    assert.deepEqual(
      commands(r, 'open-item').map((c) => c.item.kind),
      ['booking', 'check-in'],
    );
    assert.ok(commands(r, 'notify').some((c) => c.to === 'doctor'));
  });

  it('treats a patient who checks in but never joins the call as a no-show too', () => {
    const r = play('televisita-controllo', { attendance: { checkIn: true, video: false } });
    assert.equal(r.final.outcome, 'no-show');
    assert.ok(!commands(r, 'open-item').some((c) => c.item.kind === 'document'));
  });
});

describe('simulator: teleconsult hub-spoke', () => {
  it('escalates an unanswered routine consult after 2 days, then produces the report', () => {
    const r = play('teleconsulto-hub-spoke');
    const esc = commands(r, 'escalate-item');
    assert.deepEqual(
      esc.map((c) => [c.local, c.assignee]),
      [['2026-03-25 08:30', 'doctor']],
    );
    assert.ok(
      commands(r, 'open-item').some((c) => c.item.details.template === 'relazione-teleconsulto'),
    );
    assert.equal(r.final.outcome, 'completed');
  });

  it('routes an urgent request to the 4-hour consult', () => {
    const s = scenario('teleconsulto-hub-spoke');
    const r = simulate(loadDefinition(s.pathway), {
      ...s,
      forms: {
        richiesta: {
          answers: { priorita: 'urgente', quesito: 'Sospetta sindrome coronarica acuta' },
          after: 'PT30M',
        },
      },
      items: {},
    });
    const consults = commands(r, 'open-item').filter((c) => c.item.kind === 'consult');
    assert.deepEqual(
      consults.map((c) => [c.item.stepId, c.item.dueAt]),
      [['consulto-urgente', '2026-03-23T11:30:00.000Z']],
    );
  });
});

describe('simulator: post-discharge teleassistance', () => {
  const r = play('teleassistenza-post-dimissione');

  it('holds all four weekly video sessions even when the patient misses the second', () => {
    const videos = commands(r, 'open-item').filter((c) => c.item.kind === 'video');
    assert.deepEqual(
      videos.map((c) => c.local),
      ['2026-03-23 11:00', '2026-03-30 11:00', '2026-04-06 11:00', '2026-04-13 11:00'],
    );
    assert.equal(commands(r, 'close-item').filter((c) => c.status === 'no-show').length, 1);
    assert.ok(commands(r, 'notify').some((c) => c.to === 'nurse'));
  });

  it('raises the pain alert, asks for a call on low well-being and ends with the final report', () => {
    assert.deepEqual(
      commands(r, 'raise-alert').map((c) => [c.local, c.alert.severity]),
      [['2026-03-26 19:00', 'orange']],
    );
    assert.equal(
      commands(r, 'open-item').filter((c) => c.item.ruleId === 'benessere-basso').length,
      1,
    );
    const doc = commands(r, 'open-item').find((c) => c.item.kind === 'document')!;
    assert.equal(doc.local, '2026-04-13 11:30');
    assert.equal(r.final.outcome, 'completed');
    assert.deepEqual(r.final.tracks, { sessioni: 'stopped', autovalutazione: 'stopped' });
  });
});

describe('simulator: visit journey', () => {
  it('releases the report only after the ticket is paid', () => {
    const r = play('percorso-visita');
    const paid = r.timeline.findIndex(
      (e) =>
        e.command?.type === 'close-item' &&
        e.label.includes('item-3') &&
        e.command.status === 'done',
    );
    const report = r.timeline.findIndex(
      (e) => e.command?.type === 'open-item' && e.command.item.kind === 'document',
    );
    assert.ok(paid > 0 && report > paid, 'payment closes before the report opens');
    const doc = commands(r, 'open-item').find((c) => c.item.kind === 'document')!;
    assert.equal(doc.item.details.releaseAfter, 'pagamento');
    assert.equal(
      commands(r, 'notify')[0]!.local,
      '2026-03-31 11:00',
      'reminder P2D before the 11:00 visit',
    );
    assert.equal(r.final.outcome, 'completed');
  });

  it('without payment there is no visit and no report: the desk is involved, then the journey ends', () => {
    const r = play('percorso-visita', { items: { pagamento: { after: 'never' } } });
    assert.equal(r.final.outcome, 'ticket-non-pagato');
    assert.deepEqual(
      commands(r, 'escalate-item').map((c) => c.assignee),
      ['nurse'],
    );
    assert.ok(
      !commands(r, 'open-item').some((c) => c.item.kind === 'document' || c.item.kind === 'task'),
    );
  });

  it('a missed check-in cancels the visit', () => {
    const r = play('percorso-visita', { attendance: { checkIn: false, video: true } });
    assert.equal(r.final.outcome, 'no-show');
    assert.ok(!commands(r, 'open-item').some((c) => c.item.kind === 'payment'));
  });
});

describe('simulator: scenario handling', () => {
  it('refuses a malformed scenario with the path of the problem', () => {
    assert.throws(
      () => simulate(loadDefinition('bpco-telemonitoraggio'), { days: 0 }),
      (e: Error) => e.message.includes('days'),
    );
  });

  it('records a reading outside the possible range as refused, and goes on', () => {
    const r = play('bpco-telemonitoraggio', {
      days: 3,
      readings: { 'misurazioni-mattino': { values: { spo2: [95, 30, 95], heartRate: 70 } } },
    });
    assert.equal(r.stats.rejected, 1);
    assert.ok(
      r.timeline.some(
        (e) => e.kind === 'rejected' && e.label.includes('outside the possible range'),
      ),
    );
    assert.equal(r.final.status, 'active');
  });

  it('counts a late reading (after the window) as missed but still stores its value', () => {
    const r = play('bpco-telemonitoraggio', {
      days: 2,
      readings: { 'misurazioni-mattino': { values: { spo2: 96, heartRate: 70 }, late: 'PT6H' } },
    });
    assert.equal(commands(r, 'missed').length, 2);
    assert.equal(r.final.data.spo2, 96);
  });
});
