import { request } from './client';
import type {
  AdminUser,
  ClinicalDocument,
  DocumentContentSchema,
  DocumentModel,
  DocumentPreview,
  DocumentSettings,
  DocumentTypeInfo,
  DrilldownQuery,
  DrilldownResponse,
  IndicatorsResponse,
  ReportFilters,
  NewDocumentRequest,
  TelemonitoringSummaryRequest,
  Device,
  StaffMember,
  Alert,
  AlertStatus,
  Inbox,
  Message,
  Monitoring,
  Observation,
  ReadingReply,
  WorklistNote,
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
  User,
  ValidationOutcome,
  WorkItem,
  VideoConnection,
  VideoJoin,
  VideoSession,
  VideoSessionStatus,
  WhyChain,
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
  // The whole tenant at once (the API's largest page): the console names every row's patient.
  return (await request<Items<Patient>>('/api/patients?limit=500', { signal })).data.items;
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

/**
 * 201 when a new enrolment starts, 200 when the patient already had an active one. `inputs`
 * are the pathway's declared inputs (thresholds, referring doctor…); 400 names them as
 * `body.inputs.<name>`.
 */
export async function enrol(
  patientId: string,
  pathwayId: string,
  inputs: Record<string, unknown> = {},
  siteId?: string,
): Promise<{ enrolment: Enrolment; created: boolean }> {
  const { status, data } = await request<{ enrolment: Enrolment }>('/api/enrolments', {
    method: 'POST',
    body: { patientId, pathwayId, inputs, ...(siteId ? { siteId } : {}) },
  });
  return { enrolment: data.enrolment, created: status === 201 };
}

/** The tenant's sites (hospitals, districts) an enrolment may name; reports filter by them. */
export async function sites(
  signal?: AbortSignal,
): Promise<{ id: string; name: { it: string; en: string } }[]> {
  return (
    await request<{ items: { id: string; name: { it: string; en: string } }[] }>('/api/sites', {
      signal,
    })
  ).data.items;
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

function reportQuery(filters: ReportFilters | DrilldownQuery): URLSearchParams {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) {
    if (value !== undefined && value !== '') query.set(name, String(value));
  }
  return query;
}

export async function reportIndicators(
  filters: ReportFilters,
  signal?: AbortSignal,
): Promise<IndicatorsResponse> {
  const path = `/api/reports/indicators?${reportQuery(filters)}`;
  return (await request<IndicatorsResponse>(path, { signal })).data;
}

/** The indicators as CSV and the PDF report: plain downloads (Content-Disposition: attachment). */
export function reportCsvUrl(filters: ReportFilters): string {
  return `/api/reports/indicators.csv?${reportQuery(filters)}`;
}

export function reportPdfUrl(filters: ReportFilters): string {
  return `/api/reports/report.pdf?${reportQuery(filters)}`;
}

export async function reportDrilldown(
  query: DrilldownQuery,
  signal?: AbortSignal,
): Promise<DrilldownResponse> {
  const path = `/api/reports/drilldown?${reportQuery(query)}`;
  return (await request<DrilldownResponse>(path, { signal })).data;
}

/** The whole list behind a number (every page) as CSV. */
export function drilldownCsvUrl(query: DrilldownQuery): string {
  const { page: _page, pageSize: _pageSize, ...rest } = query;
  return `/api/reports/drilldown.csv?${reportQuery(rest)}`;
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

// ---- Worklist: alerts and tasks ----

const alertPath = (id: string) => `/api/alerts/${encodeURIComponent(id)}`;

/** The tenant's alerts (all statuses when `status` is not given), optionally of one patient. */
export async function listAlerts(
  filter: { status?: AlertStatus; patientId?: string },
  signal?: AbortSignal,
): Promise<Alert[]> {
  const query = new URLSearchParams({ limit: '500' });
  if (filter.status) query.set('status', filter.status);
  if (filter.patientId) query.set('patientId', filter.patientId);
  return (await request<Items<Alert>>(`/api/alerts?${query}`, { signal })).data.items;
}

/** The tenant's open work items, earliest deadline first. */
export async function listOpenWorkItems(signal?: AbortSignal): Promise<WorkItem[]> {
  const query = new URLSearchParams({ status: 'open', limit: '500' });
  return (await request<Items<WorkItem>>(`/api/work-items?${query}`, { signal })).data.items;
}

/** Stops the alert's escalation. */
export async function acknowledgeAlert(id: string, note?: string): Promise<Alert> {
  return (
    await request<{ alert: Alert }>(`${alertPath(id)}/acknowledge`, {
      method: 'POST',
      body: note ? { note } : {},
    })
  ).data.alert;
}

/** The reason is required (at least 3 characters). */
export async function resolveAlert(id: string, note: string): Promise<Alert> {
  return (
    await request<{ alert: Alert }>(`${alertPath(id)}/resolve`, {
      method: 'POST',
      body: { note },
    })
  ).data.alert;
}

export type WorklistTarget = { type: 'alert'; id: string } | { type: 'work-item'; id: string };

const targetPath = (target: WorklistTarget) =>
  target.type === 'alert' ? alertPath(target.id) : itemPath(target.id);

/** "Prendo io". 409 when a colleague has it, unless `takeOver` (with its reason). */
export async function claim(
  target: WorklistTarget,
  options: { takeOver?: boolean; reason?: string } = {},
): Promise<Alert | WorkItem> {
  const { data } = await request<{ alert?: Alert; item?: WorkItem }>(
    `${targetPath(target)}/claim`,
    { method: 'POST', body: options },
  );
  return (data.alert ?? data.item)!;
}

export async function release(target: WorklistTarget): Promise<Alert | WorkItem> {
  const { data } = await request<{ alert?: Alert; item?: WorkItem }>(
    `${targetPath(target)}/release`,
    { method: 'POST' },
  );
  return (data.alert ?? data.item)!;
}

/** Oldest first, as the API keeps them. */
export async function listNotes(
  target: WorklistTarget,
  signal?: AbortSignal,
): Promise<WorklistNote[]> {
  return (await request<Items<WorklistNote>>(`${targetPath(target)}/notes`, { signal })).data.items;
}

export async function addNote(target: WorklistTarget, text: string): Promise<void> {
  await request<unknown>(`${targetPath(target)}/notes`, { method: 'POST', body: { text } });
}

/** A clinician's task done (not for questionnaires: those are filled). */
export async function completeWorkItem(id: string): Promise<WorkItem> {
  return (
    await request<{ item: WorkItem }>(`${itemPath(id)}/complete`, { method: 'POST', body: {} })
  ).data.item;
}

// ---- Monitoring: what is measured, thresholds, schedule, readings ----

export async function patientMonitoring(
  patientId: string,
  signal?: AbortSignal,
): Promise<Monitoring> {
  return (
    await request<Monitoring>(`/api/patients/${encodeURIComponent(patientId)}/monitoring`, {
      signal,
    })
  ).data;
}

/** Newest first. */
export async function patientObservations(
  patientId: string,
  dataPoint: string,
  limit: number,
  signal?: AbortSignal,
): Promise<Observation[]> {
  const query = new URLSearchParams({ dataPoint, limit: String(limit) });
  return (
    await request<Items<Observation>>(
      `/api/patients/${encodeURIComponent(patientId)}/observations?${query}`,
      { signal },
    )
  ).data.items;
}

export async function myMonitoring(signal?: AbortSignal): Promise<Monitoring> {
  return (await request<Monitoring>('/api/me/monitoring', { signal })).data;
}

/** Newest first. */
export async function myObservations(
  dataPoint: string,
  limit: number,
  signal?: AbortSignal,
): Promise<Observation[]> {
  const query = new URLSearchParams({ dataPoint, limit: String(limit) });
  return (await request<Items<Observation>>(`/api/me/observations?${query}`, { signal })).data
    .items;
}

/** 400 names each refused value as `body.values.<name>` with the reason. */
export async function sendReading(
  enrolmentId: string,
  values: Record<string, number>,
): Promise<ReadingReply> {
  return (
    await request<ReadingReply>('/api/me/readings', {
      method: 'POST',
      body: { enrolmentId, values },
    })
  ).data;
}

// ---- Messages ----

export async function myMessages(signal?: AbortSignal): Promise<Inbox> {
  return (await request<Inbox>('/api/me/messages', { signal })).data;
}

export async function markMyMessageRead(id: string): Promise<Message> {
  return (
    await request<{ message: Message }>(`/api/me/messages/${encodeURIComponent(id)}/read`, {
      method: 'POST',
    })
  ).data.message;
}

/** The tenant's active nurses and doctors (to name one at enrolment). */
export async function staff(
  role: 'nurse' | 'doctor',
  signal?: AbortSignal,
): Promise<StaffMember[]> {
  return (
    await request<{ items: StaffMember[] }>(`/api/staff?role=${encodeURIComponent(role)}`, {
      signal,
    })
  ).data.items;
}

/** A patient's kits, revoked ones included. */
export async function patientDevices(patientId: string, signal?: AbortSignal): Promise<Device[]> {
  return (await request<{ items: Device[] }>(`/api/patients/${patientId}/devices`, { signal })).data
    .items;
}

/** Registers a patient's kit: the answer carries its token, shown this once only. */
export async function registerPatientDevice(
  patientId: string,
  body: { label: string; serial?: string },
): Promise<{ device: Device; token: string }> {
  return (
    await request<{ device: Device; token: string }>(`/api/patients/${patientId}/devices`, {
      method: 'POST',
      body,
    })
  ).data;
}

/** Revokes a kit: its token stops working at once. */
export async function revokeDevice(id: string): Promise<Device> {
  return (
    await request<{ device: Device }>(`/api/devices/${encodeURIComponent(id)}`, {
      method: 'DELETE',
    })
  ).data.device;
}

// ---- Clinical documents ----

const documentPath = (id: string) => `/api/documents/${encodeURIComponent(id)}`;
const documentTypePath = (type: string) => `/api/document-types/${encodeURIComponent(type)}`;

/** The document types, with their FSE template (or none: PDF only) and their sample count. */
export async function listDocumentTypes(signal?: AbortSignal): Promise<DocumentTypeInfo[]> {
  return (await request<Items<DocumentTypeInfo>>('/api/document-types', { signal })).data.items;
}

/** A type's sample models, header included (the designer's preview starts from them). */
export async function documentTypeSamples(type: string, signal?: AbortSignal): Promise<unknown[]> {
  return (await request<Items<unknown>>(`${documentTypePath(type)}/samples`, { signal })).data
    .items;
}

/** JSON Schema of a type's clinical content: the header (patient, author…) is the server's. */
export async function documentContentSchema(
  type: string,
  signal?: AbortSignal,
): Promise<DocumentContentSchema> {
  return (
    await request<DocumentContentSchema>(`${documentTypePath(type)}/content-schema`, { signal })
  ).data;
}

/** Renders a full model (header included) without storing it; 400 names `data.<path>`. */
export async function previewDocument(type: string, data: unknown): Promise<DocumentPreview> {
  return (
    await request<DocumentPreview>(`${documentTypePath(type)}/preview`, {
      method: 'POST',
      body: { data },
    })
  ).data;
}

/** Every version of a patient's documents, newest first. */
export async function patientDocuments(
  patientId: string,
  signal?: AbortSignal,
): Promise<ClinicalDocument[]> {
  return (
    await request<Items<ClinicalDocument>>(
      `/api/patients/${encodeURIComponent(patientId)}/documents`,
      { signal },
    )
  ).data.items;
}

/**
 * Signs and stores a document (201), or answers the one made earlier with the same idempotency
 * key (200). 422 `document-not-conformant` lists the failed FSE rules; 409 explains in its
 * detail what the organisation or the doctor has still to set up.
 */
export async function createDocument(
  patientId: string,
  body: NewDocumentRequest & { type: string },
): Promise<{ document: ClinicalDocument; created: boolean }> {
  const { status, data } = await request<ClinicalDocument>(
    `/api/patients/${encodeURIComponent(patientId)}/documents`,
    { method: 'POST', body },
  );
  return { document: data, created: status === 201 };
}

/**
 * Produces the telemonitoring period summary of one of the patient's enrolments (201), or
 * answers the one made earlier with the same idempotency key (200). 404 when the enrolment is
 * not the patient's; 409 explains in its detail what the organisation or the doctor has still
 * to set up; 400 names the fields (`body.from`, `summary.period.to`…).
 */
export async function createTelemonitoringSummary(
  patientId: string,
  body: TelemonitoringSummaryRequest,
): Promise<{ document: ClinicalDocument; created: boolean }> {
  const { status, data } = await request<ClinicalDocument>(
    `/api/patients/${encodeURIComponent(patientId)}/documents/telemonitoring-summary`,
    { method: 'POST', body },
  );
  return { document: data, created: status === 201 };
}

/** The data a document was rendered from, to prefill its next version. */
export async function documentModel(id: string, signal?: AbortSignal): Promise<DocumentModel> {
  return (await request<DocumentModel>(`${documentPath(id)}/model`, { signal })).data;
}

/** A corrected version replacing the current one (same set, version + 1). */
export async function createDocumentVersion(
  id: string,
  body: NewDocumentRequest,
): Promise<{ document: ClinicalDocument; created: boolean }> {
  const { status, data } = await request<ClinicalDocument>(`${documentPath(id)}/versions`, {
    method: 'POST',
    body,
  });
  return { document: data, created: status === 201 };
}

/** Asks the FSE to withdraw the document; the reason (5–500 characters) is kept. */
export async function withdrawDocument(id: string, reason: string): Promise<ClinicalDocument> {
  return (
    await request<ClinicalDocument>(`${documentPath(id)}/withdraw`, {
      method: 'POST',
      body: { reason },
    })
  ).data;
}

/** Starts again the FSE publication of a document still pending. */
export async function restartPublication(id: string): Promise<ClinicalDocument> {
  return (await request<ClinicalDocument>(`${documentPath(id)}/publication`, { method: 'POST' }))
    .data;
}

/** The signed-in patient's documents (withdrawn ones are not listed). */
export async function myDocuments(signal?: AbortSignal): Promise<ClinicalDocument[]> {
  return (await request<Items<ClinicalDocument>>('/api/me/documents', { signal })).data.items;
}

/** null until an administrator has set them. */
export async function getDocumentSettings(signal?: AbortSignal): Promise<DocumentSettings | null> {
  return (
    await request<{ settings: DocumentSettings | null }>('/api/admin/document-settings', {
      signal,
    })
  ).data.settings;
}

/** 400 names each refused field as `body.<path>` (e.g. `body.custodian.idRoot`). */
export async function saveDocumentSettings(settings: DocumentSettings): Promise<DocumentSettings> {
  return (
    await request<{ settings: DocumentSettings }>('/api/admin/document-settings', {
      method: 'PUT',
      body: settings,
    })
  ).data.settings;
}

/** A clinician's codice fiscale (needed to sign documents); answers it normalised. */
export async function setUserCodiceFiscale(userId: string, codiceFiscale: string): Promise<string> {
  return (
    await request<{ id: string; codiceFiscale: string }>(
      `/api/admin/users/${encodeURIComponent(userId)}/codice-fiscale`,
      { method: 'PUT', body: { codiceFiscale } },
    )
  ).data.codiceFiscale;
}

/* ---------- Video visits ---------- */

export async function listVideoSessions(
  query: { patientId?: string; status?: VideoSessionStatus },
  signal?: AbortSignal,
): Promise<VideoSession[]> {
  const params = new URLSearchParams();
  if (query.patientId) params.set('patientId', query.patientId);
  if (query.status) params.set('status', query.status);
  const search = params.size > 0 ? `?${params.toString()}` : '';
  return (await request<{ sessions: VideoSession[] }>(`/api/video-sessions${search}`, { signal }))
    .data.sessions;
}

export async function getVideoSession(id: string, signal?: AbortSignal): Promise<VideoSession> {
  return (
    await request<{ session: VideoSession }>(`/api/video-sessions/${encodeURIComponent(id)}`, {
      signal,
    })
  ).data.session;
}

/** Enters the waiting room (clinicians are admitted at once) and returns a 5-minute token. */
export async function joinVideoSession(id: string): Promise<VideoJoin> {
  return (
    await request<VideoJoin>(`/api/video-sessions/${encodeURIComponent(id)}/join`, {
      method: 'POST',
      body: {},
    })
  ).data;
}

export async function admitVideoParticipant(
  id: string,
  participantId: string,
): Promise<VideoSession> {
  return (
    await request<{ session: VideoSession }>(
      `/api/video-sessions/${encodeURIComponent(id)}/admit`,
      { method: 'POST', body: { participantId } },
    )
  ).data.session;
}

/** 401 here means the join token expired (not the login session): the caller joins again. */
export async function connectVideoSession(id: string, token: string): Promise<VideoConnection> {
  return (
    await request<VideoConnection>(`/api/video-sessions/${encodeURIComponent(id)}/connect`, {
      method: 'POST',
      body: { token },
      expectUnauthorized: true,
    })
  ).data;
}

export async function videoPresence(
  id: string,
  token: string,
  event: 'joined' | 'left',
): Promise<void> {
  await request<void>(`/api/video-sessions/${encodeURIComponent(id)}/presence`, {
    method: 'POST',
    body: { token, event },
    expectUnauthorized: true,
    keepalive: event === 'left',
  });
}

/** "Left" while the page goes away: a beacon outlives the page where fetch may not. */
export function videoPresenceBeacon(id: string, token: string): boolean {
  const body = new Blob([JSON.stringify({ token, event: 'left' })], { type: 'application/json' });
  return navigator.sendBeacon(`/api/video-sessions/${encodeURIComponent(id)}/presence`, body);
}

export async function endVideoSession(id: string): Promise<VideoSession> {
  return (
    await request<{ session: VideoSession }>(`/api/video-sessions/${encodeURIComponent(id)}/end`, {
      method: 'POST',
      body: {},
    })
  ).data.session;
}

// ---- "Why?": how an alert or a task came about ----

/** The chain that produced the alert or task (readings, rule, timers, who acknowledged). */
export async function whyChain(target: WorklistTarget, signal?: AbortSignal): Promise<WhyChain> {
  return (await request<WhyChain>(`${targetPath(target)}/why`, { signal })).data;
}

/** The clinical-audit export of the chain (a download link: the browser sends the cookie). */
export function whyExportUrl(target: WorklistTarget, format: 'csv' | 'pdf'): string {
  return `${targetPath(target)}/why.${format}`;
}
