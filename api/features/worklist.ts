import { z } from 'zod';
import type { Stores } from '../../db/stores/index.js';
import type { NoteTarget } from '../../db/stores/worklist-store.js';
import { ConflictError, NotFoundError } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events.js';
import { clinicalRoles } from '../../platform/roles.js';
import type { Identity } from '../auth/session.js';
import { defineRoute, type AuditInput } from '../route.js';
import { alertAction, alertDto, alertParams, toAlertDto } from './alerts.js';
import type { EnrolmentService } from './enrolment-service.js';
import { toWorkItemDto, workItemDto, workItemParams } from './work-items.js';

const noteDto = z.object({
  id: z.string(),
  author: z.string(),
  authorRole: z.string(),
  kind: z.enum(['note', 'claimed', 'released', 'acknowledged', 'resolved']),
  text: z.string(),
  createdAt: z.string(),
});

const claimBody = z.object({
  /** Take over a claim held by a colleague: the reason is kept with the claim. */
  takeOver: z.boolean().default(false),
  reason: z.string().max(500).optional(),
});

/**
 * The nurse console's coordination on alerts and tasks: taking charge (claim / release),
 * resolving an alert with its reason, and notes. Every step is audited with who and why, and
 * kept as a note on the alert or task, so its history reads in one place.
 */
