// Shapes of the API's JSON, as documented in the API contract. The UI imports nothing from
// api/: these types mirror it and are the one place to change when the contract moves.

export const roles = ['designer', 'nurse', 'doctor', 'patient', 'manager', 'admin'] as const;
export type Role = (typeof roles)[number];

export type Locale = 'it' | 'en';
export interface LocalizedText {
  it: string;
  en: string;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  tenantId: string;
  tenantName: string;
  patientId: string | null;
  locale: Locale;
}

export type HealthStatus = 'ok' | 'degraded' | 'down';
/** A component can also be switched off by configuration (e.g. Janus without JANUS_URL). */
export type ComponentStatus = HealthStatus | 'disabled';
export interface ComponentHealth {
  status: ComponentStatus;
  version?: string;
  detail?: string;
}
export interface Health {
  status: HealthStatus;
  version: string;
  components: Partial<Record<'database' | 'temporal' | 'worker' | 'janus', ComponentHealth>>;
}

export interface Pathway {
  id: string;
  /** Semantic version of the published definition, e.g. "1.0.0". */
  version: string;
  /** telemonitoring | teleassistance | teleconsult | televisit | visit-journey | demo (more may come). */
  kind: string;
  title: LocalizedText;
  description: LocalizedText;
  /** Number of steps in the definition. */
  steps?: number;
}

export interface Patient {
  id: string;
  codiceFiscale: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  sex: 'M' | 'F';
  phone?: string | null;
  email?: string | null;
}

export const enrolmentStatuses = ['active', 'completed', 'withdrawn', 'failed'] as const;
export type EnrolmentStatus = (typeof enrolmentStatuses)[number];

export interface Enrolment {
  id: string;
  patientId: string;
  pathwayId: string;
  pathwayVersion: string;
  status: EnrolmentStatus;
  outcome?: string | null;
  workflowId: string;
  createdAt: string;
  completedAt: string | null;
  /** The pathway's title (the patient portal cannot list pathway definitions). */
  pathwayTitle: LocalizedText;
}

export interface EnrolmentEvent {
  id: string;
  kind: string;
  stepId: string | null;
  at: string;
  payload: unknown;
}

export interface EnrolmentLive {
  status: 'running' | 'completed';
  currentStepId: string | null;
  completedSteps: string[];
  outcome?: string | null;
}

export interface PathwayStepSummary {
  id: string;
  type: string;
  title: LocalizedText;
}

export interface EnrolmentDetail {
  enrolment: Enrolment;
  /** Steps of the pathway version the enrolment runs, with their titles. */
  steps: PathwayStepSummary[];
  events: EnrolmentEvent[];
  live: EnrolmentLive | null;
}

// Managers' reports: mirrors api/features/report-schemas.ts.

/** count; percent (0–100); minutes; rate (per patient-month); none (see the breakdown). */
export type ReportUnit = 'count' | 'percent' | 'minutes' | 'rate' | 'none';

export const indicatorIds = [
  'enrolled',
  'active',
  'completed',
  'withdrawn',
  'adherence',
  'alertsPerPatientMonth',
  'ackMedian',
  'ackP90',
  'ackWithinLimit',
  'escalations',
  'missedReadingTasks',
  'tasksOverdue',
  'notificationsSent',
  'notificationsFailed',
  'inRange',
  'scoreTrends',
  'worseningPatients',
  'outcomes',
] as const;
export type IndicatorId = (typeof indicatorIds)[number];

/** Dates are local calendar days, YYYY-MM-DD; `to` is inclusive. */
export interface ReportFilters {
  from: string;
  to: string;
  pathwayId?: string;
  version?: string;
  siteId?: string;
}

export interface IndicatorBreakdown {
  key: string;
  label: LocalizedText;
  value: number | null;
  numerator?: number;
  denominator?: number;
  /** Score trends: the mean in the first and in the last part of the period. */
  first?: number | null;
  last?: number | null;
}

