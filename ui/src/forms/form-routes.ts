import type { LocalizedText, Role } from '../api/types';
import { patientPagePath } from '../clinical/patient-routes';
import { homePath } from '../routing/sections';

// The questionnaire pages' addresses, in one place (routes in app.tsx follow these shapes).

export function formEditorPath(formId: string): string {
  return `/designer/questionari/${encodeURIComponent(formId)}`;
}

/**
 * The fill page of a form task. A work item id is `<enrolment>/item-3`: its two parts become two
 * path segments (`/patient/questionari/<enrolment>/item-3`), readable and never double-encoded.
 */
export function formFillPath(role: Role, itemId: string): string {
  const [enrolmentId = '', itemKey = ''] = itemId.split('/');
  return `${homePath(role)}/questionari/${encodeURIComponent(enrolmentId)}/${encodeURIComponent(itemKey)}`;
}

export function submissionPath(role: Role, submissionId: string): string {
  return `${homePath(role)}/risposte/${encodeURIComponent(submissionId)}`;
}

/** The clinician's page of a patient. */
export function patientDeskPath(role: Role, patientId: string): string {
  return patientPagePath(role, patientId);
}

/** Router state the "new questionnaire" form hands to the editor (nothing is saved until then). */
export interface NewFormState {
  newForm: { title: LocalizedText };
}

export function isNewFormState(value: unknown): value is NewFormState {
  const form = (value as { newForm?: { title?: unknown } } | null)?.newForm;
  return typeof form?.title === 'object' && form.title !== null;
}
