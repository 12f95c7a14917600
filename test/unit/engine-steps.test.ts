import assert from 'node:assert/strict';
import { RejectedEvent } from '../../pathways/engine.js';
import { baseDefinition, DAY, EngineDriver, HOUR, MINUTE, t } from '../support/engine-driver.js';

/** A visit journey in miniature: booking, reminder, check-in, video, payment, document, branch. */
const journey = () =>
  baseDefinition({
    kind: 'visit-journey',
    roles: ['patient', 'doctor'],
    duration: 'P60D',
    dataPoints: {
      appointmentAt: { type: 'datetime', title: t('Appuntamento') },
      exempt: { type: 'boolean', title: t('Esente') },
    },
    tracks: [
      {
        id: 'visita',
        title: t('Visita'),
        steps: [
          {
            id: 'prenotazione',
            title: t('Prenotazione'),
            type: 'booking',
            service: '89.7',
            assignee: 'patient',
            appointmentDataPoint: 'appointmentAt',
            due: 'P7D',
          },
          {
            id: 'attesa',
            title: t('Attesa'),
            type: 'wait',
            until: { dataPoint: 'appointmentAt', offset: '-P1D' },
          },
          {
            id: 'promemoria',
            title: t('Promemoria'),
            type: 'notification',
            to: 'patient',
            channels: ['sms'],
            message: t('Domani la visita'),
          },
          {
            id: 'accettazione',
            title: t('Accettazione'),
            type: 'check-in',
            appointmentDataPoint: 'appointmentAt',
            opensBefore: 'PT30M',
            closesAfter: 'PT15M',
            onNoShow: [{ do: 'notify', to: 'nurse', message: t('Paziente assente') }],
          },
          {
            id: 'televisita',
            title: t('Televisita'),
            type: 'video',
            participants: ['patient', 'doctor'],
            required: ['patient', 'doctor'],
            duration: 'PT30M',
            onNoShow: [{ do: 'end', outcome: 'no-show' }],
          },
          {
            id: 'esenzione',
            title: t('Esenzione?'),
            type: 'branch',
            cases: [{ when: { '==': [{ var: 'exempt' }, true] }, goto: 'referto' }],
          },
          {
            id: 'pagamento',
            title: t('Pagamento ticket'),
            type: 'payment',
            tariff: '89.7',
            due: 'P30D',
          },
          {
            id: 'referto',
            title: t('Referto'),
            type: 'document',
            template: 'referto-televisita',
            author: 'doctor',
            releaseAfter: 'pagamento',
          },
          { id: 'fine', title: t('Fine'), type: 'end', outcome: 'visit-done' },
        ],
      },
    ],
  });

function openItem(d: EngineDriver, kind: string) {
  const item = d.openItems().find((i) => i.kind === kind);
  assert.ok(
    item,
    `an open ${kind} item (open: ${
      d
        .openItems()
        .map((i) => i.kind)
        .join(', ') || 'none'
    })`,
  );
  return item;
}

