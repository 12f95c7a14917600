import { z } from 'zod';
import type { Stores } from '../../db/stores/index.js';
import {
  ImmutableVersionError,
  type PathwayVersionRecord,
} from '../../db/stores/pathway-version-store.js';
import { validateDefinition, type DefinitionError } from '../../pathways/validate.js';
import { ConflictError, InputError, NotFoundError } from '../../platform/errors.js';
import type { PathwayCatalog } from '../../platform/pathway-catalog.js';
import { formReferenceErrors } from './forms.js';
import { defineRoute } from '../route.js';
import { EngineRejection, type EnrolmentService } from './enrolment-service.js';

const versionDto = z.object({
  pathwayId: z.string(),
  version: z.string(),
  status: z.enum(['draft', 'published']),
  builtIn: z.boolean(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  publishedAt: z.string().nullable(),
  publishedBy: z.string().nullable(),
});

const toVersionDto = (v: PathwayVersionRecord): z.infer<typeof versionDto> => ({
  pathwayId: v.pathwayId,
  version: v.version,
  status: v.status,
  builtIn: v.tenantId === null,
  createdAt: v.createdAt,
  createdBy: v.createdBy,
  publishedAt: v.publishedAt,
  publishedBy: v.publishedBy,
});

const pathwayParams = z.object({
  id: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/)
    .max(100),
});
const versionParams = pathwayParams.extend({
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'semantic version, e.g. 1.0.0'),
});

function definitionErrors(errors: DefinitionError[], prefix: string) {
  return errors.map((e) => ({
    path: [prefix, ...e.path.map(String)].join('.'),
    message: e.message,
  }));
}

const migrationResult = z.object({
  enrolmentId: z.string(),
  patientId: z.string(),
  status: z.enum(['migrated', 'refused']),
  reason: z.string().optional(),
  cancelledTimers: z.array(z.string()).optional(),
  droppedDataPoints: z.array(z.string()).optional(),
});

/**
 * The designer's versions: drafts are saved (validated, with paths), published once and
 * then immutable; a cohort of running enrolments moves to a newer version only through the
 * explicit, audited migrate operation.
 */
