import { Client, Connection } from '@temporalio/client';
import type { PathwayDefinition } from '../../pathways/definition.js';
import { validateDefinition } from '../../pathways/validate.js';
import { pathwayWorkflowType, type PathwayWorkflowInput } from '../../workflows/messages.js';
import type { pathwayWorkflow } from '../../workflows/pathway-workflow.js';
import { testTemporal } from '../support/temporal.js';
import { startTestWorker, type TestWorker } from '../support/worker.js';

export const TENANT = 'asl-toscana-centro';
const t = (it: string, en = it) => ({ it, en });

export function definitionOf(data: unknown): PathwayDefinition {
  const result = validateDefinition(data);
  if (!result.ok) {
    throw new Error(
      `test definition invalid: ${result.errors.map((e) => `${e.path.join('.')}: ${e.message}`).join('; ')}`,
    );
  }
  return result.definition;
}

/**
 * A small telemonitoring pathway: SpO2 every day at 09:00 (window 12 h), a red alert below
 * 90 % on every low reading, acknowledged within `ackWithin` or escalated to the doctor.
 */
export function monitoringDefinition(
  o: { duration?: string; ackWithin?: string; version?: string; extraTrack?: boolean } = {},
): PathwayDefinition {
  return definitionOf({
    schemaVersion: 1,
    id: 'prova-saturazione',
    version: o.version ?? '1.0.0',
    kind: 'telemonitoring',
    title: t('Prova saturazione', 'Saturation test'),
    description: t('Pathway di prova', 'Test pathway'),
    roles: ['patient', 'nurse', 'doctor'],
    duration: o.duration ?? 'P90D',
    dataPoints: {
      spo2: { type: 'quantity', title: t('SpO2'), unit: '%', loinc: '59408-5', min: 50, max: 100 },
      heartRate: { type: 'quantity', title: t('FC'), unit: '/min', min: 20, max: 250 },
    },
    tracks: [
      {
        id: 'misure',
        title: t('Misure', 'Measurements'),
        steps: [
          {
            id: 'saturazione-giornaliera',
            title: t('Saturazione del mattino', 'Morning saturation'),
            type: 'reading',
            from: 'patient',
            observations: ['spo2'],
            schedule: { rrule: 'FREQ=DAILY;BYHOUR=9;BYMINUTE=0', window: 'PT12H' },
          },
        ],
      },
      ...(o.extraTrack
        ? [
            {
              id: 'controllo',
              title: t('Controllo'),
              steps: [
                {
                  id: 'chiamata',
                  title: t('Telefonata di controllo', 'Check-up call'),
                  type: 'task',
                  assignee: 'nurse',
                },
              ],
            },
          ]
        : []),
    ],
    rules: [
      {
        id: 'desaturazione',
        title: t('Desaturazione', 'Desaturation'),
        when: { '<': [{ var: 'spo2' }, 90] },
        fire: 'every',
        then: [
          {
            do: 'alert',
            severity: 'red',
            title: t('SpO2 sotto il 90%', 'SpO2 below 90%'),
            assignee: 'nurse',
            acknowledgeWithin: o.ackWithin ?? 'PT1H',
            escalation: [{ role: 'doctor', within: o.ackWithin ?? 'PT1H' }],
          },
        ],
      },
    ],
  });
}

/** A fresh enrolment row for the demo patient Rossi (one active per pathway: new pathway ids). */
export async function enrolmentRow(w: TestWorker, pathwayId: string, version = '1.0.0') {
  const patient = (await w.stores.patients.list(TENANT)).find((p) => p.familyName === 'Rossi')!;
  // Earlier tests may have left an active enrolment of the same pathway: finish it first.
  const active = await w.stores.enrolments.findActive(TENANT, patient.id, pathwayId);
  if (active) await w.stores.enrolments.finish(TENANT, active.id, 'withdrawn', 'test');
  const { enrolment } = await w.stores.enrolments.createOrGetActive({
    tenantId: TENANT,
    patientId: patient.id,
    pathwayId,
    pathwayVersion: version,
    enrolledBy: null,
  });
  return enrolment;
}

export async function startPathway(
  client: Client,
  w: TestWorker,
  definition: PathwayDefinition,
  inputs: Record<string, unknown> = {},
  extra: Partial<PathwayWorkflowInput> = {},
) {
  const enrolment = await enrolmentRow(w, definition.id, definition.version);
  const handle = await client.workflow.start<typeof pathwayWorkflow>(pathwayWorkflowType, {
    workflowId: enrolment.workflowId,
    taskQueue: w.taskQueue,
    args: [
      {
        tenantId: TENANT,
        enrolmentId: enrolment.id,
        patientId: enrolment.patientId,
        definition,
        inputs,
        ...extra,
      },
    ],
  });
  return { enrolment, handle };
}

export interface DevServerSuite {
  readonly worker: TestWorker;
  readonly client: Client;
}

/**
 * A real worker (fresh seeded database) and a client on the run's Temporal dev server, for
 * the suite it is called in; both are closed after it.
 */
export function devServerSuite(): DevServerSuite {
  let worker: TestWorker | undefined;
  let connection: Connection | undefined;
  let client: Client | undefined;
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
  return {
    get worker() {
      if (!worker) throw new Error('the worker is not started (outside a test?)');
      return worker;
    },
    get client() {
      if (!client) throw new Error('no client (outside a test?)');
      return client;
    },
  };
}
