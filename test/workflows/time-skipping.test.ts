import assert from 'node:assert/strict';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { PathwayDefinition } from '../../pathways/definition.js';
import { loadBuiltInPathways } from '../../platform/pathway-catalog.js';
import { withdrawSignal } from '../../workflows/messages.js';
import { EngineDriver } from '../support/engine-driver.js';
import { requireOrSkip, testEnv } from '../support/env.js';
import { startTestWorker, type TestWorker } from '../support/worker.js';
import { monitoringDefinition, startPathway, TENANT } from './helpers.js';

const DAY = 86_400_000;

/** The COPD pathway when it is built in, else the small daily-reading test pathway. */
function copd(): PathwayDefinition {
  return (
    loadBuiltInPathways().find((p) => p.id === 'bpco-telemonitoraggio') ?? monitoringDefinition()
  );
}

/** `<step>:<status>` → count, the shape both the read model and the simulation reduce to. */
function tally(items: { stepId: string | null; status: string }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of items) {
    const key = `${i.stepId ?? 'rule'}:${i.status}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

describe('pathway workflow on the time-skipping test server', function () {
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

  it('a 90-day telemonitoring plan with no readings passes in seconds, continuing as new, and the read model matches the pure engine', async () => {
    const definition = copd();
    const started = Date.now();
    const { enrolment, handle } = await startPathway(
      env.client,
      worker,
      definition,
      {},
      {
        continueAsNewAfter: 100,
      },
    );
    await env.sleep(90 * DAY);
    await handle.signal(withdrawSignal, { by: 'test', reason: 'fine del periodo di prova' });
    assert.equal((await handle.result()).status, 'withdrawn');
    const realMs = Date.now() - started;
    const firstRun = await env.client.workflow
      .getHandle(enrolment.workflowId, handle.firstExecutionRunId)
      .describe();
    assert.equal(firstRun.status.name, 'CONTINUED_AS_NEW', 'the plan spanned several runs');

    const events = await worker.stores.enrolments.listEvents(TENANT, enrolment.id);
    const startAt = Date.parse(events[0]!.at);
    const endAt = Date.parse(events.at(-1)!.at);
    assert.ok(endAt - startAt >= 90 * DAY - 60_000, '90 days passed in workflow time');
    assert.ok(realMs < 240_000, `and not in real time (${realMs} ms)`);

    // The same pathway, the same instants, on the pure engine.
    const sim = new EngineDriver(definition, new Date(startAt).toISOString());
    sim.start({});
    sim.runUntil(endAt);
    sim.send({ type: 'withdrawn', by: 'test', reason: 'fine del periodo di prova' });
    const simItems = new Map<string, { stepId: string | null; status: string }>();
    for (const { command: c } of sim.log) {
      if (c.type === 'open-item')
        simItems.set(c.item.id, { stepId: c.item.stepId, status: 'open' });
      if (c.type === 'close-item') simItems.get(c.itemId)!.status = c.status;
    }
    const rows = await worker.stores.care.listWorkItems(TENANT, {
      enrolmentId: enrolment.id,
      limit: 5000,
    });
    const expected = tally([...simItems.values()]);
    assert.deepEqual(tally(rows), expected);
    const missed = Object.entries(expected)
      .filter(([k]) => k.endsWith(':missed'))
      .reduce((n, [, v]) => n + v, 0);
    assert.ok(missed >= 89, `about one missed reading a day (${missed})`);
    assert.equal(events.filter((e) => e.kind === 'missed').length, sim.commands('missed').length);
    process.stdout.write(
      `      (${definition.id}: 90 days, ${rows.length} work items, ${missed} missed, in ${(realMs / 1000).toFixed(1)} s)\n`,
    );
  });
});
