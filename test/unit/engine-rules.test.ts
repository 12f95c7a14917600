import assert from 'node:assert/strict';
import { RejectedEvent } from '../../pathways/engine.js';
import { baseDefinition, DAY, EngineDriver, HOUR, MINUTE, t } from '../support/engine-driver.js';

/** Heart failure-like plan with readings on demand (no schedule), to test rules in isolation. */
const plan = (rules: unknown[], extra: Record<string, unknown> = {}) =>
  baseDefinition({
    inputs: { spo2Min: { type: 'number', title: t('Soglia'), default: 90, min: 70, max: 100 } },
    dataPoints: {
      spo2: { type: 'quantity', unit: '%', min: 50, max: 100, title: t('SpO2') },
      weight: {
        type: 'quantity',
        unit: 'kg',
        loinc: '29463-7',
        min: 20,
        max: 300,
        title: t('Peso'),
      },
      weightChange3d: {
        type: 'derived',
        unit: 'kg',
        derive: { op: 'change', of: 'weight', over: 'P3D' },
        title: t('Variazione peso 3 giorni'),
      },
      stable: { type: 'boolean', title: t('Stabile') },
    },
    tracks: [
      {
        id: 'base',
        title: t('Base'),
        steps: [{ id: 'attesa', title: t('Attesa'), type: 'wait', duration: 'P30D' }],
      },
      {
        id: 'approfondimento',
        title: t('Approfondimento'),
        autoStart: false,
        steps: [
          { id: 'chiamata', title: t('Chiamata'), type: 'task', assignee: 'nurse', due: 'PT4H' },
        ],
      },
    ],
    rules,
    ...extra,
  });

const spo2Alert = {
  id: 'spo2-bassa',
  title: t('SpO2 bassa'),
  when: { '<': [{ var: 'spo2' }, { var: 'inputs.spo2Min' }] },
  then: [
    {
      do: 'alert',
      severity: 'red',
      title: t('SpO2 sotto soglia'),
      assignee: 'nurse',
      acknowledgeWithin: 'PT30M',
      escalation: [
        { role: 'doctor', within: 'PT30M' },
        { role: 'emergency', within: 'PT15M' },
      ],
    },
  ],
};

