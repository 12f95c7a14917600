import type { FormAnswers, FormioComponentJson, FormioSchema } from '../api/types';

// The few parts of Form.io the pages use, typed here: the library's own declarations are loose
// (mostly `any`) and loading them statically would pull the library into the main bundle.

/** One error as Form.io shows it on a field (ours come from the server's problem+json). */
export interface FormioFieldError {
  message: string;
  /** The component key (or path) the error belongs to. */
  path?: string;
  fromServer?: boolean;
  level?: 'error';
}

export interface FormioComponent {
  key: string;
  label?: string;
  element?: HTMLElement;
  component: FormioComponentJson;
  focus(): void;
}

export interface FormioChange {
  data: FormAnswers;
  isValid?: boolean;
}

/** A rendered form (Form.io's Webform). */
export interface FormioForm {
  readonly ready: Promise<unknown>;
  readonly submission: { data: FormAnswers };
  setSubmission(submission: { data: FormAnswers }): Promise<unknown>;
  language: string;
  nosubmit: boolean;
  /** Errors from our server: Form.io clears them from the fields when the form is submitted again. */
  serverErrors: FormioFieldError[];
  on(
    event: 'change',
    listener: (change: FormioChange, flags: unknown, modified: boolean) => void,
  ): void;
  on(event: 'submitDone' | 'submit', listener: (submission: { data: FormAnswers }) => void): void;
  on(event: string, listener: (...args: unknown[]) => void): void;
  getComponent(path: string): FormioComponent | undefined;
  showErrors(errors: FormioFieldError[], triggerEvent?: boolean): unknown;
  setAlert(type: string | false, message?: string): void;
  submit(): Promise<unknown>;
  checkValidity(data?: FormAnswers, dirty?: boolean): boolean;
  destroy(deleteFromGlobal?: boolean): void;
}

/** Form.io's WebformBuilder, as Formio.builder resolves it. */
export interface FormioBuilder {
  readonly ready: Promise<unknown>;
  readonly form: FormioSchema;
  readonly schema: FormioSchema;
  setForm(form: FormioSchema): Promise<unknown>;
  readonly webform: { getComponent(path: string): FormioComponent | undefined };
  editComponent(
    component: FormioComponentJson,
    parent: unknown,
    isNew: boolean,
    isJsonEdit: boolean,
    original: FormioComponentJson,
  ): void;
  on(event: string, listener: (...args: unknown[]) => void): void;
  destroy(all?: boolean): void;
}

export interface FormioRuntime {
  createForm(
    element: HTMLElement,
    schema: FormioSchema,
    options: Record<string, unknown>,
  ): Promise<FormioForm>;
  builder(
    element: HTMLElement,
    schema: FormioSchema,
    options: Record<string, unknown>,
  ): Promise<FormioBuilder>;
  /** The class every Form.io form and builder root element carries (its CSS is scoped to it). */
  readonly scopeClass: string;
}

let loading: Promise<FormioRuntime> | null = null;

/**
 * Loads Form.io (and its scoped Bootstrap CSS) the first time a page needs it: it stays out of
 * the main bundle, and only designers, patients filling a form and clinicians reading answers
 * download it.
 */
export function loadFormio(): Promise<FormioRuntime> {
  loading ??= import('./formio-runtime')
    .then((module) => module.runtime)
    .catch((error: unknown) => {
      loading = null; // a failed download (offline) may be retried
      throw error;
    });
  return loading;
}
