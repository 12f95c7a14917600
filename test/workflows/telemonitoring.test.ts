import assert from 'node:assert/strict';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { PathwayDefinition } from '../../pathways/definition.js';
import { loadBuiltInPathways } from '../../platform/pathway-catalog.js';
import { acknowledgeAlertUpdate, submitReadingUpdate } from '../../workflows/messages.js';
import { requireOrSkip, testEnv } from '../support/env.js';
import { startTestWorker, type TestWorker } from '../support/worker.js';
import { startPathway, TENANT } from './helpers.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const builtIn = (id: string): PathwayDefinition => {
  const d = loadBuiltInPathways().find((p) => p.id === id);
  assert.ok(d, `${id} is built in`);
  return d;
};

/**
 * Telemonitoring's clinical safety on durable timers (issue 5), on the time-skipping server:
 * hours and days pass in seconds, every timer is Temporal's, every row is the read model the
 * nurse console reads.
 */
describe('telemonitoring on the time-skipping server: escalation, missed readings, trends', function () {
  this.timeout(300_000);
  let env: TestWorkflowEnvironment;
  let worker: TestWorker;

  before(async function () {
    requireOrSkip(
      this,
      Boolean(testEnv.testServer),
      'the time-skipping test server is not installed (npx percorsi tools test-server)',
    );
    env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: testEnv.testServer! } },
    });
    worker = await startTestWorker({ address: env.address, namespace: env.namespace ?? 'default' });
  });
  after(async () => {
    await worker?.close();
    await env?.teardown();
  });

  const reading = async (values: Record<string, number>, id: string) => ({
    readingId: id,
    deviceMessageId: id,
    values,
    measuredAt: new Date(await env.currentTimeMs()).toISOString(),
    source: 'device',
  });

  const alertsOf = async (enrolmentId: string) =>
    (await worker.stores.care.listAlerts(TENANT, { enrolmentId })).filter(
      (a) => a.enrolmentId === enrolmentId,
    );

  it('an unacknowledged red alert climbs nurse → doctor → emergency, to the end of its ladder', async () => {
    const { enrolment, handle } = await startPathway(
      env.client,
      worker,
      builtIn('bpco-telemonitoraggio'),
      {
        spo2Min: 92,
      },
    );
    const outcome = await handle.executeUpdate(submitReadingUpdate, {
      args: [await reading({ spo2: 89, heartRate: 80 }, 'ladder-1')],
    });
    assert.deepEqual(
      outcome.alertsRaised.map((a) => a.severity),
      ['red'],
    );
    await env.sleep(29 * MINUTE);
    let [alert] = await alertsOf(enrolment.id);
    assert.equal(alert!.assignee, 'nurse');
    assert.equal(alert!.level, 0);
    await env.sleep(2 * MINUTE); // +31 min: the doctor has it
    [alert] = await alertsOf(enrolment.id);
    assert.equal(alert!.assignee, 'doctor');
    assert.equal(alert!.level, 1);
    await env.sleep(30 * MINUTE); // +61 min: the emergency service has it
    [alert] = await alertsOf(enrolment.id);
    assert.equal(alert!.assignee, 'emergency');
    assert.equal(alert!.level, 2);
    assert.equal(alert!.ladderExhausted, false);
    await env.sleep(15 * MINUTE); // +76 min: nobody left to climb to
    [alert] = await alertsOf(enrolment.id);
    assert.equal(alert!.ladderExhausted, true);
    assert.equal(alert!.status, 'open', 'an exhausted ladder never closes the alert by itself');
    const events = await worker.stores.enrolments.listEvents(TENANT, enrolment.id);
    assert.deepEqual(
      events
        .filter((e) => e.kind === 'escalate-alert')
        .map((e) => (e.payload as { assignee: string }).assignee),
      ['doctor', 'emergency'],
    );
  });

  it('acknowledging stops the ladder: nothing fires after it', async () => {
    const { enrolment, handle } = await startPathway(
      env.client,
      worker,
      builtIn('bpco-telemonitoraggio'),
      {
        spo2Min: 92,
      },
    );
    await handle.executeUpdate(submitReadingUpdate, {
      args: [await reading({ spo2: 90, heartRate: 82 }, 'ack-1')],
    });
    await env.sleep(20 * MINUTE);
    const [open] = await alertsOf(enrolment.id);
    await handle.executeUpdate(acknowledgeAlertUpdate, {
      args: [{ alertId: open!.alertId, by: 'centro.infermiere', note: 'paziente contattata' }],
    });
    await env.sleep(3 * HOUR);
    const [alert] = await alertsOf(enrolment.id);
    assert.equal(alert!.status, 'acknowledged');
    assert.equal(alert!.level, 0);
    assert.equal(alert!.assignee, 'nurse');
    assert.equal(alert!.acknowledgedBy, 'centro.infermiere');
    const events = await worker.stores.enrolments.listEvents(TENANT, enrolment.id);
    assert.equal(events.filter((e) => e.kind === 'escalate-alert').length, 0);
  });

  it('missed morning readings: reminders to the patient, then a task for the nurse after two, escalating', async () => {
    const { enrolment } = await startPathway(env.client, worker, builtIn('bpco-telemonitoraggio'), {
      spo2Min: 92,
    });
    const nurseTask = async () =>
      (await worker.stores.care.listWorkItems(TENANT, { enrolmentId: enrolment.id })).filter(
        (w) => w.kind === 'task' && w.ruleId === 'misurazioni-mancate',
      );
    // Hour by hour, whatever time of day the test starts, until the second morning is missed.
    for (let h = 0; h < 72 && (await nurseTask()).length === 0; h++) await env.sleep(HOUR);
    const events = await worker.stores.enrolments.listEvents(TENANT, enrolment.id);
    assert.deepEqual(
      events
        .filter((e) => e.kind === 'missed')
        .map((e) => (e.payload as { consecutive: number }).consecutive),
      [1, 2],
    );
    const notifications = await worker.stores.care.listNotifications(TENANT, {
      enrolmentId: enrolment.id,
    });
    const reminders = notifications.filter((n) =>
      n.message.it.startsWith('Promemoria: Misurazione di SpO2'),
    );
    assert.equal(reminders.length, 2, 'one reminder per missed morning (2 h into its window)');
    assert.ok(reminders.every((n) => n.to === 'patient' && n.channels.includes('sms')));
    assert.equal(
      notifications.filter((n) =>
        n.message.it.startsWith('Non abbiamo ricevuto la misurazione di stamattina'),
      ).length,
      2,
      "the pathway's own missed-reading message, each morning",
    );
    const [task] = await nurseTask();
    assert.equal(task!.title.it, 'Contattare il paziente (misurazioni mancate)');
    assert.equal(task!.assignee, 'nurse');
    assert.equal(task!.status, 'open');
    // Nobody called the patient within the task's 8 hours: the doctor gets it.
    await env.sleep(8 * HOUR + MINUTE);
    const [later] = await nurseTask();
    assert.equal(later!.assignee, 'doctor');
    assert.equal(later!.level, 1);
    assert.equal((await nurseTask()).length, 1, 'one task, not one per missed morning');
  });

  it('a weight gain of more than 2 kg in 3 days raises the orange alert, once', async () => {
    const { enrolment, handle } = await startPathway(
      env.client,
      worker,
      builtIn('scompenso-telemonitoraggio'),
    );
    const weights = [80, 80.6, 81.4, 82.3, 82.4];
    const raised: string[] = [];
    for (const [day, weight] of weights.entries()) {
      const outcome = await handle.executeUpdate(submitReadingUpdate, {
        args: [
          await reading({ weight, systolic: 125, diastolic: 80, heartRate: 72 }, `peso-${day}`),
        ],
      });
      raised.push(...outcome.alertsRaised.map((a) => `${day}:${a.severity}:${a.ruleId}`));
      await env.sleep(DAY);
    }
    // Day 3: 82.3 − 80 = 2.3 kg in 3 days (three calendar days back, from the start of that
    // day: a weighing a few minutes later than 72 h still counts). Day 4: 82.4 − 80.6 = 1.8 kg,
    // the rule goes false and does not fire again.
    assert.deepEqual(raised, ['3:orange:aumento-peso']);
    const alerts = await alertsOf(enrolment.id);
    assert.equal(alerts.length, 1);
    assert.deepEqual(alerts[0]!.causes.length > 0, true);
  });
});
