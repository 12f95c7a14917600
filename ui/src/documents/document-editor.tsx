import type { TFunction } from 'i18next';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import * as api from '../api/endpoints';
import type {
  ClinicalDocument,
  DocumentContentSchema,
  DocumentModel,
  JsonSchema,
  NewDocumentRequest,
} from '../api/types';
import { AsyncView } from '../components/async-view';
import { ErrorMessage, describeError } from '../components/error-message';
import { useApi } from '../components/use-api';
import { localized, useLanguage } from '../components/use-language';
import { RefusedRules } from './conformance-report';
import { newIdempotencyKey } from './document-format';
import {
  contentFormSchema,
  contentOf,
  fieldPaths,
  fromDraft,
  headerOf,
  isoToLocalInput,
  localInputToIso,
  normaliseProblemPath,
  toDraft,
  type DraftObject,
  type DraftProblem,
} from './json-schema';
import { fieldId, SchemaForm } from './schema-form';
import { pathLabel } from './schema-labels';

/** What the editor is for: a new document, or the next version of a current one. */
export type EditorTarget = { mode: 'new' } | { mode: 'version'; document: ClinicalDocument };

interface FieldProblem {
  path: string;
  message: string;
}

type Outcome =
  | null
  | { kind: 'problems'; problems: FieldProblem[] }
  | { kind: 'refused'; detail: string | null; rules: FieldProblem[] }
  | { kind: 'conflict'; detail: string }
  | { kind: 'error'; error: unknown };

const nrePattern = /^[0-9A-Z]{15}$/;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A doctor writes a clinical document: the type (for a new one), the clinical content in a
 * form generated from the type's JSON Schema, the encounter and the prescription (NRE). The
 * header (patient, author, custodian, facility) is the server's. A new version starts from
 * the content of the version it replaces.
 */