export interface Indicator {
  id: IndicatorId;
  group: 'process' | 'clinical';
  title: LocalizedText;
  definition: LocalizedText;
  unit: ReportUnit;
  /** Null: no data in the period. */
  value: number | null;
  numerator?: number;
  denominator?: number;
  breakdown: IndicatorBreakdown[];
  /** The list behind the number can be opened (drill-down). */
  drilldown: boolean;
}

export interface SeriesBucket {
  /** First and last local day of the bucket (inclusive). */
  start: string;
  end: string;
  inRange: number | null;
  adherence: number | null;
  alerts: Record<AlertSeverity, number>;
}

export interface IndicatorsResponse {
  filters: {
    from: string;
    to: string;
    pathwayId: string | null;
    version: string | null;
    siteId: string | null;
    zone: string;
  };
  options: {
    pathways: { id: string; title: LocalizedText; versions: string[] }[];
    sites: { id: string; name: LocalizedText }[];
  };
  generatedAt: string;
  patientMonths: number;
  indicators: Indicator[];
  series: { granularity: 'day' | 'week' | 'month'; buckets: SeriesBucket[] };
}

export interface DrilldownQuery extends ReportFilters {
  indicator: IndicatorId;
  /** A breakdown key (severity, level, data point, outcome…), when the number was one. */
  key?: string;
  page?: number;
  pageSize?: number;
}

export interface DrilldownRow {
  patient: {
    id: string;
    /** Stable within the tenant: the same patient has the same pseudonym everywhere. */
    pseudonym: string;
    /** Present only for roles allowed to see who the patient is. */
    name?: string;
    fiscalCode?: string;
  };
  pathway: { id: string; title: LocalizedText; version: string };
  site: { id: string; name: LocalizedText } | null;
  enrolmentId: string;
  alertId?: string;
  workItemId?: string;
  at: string | null;
  label: LocalizedText;
  value: number | null;
  unit: ReportUnit;
  detail: LocalizedText;
}

export interface DrilldownResponse {
  indicator: IndicatorId;
  title: LocalizedText;
  /** False: patients are pseudonymised in this list and its export. */
  identified: boolean;
  kind: 'enrolments' | 'patients' | 'alerts' | 'tasks';
  total: number;
  page: number;
  pageSize: number;
  rows: DrilldownRow[];
}

export interface AdminUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  active: boolean;
  /** Needed to sign clinical documents; only when the API lists it. */
  codiceFiscale?: string | null;
}

export interface AuditEvent {
  id: string;
  at: string;
  actorUsername: string | null;
  actorRole: Role | null;
  /** Verb: read, search, create, login, logout, access… */
  action: string;
  /** FHIR-like resource name: Patient, CarePlan, Session, User, AuditEvent, MeasureReport… */
  resourceType: string | null;
  resourceId: string | null;
  /** success | denied | not-found | failure */
  outcome: string;
}

/** Pushed by the server on socket.io when an enrolment changes. */
export interface EnrolmentUpdated {
  enrolmentId: string;
  patientId: string;
  status: EnrolmentStatus;
}

export interface Items<T> {
  items: T[];
}

// ---- Designer's workbench: validate and simulate a pathway source ----

export type SourceFormat = 'yaml' | 'json';

/** A pathway definition as the API returns it (already validated); the UI only edits its text. */
export type PathwayDocument = Record<string, unknown>;

/** One problem in a pathway source, placed at a line and column of the text when known. */
export interface SourceProblem {
  /** Dotted (`tracks.0.steps.2.schedule.rrule`) as the API sends it, or already split. */
  path: string | (string | number)[];
  message: string;
  line?: number;
  column?: number;
}

export type ValidationOutcome =
  { ok: true; definition: PathwayDocument } | { ok: false; errors: SourceProblem[] };

export type AssigneeRole =
  'patient' | 'caregiver' | 'nurse' | 'doctor' | 'consultant' | 'emergency';
