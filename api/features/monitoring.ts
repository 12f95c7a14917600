import { z } from 'zod';
import type { Enrolment } from '../../db/stores/enrolment-store.js';
import type { Stores } from '../../db/stores/index.js';
import { thresholdBands } from '../../pathways/thresholds.js';
import { NotFoundError } from '../../platform/errors.js';
import type { PathwayCatalog } from '../../platform/pathway-catalog.js';
import { clinicalRoles } from '../../platform/roles.js';
import type { Identity } from '../auth/session.js';
import { defineRoute } from '../route.js';
import { idParams } from './dto.js';
import type { EnrolmentService } from './enrolment-service.js';
import { loadPatientAudited } from './patient-access.js';

const localised = z.object({ it: z.string(), en: z.string() });

const monitoringDto = z.object({
  /** What the patient's active pathways measure: one entry per data point. */
  measurements: z.array(
    z.object({
      dataPoint: z.string(),
      title: localised,
      unit: z.string(),
      loinc: z.string().nullable(),
      min: z.number().nullable(),
      max: z.number().nullable(),
      enrolmentId: z.string(),
      pathwayTitle: localised,
    }),
  ),
  /** The alert limits the pathways apply, with the patient's own inputs. */
  thresholds: z.array(
    z.object({
      dataPoint: z.string(),
      ruleId: z.string(),
      title: localised,
      severity: z.enum(['red', 'orange', 'yellow']),
      below: z.number().optional(),
      above: z.number().optional(),
      inclusive: z.boolean().optional(),
      between: z.tuple([z.number(), z.number()]).optional(),
      enrolmentId: z.string(),
    }),
  ),
  /** When each scheduled step is next due, from the workflow (empty if it cannot answer now). */
  schedule: z.array(
    z.object({
      enrolmentId: z.string(),
      stepId: z.string(),
      title: localised,
      type: z.string(),
      nextAt: z.string(),
    }),
  ),
});
type Monitoring = z.infer<typeof monitoringDto>;

const observationsQuery = z.object({
  dataPoint: z.string().max(64).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});

/**
 * What the charts and the readings form need: measured values with units and ranges, the
 * patient's thresholds as bands, the plan's upcoming schedule; and the patient's own readings.
 */
export function monitoringRoutes(deps: {
  stores: Stores;
  catalog: PathwayCatalog;
  enrolments: EnrolmentService;
}) {
  async function monitoringOf(identity: Identity, patientId: string): Promise<Monitoring> {
    const active = (
      await deps.stores.enrolments.listByPatient(identity.tenantId, patientId)
    ).filter((e) => e.status === 'active');
    const out: Monitoring = { measurements: [], thresholds: [], schedule: [] };
    await Promise.all(active.map((e) => addEnrolment(out, e)));
    out.schedule.sort((a, b) => a.nextAt.localeCompare(b.nextAt));
    return out;
  }

  async function addEnrolment(out: Monitoring, e: Enrolment): Promise<void> {
    const d = await deps.enrolments.definitionOf(e);
    if (!d) return;
    for (const [name, dp] of Object.entries(d.dataPoints)) {
      if (dp.type !== 'quantity' && dp.type !== 'score') continue;
      out.measurements.push({
        dataPoint: name,
        title: dp.title,
        unit: dp.type === 'quantity' ? dp.unit : '',
        loinc: dp.loinc ?? null,
        min: dp.min ?? null,
        max: dp.max ?? null,
        enrolmentId: e.id,
        pathwayTitle: d.title,
      });
    }
    const live = await deps.enrolments.liveState(e);
    const inputs = (await deps.stores.enrolments.getInputs(e.tenantId, e.id)) ?? live?.inputs ?? {};
    for (const band of thresholdBands(d, inputs))
      out.thresholds.push({ ...band, enrolmentId: e.id });
    const steps = new Map(d.tracks.flatMap((t) => t.steps).map((s) => [s.id, s]));
    for (const [timerId, at] of Object.entries(live?.timers ?? {})) {
      const m = /^step:([^:]+):occurrence$/.exec(timerId);
      const step = m ? steps.get(m[1]!) : undefined;
      if (!step) continue;
      out.schedule.push({
        enrolmentId: e.id,
        stepId: step.id,
        title: step.title,
        type: step.type,
        nextAt: new Date(at).toISOString(),
      });
    }
  }

  return [
    defineRoute({
      method: 'get',
      path: '/patients/:id/monitoring',
      summary:
        "What a patient's pathways measure, their alert thresholds and the upcoming schedule",
      tags: ['readings'],
      access: { roles: clinicalRoles },
      params: idParams,
      response: monitoringDto,
      async handler({ identity, params, audit }) {
        await loadPatientAudited(deps.stores, identity, params.id, audit);
        return { body: await monitoringOf(identity, params.id) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/me/monitoring',
      summary: 'What the patient measures, their thresholds and their upcoming schedule',
      tags: ['patient portal'],
      access: { roles: ['patient'] },
      response: monitoringDto,
      async handler({ identity, audit }) {
        if (!identity.patientId)
          throw new NotFoundError('this account is not linked to a patient record');
        await audit({
          action: 'read',
          resourceType: 'CarePlan',
          patientId: identity.patientId,
          detail: 'monitoring',
        });
        return { body: await monitoringOf(identity, identity.patientId) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/me/observations',
      summary: "The patient's own readings, newest first (for their trends)",
      tags: ['patient portal'],
      access: { roles: ['patient'] },
      query: observationsQuery,
      async handler({ identity, query, audit }) {
        if (!identity.patientId)
          throw new NotFoundError('this account is not linked to a patient record');
        const items = await deps.stores.care.listObservations(identity.tenantId, {
          patientId: identity.patientId,
          ...(query.dataPoint ? { dataPoint: query.dataPoint } : {}),
          limit: query.limit,
        });
        const since = query.since ? Date.parse(query.since) : null;
        await audit({
          action: 'search',
          resourceType: 'Observation',
          patientId: identity.patientId,
        });
        return {
          body: {
            items: since === null ? items : items.filter((o) => Date.parse(o.measuredAt) >= since),
          },
        };
      },
    }),
  ];
}
