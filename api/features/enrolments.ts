import { z } from 'zod';
import type { Stores } from '../../db/stores/index.js';
import type { PathwayDefinition } from '../../pathways/definition.js';
import type { EngineState } from '../../pathways/engine.js';
import type { PathwayCatalog } from '../../platform/pathway-catalog.js';
import { clinicalRoles } from '../../platform/roles.js';
import { NotFoundError } from '../../platform/errors.js';
import type { Identity } from '../auth/session.js';
import { latestFormsOf, type FormService } from './forms.js';
import { defineRoute, type AuditInput } from '../route.js';
import { enrolmentDto, idParams, listOf, toEnrolmentDto } from './dto.js';
import type { EnrolmentService } from './enrolment-service.js';
import { loadPatientAudited } from './patient-access.js';

const eventDto = z.object({
  id: z.string(),
  kind: z.string(),
  stepId: z.string().nullable(),
  at: z.string(),
  payload: z.unknown(),
});

const liveDto = z
  .object({
    status: z.enum(['running', 'completed']),
    currentStepId: z.string().nullable(),
    completedSteps: z.array(z.string()),
    outcome: z.string().nullable(),
    /** The workflow's pending timers (id → ISO instant): what will happen next, and when. */
    timers: z.record(z.string(), z.string()),
  })
  .nullable();

export const enrolmentDetailDto = z.object({
  enrolment: enrolmentDto,
  /** The steps of the pathway version the enrolment runs, to name them in the UI. */
  steps: z.array(
    z.object({
      id: z.string(),
      type: z.string(),
      title: z.object({ it: z.string(), en: z.string() }),
    }),
  ),
  events: z.array(eventDto),
  live: liveDto,
});

/** Enrolment detail as a clinician or the patient sees it; audited as a read of patient data. */
export async function enrolmentDetail(
  deps: { stores: Stores; enrolments: EnrolmentService; catalog: PathwayCatalog },
  identity: Identity,
  enrolmentId: string,
  audit: (e: AuditInput) => Promise<void>,
) {
  const enrolment = await deps.stores.enrolments.get(identity.tenantId, enrolmentId);
  const own = identity.role !== 'patient' || enrolment?.patientId === identity.patientId;
  if (!enrolment || !own) {
    await audit({
      action: 'read',
      resourceType: 'CarePlan',
      resourceId: enrolmentId,
      outcome: 'not-found',
    });
    throw new NotFoundError(`enrolment ${enrolmentId} not found`);
  }
  await audit({
    action: 'read',
    resourceType: 'CarePlan',
    resourceId: enrolment.id,
    patientId: enrolment.patientId,
  });
  const [events, live] = await Promise.all([
    deps.stores.enrolments.listEvents(identity.tenantId, enrolment.id),
    deps.enrolments.liveState(enrolment),
  ]);
  const definition = await deps.enrolments.definitionOf(enrolment);
  return {
    enrolment: toEnrolmentDto(enrolment, deps.catalog),
    steps: (definition?.tracks ?? []).flatMap((t) =>
      t.steps.map((s) => ({ id: s.id, type: s.type, title: s.title })),
    ),
    events: events.map((e) => ({
      id: e.id,
      kind: e.kind,
      stepId: e.stepId,
      at: e.at,
      payload: e.payload,
    })),
    live: live && definition ? liveView(definition, live) : null,
  };
}

/**
 * The engine state in the shape the UI has shown since the first pathways: one current step
 * (the first running track's) and the steps done, track by track in definition order.
 */
export function liveView(definition: PathwayDefinition, state: EngineState) {
  let currentStepId: string | null = null;
  const completedSteps: string[] = [];
  for (const track of definition.tracks) {
    const ts = state.tracks[track.id];
    if (!ts) continue;
    completedSteps.push(...ts.completedSteps);
    if (currentStepId === null && ts.status === 'running') {
      currentStepId = track.steps[ts.position]?.id ?? null;
    }
  }
  const running = state.status === 'active' || state.status === 'not-started';
  return {
    status: running ? ('running' as const) : ('completed' as const),
    currentStepId: running ? currentStepId : null,
    completedSteps,
    outcome: state.outcome,
    timers: Object.fromEntries(
      Object.entries(state.timers).map(([id, at]) => [id, new Date(at).toISOString()]),
    ),
  };
}

export function enrolmentRoutes(deps: {
  stores: Stores;
  enrolments: EnrolmentService;
  catalog: PathwayCatalog;
  forms: FormService;
}) {
  return [
    defineRoute({
      method: 'post',
      path: '/enrolments',
      summary: 'Enrols a patient in a pathway (idempotent while the enrolment is active)',
      tags: ['enrolments'],
      access: { roles: clinicalRoles },
      body: z.object({
        patientId: z.uuid(),
        pathwayId: z.string().min(1).max(100),
        /** Checked against the pathway's declared inputs (defaults, required, ranges). */
        inputs: z.record(z.string(), z.unknown()).default({}),
        /** The tenant's site that follows the patient (reports filter by it). */
        siteId: z.string().min(1).max(64).optional(),
      }),
      response: z.object({ enrolment: enrolmentDto }),
      async handler({ identity, body, audit }) {
        await loadPatientAudited(deps.stores, identity, body.patientId, audit, 'enrol');
        const { enrolment, created } = await deps.enrolments.enrol(
          identity,
          body.patientId,
          body.pathwayId,
          body.inputs,
          body.siteId,
        );
        // "Latest" forms are the versions published today, for the whole enrolment.
        const definition = await deps.enrolments.definitionOf(enrolment);
        if (definition) {
          await deps.forms.pinEnrolment(identity.tenantId, enrolment.id, latestFormsOf(definition));
        }
        await audit({
          action: created ? 'create' : 'create-repeated',
          resourceType: 'CarePlan',
          resourceId: enrolment.id,
          patientId: enrolment.patientId,
        });
        return {
          status: created ? 201 : 200,
          body: { enrolment: toEnrolmentDto(enrolment, deps.catalog) },
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/enrolments',
      summary: "A patient's enrolments",
      tags: ['enrolments'],
      access: { roles: clinicalRoles },
      query: z.object({ patientId: z.uuid() }),
      response: listOf(enrolmentDto),
      async handler({ identity, query, audit }) {
        await loadPatientAudited(deps.stores, identity, query.patientId, audit);
        const list = await deps.stores.enrolments.listByPatient(identity.tenantId, query.patientId);
        await audit({ action: 'search', resourceType: 'CarePlan', patientId: query.patientId });
        return { body: { items: list.map((e) => toEnrolmentDto(e, deps.catalog)) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/enrolments/:id',
      summary: 'An enrolment with its recorded events and live workflow state',
      tags: ['enrolments'],
      access: { roles: clinicalRoles },
      params: idParams,
      response: enrolmentDetailDto,
      async handler({ identity, params, audit }) {
        return { body: await enrolmentDetail(deps, identity, params.id, audit) };
      },
    }),
  ];
}