export type AlertSeverity = 'red' | 'orange' | 'yellow';

export interface SimWorkItem {
  id: string;
  kind: string;
  stepId: string | null;
  ruleId: string | null;
  title: LocalizedText;
  assignee: AssigneeRole;
  dueAt: string | null;
}

export interface SimAlert {
  id: string;
  ruleId: string;
  severity: AlertSeverity;
  title: LocalizedText;
  assignee: AssigneeRole;
  acknowledgeBy: string;
}

/** What the platform did at a moment of the simulation (the engine's commands). */
export type SimCommand =
  | { type: 'schedule-timer'; timerId: string; at: string }
  | { type: 'cancel-timer'; timerId: string }
  | { type: 'open-item'; item: SimWorkItem }
  | {
      type: 'close-item';
      itemId: string;
      status: 'done' | 'missed' | 'cancelled' | 'no-show';
      by: string | null;
    }
  | { type: 'escalate-item'; itemId: string; level: number; assignee: AssigneeRole; dueAt: string }
  | { type: 'remind'; itemId: string; to: AssigneeRole; title: LocalizedText }
  | { type: 'raise-alert'; alert: SimAlert }
  | {
      type: 'escalate-alert';
      alertId: string;
      level: number;
      assignee: AssigneeRole;
      acknowledgeBy: string;
    }
  | { type: 'alert-ladder-exhausted'; alertId: string; assignee: AssigneeRole }
  | { type: 'close-alert'; alertId: string; status: 'acknowledged' | 'resolved'; by: string }
  | { type: 'notify'; key: string; to: AssigneeRole; channels: string[]; message: LocalizedText }
  | { type: 'data-changed'; dataPoint: string; value: unknown; at: string; source: string }
  | { type: 'reading-accepted'; readingId: string; stepIds: string[] }
  | { type: 'missed'; stepId: string; occurrence: number; consecutive: number }
  | { type: 'track-changed'; trackId: string; status: 'pending' | 'running' | 'done' | 'stopped' }
  | { type: 'complete'; status: 'completed' | 'withdrawn'; outcome: string };

/** What the synthetic patient and clinicians did (the engine's events). */
export type SimEvent =
  | { type: 'enrolment-started'; inputs: Record<string, unknown> }
  | { type: 'timer-fired'; timerId: string }
  | { type: 'reading-received'; readingId: string; values: Record<string, number> }
  | { type: 'form-submitted'; itemId: string; values: Record<string, unknown>; by: string }
  | { type: 'item-completed'; itemId: string; by: string; attended?: string[] }
  | { type: 'alert-acknowledged'; alertId: string; by: string }
  | { type: 'alert-resolved'; alertId: string; by: string }
  | { type: 'withdrawn'; by: string; reason: string };

export interface TimelineEntry {
  /** ISO instant (UTC). */
  at: string;
  /** Wall-clock time in the pathway's zone, `yyyy-MM-dd HH:mm`. */
  local: string;
  /** Day of the simulation, 1 = the start day. */
  day: number;
  actor: 'platform' | 'patient' | 'clinician';
  /** The command or event type (`raise-alert`, `missed`, `reading-received`, `rejected`…). */
  kind: string;
  /** The server's one-line description, in Italian: the fallback when the UI has no wording. */
  label: string;
  command?: SimCommand;
  event?: SimEvent;
}

export interface SimulationStats {
  days: number;
  events: number;
  commands: number;
  rejected: number;
  alerts: Record<AlertSeverity, number>;
  alertEscalations: number;
  itemsOpened: number;
  missed: number;
  notifications: number;
}

export interface SimulationResult {
  pathway: { id: string; version: string };
  start: string;
  end: string;
  timeline: TimelineEntry[];
  final: {
    status: 'not-started' | 'active' | 'completed' | 'withdrawn';
    outcome: string | null;
    data: Record<string, unknown>;
    openItems: { id: string; title: string; assignee: AssigneeRole }[];
    openAlerts: { id: string; severity: string; assignee: AssigneeRole; status: string }[];
    tracks: Record<string, string>;
  };
  stats: SimulationStats;
}

