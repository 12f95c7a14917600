import assert from 'node:assert/strict';
import { WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import type { PathwayDefinition } from '../../pathways/definition.js';
import { loadBuiltInPathways } from '../../platform/pathway-catalog.js';
import {
  acknowledgeAlertUpdate,
  completeItemUpdate,
  pathwayWorkflowType,
  REJECTED,
  stateQuery,
  submitReadingUpdate,
  withdrawSignal,
  type ReadingInput,
} from '../../workflows/messages.js';
import { waitFor } from '../support/api-client.js';
import { workflowBundle } from '../support/temporal.js';
import {
  devServerSuite,
  enrolmentRow,
  monitoringDefinition,
  startPathway,
  TENANT,
} from './helpers.js';

const benvenuto = (): PathwayDefinition => loadBuiltInPathways().find((p) => p.id === 'benvenuto')!;

const reading = (
  id: string,
  spo2: number,
  measuredAt = new Date().toISOString(),
): ReadingInput => ({
  readingId: id,
  deviceMessageId: id,
  values: { spo2 },
  measuredAt,
  source: 'device',
});

/** The reasons of a refused update, or a failure of the assertion when it was not refused. */
async function refusal(p: Promise<unknown>): Promise<string[]> {
  try {
    await p;
  } catch (err) {
    assert.ok(
      err instanceof WorkflowUpdateFailedError,
      `expected a refused update, got ${String(err)}`,
    );
    assert.ok(err.cause instanceof ApplicationFailure);
    assert.equal(err.cause.type, REJECTED);
    return err.cause.details?.[0] as string[];
  }
  assert.fail('the update was accepted');
}

describe('pathway workflow on the Temporal dev server', function () {
  this.timeout(120_000);
  const dev = devServerSuite();

  it('runs the welcome pathway: state by query, timeline and outbox written once, replays deterministically', async () => {
    const { enrolment, handle } = await startPathway(dev.client, dev.worker, benvenuto(), {
      waitSeconds: 2,
    });
    const waiting = await waitFor('the wait step', async () => {
      const s = await handle.query(stateQuery);
      return s.tracks.accoglienza?.status === 'running' && s.timers['step:attesa:wait'] ? s : null;
    });
    assert.deepEqual(waiting.tracks.accoglienza!.completedSteps, ['arruolamento']);

    assert.deepEqual(await handle.result(), { status: 'completed', outcome: 'completed' });
    const events = await dev.worker.stores.enrolments.listEvents(TENANT, enrolment.id);
    assert.deepEqual(
      events.filter((e) => e.kind === 'notify').map((e) => e.stepId),
      ['arruolamento', 'presa-in-carico'],
    );
    assert.equal(events.at(-1)?.kind, 'complete');
    const outbox = await dev.worker.stores.care.listNotifications(TENANT, {
      enrolmentId: enrolment.id,
    });
    assert.deepEqual(
      outbox.map((n) => [n.to, n.message.it]),
      [
        ['patient', 'Benvenuto nel percorso di cura della tua azienda sanitaria.'],
        ['nurse', 'Il paziente è stato preso in carico.'],
      ],
    );
    const row = await dev.worker.stores.enrolments.get(TENANT, enrolment.id);
    assert.equal(row?.status, 'completed');
    assert.equal(row?.outcome, 'completed');

    await Worker.runReplayHistory(
      { workflowBundle: await workflowBundle() },
      await handle.fetchHistory(),
    );
  });

  it('takes readings through updates: refusals carry reasons and change nothing; alerts escalate until acknowledged', async () => {
    const { enrolment, handle } = await startPathway(
      dev.client,
      dev.worker,
      monitoringDefinition({ ackWithin: 'PT2S', extraTrack: true }),
    );
    const observations = () =>
      dev.worker.stores.care.listObservations(TENANT, { enrolmentId: enrolment.id });

    // 1. Refused: outside the physiological range, and a value the pathway does not measure.
    const before = await handle.query(stateQuery);
    const outOfRange = await refusal(
      handle.executeUpdate(submitReadingUpdate, { args: [reading('r-bad', 150)] }),
    );
    assert.match(outOfRange.join(), /spo2: 150 % is outside the possible range 50–100 %/);
    const unknown = await refusal(
      handle.executeUpdate(submitReadingUpdate, {
        args: [{ ...reading('r-glu', 90), values: { glucose: 90 } }],
      }),
    );
    assert.match(unknown.join(), /glucose: not a measured data point/);
    assert.deepEqual(await handle.query(stateQuery), before, 'a refused reading changes nothing');
    assert.equal((await observations()).length, 0);

    // 2. A normal reading: stored, nothing raised.
    const normal = await handle.executeUpdate(submitReadingUpdate, { args: [reading('r-1', 97)] });
    assert.equal(normal.applied, true);
    assert.deepEqual(normal.alertsRaised, []);

    // 3. A low one: the reply says which alert it raised; the worklist table has it.
    const low = await handle.executeUpdate(submitReadingUpdate, { args: [reading('r-2', 85)] });
    assert.equal(low.alertsRaised.length, 1);
    assert.equal(low.alertsRaised[0]!.severity, 'red');
    const alertId = low.alertsRaised[0]!.id;
    const [alert] = await dev.worker.stores.care.listAlerts(TENANT, { enrolmentId: enrolment.id });
    assert.equal(alert?.alertId, alertId);
    assert.equal(alert?.status, 'open');
    assert.equal(alert?.assignee, 'nurse');
    assert.deepEqual(alert?.data, { spo2: 85 });

    // 4. The same device message again: accepted as a repeat, counted once.
    const again = await handle.executeUpdate(submitReadingUpdate, { args: [reading('r-2', 85)] });
    assert.equal(again.applied, false);
    assert.deepEqual(again.alertsRaised, []);
    assert.deepEqual(
      (await observations()).map((o) => [o.readingId, o.value, o.unit, o.loinc]).sort(),
      [
        ['r-1', 97, '%', '59408-5'],
        ['r-2', 85, '%', '59408-5'],
      ],
    );

    // 5. Nobody acknowledges within 2 s: the doctor gets it.
    await waitFor('the escalation to the doctor', async () => {
      const a = await dev.worker.stores.care.getAlert(TENANT, `${enrolment.id}/${alertId}`);
      return a?.level === 1 && a.assignee === 'doctor';
    });

    // 6. The doctor acknowledges: the escalation timer is gone, the row says who and why.
    await handle.executeUpdate(acknowledgeAlertUpdate, {
      args: [{ alertId, by: 'centro.medico', note: 'chiamato il paziente' }],
    });
    const acked = await dev.worker.stores.care.getAlert(TENANT, `${enrolment.id}/${alertId}`);
    assert.equal(acked?.status, 'acknowledged');
    assert.equal(acked?.acknowledgedBy, 'centro.medico');
    assert.equal(acked?.note, 'chiamato il paziente');
    const state = await handle.query(stateQuery);
    assert.equal(state.timers[`alert:${alertId}`], undefined, 'no escalation timer left');
    // Past the next deadline the ladder has not moved on (absence needs a wait).
    await new Promise((r) => setTimeout(r, 2500));
    const later = await dev.worker.stores.care.getAlert(TENANT, `${enrolment.id}/${alertId}`);
    assert.equal(later?.level, 1);
    assert.equal(later?.ladderExhausted, false);
    const twice = await refusal(
      handle.executeUpdate(acknowledgeAlertUpdate, {
        args: [{ alertId, by: 'centro.infermiere' }],
      }),
    );
    assert.match(twice.join(), /already acknowledged/);

    // 7. The nurse's task of the second track: open in the table, completed through an update.
    const task = (
      await dev.worker.stores.care.listWorkItems(TENANT, {
        enrolmentId: enrolment.id,
        status: 'open',
      })
    )[0]!;
    assert.equal(task?.stepId, 'chiamata');
    assert.equal(task?.assignee, 'nurse');
    const done = await handle.executeUpdate(completeItemUpdate, {
      args: [{ itemId: task.itemId, by: 'centro.infermiere' }],
    });
    assert.deepEqual(done.itemsClosed, [{ id: task.itemId, status: 'done' }]);
    assert.equal((await dev.worker.stores.care.getWorkItem(TENANT, task.id))?.status, 'done');
    assert.equal((await handle.query(stateQuery)).tracks.controllo?.status, 'done');

    // 8. Withdrawal (a signal): the run ends, the row and the open alerts follow.
    await handle.signal(withdrawSignal, { by: 'centro.medico', reason: 'ricovero' });
    assert.deepEqual(await handle.result(), { status: 'withdrawn', outcome: 'withdrawn' });
    assert.equal(
      (await dev.worker.stores.enrolments.get(TENANT, enrolment.id))?.status,
      'withdrawn',
    );

    await Worker.runReplayHistory(
      { workflowBundle: await workflowBundle() },
      await handle.fetchHistory(),
    );
  });

  it('takes a reading that arrives together with the start (update-with-start)', async () => {
    const definition = monitoringDefinition();
    const enrolment = await enrolmentRow(dev.worker, definition.id);
    const startWorkflowOperation = new WithStartWorkflowOperation(pathwayWorkflowType, {
      workflowId: enrolment.workflowId,
      taskQueue: dev.worker.taskQueue,
      workflowIdConflictPolicy: 'FAIL',
      args: [
        {
          tenantId: TENANT,
          enrolmentId: enrolment.id,
          patientId: enrolment.patientId,
          definition,
          inputs: {},
        },
      ],
    });
    const first = await dev.client.workflow.executeUpdateWithStart(submitReadingUpdate, {
      args: [reading('with-start', 86)],
      startWorkflowOperation,
    });
    assert.equal(first.applied, true);
    assert.equal(
      first.alertsRaised.length,
      1,
      'checked and applied after the start, not refused as "not started"',
    );
    const handle = await startWorkflowOperation.workflowHandle();
    await handle.signal(withdrawSignal, { by: 'test', reason: 'end' });
    await handle.result();
  });

  it('continues as new, carrying state and timers, with every reading counted once', async () => {
    const { enrolment, handle } = await startPathway(
      dev.client,
      dev.worker,
      monitoringDefinition(),
      {},
      {
        continueAsNewAfter: 3,
      },
    );
    for (let i = 0; i < 8; i++) {
      const r = await handle.executeUpdate(submitReadingUpdate, {
        args: [reading(`can-${i}`, 95)],
      });
      assert.equal(r.applied, true);
    }
    const s = await handle.query(stateQuery);
    assert.deepEqual(
      s.seen.filter((id) => id.startsWith('can-')).sort(),
      Array.from({ length: 8 }, (_, i) => `can-${i}`).sort(),
    );
    assert.ok(
      s.timers['step:saturazione-giornaliera:occurrence'],
      'the schedule survives the new run',
    );
    const { runId } = await dev.client.workflow.getHandle(enrolment.workflowId).describe();
    const first = await dev.client.workflow
      .getHandle(enrolment.workflowId, handle.firstExecutionRunId)
      .describe();
    assert.notEqual(runId, first.runId);
    assert.equal(first.status.name, 'CONTINUED_AS_NEW');
    assert.equal(
      (await dev.worker.stores.care.listObservations(TENANT, { enrolmentId: enrolment.id })).length,
      8,
    );
    await handle.signal(withdrawSignal, { by: 'test', reason: 'end' });
    await handle.result();
  });
});
