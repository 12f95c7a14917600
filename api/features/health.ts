import type { HealthCheck } from '../../platform/health.js';
import { defineRoute } from '../route.js';

export function healthRoutes(deps: { health: HealthCheck }) {
  return [
    defineRoute({
      method: 'get',
      path: '/health',
      summary: 'Status and version of every component (database, Temporal, worker, Janus)',
      tags: ['operations'],
      access: 'public',
      async handler({ res }) {
        const report = await deps.health();
        res.setHeader('cache-control', 'no-store');
        // A load balancer takes a replica out only when it cannot serve at all.
        return { status: report.status === 'down' ? 503 : 200, body: report };
      },
    }),
  ];
}
