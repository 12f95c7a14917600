import { request } from './client';
import type {
  AdminUser,
  AuditEvent,
  Enrolment,
  EnrolmentDetail,
  FormAnswers,
  FormCheckResult,
  FormDefinition,
  FormSubmission,
  FormSummary,
  FormTask,
  FormVersion,
  FormVersionFull,
  Health,
  Items,
  Pathway,
  PathwayDocument,
  Patient,
  ScenarioExample,
  SimulationRequest,
  SimulationResult,
  SourceFormat,
  SubmitOutcome,
  Summary,
  User,
  ValidationOutcome,
  WorkItem,
} from './types';

// One function per endpoint; pages never build URLs themselves.

export async function login(username: string, password: string): Promise<User> {
  const { data } = await request<{ user: User }>('/api/auth/login', {
    method: 'POST',
    body: { username, password },
    expectUnauthorized: true,
  });
  return data.user;
}

export async function logout(): Promise<void> {
  await request<void>('/api/auth/logout', { method: 'POST', expectUnauthorized: true });
}

export async function currentUser(signal?: AbortSignal): Promise<User> {
  const { data } = await request<{ user: User }>('/api/auth/me', {
    signal,
    expectUnauthorized: true,
  });
  return data.user;
}

export async function health(signal?: AbortSignal): Promise<Health> {
  // 503 means "down" and still carries the report of every component.
  return (await request<Health>('/api/health', { signal, acceptStatuses: [503] })).data;
}

export async function listPathways(signal?: AbortSignal): Promise<Pathway[]> {
  return (await request<Items<Pathway>>('/api/pathways', { signal })).data.items;
}

export async function listPatients(signal?: AbortSignal): Promise<Patient[]> {
  return (await request<Items<Patient>>('/api/patients', { signal })).data.items;
}

export async function getPatient(id: string, signal?: AbortSignal): Promise<Patient> {
  return (
    await request<{ patient: Patient }>(`/api/patients/${encodeURIComponent(id)}`, { signal })
  ).data.patient;
}

export async function listEnrolments(
  patientId: string,
  signal?: AbortSignal,
): Promise<Enrolment[]> {
  const query = new URLSearchParams({ patientId });
  return (await request<Items<Enrolment>>(`/api/enrolments?${query}`, { signal })).data.items;
}

export async function getEnrolment(id: string, signal?: AbortSignal): Promise<EnrolmentDetail> {
  return (await request<EnrolmentDetail>(`/api/enrolments/${encodeURIComponent(id)}`, { signal }))
    .data;
}

/** 201 when a new enrolment starts, 200 when the patient already had an active one. */
export async function enrol(
  patientId: string,
  pathwayId: string,
): Promise<{ enrolment: Enrolment; created: boolean }> {
  const { status, data } = await request<{ enrolment: Enrolment }>('/api/enrolments', {
    method: 'POST',
    body: { patientId, pathwayId },
  });
  return { enrolment: data.enrolment, created: status === 201 };
}

export async function myPatient(signal?: AbortSignal): Promise<Patient> {
  return (await request<{ patient: Patient }>('/api/me/patient', { signal })).data.patient;
}

export async function myEnrolments(signal?: AbortSignal): Promise<Enrolment[]> {
  return (await request<Items<Enrolment>>('/api/me/enrolments', { signal })).data.items;
}

export async function myEnrolment(id: string, signal?: AbortSignal): Promise<EnrolmentDetail> {
  return (
    await request<EnrolmentDetail>(`/api/me/enrolments/${encodeURIComponent(id)}`, { signal })
  ).data;
}

export async function reportSummary(signal?: AbortSignal): Promise<Summary> {
  return (await request<Summary>('/api/reports/summary', { signal })).data;
}

export async function listUsers(signal?: AbortSignal): Promise<AdminUser[]> {
  return (await request<Items<AdminUser>>('/api/admin/users', { signal })).data.items;
}

export async function listAudit(limit: number, signal?: AbortSignal): Promise<AuditEvent[]> {
  const query = new URLSearchParams({ limit: String(limit) });
  return (await request<Items<AuditEvent>>(`/api/admin/audit?${query}`, { signal })).data.items;
}

export async function getPathway(id: string, signal?: AbortSignal): Promise<PathwayDocument> {
  return (
    await request<{ definition: PathwayDocument }>(`/api/pathways/${encodeURIComponent(id)}`, {
      signal,
    })
  ).data.definition;
}

/** 200 either way: `ok: false` lists the problems with their line and column in `source`. */
export async function validatePathwaySource(
  source: string,
  format: SourceFormat,
): Promise<ValidationOutcome> {
  return (
    await request<ValidationOutcome>('/api/pathways/validate', {
      method: 'POST',
      body: { source, format },
    })
  ).data;
}

export async function simulatePathway({
  subject,
  scenario,
  days,
}: SimulationRequest): Promise<SimulationResult> {
  return (
    await request<SimulationResult>('/api/pathways/simulate', {
      method: 'POST',
      body: { ...subject, scenario, days },
    })
  ).data;
}

