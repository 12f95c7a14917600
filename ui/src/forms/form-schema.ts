import { inputTypes, valueTypeOf, walkComponents } from '../../../forms/components';
import type {
  FormDefinition,
  FormioComponentJson,
  FormOutputType,
  LocalizedText,
} from '../api/types';

// Reading a Form.io schema in the browser: which inputs it has, which component a server
// problem's path points at. The component rules themselves are forms/components.ts, shared
// with the server so both read a form the same way.

export { asText, walkComponents } from '../../../forms/components';
export { choiceEntriesOf as choicesOf } from '../../../forms/components';

export interface InputField {
  key: string;
  label: string;
  type: string;
  /** What an output of this field must declare, or null when it cannot be an output. */
  valueType: FormOutputType | null;
}

/** The inputs that can become outputs: single answers outside data grids, with a key. */
export function outputCandidates(components: unknown): InputField[] {
  return walkComponents(components)
    .filter(({ component, topLevel }) => topLevel && inputTypes.has(String(component.type)))
    .filter(({ component }) => typeof component.key === 'string' && component.key !== '')
    .map(({ component }) => ({
      key: String(component.key),
      label: typeof component.label === 'string' ? component.label : String(component.key),
      type: String(component.type),
      valueType: valueTypeOf(component),
    }));
}

/** Where a problem of a saved definition points, from its path (`body.schema.components.2.key`). */
export type ProblemTarget =
  | { kind: 'component'; component: FormioComponentJson; property: string }
  | { kind: 'output'; key: string }
  | { kind: 'field'; field: 'title' | 'description' }
  | { kind: 'none' };

export function problemTarget(path: string, definition: FormDefinition): ProblemTarget {
  const parts = path.split('.').filter((part) => part !== '');
  if (parts[0] === 'body') parts.shift();
  if (parts[0] === 'outputs' && parts[1]) return { kind: 'output', key: parts[1] };
  if (parts[0] === 'title' || parts[0] === 'description') return { kind: 'field', field: parts[0] };
  if (parts[0] !== 'schema') return { kind: 'none' };
  // Follow the path down the schema; the last component met is the one at fault.
  let node: unknown = definition;
  let found: FormioComponentJson | null = null;
  let property = '';
  for (const part of parts) {
    if (node === null || typeof node !== 'object') break;
    node = (node as Record<string, unknown>)[part];
    if (node && typeof node === 'object' && !Array.isArray(node) && 'type' in node) {
      found = node as FormioComponentJson;
      property = '';
    } else if (found && !/^\d+$/.test(part) && part !== 'components') {
      property = property ? `${property}.${part}` : part;
    }
  }
  return found ? { kind: 'component', component: found, property } : { kind: 'none' };
}

/** `body.answers.dolore` or `data.dolore` → `dolore`: the answer's path for Form.io. */
export function answerPath(path: string): string {
  return path.replace(/^body\.answers\./, '').replace(/^data\./, '');
}

/** A component's name for people: its label, or its key. */
export function componentName(component: FormioComponentJson): string {
  const label = typeof component.label === 'string' ? component.label.trim() : '';
  return label || String(component.key ?? component.type ?? '');
}

export const emptyText: LocalizedText = { it: '', en: '' };

/** A new questionnaire: the submit button only, as the builder starts it. */
export function blankDefinition(title: LocalizedText): FormDefinition {
  return {
    title,
    outputs: {},
    schema: {
      display: 'form',
      components: [
        {
          type: 'button',
          key: 'submit',
          label: 'Invia',
          action: 'submit',
          input: true,
          disableOnInvalid: false,
        },
      ],
    },
  };
}