/** The pathway to simulate: the text in the editor, or a published pathway by id. */
export type SimulationSubject = { source: string; format: SourceFormat } | { pathwayId: string };

/** An example scenario shipped with a pathway (pathways/scenarios/*.yaml). */
export interface ScenarioExample {
  /** The file name without `.yaml`, e.g. `televisita-mancata`. */
  id: string;
  pathway: string;
  name: string | null;
  /** The file as written, comments included (they say why the scenario is so). */
  source: string;
  scenario: Record<string, unknown>;
}

export interface SimulationRequest {
  subject: SimulationSubject;
  /** The synthetic patient and clinicians (already parsed from the scenario editor). */
  scenario: Record<string, unknown>;
  days: number;
}

// ---- Questionnaires (Form.io forms) ----

export type FormOutputType = 'number' | 'string' | 'boolean';

/** One answer or score that leaves the form for the pathway, keyed by a top-level component key. */
export interface FormOutput {
  type: FormOutputType;
  title: LocalizedText;
  unit?: string;
}

/** A Form.io component as JSON: the UI reads a few properties and keeps the rest as it is. */
export type FormioComponentJson = Record<string, unknown> & {
  type?: string;
  key?: string;
  label?: string;
  title?: string;
  components?: FormioComponentJson[];
};

export interface FormioSchema {
  display: string;
  components: FormioComponentJson[];
}

/** What a designer edits and saves: titles, outputs and the Form.io schema. */
export interface FormDefinition {
  title: LocalizedText;
  description?: LocalizedText;
  outputs: Record<string, FormOutput>;
  schema: FormioSchema;
}

export interface FormSummary {
  formId: string;
  title: LocalizedText;
  builtIn: boolean;
  latestPublished: number | null;
  draft: number | null;
  versions: number[];
  outputs: string[];
}

export type FormVersionStatus = 'draft' | 'published';

export interface FormVersion {
  formId: string;
  version: number;
  status: FormVersionStatus;
  builtIn: boolean;
  title: LocalizedText;
  sha256: string;
  createdAt: string;
  createdBy: string | null;
  publishedAt: string | null;
  publishedBy: string | null;
}

export interface FormVersionFull extends FormVersion {
  definition: FormDefinition;
}

/** The result of a server-side dry run of answers (nothing is stored). */
export type FormCheckResult =
  | { ok: true; answers: Record<string, unknown>; outputs: Record<string, unknown> }
  | { ok: false; errors: { path: string; rule: string; message: string }[] };

export type WorkItemStatus = 'open' | 'done' | 'missed' | 'cancelled' | 'no-show';

/** A task of the pathway (≈ FHIR Task): a form to fill, a reading due, a clinician's task… */
export interface WorkItem {
  /** `<enrolment uuid>/item-3`: URL-encode it in paths. */
  id: string;
  enrolmentId: string;
  patientId: string;
  kind: string;
  stepId: string | null;
  title: LocalizedText;
  /** An AssigneeRole (patient, caregiver, nurse…). */
  assignee: string;
  level: number;
  /** A WorkItemStatus (open, done, missed…). */
  status: string;
  dueAt: string | null;
  details: Record<string, unknown>;
  openedAt: string;
  closedAt: string | null;
  closedBy: string | null;
  /** The clinician who took charge ("Prendo io"), by username. */
  claimedBy?: string | null;
  claimedAt?: string | null;
}

export type FormAnswers = Record<string, unknown>;

export interface FormSubmission {
  id: string;
  formId: string;
  formVersion: number;
  formTitle: LocalizedText;
  patientId: string;
  enrolmentId: string | null;
  workItemId: string | null;
  author: string;
  authorRole: string;
  status: 'pending' | 'completed' | 'refused';
  refusal: string | null;
  answers: FormAnswers;
  outputs: Record<string, number | string | boolean>;
  submittedAt: string;
}

