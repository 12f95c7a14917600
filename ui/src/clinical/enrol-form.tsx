import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import * as api from '../api/endpoints';
import type { Enrolment, Pathway, PathwayInput, Patient } from '../api/types';
import { ErrorMessage } from '../components/error-message';
import { useApi } from '../components/use-api';
import { localized, useLanguage } from '../components/use-language';
import { formatNumber } from '../i18n/format';
import { translateOptional } from '../i18n/i18n';
import { unitLabel } from '../monitoring/vital-format';
import { patientName } from './patient-format';

type Outcome =
  | { kind: 'done'; created: boolean; pathwayTitle: string }
  | { kind: 'error'; error: unknown }
  | null;

type Inputs =
  | { status: 'none' }
  | { status: 'loading' }
  | { status: 'ready'; inputs: [string, PathwayInput][] }
  | { status: 'error'; error: unknown };

interface EnrolFormProps {
  patient: Patient;
  pathways: Pathway[];
  onEnrolled(enrolment: Enrolment): void;
}

function declaredInputs(definition: Record<string, unknown>): [string, PathwayInput][] {
  const inputs = definition.inputs;
  if (typeof inputs !== 'object' || inputs === null) return [];
  return Object.entries(inputs as Record<string, PathwayInput>).filter(
    ([, input]) => typeof input === 'object' && input !== null && 'type' in input,
  );
}

function initialValue(input: PathwayInput): string | boolean {
  switch (input.type) {
    case 'number':
      return input.default === undefined ? '' : String(input.default);
    case 'text':
      return input.default ?? '';
    case 'boolean':
      return input.default ?? false;
    case 'user':
      return '';
  }
}

/**
 * Chooses a pathway, then asks for what the pathway declares it needs at enrolment (the
 * patient's thresholds, the referring doctor…), prefilled with the pathway's defaults, and
 * enrols the patient. A repeat submission is answered, not duplicated, by the API.
 */
export function EnrolForm({ patient, pathways, onEnrolled }: EnrolFormProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [pathwayId, setPathwayId] = useState('');
  const [siteId, setSiteId] = useState('');
  const sites = useApi((signal) => api.sites(signal), []);
  const [inputs, setInputs] = useState<Inputs>({ status: 'none' });
  const [values, setValues] = useState<Record<string, string | boolean>>({});
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const id = useId();

  useEffect(() => {
    if (!pathwayId) {
      setInputs({ status: 'none' });
      return undefined;
    }
    const controller = new AbortController();
    setInputs({ status: 'loading' });
    api.getPathway(pathwayId, controller.signal).then(
      (definition) => {
        const declared = declaredInputs(definition);
        setValues(Object.fromEntries(declared.map(([name, input]) => [name, initialValue(input)])));
        setInputs({ status: 'ready', inputs: declared });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setInputs({ status: 'error', error });
      },
    );
    return () => controller.abort();
  }, [pathwayId]);

  const fieldErrors = new Map<string, string>();
  if (outcome?.kind === 'error' && outcome.error instanceof ApiError) {
    for (const problem of outcome.error.fieldErrors) {
      const name = /^(?:body\.)?inputs\.([^.]+)/.exec(problem.path)?.[1];
      if (name) fieldErrors.set(name, problem.message);
    }
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const pathway = pathways.find((candidate) => candidate.id === pathwayId);
    if (!pathway) return;
    const given: Record<string, unknown> = {};
    for (const [name, input] of inputs.status === 'ready' ? inputs.inputs : []) {
      const value = values[name];
      if (input.type === 'boolean') given[name] = value === true;
      else if (typeof value === 'string' && value.trim() !== '') {
        given[name] = input.type === 'number' ? Number(value.replace(',', '.')) : value.trim();
      }
    }
    setBusy(true);
    setOutcome(null);
    try {
      const { enrolment, created } = await api.enrol(
        patient.id,
        pathway.id,
        given,
        siteId || undefined,
      );
      setOutcome({ kind: 'done', created, pathwayTitle: localized(pathway.title, language) });
      onEnrolled(enrolment);
    } catch (error) {
      setOutcome({ kind: 'error', error });
    } finally {
      setBusy(false);
    }
  }

  const sorted = [...pathways].sort((a, b) =>
    localized(a.title, language).localeCompare(localized(b.title, language), language),
  );

  return (
    <form className="enrol-form" onSubmit={(event) => void handleSubmit(event)}>
      <div className="field enrol-form__field">
        <label htmlFor={`${id}-pathway`}>{t('clinical.pathway')}</label>
        <select
          id={`${id}-pathway`}
          value={pathwayId}
          onChange={(event) => {
            setPathwayId(event.target.value);
            setOutcome(null);
          }}
          required
        >
          <option value="">{t('clinical.choosePathway')}</option>
          {sorted.map((pathway) => (
            <option key={pathway.id} value={pathway.id}>
              {localized(pathway.title, language)}
            </option>
          ))}
        </select>
      </div>
      {sites.state.status === 'ready' && sites.state.data.length > 0 && (
        <div className="field enrol-form__field">
          <label htmlFor={`${id}-site`}>{t('clinical.site')}</label>
          <select
            id={`${id}-site`}
            value={siteId}
            onChange={(event) => setSiteId(event.target.value)}
          >
            <option value="">{t('clinical.noSite')}</option>
            {sites.state.data.map((site) => (
              <option key={site.id} value={site.id}>
                {localized(site.name, language)}
              </option>
            ))}
          </select>
        </div>
      )}

      {inputs.status === 'loading' && (
        <p className="loading loading--inline enrol-form__wide" role="status">
          <span className="spinner" aria-hidden="true" />
          {t('clinical.inputs.loading')}
        </p>
      )}
      {inputs.status === 'error' && (
        <p className="alert alert--info enrol-form__wide">{t('clinical.inputs.unavailable')}</p>
      )}
      {inputs.status === 'ready' && inputs.inputs.length > 0 && (
        <fieldset className="enrol-form__inputs enrol-form__wide">
          <legend>{t('clinical.inputs.title')}</legend>
          {inputs.inputs.map(([name, input]) => (
            <InputField
              key={`${pathwayId}:${name}`}
              id={`${id}-input-${name}`}
              input={input}
              value={values[name] ?? initialValue(input)}
              error={fieldErrors.get(name) ?? null}
              onChange={(value) => setValues((before) => ({ ...before, [name]: value }))}
            />
          ))}
        </fieldset>
      )}

      <button
        type="submit"
        className="button button--primary"
        disabled={busy || !pathwayId || inputs.status === 'loading'}
      >
        {busy ? t('clinical.enrolling') : t('clinical.enrol')}
      </button>
      <div className="enrol-form__outcome" aria-live="polite">
        {outcome?.kind === 'done' && (
          <p
            className={`alert ${outcome.created ? 'alert--success' : 'alert--info'}`}
            role="status"
          >
            {t(outcome.created ? 'clinical.enrolled' : 'clinical.alreadyEnrolled', {
              name: patientName(patient),
              pathway: outcome.pathwayTitle,
            })}
          </p>
        )}
        {outcome?.kind === 'error' && <ErrorMessage error={outcome.error} />}
      </div>
    </form>
  );
}