export function DocumentEditor({
  patientId,
  target,
  onSigned,
  onCancel,
}: {
  patientId: string;
  target: EditorTarget;
  onSigned(document: ClinicalDocument, created: boolean): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [chosenType, setChosenType] = useState('');
  const type = target.mode === 'version' ? target.document.type : chosenType;
  const replacesId = target.mode === 'version' ? target.document.id : null;
  const types = useApi(
    (signal) => (target.mode === 'new' ? api.listDocumentTypes(signal) : Promise.resolve([])),
    [target.mode],
  );
  const source = useApi(
    async (
      signal,
    ): Promise<{ schema: DocumentContentSchema; model: DocumentModel | null } | null> => {
      if (!type) return null;
      const [schema, model] = await Promise.all([
        api.documentContentSchema(type, signal),
        replacesId ? api.documentModel(replacesId, signal) : Promise.resolve(null),
      ]);
      return { schema, model };
    },
    [type, replacesId],
  );

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  const heading =
    target.mode === 'version'
      ? t('documents.editor.versionTitle', {
          title: target.document.title,
          version: target.document.version + 1,
        })
      : t('documents.editor.newTitle');

  return (
    <section className="document-editor" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
        {heading}
      </h3>
      <p className="muted">{t('documents.editor.intro')}</p>
      {target.mode === 'new' && (
        <AsyncView resource={types}>
          {(items) => (
            <div className="field document-editor__type">
              <label htmlFor={`${id}-type`}>{t('documents.editor.type')}</label>
              <select
                id={`${id}-type`}
                value={chosenType}
                onChange={(event) => setChosenType(event.target.value)}
              >
                <option value="">{t('documents.editor.chooseType')}</option>
                {/* PDF-only types (the telemonitoring summary) are assembled from the records,
                    not written: the generic endpoint cannot sign them. */}
                {items
                  .filter((item) => item.cda !== null)
                  .map((item) => (
                    <option key={item.type} value={item.type}>
                      {localized(item.title, language)}
                    </option>
                  ))}
              </select>
            </div>
          )}
        </AsyncView>
      )}
      {type ? (
        <AsyncView resource={source}>
          {(loaded) =>
            loaded && (
              <DocumentForm
                key={`${type}:${replacesId ?? ''}`}
                patientId={patientId}
                type={type}
                schema={loaded.schema.schema}
                model={loaded.model?.model ?? null}
                replacesId={replacesId}
                onSigned={onSigned}
                onCancel={onCancel}
              />
            )
          }
        </AsyncView>
      ) : (
        <div className="document-editor__actions">
          <button type="button" className="button button--ghost" onClick={onCancel}>
            {t('documents.editor.cancel')}
          </button>
        </div>
      )}
    </section>
  );
}

function ruleMessage(problem: DraftProblem, t: TFunction): string {
  return t(`documents.form.rules.${problem.rule}`, { limit: problem.limit ?? 0 });
}

function problemsByPath(problems: readonly FieldProblem[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const problem of problems) {
    const list = map.get(problem.path) ?? [];
    if (!list.includes(problem.message)) list.push(problem.message);
    map.set(problem.path, list);
  }
  return map;
}

function DocumentForm({
  patientId,
  type,
  schema,
  model,
  replacesId,
  onSigned,
  onCancel,
}: {
  patientId: string;
  type: string;
  schema: JsonSchema;
  model: Record<string, unknown> | null;
  replacesId: string | null;
  onSigned(document: ClinicalDocument, created: boolean): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const idBase = useId();
  const summaryRef = useRef<HTMLDivElement>(null);
  const formSchema = useMemo(() => contentFormSchema(schema), [schema]);
  const header = model ? headerOf(model) : {};
  const encounter = isRecord(header.encounter) ? header.encounter : {};
  const prescription = isRecord(header.prescription) ? header.prescription : {};

  const [draft, setDraft] = useState<DraftObject>(
    () => toDraft(formSchema, formSchema, model ? contentOf(model) : undefined) as DraftObject,
  );
  const [start, setStart] = useState(() =>
    typeof encounter.start === 'string'
      ? isoToLocalInput(encounter.start)
      : isoToLocalInput(new Date().toISOString()),
  );
  const [end, setEnd] = useState(() =>
    typeof encounter.end === 'string' ? isoToLocalInput(encounter.end) : '',
  );
  const [nre, setNre] = useState(() =>
    typeof prescription.nre === 'string' ? prescription.nre : '',
  );
  // One key per document being written, kept across retries until the server confirms.
  const idempotencyKey = useRef(newIdempotencyKey());
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);

  useEffect(() => {
    if (outcome && outcome.kind !== 'error') summaryRef.current?.focus();
  }, [outcome]);

  const problems = outcome?.kind === 'problems' ? outcome.problems : [];
  const errors = useMemo(() => problemsByPath(problems), [problems]);
  const ownPaths = useMemo(() => {
    const paths = fieldPaths(formSchema, formSchema, draft, 'content');
    for (const path of ['encounter.start', 'encounter.end', 'prescription.nre']) paths.add(path);
    return paths;
  }, [formSchema, draft]);

  function localProblems(): { problems: FieldProblem[]; body: NewDocumentRequest | null } {
    const converted = fromDraft(formSchema, formSchema, draft, 'content', true);
    const found: FieldProblem[] = converted.problems.map((problem) => ({
      path: problem.path,
      message: ruleMessage(problem, t),
    }));
    const startIso = start ? localInputToIso(start) : null;
    const endIso = end ? localInputToIso(end) : null;
    if (start && !startIso) {
      found.push({ path: 'encounter.start', message: t('documents.form.rules.dateTime') });
    }
    if (end && !endIso) {
      found.push({ path: 'encounter.end', message: t('documents.form.rules.dateTime') });
    }
    if (end && !start) {
      found.push({ path: 'encounter.start', message: t('documents.form.rules.required') });
    }
    if (startIso && endIso && Date.parse(endIso) < Date.parse(startIso)) {
      found.push({ path: 'encounter.end', message: t('documents.editor.endBeforeStart') });
    }
    const code = nre.trim().toUpperCase();
    if (code && !nrePattern.test(code)) {
      found.push({ path: 'prescription.nre', message: t('documents.editor.nreInvalid') });
    }
    if (found.length > 0) return { problems: found, body: null };
    const content = isRecord(converted.value) ? converted.value : {};
    return {
      problems: [],
      body: {
        content,
        ...(startIso ? { encounter: { start: startIso, ...(endIso ? { end: endIso } : {}) } } : {}),
        ...(code ? { prescription: { nre: code } } : {}),
        idempotencyKey: idempotencyKey.current,
      },
    };
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { problems: found, body } = localProblems();
    if (!body) {
      setOutcome({ kind: 'problems', problems: found });
      return;
    }
    setBusy(true);
    setOutcome(null);
    try {
      const { document, created } = replacesId
        ? await api.createDocumentVersion(replacesId, body)
        : await api.createDocument(patientId, { ...body, type });
      idempotencyKey.current = newIdempotencyKey();
      onSigned(document, created);
    } catch (error) {
      setOutcome(serverOutcome(error, t));
    } finally {
      setBusy(false);
    }
  }

  const encounterError = (path: string) => errors.get(path) ?? [];
  const encounterField = (
    path: 'encounter.start' | 'encounter.end' | 'prescription.nre',
    label: string,
    input: {
      value: string;
      onChange(value: string): void;
      type: 'datetime-local' | 'text';
      hint?: string;
      optional: boolean;
    },
  ) => {
    const fieldIdValue = fieldId(idBase, path);
    const messages = encounterError(path);
    const describedBy = [
      input.hint ? `${fieldIdValue}-hint` : '',
      messages.length ? `${fieldIdValue}-error` : '',
    ]
      .filter(Boolean)
      .join(' ');
    return (
      <div className="field">
        <label htmlFor={fieldIdValue}>
          {label}
          {input.optional && <span className="muted"> ({t('documents.form.optional')})</span>}
        </label>
        {input.hint && (
          <p id={`${fieldIdValue}-hint`} className="field__hint">
            {input.hint}
          </p>
        )}
        <input
          id={fieldIdValue}
          type={input.type}
          value={input.value}
          disabled={busy}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={messages.length > 0 || undefined}
          aria-describedby={describedBy || undefined}
          onChange={(event) => input.onChange(event.target.value)}
        />
        {messages.length > 0 && (
          <div id={`${fieldIdValue}-error`} className="field__errors">
            {messages.map((message) => (
              <p key={message} className="field__error">
                {message}
              </p>
            ))}
          </div>
        )}
      </div>
    );
  };

  return (
    <form className="document-form" onSubmit={(event) => void handleSubmit(event)} noValidate>
      <div aria-live="polite">
        {outcome && outcome.kind !== 'error' && (
          <OutcomeSummary
            outcome={outcome}
            summaryRef={summaryRef}
            linkable={ownPaths}
            idBase={idBase}
          />
        )}
      </div>

      <fieldset className="schema-form__group document-form__encounter">
        <legend>{t('documents.editor.encounterTitle')}</legend>
        <div className="schema-form__fields">
          {encounterField('encounter.start', t('documents.editor.encounterStart'), {
            value: start,
            onChange: setStart,
            type: 'datetime-local',
            hint: t('documents.editor.encounterStartHint'),
            optional: false,
          })}
          {encounterField('encounter.end', t('documents.editor.encounterEnd'), {
            value: end,
            onChange: setEnd,
            type: 'datetime-local',
            optional: true,
          })}
          {encounterField('prescription.nre', t('documents.editor.nre'), {
            value: nre,
            onChange: (value) => setNre(value.toUpperCase()),
            type: 'text',
            hint: t('documents.editor.nreHint'),
            optional: true,
          })}
        </div>
      </fieldset>

      <SchemaForm
        schema={formSchema}
        value={draft}
        onChange={setDraft}
        idBase={idBase}
        basePath="content"
        errors={errors}
        disabled={busy}
      />

      {outcome?.kind === 'error' && <ErrorMessage error={outcome.error} />}
      <div className="document-editor__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('documents.editor.signing') : t('documents.editor.sign')}
        </button>
        <button type="button" className="button button--ghost" onClick={onCancel} disabled={busy}>
          {t('documents.editor.cancel')}
        </button>
      </div>
    </form>
  );
}

/** A refused signature in words: the fields to fix, the FSE rules failed, or what to set up. */
function serverOutcome(error: unknown, t: TFunction): Outcome {
  if (!(error instanceof ApiError) || error.kind === 'network') return { kind: 'error', error };
  if (error.status === 422) {
    return { kind: 'refused', detail: error.problem?.detail ?? null, rules: error.fieldErrors };
  }
  if (error.status === 409) {
    return { kind: 'conflict', detail: error.problem?.detail ?? describeError(error, t) };
  }
  if (error.status === 400 && error.fieldErrors.length > 0) {
    return {
      kind: 'problems',
      problems: error.fieldErrors.map((field) => ({
        path: normaliseProblemPath(field.path),
        message: field.message,
      })),
    };
  }
  return { kind: 'error', error };
}

function OutcomeSummary({
  outcome,
  summaryRef,
  linkable,
  idBase,
}: {
  outcome: Exclude<Outcome, null | { kind: 'error' }>;
  summaryRef: RefObject<HTMLDivElement | null>;
  linkable: ReadonlySet<string>;
  idBase: string;
}) {
  const { t } = useTranslation();
  switch (outcome.kind) {
    case 'conflict':
      return (
        <div className="alert alert--error" role="alert" tabIndex={-1} ref={summaryRef}>
          <p className="alert__title">{t('documents.editor.conflict')}</p>
          <p>{outcome.detail}</p>
        </div>
      );
    case 'refused':
      return (
        <div
          className="alert alert--error document-form__refused"
          role="alert"
          tabIndex={-1}
          ref={summaryRef}
          data-testid="document-refused"
        >
          <p className="alert__title">
            {t('documents.editor.refused', { count: outcome.rules.length })}
          </p>
          <p>{t('documents.editor.refusedHint')}</p>
          <RefusedRules rules={outcome.rules} />
        </div>
      );
    case 'problems':
      return (
        <div
          className="alert alert--error error-summary"
          role="alert"
          tabIndex={-1}
          ref={summaryRef}
          data-testid="document-problems"
        >
          <p className="alert__title">
            {t('documents.editor.problems', { count: outcome.problems.length })}
          </p>
          <ul className="alert__list">
            {outcome.problems.map((problem) => {
              const where =
                problem.path && problem.path !== '(root)' ? pathLabel(problem.path) : '';
              const text = where ? `${where}: ${problem.message}` : problem.message;
              const target = fieldId(idBase, problem.path);
              return (
                <li key={`${problem.path}:${problem.message}`}>
                  {linkable.has(problem.path) ? (
                    <a
                      href={`#${target}`}
                      onClick={(event) => {
                        event.preventDefault();
                        document.getElementById(target)?.focus();
                      }}
                    >
                      {text}
                    </a>
                  ) : (
                    text
                  )}
                </li>
              );
            })}
          </ul>
        </div>
      );
  }
}