/** A form task opened for filling: the exact version to use, the saved draft, past submissions. */
export interface FormTask {
  item: WorkItem;
  form: FormVersionFull;
  draft: { answers: FormAnswers; updatedAt: string } | null;
  submissions: FormSubmission[];
}

export interface SubmitOutcome {
  submission: FormSubmission;
  duplicate: boolean;
  outcome: {
    alertsRaised: { id: string; ruleId: string; severity: string; title: LocalizedText }[];
    itemsOpened: { id: string; kind: string; stepId: string | null; title: LocalizedText }[];
    status: string;
  } | null;
}

// ---- Telemonitoring: worklist, readings, monitoring, messages ----

export type AlertStatus = 'open' | 'acknowledged' | 'resolved' | 'closed';

/** An alert (≈ FHIR Flag / DetectedIssue) as GET /api/alerts and the socket's `alert.changed` send it. */
export interface Alert {
  /** `<enrolment uuid>/alert-4`: URL-encode it in paths. */
  id: string;
  enrolmentId: string;
  patientId: string;
  ruleId: string;
  severity: AlertSeverity;
  title: LocalizedText;
  /** An AlertStatus; kept open-ended as the API may add more. */
  status: string;
  /** 0 = the rule's own assignee; each escalation step adds one. */
  level: number;
  /** The AssigneeRole now responsible (nurse, doctor, emergency…). */
  assignee: string;
  ladderExhausted: boolean;
  raisedAt: string;
  acknowledgeBy: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  /** The note given with the acknowledgement. */
  note: string | null;
  /** What caused it: reading ids, or the missed step. */
  causes: string[];
  /** The values the rule read when it fired, by data point name. */
  data: Record<string, unknown>;
  claimedBy: string | null;
  claimedAt: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
}

export type WorklistNoteKind = 'note' | 'claimed' | 'released' | 'acknowledged' | 'resolved';

/** One entry of an alert's or task's history (notes, claims, acknowledgement, resolution). */
export interface WorklistNote {
  id: string;
  author: string;
  authorRole: string;
  kind: WorklistNoteKind;
  text: string;
  createdAt: string;
}

export interface Measurement {
  dataPoint: string;
  title: LocalizedText;
  /** UCUM (`%`, `/min`, `mm[Hg]`, `Cel`); empty for a score. */
  unit: string;
  loinc: string | null;
  /** The plausible range the pathway accepts. */
  min: number | null;
  max: number | null;
  enrolmentId: string;
  pathwayTitle: LocalizedText;
}

/** An alert limit of a patient's pathway, with the patient's own inputs applied. */
export interface ThresholdBand {
  dataPoint: string;
  ruleId: string;
  title: LocalizedText;
  severity: AlertSeverity;
  below?: number;
  above?: number;
  inclusive?: boolean;
  between?: [number, number];
  enrolmentId: string;
}

export interface ScheduleEntry {
  enrolmentId: string;
  stepId: string;
  title: LocalizedText;
  type: string;
  nextAt: string;
}

export interface Monitoring {
  measurements: Measurement[];
  thresholds: ThresholdBand[];
  schedule: ScheduleEntry[];
}

/** A stored reading value (≈ FHIR Observation). */
export interface Observation {
  id: string;
  enrolmentId: string;
  patientId: string;
  readingId: string;
  dataPoint: string;
  value: number;
  unit: string;
  loinc: string | null;
  measuredAt: string;
  source: string;
  receivedAt: string;
}

export interface ReadingReply {
  enrolmentId: string;
  readingId: string;
  duplicate: boolean;
  satisfiedSteps: string[];
  alertsRaised: { id: string; ruleId: string; severity: string; title: LocalizedText }[];
  itemsOpened: { id: string; kind: string; stepId: string | null; title: LocalizedText }[];
  itemsClosed: { id: string; status: string }[];
  status: string;
}

