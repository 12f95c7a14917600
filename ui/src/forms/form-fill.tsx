import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import * as api from '../api/endpoints';
import type { FormAnswers, FormTask, SubmitOutcome } from '../api/types';
import { localized, useLanguage } from '../components/use-language';
import { formatDateTime } from '../i18n/format';
import { answerPath } from './form-schema';
import { FormView } from './form-view';
import type { FormioFieldError } from './formio';
import { OutputSummary } from './output-summary';

/** How long typing may go on before the answers are saved as a draft. */
const DRAFT_DELAY_MS = 800;

const keyStorage = (itemId: string) => `percorsi.formSubmission.${itemId}`;

function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // Pages served over plain http (not a secure context) have no randomUUID.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The idempotency key of this item's submission: made when the page opens and kept on the
 * device until the server confirms, so a resend after a lost answer is counted once.
 */
function submissionKey(itemId: string): string {
  try {
    const stored = window.localStorage.getItem(keyStorage(itemId));
    if (stored) return stored;
    const key = newKey();
    window.localStorage.setItem(keyStorage(itemId), key);
    return key;
  } catch {
    return newKey(); // storage disabled: still one key for the life of the page
  }
}

function forgetSubmissionKey(itemId: string): void {
  try {
    window.localStorage.removeItem(keyStorage(itemId));
  } catch {
    // nothing stored
  }
}

type DraftState =
  | { status: 'none' }
  | { status: 'saving' }
  | { status: 'saved'; at: string; restored: boolean }
  | { status: 'failed' };

function timeOf(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'it-IT', {
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}

interface FormFillProps {
  task: FormTask;
  /** A clinician filling in for the patient, or the patient (or caregiver) themselves. */
  audience: 'patient' | 'clinician';
  onSubmitted: (outcome: SubmitOutcome) => void;
}

/**
 * Fills a form task: the exact version the pathway pinned, the saved draft restored, every
 * change saved as a draft (after a pause in typing, and when the page is hidden or left), and
 * the answers submitted once, with the server's objections shown on the fields.
 */
export function FormFill({ task, audience, onSubmitted }: FormFillProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const itemId = task.item.id;
  const [key] = useState(() => submissionKey(itemId));
  const [draft, setDraft] = useState<DraftState>(() =>
    task.draft ? { status: 'saved', at: task.draft.updatedAt, restored: true } : { status: 'none' },
  );
  const pending = useRef<FormAnswers | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const finished = useRef(false);

  const flush = useCallback(
    (keepalive: boolean) => {
      window.clearTimeout(timer.current);
      const answers = pending.current;
      if (!answers || finished.current) return;
      pending.current = null;
      if (!keepalive) setDraft({ status: 'saving' });
      api.saveAnswersDraft(itemId, answers, { keepalive }).then(
        (at) => {
          if (!finished.current) setDraft({ status: 'saved', at, restored: false });
        },
        () => {
          if (finished.current) return;
          // Keep the answers for the next attempt (the next change, or leaving the page).
          pending.current ??= answers;
          setDraft({ status: 'failed' });
        },
      );
    },
    [itemId],
  );

  // Hiding the page (switching app, locking the phone, closing the tab) saves at once.
  useEffect(() => {
    const onHide = () => flush(true);
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') flush(true);
    };
    window.addEventListener('pagehide', onHide);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onVisibility);
      flush(true); // leaving the page inside the app
    };
  }, [flush]);

  const onChange = useCallback(
    (answers: FormAnswers, modified: boolean) => {
      if (!modified || finished.current) return;
      pending.current = answers;
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => flush(false), DRAFT_DELAY_MS);
    },
    [flush],
  );

  const onSubmit = useCallback(
    async (answers: FormAnswers): Promise<FormioFieldError[] | null> => {
      window.clearTimeout(timer.current);
      try {
        const outcome = await api.submitAnswers(itemId, answers, key);
        finished.current = true;
        pending.current = null;
        forgetSubmissionKey(itemId);
        onSubmitted(outcome);
        return null;
      } catch (error) {
        if (error instanceof ApiError && error.kind === 'http') {
          const fields = error.fieldErrors.filter((e) => e.path.startsWith('body.answers.'));
          if (fields.length > 0) {
            return fields.map((e) => ({
              message: e.message,
              path: answerPath(e.path),
              fromServer: true,
              level: 'error' as const,
            }));
          }
          if (error.status === 409) return [{ message: t('forms.fill.conflict') }];
          return [{ message: error.problem?.detail ?? t('errors.unexpected') }];
        }
        return [{ message: t('forms.fill.networkError') }];
      }
    },
    [itemId, key, onSubmitted, t],
  );

  const definition = task.form.definition;
  return (
    <div className={`form-fill form-fill--${audience}`}>
      {definition.description && (
        <p className="form-fill__description">{localized(definition.description, language)}</p>
      )}
      <p className="form-fill__draft" aria-live="polite" data-testid="draft-status">
        {draft.status === 'saving' && t('forms.fill.draftSaving')}
        {draft.status === 'saved' &&
          t(draft.restored ? 'forms.fill.draftRestored' : 'forms.fill.draftSaved', {
            time: timeOf(draft.at, language),
          })}
        {draft.status === 'failed' && (
          <span className="form-fill__draft--failed">{t('forms.fill.draftFailed')}</span>
        )}
      </p>
      <FormView
        schema={definition.schema}
        answers={task.draft?.answers ?? null}
        className="formio-fill"
        onChange={onChange}
        onSubmit={onSubmit}
      />
    </div>
  );
}

/** What the person sees once the answers are in. */
export function SubmittedNotice({
  outcome,
  task,
  audience,
  children,
}: {
  outcome: SubmitOutcome;
  task: FormTask;
  audience: 'patient' | 'clinician';
  children?: React.ReactNode;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const alerts = outcome.outcome?.alertsRaised ?? [];
  return (
    <section className="panel form-done" role="status" aria-live="polite">
      <h2 className="form-done__title">{t('forms.fill.thanks')}</h2>
      <p>
        {t('forms.fill.sentAt', { time: formatDateTime(outcome.submission.submittedAt, language) })}
      </p>
      {audience === 'patient' && alerts.length > 0 && (
        <p className="alert alert--info">{t('forms.fill.alertedPatient')}</p>
      )}
      {audience === 'clinician' && (
        <>
          <OutputSummary outputs={outcome.submission.outputs} definition={task.form.definition} />
          {alerts.length > 0 && (
            <div className="alert alert--error">
              <p className="alert__title">{t('forms.fill.alertsRaised')}</p>
              <ul className="alert__list">
                {alerts.map((alert) => (
                  <li key={alert.id}>{localized(alert.title, language)}</li>
                ))}
              </ul>
            </div>
          )}
        </>
      )}
      {children}
    </section>
  );
}
