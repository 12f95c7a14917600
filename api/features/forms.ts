import type { Request } from 'express';
import { z } from 'zod';
import type {
  FormStore,
  FormSubmissionRecord,
  FormVersionRecord,
} from '../../db/stores/form-store.js';
import type { Stores } from '../../db/stores/index.js';
import type { ObservationInput, WorkItemRecord } from '../../db/stores/care-store.js';
import type { Enrolment } from '../../db/stores/enrolment-store.js';
import { ImmutableVersionError } from '../../db/stores/pathway-version-store.js';
import type { PathwayDefinition } from '../../pathways/definition.js';
import { formIdSchema, lintForm } from '../../forms/definition.js';
import type { FormLanguage } from '../../forms/messages.js';
import { validateSubmission } from '../../forms/submission.js';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  type FieldError,
} from '../../platform/errors.js';
import { clinicalRoles } from '../../platform/roles.js';
import type { Identity } from '../auth/session.js';
import { defineRoute, type AuditInput } from '../route.js';
import { idParams, listOf } from './dto.js';
import { EngineRejection, type EnrolmentService } from './enrolment-service.js';
import { loadPatientAudited } from './patient-access.js';
import { toWorkItemDto, workItemDto, workItemParams } from './work-items.js';

/**
 * Questionnaires: the designers' form registry (draft → published versions), filling a form
 * work item (drafts of answers, server-side validation, submission to the workflow) and
 * reading submissions back. ≈ FHIR Questionnaire and QuestionnaireResponse.
 */

const localised = z.object({ it: z.string(), en: z.string() });

