import { useCallback, useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router-dom';
import { ApiError, type FieldProblem } from '../api/api-error';
import * as api from '../api/endpoints';
import type {
  FormCheckResult,
  FormDefinition,
  FormioSchema,
  FormOutput,
  FormVersion,
  LocalizedText,
} from '../api/types';
import { ConfirmDialog } from '../components/confirm-dialog';
import { ErrorMessage, describeError } from '../components/error-message';
import { PageHeading } from '../components/page-heading';
import { localized, useLanguage } from '../components/use-language';
import { FormBuilderView, type FormBuilderHandle } from '../forms/form-builder';
import { FormProblemList } from '../forms/form-problem-list';
import { isNewFormState } from '../forms/form-routes';
import { answerPath, blankDefinition, emptyText, outputCandidates } from '../forms/form-schema';
import { FormView } from '../forms/form-view';
import type { FormioForm } from '../forms/formio';
import { OutputsEditor } from '../forms/outputs-editor';
import { formatDateTime } from '../i18n/format';

type Loaded =
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  | { status: 'missing' }
  | {
      status: 'ready';
      definition: FormDefinition;
      versions: FormVersion[];
      /** True until the first draft is saved (the form does not exist on the server yet). */
      isNew: boolean;
    };

/** The text to compare for "unsaved changes": the definition as it would be sent. */
const snapshot = (definition: FormDefinition) => JSON.stringify(definition);

export function DesignerFormEditorPage() {
  const { formId = '' } = useParams();
  const location = useLocation();
  const newForm = isNewFormState(location.state) ? location.state.newForm : null;
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const { t } = useTranslation();

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    setLoaded({ status: 'loading' });
    (async (): Promise<Loaded> => {
      const known = (await api.listForms(signal)).some((form) => form.formId === formId);
      if (!known) {
        return newForm
          ? {
              status: 'ready',
              definition: blankDefinition(newForm.title),
              versions: [],
              isNew: true,
            }
          : { status: 'missing' };
      }
      const versions = await api.listFormVersions(formId, signal);
      const draft = versions.find((version) => version.status === 'draft');
      const published = versions.find((version) => version.status === 'published');
      const start = draft
        ? await api.getFormDraft(formId, signal)
        : await api.getFormVersion(formId, (published ?? versions[0])!.version, signal);
      return { status: 'ready', definition: start.definition, versions, isNew: false };
    })()
      .then((result) => {
        if (!signal.aborted) setLoaded(result);
      })
      .catch((error: unknown) => {
        if (!signal.aborted) setLoaded({ status: 'error', error });
      });
    return () => controller.abort();
    // The router state only matters for the first load of a new id.
  }, [formId, attempt]);

  const heading = (title: string) => (
    <PageHeading
      title={title}
      intro={t('forms.editor.intro')}
      actions={
        <Link to="/designer/questionari" className="button button--ghost button--nowrap">
          ← {t('forms.editor.backToList')}
        </Link>
      }
    />
  );

  if (loaded.status === 'loading') {
    return (
      <>
        {heading(formId)}
        <p className="loading" role="status">
          <span className="spinner" aria-hidden="true" />
          {t('app.loading')}
        </p>
      </>
    );
  }
  if (loaded.status === 'error') {
    return (
      <>
        {heading(formId)}
        <ErrorMessage error={loaded.error} onRetry={() => setAttempt((n) => n + 1)} />
      </>
    );
  }
  if (loaded.status === 'missing') {
    return (
      <>
        {heading(formId)}
        <p className="empty">{t('forms.editor.missing', { formId })}</p>
      </>
    );
  }
  return (
    <FormEditor
      key={`${formId}:${attempt}`}
      formId={formId}
      initial={loaded.definition}
      initialVersions={loaded.versions}
      isNew={loaded.isNew}
      heading={heading}
    />
  );
}

