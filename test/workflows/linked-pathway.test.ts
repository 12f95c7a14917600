import assert from 'node:assert/strict';
import { stateQuery, submitReadingUpdate, withdrawSignal } from '../../workflows/messages.js';
import { waitFor } from '../support/api-client.js';
import { definitionOf, devServerSuite, startPathway, TENANT } from './helpers.js';

const t = (it: string) => ({ it, en: it });

/** Telemonitoring whose severe desaturation enrols the patient in a second pathway. */
const withLinkedPathway = () =>
  definitionOf({
    schemaVersion: 1,
    id: 'prova-collegato',
    version: '1.0.0',
    kind: 'telemonitoring',
    title: t('Prova collegamento'),
    description: t('Prova'),
    roles: ['patient', 'nurse'],
    duration: 'P30D',
    dataPoints: { spo2: { type: 'quantity', title: t('SpO2'), unit: '%', min: 50, max: 100 } },
    tracks: [
      {
        id: 'misure',
        title: t('Misure'),
        steps: [{ id: 'attesa', title: t('Attesa'), type: 'wait', duration: 'P30D' }],
      },
    ],
    rules: [
      {
        id: 'desaturazione-grave',
        title: t('Desaturazione grave'),
        when: { '<': [{ var: 'spo2' }, 88] },
        then: [{ do: 'start-pathway', pathway: 'benvenuto', inputs: { waitSeconds: 3600 } }],
      },
      {
        id: 'percorso-inesistente',
        title: t('Percorso inesistente'),
        when: { '<': [{ var: 'spo2' }, 60] },
        then: [{ do: 'start-pathway', pathway: 'non-esiste' }],
      },
    ],
  });

describe('pathway workflow: a rule enrols the patient in a linked pathway', function () {
  this.timeout(120_000);
  const dev = devServerSuite();

  it('starts the linked pathway once as its own run, with inputs from the rule, and goes on', async () => {
    const { enrolment, handle } = await startPathway(dev.client, dev.worker, withLinkedPathway());
    const send = (id: string, spo2: number) =>
      handle.executeUpdate(submitReadingUpdate, {
        args: [
          {
            readingId: id,
            deviceMessageId: id,
            values: { spo2 },
            measuredAt: new Date().toISOString(),
            source: 'device',
          },
        ],
      });
    await send('ok', 95);
    await send('low', 86);
    await send('still-low', 85); // edge-triggered: no second start

    const linked = await waitFor('the linked enrolment', async () => {
      const row = await dev.worker.stores.enrolments.findActive(
        TENANT,
        enrolment.patientId,
        'benvenuto',
      );
      return row ?? null;
    });
    assert.equal(linked.pathwayVersion, '1.1.0');
    const child = dev.client.workflow.getHandle(linked.workflowId);
    const childState = await waitFor('the linked run', async () => {
      const s = await child.query(stateQuery).catch(() => null);
      return s?.status === 'active' ? s : null;
    });
    assert.equal(childState.inputs.waitSeconds, 3600, 'inputs computed by the rule');
    const childEvents = await dev.worker.stores.enrolments.listEvents(TENANT, linked.id);
    assert.deepEqual(
      childEvents
        .filter((e) => e.kind === 'linked-from')
        .map((e) => (e.payload as { parentEnrolmentId: string }).parentEnrolmentId),
      [enrolment.id],
    );
    const parentEvents = await dev.worker.stores.enrolments.listEvents(TENANT, enrolment.id);
    assert.equal(parentEvents.filter((e) => e.kind === 'start-pathway').length, 1);

    // A pathway that does not exist is recorded in the timeline and the parent goes on.
    await send('very-low', 55);
    const parent = await handle.query(stateQuery);
    assert.equal(parent.status, 'active');
    const refused = await waitFor('the refused start in the timeline', async () =>
      (await dev.worker.stores.enrolments.listEvents(TENANT, enrolment.id)).find(
        (e) => e.kind === 'start-pathway-refused',
      ),
    );
    assert.deepEqual(refused.payload, {
      pathwayId: 'non-esiste',
      reason: 'no published pathway "non-esiste"',
    });

    // The linked run outlives its parent.
    await handle.signal(withdrawSignal, { by: 'test', reason: 'end' });
    await handle.result();
    assert.equal((await child.describe()).status.name, 'RUNNING');
    await child.signal(withdrawSignal, { by: 'test', reason: 'end' });
    await child.result();
  });
});