/** The example simulation scenarios shipped with a pathway (none for most custom pathways). */
export async function listScenarios(
  pathwayId: string,
  signal?: AbortSignal,
): Promise<ScenarioExample[]> {
  return (
    await request<Items<ScenarioExample>>(
      `/api/pathways/${encodeURIComponent(pathwayId)}/scenarios`,
      { signal },
    )
  ).data.items;
}

// ---- Questionnaires ----

const formPath = (formId: string) => `/api/forms/${encodeURIComponent(formId)}`;
const itemPath = (itemId: string) => `/api/work-items/${encodeURIComponent(itemId)}`;

export async function listForms(signal?: AbortSignal): Promise<FormSummary[]> {
  return (await request<Items<FormSummary>>('/api/forms', { signal })).data.items;
}

/** Newest first. */
export async function listFormVersions(
  formId: string,
  signal?: AbortSignal,
): Promise<FormVersion[]> {
  return (await request<Items<FormVersion>>(`${formPath(formId)}/versions`, { signal })).data.items;
}

export async function getFormVersion(
  formId: string,
  version: number,
  signal?: AbortSignal,
): Promise<FormVersionFull> {
  return (
    await request<{ form: FormVersionFull }>(`${formPath(formId)}/versions/${version}`, {
      signal,
    })
  ).data.form;
}

export async function getFormDraft(formId: string, signal?: AbortSignal): Promise<FormVersionFull> {
  return (await request<{ form: FormVersionFull }>(`${formPath(formId)}/draft`, { signal })).data
    .form;
}

/** A draft of a new id creates the form; 400 lists the problems with their paths. */
export async function saveFormDraft(
  formId: string,
  definition: FormDefinition,
): Promise<FormVersionFull> {
  return (
    await request<{ form: FormVersionFull }>(`${formPath(formId)}/draft`, {
      method: 'PUT',
      body: definition,
    })
  ).data.form;
}

export async function publishForm(formId: string): Promise<FormVersionFull> {
  return (
    await request<{ form: FormVersionFull }>(`${formPath(formId)}/publish`, { method: 'POST' })
  ).data.form;
}

/** Validates answers on the server exactly as a submission would, storing nothing. */
export async function checkFormAnswers(
  formId: string,
  version: number | 'draft',
  answers: FormAnswers,
): Promise<FormCheckResult> {
  return (
    await request<FormCheckResult>(`${formPath(formId)}/check`, {
      method: 'POST',
      body: { version, answers },
    })
  ).data;
}

/** The signed-in patient's own tasks, earliest deadline first. */
export async function myWorkItems(
  status: 'open' | 'done' | undefined,
  signal?: AbortSignal,
): Promise<WorkItem[]> {
  const query = status ? `?${new URLSearchParams({ status })}` : '';
  return (await request<Items<WorkItem>>(`/api/me/work-items${query}`, { signal })).data.items;
}

/** A patient's work items, as nurses and doctors see them. */
export async function patientWorkItems(
  patientId: string,
  status: 'open' | undefined,
  signal?: AbortSignal,
): Promise<WorkItem[]> {
  const query = new URLSearchParams({ patientId, ...(status ? { status } : {}) });
  return (await request<Items<WorkItem>>(`/api/work-items?${query}`, { signal })).data.items;
}

export async function getFormTask(itemId: string, signal?: AbortSignal): Promise<FormTask> {
  return (await request<FormTask>(`${itemPath(itemId)}/form`, { signal })).data;
}

/** Autosave of unfinished answers (not validated). `keepalive` when the page is going away. */
export async function saveAnswersDraft(
  itemId: string,
  answers: FormAnswers,
  options: { keepalive?: boolean } = {},
): Promise<string> {
  return (
    await request<{ updatedAt: string }>(`${itemPath(itemId)}/form/draft`, {
      method: 'PUT',
      body: { answers },
      keepalive: options.keepalive ?? false,
    })
  ).data.updatedAt;
}

/** Counted once per idempotency key: a resend after a lost answer is harmless. */
export async function submitAnswers(
  itemId: string,
  answers: FormAnswers,
  idempotencyKey: string,
): Promise<SubmitOutcome> {
  return (
    await request<SubmitOutcome>(`${itemPath(itemId)}/form/submissions`, {
      method: 'POST',
      body: { answers, idempotencyKey },
    })
  ).data;
}

export async function patientSubmissions(
  patientId: string,
  signal?: AbortSignal,
): Promise<FormSubmission[]> {
  return (
    await request<Items<FormSubmission>>(
      `/api/patients/${encodeURIComponent(patientId)}/form-submissions`,
      { signal },
    )
  ).data.items;
}

export async function getSubmission(
  id: string,
  signal?: AbortSignal,
): Promise<{ submission: FormSubmission; form: FormVersionFull }> {
  return (
    await request<{ submission: FormSubmission; form: FormVersionFull }>(
      `/api/form-submissions/${encodeURIComponent(id)}`,
      { signal },
    )
  ).data;
}
