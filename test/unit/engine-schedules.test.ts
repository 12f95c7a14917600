import assert from 'node:assert/strict';
import { baseDefinition, EngineDriver, HOUR, MINUTE, t } from '../support/engine-driver.js';

const spo2Plan = (extra: Record<string, unknown> = {}) =>
  baseDefinition({
    inputs: {
      spo2Min: { type: 'number', title: t('Soglia SpO2'), default: 90, min: 70, max: 100 },
    },
    dataPoints: {
      spo2: { type: 'quantity', unit: '%', loinc: '59408-5', min: 50, max: 100, title: t('SpO2') },
    },
    tracks: [
      {
        id: 'misure',
        title: t('Misure'),
        steps: [
          {
            id: 'spo2-giornaliera',
            title: t('SpO2 del mattino'),
            type: 'reading',
            observations: ['spo2'],
            from: 'patient',
            schedule: {
              rrule: 'FREQ=DAILY;BYHOUR=9;BYMINUTE=0',
              window: 'PT4H',
              reminders: ['PT2H'],
            },
            onMissed: [{ do: 'notify', to: 'patient', message: t('Misura mancata') }],
          },
        ],
      },
    ],
    ...extra,
  });

describe('engine: schedules in Europe/Rome', () => {
  it('opens a daily 09:00 reading at 09:00 local time across the spring change (2026-03-29)', () => {
    const d = EngineDriver.fromData(spo2Plan(), '2026-03-27T10:00:00Z');
    d.start();
    d.runUntil('2026-04-01T00:00:00Z');
    const opened = d.commands('open-item').map((c) => new Date(c.at).toISOString());
    assert.deepEqual(opened, [
      '2026-03-28T08:00:00.000Z', // CET, UTC+1
      '2026-03-29T07:00:00.000Z', // CEST from 02:00 that night, UTC+2
      '2026-03-30T07:00:00.000Z',
      '2026-03-31T07:00:00.000Z',
    ]);
  });

  it('and across the autumn change (2026-10-25)', () => {
    const d = EngineDriver.fromData(spo2Plan(), '2026-10-23T12:00:00Z');
    d.start();
    d.runUntil('2026-10-27T00:00:00Z');
    const opened = d.commands('open-item').map((c) => new Date(c.at).toISOString());
    assert.deepEqual(opened, [
      '2026-10-24T07:00:00.000Z',
      '2026-10-25T08:00:00.000Z',
      '2026-10-26T08:00:00.000Z',
    ]);
  });

  it('a reading inside the window satisfies the occurrence, cancels its reminder and resets the missed count', () => {
    const d = EngineDriver.fromData(spo2Plan(), '2026-03-02T07:00:00Z');
    d.start();
    d.runUntil('2026-03-02T08:00:00Z'); // 09:00 Rome
    assert.equal(d.openItems().length, 1);
    d.advance(30 * MINUTE);
    const commands = d.reading({ spo2: 96 }, 'r1');
    assert.deepEqual(
      commands.find((c) => c.type === 'reading-accepted'),
      { type: 'reading-accepted', readingId: 'r1', stepIds: ['spo2-giornaliera'] },
    );
    assert.ok(commands.some((c) => c.type === 'close-item' && c.status === 'done'));
    assert.ok(commands.some((c) => c.type === 'cancel-timer' && c.timerId.includes(':remind:')));
    assert.equal(d.openItems().length, 0);
    d.runUntil('2026-03-03T10:30:00Z');
    assert.deepEqual(
      d.commands('remind').map((r) => new Date(r.at).toISOString()),
      ['2026-03-03T10:00:00.000Z'],
      'no reminder on the day the reading came; the next day reminds at 11:00',
    );
    assert.deepEqual(d.state.missed['spo2-giornaliera'], { consecutive: 0, total: 0 });
  });

  it('no reading in the window: a reminder at +2 h, then missed with its actions, counted consecutively', () => {
    const d = EngineDriver.fromData(spo2Plan(), '2026-03-02T07:00:00Z');
    d.start();
    d.runUntil('2026-03-04T13:00:00Z'); // two full days and windows
    const reminders = d.commands('remind');
    assert.deepEqual(
      reminders.map((r) => new Date(r.at).toISOString()),
      ['2026-03-02T10:00:00.000Z', '2026-03-03T10:00:00.000Z', '2026-03-04T10:00:00.000Z'],
    );
    const missed = d.commands('missed');
    assert.deepEqual(
      missed.map((m) => m.consecutive),
      [1, 2, 3],
    );
    assert.deepEqual(
      missed.map((m) => new Date(m.at).toISOString()),
      ['2026-03-02T12:00:00.000Z', '2026-03-03T12:00:00.000Z', '2026-03-04T12:00:00.000Z'],
    );
    assert.equal(d.commands('notify').filter((n) => n.message.it === 'Misura mancata').length, 3);
    // A reading on day 4 resets the consecutive count, not the total.
    d.runUntil('2026-03-05T08:30:00Z');
    d.reading({ spo2: 95 }, 'r4');
    assert.deepEqual(d.state.missed['spo2-giornaliera'], { consecutive: 0, total: 3 });
  });

  it('a late reading measured inside the window still counts; one measured before the window does not', () => {
    const d = EngineDriver.fromData(spo2Plan(), '2026-03-02T07:00:00Z');
    d.start();
    d.runUntil('2026-03-02T09:00:00Z');
    const early = d.reading({ spo2: 95 }, 'early', Date.parse('2026-03-02T07:30:00Z'));
    assert.deepEqual(
      early.find((c) => c.type === 'reading-accepted'),
      { type: 'reading-accepted', readingId: 'early', stepIds: [] },
    );
    const late = d.reading({ spo2: 94 }, 'late', Date.parse('2026-03-02T08:15:00Z'));
    assert.deepEqual(
      late.find((c) => c.type === 'reading-accepted'),
      { type: 'reading-accepted', readingId: 'late', stepIds: ['spo2-giornaliera'] },
    );
    assert.equal(d.state.data.spo2?.value, 94, 'the later measurement is the latest value');
    // An older measurement arriving afterwards never replaces the newer value.
    d.reading({ spo2: 91 }, 'older', Date.parse('2026-03-02T08:05:00Z'));
    assert.equal(d.state.data.spo2?.value, 94);
  });

  it('the recurrence ends with the pathway: the track finishes and the enrolment completes', () => {
    const d = EngineDriver.fromData(spo2Plan({ duration: 'P3D' }), '2026-03-02T07:00:00Z');
    d.start();
    d.runUntil('2026-03-10T00:00:00Z');
    assert.equal(d.commands('open-item').length, 3);
    assert.equal(d.state.status, 'completed');
    assert.deepEqual(
      d.commands('complete').map((c) => c.outcome),
      ['completed'],
    );
    assert.deepEqual(d.state.timers, {}, 'no timer left behind');
  });

  it('a schedule with a count stops after that many occurrences and the track moves on', () => {
    const def = spo2Plan();
    const track = (def.tracks as { steps: Record<string, unknown>[] }[])[0]!;
    (track.steps[0]!.schedule as Record<string, unknown>).count = 2;
    track.steps.push({ id: 'fine', title: t('Fine'), type: 'end', outcome: 'plan-done' });
    const d = EngineDriver.fromData(def, '2026-03-02T07:00:00Z');
    d.start();
    d.runUntil('2026-03-08T00:00:00Z');
    assert.equal(d.commands('open-item').length, 2);
    assert.equal(d.state.status, 'completed');
    assert.equal(d.state.outcome, 'plan-done');
    assert.ok(d.commands('missed').length === 2);
    assert.ok(HOUR > 0);
  });
});
