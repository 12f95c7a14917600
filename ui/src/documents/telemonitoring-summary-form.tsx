import type { TFunction } from 'i18next';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type FieldProblem } from '../api/api-error';
import * as api from '../api/endpoints';
import type { ClinicalDocument, Enrolment } from '../api/types';
import { AsyncView } from '../components/async-view';
import { ErrorMessage } from '../components/error-message';
import { useApi } from '../components/use-api';
import { localized, useLanguage } from '../components/use-language';
import type { Language } from '../i18n/i18n';
import { newIdempotencyKey } from './document-format';
import { defaultPeriod, isDay, periodBounds, romeDay, ZONE } from './summary-period';

/** The API's limit on the doctor's notes. */
export const NOTES_MAX = 20_000;

type Field = 'enrolmentId' | 'from' | 'to' | 'notes';
const fields: readonly Field[] = ['enrolmentId', 'from', 'to', 'notes'];

type FieldErrors = Partial<Record<Field, string[]>>;

interface Outcome {
  fields: FieldErrors;
  /** Problems the API named on no field of this form. */
  other: FieldProblem[];
  /** What the organisation or the doctor has to set up first (409). */
  conflict: string | null;
  /** Anything else: the network, the server. */
  error: unknown;
}

const noOutcome: Outcome = { fields: {}, other: [], conflict: null, error: null };

/** The field of this form a problem's path names (`body.from`, `summary.period.to`…), if any. */
function fieldOf(path: string): Field | null {
  const key = path.replace(/^(body|summary)\./, '').replace(/^period\./, '');
  return (fields as readonly string[]).includes(key) ? (key as Field) : null;
}

function addTo(errors: FieldErrors, field: Field, message: string): void {
  const list = errors[field] ?? [];
  if (!list.includes(message)) list.push(message);
  errors[field] = list;
}

/** A refused request in words: under the fields it names, or what is to be set up first. */
function serverOutcome(error: unknown, t: TFunction): Outcome {
  if (!(error instanceof ApiError) || error.kind === 'network') return { ...noOutcome, error };
  if (error.status === 409) {
    return { ...noOutcome, conflict: error.problem?.detail ?? t('errors.conflict') };
  }
  if (error.status === 404) {
    return { ...noOutcome, fields: { enrolmentId: [t('documents.summary.enrolmentNotFound')] } };
  }
  if ((error.status === 400 || error.status === 422) && error.fieldErrors.length > 0) {
    const found: FieldErrors = {};
    const other: FieldProblem[] = [];
    for (const problem of error.fieldErrors) {
      const field = fieldOf(problem.path);
      if (field) addTo(found, field, problem.message);
      else other.push(problem);
    }
    return { ...noOutcome, fields: found, other };
  }
  return { ...noOutcome, error };
}

/**
 * The enrolments a summary can be made of: the active ones first, then the completed; in each,
 * the telemonitoring pathways (those that measure vitals) before the others, newest first. The
 * one chosen at first: the first telemonitoring enrolment, else the only one there is; with
 * several and none of them telemonitoring the doctor chooses.
 */
export function summarisable(
  enrolments: readonly Enrolment[],
  kinds: ReadonlyMap<string, string>,
): { active: Enrolment[]; completed: Enrolment[]; proposed: Enrolment | null } {
  const monitored = (e: Enrolment) => kinds.get(e.pathwayId) === 'telemonitoring';
  const order = (a: Enrolment, b: Enrolment) =>
    Number(monitored(b)) - Number(monitored(a)) || b.createdAt.localeCompare(a.createdAt);
  const active = enrolments.filter((e) => e.status === 'active').sort(order);
  const completed = enrolments.filter((e) => e.status === 'completed').sort(order);
  const all = [...active, ...completed];
  return {
    active,
    completed,
    proposed: all.find(monitored) ?? (all.length === 1 ? all[0]! : null),
  };
}

