import { z } from 'zod';
import type { Stores } from '../../db/stores/index.js';
import { InputError, NotFoundError } from '../../platform/errors.js';
import type { PathwayCatalog } from '../../platform/pathway-catalog.js';
import { sendAttachment } from '../downloads.js';
import { defineRoute } from '../route.js';
import type { ReportAggregator } from './report-aggregator.js';
import { drilldown } from './report-drilldown.js';
import { drilldownCsv, indicatorsCsv, indicatorsPdf } from './report-exports.js';
import { computeIndicators } from './report-indicators.js';
import {
  drilldownQuery,
  drilldownResponse,
  indicatorsResponse,
  reportFilters,
  type ReportFilters,
} from './report-schemas.js';

/**
 * Managers' outcome and process reports (issue 8). Figures come from the daily pre-aggregates;
 * before answering, the days changed since the last pass are recomputed, so a number never
 * lags what the care read models say. Managers read aggregates and pseudonymised lists;
 * doctors, and managers an admin granted it to, read lists with the patients' names.
 */
export function reportRoutes(deps: {
  stores: Stores;
  catalog: PathwayCatalog;
  reports: { aggregator: ReportAggregator; pseudonymKey: string };
}) {
  const ctx = { stores: deps.stores, catalog: deps.catalog };
  const readers = ['manager', 'doctor'] as const;

  const indicatorsFor = async (tenantId: string, filters: ReportFilters) => {
    if (await deps.stores.reports.hasDirty(tenantId)) {
      await deps.reports.aggregator.refresh(tenantId);
    }
    return computeIndicators(ctx, tenantId, filters);
  };
  const fileName = (f: ReportFilters, ext: string) =>
    `percorsi-report-${f.from}-${f.to}${f.pathwayId ? `-${f.pathwayId}` : ''}${f.siteId ? `-${f.siteId}` : ''}.${ext}`;
  const filterDetail = (f: ReportFilters) =>
    [f.from, f.to, f.pathwayId, f.version, f.siteId].filter(Boolean).join(' ');

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
    defineRoute({
      method: 'get',
      path: '/reports/indicators',
      summary:
        'Process and clinical indicators of the tenant for a period (pathway, version, site), with their definitions and series',
      tags: ['reports'],
      access: { roles: readers },
      query: reportFilters,
      response: indicatorsResponse,
      async handler({ identity, query, audit }) {
        const body = await indicatorsFor(identity.tenantId, query);
        await audit({
          action: 'read',
          resourceType: 'MeasureReport',
          resourceId: 'indicators',
          detail: filterDetail(query),
        });
        return { body };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/reports/indicators.csv',
      summary: 'The indicators as CSV (one line per indicator and breakdown, with definitions)',
      tags: ['reports'],
      access: { roles: readers },
      query: reportFilters,
      async handler({ identity, query, res, audit }) {
        const body = await indicatorsFor(identity.tenantId, query);
        await audit({
          action: 'export',
          resourceType: 'MeasureReport',
          resourceId: 'indicators.csv',
          detail: filterDetail(query),
        });
        sendAttachment(res, 'text/csv; charset=utf-8', fileName(query, 'csv'), indicatorsCsv(body));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/reports/report.pdf',
      summary: 'The period report as PDF: filters, indicators with definitions, trend charts',
      tags: ['reports'],
      access: { roles: readers },
      query: reportFilters,
      async handler({ identity, query, res, audit }) {
        const body = await indicatorsFor(identity.tenantId, query);
        const [tenant, user, sites] = await Promise.all([
          deps.stores.tenants.get(identity.tenantId),
          deps.stores.users.get(identity.userId),
          deps.stores.reports.listSites(identity.tenantId),
        ]);
        const pathway = query.pathwayId
          ? deps.catalog.get(query.pathwayId, query.version, identity.tenantId)
          : null;
        const pdf = await indicatorsPdf(body, {
          tenantName: tenant?.name ?? identity.tenantId,
          author: user?.displayName ?? identity.username,
          pathwayTitle: pathway?.title.it ?? query.pathwayId ?? null,
          siteName: sites.find((s) => s.id === query.siteId)?.name.it ?? query.siteId ?? null,
        });
        await audit({
          action: 'export',
          resourceType: 'MeasureReport',
          resourceId: 'report.pdf',
          detail: filterDetail(query),
        });
        sendAttachment(res, 'application/pdf', fileName(query, 'pdf'), pdf);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/reports/drilldown',
      summary:
        'The patients, enrolments, alerts or tasks behind an indicator (pseudonymised unless the caller may see identities)',
      tags: ['reports'],
      access: { roles: readers },
      query: drilldownQuery,
      response: drilldownResponse,
      async handler({ identity, query, audit }) {
        const body = await drilldown(
          { ...ctx, pseudonymKey: deps.reports.pseudonymKey },
          identity,
          query,
        );
        await audit({
          action: 'read',
          resourceType: 'List',
          resourceId: `drilldown:${query.indicator}${query.key ? `:${query.key}` : ''}`,
          detail: `${body.identified ? 'identified' : 'pseudonymised'} ${filterDetail(query)}`,
        });
        return { body };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/reports/drilldown.csv',
      summary: 'A drill-down list as CSV, pseudonymised exactly as on screen',
      tags: ['reports'],
      access: { roles: readers },
      query: drilldownQuery,
      async handler({ identity, query, res, audit }) {
        const all = await drilldown({ ...ctx, pseudonymKey: deps.reports.pseudonymKey }, identity, {
          ...query,
          page: 1,
          pageSize: 100_000,
        });
        await audit({
          action: 'export',
          resourceType: 'List',
          resourceId: `drilldown:${query.indicator}${query.key ? `:${query.key}` : ''}`,
          detail: `${all.identified ? 'identified' : 'pseudonymised'} ${filterDetail(query)}`,
        });
        sendAttachment(
          res,
          'text/csv; charset=utf-8',
          fileName(query, `${query.indicator}.csv`),
          drilldownCsv(all),
        );
      },
    }),
    defineRoute({
      method: 'get',
      path: '/sites',
      summary: "The tenant's sites (hospitals, districts) that enrolments and reports name",
      tags: ['reports'],
      access: { roles: ['nurse', 'doctor', 'manager', 'admin', 'designer'] },
      response: z.object({
        items: z.array(
          z.object({ id: z.string(), name: z.object({ it: z.string(), en: z.string() }) }),
        ),
      }),
      async handler({ identity }) {
        const sites = await deps.stores.reports.listSites(identity.tenantId);
        return { body: { items: sites.map((s) => ({ id: s.id, name: s.name })) } };
      },
    }),
    defineRoute({
      method: 'put',
      path: '/admin/sites/:siteId',
      summary: 'Creates or renames a site of the tenant',
      tags: ['admin'],
      access: { roles: ['admin'] },
      params: z.object({ siteId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/) }),
      body: z.object({
        name: z.object({
          it: z.string().trim().min(1).max(200),
          en: z.string().trim().min(1).max(200),
        }),
      }),
      async handler({ identity, params, body, audit }) {
        await deps.stores.reports.upsertSite({
          id: params.siteId,
          tenantId: identity.tenantId,
          name: body.name,
        });
        await audit({ action: 'update', resourceType: 'Location', resourceId: params.siteId });
        return { body: { id: params.siteId, name: body.name } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/admin/report-access',
      summary: "Managers granted patients' identities in report lists, by whom and why",
      tags: ['admin'],
      access: { roles: ['admin'] },
      async handler({ identity }) {
        const grants = await deps.stores.reports.listGrants(identity.tenantId);
        return { body: { items: grants } };
      },
    }),
    defineRoute({
      method: 'put',
      path: '/admin/report-access/:userId',
      summary: "Grants a manager the patients' identities in report lists (a reason is required)",
      tags: ['admin'],
      access: { roles: ['admin'] },
      params: z.object({ userId: z.uuid() }),
      body: z.object({ reason: z.string().trim().min(10).max(500) }),
      async handler({ identity, params, body, audit }) {
        const user = await deps.stores.users.get(params.userId);
        if (!user || user.tenantId !== identity.tenantId) {
          throw new NotFoundError(`user ${params.userId} not found`);
        }
        if (user.role !== 'manager') {
          throw new InputError('only managers are granted identities in report lists', [
            { path: 'userId', message: 'solo i manager ricevono questa autorizzazione' },
          ]);
        }
        const grant = await deps.stores.reports.grant({
          tenantId: identity.tenantId,
          userId: user.id,
          grantedBy: identity.username,
          reason: body.reason,
        });
        await audit({
          action: 'grant',
          resourceType: 'Permission',
          resourceId: `report-identities:${user.username}`,
          detail: body.reason,
        });
        return { body: grant };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/admin/report-access/:userId',
      summary: "Revokes a manager's access to patients' identities in report lists",
      tags: ['admin'],
      access: { roles: ['admin'] },
      params: z.object({ userId: z.uuid() }),
      async handler({ identity, params, audit }) {
        const revoked = await deps.stores.reports.revoke(identity.tenantId, params.userId);
        if (!revoked) throw new NotFoundError(`no grant for user ${params.userId}`);
        await audit({
          action: 'revoke',
          resourceType: 'Permission',
          resourceId: `report-identities:${params.userId}`,
        });
        return { status: 204 };
      },
    }),
  ];
}
