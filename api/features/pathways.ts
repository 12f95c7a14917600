import { z } from 'zod';
import { NotFoundError } from '../../platform/errors.js';
import type { PathwayCatalog } from '../../platform/pathway-catalog.js';
import { defineRoute } from '../route.js';

const text = z.object({ it: z.string(), en: z.string() });
const summaryDto = z.object({
  id: z.string(),
  version: z.string(),
  kind: z.string(),
  title: text,
  description: text,
  steps: z.number(),
});

export function pathwayRoutes(deps: { catalog: PathwayCatalog }) {
  return [
    defineRoute({
      method: 'get',
      path: '/pathways',
      summary: 'Pathway definitions available for enrolment',
      tags: ['pathways'],
      access: { roles: ['designer', 'nurse', 'doctor', 'manager'] },
      response: z.object({ items: z.array(summaryDto) }),
      async handler({ identity }) {
        const items = deps.catalog.list(identity.tenantId).map((d) => ({
          id: d.id,
          version: d.version,
          kind: d.kind,
          title: d.title,
          description: d.description,
          steps: d.tracks.reduce((n, t) => n + t.steps.length, 0),
        }));
        return { body: { items } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/pathways/:id',
      summary: 'A pathway definition',
      tags: ['pathways'],
      access: { roles: ['designer', 'nurse', 'doctor'] },
      params: z.object({ id: z.string().min(1).max(100) }),
      async handler({ identity, params }) {
        const definition = deps.catalog.get(params.id, undefined, identity.tenantId);
        if (!definition) throw new NotFoundError(`pathway ${params.id} not found`);
        return { body: { definition } };
      },
    }),
  ];
}
