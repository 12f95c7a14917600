import assert from 'node:assert/strict';
import { migrateState } from '../../pathways/migrate.js';
import { baseDefinition, EngineDriver, t } from '../support/engine-driver.js';
import { definitionOf } from '../workflows/helpers.js';

const steps = {
  reading: {
    id: 'misura',
    title: t('Misura'),
    type: 'reading',
    from: 'patient',
    observations: ['spo2'],
    schedule: { rrule: 'FREQ=DAILY;BYHOUR=9', window: 'PT4H' },
  },
  call: { id: 'chiamata', title: t('Chiamata'), type: 'task', assignee: 'nurse', due: 'P1D' },
  welcome: {
    id: 'benvenuto',
    title: t('Benvenuto'),
    type: 'notification',
    to: 'patient',
    message: t('Ciao'),
  },
  wait: { id: 'attesa', title: t('Attesa'), type: 'wait', duration: 'P2D' },
};

function version(
  version: string,
  o: { misure?: unknown[]; followUp?: unknown[]; dataPoints?: Record<string, unknown> } = {},
) {
  return definitionOf(
    baseDefinition({
      version,
      dataPoints: o.dataPoints ?? {
        spo2: { type: 'quantity', title: t('SpO2'), unit: '%', min: 50, max: 100 },
        peso: { type: 'quantity', title: t('Peso'), unit: 'kg', min: 20, max: 300 },
      },
      tracks: [
        { id: 'misure', title: t('Misure'), steps: o.misure ?? [steps.reading] },
        { id: 'seguito', title: t('Seguito'), steps: o.followUp ?? [steps.wait, steps.call] },
      ],
    }),
  );
}

function running() {
  const d = new EngineDriver(version('1.0.0'), '2026-03-02T07:00:00Z');
  d.start();
  d.reading({ spo2: 95, peso: 80 }, 'r-1');
  return d;
}

describe('pathway version migration (pure)', () => {
  it('moves a track to the same step at its new position and keeps what the patient sent', () => {
    const d = running();
    const to = version('1.1.0', { misure: [steps.welcome, steps.reading] });
    const r = migrateState(d.definition, to, d.state);
    assert.ok(r.ok);
    assert.equal(r.state.tracks.misure?.position, 1);
    assert.equal(r.state.data.spo2?.value, 95);
    assert.deepEqual(r.cancelledTimers, []);
    assert.deepEqual(r.state.timers, d.state.timers);
  });

  it('drops data points the new version does not declare', () => {
    const d = running();
    const to = version('1.1.0', {
      dataPoints: { spo2: { type: 'quantity', title: t('SpO2'), unit: '%' } },
    });
    const r = migrateState(d.definition, to, d.state);
    assert.ok(r.ok);
    assert.deepEqual(r.droppedDataPoints, ['peso']);
    assert.equal(r.state.data.peso, undefined);
  });

  it('cancels the timers of steps the new version removed', () => {
    const d = running();
    // The follow-up track sits on "attesa"; a version without the call keeps the wait.
    d.state.timers['step:chiamata:due:item-9'] = Date.parse('2026-03-05T07:00:00Z');
    const r = migrateState(d.definition, version('1.1.0', { followUp: [steps.wait] }), d.state);
    assert.ok(r.ok);
    assert.deepEqual(r.cancelledTimers, ['step:chiamata:due:item-9']);
    assert.ok(r.state.timers['step:attesa:wait']);
    assert.ok(d.state.timers['step:chiamata:due:item-9'], 'the input state is not modified');
  });

  it('refuses when the current step is gone, changed type, or its running track is gone', () => {
    const d = running();
    const gone = migrateState(d.definition, version('2.0.0', { followUp: [steps.call] }), d.state);
    assert.deepEqual(gone, {
      ok: false,
      reason:
        'step "attesa" (where track "seguito" is) does not exist in track "seguito" of version 2.0.0',
    });
    const retyped = migrateState(
      d.definition,
      version('2.0.0', { followUp: [{ ...steps.call, id: 'attesa' }] }),
      d.state,
    );
    assert.deepEqual(retyped, {
      ok: false,
      reason: 'step "attesa" is a wait step in 1.0.0 but a task step in 2.0.0',
    });
    const noTrack = definitionOf(
      baseDefinition({
        version: '2.0.0',
        dataPoints: { spo2: { type: 'quantity', title: t('SpO2'), unit: '%' } },
        tracks: [{ id: 'misure', title: t('Misure'), steps: [steps.reading] }],
      }),
    );
    const r = migrateState(d.definition, noTrack, d.state);
    assert.equal(r.ok, false);
    assert.match(
      !r.ok ? r.reason : '',
      /track "seguito" is running but version 2.0.0 has no such track/,
    );
  });

  it('refuses an ended enrolment and another pathway', () => {
    const d = running();
    d.send({ type: 'withdrawn', by: 'x', reason: 'y' });
    assert.deepEqual(migrateState(d.definition, version('1.1.0'), d.state), {
      ok: false,
      reason: 'the enrolment is withdrawn, not active',
    });
    const other = { ...version('1.1.0'), id: 'altro' };
    assert.equal(migrateState(running().definition, other, running().state).ok, false);
  });
});