/** An in-app message as its reader sees it (also the socket's `message.created`). */
export interface Message {
  id: string;
  enrolmentId: string;
  patientId: string;
  patientName: string;
  to: string;
  text: LocalizedText;
  createdAt: string;
  deliveredAt: string | null;
  /** When this reader marked it read; null: unread. */
  readAt: string | null;
}

export interface Inbox {
  items: Message[];
  unread: number;
}

/** A pathway's enrolment input, as its definition declares it. */
export type PathwayInput =
  | {
      type: 'number';
      title: LocalizedText;
      required?: boolean;
      unit?: string;
      default?: number;
      min?: number;
      max?: number;
    }
  | { type: 'text'; title: LocalizedText; required?: boolean; default?: string }
  | { type: 'boolean'; title: LocalizedText; required?: boolean; default?: boolean }
  | { type: 'user'; title: LocalizedText; required?: boolean; role: 'nurse' | 'doctor' };

/** A clinician of the tenant, as an enrolment input of type "user" names one. */
export interface StaffMember {
  username: string;
  displayName: string;
  role: string;
}

/** A measuring kit that sends readings with its own token (the token is never listed). */
export interface Device {
  id: string;
  kind: 'patient-kit' | 'nurse-kit';
  patientId: string | null;
  label: string;
  serial: string | null;
  tokenHint: string;
  status: 'active' | 'revoked';
  createdBy: string | null;
  createdAt: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
}

// ---- Clinical documents (CDA R2 for the FSE, signed PDF) ----

/** The FSE template a document type follows; absent for PDF-only types. */
export interface DocumentCdaTemplate {
  templateId: string;
  loinc: string;
  /** The official schematron file the CDA is checked against. */
  schematron: string;
}

export interface DocumentTypeInfo {
  /** referto-televisita, relazione-teleconsulto, relazione-teleassistenza, rsa, riepilogo-telemonitoraggio… */
  type: string;
  title: LocalizedText;
  cda: DocumentCdaTemplate | null;
  /** How many sample models the type carries (the designer preview starts from the first). */
  samples: number;
}

/**
 * The JSON Schema (draft 2020-12, as zod's toJSONSchema writes it) of a document type's
 * clinical content. Only the keywords the generated form reads are listed.
 */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  definitions?: Record<string, JsonSchema>;
}

export interface DocumentContentSchema {
  type: string;
  title: LocalizedText;
  schema: JsonSchema;
}

/** A failed (or warning) schematron assertion: its rule id, message, XPath and test. */
export interface SchematronFinding {
  id: string;
  message: string;
  location: string;
  test: string;
}

export interface XsdProblem {
  line: number | null;
  message: string;
}

/** The gateway's checks on a rendered CDA: the XSD and the type's schematron. */
export interface PreviewConformance {
  valid: boolean;
  schematron: string | null;
  assertionsChecked: number;
  xsd: XsdProblem[];
  errors: SchematronFinding[];
  warnings: SchematronFinding[];
}

/** A designer's preview: nothing is stored. */
export interface DocumentPreview {
  title: string;
  pdfBase64: string;
  pdfBytes: number;
  cdaXml: string | null;
  conformance: PreviewConformance | null;
  renderMs: number;
}

export const fseStatuses = [
  'not-applicable',
  'pending',
  'published',
  'rejected',
  'withdrawing',
  'withdrawn',
] as const;
export type FseStatus = (typeof fseStatuses)[number];

export type ClinicalDocumentStatus = 'current' | 'superseded' | 'withdrawn';

