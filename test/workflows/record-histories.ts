import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { loadBuiltInPathways } from '../../platform/pathway-catalog.js';
import {
  acknowledgeAlertUpdate,
  submitReadingUpdate,
  withdrawSignal,
} from '../../workflows/messages.js';
import { stopSharedResources } from '../support/shared.js';
import { testTemporal } from '../support/temporal.js';
import { startTestWorker } from '../support/worker.js';
import { monitoringDefinition, startPathway } from './helpers.js';

/**
 * Records the histories the replay test keeps (test/workflows/histories/). Run it after an
 * intentional change of the interpreter that old histories cannot replay — and only then:
 * `npx tsx test/workflows/record-histories.ts`. Behind `patched()`, old ones must still pass.
 */
const out = path.join(import.meta.dirname, 'histories');
const temporal = await testTemporal();
const worker = await startTestWorker(temporal);
const connection = await Connection.connect({ address: temporal.address });
const client = new Client({ connection, namespace: temporal.namespace });
try {
  const welcome = loadBuiltInPathways().find((p) => p.id === 'benvenuto')!;
  const a = await startPathway(client, worker, welcome, { waitSeconds: 1 });
  await a.handle.result();
  writeFileSync(
    path.join(out, 'benvenuto-1.1.0.json'),
    historyToJSON(await a.handle.fetchHistory()),
  );

  // Readings (one refused by the validator, one repeat), an alert, its escalation and
  // acknowledgement, a continue-as-new after 4 events, and a withdrawal.
  const b = await startPathway(
    client,
    worker,
    monitoringDefinition({ ackWithin: 'PT1S' }),
    {},
    {
      continueAsNewAfter: 4,
    },
  );
  const reading = (id: string, spo2: number) => ({
    readingId: id,
    deviceMessageId: id,
    values: { spo2 },
    measuredAt: new Date().toISOString(),
    source: 'device',
  });
  await b.handle.executeUpdate(submitReadingUpdate, { args: [reading('h-1', 96)] });
  await b.handle
    .executeUpdate(submitReadingUpdate, { args: [reading('h-2', 150)] })
    .catch(() => undefined);
  const low = await b.handle.executeUpdate(submitReadingUpdate, { args: [reading('h-3', 86)] });
  await b.handle.executeUpdate(submitReadingUpdate, { args: [reading('h-3', 86)] });
  await new Promise((r) => setTimeout(r, 1500));
  await b.handle.executeUpdate(acknowledgeAlertUpdate, {
    args: [{ alertId: low.alertsRaised[0]!.id, by: 'centro.medico', note: 'ok' }],
  });
  const firstRun = client.workflow.getHandle(b.enrolment.workflowId, b.handle.firstExecutionRunId);
  await b.handle.executeUpdate(submitReadingUpdate, { args: [reading('h-4', 95)] });
  await b.handle.signal(withdrawSignal, { by: 'test', reason: 'registrazione' });
  await b.handle.result();
  writeFileSync(
    path.join(out, 'monitoring-readings-run1.json'),
    historyToJSON(await firstRun.fetchHistory()),
  );
  writeFileSync(
    path.join(out, 'monitoring-readings-last-run.json'),
    historyToJSON(await b.handle.fetchHistory()),
  );
  process.stdout.write(`histories written to ${out}\n`);
} finally {
  await worker.close();
  await connection.close();
  await stopSharedResources();
}
