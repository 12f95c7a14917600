import type { TFunction } from 'i18next';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import * as api from '../api/endpoints';
import type { AdminUser, DocumentAddress, DocumentSettings } from '../api/types';
import { AsyncView } from '../components/async-view';
import { ErrorMessage } from '../components/error-message';
import { PageHeading } from '../components/page-heading';
import { useApi } from '../components/use-api';
import { translateOptional } from '../i18n/i18n';

/** Every setting the form edits, by its path in the settings object. */
type SettingPath =
  | 'custodian.idRoot'
  | 'custodian.code'
  | 'custodian.name'
  | 'custodian.phone'
  | 'custodian.address.street'
  | 'custodian.address.city'
  | 'custodian.address.postalCode'
  | 'custodian.address.county'
  | 'documentIdRoot'
  | 'encounterIdRoot'
  | 'facility.idRoot'
  | 'facility.code'
  | 'facility.name'
  | 'branding.organisation'
  | 'branding.unit'
  | 'branding.color'
  | 'branding.footer'
  | 'fse.tipologiaStruttura'
  | 'fse.assettoOrganizzativo'
  | 'fse.identificativoRep'
  | 'fse.regionCode';

type Check = 'oid' | 'psc' | 'region' | 'color' | 'postalCode' | 'county';

interface SettingField {
  path: SettingPath;
  required: boolean;
  check?: Check;
  options?: readonly string[];
  maxLength?: number;
  wide?: boolean;
}

const tipologie = ['Ospedale', 'Prevenzione', 'Territorio', 'SistemaTS', 'Cittadino', 'MdsPN_DGC'];

const groups: {
  key: 'custodian' | 'identifiers' | 'facility' | 'branding' | 'fse';
  fields: SettingField[];
}[] = [
  {
    key: 'custodian',
    fields: [
      { path: 'custodian.name', required: true, maxLength: 200, wide: true },
      { path: 'custodian.idRoot', required: true, check: 'oid', wide: true },
      { path: 'custodian.code', required: true, maxLength: 64 },
      { path: 'custodian.phone', required: false, maxLength: 40 },
      { path: 'custodian.address.street', required: false, maxLength: 200 },
      { path: 'custodian.address.city', required: false, maxLength: 100 },
      { path: 'custodian.address.postalCode', required: false, check: 'postalCode' },
      { path: 'custodian.address.county', required: false, check: 'county' },
    ],
  },
  {
    key: 'identifiers',
    fields: [
      { path: 'documentIdRoot', required: true, check: 'oid', wide: true },
      { path: 'encounterIdRoot', required: true, check: 'oid', wide: true },
    ],
  },
  {
    key: 'facility',
    fields: [
      { path: 'facility.name', required: true, maxLength: 200, wide: true },
      { path: 'facility.idRoot', required: true, check: 'oid', wide: true },
      { path: 'facility.code', required: true, maxLength: 64 },
    ],
  },
  {
    key: 'branding',
    fields: [
      { path: 'branding.organisation', required: true, maxLength: 200 },
      { path: 'branding.unit', required: false, maxLength: 200 },
      { path: 'branding.color', required: true, check: 'color' },
      { path: 'branding.footer', required: false, maxLength: 300, wide: true },
    ],
  },
  {
    key: 'fse',
    fields: [
      { path: 'fse.tipologiaStruttura', required: true, options: tipologie },
      { path: 'fse.assettoOrganizzativo', required: true, check: 'psc' },
      { path: 'fse.identificativoRep', required: true, maxLength: 100 },
      { path: 'fse.regionCode', required: true, check: 'region' },
    ],
  },
];

const allFields = groups.flatMap((group) => group.fields);

const checks: Record<Check, RegExp> = {
  oid: /^[0-2](\.(0|[1-9][0-9]*))+$/,
  psc: /^AD_PSC\d{3}$/,
  region: /^\d{3}$/,
  color: /^#[0-9a-fA-F]{6}$/,
  postalCode: /^\d{5}$/,
  county: /^[A-Z]{2}$/,
};

type Values = Record<SettingPath, string>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function read(settings: DocumentSettings | null, path: string): string {
  let node: unknown = settings;
  for (const key of path.split('.')) node = isRecord(node) ? node[key] : undefined;
  return typeof node === 'string' ? node : '';
}

