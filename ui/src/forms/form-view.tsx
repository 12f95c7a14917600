import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormAnswers, FormioSchema } from '../api/types';
import { FormioStatus, type FormioLoadState } from './formio-status';
import { useLanguage } from '../components/use-language';
import { formI18n } from './builder-config';
import { loadFormio, type FormioFieldError, type FormioForm } from './formio';

export interface FormViewProps {
  schema: FormioSchema;
  /** Answers shown when the form opens (a saved draft, a submission to read). */
  answers?: FormAnswers | null;
  readOnly?: boolean;
  /** Called on every change; `modified` is true when the person changed something. */
  onChange?: (answers: FormAnswers, modified: boolean) => void;
  /**
   * Called by the form's own submit button once the answers pass the checks in the browser.
   * Resolves to the problems to show on the fields (e.g. the server's), or null when done.
   */
  onSubmit?: (answers: FormAnswers) => Promise<FormioFieldError[] | null>;
  onReady?: (form: FormioForm) => void;
  /** Extra class on the Form.io root, e.g. `formio-fill` for the patient's large controls. */
  className?: string;
}

/**
 * A Form.io form rendered from a schema, the way the patient sees it (Form.io is loaded on
 * first use). The texts and validation messages are the server's own dictionary, in the app's
 * current language; switching the language re-renders the form without losing answers.
 */
export function FormView({
  schema,
  answers,
  readOnly = false,
  onChange,
  onSubmit,
  onReady,
  className,
}: FormViewProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const host = useRef<HTMLDivElement>(null);
  const form = useRef<FormioForm | null>(null);
  const [state, setState] = useState<FormioLoadState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  // The latest callbacks, read by the listeners Form.io holds.
  const callbacks = useRef({ onChange, onSubmit, onReady });
  callbacks.current = { onChange, onSubmit, onReady };
  const initial = useRef({ answers, language });
  initial.current.answers = answers;

  useEffect(() => {
    const element = host.current;
    if (!element) return undefined;
    let cancelled = false;
    let created: FormioForm | null = null;
    setState({ status: 'loading' });
    const target = document.createElement('div');
    element.replaceChildren(target);
    loadFormio()
      .then((runtime) =>
        runtime.createForm(target, schema, {
          readOnly,
          language: initial.current.language,
          i18n: structuredClone(formI18n),
          // Answers leave through onSubmit (our API), never through Form.io's own requests.
          hooks: {
            customValidation(
              this: FormioForm,
              submission: { data: FormAnswers },
              next: (errors?: FormioFieldError[]) => void,
            ) {
              const submit = callbacks.current.onSubmit;
              if (!submit) return next();
              const fail = (errors: FormioFieldError[]) => {
                // Remembered on the form, Form.io clears them from the fields at the next
                // submission (a field keeps its server error until then, and would block it).
                this.serverErrors = errors;
                next(errors);
              };
              submit(submission.data).then(
                (errors) => (errors && errors.length > 0 ? fail(errors) : next()),
                (error: unknown) => fail([{ message: String(error) }]),
              );
            },
          },
        }),
      )
      .then(async (instance) => {
        created = instance;
        if (cancelled) {
          instance.destroy(true);
          return;
        }
        instance.nosubmit = true;
        const start = initial.current.answers;
        if (start && Object.keys(start).length > 0) await instance.setSubmission({ data: start });
        await instance.ready;
        if (cancelled) return;
        instance.on('change', (change, _flags, modified) => {
          callbacks.current.onChange?.(change.data, modified === true);
        });
        form.current = instance;
        setState({ status: 'ready' });
        callbacks.current.onReady?.(instance);
      })
      .catch((error: unknown) => {
        if (!cancelled) setState({ status: 'error', error });
      });
    return () => {
      cancelled = true;
      form.current = null;
      created?.destroy(true);
    };
  }, [schema, readOnly, attempt]);

  useEffect(() => {
    initial.current.language = language;
    if (form.current && form.current.language !== language) form.current.language = language;
  }, [language]);

  return (
    <div className="form-view">
      <FormioStatus
        state={state}
        loadingText={t('forms.loadingForm')}
        onRetry={() => setAttempt((n) => n + 1)}
      />
      <div
        ref={host}
        className={`percorsi-formio${className ? ` ${className}` : ''}`}
        hidden={state.status === 'error'}
      />
    </div>
  );
}