const formVersionDto = z.object({
  formId: z.string(),
  version: z.number(),
  status: z.enum(['draft', 'published']),
  builtIn: z.boolean(),
  title: localised,
  sha256: z.string(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  publishedAt: z.string().nullable(),
  publishedBy: z.string().nullable(),
});

const formDefinitionDto = z.object({
  title: localised,
  description: localised.optional(),
  outputs: z.record(
    z.string(),
    z.object({ type: z.string(), title: localised, unit: z.string().optional() }),
  ),
  schema: z.object({ display: z.string(), components: z.array(z.unknown()) }),
});

const formVersionFullDto = formVersionDto.extend({ definition: formDefinitionDto });

const toVersionDto = (v: FormVersionRecord): z.infer<typeof formVersionDto> => ({
  formId: v.formId,
  version: v.version,
  status: v.status,
  builtIn: v.tenantId === null,
  title: v.definition.title,
  sha256: v.sha256,
  createdAt: v.createdAt,
  createdBy: v.createdBy,
  publishedAt: v.publishedAt,
  publishedBy: v.publishedBy,
});

const toFullDto = (v: FormVersionRecord): z.infer<typeof formVersionFullDto> => ({
  ...toVersionDto(v),
  definition: v.definition,
});

const formSummaryDto = z.object({
  formId: z.string(),
  title: localised,
  builtIn: z.boolean(),
  latestPublished: z.number().nullable(),
  draft: z.number().nullable(),
  versions: z.array(z.number()),
  outputs: z.array(z.string()),
});

const submissionDto = z.object({
  id: z.string(),
  formId: z.string(),
  formVersion: z.number(),
  formTitle: localised,
  patientId: z.string(),
  enrolmentId: z.string().nullable(),
  workItemId: z.string().nullable(),
  author: z.string(),
  authorRole: z.string(),
  status: z.enum(['pending', 'completed', 'refused']),
  refusal: z.string().nullable(),
  answers: z.record(z.string(), z.unknown()),
  outputs: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
  submittedAt: z.string(),
});

const outcomeDto = z.object({
  alertsRaised: z.array(
    z.object({ id: z.string(), ruleId: z.string(), severity: z.string(), title: localised }),
  ),
  itemsOpened: z.array(
    z.object({ id: z.string(), kind: z.string(), stepId: z.string().nullable(), title: localised }),
  ),
  status: z.string(),
});

const languageOf = (req: Request): FormLanguage =>
  (req.headers['accept-language'] ?? '').trim().toLowerCase().startsWith('en') ? 'en' : 'it';

const formParams = z.object({ formId: formIdSchema });
const versionParams = formParams.extend({ version: z.coerce.number().int().min(1) });

/** Form.io answers: an object of answers by component key, at most 256 KiB of JSON. */
const answersSchema = z
  .record(z.string(), z.unknown())
  .refine((a) => JSON.stringify(a).length <= 256 * 1024, 'the answers are larger than 256 KiB');

export class FormService {
  constructor(
    private readonly stores: Stores,
    private readonly enrolments: EnrolmentService,
  ) {}

  private get forms(): FormStore {
    return this.stores.forms;
  }

  /**
   * The exact form version a form work item uses: the number its pathway step names, or the
   * version pinned for "latest" when the patient was enrolled (pinned now if it was not).
   */
  async versionFor(item: WorkItemRecord): Promise<FormVersionRecord> {
    const ref = formRefOf(item);
    if (typeof ref.version === 'number') {
      const v = await this.forms.get(item.tenantId, ref.id, ref.version);
      if (!v || v.status !== 'published')
        throw new ConflictError(`form ${ref.id} version ${ref.version} is not published`);
      return v;
    }
    const pins = await this.forms.getPins(item.tenantId, item.enrolmentId);
    const pinned = pins[ref.id];
    if (pinned !== undefined) {
      const v = await this.forms.get(item.tenantId, ref.id, pinned);
      if (v) return v;
    }
    const latest = await this.forms.latestPublished(item.tenantId, ref.id);
    if (!latest) throw new ConflictError(`form ${ref.id} has no published version`);
    await this.forms.setPins(item.tenantId, item.enrolmentId, {
      ...pins,
      [ref.id]: latest.version,
    });
    return latest;
  }

  /** Pins every "latest" form of a new enrolment's pathway to today's published version. */
  async pinEnrolment(
    tenantId: string,
    enrolmentId: string,
    formIds: string[],
  ): Promise<Record<string, number>> {
    const pins = await this.forms.getPins(tenantId, enrolmentId);
    for (const id of formIds) {
      if (pins[id] !== undefined) continue;
      const latest = await this.forms.latestPublished(tenantId, id);
      if (latest) pins[id] = latest.version;
    }
    await this.forms.setPins(tenantId, enrolmentId, pins);
    return pins;
  }

  /**
   * A form work item the caller may fill or read: a patient only their own items addressed
   * to the patient or caregiver; nurses and doctors any form item of their tenant (a nurse
   * may enter a patient's answers on their behalf: the author is recorded).
   */
  async fillableItem(
    identity: Identity,
    id: string,
    audit: (e: AuditInput) => Promise<void>,
  ): Promise<WorkItemRecord> {
    const item = await this.stores.care.getWorkItem(identity.tenantId, id);
    const own =
      identity.role !== 'patient' ||
      (item !== null &&
        item.patientId === identity.patientId &&
        (item.assignee === 'patient' || item.assignee === 'caregiver'));
    if (!item || !own || !hasForm(item)) {
      await audit({ action: 'read', resourceType: 'Task', resourceId: id, outcome: 'not-found' });
      throw new NotFoundError(`form task ${id} not found`);
    }
    return item;
  }

  async submit(
    identity: Identity,
    item: WorkItemRecord,
    body: { answers: Record<string, unknown>; idempotencyKey: string },
    language: FormLanguage,
  ): Promise<{
    submission: FormSubmissionRecord;
    duplicate: boolean;
    outcome: z.infer<typeof outcomeDto> | null;
  }> {
    const previous = await this.forms.getSubmissionByKey(identity.tenantId, body.idempotencyKey);
    if (previous && previous.workItemId !== item.id) {
      throw new ConflictError('this idempotency key was used for another submission');
    }
    if (previous?.status === 'completed')
      return { submission: previous, duplicate: true, outcome: null };
    if (previous?.status === 'refused') throw new ConflictError(previous.refusal ?? 'refused');
    if (!previous && item.status !== 'open') {
      throw new ConflictError(
        `this questionnaire is ${item.status}: it can no longer be submitted`,
      );
    }
    const enrolment = await this.enrolments.get(identity, item.enrolmentId);
    let submission = previous;
    if (!submission) {
      const version = await this.versionFor(item);
      const result = validateSubmission(version.definition, body.answers, language);
      if (!result.ok) {
        throw new InputError(
          language === 'it'
            ? 'le risposte non superano i controlli del modulo'
            : 'the answers fail the form checks',
          result.errors.map((e) => ({
            path: `body.answers.${e.path.slice('data.'.length)}`,
            message: e.message,
          })),
        );
      }
      ({ record: submission } = await this.forms.insertSubmission({
        tenantId: identity.tenantId,
        idempotencyKey: body.idempotencyKey,
        formVersionId: version.id,
        formId: version.formId,
        formVersion: version.version,
        patientId: item.patientId,
        enrolmentId: item.enrolmentId,
        workItemId: item.id,
        author: identity.username,
        authorRole: identity.role,
        answers: result.data,
        outputs: result.outputs,
      }));
    }
    // Pending (new, or left by a request that died before the workflow answered): send it.
    // The engine counts a submission id once, so a resend after a lost answer is harmless.
    let outcome;
    try {
      // A form step is completed by its submission; a consult that names a form (the
      // specialist's opinion) is completed with the form's outputs as the consult's values.
      outcome =
        item.kind === 'form'
          ? await this.enrolments.submitForm(enrolment, {
              submissionId: submission.id,
              itemId: item.itemId,
              values: submission.outputs,
              by: identity.username,
            })
          : await this.enrolments.completeItem(enrolment, item.itemId, identity.username, {
              values: submission.outputs,
            });
    } catch (err) {
      if (err instanceof EngineRejection) {
        await this.forms.markSubmission(identity.tenantId, submission.id, 'refused', err.message);
        throw new ConflictError(err.message);
      }
      throw err;
    }
    await this.forms.markSubmission(identity.tenantId, submission.id, 'completed');
    await this.storeScores(enrolment, item, submission);
    await this.forms.deleteAnswersDraft(identity.tenantId, identity.username, item.id);
    const stored = (await this.forms.getSubmission(identity.tenantId, submission.id))!;
    return {
      submission: stored,
      duplicate: !outcome.applied,
      outcome: {
        alertsRaised: outcome.alertsRaised,
        itemsOpened: outcome.itemsOpened,
        status: outcome.status,
      },
    };
  }

  /**
   * Numeric outputs that a form step maps to score or quantity data points are kept as
   * observations too (reading id `form:<submission>`), so charts and trends show a symptom
   * score beside the vitals. Idempotent: the observation key is (reading, data point).
   */
  private async storeScores(
    enrolment: Enrolment,
    item: WorkItemRecord,
    submission: FormSubmissionRecord,
  ): Promise<void> {
    const produces = (item.details as { produces?: Record<string, string> }).produces ?? {};
    const definition = await this.enrolments.definitionOf(enrolment);
    if (!definition) return;
    const observations: ObservationInput[] = [];
    for (const [dataPoint, output] of Object.entries(produces)) {
      const value = submission.outputs[output];
      const dp = definition.dataPoints[dataPoint];
      if (typeof value !== 'number' || !dp || (dp.type !== 'score' && dp.type !== 'quantity'))
        continue;
      observations.push({
        readingId: `form:${submission.id}`,
        deviceMessageId: null,
        dataPoint,
        value,
        unit: dp.type === 'quantity' ? dp.unit : '{score}',
        loinc: dp.loinc ?? null,
        measuredAt: submission.submittedAt,
        source: `form:${submission.formId}`,
      });
    }
    if (!observations.length) return;
    await this.stores.care.apply({
      tenantId: enrolment.tenantId,
      enrolmentId: enrolment.id,
      patientId: enrolment.patientId,
      keyPrefix: `${enrolment.workflowId}/form/${submission.id}`,
      at: new Date().toISOString(),
      commands: [],
      observations,
    });
  }

  async toSubmissionDto(s: FormSubmissionRecord): Promise<z.infer<typeof submissionDto>> {
    const version = await this.forms.getById(s.formVersionId);
    return {
      id: s.id,
      formId: s.formId,
      formVersion: s.formVersion,
      formTitle: version?.definition.title ?? { it: s.formId, en: s.formId },
      patientId: s.patientId,
      enrolmentId: s.enrolmentId,
      workItemId: s.workItemId,
      author: s.author,
      authorRole: s.authorRole,
      status: s.status,
      refusal: s.refusal,
      answers: s.answers,
      outputs: s.outputs,
      submittedAt: s.submittedAt,
    };
  }
}

/** Form ids a pathway uses without a version number ("latest at enrolment"). */
export function latestFormsOf(definition: PathwayDefinition): string[] {
  const ids = new Set<string>();
  for (const track of definition.tracks) {
    for (const step of track.steps) {
      if ((step.type === 'form' || step.type === 'consult') && step.form?.version === 'latest') {
        ids.add(step.form.id);
      }
    }
  }
  return [...ids];
}

const outputTypeFor: Partial<Record<string, 'number' | 'string' | 'boolean'>> = {
  quantity: 'number',
  score: 'number',
  code: 'string',
  text: 'string',
  datetime: 'string',
  boolean: 'boolean',
};

/**
 * Checks a pathway's form references against the tenant's registry before it is published:
 * each form exists (the named version published, or some published version for "latest"),
 * each `produces` names an output of that form, and the output's type fits the data point.
 */
export async function formReferenceErrors(
  forms: FormStore,
  tenantId: string,
  definition: PathwayDefinition,
  prefix: string,
): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  for (const [t, track] of definition.tracks.entries()) {
    for (const [i, step] of track.steps.entries()) {
      if ((step.type !== 'form' && step.type !== 'consult') || !step.form) continue;
      const at = `${prefix}.tracks.${t}.steps.${i}`;
      const ref = step.form;
      const version =
        ref.version === 'latest'
          ? await forms.latestPublished(tenantId, ref.id)
          : await forms.get(tenantId, ref.id, ref.version);
      if (!version || version.status !== 'published') {
        errors.push({
          path: `${at}.form`,
          message:
            ref.version === 'latest'
              ? `no published form "${ref.id}"`
              : `form "${ref.id}" has no published version ${ref.version}`,
        });
        continue;
      }
      const produces = step.type === 'form' ? step.produces : {};
      for (const [dataPoint, output] of Object.entries(produces)) {
        const declared = version.definition.outputs[output];
        if (!declared) {
          errors.push({
            path: `${at}.produces.${dataPoint}`,
            message: `form ${ref.id} v${version.version} has no output "${output}" (it has: ${Object.keys(version.definition.outputs).join(', ') || 'none'})`,
          });
          continue;
        }
        const wanted = outputTypeFor[definition.dataPoints[dataPoint]?.type ?? ''];
        if (wanted && wanted !== declared.type) {
          errors.push({
            path: `${at}.produces.${dataPoint}`,
            message: `output "${output}" is a ${declared.type}, data point ${dataPoint} needs a ${wanted}`,
          });
        }
      }
    }
  }
  return errors;
}

