import { z } from 'zod';
import type { Stores } from '../../db/stores/index.js';
import type { PathwayCatalog } from '../../platform/pathway-catalog.js';
import { defineRoute } from '../route.js';

/** Aggregates only: managers see counts, never patient records, here. */
export function reportRoutes(deps: { stores: Stores; catalog: PathwayCatalog }) {
  return [
    defineRoute({
      method: 'get',
      path: '/reports/summary',
      summary: 'Patients and enrolments of the tenant, by status and pathway',
      tags: ['reports'],
      access: { roles: ['manager'] },
      response: z.object({
        patients: z.number(),
        enrolments: z.object({
          active: z.number(),
          completed: z.number(),
          withdrawn: z.number(),
          failed: z.number(),
        }),
        byPathway: z.array(
          z.object({
            pathwayId: z.string(),
            title: z.object({ it: z.string(), en: z.string() }),
            active: z.number(),
            completed: z.number(),
          }),
        ),
      }),
      async handler({ identity, audit }) {
        const [patients, enrolments, rows] = await Promise.all([
          deps.stores.patients.count(identity.tenantId),
          deps.stores.enrolments.countByStatus(identity.tenantId),
          deps.stores.enrolments.countByPathway(identity.tenantId),
        ]);
        const ids = [
          ...new Set([...deps.catalog.list().map((d) => d.id), ...rows.map((r) => r.pathwayId)]),
        ];
        const byPathway = ids.map((pathwayId) => {
          const d = deps.catalog.get(pathwayId, undefined, identity.tenantId);
          const n = (status: string) =>
            rows.find((r) => r.pathwayId === pathwayId && r.status === status)?.n ?? 0;
          return {
            pathwayId,
            title: d?.title ?? { it: pathwayId, en: pathwayId },
            active: n('active'),
            completed: n('completed'),
          };
        });
        await audit({ action: 'read', resourceType: 'MeasureReport', resourceId: 'summary' });
        return { body: { patients, enrolments, byPathway } };
      },
    }),
  ];
}