type SaveState =
  | { status: 'idle' }
  | { status: 'saving' }
  | { status: 'saved'; version: number }
  | { status: 'published'; version: number }
  | { status: 'failed'; error: unknown };

type CheckState =
  | { status: 'idle' }
  | { status: 'running' }
  | { status: 'done'; result: FormCheckResult }
  | { status: 'failed'; error: unknown };

function FormEditor({
  formId,
  initial,
  initialVersions,
  isNew,
  heading,
}: {
  formId: string;
  initial: FormDefinition;
  initialVersions: FormVersion[];
  isNew: boolean;
  heading: (title: string) => ReactNode;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const ids = {
    details: useId(),
    builder: useId(),
    outputs: useId(),
    preview: useId(),
    versions: useId(),
  };
  const builderRef = useRef<FormBuilderHandle>(null);
  const previewForm = useRef<FormioForm | null>(null);
  const titleItRef = useRef<HTMLInputElement>(null);
  const descriptionItRef = useRef<HTMLTextAreaElement>(null);

  const [definition, setDefinition] = useState<FormDefinition>(initial);
  const [saved, setSaved] = useState(() => (isNew ? '' : snapshot(initial)));
  const [versions, setVersions] = useState<FormVersion[]>(initialVersions);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [saveState, setSaveState] = useState<SaveState>({ status: 'idle' });
  const [previewOpen, setPreviewOpen] = useState(false);
  const [device, setDevice] = useState<'desktop' | 'phone'>('phone');
  const [check, setCheck] = useState<CheckState>({ status: 'idle' });
  const [confirming, setConfirming] = useState(false);
  const [builderSchema] = useState<FormioSchema>(initial.schema);

  const dirty = snapshot(definition) !== saved;
  const draft = versions.find((version) => version.status === 'draft') ?? null;
  const published = versions.find((version) => version.status === 'published') ?? null;
  const candidates = useMemo(
    () => outputCandidates(definition.schema.components),
    [definition.schema],
  );
  const busy = saveState.status === 'saving';

  // Leaving with unsaved changes asks first (reload, closing the tab).
  useEffect(() => {
    if (!dirty) return undefined;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const onSchemaChange = useCallback((schema: FormioSchema) => {
    setDefinition((current) => ({ ...current, schema }));
  }, []);

  function setText(field: 'title' | 'description', lang: 'it' | 'en', value: string) {
    setDefinition((current) => {
      const base: LocalizedText = current[field] ?? emptyText;
      const next = { ...base, [lang]: value };
      if (field === 'description' && !next.it && !next.en) {
        const copy = { ...current };
        delete copy.description;
        return copy;
      }
      return { ...current, [field]: next };
    });
  }

  async function reloadVersions() {
    try {
      setVersions(await api.listFormVersions(formId));
    } catch {
      // The list is informative: the save itself already succeeded.
    }
  }

  async function saveDraft(): Promise<boolean> {
    setSaveState({ status: 'saving' });
    setProblems([]);
    const sent = definition;
    try {
      const form = await api.saveFormDraft(formId, sent);
      setSaved(snapshot(sent));
      setSaveState({ status: 'saved', version: form.version });
      setCheck({ status: 'idle' });
      await reloadVersions();
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.fieldErrors.length > 0) {
        setProblems(error.fieldErrors);
      }
      setSaveState({ status: 'failed', error });
      return false;
    }
  }

  async function publish() {
    setSaveState({ status: 'saving' });
    setProblems([]);
    try {
      const form = await api.publishForm(formId);
      setConfirming(false);
      setSaveState({ status: 'published', version: form.version });
      await reloadVersions();
    } catch (error) {
      setConfirming(false);
      if (error instanceof ApiError && error.fieldErrors.length > 0) {
        setProblems(error.fieldErrors);
      }
      setSaveState({ status: 'failed', error });
    }
  }

  /** Which saved version the server check runs against: the shown text must be saved. */
  const checkTarget: number | 'draft' | null = dirty
    ? null
    : draft
      ? 'draft'
      : (published?.version ?? null);

  async function runCheck() {
    const form = previewForm.current;
    if (!form || checkTarget === null) return;
    setCheck({ status: 'running' });
    try {
      const result = await api.checkFormAnswers(formId, checkTarget, form.submission.data);
      setCheck({ status: 'done', result });
      if (!result.ok) {
        const errors = result.errors.map((e) => ({
          message: e.message,
          path: answerPath(e.path),
          fromServer: true,
          level: 'error' as const,
        }));
        form.serverErrors = errors; // cleared by Form.io at the next submission
        form.showErrors(errors);
      } else {
        form.setAlert(false);
      }
    } catch (error) {
      setCheck({ status: 'failed', error });
    }
  }

  const outputProblemKeys = new Set(
    problems
      .map((problem) => /^body\.outputs\.([^.]+)/.exec(problem.path)?.[1])
      .filter((key): key is string => Boolean(key)),
  );

  const versionNote = draft
    ? t('forms.editor.editingDraft', { version: draft.version })
    : published
      ? t('forms.editor.editingPublished', {
          version: published.version,
          next: Math.max(...versions.map((v) => v.version)) + 1,
        })
      : t('forms.editor.editingNew');

  return (
    <>
      {heading(localized(definition.title, language) || formId)}

      <div className="form-editor__bar" role="region" aria-label={t('forms.editor.actions')}>
        <div className="form-editor__buttons">
          <button
            type="button"
            className="button button--primary"
            onClick={() => void saveDraft()}
            disabled={busy}
          >
            {busy ? t('forms.editor.saving') : t('forms.editor.saveDraft')}
          </button>
          <button
            type="button"
            className="button button--secondary"
            aria-expanded={previewOpen}
            aria-controls={ids.preview}
            onClick={() => setPreviewOpen((open) => !open)}
          >
            {previewOpen ? t('forms.editor.closePreview') : t('forms.editor.preview')}
          </button>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => setConfirming(true)}
            disabled={busy || dirty || !draft}
            aria-describedby={`${ids.details}-publish-hint`}
          >
            {t('forms.editor.publish')}
          </button>
        </div>
        <p className="form-editor__state" aria-live="polite">
          <span className="muted">
            <code>{formId}</code> · {versionNote}
          </span>
          {dirty ? (
            <span className="badge badge--warning">{t('forms.editor.unsaved')}</span>
          ) : saveState.status === 'saved' ? (
            <span className="badge badge--completed" data-testid="draft-saved">
              {t('forms.editor.saved', { version: saveState.version })}
            </span>
          ) : saveState.status === 'published' ? (
            <span className="badge badge--completed" data-testid="form-published">
              {t('forms.editor.publishedNow', { version: saveState.version })}
            </span>
          ) : null}
        </p>
        <p id={`${ids.details}-publish-hint`} className="visually-hidden">
          {t('forms.editor.publishHint')}
        </p>
      </div>

      {saveState.status === 'failed' && (
        <div className="form-editor__problems" data-testid="form-problems">
          {problems.length > 0 ? (
            <div className="alert alert--error" role="alert">
              <p className="alert__title">
                {t('forms.editor.problems', { count: problems.length })}
              </p>
              <p>{t('forms.editor.problemsHint')}</p>
            </div>
          ) : (
            <ErrorMessage error={saveState.error} message={describeError(saveState.error, t)} />
          )}
          {problems.length > 0 && (
            <FormProblemList
              problems={problems}
              definition={definition}
              onRevealComponent={(component) => builderRef.current?.reveal(component) ?? false}
              onRevealOutput={(key) =>
                document
                  .querySelector<HTMLElement>(`[data-output="${CSS.escape(key)}"] select`)
                  ?.focus()
              }
              onRevealField={(field) =>
                (field === 'title' ? titleItRef.current : descriptionItRef.current)?.focus()
              }
            />
          )}
        </div>
      )}

      <section className="panel form-editor__details" aria-labelledby={`${ids.details}-title`}>
        <h2 id={`${ids.details}-title`}>{t('forms.editor.details')}</h2>
        <div className="form-editor__grid">
          <div className="field">
            <label htmlFor={`${ids.details}-title-it`}>{t('forms.editor.titleIt')}</label>
            <input
              ref={titleItRef}
              id={`${ids.details}-title-it`}
              value={definition.title.it}
              onChange={(event) => setText('title', 'it', event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${ids.details}-title-en`}>{t('forms.editor.titleEn')}</label>
            <input
              id={`${ids.details}-title-en`}
              value={definition.title.en}
              onChange={(event) => setText('title', 'en', event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${ids.details}-desc-it`}>{t('forms.editor.descriptionIt')}</label>
            <textarea
              ref={descriptionItRef}
              id={`${ids.details}-desc-it`}
              rows={2}
              value={definition.description?.it ?? ''}
              onChange={(event) => setText('description', 'it', event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${ids.details}-desc-en`}>{t('forms.editor.descriptionEn')}</label>
            <textarea
              id={`${ids.details}-desc-en`}
              rows={2}
              value={definition.description?.en ?? ''}
              onChange={(event) => setText('description', 'en', event.target.value)}
            />
          </div>
        </div>
      </section>

      <section className="panel form-editor__builder" aria-labelledby={`${ids.builder}-title`}>
        <h2 id={`${ids.builder}-title`}>{t('forms.editor.components')}</h2>
        <p className="muted">{t('forms.editor.componentsHint')}</p>
        <FormBuilderView schema={builderSchema} onChange={onSchemaChange} handle={builderRef} />
      </section>

      <section className="panel" aria-labelledby={`${ids.outputs}-title`}>
        <h2 id={`${ids.outputs}-title`}>{t('forms.outputs.title')}</h2>
        <p className="muted">{t('forms.outputs.intro')}</p>
        <OutputsEditor
          outputs={definition.outputs}
          candidates={candidates}
          invalidKeys={outputProblemKeys}
          onChange={(outputs: Record<string, FormOutput>) =>
            setDefinition((current) => ({ ...current, outputs }))
          }
        />
      </section>

      <section
        id={ids.preview}
        className="panel form-preview"
        aria-labelledby={`${ids.preview}-title`}
        hidden={!previewOpen}
      >
        <div className="form-preview__head">
          <h2 id={`${ids.preview}-title`}>{t('forms.preview.title')}</h2>
          <fieldset className="segmented">
            <legend>{t('forms.preview.device')}</legend>
            {(['phone', 'desktop'] as const).map((option) => (
              <label key={option} className="segmented__option">
                <input
                  type="radio"
                  name={`${ids.preview}-device`}
                  value={option}
                  checked={device === option}
                  onChange={() => setDevice(option)}
                />
                <span>{t(`forms.preview.${option}`)}</span>
              </label>
            ))}
          </fieldset>
        </div>
        <p className="muted">{t('forms.preview.intro')}</p>
        <div className="form-preview__check">
          <button
            type="button"
            className="button button--secondary"
            onClick={() => void runCheck()}
            disabled={checkTarget === null || check.status === 'running'}
          >
            {check.status === 'running' ? t('forms.preview.checking') : t('forms.preview.check')}
          </button>
          {checkTarget === null && <span className="muted">{t('forms.preview.saveFirst')}</span>}
          <CheckOutcome check={check} definition={definition} />
        </div>
        {previewOpen && (
          <div className={`device-frame device-frame--${device}`} data-testid="form-preview">
            <div className="device-frame__screen form-fill form-fill--patient">
              <p className="form-fill__title">{localized(definition.title, language)}</p>
              {definition.description && (
                <p className="form-fill__description">
                  {localized(definition.description, language)}
                </p>
              )}
              <FormView
                schema={definition.schema}
                className="formio-fill"
                onReady={(form) => (previewForm.current = form)}
                onSubmit={async () => {
                  await runCheck();
                  return null;
                }}
              />
            </div>
          </div>
        )}
      </section>

      <section className="panel" aria-labelledby={`${ids.versions}-title`}>
        <h2 id={`${ids.versions}-title`}>{t('forms.versions.title')}</h2>
        <VersionTable versions={versions} />
      </section>

      <ConfirmDialog
        open={confirming}
        title={t('forms.publish.title', { version: draft?.version ?? '' })}
        confirmLabel={t('forms.publish.confirm')}
        cancelLabel={t('forms.publish.cancel')}
        busy={busy}
        onConfirm={() => void publish()}
        onCancel={() => setConfirming(false)}
      >
        <p>{t('forms.publish.body', { version: draft?.version ?? '' })}</p>
      </ConfirmDialog>
    </>
  );
}

function CheckOutcome({ check, definition }: { check: CheckState; definition: FormDefinition }) {
  const { t } = useTranslation();
  const language = useLanguage();
  if (check.status === 'failed') return <ErrorMessage error={check.error} />;
  if (check.status !== 'done') return null;
  const { result } = check;
  if (!result.ok) {
    return (
      <div className="alert alert--error" role="status" data-testid="check-outcome">
        <p className="alert__title">
          {t('forms.preview.checkFailed', { count: result.errors.length })}
        </p>
        <ul className="alert__list">
          {result.errors.map((error) => (
            <li key={`${error.path}:${error.rule}`}>
              <code>{answerPath(error.path)}</code> — {error.message}
            </li>
          ))}
        </ul>
      </div>
    );
  }
  const outputs = Object.entries(result.outputs);
  return (
    <div className="alert alert--success" role="status" data-testid="check-outcome">
      <p className="alert__title">{t('forms.preview.checkOk')}</p>
      {outputs.length > 0 && (
        <ul className="alert__list">
          {outputs.map(([key, value]) => (
            <li key={key}>
              {localized(definition.outputs[key]?.title, language) || key}:{' '}
              <strong>{String(value)}</strong>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function VersionTable({ versions }: { versions: FormVersion[] }) {
  const { t } = useTranslation();
  const language = useLanguage();
  if (versions.length === 0) return <p className="muted">{t('forms.versions.none')}</p>;
  return (
    <div className="table-wrap">
      <table className="table table--compact">
        <thead>
          <tr>
            <th scope="col">{t('forms.versions.version')}</th>
            <th scope="col">{t('forms.versions.status')}</th>
            <th scope="col">{t('forms.versions.created')}</th>
            <th scope="col">{t('forms.versions.publishedCol')}</th>
          </tr>
        </thead>
        <tbody>
          {[...versions]
            .sort((a, b) => b.version - a.version)
            .map((version) => (
              <tr key={version.version}>
                <th scope="row">v{version.version}</th>
                <td>
                  <span
                    className={`badge ${version.status === 'published' ? 'badge--completed' : 'badge--warning'}`}
                  >
                    {t(`forms.versions.statuses.${version.status}`)}
                  </span>
                  {version.builtIn && <span className="muted"> · {t('forms.list.builtIn')}</span>}
                </td>
                <td>
                  {formatDateTime(version.createdAt, language)}
                  {version.createdBy && <span className="muted"> · {version.createdBy}</span>}
                </td>
                <td>
                  {version.publishedAt ? (
                    <>
                      {formatDateTime(version.publishedAt, language)}
                      {version.publishedBy && (
                        <span className="muted"> · {version.publishedBy}</span>
                      )}
                    </>
                  ) : (
                    t('app.none')
                  )}
                </td>
              </tr>
            ))}
        </tbody>
      </table>
    </div>
  );
}