/** Work items filled with a form: form steps, and consults whose step names a form. */
const hasForm = (item: WorkItemRecord): boolean =>
  item.kind === 'form' ||
  (item.kind === 'consult' &&
    typeof (item.details as { form?: { id?: unknown } | null }).form?.id === 'string');

/** The form a work item names (the engine puts its step's `form` in the item's details). */
export function formRefOf(item: WorkItemRecord): { id: string; version: number | 'latest' } {
  const form = (item.details as { form?: { id?: unknown; version?: unknown } }).form;
  if (!form || typeof form.id !== 'string') {
    throw new ConflictError(`work item ${item.id} names no form`);
  }
  return { id: form.id, version: typeof form.version === 'number' ? form.version : 'latest' };
}

const lintErrors = (problems: { path: (string | number)[]; message: string }[]) =>
  problems.map((p) => ({ path: ['body', ...p.path].join('.'), message: p.message }));

export function formRoutes(deps: {
  stores: Stores;
  enrolments: EnrolmentService;
  forms: FormService;
}) {
  const store = deps.stores.forms;
  const fillers = [...clinicalRoles, 'patient'] as const;

  return [
    defineRoute({
      method: 'get',
      path: '/forms',
      summary: 'The questionnaires the tenant can use: its own and the built-ins',
      tags: ['forms'],
      access: { roles: ['designer', ...clinicalRoles] },
      response: listOf(formSummaryDto),
      async handler({ identity }) {
        const all = await store.listVisible(identity.tenantId);
        const byForm = new Map<string, FormVersionRecord[]>();
        for (const v of all) byForm.set(v.formId, [...(byForm.get(v.formId) ?? []), v]);
        const items = [...byForm.entries()].map(([formId, versions]) => {
          const published = versions.find((v) => v.status === 'published');
          const draft = versions.find((v) => v.status === 'draft');
          const shown = draft ?? published ?? versions[0]!;
          return {
            formId,
            title: shown.definition.title,
            builtIn: versions.every((v) => v.tenantId === null),
            latestPublished: published?.version ?? null,
            draft: draft?.version ?? null,
            versions: [...new Set(versions.map((v) => v.version))],
            outputs: Object.keys(shown.definition.outputs),
          };
        });
        return { body: { items } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/forms/:formId/versions',
      summary: "A questionnaire's versions, newest first",
      tags: ['forms'],
      access: { roles: ['designer', ...clinicalRoles] },
      params: formParams,
      response: listOf(formVersionDto),
      async handler({ identity, params }) {
        const versions = await store.listVisible(identity.tenantId, params.formId);
        if (!versions.length) throw new NotFoundError(`form ${params.formId} not found`);
        return { body: { items: versions.map(toVersionDto) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/forms/:formId/versions/:version',
      summary: 'One version of a questionnaire, with its Form.io schema',
      tags: ['forms'],
      access: { roles: ['designer', ...clinicalRoles] },
      params: versionParams,
      response: z.object({ form: formVersionFullDto }),
      async handler({ identity, params }) {
        const v = await store.get(identity.tenantId, params.formId, params.version);
        if (!v)
          throw new NotFoundError(`form ${params.formId} version ${params.version} not found`);
        return { body: { form: toFullDto(v) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/forms/:formId/draft',
      summary: "The tenant's open draft of a questionnaire",
      tags: ['forms'],
      access: { roles: ['designer'] },
      params: formParams,
      response: z.object({ form: formVersionFullDto }),
      async handler({ identity, params }) {
        const v = await store.getDraft(identity.tenantId, params.formId);
        if (!v) throw new NotFoundError(`form ${params.formId} has no draft`);
        return { body: { form: toFullDto(v) } };
      },
    }),
    defineRoute({
      method: 'put',
      path: '/forms/:formId/draft',
      summary:
        'Saves the draft of a questionnaire (checked as on publish; problems are a 400 with paths)',
      tags: ['forms'],
      access: { roles: ['designer'] },
      params: formParams,
      body: z.unknown(),
      response: z.object({ form: formVersionFullDto }),
      async handler({ identity, params, body, audit }) {
        const linted = lintForm(body);
        if (!linted.ok) {
          throw new InputError('the form has problems', lintErrors(linted.problems));
        }
        const v = await store.saveDraft(
          identity.tenantId,
          params.formId,
          linted.definition,
          identity.username,
        );
        await audit({
          action: 'update',
          resourceType: 'Questionnaire',
          resourceId: `${v.formId}/${v.version}`,
          detail: 'draft saved',
        });
        return { body: { form: toFullDto(v) } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/forms/:formId/publish',
      summary: 'Publishes the draft: the version becomes immutable and usable by pathways',
      tags: ['forms'],
      access: { roles: ['designer'] },
      params: formParams,
      response: z.object({ form: formVersionFullDto }),
      async handler({ identity, params, audit }) {
        const draft = await store.getDraft(identity.tenantId, params.formId);
        if (!draft) throw new ConflictError(`form ${params.formId} has no draft to publish`);
        const linted = lintForm(draft.definition);
        if (!linted.ok) throw new InputError('the form has problems', lintErrors(linted.problems));
        let v: FormVersionRecord;
        try {
          v = await store.publish(identity.tenantId, params.formId, identity.username);
        } catch (err) {
          if (err instanceof ImmutableVersionError) throw new ConflictError(err.message);
          throw err;
        }
        await audit({
          action: 'publish',
          resourceType: 'Questionnaire',
          resourceId: `${v.formId}/${v.version}`,
        });
        return { status: 201, body: { form: toFullDto(v) } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/forms/:formId/check',
      summary:
        'Validates answers against a version (or the draft) exactly as a submission would be, storing nothing',
      tags: ['forms'],
      access: { roles: ['designer', ...clinicalRoles] },
      params: formParams,
      body: z.object({
        version: z.union([z.number().int().min(1), z.literal('draft')]),
        answers: z.unknown(),
      }),
      response: z.object({
        ok: z.boolean(),
        answers: z.record(z.string(), z.unknown()).optional(),
        outputs: z.record(z.string(), z.unknown()).optional(),
        errors: z
          .array(z.object({ path: z.string(), rule: z.string(), message: z.string() }))
          .optional(),
      }),
      async handler({ identity, params, body, req }) {
        const v =
          body.version === 'draft'
            ? await store.getDraft(identity.tenantId, params.formId)
            : await store.get(identity.tenantId, params.formId, body.version);
        if (!v) throw new NotFoundError(`form ${params.formId} version ${body.version} not found`);
        const r = validateSubmission(v.definition, body.answers, languageOf(req));
        return {
          body: r.ok
            ? { ok: true, answers: r.data, outputs: r.outputs }
            : { ok: false, errors: r.errors },
        };
      },
    }),

    // ----------------------------------------------------------------------------------------
    // Filling a form work item

    defineRoute({
      method: 'get',
      path: '/work-items/:id/form',
      summary:
        'A form task with the exact form version to fill, the saved draft and past submissions',
      tags: ['forms'],
      access: { roles: fillers },
      params: workItemParams,
      response: z.object({
        item: workItemDto,
        form: formVersionFullDto,
        draft: z
          .object({ answers: z.record(z.string(), z.unknown()), updatedAt: z.string() })
          .nullable(),
        submissions: z.array(submissionDto),
      }),
      async handler({ identity, params, audit }) {
        const item = await deps.forms.fillableItem(identity, params.id, audit);
        const version = await deps.forms.versionFor(item);
        const draft = await store.getAnswersDraft(identity.tenantId, identity.username, item.id);
        const submissions = await store.listSubmissions(identity.tenantId, { workItemId: item.id });
        await audit({
          action: 'read',
          resourceType: 'Task',
          resourceId: item.id,
          patientId: item.patientId,
        });
        return {
          body: {
            item: toWorkItemDto(item),
            form: toFullDto(version),
            draft,
            submissions: await Promise.all(submissions.map((s) => deps.forms.toSubmissionDto(s))),
          },
        };
      },
    }),
    defineRoute({
      method: 'put',
      path: '/work-items/:id/form/draft',
      summary: 'Saves unfinished answers (not validated) so that nothing is lost if the app closes',
      tags: ['forms'],
      access: { roles: fillers },
      params: workItemParams,
      body: z.object({ answers: answersSchema }),
      response: z.object({ updatedAt: z.string() }),
      async handler({ identity, params, body, audit }) {
        const item = await deps.forms.fillableItem(identity, params.id, audit);
        if (item.status !== 'open') throw new ConflictError(`this questionnaire is ${item.status}`);
        const updatedAt = await store.saveAnswersDraft(
          identity.tenantId,
          identity.username,
          item.id,
          body.answers,
        );
        return { body: { updatedAt } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/work-items/:id/form/submissions',
      summary:
        'Submits answers: validated on the server against the pinned version, stored once per idempotency key, sent to the pathway',
      tags: ['forms'],
      access: { roles: fillers },
      params: workItemParams,
      body: z.object({ answers: answersSchema, idempotencyKey: z.string().min(8).max(200) }),
      response: z.object({
        submission: submissionDto,
        duplicate: z.boolean(),
        outcome: outcomeDto.nullable(),
      }),
      async handler({ identity, params, body, audit, req }) {
        const item = await deps.forms.fillableItem(identity, params.id, audit);
        try {
          const r = await deps.forms.submit(identity, item, body, languageOf(req));
          await audit({
            action: r.duplicate ? 'create-repeated' : 'create',
            resourceType: 'QuestionnaireResponse',
            resourceId: r.submission.id,
            patientId: item.patientId,
            detail: `${r.submission.formId}@${r.submission.formVersion} for ${item.id}`,
          });
          return {
            status: r.duplicate ? 200 : 201,
            body: { ...r, submission: await deps.forms.toSubmissionDto(r.submission) },
          };
        } catch (err) {
          if (err instanceof InputError || err instanceof ConflictError) {
            await audit({
              action: 'create',
              resourceType: 'QuestionnaireResponse',
              patientId: item.patientId,
              outcome: 'failure',
              detail: err.message,
            });
          }
          throw err;
        }
      },
    }),

    // ----------------------------------------------------------------------------------------
    // Reading submissions

    defineRoute({
      method: 'get',
      path: '/me/work-items',
      summary: "The patient's own tasks (forms, readings, appointments), earliest deadline first",
      tags: ['patient portal'],
      access: { roles: ['patient'] },
      query: z.object({
        status: z.enum(['open', 'done', 'missed', 'cancelled', 'no-show']).optional(),
      }),
      response: listOf(workItemDto),
      async handler({ identity, query, audit }) {
        if (!identity.patientId)
          throw new NotFoundError('this account is not linked to a patient record');
        const items = (
          await deps.stores.care.listWorkItems(identity.tenantId, {
            patientId: identity.patientId,
            ...(query.status ? { status: query.status } : {}),
          })
        ).filter((w) => w.assignee === 'patient' || w.assignee === 'caregiver');
        await audit({
          action: 'search',
          resourceType: 'Task',
          patientId: identity.patientId,
          detail: `${items.length} results`,
        });
        return { body: { items: items.map(toWorkItemDto) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/patients/:id/form-submissions',
      summary: "A patient's questionnaire answers, newest first",
      tags: ['forms'],
      access: { roles: clinicalRoles },
      params: idParams,
      response: listOf(submissionDto),
      async handler({ identity, params, audit }) {
        const patient = await loadPatientAudited(deps.stores, identity, params.id, audit, 'search');
        const list = await store.listSubmissions(identity.tenantId, { patientId: patient.id });
        await audit({
          action: 'search',
          resourceType: 'QuestionnaireResponse',
          patientId: patient.id,
          detail: `${list.length} results`,
        });
        return {
          body: { items: await Promise.all(list.map((s) => deps.forms.toSubmissionDto(s))) },
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/form-submissions/:id',
      summary: 'One submission with the exact form version it was validated against',
      tags: ['forms'],
      access: { roles: fillers },
      params: idParams,
      response: z.object({ submission: submissionDto, form: formVersionFullDto }),
      async handler({ identity, params, audit }) {
        const s = await store.getSubmission(identity.tenantId, params.id);
        if (!s || (identity.role === 'patient' && s.patientId !== identity.patientId)) {
          await audit({
            action: 'read',
            resourceType: 'QuestionnaireResponse',
            resourceId: params.id,
            outcome: 'not-found',
          });
          throw new NotFoundError(`submission ${params.id} not found`);
        }
        const form = await store.getById(s.formVersionId);
        if (!form) throw new NotAllowedError('the form version of this submission is missing');
        await audit({
          action: 'read',
          resourceType: 'QuestionnaireResponse',
          resourceId: s.id,
          patientId: s.patientId,
        });
        return { body: { submission: await deps.forms.toSubmissionDto(s), form: toFullDto(form) } };
      },
    }),
  ];
}
