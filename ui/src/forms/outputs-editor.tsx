import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormOutput, FormOutputType } from '../api/types';
import type { InputField } from './form-schema';

const outputTypes: FormOutputType[] = ['number', 'string', 'boolean'];

interface OutputsEditorProps {
  outputs: Record<string, FormOutput>;
  /** The form's inputs that can become outputs (single answers outside data grids). */
  candidates: InputField[];
  onChange: (outputs: Record<string, FormOutput>) => void;
  /** Keys with a server problem, highlighted. */
  invalidKeys?: ReadonlySet<string>;
}

/**
 * "Uscite verso il percorso": which answers or scores leave the form as pathway data points,
 * with their type and titles. A pathway step's `produces` names these keys.
 */
export function OutputsEditor({ outputs, candidates, onChange, invalidKeys }: OutputsEditorProps) {
  const { t } = useTranslation();
  const id = useId();
  const [adding, setAdding] = useState('');
  const entries = Object.entries(outputs);
  const available = candidates.filter((field) => !(field.key in outputs));
  const byKey = new Map(candidates.map((field) => [field.key, field]));

  function update(key: string, change: Partial<FormOutput>) {
    const current = outputs[key];
    if (!current) return;
    onChange({ ...outputs, [key]: { ...current, ...change } });
  }

  function remove(key: string) {
    const next = { ...outputs };
    delete next[key];
    onChange(next);
  }

  function add() {
    const field = byKey.get(adding);
    if (!field) return;
    const label = field.label || field.key;
    onChange({
      ...outputs,
      [field.key]: { type: field.valueType ?? 'string', title: { it: label, en: label } },
    });
    setAdding('');
  }

  return (
    <div className="outputs-editor">
      {entries.length === 0 ? (
        <p className="muted">{t('forms.outputs.none')}</p>
      ) : (
        <ul className="outputs-editor__list">
          {entries.map(([key, output]) => {
            const field = byKey.get(key);
            const mismatch = field?.valueType !== undefined && field.valueType !== output.type;
            const rowId = `${id}-${key}`;
            return (
              <li
                key={key}
                className={`outputs-editor__row${invalidKeys?.has(key) ? ' outputs-editor__row--invalid' : ''}`}
                data-output={key}
              >
                <div className="outputs-editor__key">
                  <code>{key}</code>
                  <span className="muted">
                    {field ? field.label : t('forms.outputs.missingField')}
                  </span>
                </div>
                <div className="field">
                  <label htmlFor={`${rowId}-type`}>{t('forms.outputs.type')}</label>
                  <select
                    id={`${rowId}-type`}
                    value={output.type}
                    aria-invalid={mismatch || undefined}
                    onChange={(event) =>
                      update(key, { type: event.target.value as FormOutputType })
                    }
                  >
                    {outputTypes.map((type) => (
                      <option key={type} value={type}>
                        {t(`forms.outputs.types.${type}`)}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor={`${rowId}-it`}>{t('forms.outputs.titleIt')}</label>
                  <input
                    id={`${rowId}-it`}
                    value={output.title.it}
                    onChange={(event) =>
                      update(key, { title: { ...output.title, it: event.target.value } })
                    }
                  />
                </div>
                <div className="field">
                  <label htmlFor={`${rowId}-en`}>{t('forms.outputs.titleEn')}</label>
                  <input
                    id={`${rowId}-en`}
                    value={output.title.en}
                    onChange={(event) =>
                      update(key, { title: { ...output.title, en: event.target.value } })
                    }
                  />
                </div>
                <div className="field outputs-editor__unit">
                  <label htmlFor={`${rowId}-unit`}>{t('forms.outputs.unit')}</label>
                  <input
                    id={`${rowId}-unit`}
                    value={output.unit ?? ''}
                    placeholder={t('forms.outputs.unitHint')}
                    onChange={(event) => {
                      const unit = event.target.value;
                      const next: FormOutput = { type: output.type, title: output.title };
                      if (unit) next.unit = unit;
                      onChange({ ...outputs, [key]: next });
                    }}
                  />
                </div>
                <button
                  type="button"
                  className="button button--ghost button--small outputs-editor__remove"
                  onClick={() => remove(key)}
                >
                  {t('forms.outputs.remove')}
                  <span className="visually-hidden"> {key}</span>
                </button>
                {mismatch && field?.valueType && (
                  <p className="field__error outputs-editor__hint">
                    {t('forms.outputs.typeHint', {
                      type: t(`forms.outputs.types.${field.valueType}`),
                    })}
                  </p>
                )}
                {mismatch && field && field.valueType === null && (
                  <p className="field__error outputs-editor__hint">
                    {t('forms.outputs.notSingle')}
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <div className="outputs-editor__add">
        <div className="field">
          <label htmlFor={`${id}-add`}>{t('forms.outputs.addLabel')}</label>
          <select
            id={`${id}-add`}
            value={adding}
            onChange={(event) => setAdding(event.target.value)}
          >
            <option value="">
              {available.length === 0 ? t('forms.outputs.noCandidates') : t('forms.outputs.choose')}
            </option>
            {available.map((field) => (
              <option key={field.key} value={field.key} disabled={field.valueType === null}>
                {field.label} ({field.key})
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="button button--secondary" disabled={!adding} onClick={add}>
          {t('forms.outputs.add')}
        </button>
      </div>
    </div>
  );
}
