import { z } from 'zod';
import type { WorkItemRecord } from '../../db/stores/care-store.js';
import type { Stores } from '../../db/stores/index.js';
import { ConflictError, NotFoundError } from '../../platform/errors.js';
import { clinicalRoles } from '../../platform/roles.js';
import { defineRoute } from '../route.js';
import { EngineRejection, type EnrolmentService } from './enrolment-service.js';

const text = z.object({ it: z.string(), en: z.string() });

export const workItemDto = z.object({
  id: z.string(),
  enrolmentId: z.string(),
  patientId: z.string(),
  kind: z.string(),
  stepId: z.string().nullable(),
  title: text,
  assignee: z.string(),
  level: z.number(),
  status: z.string(),
  dueAt: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  closedBy: z.string().nullable(),
  claimedBy: z.string().nullable(),
  claimedAt: z.string().nullable(),
});

export const toWorkItemDto = (w: WorkItemRecord): z.infer<typeof workItemDto> => ({
  id: w.id,
  enrolmentId: w.enrolmentId,
  patientId: w.patientId,
  kind: w.kind,
  stepId: w.stepId,
  title: w.title,
  assignee: w.assignee,
  level: w.level,
  status: w.status,
  dueAt: w.dueAt,
  details: w.details,
  openedAt: w.openedAt,
  closedAt: w.closedAt,
  closedBy: w.closedBy,
  claimedBy: w.claimedBy,
  claimedAt: w.claimedAt,
});

/** `<enrolment uuid>/<engine item id>`, URL-encoded in paths. */
export const workItemParams = z.object({
  id: z.string().regex(/^[0-9a-f-]{36}\/item-\d+$/, 'a work item id such as <enrolment>/item-3'),
});

/** The clinicians' worklist (≈ FHIR Task), read from the read model only. */
export function workItemRoutes(deps: { stores: Stores; enrolments: EnrolmentService }) {
  return [
    defineRoute({
      method: 'get',
      path: '/work-items',
      summary: "The tenant's work items, earliest deadline first",
      tags: ['worklist'],
      access: { roles: clinicalRoles },
      query: z.object({
        status: z.enum(['open', 'done', 'missed', 'cancelled', 'no-show']).optional(),
        assignee: z
          .enum(['patient', 'caregiver', 'nurse', 'doctor', 'consultant', 'emergency'])
          .optional(),
        patientId: z.uuid().optional(),
        limit: z.coerce.number().int().min(1).max(500).default(200),
      }),
      response: z.object({ items: z.array(workItemDto) }),
      async handler({ identity, query, audit }) {
        const items = await deps.stores.care.listWorkItems(identity.tenantId, query);
        await audit({
          action: 'search',
          resourceType: 'Task',
          ...(query.patientId ? { patientId: query.patientId } : {}),
          detail: `${items.length} results`,
        });
        return { body: { items: items.map(toWorkItemDto) } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/work-items/:id/complete',
      summary: 'Completes a work item (task done, booking made, video session held…)',
      tags: ['worklist'],
      access: { roles: clinicalRoles },
      params: workItemParams,
      body: z.object({
        values: z.record(z.string(), z.unknown()).optional(),
        attended: z.array(z.string().min(1)).optional(),
      }),
      response: z.object({ item: workItemDto }),
      async handler({ identity, params, body, audit }) {
        const item = await deps.stores.care.getWorkItem(identity.tenantId, params.id);
        if (!item) {
          await audit({
            action: 'update',
            resourceType: 'Task',
            resourceId: params.id,
            outcome: 'not-found',
          });
          throw new NotFoundError(`work item ${params.id} not found`);
        }
        const enrolment = await deps.enrolments.get(identity, item.enrolmentId);
        try {
          await deps.enrolments.completeItem(enrolment, item.itemId, identity.username, body);
        } catch (err) {
          if (err instanceof EngineRejection) {
            await audit({
              action: 'update',
              resourceType: 'Task',
              resourceId: item.id,
              patientId: item.patientId,
              outcome: 'failure',
              detail: err.message,
            });
            throw new ConflictError(err.message);
          }
          throw err;
        }
        await audit({
          action: 'update',
          resourceType: 'Task',
          resourceId: item.id,
          patientId: item.patientId,
          detail: 'completed',
        });
        const after = await deps.stores.care.getWorkItem(identity.tenantId, params.id);
        return { body: { item: toWorkItemDto(after ?? item) } };
      },
    }),
  ];
}