function valuesOf(settings: DocumentSettings | null): Values {
  const values = Object.fromEntries(
    allFields.map((f) => [f.path, read(settings, f.path)]),
  ) as Values;
  if (!values['branding.color']) values['branding.color'] = '#0b5394';
  if (!values['fse.tipologiaStruttura']) values['fse.tipologiaStruttura'] = 'Ospedale';
  return values;
}

const optional = (value: string) => (value.trim() ? value.trim() : undefined);

/** The settings to save: the form's values over what was loaded (the logo and ISTAT codes stay). */
function settingsFrom(values: Values, loaded: DocumentSettings | null): DocumentSettings {
  const v = (path: SettingPath) => values[path].trim();
  const address: DocumentAddress | undefined = (() => {
    const given = {
      ...(loaded?.custodian.address ?? {}),
      street: optional(values['custodian.address.street']),
      city: v('custodian.address.city'),
      postalCode: optional(values['custodian.address.postalCode']),
      county: optional(values['custodian.address.county'])?.toUpperCase(),
    };
    const typed = given.city || given.street || given.postalCode || given.county;
    return typed ? (JSON.parse(JSON.stringify(given)) as DocumentAddress) : undefined;
  })();
  const drop = <T extends object>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
  return drop({
    ...(loaded ?? {}),
    custodian: {
      ...(loaded?.custodian ?? {}),
      idRoot: v('custodian.idRoot'),
      code: v('custodian.code'),
      name: v('custodian.name'),
      phone: optional(values['custodian.phone']),
      address,
    },
    documentIdRoot: v('documentIdRoot'),
    encounterIdRoot: v('encounterIdRoot'),
    facility: {
      ...(loaded?.facility ?? {}),
      idRoot: v('facility.idRoot'),
      code: v('facility.code'),
      name: v('facility.name'),
    },
    branding: {
      ...(loaded?.branding ?? {}),
      organisation: v('branding.organisation'),
      unit: optional(values['branding.unit']),
      color: v('branding.color'),
      footer: optional(values['branding.footer']),
    },
    fse: {
      ...(loaded?.fse ?? {}),
      tipologiaStruttura: v('fse.tipologiaStruttura'),
      assettoOrganizzativo: v('fse.assettoOrganizzativo'),
      identificativoRep: v('fse.identificativoRep'),
      regionCode: v('fse.regionCode'),
    },
  });
}

function localProblems(values: Values, t: TFunction): Map<string, string> {
  const problems = new Map<string, string>();
  const addressTyped = ['street', 'postalCode', 'county'].some(
    (key) => values[`custodian.address.${key}` as SettingPath].trim() !== '',
  );
  for (const field of allFields) {
    const value = values[field.path].trim();
    const required = field.required || (field.path === 'custodian.address.city' && addressTyped);
    if (!value) {
      if (required) problems.set(field.path, t('documents.admin.required'));
      continue;
    }
    const check = field.check;
    const normalised = check === 'county' ? value.toUpperCase() : value;
    if (check && !checks[check].test(normalised)) {
      problems.set(field.path, t(`documents.admin.checks.${check}`));
    }
  }
  return problems;
}

/** `/admin/documenti`: what the organisation must set before its doctors sign documents. */
export function AdminDocumentsPage() {
  const { t } = useTranslation();
  const settings = useApi((signal) => api.getDocumentSettings(signal), []);
  const users = useApi((signal) => api.listUsers(signal), []);
  return (
    <>
      <PageHeading title={t('documents.admin.title')} intro={t('documents.admin.intro')} />
      <AsyncView resource={settings}>{(loaded) => <SettingsForm loaded={loaded} />}</AsyncView>
      <section className="panel" aria-labelledby="document-signers">
        <h2 id="document-signers">{t('documents.admin.signersTitle')}</h2>
        <p className="muted">{t('documents.admin.signersIntro')}</p>
        <AsyncView resource={users}>{(items) => <SignersTable users={items} />}</AsyncView>
      </section>
    </>
  );
}

