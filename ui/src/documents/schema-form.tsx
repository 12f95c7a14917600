import type { TFunction } from 'i18next';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { JsonSchema } from '../api/types';
import {
  fieldKind,
  hasContent,
  newItemDraft,
  resolveSchema,
  type Draft,
  type DraftObject,
} from './json-schema';
import { enumLabel, fieldHint, fieldLabel } from './schema-labels';

/** The id of the field (or group) shown for `path`, so an error summary can move focus to it. */
export function fieldId(idBase: string, path: string): string {
  return `${idBase}-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

interface FormContext {
  root: JsonSchema;
  idBase: string;
  /** Messages by path (`content.services.0.time`), the form's own and the server's. */
  errors: ReadonlyMap<string, readonly string[]>;
  disabled: boolean;
}

const Context = createContext<FormContext | null>(null);

function useFormContext(): FormContext {
  const context = useContext(Context);
  if (!context) throw new Error('SchemaField outside SchemaForm');
  return context;
}

function errorsUnder(errors: ReadonlyMap<string, readonly string[]>, path: string): boolean {
  for (const key of errors.keys()) if (key === path || key.startsWith(`${path}.`)) return true;
  return false;
}

/**
 * A form generated from the JSON Schema of a document's content: text inputs (text areas for
 * long or free text), selects for enums, number inputs, checkboxes, add/remove lists, a
 * repeatable group per entry of a list of objects, a group per nested object (collapsed when
 * optional and empty). Labels come from the schema's title or the catalogue's wording of the
 * key; every field carries its errors under it and `aria-invalid`.
 */
export function SchemaForm({
  schema,
  value,
  onChange,
  idBase,
  basePath,
  errors,
  disabled = false,
}: {
  schema: JsonSchema;
  value: DraftObject;
  onChange(value: DraftObject): void;
  idBase: string;
  basePath: string;
  errors: ReadonlyMap<string, readonly string[]>;
  disabled?: boolean;
}) {
  const kind = fieldKind(schema, schema);
  if (kind.kind !== 'object') return null;
  return (
    <Context.Provider value={{ root: schema, idBase, errors, disabled }}>
      <div className="schema-form">
        <GroupErrors path={basePath} />
        {kind.properties.map(([key, property]) => (
          <SchemaField
            key={key}
            name={key}
            schema={property}
            path={`${basePath}.${key}`}
            required={kind.required.has(key)}
            value={value[key]}
            onChange={(next) => onChange({ ...value, [key]: next })}
          />
        ))}
      </div>
    </Context.Provider>
  );
}

interface FieldProps {
  name: string;
  schema: JsonSchema;
  path: string;
  required: boolean;
  value: Draft | undefined;
  onChange(value: Draft): void;
  /** Overrides the label (a list's entries). */
  label?: string;
  /** The key of the group the field is in: `root` reads differently in `booking` and in `plan`. */
  parent?: string;
}

function SchemaField(props: FieldProps) {
  const { root } = useFormContext();
  const resolved = resolveSchema(props.schema, root);
  const kind = fieldKind(resolved, root, props.name);
  switch (kind.kind) {
    case 'const':
      return null;
    case 'object':
      return <ObjectField {...props} schema={resolved} />;
    case 'list':
      return kind.itemKind === 'object' ? (
        <ObjectListField {...props} schema={resolved} item={kind.item} />
      ) : (
        <ValueListField {...props} schema={resolved} item={kind.item} />
      );
    case 'text':
    case 'enum':
    case 'number':
    case 'boolean':
    case 'json':
      return <ValueField {...props} schema={resolved} />;
  }
}

function FieldErrors({ id, messages }: { id: string; messages: readonly string[] }) {
  if (messages.length === 0) return null;
  return (
    <div id={id} className="field__errors">
      {messages.map((message) => (
        <p key={message} className="field__error">
          {message}
        </p>
      ))}
    </div>
  );
}

function OptionalMark() {
  const { t } = useTranslation();
  return <span className="muted"> ({t('documents.form.optional')})</span>;
}

/** One input: text, text area, date, date and time, select, number, checkbox or JSON text. */
function ValueField({ name, schema, path, required, value, onChange, label, parent }: FieldProps) {
  const { t } = useTranslation();
  const { root, idBase, errors, disabled } = useFormContext();
  const kind = fieldKind(schema, root, name);
  const id = fieldId(idBase, path);
  const text = typeof value === 'string' ? value : '';
  const messages = errors.get(path) ?? [];
  const invalid = messages.length > 0;
  const shown = label ?? fieldLabel(name, schema, parent);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const hint = schema.title
    ? schema.description
    : (fieldHint(name, schema, parent) ?? formatHint(kind, t));
  const describedBy = [hint ? hintId : '', invalid ? errorId : ''].filter(Boolean).join(' ');
  const common = {
    id,
    disabled,
    'aria-invalid': invalid || undefined,
    'aria-required': required || undefined,
    'aria-describedby': describedBy || undefined,
  };

  if (kind.kind === 'boolean') {
    return (
      <div className="field field--check">
        <label>
          <input
            {...common}
            type="checkbox"
            checked={value === true}
            onChange={(event) => onChange(event.target.checked)}
          />{' '}
          {shown}
        </label>
        {hint && (
          <p id={hintId} className="field__hint">
            {hint}
          </p>
        )}
        <FieldErrors id={errorId} messages={messages} />
      </div>
    );
  }

  let control: ReactNode;
  if (kind.kind === 'enum') {
    control = (
      <select {...common} value={text} onChange={(event) => onChange(event.target.value)}>
        <option value="">
          {required ? t('documents.form.choose') : t('documents.form.noChoice')}
        </option>
        {kind.options.map((option) => (
          <option key={String(option)} value={String(option)}>
            {enumLabel(option)}
          </option>
        ))}
      </select>
    );
  } else if (kind.kind === 'number') {
    control = (
      <input
        {...common}
        type="number"
        inputMode={kind.integer ? 'numeric' : 'decimal'}
        step={kind.integer ? 1 : 'any'}
        min={schema.minimum}
        max={schema.maximum}
        value={text}
        onChange={(event) => onChange(event.target.value)}
      />
    );
  } else if (kind.kind === 'json') {
    control = (
      <textarea
        {...common}
        className="schema-form__json"
        rows={4}
        spellCheck={false}
        value={text}
        onChange={(event) => onChange(event.target.value)}
      />
    );
  } else if (kind.kind === 'text' && kind.multiline) {
    control = (
      <textarea
        {...common}
        rows={(schema.maxLength ?? 0) > 2000 ? 6 : 3}
        maxLength={schema.maxLength}
        value={text}
        onChange={(event) => onChange(event.target.value)}
      />
    );
  } else {
    const format = kind.kind === 'text' ? kind.format : null;
    control = (
      <input
        {...common}
        type={
          format === 'date'
            ? 'date'
            : format === 'date-time'
              ? 'datetime-local'
              : format === 'email'
                ? 'email'
                : 'text'
        }
        maxLength={format === null ? schema.maxLength : undefined}
        autoComplete="off"
        value={text}
        onChange={(event) => onChange(event.target.value)}
      />
    );
  }

  return (
    <div className={`field${kind.kind === 'text' && kind.multiline ? ' field--wide' : ''}`}>
      <label htmlFor={id}>
        {shown}
        {!required && <OptionalMark />}
      </label>
      {hint && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
      {control}
      <FieldErrors id={errorId} messages={messages} />
    </div>
  );
}

function formatHint(kind: ReturnType<typeof fieldKind>, t: TFunction): string | undefined {
  if (kind.kind === 'json') return t('documents.form.jsonHint');
  return undefined;
}

/** The group's own errors (a rule on the whole group), focusable from the error summary. */
function GroupErrors({ path }: { path: string }) {
  const { idBase, errors } = useFormContext();
  const messages = errors.get(path) ?? [];
  if (messages.length === 0) return null;
  return (
    <div id={fieldId(idBase, path)} className="field__errors" tabIndex={-1}>
      {messages.map((message) => (
        <p key={message} className="field__error">
          {message}
        </p>
      ))}
    </div>
  );
}

function ObjectFields({
  schema,
  path,
  value,
  onChange,
  parent,
}: {
  schema: JsonSchema;
  path: string;
  value: Draft | undefined;
  onChange(value: Draft): void;
  /** The group's own key, for the wording of its fields. */
  parent: string;
}) {
  const { root } = useFormContext();
  const kind = fieldKind(schema, root);
  if (kind.kind !== 'object') return null;
  const source: DraftObject =
    value && typeof value === 'object' && !Array.isArray(value) ? value : {};
  return (
    <div className="schema-form__fields">
      {kind.properties.map(([key, property]) => (
        <SchemaField
          key={key}
          name={key}
          schema={property}
          path={`${path}.${key}`}
          required={kind.required.has(key)}
          value={source[key]}
          parent={parent}
          onChange={(next) => onChange({ ...source, [key]: next })}
        />
      ))}
    </div>
  );
}

/** A nested object: a group; an optional one is collapsed until opened or filled in. */
function ObjectField({ name, schema, path, required, value, onChange, label, parent }: FieldProps) {
  const { errors } = useFormContext();
  const shown = label ?? fieldLabel(name, schema, parent);
  const hint = fieldHint(name, schema, parent);
  const withErrors = errorsUnder(errors, path);
  const [open, setOpen] = useState(() => hasContent(value) || withErrors);
  useEffect(() => {
    if (withErrors) setOpen(true);
  }, [withErrors]);

  const body = (
    <>
      {hint && <p className="field__hint">{hint}</p>}
      <GroupErrors path={path} />
      <ObjectFields schema={schema} path={path} value={value} onChange={onChange} parent={name} />
    </>
  );

  if (required) {
    return (
      <fieldset className="schema-form__group">
        <legend>{shown}</legend>
        {body}
      </fieldset>
    );
  }
  return (
    <details
      className="schema-form__optional"
      open={open}
      onToggle={(event) => setOpen(event.currentTarget.open)}
    >
      <summary>
        {shown}
        <OptionalMark />
      </summary>
      <fieldset className="schema-form__group schema-form__group--plain">
        <legend className="visually-hidden">{shown}</legend>
        {body}
      </fieldset>
    </details>
  );
}

interface ListProps extends FieldProps {
  item: JsonSchema;
}

function listLimits(schema: JsonSchema, count: number) {
  return {
    canAdd: schema.maxItems === undefined || count < schema.maxItems,
    canRemove: count > (schema.minItems ?? 0),
  };
}

/**
 * The frame both kinds of list share: legend (with "optional"), hint, the list's own errors,
 * "none yet", the entries, and the add button when one more is allowed.
 */
function ListFieldset({
  shown,
  optional,
  hint,
  path,
  empty,
  onAdd,
  children,
}: {
  shown: string;
  optional: boolean;
  hint: string | null | undefined;
  path: string;
  empty: boolean;
  onAdd: (() => void) | null;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const { disabled } = useFormContext();
  return (
    <fieldset className="schema-form__group schema-form__list">
      <legend>
        {shown}
        {optional && <OptionalMark />}
      </legend>
      {hint && <p className="field__hint">{hint}</p>}
      <GroupErrors path={path} />
      {empty && <p className="muted schema-form__none">{t('documents.form.none')}</p>}
      {children}
      {onAdd && (
        <button
          type="button"
          className="button button--secondary button--small schema-form__add"
          disabled={disabled}
          onClick={onAdd}
        >
          {t('documents.form.add')}
          <span className="visually-hidden">: {shown}</span>
        </button>
      )}
    </fieldset>
  );
}

/** A list of objects (diagnoses, services…): one group per entry, added and removed at will. */
function ObjectListField({
  name,
  schema,
  path,
  required,
  value,
  onChange,
  label,
  item,
  parent,
}: ListProps) {
  const { t } = useTranslation();
  const { root, disabled } = useFormContext();
  const shown = label ?? fieldLabel(name, schema, parent);
  const hint = fieldHint(name, schema, parent);
  const items = Array.isArray(value) ? value : [];
  const { canAdd, canRemove } = listLimits(schema, items.length);
  return (
    <ListFieldset
      shown={shown}
      optional={!required && (schema.minItems ?? 0) === 0}
      hint={hint}
      path={path}
      empty={items.length === 0}
      onAdd={canAdd ? () => onChange([...items, newItemDraft(item, root, name)]) : null}
    >
      {items.map((entry, index) => {
        const entryLabel = t('documents.form.entry', { label: shown, n: index + 1 });
        return (
          // Entries have no identity of their own: the index is what the server's errors name.
          <fieldset key={index} className="schema-form__item">
            <legend>{entryLabel}</legend>
            <GroupErrors path={`${path}.${index}`} />
            <ObjectFields
              schema={item}
              path={`${path}.${index}`}
              parent={name}
              value={entry}
              onChange={(next) => onChange(items.map((old, i) => (i === index ? next : old)))}
            />
            {canRemove && (
              <button
                type="button"
                className="button button--ghost button--small schema-form__remove"
                disabled={disabled}
                onClick={() => onChange(items.filter((_, i) => i !== index))}
              >
                {t('documents.form.remove')}
                <span className="visually-hidden"> {entryLabel}</span>
              </button>
            )}
          </fieldset>
        );
      })}
    </ListFieldset>
  );
}

/** A list of plain values (codes, lines of text): one input per entry with its remove button. */
function ValueListField({
  name,
  schema,
  path,
  required,
  value,
  onChange,
  label,
  item,
  parent,
}: ListProps) {
  const { t } = useTranslation();
  const { root, disabled } = useFormContext();
  const shown = label ?? fieldLabel(name, schema, parent);
  const hint = fieldHint(name, schema, parent);
  const items = Array.isArray(value) ? value : [];
  const { canAdd, canRemove } = listLimits(schema, items.length);
  return (
    <ListFieldset
      shown={shown}
      optional={!required && (schema.minItems ?? 0) === 0}
      hint={hint}
      path={path}
      empty={items.length === 0}
      onAdd={canAdd ? () => onChange([...items, newItemDraft(item, root, name)]) : null}
    >
      <ul className="schema-form__values">
        {items.map((entry, index) => {
          const entryLabel = t('documents.form.entry', { label: shown, n: index + 1 });
          return (
            <li key={index} className="schema-form__value">
              <SchemaField
                name={name}
                schema={item}
                path={`${path}.${index}`}
                required
                value={entry}
                label={entryLabel}
                parent={parent}
                onChange={(next) => onChange(items.map((old, i) => (i === index ? next : old)))}
              />
              {canRemove && (
                <button
                  type="button"
                  className="button button--ghost button--small"
                  disabled={disabled}
                  onClick={() => onChange(items.filter((_, i) => i !== index))}
                >
                  {t('documents.form.remove')}
                  <span className="visually-hidden"> {entryLabel}</span>
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </ListFieldset>
  );
}
