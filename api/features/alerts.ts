import { z } from 'zod';
import type { AlertRecord } from '../../db/stores/care-store.js';
import type { Stores } from '../../db/stores/index.js';
import { ConflictError, NotFoundError } from '../../platform/errors.js';
import { clinicalRoles } from '../../platform/roles.js';
import type { Identity } from '../auth/session.js';
import { defineRoute, type AuditInput } from '../route.js';
import type { Enrolment } from '../../db/stores/enrolment-store.js';
import { EngineRejection, type EnrolmentService } from './enrolment-service.js';

export const alertDto = z.object({
  id: z.string(),
  enrolmentId: z.string(),
  patientId: z.string(),
  ruleId: z.string(),
  severity: z.enum(['red', 'orange', 'yellow']),
  title: z.object({ it: z.string(), en: z.string() }),
  status: z.string(),
  level: z.number(),
  assignee: z.string(),
  ladderExhausted: z.boolean(),
  raisedAt: z.string(),
  acknowledgeBy: z.string(),
  acknowledgedBy: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  note: z.string().nullable(),
  causes: z.array(z.string()),
  data: z.record(z.string(), z.unknown()),
  claimedBy: z.string().nullable(),
  claimedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
});

export const toAlertDto = (a: AlertRecord): z.infer<typeof alertDto> => ({
  id: a.id,
  enrolmentId: a.enrolmentId,
  patientId: a.patientId,
  ruleId: a.ruleId,
  severity: a.severity,
  title: a.title,
  status: a.status,
  level: a.level,
  assignee: a.assignee,
  ladderExhausted: a.ladderExhausted,
  raisedAt: a.raisedAt,
  acknowledgeBy: a.acknowledgeBy,
  acknowledgedBy: a.acknowledgedBy,
  acknowledgedAt: a.acknowledgedAt,
  note: a.note,
  causes: a.causes,
  data: a.data,
  claimedBy: a.claimedBy,
  claimedAt: a.claimedAt,
  resolvedBy: a.resolvedBy,
  resolvedAt: a.resolvedAt,
});

/** `<enrolment uuid>/<engine alert id>`, URL-encoded in paths. */
export const alertParams = z.object({
  id: z.string().regex(/^[0-9a-f-]{36}\/alert-\d+$/, 'an alert id such as <enrolment>/alert-4'),
});

/**
 * Acknowledging or resolving an alert: its workflow decides (and refuses, e.g. an alert
 * already resolved: 409); the step is kept as a note with its reason and audited with who and
 * why. Returns the alert as the read model has it afterwards.
 */
export async function alertAction(
  deps: { stores: Stores; enrolments: EnrolmentService },
  identity: Identity,
  id: string,
  audit: (e: AuditInput) => Promise<void>,
  action: 'acknowledge' | 'resolve',
  note: string | undefined,
  send: (enrolment: Enrolment, alert: AlertRecord) => Promise<unknown>,
): Promise<AlertRecord> {
  const alert = await deps.stores.care.getAlert(identity.tenantId, id);
  if (!alert) {
    await audit({ action, resourceType: 'Flag', resourceId: id, outcome: 'not-found' });
    throw new NotFoundError(`alert ${id} not found`);
  }
  const enrolment = await deps.enrolments.get(identity, alert.enrolmentId);
  try {
    await send(enrolment, alert);
  } catch (err) {
    if (err instanceof EngineRejection) {
      await audit({
        action,
        resourceType: 'Flag',
        resourceId: alert.id,
        patientId: alert.patientId,
        outcome: 'failure',
        detail: err.message,
      });
      throw new ConflictError(err.message);
    }
    throw err;
  }
  await deps.stores.worklist.addNote({
    tenantId: identity.tenantId,
    targetType: 'alert',
    targetId: alert.id,
    patientId: alert.patientId,
    author: identity.username,
    authorRole: identity.role,
    kind: action === 'acknowledge' ? 'acknowledged' : 'resolved',
    text: note ?? '',
  });
  await audit({
    action,
    resourceType: 'Flag',
    resourceId: alert.id,
    patientId: alert.patientId,
    ...(note ? { detail: note } : {}),
  });
  return (await deps.stores.care.getAlert(identity.tenantId, id)) ?? alert;
}

/** Alerts (≈ FHIR Flag / DetectedIssue): the worklist reads the table, acknowledging goes to the workflow. */
export function alertRoutes(deps: { stores: Stores; enrolments: EnrolmentService }) {
  return [
    defineRoute({
      method: 'get',
      path: '/alerts',
      summary: "The tenant's alerts: red first, then the nearest acknowledgement deadline",
      tags: ['worklist'],
      access: { roles: clinicalRoles },
      query: z.object({
        status: z.enum(['open', 'acknowledged', 'resolved', 'closed']).optional(),
        patientId: z.uuid().optional(),
        limit: z.coerce.number().int().min(1).max(500).default(200),
      }),
      response: z.object({ items: z.array(alertDto) }),
      async handler({ identity, query, audit }) {
        const items = await deps.stores.care.listAlerts(identity.tenantId, query);
        await audit({
          action: 'search',
          resourceType: 'Flag',
          ...(query.patientId ? { patientId: query.patientId } : {}),
          detail: `${items.length} results`,
        });
        return { body: { items: items.map(toAlertDto) } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/alerts/:id/acknowledge',
      summary: 'Acknowledges an alert: its escalation stops',
      tags: ['worklist'],
      access: { roles: clinicalRoles },
      params: alertParams,
      body: z.object({ note: z.string().max(2000).optional() }),
      response: z.object({ alert: alertDto }),
      async handler({ identity, params, body, audit }) {
        const alert = await alertAction(
          deps,
          identity,
          params.id,
          audit,
          'acknowledge',
          body.note,
          (e, a) => deps.enrolments.acknowledgeAlert(e, a.alertId, identity.username, body.note),
        );
        return { body: { alert: toAlertDto(alert) } };
      },
    }),
  ];
}
