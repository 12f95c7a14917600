import { useEffect, useImperativeHandle, useRef, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormioComponentJson, FormioSchema } from '../api/types';
import { FormioStatus, type FormioLoadState } from './formio-status';
import { useLanguage } from '../components/use-language';
import { loadFormio, type FormioBuilder } from './formio';

export interface FormBuilderHandle {
  /** Scrolls to a component of the form, highlights it and opens its settings. */
  reveal(component: FormioComponentJson): boolean;
}

interface FormBuilderViewProps {
  /** The schema the builder starts from; later changes come back through onChange only. */
  schema: FormioSchema;
  onChange: (schema: FormioSchema) => void;
  handle?: Ref<FormBuilderHandle>;
}

interface BuilderComponentInstance {
  element?: HTMLElement;
  refs?: { editComponent?: HTMLElement };
}

/**
 * The Form.io builder: components dragged from the sidebar into the form, each with its settings
 * dialog. It reports every change of the schema; the page keeps the definition around it.
 * Switching the language rebuilds it (Form.io's builder cannot relabel itself) on the current schema.
 */
export function FormBuilderView({ schema, onChange, handle }: FormBuilderViewProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const host = useRef<HTMLDivElement>(null);
  const builder = useRef<FormioBuilder | null>(null);
  const [state, setState] = useState<FormioLoadState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const latest = useRef({ schema, onChange });
  latest.current.onChange = onChange;

  useImperativeHandle(handle, () => ({
    reveal(component) {
      const key = typeof component.key === 'string' ? component.key : '';
      const instance = key
        ? (builder.current?.webform.getComponent(key) as BuilderComponentInstance | undefined)
        : undefined;
      const element = instance?.element;
      if (!element) return false;
      element.scrollIntoView({ block: 'center', behavior: 'smooth' });
      element.classList.add('builder-component--flash');
      window.setTimeout(() => element.classList.remove('builder-component--flash'), 2400);
      instance.refs?.editComponent?.click();
      return true;
    },
  }));

  useEffect(() => {
    const element = host.current;
    if (!element) return undefined;
    let cancelled = false;
    let created: FormioBuilder | null = null;
    setState({ status: 'loading' });
    const target = document.createElement('div');
    element.replaceChildren(target);
    loadFormio()
      .then((runtime) => runtime.builder(target, latest.current.schema, { language }))
      .then((instance) => {
        created = instance;
        if (cancelled) {
          instance.destroy(true);
          return;
        }
        const report = () => {
          // `schema` (not `form`) leaves out every property still at its default value.
          const next: FormioSchema = {
            display: 'form',
            components: structuredClone(instance.schema.components ?? []),
          };
          latest.current.schema = next;
          latest.current.onChange(next);
        };
        // 'change' follows a drop, a move, a saved settings dialog, a removal or a paste.
        instance.on('change', report);
        builder.current = instance;
        setState({ status: 'ready' });
      })
      .catch((error: unknown) => {
        if (!cancelled) setState({ status: 'error', error });
      });
    return () => {
      cancelled = true;
      builder.current = null;
      created?.destroy(true);
      element.replaceChildren();
    };
  }, [language, attempt]);

  return (
    <div className="form-builder">
      <FormioStatus
        state={state}
        loadingText={t('forms.loadingBuilder')}
        onRetry={() => setAttempt((n) => n + 1)}
      />
      <div ref={host} className="percorsi-formio form-builder__host" />
    </div>
  );
}
