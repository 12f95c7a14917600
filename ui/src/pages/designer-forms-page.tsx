import { useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import * as api from '../api/endpoints';
import type { FormSummary } from '../api/types';
import { AsyncView } from '../components/async-view';
import { PageHeading } from '../components/page-heading';
import { useApi } from '../components/use-api';
import { localized, useLanguage } from '../components/use-language';
import { formEditorPath, type NewFormState } from '../forms/form-routes';

const formIdPattern = /^[a-z][a-z0-9-]{1,62}$/;

/** The designer's questionnaires: the tenant's own and the built-ins, and a new one. */
export function DesignerFormsPage() {
  const { t } = useTranslation();
  const forms = useApi((signal) => api.listForms(signal), []);
  return (
    <>
      <PageHeading title={t('forms.list.title')} intro={t('forms.list.intro')} />
      <AsyncView resource={forms}>
        {(items) => (
          <>
            <NewFormPanel existing={items} />
            <FormCatalogue forms={items} />
          </>
        )}
      </AsyncView>
    </>
  );
}

function NewFormPanel({ existing }: { existing: FormSummary[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const id = useId();
  const [formId, setFormId] = useState('');
  const [titleIt, setTitleIt] = useState('');
  const [titleEn, setTitleEn] = useState('');
  const [submitted, setSubmitted] = useState(false);

  const idError = !formIdPattern.test(formId)
    ? t('forms.list.idInvalid')
    : existing.some((form) => form.formId === formId)
      ? t('forms.list.idTaken')
      : null;
  const titleError = !titleIt.trim() || !titleEn.trim() ? t('forms.list.titlesRequired') : null;

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitted(true);
    if (idError || titleError) return;
    const state: NewFormState = { newForm: { title: { it: titleIt.trim(), en: titleEn.trim() } } };
    void navigate(formEditorPath(formId), { state });
  }

  return (
    <section className="panel new-form" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('forms.list.newTitle')}</h2>
      <p className="muted">{t('forms.list.newIntro')}</p>
      <form className="new-form__fields" onSubmit={handleSubmit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-id`}>{t('forms.list.formId')}</label>
          <input
            id={`${id}-id`}
            value={formId}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={(submitted && idError !== null) || undefined}
            aria-describedby={`${id}-id-hint`}
            onChange={(event) => setFormId(event.target.value.trim())}
          />
          <p id={`${id}-id-hint`} className={submitted && idError ? 'field__error' : 'field__hint'}>
            {submitted && idError ? idError : t('forms.list.idHint')}
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-it`}>{t('forms.editor.titleIt')}</label>
          <input
            id={`${id}-it`}
            value={titleIt}
            aria-invalid={(submitted && !titleIt.trim()) || undefined}
            onChange={(event) => setTitleIt(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-en`}>{t('forms.editor.titleEn')}</label>
          <input
            id={`${id}-en`}
            value={titleEn}
            aria-invalid={(submitted && !titleEn.trim()) || undefined}
            onChange={(event) => setTitleEn(event.target.value)}
          />
        </div>
        <div className="new-form__submit">
          <button type="submit" className="button button--primary">
            {t('forms.list.create')}
          </button>
        </div>
        {submitted && titleError && !idError && (
          <p className="field__error new-form__error" role="alert">
            {titleError}
          </p>
        )}
      </form>
    </section>
  );
}

function FormCatalogue({ forms }: { forms: FormSummary[] }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [filter, setFilter] = useState('');
  const filterId = useId();

  const visible = useMemo(() => {
    const needle = filter.trim().toLocaleLowerCase(language);
    return forms
      .filter(
        (form) =>
          !needle ||
          `${localized(form.title, language)} ${form.formId}`
            .toLocaleLowerCase(language)
            .includes(needle),
      )
      .sort((a, b) =>
        localized(a.title, language).localeCompare(localized(b.title, language), language),
      );
  }, [forms, filter, language]);

  return (
    <section aria-labelledby={`${filterId}-heading`}>
      <div className="toolbar">
        <h2 id={`${filterId}-heading`} className="toolbar__title">
          {t('forms.list.count', { count: forms.length })}
        </h2>
        <div className="field field--inline">
          <label htmlFor={filterId}>{t('forms.list.filter')}</label>
          <input
            id={filterId}
            type="search"
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
          />
        </div>
      </div>
      {visible.length === 0 ? (
        <p className="empty" role="status">
          {forms.length === 0 ? t('forms.list.empty') : t('forms.list.noMatch')}
        </p>
      ) : (
        <ul className="card-grid" aria-label={t('forms.list.title')}>
          {visible.map((form) => (
            <li key={form.formId} className="card pathway-card form-card">
              <div className="pathway-card__meta">
                <span className="tag">
                  {form.builtIn ? t('forms.list.builtIn') : t('forms.list.own')}
                </span>
              </div>
              <h3 className="pathway-card__title">
                <Link to={formEditorPath(form.formId)} className="form-card__link">
                  {localized(form.title, language)}
                </Link>
              </h3>
              <p className="form-card__versions">
                {form.latestPublished !== null ? (
                  <span className="badge badge--completed">
                    {t('forms.list.published', { version: form.latestPublished })}
                  </span>
                ) : (
                  <span className="badge badge--unknown">{t('forms.list.neverPublished')}</span>
                )}
                {form.draft !== null && (
                  <span className="badge badge--warning">
                    {t('forms.list.draft', { version: form.draft })}
                  </span>
                )}
              </p>
              <p className="pathway-card__description">
                {form.outputs.length > 0
                  ? t('forms.list.outputs', { keys: form.outputs.join(', ') })
                  : t('forms.list.noOutputs')}
              </p>
              <p className="pathway-card__footer">
                <span>
                  <span className="visually-hidden">{t('designer.identifier')}: </span>
                  <code>{form.formId}</code>
                </span>
                <span>{t('forms.list.versions', { count: form.versions.length })}</span>
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
