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

export interface Summary {
  patients: number;
  enrolments: Record<EnrolmentStatus, number>;
  byPathway: { pathwayId: string; title: LocalizedText; active: number; completed: number }[];
}

export interface AdminUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  active: boolean;
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