function romeDate(iso: string, language: Language): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'it-IT', {
    dateStyle: 'medium',
    timeZone: ZONE,
  }).format(date);
}

/**
 * A doctor produces the telemonitoring period summary of one of the patient's enrolments: a
 * signed PDF assembled by the server from the pathway's readings, thresholds and alerts, kept
 * in the clinical record and not sent to the FSE. The period is whole days, Rome time.
 */
export function TelemonitoringSummaryForm({
  patientId,
  onDone,
  onCancel,
}: {
  patientId: string;
  onDone(document: ClinicalDocument, created: boolean): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const enrolments = useApi(
    async (signal) => {
      const [items, pathways] = await Promise.all([
        api.listEnrolments(patientId, signal),
        // Only to put the telemonitoring pathways first: the form works without it.
        api.listPathways(signal).catch(() => []),
      ]);
      return { items, kinds: new Map(pathways.map((p) => [p.id, p.kind])) };
    },
    [patientId],
  );

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  return (
    <section
      className="document-editor summary-form"
      aria-labelledby={`${id}-title`}
      data-testid="summary-form"
    >
      <h3 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
        {t('documents.summary.title')}
      </h3>
      <p className="muted">{t('documents.summary.intro')}</p>
      <AsyncView resource={enrolments}>
        {({ items, kinds }) => (
          <SummaryForm
            patientId={patientId}
            enrolments={items}
            kinds={kinds}
            onEnrolmentsStale={enrolments.reload}
            onDone={onDone}
            onCancel={onCancel}
          />
        )}
      </AsyncView>
    </section>
  );
}

function SummaryForm({
  patientId,
  enrolments,
  kinds,
  onEnrolmentsStale,
  onDone,
  onCancel,
}: {
  patientId: string;
  enrolments: readonly Enrolment[];
  kinds: ReadonlyMap<string, string>;
  onEnrolmentsStale(): void;
  onDone(document: ClinicalDocument, created: boolean): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const idBase = useId();
  const fieldId = (field: Field) => `${idBase}-${field}`;
  const alertRef = useRef<HTMLDivElement>(null);
  const { active, completed, proposed } = useMemo(
    () => summarisable(enrolments, kinds),
    [enrolments, kinds],
  );

  const [chosen, setChosen] = useState('');
  // A choice the list no longer holds (refreshed after a 404) falls back to the proposal.
  const enrolmentId =
    [...active, ...completed].find((e) => e.id === chosen)?.id ?? proposed?.id ?? '';
  const [period, setPeriod] = useState(() => defaultPeriod(new Date()));
  const [notes, setNotes] = useState('');
  // One key per summary being produced, kept across retries until the server confirms.
  const idempotencyKey = useRef(newIdempotencyKey());
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(noOutcome);
  // Set with a refusal: once it is on screen, focus goes to what needs the doctor.
  const focusPending = useRef(false);
  const today = romeDay(new Date());

  // After a refusal: to the first field to correct, else to the message.
  useEffect(() => {
    if (!focusPending.current) return;
    focusPending.current = false;
    const field = fields.find((name) => (outcome.fields[name]?.length ?? 0) > 0);
    if (field) document.getElementById(`${idBase}-${field}`)?.focus();
    else alertRef.current?.focus();
  }, [outcome, idBase]);

  if (active.length + completed.length === 0) {
    return (
      <>
        <p className="empty" data-testid="summary-no-enrolments">
          {t('documents.summary.noEnrolments')}
        </p>
        <div className="document-editor__actions">
          <button type="button" className="button button--ghost" onClick={onCancel}>
            {t('documents.summary.cancel')}
          </button>
        </div>
      </>
    );
  }

  function localErrors(): FieldErrors {
    const found: FieldErrors = {};
    if (!enrolmentId) {
      addTo(found, 'enrolmentId', t('documents.summary.chooseEnrolment'));
    }
    const fromOk = isDay(period.from);
    const toOk = isDay(period.to);
    if (!fromOk) addTo(found, 'from', t('documents.summary.dayInvalid'));
    if (!toOk) addTo(found, 'to', t('documents.summary.dayInvalid'));
    if (toOk && period.to > today) addTo(found, 'to', t('documents.summary.toInFuture'));
    if (fromOk && toOk && period.from > period.to) {
      addTo(found, 'to', t('documents.summary.toBeforeFrom'));
    }
    if (notes.length > NOTES_MAX) {
      addTo(
        found,
        'notes',
        t('documents.summary.notesTooLong', { max: NOTES_MAX.toLocaleString(language) }),
      );
    }
    return found;
  }

  /** An edited field's messages go: they were about the value it no longer holds. */
  function edited(...changed: Field[]) {
    setOutcome((current) => {
      if (!changed.some((field) => current.fields[field])) return current;
      const remaining = { ...current.fields };
      for (const field of changed) delete remaining[field];
      return { ...current, fields: remaining };
    });
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found = localErrors();
    if (Object.keys(found).length > 0) {
      focusPending.current = true;
      setOutcome({ ...noOutcome, fields: found });
      return;
    }
    const { from, to } = periodBounds(period.from, period.to, new Date());
    const text = notes.trim();
    setBusy(true);
    setOutcome(noOutcome);
    try {
      const { document, created } = await api.createTelemonitoringSummary(patientId, {
        enrolmentId,
        from,
        to,
        ...(text ? { notes: text } : {}),
        idempotencyKey: idempotencyKey.current,
      });
      idempotencyKey.current = newIdempotencyKey();
      onDone(document, created);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) onEnrolmentsStale();
      focusPending.current = true;
      setOutcome(serverOutcome(error, t));
    } finally {
      setBusy(false);
    }
  }

  const describedBy = (field: Field, hint: boolean) =>
    [hint ? `${fieldId(field)}-hint` : '', outcome.fields[field] ? `${fieldId(field)}-error` : '']
      .filter(Boolean)
      .join(' ') || undefined;

  const errorsOf = (field: Field) => {
    const messages = outcome.fields[field];
    if (!messages?.length) return null;
    return (
      <div id={`${fieldId(field)}-error`} className="field__errors">
        {messages.map((message) => (
          <p key={message} className="field__error">
            {message}
          </p>
        ))}
      </div>
    );
  };

  const enrolmentLabel = (enrolment: Enrolment) => {
    const title = localized(enrolment.pathwayTitle, language) || enrolment.pathwayId;
    const start = romeDate(enrolment.createdAt, language);
    return enrolment.completedAt
      ? t('documents.summary.enrolmentEnded', {
          title,
          start,
          end: romeDate(enrolment.completedAt, language),
        })
      : t('documents.summary.enrolmentStarted', { title, start });
  };

  const fieldCount = fields.filter((field) => outcome.fields[field]?.length).length;

  return (
    <form
      className="document-form summary-form__form"
      onSubmit={(e) => void handleSubmit(e)}
      noValidate
    >
      <div aria-live="polite">
        {outcome.conflict && (
          <div className="alert alert--error" role="alert" tabIndex={-1} ref={alertRef}>
            <p className="alert__title">{t('documents.summary.conflict')}</p>
            <p>{outcome.conflict}</p>
          </div>
        )}
        {!outcome.conflict && (fieldCount > 0 || outcome.other.length > 0) && (
          <div
            className="alert alert--error error-summary"
            role="alert"
            tabIndex={-1}
            ref={alertRef}
            data-testid="summary-problems"
          >
            <p className="alert__title">
              {t('documents.summary.problems', { count: fieldCount + outcome.other.length })}
            </p>
            {outcome.other.length > 0 && (
              <ul className="alert__list">
                {outcome.other.map((problem) => (
                  <li key={`${problem.path}:${problem.message}`}>
                    {t('errors.field', { path: problem.path || '—', message: problem.message })}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>

      <div className="field summary-form__enrolment">
        <label htmlFor={fieldId('enrolmentId')}>{t('documents.summary.enrolment')}</label>
        <select
          id={fieldId('enrolmentId')}
          value={enrolmentId}
          disabled={busy}
          aria-invalid={outcome.fields.enrolmentId ? true : undefined}
          aria-describedby={describedBy('enrolmentId', false)}
          onChange={(event) => {
            setChosen(event.target.value);
            edited('enrolmentId');
          }}
        >
          {!proposed && <option value="">{t('documents.summary.chooseOption')}</option>}
          {active.length > 0 && (
            <optgroup label={t('documents.summary.activeGroup')}>
              {active.map((enrolment) => (
                <option key={enrolment.id} value={enrolment.id}>
                  {enrolmentLabel(enrolment)}
                </option>
              ))}
            </optgroup>
          )}
          {completed.length > 0 && (
            <optgroup label={t('documents.summary.completedGroup')}>
              {completed.map((enrolment) => (
                <option key={enrolment.id} value={enrolment.id}>
                  {enrolmentLabel(enrolment)}
                </option>
              ))}
            </optgroup>
          )}
        </select>
        {errorsOf('enrolmentId')}
      </div>

      <fieldset
        className="schema-form__group summary-form__period"
        aria-describedby={`${idBase}-period-hint`}
      >
        <legend>{t('documents.summary.period')}</legend>
        <p id={`${idBase}-period-hint`} className="field__hint">
          {t('documents.summary.periodHint')}
        </p>
        <div className="summary-form__days">
          <div className="field">
            <label htmlFor={fieldId('from')}>{t('documents.summary.from')}</label>
            <input
              id={fieldId('from')}
              type="date"
              value={period.from}
              max={today}
              required
              disabled={busy}
              aria-invalid={outcome.fields.from ? true : undefined}
              aria-describedby={describedBy('from', false)}
              onChange={(event) => {
                setPeriod((p) => ({ ...p, from: event.target.value }));
                edited('from', 'to');
              }}
            />
            {errorsOf('from')}
          </div>
          <div className="field">
            <label htmlFor={fieldId('to')}>{t('documents.summary.to')}</label>
            <input
              id={fieldId('to')}
              type="date"
              value={period.to}
              max={today}
              required
              disabled={busy}
              aria-invalid={outcome.fields.to ? true : undefined}
              aria-describedby={describedBy('to', false)}
              onChange={(event) => {
                setPeriod((p) => ({ ...p, to: event.target.value }));
                edited('from', 'to');
              }}
            />
            {errorsOf('to')}
          </div>
        </div>
      </fieldset>

      <div className="field">
        <label htmlFor={fieldId('notes')}>
          {t('documents.summary.notes')}
          <span className="muted"> ({t('documents.form.optional')})</span>
        </label>
        <p id={`${fieldId('notes')}-hint`} className="field__hint">
          {t('documents.summary.notesHint', { max: NOTES_MAX.toLocaleString(language) })}
        </p>
        <textarea
          id={fieldId('notes')}
          rows={4}
          maxLength={NOTES_MAX}
          value={notes}
          disabled={busy}
          aria-invalid={outcome.fields.notes ? true : undefined}
          aria-describedby={describedBy('notes', true)}
          onChange={(event) => {
            setNotes(event.target.value);
            edited('notes');
          }}
        />
        {errorsOf('notes')}
      </div>

      {outcome.error !== null && <ErrorMessage error={outcome.error} />}
      <div className="document-editor__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('documents.summary.submitting') : t('documents.summary.submit')}
        </button>
        <button type="button" className="button button--ghost" onClick={onCancel} disabled={busy}>
          {t('documents.summary.cancel')}
        </button>
      </div>
    </form>
  );
}