describe('engine: human steps of the visit journey', () => {
  it('booking → wait until the day before → reminder → check-in → video → payment → document → end', () => {
    const d = EngineDriver.fromData(journey(), '2026-05-04T08:00:00Z');
    d.start();
    const booking = openItem(d, 'booking');
    assert.equal(new Date(booking.dueAt!).toISOString(), '2026-05-11T08:00:00.000Z');
    assert.throws(
      () => d.send({ type: 'item-completed', itemId: booking.id, by: 'p', values: {} }),
      /appointmentAt/,
    );
    d.send({
      type: 'item-completed',
      itemId: booking.id,
      by: 'p',
      values: { appointmentAt: '2026-05-20T09:00:00+02:00' },
    });
    assert.equal(d.state.data.appointmentAt?.value, '2026-05-20T07:00:00.000Z');
    assert.equal(d.state.timers['step:attesa:wait'], Date.parse('2026-05-19T07:00:00Z'));

    d.runUntil('2026-05-19T07:00:00Z');
    assert.deepEqual(
      d.commands('notify').map((n) => [n.to, n.channels, n.message.it]),
      [['patient', ['sms'], 'Domani la visita']],
    );
    const checkIn = openItem(d, 'check-in');
    assert.equal(checkIn.details.opensAt, '2026-05-20T06:30:00.000Z');
    d.runUntil('2026-05-20T06:45:00Z');
    d.send({ type: 'item-completed', itemId: checkIn.id, by: 'p' });
    const video = openItem(d, 'video');
    assert.deepEqual(video.details.required, ['patient', 'doctor']);
    d.advance(30 * MINUTE);
    d.send({
      type: 'item-completed',
      itemId: video.id,
      by: 'medico',
      attended: ['patient', 'doctor'],
    });
    const payment = openItem(d, 'payment');
    d.send({ type: 'item-completed', itemId: payment.id, by: 'p' });
    const doc = openItem(d, 'document');
    assert.equal(doc.assignee, 'doctor');
    assert.deepEqual(doc.details, {
      template: 'referto-televisita',
      publishToFse: true,
      releaseAfter: 'pagamento',
    });
    d.send({ type: 'item-completed', itemId: doc.id, by: 'medico' });
    assert.equal(d.state.status, 'completed');
    assert.equal(d.state.outcome, 'visit-done');
    assert.deepEqual(d.state.tracks.visita?.completedSteps, [
      'prenotazione', 'attesa', 'promemoria', 'accettazione', 'televisita', 'esenzione', 'pagamento', 'referto', 'fine',
    ]); // prettier-ignore
  });

  it('an exempt patient skips the payment through the branch', () => {
    const d = EngineDriver.fromData(journey(), '2026-05-04T08:00:00Z');
    d.start();
    d.send({
      type: 'item-completed',
      itemId: openItem(d, 'booking').id,
      by: 'p',
      values: { appointmentAt: '2026-05-06T10:00:00Z', exempt: true },
    });
    d.runUntil('2026-05-06T09:45:00Z');
    d.send({ type: 'item-completed', itemId: openItem(d, 'check-in').id, by: 'p' });
    d.send({
      type: 'item-completed',
      itemId: openItem(d, 'video').id,
      by: 'm',
      attended: ['patient', 'doctor'],
    });
    assert.equal(openItem(d, 'document').stepId, 'referto');
    assert.ok(!d.state.tracks.visita?.completedSteps.includes('pagamento'));
  });

  it('no check-in by 15 minutes after the appointment: a no-show, the nurse is told, the journey goes on', () => {
    const d = EngineDriver.fromData(journey(), '2026-05-04T08:00:00Z');
    d.start();
    d.send({
      type: 'item-completed',
      itemId: openItem(d, 'booking').id,
      by: 'p',
      values: { appointmentAt: '2026-05-06T10:00:00Z' },
    });
    d.runUntil('2026-05-06T10:16:00Z');
    assert.deepEqual(d.commands('close-item').filter((c) => c.status === 'no-show').length, 1);
    assert.ok(
      d.commands('notify').some((n) => n.to === 'nurse' && n.message.it === 'Paziente assente'),
    );
    assert.equal(openItem(d, 'video').stepId, 'televisita');
  });

  it('a video session without the patient is a no-show and its actions run (here: end)', () => {
    const d = EngineDriver.fromData(journey(), '2026-05-04T08:00:00Z');
    d.start();
    d.send({
      type: 'item-completed',
      itemId: openItem(d, 'booking').id,
      by: 'p',
      values: { appointmentAt: '2026-05-06T10:00:00Z' },
    });
    d.runUntil('2026-05-06T09:50:00Z');
    d.send({ type: 'item-completed', itemId: openItem(d, 'check-in').id, by: 'p' });
    d.send({
      type: 'item-completed',
      itemId: openItem(d, 'video').id,
      by: 'medico',
      attended: ['doctor'],
    });
    assert.equal(d.state.status, 'completed');
    assert.equal(d.state.outcome, 'no-show');
  });

  it('a booking never made is missed at its due time and the track moves on', () => {
    const d = EngineDriver.fromData(journey(), '2026-05-04T08:00:00Z');
    d.start();
    d.advance(8 * DAY);
    assert.deepEqual(
      d.commands('missed').map((m) => m.stepId),
      ['prenotazione'],
    );
    // Without an appointment the wait cannot end by itself: the pathway waits for a person.
    assert.equal(d.state.tracks.visita?.position, 1);
    assert.ok(HOUR);
  });

  it('completing an item that is not open is refused; a form is only completed by a submission', () => {
    const d = EngineDriver.fromData(journey(), '2026-05-04T08:00:00Z');
    d.start();
    assert.throws(
      () => d.send({ type: 'item-completed', itemId: 'item-999', by: 'x' }),
      RejectedEvent,
    );
  });

  it('the engine is pure: the same events give the same state and commands, and the input state is untouched', () => {
    const run = () => {
      const d = EngineDriver.fromData(journey(), '2026-05-04T08:00:00Z');
      d.start();
      d.send({
        type: 'item-completed',
        itemId: openItem(d, 'booking').id,
        by: 'p',
        values: { appointmentAt: '2026-05-06T10:00:00Z' },
      });
      d.advance(3 * DAY);
      return d;
    };
    const a = run();
    const b = run();
    assert.deepEqual(a.log, b.log);
    assert.deepEqual(a.state, b.state);
    const frozen = JSON.stringify(a.state);
    try {
      a.send({ type: 'item-completed', itemId: 'nope', by: 'x' });
    } catch {
      // refused
    }
    assert.equal(JSON.stringify(a.state), frozen);
  });
});