/** A signed clinical document (one version of a set) as GET /patients/:id/documents lists it. */
export interface ClinicalDocument {
  id: string;
  patientId: string;
  enrolmentId?: string | null;
  type: string;
  title: string;
  /** The version set (same for every version of one document), when the API sends it. */
  setId?: string;
  version: number;
  /** The version this one replaces. */
  replacesId: string | null;
  status: ClinicalDocumentStatus;
  cdaSha256: string | null;
  pdfSha256: string;
  pdfBytes: number;
  conformance: {
    schematron: string;
    assertionsChecked: number;
    warnings: { id: string; message: string }[];
  } | null;
  /** The signing clinician's username. */
  author: string;
  /** Their display name, when the API sends it. */
  authorName?: string | null;
  createdAt: string;
  fse: {
    /** A FseStatus; kept open-ended as the API may add more. */
    status: string;
    detail: string | null;
    traceId: string | null;
    workflowInstanceId: string | null;
    updatedAt: string | null;
  };
  pdfUrl: string;
  cdaUrl: string | null;
}

/** The data a document was rendered from (header and content), to prepare a new version. */
export interface DocumentModel {
  type: string;
  version: number;
  model: Record<string, unknown> | null;
}

/** What a doctor sends to sign a document; the server fills the header from the records. */
export interface NewDocumentRequest {
  content: Record<string, unknown>;
  encounter?: { start: string; end?: string };
  prescription?: { nre: string };
  idempotencyKey: string;
}

/**
 * What a doctor sends to produce an enrolment's telemonitoring summary (PDF only, not sent to
 * the FSE): the period as ISO 8601 with an offset (default: the 30 days up to now).
 */
export interface TelemonitoringSummaryRequest {
  enrolmentId: string;
  from?: string;
  to?: string;
  /** At most 20,000 characters. */
  notes?: string;
  idempotencyKey: string;
}

/** An Italian address (ISTAT codes where known), as the document settings carry it. */
export interface DocumentAddress {
  street?: string;
  city: string;
  postalCode?: string;
  county?: string;
  istat?: string;
  region?: string;
  country?: string;
}

/** The organisation's clinical-document settings (templates/documents/settings.ts). */
export interface DocumentSettings {
  custodian: {
    idRoot: string;
    code: string;
    name: string;
    phone?: string;
    address?: DocumentAddress;
  };
  documentIdRoot: string;
  encounterIdRoot: string;
  facility: { idRoot: string; code: string; name: string; address?: DocumentAddress };
  branding: {
    organisation: string;
    unit?: string;
    color?: string;
    logoSvg?: string;
    footer?: string;
  };
  fse: {
    tipologiaStruttura?: string;
    assettoOrganizzativo: string;
    identificativoRep: string;
    regionCode: string;
  };
}

/* ---------- Video visits (Janus) ---------- */

/** The roles a pathway's video step names (not the same list as a user's role). */
export type VideoRole = 'patient' | 'caregiver' | 'nurse' | 'doctor' | 'consultant';

export type VideoSessionStatus = 'scheduled' | 'open' | 'unavailable' | 'ended' | 'cancelled';

export type VideoPresenceState = 'waiting' | 'admitted' | 'in-call' | 'left';

export interface VideoPerson {
  participantId: string;
  role: VideoRole;
  displayName: string;
  state: VideoPresenceState;
  waitingSince: string | null;
  admittedAt: string | null;
  firstJoinedAt: string | null;
  secondsPresent: number;
}

/** One video visit of a pathway step, as the caller may see it. */
export interface VideoSession {
  id: string;
  workItemId: string;
  enrolmentId: string;
  patientId: string;
  patientName: string;
  title: LocalizedText;
  participants: VideoRole[];
  required: VideoRole[];
  status: VideoSessionStatus;
  /** Italian text when the status is 'unavailable' (no Janus, Janus down). */
  unavailableReason: string | null;
  opensAt: string;
  expiresAt: string;
  openedAt: string | null;
  endedAt: string | null;
  outcome: 'attended' | 'no-show' | null;
  attended: VideoRole[];
  myRole: VideoRole | null;
  people: VideoPerson[];
  me: { participantId: string; state: VideoPresenceState } | null;
  canAdmit: boolean;
  canEnd: boolean;
}