describe('engine: rules, alerts and escalation', () => {
  it('a threshold alert fires once while the condition holds, and again after it cleared', () => {
    const d = EngineDriver.fromData(plan([spo2Alert]));
    d.start();
    d.reading({ spo2: 88 }, 'a');
    d.advance(MINUTE);
    d.reading({ spo2: 87 }, 'b');
    assert.equal(
      d.commands('raise-alert').length,
      1,
      'edge-triggered: no second alert while still low',
    );
    const alert = d.commands('raise-alert')[0]!.alert;
    assert.equal(alert.severity, 'red');
    assert.equal(alert.assignee, 'nurse');
    assert.deepEqual(alert.causes, ['reading:a']);
    assert.deepEqual(alert.data, { spo2: 88 });
    d.advance(MINUTE);
    d.reading({ spo2: 95 }, 'c');
    d.advance(MINUTE);
    d.reading({ spo2: 86 }, 'd');
    assert.equal(d.commands('raise-alert').length, 2);
  });

  it('uses the personalised threshold of the enrolment', () => {
    const d = EngineDriver.fromData(plan([spo2Alert]));
    d.start({ spo2Min: 85 });
    d.reading({ spo2: 88 }, 'a');
    assert.equal(d.commands('raise-alert').length, 0);
  });

  it('a rule whose data point has no value yet does not fire (json-logic would read it as 0)', () => {
    const d = EngineDriver.fromData(plan([spo2Alert]));
    d.start();
    d.reading({ weight: 80 }, 'w');
    assert.equal(d.commands('raise-alert').length, 0);
  });

  it('unacknowledged, the alert climbs the ladder nurse → doctor → emergency on time, then stays with the last level', () => {
    const d = EngineDriver.fromData(plan([spo2Alert]));
    d.start();
    const t0 = d.now;
    d.reading({ spo2: 85 }, 'a');
    d.advance(3 * HOUR);
    const esc = d.commands('escalate-alert');
    assert.deepEqual(
      esc.map((e) => [e.level, e.assignee, (e.at - t0) / MINUTE]),
      [
        [1, 'doctor', 30],
        [2, 'emergency', 60],
      ],
    );
    const exhausted = d.commands('alert-ladder-exhausted');
    assert.equal(exhausted.length, 1);
    assert.equal((exhausted[0]!.at - t0) / MINUTE, 75);
    assert.equal(d.state.alerts[esc[0]!.alertId]?.status, 'open');
  });

  it('acknowledging stops the ladder; a second acknowledgement is refused with a reason', () => {
    const d = EngineDriver.fromData(plan([spo2Alert]));
    d.start();
    d.reading({ spo2: 85 }, 'a');
    d.advance(40 * MINUTE); // escalated to the doctor
    const id = d.commands('raise-alert')[0]!.alert.id;
    const ack = d.send({
      type: 'alert-acknowledged',
      alertId: id,
      by: 'medico',
      note: 'Chiamato il paziente',
    });
    assert.deepEqual(
      ack.filter((c) => c.type !== 'cancel-timer'),
      [
        {
          type: 'close-alert',
          alertId: id,
          status: 'acknowledged',
          by: 'medico',
          note: 'Chiamato il paziente',
        },
      ],
    );
    assert.ok(ack.some((c) => c.type === 'cancel-timer' && c.timerId === `alert:${id}`));
    d.advance(5 * HOUR);
    assert.equal(d.commands('escalate-alert').length, 1, 'nothing after the acknowledgement');
    assert.throws(
      () => d.send({ type: 'alert-acknowledged', alertId: id, by: 'x' }),
      RejectedEvent,
    );
    d.send({ type: 'alert-resolved', alertId: id, by: 'medico' });
    assert.equal(d.state.alerts[id], undefined, 'resolved alerts leave the state');
  });

  it('trend: weight up more than 2 kg in 3 days raises one alert, with late readings placed at their time', () => {
    const trend = {
      id: 'peso-in-aumento',
      title: t('Peso in aumento'),
      when: { '>': [{ var: 'weightChange3d' }, 2] },
      then: [
        {
          do: 'alert',
          severity: 'orange',
          title: t('Aumento di peso'),
          assignee: 'nurse',
          acknowledgeWithin: 'PT2H',
        },
      ],
    };
    const d = EngineDriver.fromData(plan([trend]));
    d.start();
    const day0 = d.now;
    d.reading({ weight: 80 }, 'w0');
    d.advance(DAY);
    d.reading({ weight: 80.8 }, 'w1');
    d.advance(DAY);
    // Day 3's reading arrives before day 2's (out of order).
    d.advance(DAY);
    d.reading({ weight: 82.5 }, 'w3');
    assert.equal(d.state.data.weightChange3d?.value, 2.5);
    assert.equal(d.commands('raise-alert').length, 1);
    d.reading({ weight: 81.2 }, 'w2', day0 + 2 * DAY);
    assert.equal(d.state.data.weight?.value, 82.5, 'the late reading does not replace the newest');
    d.advance(DAY);
    d.reading({ weight: 82.6 }, 'w4');
    // 4 days on: the window now starts at day 1 (80.8) → +1.8 kg: condition false, no new alert.
    assert.equal(d.state.data.weightChange3d?.value, 1.8);
    assert.equal(d.commands('raise-alert').length, 1);
  });

  it('a late reading is judged as measured: a desaturation that arrives after a normal value still alerts', () => {
    const d = EngineDriver.fromData(plan([spo2Alert]));
    d.start();
    const t0 = d.now;
    d.advance(10 * MINUTE);
    d.reading({ spo2: 96 }, 'newer');
    // Measured 5 minutes earlier, arrived later (request overtaken, device offline).
    d.reading({ spo2: 85 }, 'older', t0 + 5 * MINUTE);
    assert.equal(d.state.data.spo2?.value, 96, 'the newest value stays current');
    const raised = d.commands('raise-alert');
    assert.equal(raised.length, 1);
    assert.deepEqual(raised[0]!.alert.causes, ['reading:older']);
    assert.equal(d.state.ruleResults['spo2-bassa'], false, 'the rule follows the current value');
    // A late normal value changes nothing; a late low value while the rule is firing adds nothing.
    d.reading({ spo2: 94 }, 'older-normal', t0 + 6 * MINUTE);
    d.reading({ spo2: 80 }, 'now-low');
    d.reading({ spo2: 84 }, 'older-low', t0 + 7 * MINUTE);
    assert.equal(d.commands('raise-alert').length, 2);
  });

  it('counts a late reading once in its series (means and counts stay right)', () => {
    const mean = plan([], {
      dataPoints: {
        spo2: { type: 'quantity', unit: '%', min: 50, max: 100, title: t('SpO2') },
        spo2Count: {
          type: 'derived',
          derive: { op: 'count', of: 'spo2', over: 'P1D' },
          title: t('Numero'),
        },
      },
    });
    const d = EngineDriver.fromData(mean);
    d.start();
    const t0 = d.now;
    d.advance(HOUR);
    d.reading({ spo2: 95 }, 'a');
    d.reading({ spo2: 93 }, 'late', t0 + 10 * MINUTE);
    assert.equal(d.state.data.spo2Count?.value, 2);
  });

  it('refuses impossible values with a reason and ignores a repeated message', () => {
    const d = EngineDriver.fromData(plan([spo2Alert]));
    d.start();
    assert.throws(
      () => d.reading({ spo2: 140 }, 'x'),
      /spo2: 140 % is outside the possible range 50–100 %/,
    );
    assert.throws(() => d.reading({ glucose: 5 }, 'y'), /glucose: not a measured data point/);
    assert.throws(() => d.reading({ spo2: 95 }, 'z', Number.NaN), /measuredAt: not an instant/);
    assert.throws(() => d.reading({ spo2: 95 }, 'f', d.now + HOUR), /measured in the future/);
    d.reading({ spo2: 85 }, 'dup');
    const again = d.reading({ spo2: 85 }, 'dup');
    assert.deepEqual(again, [], 'same message id: nothing happens');
    assert.equal(d.commands('raise-alert').length, 1);
  });

  it('rules start and stop tracks, set data, create tasks with escalation, and end the pathway', () => {
    const rules = [
      {
        id: 'avvia-approfondimento',
        title: t('Avvia'),
        when: { '<': [{ var: 'spo2' }, 92] },
        then: [
          { do: 'start-track', track: 'approfondimento' },
          { do: 'set', dataPoint: 'stable', value: false },
          {
            do: 'task',
            assignee: 'nurse',
            title: t('Ricontattare'),
            sla: 'PT1H',
            escalation: [{ role: 'doctor', within: 'PT1H' }],
          },
        ],
      },
      {
        id: 'chiudi',
        title: t('Chiudi'),
        when: { '>=': [{ var: 'spo2' }, 99] },
        then: [
          { do: 'stop-track', track: 'approfondimento' },
          { do: 'end', outcome: 'guarito' },
        ],
      },
    ];
    const d = EngineDriver.fromData(plan(rules));
    d.start();
    d.reading({ spo2: 91 }, 'a');
    assert.equal(d.state.tracks.approfondimento?.status, 'running');
    assert.equal(d.state.data.stable?.value, false);
    const kinds = d
      .openItems()
      .map((i) => `${i.kind}:${i.assignee}`)
      .sort();
    assert.deepEqual(kinds, ['task:nurse', 'task:nurse']);
    d.advance(70 * MINUTE);
    assert.deepEqual(
      d.commands('escalate-item').map((e) => e.assignee),
      ['doctor'],
    );
    d.reading({ spo2: 99 }, 'b');
    assert.equal(d.state.status, 'completed');
    assert.equal(d.state.outcome, 'guarito');
    assert.deepEqual(d.state.timers, {});
    assert.equal(d.openItems().length, 0, 'open items are cancelled at the end');
  });

  it('withdrawal cancels every timer and open item, and later events are refused', () => {
    const d = EngineDriver.fromData(plan([spo2Alert]));
    d.start();
    d.reading({ spo2: 85 }, 'a');
    const cmds = d.send({ type: 'withdrawn', by: 'infermiere', reason: 'ricovero' });
    assert.ok(cmds.some((c) => c.type === 'complete' && c.status === 'withdrawn'));
    assert.deepEqual(d.state.timers, {});
    assert.throws(() => d.reading({ spo2: 90 }, 'b'), /withdrawn/);
  });

  it('refuses bad enrolment inputs with the name of each', () => {
    const d = EngineDriver.fromData(plan([spo2Alert]));
    assert.throws(
      () => d.start({ spo2Min: 120, other: 1 }),
      /other: not an input of this pathway.*spo2Min: must be a number between 70 and 100/,
    );
  });

  it('a start-pathway action asks for a linked enrolment with inputs computed from the data', () => {
    const rule = {
      id: 'grave',
      title: t('Grave'),
      when: { '<': [{ var: 'spo2' }, 85] },
      then: [
        {
          do: 'start-pathway',
          pathway: 'televisita-controllo',
          inputs: { spo2Min: { '+': [{ var: 'spo2' }, 5] } },
        },
      ],
    };
    const d = EngineDriver.fromData(plan([rule]));
    d.start();
    d.reading({ spo2: 82 }, 'a');
    assert.deepEqual(
      d.commands('start-pathway').map((c) => [c.pathwayId, c.inputs]),
      [['televisita-controllo', { spo2Min: 87 }]],
    );
  });
});
