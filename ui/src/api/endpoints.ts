import { request } from './client';
import type {
  AdminUser,
  AuditEvent,
  Enrolment,
  EnrolmentDetail,
  Health,
  Items,
  Pathway,
  PathwayDocument,
  Patient,
  ScenarioExample,
  SimulationRequest,
  SimulationResult,
  SourceFormat,
  Summary,
  User,
  ValidationOutcome,
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
