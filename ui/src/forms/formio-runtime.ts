// Form.io itself, in its own chunk (loaded by loadFormio in ./formio.ts), with its CSS.
// Bootstrap and Form.io's stylesheets are scoped to `.percorsi-formio` and put in the
// `formio` cascade layer at build time (see ui/vite.config.ts), so they never restyle the app.
import 'bootstrap/dist/css/bootstrap.css';
import '@formio/js/dist/formio.full.css';
import './formio-theme.css';
import { Evaluator as CoreEvaluator } from '@formio/core';
import { Formio } from '@formio/js';
import type { FormioSchema } from '../api/types';
import { builderOptions, type BuilderInfo } from './builder-config';
import type { FormioBuilder, FormioForm, FormioRuntime } from './formio';

const scopeClass = 'percorsi-formio';

type ComponentClass = (new (component?: Record<string, unknown>, ...rest: unknown[]) => object) & {
  builderInfo?: BuilderInfo;
};

interface FormioStatics {
  Evaluator: { noeval: boolean };
  Components: {
    components: Record<string, ComponentClass>;
    setComponent(type: string, component: ComponentClass): void;
  };
  requireLibrary: (name: string, ...rest: unknown[]) => Promise<unknown>;
  createForm(element: HTMLElement, form: unknown, options: unknown): Promise<unknown>;
  builder(element: HTMLElement, form: unknown, options: unknown): Promise<unknown>;
}

const formio = Formio as unknown as FormioStatics;

interface EvaluatorLike {
  noeval: boolean;
  evaluate(
    func: unknown,
    args?: Record<string, unknown>,
    ret?: string,
    interpolate?: boolean,
    context?: unknown,
    options?: unknown,
  ): unknown;
  execute(func: (...args: unknown[]) => unknown, args: unknown, context?: unknown): unknown;
}

/** "Torace alto" → "toraceAlto", as lodash's camelCase (accents dropped). */
function camelCase(text: string): string {
  const words = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return words
    .map((word, index) =>
      index === 0 ? word.toLowerCase() : word.charAt(0).toUpperCase() + word.slice(1).toLowerCase(),
    )
    .join('');
}

/**
 * The few JavaScript snippets Form.io's own settings forms carry as text, answered without
 * evaluating them: a choice's value from its label, a default-value list built from data.
 * Any other string of code (a form definition's) evaluates to nothing.
 */
function knownSnippet(code: string, args: Record<string, unknown>): unknown {
  const text = code.trim();
  if (text === 'value = _.camelCase(row.label);') {
    const label = (args.row as { label?: unknown } | undefined)?.label;
    return typeof label === 'string' ? camelCase(label) : '';
  }
  if (text === 'show = data.encrypted;') {
    return Boolean((args.data as { encrypted?: unknown } | undefined)?.encrypted);
  }
  const list = /^values\s*=\s*(\[[\s\S]*\])\s*;?$/.exec(text);
  if (list?.[1]) {
    try {
      return JSON.parse(list[1]) as unknown; // data written as JSON, not code
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * A Percorsi form carries JSONLogic only (forms/definition.ts refuses JavaScript), and the
 * page's CSP has no 'unsafe-eval': Form.io must never turn a string into code. `noeval` stops
 * `new Function` and lodash templates (interpolation becomes a plain `{{ path }}` lookup) and
 * makes the builder hide its JavaScript editors. But `noeval` also stops *functions* from
 * running, and Form.io's own settings dialogs (library code, never form data: a definition is
 * JSON) decide what to show with functions; so functions run, strings never do.
 */
function evaluateSafely(evaluator: EvaluatorLike): void {
  evaluator.noeval = true;
  const evaluate = evaluator.evaluate.bind(evaluator);
  evaluator.evaluate = (
    func,
    args = {},
    ret = '',
    interpolate = false,
    context = {},
    options = {},
  ) =>
    typeof func === 'string'
      ? knownSnippet(func, args)
      : evaluate(func, args, ret, interpolate, context, options);
  evaluator.execute = (func, args, context = {}) =>
    Array.isArray(args) ? func.apply(context, args) : func.call(context, args);
}

evaluateSafely(formio.Evaluator as unknown as EvaluatorLike);
evaluateSafely(CoreEvaluator);

type Listener = () => void;

/**
 * Ace's editor API, the part Form.io's TextArea uses, on the plain <textarea> it renders: the
 * settings dialogs keep their JSON fields (JSONLogic conditions and calculated values) with
 * Form.io's own JSON handling, without downloading Ace.
 */
const plainAce = {
  edit(element: HTMLTextAreaElement) {
    const listeners = new Set<Listener>();
    const onInput = () => listeners.forEach((listener) => listener());
    element.addEventListener('input', onInput);
    element.spellcheck = false;
    element.classList.add('formio-code-text');
    return {
      removeAllListeners: () => listeners.clear(),
      setOptions: () => undefined,
      getSession: () => ({ setMode: () => undefined }),
      session: { setUseWorker: () => undefined },
      renderer: { attachToShadowRoot: () => undefined },
      on(event: string, listener: Listener) {
        if (event === 'change') listeners.add(listener);
      },
      setValue(text: string) {
        // While the designer types, the text is the truth: do not reformat it under the caret.
        if (document.activeElement !== element && element.value !== text) element.value = text;
      },
      getValue: () => element.value,
      focus: () => element.focus(),
      destroy() {
        element.removeEventListener('input', onInput);
        listeners.clear();
      },
    };
  },
};

// Form.io fetches its widgets (Ace, CKEditor, Quill, flatpickr) from its CDN at run time. The
// CSP allows scripts from this origin only, and the clinics' networks may not reach the CDN:
// "Ace" is the textarea above, anything else is refused at once (no blocked <script> left behind).
formio.requireLibrary = (name: string) =>
  name === 'ace'
    ? Promise.resolve(plainAce)
    : Promise.reject(new Error(`Percorsi does not load external libraries (${name})`));

// Rich-text editors (CKEditor, Quill) would come from the CDN: such a text area is a plain
// <textarea> (its text is kept as written). The JSON fields ("ace") keep their editor above.
const TextArea = formio.Components.components.textarea;
if (TextArea) {
  class PlainTextArea extends TextArea {
    constructor(component?: Record<string, unknown>, ...rest: unknown[]) {
      const rich =
        component && (component.wysiwyg || (component.editor && component.editor !== 'ace'));
      super(rich ? { ...component, editor: '', wysiwyg: false } : component, ...rest);
    }
  }
  formio.Components.setComponent('textarea', PlainTextArea);
}

/** Every registered component type with its builder description (group, title, schema). */
function componentInfo(): Record<string, BuilderInfo> {
  const info: Record<string, BuilderInfo> = {};
  for (const [type, component] of Object.entries(formio.Components.components)) {
    if (component.builderInfo?.group) info[type] = component.builderInfo;
  }
  return info;
}

export const runtime: FormioRuntime = {
  scopeClass,
  async createForm(element, schema, options) {
    // Form.io changes the schema it is given: hand it a copy.
    return (await formio.createForm(element, structuredClone(schema), options)) as FormioForm;
  },
  async builder(element, schema: FormioSchema, options) {
    const language = options.language === 'en' ? 'en' : 'it';
    return (await formio.builder(element, structuredClone(schema), {
      ...builderOptions(language, componentInfo(), scopeClass),
      ...options,
    })) as FormioBuilder;
  },
};