/** The answer to "join": the session and a short-lived token for connect and presence. */
export interface VideoJoin {
  session: VideoSession;
  token: string;
  tokenExpiresAt: string;
}

/** What the browser needs to enter the Janus room once admitted. */
export interface VideoConnection {
  janus: { url: string; token: string; iceServers: RTCIceServer[] };
  room: string;
  pin: string;
  feedId: string;
  display: string;
}

// ---- "Why?": the chain that produced an alert or a task (GET …/why) ----

export type WhyStepKind =
  | 'reading'
  | 'derived-value'
  | 'missed-schedule'
  | 'form-submission'
  | 'workflow-message'
  | 'rule'
  | 'alert'
  | 'task'
  | 'escalation-timer'
  | 'escalation'
  | 'ladder-exhausted'
  | 'reminder'
  | 'notification'
  | 'claim'
  | 'release'
  | 'note'
  | 'acknowledgement'
  | 'completion'
  | 'resolution'
  | 'closure';

export type WhySource = 'database' | 'workflow-history';

export interface WhyReading {
  readingId: string;
  dataPoint: string;
  label: LocalizedText;
  value: number;
  /** UCUM. */
  unit: string;
  measuredAt: string;
  receivedAt: string;
  /** When the workflow took it (from its history); null without the history. */
  deliveredAt: string | null;
  source: string;
  deviceMessageId: string | null;
}

export interface WhyStep {
  at: string;
  kind: WhyStepKind;
  text: LocalizedText;
  actor: { username: string; role: string | null } | null;
  source: WhySource;
  readings?: WhyReading[];
  derived?: {
    dataPoint: string;
    label: LocalizedText;
    op: string;
    of: string;
    over: string;
    windowStart: string;
    windowEnd: string;
    value: number | null;
    unit: string;
  };
  missed?: {
    stepId: string;
    stepTitle: LocalizedText;
    occurrence: number | null;
    consecutive: number | null;
    windowOpenedAt: string | null;
    windowClosedAt: string | null;
  };
  timer?: {
    timerId: string;
    startedAt: string;
    dueAt: string;
    firedAt: string | null;
    canceledAt: string | null;
    seenInHistory: boolean;
  };
  escalation?: { level: number; assignee: string; deadline: string | null };
  acknowledgement?: {
    by: string;
    at: string;
    note: string | null;
    deadline: string;
    withinLimit: boolean;
    level: number;
    deadlineInForce: string;
    withinDeadlineInForce: boolean;
  };
  message?: {
    type: 'update' | 'signal';
    name: string;
    id: string;
    handledAt: string;
    completedAt: string | null;
  };
}

export interface WhyLadderLevel {
  level: number;
  role: string;
  within: string;
}

export interface WhyChain {
  subject: {
    type: 'alert' | 'work-item';
    id: string;
    enrolmentId: string;
    patientId: string;
    title: LocalizedText;
    severity: AlertSeverity | null;
    status: string;
    kind: string | null;
    level: number;
    assignee: string;
    openedAt: string;
  };
  pathway: {
    id: string;
    title: LocalizedText;
    version: string;
    currentVersion: string;
    definitionAvailable: boolean;
  };
  rule: {
    id: string;
    title: LocalizedText;
    kind: 'threshold' | 'trend' | 'missed-schedule' | 'other';
    condition: LocalizedText;
    severity: AlertSeverity | null;
    assignee: string | null;
    acknowledgeWithin: string | null;
    sla: string | null;
    escalation: WhyLadderLevel[];
  } | null;
  pathwayStep: {
    id: string;
    title: LocalizedText;
    type: string;
    track: LocalizedText | null;
    schedule: LocalizedText | null;
    due: string | null;
    escalation: WhyLadderLevel[];
  } | null;
  steps: WhyStep[];
  historyAvailable: boolean;
  historyNote: LocalizedText | null;
}
