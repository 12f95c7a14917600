import type { Request } from 'express';
import { z } from 'zod';
import type { Stores } from '../../db/stores/index.js';
import { InputError, NotFoundError, type FieldError } from '../../platform/errors.js';
import { clinicalRoles } from '../../platform/roles.js';
import type { Identity } from '../auth/session.js';
import { defineRoute, type AuditInput } from '../route.js';
import { idParams } from './dto.js';
import {
  EngineRejection,
  type EnrolmentService,
  type ReadingRequest,
} from './enrolment-service.js';
import { loadPatientAudited } from './patient-access.js';

const text = z.object({ it: z.string(), en: z.string() });

export const readingBody = z.object({
  /** Needed only when several active enrolments of the patient measure the same values. */
  enrolmentId: z.uuid().optional(),
  values: z
    .record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/, 'a data point name'), z.number().finite())
    .refine((v) => Object.keys(v).length > 0, 'at least one value'),
  measuredAt: z.iso.datetime({ offset: true }).optional(),
  /** A device's own message id: a repeated message is counted once. */
  deviceMessageId: z.string().min(1).max(200).optional(),
  source: z.enum(['manual', 'device']).default('manual'),
});

export const readingReplyDto = z.object({
  enrolmentId: z.string(),
  readingId: z.string(),
  duplicate: z.boolean(),
  satisfiedSteps: z.array(z.string()),
  alertsRaised: z.array(
    z.object({ id: z.string(), ruleId: z.string(), severity: z.string(), title: text }),
  ),
  itemsOpened: z.array(
    z.object({ id: z.string(), kind: z.string(), stepId: z.string().nullable(), title: text }),
  ),
  itemsClosed: z.array(z.object({ id: z.string(), status: z.string() })),
  status: z.string(),
});

const english = (req: Request) =>
  (req.headers['accept-language'] ?? '').trim().toLowerCase().startsWith('en');

/** The engine states its reasons in English; the patient and nurse read them in Italian. */
const italian: [RegExp, string][] = [
  [
    /^(\w+): (.+) is outside the possible range (.+)$/,
    "$1: $2 è fuori dall'intervallo possibile $3",
  ],
  [
    /^(\w+): not a measured data point of this pathway$/,
    '$1: non è un valore misurato da questo percorso',
  ],
  [/^(\w+): not a number$/, '$1: non è un numero'],
  [/^the reading carries no values$/, 'la misurazione non contiene valori'],
  [/^measuredAt: not an instant$/, 'measuredAt: non è un istante valido'],
  [/^measured in the future$/, 'misurazione con data nel futuro'],
  [/^the enrolment is (\w+)$/, 'il percorso è $1'],
];

export function localiseReason(reason: string, english: boolean): string {
  if (english) return reason;
  for (const [pattern, it] of italian) if (pattern.test(reason)) return reason.replace(pattern, it);
  return reason;
}

/** The engine's reasons as field errors: "spo2: …" points at body.values.spo2. */
export function reasonsToFieldErrors(
  reasons: string[],
  values: Record<string, unknown>,
  english = false,
): FieldError[] {
  return reasons.map((reason) => {
    const message = localiseReason(reason, english);
    const name = /^([a-zA-Z][a-zA-Z0-9]*): /.exec(reason)?.[1];
    if (name && name in values) return { path: `body.values.${name}`, message };
    if (reason.startsWith('measuredAt') || reason.includes('future')) {
      return { path: 'body.measuredAt', message };
    }
    return { path: 'body', message };
  });
}

async function submit(
  enrolments: EnrolmentService,
  identity: Identity,
  patientId: string,
  body: z.output<typeof readingBody>,
  source: string,
  audit: (e: AuditInput) => Promise<void>,
  english = false,
) {
  const request: ReadingRequest = {
    enrolmentId: body.enrolmentId,
    values: body.values,
    measuredAt: body.measuredAt,
    deviceMessageId: body.deviceMessageId,
    source: body.source === 'device' ? 'device' : source,
  };
  try {
    const reply = await enrolments.submitReading(identity, patientId, request);
    await audit({
      action: reply.duplicate ? 'create-repeated' : 'create',
      resourceType: 'Observation',
      resourceId: reply.readingId,
      patientId,
      detail: `enrolment ${reply.enrolmentId}; ${Object.keys(body.values).join(', ')}`,
    });
    return reply;
  } catch (err) {
    if (err instanceof EngineRejection) {
      await audit({
        action: 'create',
        resourceType: 'Observation',
        patientId,
        outcome: 'failure',
        detail: err.message,
      });
      throw new InputError(
        english ? 'reading refused' : 'misurazione rifiutata',
        reasonsToFieldErrors(err.reasons, body.values, english),
      );
    }
    throw err;
  }
}

/**
 * Readings (≈ FHIR Observation) entered by a clinician for a patient, or sent by the patient
 * (or their device) from the portal. 200 says what the reading triggered; 400 carries the
 * engine's reasons and nothing is stored.
 */
export function readingRoutes(deps: { stores: Stores; enrolments: EnrolmentService }) {
  return [
    defineRoute({
      method: 'post',
      path: '/patients/:id/readings',
      summary: "Records a patient's reading and sends it to the pathway that measures it",
      tags: ['readings'],
      access: { roles: clinicalRoles },
      params: idParams,
      body: readingBody,
      response: readingReplyDto,
      async handler({ identity, params, body, audit, req }) {
        await loadPatientAudited(deps.stores, identity, params.id, audit, 'write');
        return {
          body: await submit(
            deps.enrolments,
            identity,
            params.id,
            body,
            identity.role,
            audit,
            english(req),
          ),
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/me/readings',
      summary: 'The patient sends a reading (or their device does, with its message id)',
      tags: ['patient portal'],
      access: { roles: ['patient'] },
      body: readingBody,
      response: readingReplyDto,
      async handler({ identity, body, audit, req }) {
        if (!identity.patientId)
          throw new NotFoundError('this account is not linked to a patient record');
        return {
          body: await submit(
            deps.enrolments,
            identity,
            identity.patientId,
            body,
            'patient',
            audit,
            english(req),
          ),
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/patients/:id/observations',
      summary: "A patient's stored readings, newest first",
      tags: ['readings'],
      access: { roles: clinicalRoles },
      params: idParams,
      query: z.object({
        dataPoint: z.string().max(64).optional(),
        limit: z.coerce.number().int().min(1).max(1000).default(200),
      }),
      async handler({ identity, params, query, audit }) {
        await loadPatientAudited(deps.stores, identity, params.id, audit);
        const items = await deps.stores.care.listObservations(identity.tenantId, {
          patientId: params.id,
          ...(query.dataPoint ? { dataPoint: query.dataPoint } : {}),
          limit: query.limit,
        });
        await audit({ action: 'search', resourceType: 'Observation', patientId: params.id });
        return { body: { items } };
      },
    }),
  ];
}