function SettingsForm({ loaded: initial }: { loaded: DocumentSettings | null }) {
  const { t } = useTranslation();
  const id = useId();
  const summaryRef = useRef<HTMLDivElement>(null);
  const [loaded, setLoaded] = useState(initial);
  const [values, setValues] = useState(() => valuesOf(initial));
  const [problems, setProblems] = useState<Map<string, string>>(new Map());
  const [other, setOther] = useState<{ path: string; message: string }[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (problems.size > 0 || other.length > 0) summaryRef.current?.focus();
  }, [problems, other]);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    setFailure(null);
    setOther([]);
    const found = localProblems(values, t);
    setProblems(found);
    if (found.size > 0) return;
    setBusy(true);
    try {
      const stored = await api.saveDocumentSettings(settingsFrom(values, loaded));
      setLoaded(stored);
      setValues(valuesOf(stored));
      setSaved(true);
    } catch (error) {
      if (error instanceof ApiError && error.status === 400 && error.fieldErrors.length > 0) {
        const byField = new Map<string, string>();
        const rest: { path: string; message: string }[] = [];
        for (const field of error.fieldErrors) {
          const path = field.path.replace(/^body\./, '');
          if (allFields.some((f) => f.path === path)) byField.set(path, field.message);
          else rest.push({ path, message: field.message });
        }
        setProblems(byField);
        setOther(rest);
      } else {
        setFailure(error);
      }
    } finally {
      setBusy(false);
    }
  }

  const fieldIdOf = (path: string) => `${id}-${path.replace(/\./g, '-')}`;
  const count = problems.size + other.length;

  return (
    <form
      className="panel document-settings"
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => void handleSubmit(event)}
      noValidate
    >
      <h2 id={`${id}-title`}>{t('documents.admin.settingsTitle')}</h2>
      {!loaded && <p className="alert alert--info">{t('documents.admin.notSet')}</p>}
      <div aria-live="polite">
        {count > 0 && (
          <div className="alert alert--error" role="alert" tabIndex={-1} ref={summaryRef}>
            <p className="alert__title">{t('documents.admin.invalid', { count })}</p>
            <ul className="alert__list">
              {[...problems].map(([path, message]) => (
                <li key={path}>
                  <a
                    href={`#${fieldIdOf(path)}`}
                    onClick={(event) => {
                      event.preventDefault();
                      document.getElementById(fieldIdOf(path))?.focus();
                    }}
                  >
                    {t(`documents.admin.fields.${path as SettingPath}`)}: {message}
                  </a>
                </li>
              ))}
              {other.map((problem) => (
                <li key={`${problem.path}:${problem.message}`}>
                  {problem.path}: {problem.message}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
      {groups.map((group) => (
        <fieldset key={group.key} className="schema-form__group document-settings__group">
          <legend>{t(`documents.admin.groups.${group.key}`)}</legend>
          <div className="schema-form__fields">
            {group.fields.map((field) => (
              <SettingInput
                key={field.path}
                id={fieldIdOf(field.path)}
                field={field}
                value={values[field.path]}
                error={problems.get(field.path) ?? null}
                disabled={busy}
                onChange={(value) => {
                  setSaved(false);
                  setValues((before) => ({ ...before, [field.path]: value }));
                }}
              />
            ))}
          </div>
        </fieldset>
      ))}
      {failure !== null && <ErrorMessage error={failure} />}
      <div className="document-editor__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('documents.admin.saving') : t('documents.admin.save')}
        </button>
        {/* Beside the button pressed (the top of the form is off screen by then); always in
            the page so that screen readers announce what appears in it. */}
        <p className="document-settings__saved" role="status">
          {saved && (
            <span className="badge badge--completed" data-testid="settings-saved">
              {t('documents.admin.saved')}
            </span>
          )}
        </p>
      </div>
    </form>
  );
}

function SettingInput({
  id,
  field,
  value,
  error,
  disabled,
  onChange,
}: {
  id: string;
  field: SettingField;
  value: string;
  error: string | null;
  disabled: boolean;
  onChange(value: string): void;
}) {
  const { t } = useTranslation();
  const hint = translateOptional(`documents.admin.hints.${field.path}`, '');
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  const common = {
    id,
    disabled,
    'aria-invalid': error !== null || undefined,
    'aria-required': field.required || undefined,
    'aria-describedby': describedBy || undefined,
  };
  return (
    <div className={`field${field.wide ? ' field--wide' : ''}`}>
      <label htmlFor={id}>
        {t(`documents.admin.fields.${field.path}`)}
        {!field.required && <span className="muted"> ({t('documents.form.optional')})</span>}
      </label>
      {/* Always there, empty or not: the row of hints lines up the inputs beside it. */}
      <p id={hint ? `${id}-hint` : undefined} className="field__hint">
        {hint}
      </p>
      {field.options ? (
        <select {...common} value={value} onChange={(event) => onChange(event.target.value)}>
          {field.options.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      ) : field.check === 'color' ? (
        <div className="document-settings__color">
          <input
            {...common}
            type="text"
            value={value}
            maxLength={7}
            spellCheck={false}
            onChange={(event) => onChange(event.target.value)}
          />
          <input
            type="color"
            aria-label={t('documents.admin.colorPicker')}
            value={checks.color.test(value) ? value : '#0b5394'}
            disabled={disabled}
            onChange={(event) => onChange(event.target.value)}
          />
        </div>
      ) : (
        <input
          {...common}
          type={field.path === 'custodian.phone' ? 'tel' : 'text'}
          value={value}
          maxLength={field.maxLength}
          spellCheck={false}
          autoComplete="off"
          onChange={(event) => onChange(event.target.value)}
        />
      )}
      {error && (
        <p id={`${id}-error`} className="field__error">
          {error}
        </p>
      )}
    </div>
  );
}

/** Clinicians who sign documents need their codice fiscale (the CDA names them by it). */
function SignersTable({ users }: { users: AdminUser[] }) {
  const { t } = useTranslation();
  const signers = users
    .filter((user) => user.role === 'doctor' || user.role === 'nurse')
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
  if (signers.length === 0) return <p className="empty">{t('documents.admin.noSigners')}</p>;
  return (
    <div className="table-wrap" role="region" aria-labelledby="document-signers" tabIndex={0}>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('admin.displayName')}</th>
            <th scope="col">{t('admin.username')}</th>
            <th scope="col">{t('admin.role')}</th>
            <th scope="col">{t('documents.admin.codiceFiscale')}</th>
          </tr>
        </thead>
        <tbody>
          {signers.map((user) => (
            <SignerRow key={user.id} user={user} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

const cfShape = /^[A-Z0-9]{16}$/;

function SignerRow({ user }: { user: AdminUser }) {
  const { t } = useTranslation();
  const id = useId();
  const [value, setValue] = useState(user.codiceFiscale ?? '');
  const [stored, setStored] = useState<string | null>(user.codiceFiscale ?? null);
  const [state, setState] = useState<
    | { status: 'idle' }
    | { status: 'saving' }
    | { status: 'saved' }
    | { status: 'error'; message: string }
  >({ status: 'idle' });

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = value.trim().toUpperCase();
    if (!cfShape.test(code)) {
      setState({ status: 'error', message: t('documents.admin.cfInvalid') });
      return;
    }
    setState({ status: 'saving' });
    try {
      const saved = await api.setUserCodiceFiscale(user.id, code);
      setValue(saved);
      setStored(saved);
      setState({ status: 'saved' });
    } catch (error) {
      const message =
        error instanceof ApiError && error.fieldErrors[0]
          ? error.fieldErrors[0].message
          : error instanceof ApiError && error.problem?.detail && error.status < 500
            ? error.problem.detail
            : t('errors.unexpected');
      setState({ status: 'error', message });
    }
  }

  const error = state.status === 'error' ? state.message : null;
  return (
    <tr data-user={user.username}>
      <th scope="row">{user.displayName}</th>
      <td className="mono">{user.username}</td>
      <td>{t(`roles.${user.role}`)}</td>
      <td>
        <form className="signer-form" onSubmit={(event) => void save(event)} noValidate>
          <label htmlFor={`${id}-cf`} className="visually-hidden">
            {t('documents.admin.cfFor', { name: user.displayName })}
          </label>
          <input
            id={`${id}-cf`}
            className="signer-form__input mono"
            value={value}
            maxLength={16}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={error !== null || undefined}
            aria-describedby={`${id}-status`}
            onChange={(event) => {
              setValue(event.target.value.toUpperCase());
              if (state.status !== 'saving') setState({ status: 'idle' });
            }}
          />
          <button
            type="submit"
            className="button button--secondary button--small"
            disabled={state.status === 'saving' || value.trim().toUpperCase() === (stored ?? '')}
          >
            {t('documents.admin.cfSave')}
            <span className="visually-hidden"> {user.displayName}</span>
          </button>
          <p id={`${id}-status`} className="signer-form__status" aria-live="polite">
            {state.status === 'saving' && (
              <span className="muted">{t('documents.admin.saving')}</span>
            )}
            {state.status === 'saved' && (
              <span className="badge badge--completed">{t('documents.admin.cfSaved')}</span>
            )}
            {error && <span className="field__error">{error}</span>}
          </p>
        </form>
      </td>
    </tr>
  );
}