function InputField({
  id,
  input,
  value,
  error,
  onChange,
}: {
  id: string;
  input: PathwayInput;
  value: string | boolean;
  error: string | null;
  onChange(value: string | boolean): void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const label = localized(input.title, language);
  const required = input.required === true;
  const hints: string[] = [];
  if (input.type === 'number') {
    if (input.min !== undefined && input.max !== undefined) {
      hints.push(
        t('clinical.inputs.range', {
          min: formatNumber(input.min, language),
          max: formatNumber(input.max, language),
        }),
      );
    }
    if (input.default !== undefined) {
      hints.push(t('clinical.inputs.default', { value: formatNumber(input.default, language) }));
    }
  }
  if (input.type === 'user') {
    hints.push(
      t('clinical.inputs.user', {
        role: translateOptional(`roles.${input.role}`, input.role).toLocaleLowerCase(language),
      }),
    );
  }
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hints.length ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ');

  if (input.type === 'boolean') {
    return (
      <div className="field field--check">
        <label>
          <input
            id={id}
            type="checkbox"
            checked={value === true}
            onChange={(event) => onChange(event.target.checked)}
            aria-describedby={describedBy || undefined}
          />{' '}
          {label}
        </label>
        {error && (
          <p className="field__error" id={errorId}>
            {error}
          </p>
        )}
      </div>
    );
  }

  if (input.type === 'user') {
    return (
      <StaffSelect
        id={id}
        role={input.role}
        label={label}
        required={required}
        value={typeof value === 'string' ? value : ''}
        error={error}
        hint={hints.join(' · ')}
        onChange={onChange}
      />
    );
  }

  const unit = input.type === 'number' ? unitLabel(input.unit) : '';
  // A value with a default is never missing: "optional" would only confuse.
  const hasDefault = 'default' in input && input.default !== undefined;
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {!required && !hasDefault && (
          <span className="muted"> ({t('clinical.inputs.optional')})</span>
        )}
      </label>
      <div className={unit ? 'input-unit' : undefined}>
        <input
          id={id}
          type={input.type === 'number' ? 'number' : 'text'}
          inputMode={input.type === 'number' ? 'decimal' : undefined}
          step={input.type === 'number' ? 'any' : undefined}
          min={input.type === 'number' ? input.min : undefined}
          max={input.type === 'number' ? input.max : undefined}
          value={typeof value === 'string' ? value : ''}
          required={required}
          autoComplete="off"
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={describedBy || undefined}
          onChange={(event) => onChange(event.target.value)}
        />
        {unit && (
          <span className="input-unit__unit" aria-hidden="true">
            {unit}
          </span>
        )}
      </div>
      {hints.length > 0 && (
        <p className="field__hint" id={hintId}>
          {hints.join(' · ')}
          {unit && <span className="visually-hidden"> ({unit})</span>}
        </p>
      )}
      {error && (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}

/** A "user" input: one of the tenant's active clinicians of the role the pathway asks for. */
function StaffSelect({
  id,
  role,
  label,
  required,
  value,
  error,
  hint,
  onChange,
}: {
  id: string;
  role: 'nurse' | 'doctor';
  label: string;
  required: boolean;
  value: string;
  error: string | null;
  hint: string;
  onChange(value: string): void;
}) {
  const { t } = useTranslation();
  const staff = useApi((signal) => api.staff(role, signal), [role]);
  const people = staff.state.status === 'ready' ? staff.state.data : [];
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        required={required}
        disabled={staff.state.status === 'loading'}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy || undefined}
        onChange={(event) => onChange(event.target.value)}
      >
        <option value="">{t('clinical.inputs.choosePerson')}</option>
        {people.map((p) => (
          <option key={p.username} value={p.username}>
            {p.displayName} ({p.username})
          </option>
        ))}
      </select>
      {hint && (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}
