/**
 * Reading a Form.io schema: which components it has, where, and what value each gives. Pure
 * data functions shared by the server (forms/definition.ts, forms/submission.ts) and the
 * browser (the builder's outputs and problem paths), so both sides read a form the same way.
 * No zod, no Node: the UI bundle imports it.
 */

/** Output value types (an output of the form for the pathway). */
export type ValueType = 'number' | 'string' | 'boolean';

/** Component types a Percorsi form may use: inputs, layout and static content. */
export const inputTypes = new Set([
  'textfield',
  'textarea',
  'number',
  'checkbox',
  'selectboxes',
  'select',
  'radio',
  'email',
  'phoneNumber',
  'datetime',
  'day',
  'time',
  'hidden',
]);
export const layoutTypes = new Set(['panel', 'fieldset', 'columns', 'well', 'table', 'tabs']);
export const staticTypes = new Set(['content', 'htmlelement', 'button']);
export const arrayTypes = new Set(['datagrid']);

/** A value as text: numbers and booleans as written, anything else as JSON. */
export const asText = (v: unknown): string =>
  typeof v === 'string'
    ? v
    : typeof v === 'number' || typeof v === 'boolean'
      ? String(v)
      : v === undefined || v === null
        ? ''
        : JSON.stringify(v);

/** The static choices (value and label) of a radio, select or select-boxes component. */
export function choiceEntriesOf(
  component: Record<string, unknown>,
): { value: string; label: string }[] {
  const values =
    component.type === 'select'
      ? (component.data as { values?: unknown } | undefined)?.values
      : component.values;
  if (!Array.isArray(values)) return [];
  return values.map((v) => {
    const c = (v ?? {}) as { value?: unknown; label?: unknown };
    return { value: asText(c.value), label: asText(c.label) };
  });
}

/** The values of a component's static choices. */
export function choicesOf(component: Record<string, unknown>): string[] {
  return choiceEntriesOf(component).map((c) => c.value);
}

/** True when every choice is a number written as text ("0"…"10"): the output is a number. */
const choicesAreNumeric = (component: Record<string, unknown>): boolean => {
  const choices = choicesOf(component);
  return choices.length > 0 && choices.every((c) => c.trim() !== '' && Number.isFinite(Number(c)));
};

/** The type of value a component gives, as an output must declare it (null: several values). */
export function valueTypeOf(component: Record<string, unknown>): ValueType | null {
  switch (component.type) {
    case 'number':
      return 'number';
    case 'checkbox':
      return 'boolean';
    case 'select':
    case 'radio':
      if (component.multiple === true) return null;
      return choicesAreNumeric(component) ? 'number' : 'string';
    case 'textfield':
    case 'textarea':
    case 'email':
    case 'phoneNumber':
    case 'datetime':
    case 'day':
    case 'time':
      return component.multiple === true ? null : 'string';
    case 'hidden':
      return component.calculateValue ? 'number' : 'string';
    default:
      return null;
  }
}

export interface Visited {
  component: Record<string, unknown>;
  path: (string | number)[];
  /** False inside a data grid: its values are arrays of rows, not single answers. */
  topLevel: boolean;
}

/** Every component, depth first, with its path in the schema (columns and table cells too). */
export function walkComponents(
  components: unknown,
  path: (string | number)[] = ['schema', 'components'],
  topLevel = true,
): Visited[] {
  const out: Visited[] = [];
  if (!Array.isArray(components)) return out;
  components.forEach((c: unknown, i) => {
    if (!c || typeof c !== 'object') return;
    const component = c as Record<string, unknown>;
    const here = [...path, i];
    out.push({ component, path: here, topLevel });
    const childTopLevel = topLevel && !arrayTypes.has(String(component.type));
    if (Array.isArray(component.components))
      out.push(...walkComponents(component.components, [...here, 'components'], childTopLevel));
    if (Array.isArray(component.columns)) {
      component.columns.forEach((col: unknown, j) => {
        const cc = (col as { components?: unknown[] } | null)?.components;
        if (Array.isArray(cc))
          out.push(...walkComponents(cc, [...here, 'columns', j, 'components'], childTopLevel));
      });
    }
    if (Array.isArray(component.rows)) {
      component.rows.forEach((row: unknown, r) => {
        if (!Array.isArray(row)) return;
        row.forEach((cell: unknown, j) => {
          const cc = (cell as { components?: unknown[] } | null)?.components;
          if (Array.isArray(cc))
            out.push(...walkComponents(cc, [...here, 'rows', r, j, 'components'], childTopLevel));
        });
      });
    }
  });
  return out;
}
