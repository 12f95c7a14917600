import { z } from 'zod';
import type { Stores } from '../../db/stores/index.js';
import { clinicalRoles } from '../../platform/roles.js';
import { defineRoute } from '../route.js';

export function adminRoutes(deps: { stores: Stores }) {
  return [
    defineRoute({
      method: 'get',
      path: '/staff',
      summary: "The tenant's active clinicians (to name a pathway's doctor or nurse at enrolment)",
      tags: ['patients'],
      access: { roles: clinicalRoles },
      query: z.object({ role: z.enum(clinicalRoles).optional() }),
      response: z.object({
        items: z.array(
          z.object({ username: z.string(), displayName: z.string(), role: z.string() }),
        ),
      }),
      async handler({ identity, query }) {
        const users = await deps.stores.users.list(identity.tenantId);
        const items = users
          .filter((u) => u.active && (clinicalRoles as readonly string[]).includes(u.role))
          .filter((u) => !query.role || u.role === query.role)
          .map((u) => ({ username: u.username, displayName: u.displayName, role: u.role }));
        return { body: { items } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/admin/users',
      summary: "Users of the admin's tenant",
      tags: ['admin'],
      access: { roles: ['admin'] },
      async handler({ identity, audit }) {
        const users = await deps.stores.users.list(identity.tenantId);
        await audit({ action: 'search', resourceType: 'User' });
        return {
          body: {
            items: users.map((u) => ({
              id: u.id,
              username: u.username,
              displayName: u.displayName,
              role: u.role,
              active: u.active,
              codiceFiscale: u.codiceFiscale,
            })),
          },
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/admin/audit',
      summary: "The tenant's audit log, newest first",
      tags: ['admin'],
      access: { roles: ['admin'] },
      query: z.object({
        limit: z.coerce.number().int().min(1).max(1000).default(50),
        patientId: z.uuid().optional(),
      }),
      async handler({ identity, query, audit }) {
        const events = await deps.stores.audit.list(identity.tenantId, query);
        await audit({
          action: 'search',
          resourceType: 'AuditEvent',
          patientId: query.patientId ?? null,
        });
        return { body: { items: events } };
      },
    }),
  ];
}