export function worklistRoutes(deps: {
  stores: Stores;
  enrolments: EnrolmentService;
  /** Tells every API replica's browsers that a claim or note changed (optional in tests). */
  bus?: EventBus;
}) {
  const { care, worklist } = deps.stores;

  async function load(
    identity: Identity,
    target: NoteTarget,
    id: string,
    audit: (e: AuditInput) => Promise<void>,
  ): Promise<{ patientId: string; enrolmentId: string; claimedBy: string | null }> {
    const row =
      target === 'alert'
        ? await care.getAlert(identity.tenantId, id)
        : await care.getWorkItem(identity.tenantId, id);
    if (!row) {
      await audit({
        action: 'update',
        resourceType: target === 'alert' ? 'Flag' : 'Task',
        resourceId: id,
        outcome: 'not-found',
      });
      throw new NotFoundError(`${target} ${id} not found`);
    }
    return row;
  }

  const resourceType = (target: NoteTarget) => (target === 'alert' ? 'Flag' : 'Task');

  /** The other consoles redraw the row: who has it, its notes. */
  async function changed(
    identity: Identity,
    target: NoteTarget,
    id: string,
    row: { patientId: string; enrolmentId: string },
  ): Promise<void> {
    await deps.bus?.publish({
      kind: 'care.changed',
      tenantId: identity.tenantId,
      enrolmentId: row.enrolmentId,
      patientId: row.patientId,
      status: 'active',
      alertIds: target === 'alert' ? [id] : [],
      workItemIds: target === 'work-item' ? [id] : [],
      notificationIds: [],
    });
  }

  async function reply(identity: Identity, target: NoteTarget, id: string) {
    if (target === 'alert') {
      const a = await care.getAlert(identity.tenantId, id);
      return { alert: toAlertDto(a!) };
    }
    const w = await care.getWorkItem(identity.tenantId, id);
    return { item: toWorkItemDto(w!) };
  }

  const routesFor = <T extends NoteTarget>(
    target: T,
    base: string,
    params: typeof alertParams | typeof workItemParams,
    response: z.ZodType,
  ) => [
    defineRoute({
      method: 'post',
      path: `${base}/:id/claim`,
      summary: `Takes charge of the ${target} ("I'm on it"); a colleague's claim only with takeOver`,
      tags: ['worklist'],
      access: { roles: clinicalRoles },
      params,
      body: claimBody,
      response,
      async handler({ identity, params: p, body, audit }) {
        const row = await load(identity, target, p.id, audit);
        // Already mine: nothing changes, nothing to record.
        if (row.claimedBy === identity.username)
          return { body: await reply(identity, target, p.id) };
        const r = await worklist.claim(
          identity.tenantId,
          target,
          p.id,
          identity.username,
          body.takeOver,
        );
        if (!r) throw new NotFoundError(`${target} ${p.id} not found`);
        if (!r.ok) {
          throw new ConflictError(`already taken in charge by ${r.claimedBy} at ${r.claimedAt}`);
        }
        const text = body.takeOver
          ? `presa in carico al posto di un collega: ${body.reason ?? ''}`.trim()
          : '';
        await worklist.addNote({
          tenantId: identity.tenantId,
          targetType: target,
          targetId: p.id,
          patientId: row.patientId,
          author: identity.username,
          authorRole: identity.role,
          kind: 'claimed',
          text,
        });
        await audit({
          action: 'claim',
          resourceType: resourceType(target),
          resourceId: p.id,
          patientId: row.patientId,
          ...(text ? { detail: text } : {}),
        });
        await changed(identity, target, p.id, row);
        return { body: await reply(identity, target, p.id) };
      },
    }),
    defineRoute({
      method: 'post',
      path: `${base}/:id/release`,
      summary: `Gives the ${target} back to the team`,
      tags: ['worklist'],
      access: { roles: clinicalRoles },
      params,
      response,
      async handler({ identity, params: p, audit }) {
        const row = await load(identity, target, p.id, audit);
        if (!(await worklist.release(identity.tenantId, target, p.id, identity.username))) {
          throw new ConflictError(`you have not taken this ${target} in charge`);
        }
        await worklist.addNote({
          tenantId: identity.tenantId,
          targetType: target,
          targetId: p.id,
          patientId: row.patientId,
          author: identity.username,
          authorRole: identity.role,
          kind: 'released',
          text: '',
        });
        await audit({
          action: 'release',
          resourceType: resourceType(target),
          resourceId: p.id,
          patientId: row.patientId,
        });
        await changed(identity, target, p.id, row);
        return { body: await reply(identity, target, p.id) };
      },
    }),
    defineRoute({
      method: 'get',
      path: `${base}/:id/notes`,
      summary: `The ${target}'s history of notes, claims, acknowledgement and resolution`,
      tags: ['worklist'],
      access: { roles: clinicalRoles },
      params,
      response: z.object({ items: z.array(noteDto) }),
      async handler({ identity, params: p, audit }) {
        const row = await load(identity, target, p.id, audit);
        const items = await worklist.notes(identity.tenantId, target, p.id);
        await audit({
          action: 'read',
          resourceType: resourceType(target),
          resourceId: p.id,
          patientId: row.patientId,
          detail: 'notes',
        });
        return {
          body: { items: items.map(({ targetType: _t, targetId: _i, patientId: _p, ...n }) => n) },
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: `${base}/:id/notes`,
      summary: `Adds a clinical note to the ${target}`,
      tags: ['worklist'],
      access: { roles: clinicalRoles },
      params,
      body: z.object({ text: z.string().trim().min(1).max(4000) }),
      async handler({ identity, params: p, body, audit }) {
        const row = await load(identity, target, p.id, audit);
        await worklist.addNote({
          tenantId: identity.tenantId,
          targetType: target,
          targetId: p.id,
          patientId: row.patientId,
          author: identity.username,
          authorRole: identity.role,
          kind: 'note',
          text: body.text,
        });
        await audit({
          action: 'create',
          resourceType: 'Communication',
          resourceId: p.id,
          patientId: row.patientId,
        });
        await changed(identity, target, p.id, row);
        return { status: 201, body: { ok: true } };
      },
    }),
  ];

  return [
    ...routesFor('alert', '/alerts', alertParams, z.object({ alert: alertDto })),
    ...routesFor('work-item', '/work-items', workItemParams, z.object({ item: workItemDto })),
    defineRoute({
      method: 'post',
      path: '/alerts/:id/resolve',
      summary:
        'Resolves an alert, saying why: the alert leaves the worklist and its escalation stops',
      tags: ['worklist'],
      access: { roles: clinicalRoles },
      params: alertParams,
      body: z.object({ note: z.string().trim().min(3, 'say why the alert is resolved').max(2000) }),
      response: z.object({ alert: alertDto }),
      async handler({ identity, params, body, audit }) {
        const alert = await alertAction(
          deps,
          identity,
          params.id,
          audit,
          'resolve',
          body.note,
          (e, a) => deps.enrolments.resolveAlert(e, a.alertId, identity.username, body.note),
        );
        return { body: { alert: toAlertDto(alert) } };
      },
    }),
  ];
}
