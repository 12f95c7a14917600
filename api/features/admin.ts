import { z } from 'zod';
import type { Stores } from '../../db/stores/index.js';
import { defineRoute } from '../route.js';

export function adminRoutes(deps: { stores: Stores }) {
  return [
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