describe('engine: forms', () => {
  const formPlan = () =>
    baseDefinition({
      dataPoints: { punteggioSintomi: { type: 'score', min: 0, max: 40, title: t('Punteggio') } },
      tracks: [
        {
          id: 'diario',
          title: t('Diario'),
          steps: [
            {
              id: 'questionario',
              title: t('Questionario settimanale'),
              type: 'form',
              form: { id: 'bpco-diario' },
              assignee: 'patient',
              produces: { punteggioSintomi: 'punteggio' },
              schedule: {
                rrule: 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=10',
                window: 'P2D',
                reminders: ['P1D'],
              },
            },
          ],
        },
      ],
      rules: [
        {
          id: 'peggioramento',
          title: t('Peggioramento'),
          when: { '>=': [{ var: 'punteggioSintomi' }, 20] },
          then: [
            {
              do: 'alert',
              severity: 'orange',
              title: t('Sintomi in peggioramento'),
              assignee: 'doctor',
              acknowledgeWithin: 'P1D',
            },
          ],
        },
      ],
    });

  it('a weekly form opens on Mondays at 10:00; its answers become data points that rules act on', () => {
    const d = EngineDriver.fromData(formPlan(), '2026-03-04T09:00:00Z'); // a Wednesday
    d.start();
    d.runUntil('2026-03-09T09:00:00Z'); // Monday 10:00 Rome
    const form = openItem(d, 'form');
    assert.equal(new Date(form.openedAt).toISOString(), '2026-03-09T09:00:00.000Z');
    assert.equal(new Date(form.dueAt!).toISOString(), '2026-03-11T09:00:00.000Z');
    d.send({
      type: 'form-submitted',
      submissionId: 's1',
      itemId: form.id,
      values: { punteggio: 24 },
      by: 'p',
    });
    assert.equal(d.state.data.punteggioSintomi?.value, 24);
    assert.equal(d.commands('raise-alert').length, 1);
    assert.deepEqual(d.commands('raise-alert')[0]!.alert.causes, ['form:s1']);
    // A repeated submission (same id) changes nothing.
    assert.deepEqual(
      d.send({
        type: 'form-submitted',
        submissionId: 's1',
        itemId: form.id,
        values: { punteggio: 30 },
        by: 'p',
      }),
      [],
    );
    d.runUntil('2026-03-16T09:00:00Z');
    assert.equal(openItem(d, 'form').details.occurrence, 2);
  });
});
