import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection, WorkflowIdConflictPolicy } from '@temporalio/client';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { PathwayDefinition } from '../../pathways/definition.js';
import { loadBuiltInPathways } from '../../platform/pathway-catalog.js';
import { enrolmentStateQuery, type EnrolmentWorkflowInput } from '../../workflows/messages.js';
import { waitFor } from '../support/api-client.js';
import { requireOrSkip, testEnv } from '../support/env.js';
import { testTemporal, workflowBundle } from '../support/temporal.js';
import { startTestWorker, type TestWorker } from '../support/worker.js';

const benvenuto = (): PathwayDefinition => loadBuiltInPathways().find((p) => p.id === 'benvenuto')!;

async function enrolRossi(w: TestWorker, pathwayId = 'benvenuto') {
  const patient = (await w.stores.patients.list('asl-toscana-centro')).find(
    (p) => p.familyName === 'Rossi',
  )!;
  const { enrolment } = await w.stores.enrolments.createOrGetActive({
    tenantId: 'asl-toscana-centro',
    patientId: patient.id,
    pathwayId,
    pathwayVersion: '1.0.0',
    enrolledBy: null,
  });
  return enrolment;
}

describe('enrolment workflow on the Temporal dev server', function () {
  this.timeout(120_000);
  let worker: TestWorker;
  let client: Client;
  let connection: Connection;

  before(async () => {
    const temporal = await testTemporal();
    worker = await startTestWorker(temporal);
    connection = await Connection.connect({ address: temporal.address });
    client = new Client({ connection, namespace: temporal.namespace });
  });
  after(async () => {
    await worker?.close();
    await connection?.close();
  });

  it('runs the pathway, exposes its state by query, writes each step once, and replays deterministically', async () => {
    const enrolment = await enrolRossi(worker);
    const input: EnrolmentWorkflowInput = {
      tenantId: 'asl-toscana-centro',
      enrolmentId: enrolment.id,
      patientId: enrolment.patientId,
      definition: benvenuto(),
      inputs: { waitSeconds: 2 },
    };
    const handle = await client.workflow.start('enrolmentWorkflow', {
      workflowId: enrolment.workflowId,
      taskQueue: worker.taskQueue,
      args: [input],
    });
    const waiting = await waitFor('the wait step', async () => {
      const s = await handle.query(enrolmentStateQuery);
      return s.currentStepId === 'attesa' ? s : null;
    });
    assert.deepEqual(waiting.completedSteps, ['arruolamento']);
    // Starting again with the same id while it runs is a no-op, not a second pathway.
    const again = await client.workflow.start('enrolmentWorkflow', {
      workflowId: enrolment.workflowId,
      taskQueue: worker.taskQueue,
      args: [input],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    });
    assert.equal(again.firstExecutionRunId, handle.firstExecutionRunId);

    assert.equal(await handle.result(), 'completed');
    const events = await worker.stores.enrolments.listEvents('asl-toscana-centro', enrolment.id);
    assert.deepEqual(
      events.map((e) => e.stepId),
      ['arruolamento', 'presa-in-carico', 'fine'],
    );
    assert.equal(
      (await worker.stores.enrolments.get('asl-toscana-centro', enrolment.id))?.status,
      'completed',
    );

    const history = await handle.fetchHistory();
    await Worker.runReplayHistory(
      { workflowBundle: await workflowBundle() },
      history,
      enrolment.workflowId,
    );
  });

  it('replays the committed history of the welcome pathway without non-determinism', async () => {
    const file = path.join(import.meta.dirname, 'histories', 'benvenuto-1.0.0.json');
    const history = historyFromJSON(JSON.parse(readFileSync(file, 'utf8')));
    assert.ok((history.events?.length ?? 0) > 10, 'a full recorded run');
    await Worker.runReplayHistory(
      { workflowBundle: await workflowBundle() },
      history,
      'benvenuto-recorded',
    );
  });
});

describe('enrolment workflow on the time-skipping test server', function () {
  this.timeout(120_000);
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

  it('a 30-day wait passes in seconds and the pathway completes', async () => {
    const enrolment = await enrolRossi(worker);
    const definition = benvenuto();
    const started = Date.now();
    const outcome = await env.client.workflow.execute('enrolmentWorkflow', {
      workflowId: enrolment.workflowId,
      taskQueue: worker.taskQueue,
      args: [
        {
          tenantId: 'asl-toscana-centro',
          enrolmentId: enrolment.id,
          patientId: enrolment.patientId,
          definition,
          inputs: { waitSeconds: 30 * 24 * 3600 },
        } satisfies EnrolmentWorkflowInput,
      ],
    });
    assert.equal(outcome, 'completed');
    assert.ok(Date.now() - started < 60_000);
    const events = await worker.stores.enrolments.listEvents('asl-toscana-centro', enrolment.id);
    const first = new Date(events[0]!.at).getTime();
    assert.equal(events.length, 3);
    assert.ok(new Date(events[2]!.at).getTime() - first < 60_000, 'no real month passed');
  });
});