export function pathwayVersionRoutes(deps: {
  stores: Stores;
  catalog: PathwayCatalog;
  enrolments: EnrolmentService;
}) {
  return [
    defineRoute({
      method: 'post',
      path: '/pathways',
      summary: 'Saves a draft version of a pathway (validated; a published version cannot change)',
      tags: ['pathway design'],
      access: { roles: ['designer'] },
      body: z.object({ definition: z.unknown() }),
      response: z.object({ version: versionDto }),
      async handler({ identity, body, audit }) {
        const result = validateDefinition(body.definition);
        if (!result.ok) {
          throw new InputError(
            'invalid pathway definition',
            definitionErrors(result.errors, 'body.definition'),
          );
        }
        const d = result.definition;
        try {
          const saved = await deps.stores.pathwayVersions.saveDraft({
            tenantId: identity.tenantId,
            pathwayId: d.id,
            version: d.version,
            definition: d,
            by: identity.username,
          });
          await audit({
            action: 'update',
            resourceType: 'PlanDefinition',
            resourceId: `${d.id}@${d.version}`,
            detail: 'draft saved',
          });
          return { status: 201, body: { version: toVersionDto(saved) } };
        } catch (err) {
          if (err instanceof ImmutableVersionError) throw new ConflictError(err.message);
          throw err;
        }
      },
    }),
    defineRoute({
      method: 'post',
      path: '/pathways/:id/versions/:version/publish',
      summary: 'Publishes a draft: from now on it is immutable and enrolments can pin it',
      tags: ['pathway design'],
      access: { roles: ['designer'] },
      params: versionParams,
      response: z.object({ version: versionDto }),
      async handler({ identity, params, audit }) {
        const draft = await deps.stores.pathwayVersions.get(
          identity.tenantId,
          params.id,
          params.version,
        );
        if (!draft)
          throw new NotFoundError(`no version ${params.version} of ${params.id} in this tenant`);
        if (draft.status === 'published')
          throw new ConflictError(`version ${params.version} is already published`);
        // Validated again: the schema may have tightened since the draft was saved.
        const result = validateDefinition(draft.definition);
        if (!result.ok) {
          throw new InputError(
            'the draft no longer validates',
            definitionErrors(result.errors, 'definition'),
          );
        }
        // The forms it names must exist, published, with the outputs it maps.
        const formErrors = await formReferenceErrors(
          deps.stores.forms,
          identity.tenantId,
          result.definition,
          'definition',
        );
        if (formErrors.length) {
          throw new InputError('the pathway names forms it cannot use', formErrors);
        }
        try {
          const published = await deps.stores.pathwayVersions.publish(
            identity.tenantId,
            params.id,
            params.version,
            identity.username,
          );
          if (!published) throw new NotFoundError(`no version ${params.version} of ${params.id}`);
          await deps.catalog.refresh();
          await audit({
            action: 'publish',
            resourceType: 'PlanDefinition',
            resourceId: `${params.id}@${params.version}`,
          });
          return { body: { version: toVersionDto(published) } };
        } catch (err) {
          if (err instanceof ImmutableVersionError) throw new ConflictError(err.message);
          throw err;
        }
      },
    }),
    defineRoute({
      method: 'get',
      path: '/pathways/:id/versions',
      summary: "A pathway's versions (the tenant's and the built-in ones), newest first",
      tags: ['pathway design'],
      access: { roles: ['designer'] },
      params: pathwayParams,
      response: z.object({ items: z.array(versionDto) }),
      async handler({ identity, params }) {
        const items = await deps.stores.pathwayVersions.listVisible(identity.tenantId, {
          pathwayId: params.id,
        });
        if (!items.length) throw new NotFoundError(`pathway ${params.id} not found`);
        return { body: { items: items.map(toVersionDto) } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/pathways/:id/migrate',
      summary:
        'Moves the running enrolments of one published version to another (per-enrolment result)',
      tags: ['pathway design'],
      access: { roles: ['designer'] },
      params: pathwayParams,
      body: z.object({
        fromVersion: z.string().regex(/^\d+\.\d+\.\d+$/),
        toVersion: z.string().regex(/^\d+\.\d+\.\d+$/),
      }),
      response: z.object({ results: z.array(migrationResult) }),
      async handler({ identity, params, body, audit }) {
        const target = await deps.catalog.find(identity.tenantId, params.id, body.toVersion);
        if (!target) {
          throw new InputError('unknown version', [
            {
              path: 'body.toVersion',
              message: `no published version ${body.toVersion} of ${params.id}`,
            },
          ]);
        }
        if (body.fromVersion === body.toVersion) {
          throw new InputError('nothing to migrate', [
            { path: 'body.toVersion', message: 'must differ from fromVersion' },
          ]);
        }
        const cohort = await deps.stores.pathwayVersions.activeEnrolments(
          identity.tenantId,
          params.id,
          body.fromVersion,
        );
        const results: z.infer<typeof migrationResult>[] = [];
        // One at a time: a cohort is hundreds of patients, not millions, and the audit log
        // then reads in the order the migrations happened.
        for (const e of cohort) {
          try {
            const outcome = await deps.enrolments.migrateVersion(e, target, identity.username);
            results.push({
              enrolmentId: e.id,
              patientId: e.patientId,
              status: 'migrated',
              cancelledTimers: outcome.cancelledTimers,
              droppedDataPoints: outcome.droppedDataPoints,
            });
          } catch (err) {
            if (!(err instanceof EngineRejection || err instanceof ConflictError)) throw err;
            results.push({
              enrolmentId: e.id,
              patientId: e.patientId,
              status: 'refused',
              reason: err.message,
            });
          }
          const last = results[results.length - 1]!;
          await audit({
            action: 'migrate',
            resourceType: 'CarePlan',
            resourceId: e.id,
            patientId: e.patientId,
            outcome: last.status === 'migrated' ? 'success' : 'failure',
            detail: `${params.id} ${body.fromVersion} → ${body.toVersion}${last.reason ? `: ${last.reason}` : ''}`,
          });
        }
        return { body: { results } };
      },
    }),
  ];
}
