import { z } from 'zod';
import {
  arrayTypes,
  inputTypes,
  layoutTypes,
  staticTypes,
  asText,
  choicesOf,
  valueTypeOf,
  walkComponents,
  type Visited,
} from './components.js';

export { asText, choicesOf, inputTypes, walkComponents } from './components.js';

/**
 * A questionnaire as Percorsi stores it: a Form.io schema (what the builder edits and the
 * renderer shows) plus what the platform needs around it — titles in both languages and the
 * outputs, the answers and scores that become pathway data points.
 *
 * Form.io lets a designer write JavaScript in many places (calculated values, custom
 * conditions, custom validation, logic). Percorsi runs every submission on the server, so a
 * published form may carry JSONLogic only: a string of code is refused by `lintForm` with the
 * path of the property (ADR 006).
 */

const localised = z.object({ it: z.string().min(1), en: z.string().min(1) });

export const formIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,62}$/, 'lowercase letters, digits and hyphens, starting with a letter');

export const outputTypeSchema = z.enum(['number', 'string', 'boolean']);
export type OutputType = z.infer<typeof outputTypeSchema>;

/** One answer or score that leaves the form for the pathway (keyed by the component key). */
export const outputSchema = z.object({
  type: outputTypeSchema,
  title: localised,
  /** A score or answer's unit, when it has one (e.g. "punti"). */
  unit: z.string().min(1).optional(),
});

/** The Form.io part: validated loosely here, component by component by `lintForm`. */
export const formioSchema = z.object({
  display: z.literal('form').default('form'),
  components: z.array(z.record(z.string(), z.unknown())).min(1),
});
export type FormioSchema = z.infer<typeof formioSchema>;

export const formDefinitionSchema = z.object({
  title: localised,
  description: localised.optional(),
  /** Output key (a component key of the form) → its type and title. */
  outputs: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/), outputSchema).default({}),
  schema: formioSchema,
});
export type FormDefinition = z.infer<typeof formDefinitionSchema>;
export type FormDefinitionInput = z.input<typeof formDefinitionSchema>;

export interface FormProblem {
  /** Path inside the definition, e.g. ['schema', 'components', 2, 'calculateValue']. */
  path: (string | number)[];
  message: string;
}

/** Properties Form.io evaluates as JavaScript when they hold a string. */
const codeProperties = [
  'calculateValue',
  'customDefaultValue',
  'customConditional',
  'validate.custom',
  'validate.customPrivate',
] as const;

const get = (o: Record<string, unknown>, dotted: string): unknown =>
  dotted
    .split('.')
    .reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as never)[k] : undefined), o);

/**
 * Checks a definition a designer saves: shape, allowed component types, unique keys, no
 * JavaScript, no remote data sources, and outputs that name a single-valued input of the
 * right type. Returns every problem found, each with its path.
 */
export function lintForm(
  input: unknown,
): { ok: true; definition: FormDefinition } | { ok: false; problems: FormProblem[] } {
  const parsed = formDefinitionSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => ({
        path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
        message: i.message,
      })),
    };
  }
  const definition = parsed.data;
  const problems: FormProblem[] = [];
  const byKey = new Map<string, Visited>();
  for (const v of walkComponents(definition.schema.components)) {
    const { component, path } = v;
    const type = asText(component.type);
    if (
      !inputTypes.has(type) &&
      !layoutTypes.has(type) &&
      !staticTypes.has(type) &&
      !arrayTypes.has(type)
    ) {
      problems.push({
        path: [...path, 'type'],
        message: `component type "${type}" is not allowed`,
      });
      continue;
    }
    const key = component.key;
    if (typeof key !== 'string' || !/^[A-Za-z][A-Za-z0-9_-]*$/.test(key)) {
      problems.push({
        path: [...path, 'key'],
        message: 'every component needs a key (letters, digits, _ or -)',
      });
    } else if (inputTypes.has(type) || arrayTypes.has(type)) {
      if (byKey.has(key)) {
        problems.push({ path: [...path, 'key'], message: `key "${key}" is used twice` });
      } else {
        byKey.set(key, v);
      }
    }
    for (const prop of codeProperties) {
      const value = get(component, prop);
      if (typeof value === 'string' && value.trim() !== '') {
        problems.push({
          path: [...path, ...prop.split('.')],
          message: 'JavaScript is not allowed in a Percorsi form: write it as JSONLogic',
        });
      }
    }
    if (Array.isArray(component.logic) && component.logic.length > 0) {
      problems.push({
        path: [...path, 'logic'],
        message: 'advanced logic is not allowed: use conditions and JSONLogic calculated values',
      });
    }
    if (type === 'select' && component.dataSrc !== undefined && component.dataSrc !== 'values') {
      problems.push({
        path: [...path, 'dataSrc'],
        message: 'a select takes its options from the form itself (values), never from a URL',
      });
    }
    if (['radio', 'select', 'selectboxes'].includes(type)) {
      if (
        component.dataType !== undefined &&
        component.dataType !== '' &&
        component.dataType !== 'auto'
      ) {
        problems.push({
          path: [...path, 'dataType'],
          message:
            'leave the storage type on automatic: choices are kept as text, and an output of numeric choices is a number',
        });
      }
      const choices = choicesOf(component);
      if (choices.length === 0 || choices.some((c) => c === '')) {
        problems.push({ path: [...path, 'values'], message: 'every choice needs a value' });
      } else if (new Set(choices).size !== choices.length) {
        problems.push({ path: [...path, 'values'], message: 'two choices have the same value' });
      }
    }
    if (type === 'button' && component.action !== undefined && component.action !== 'submit') {
      problems.push({ path: [...path, 'action'], message: 'only the submit button is allowed' });
    }
  }
  for (const [key, output] of Object.entries(definition.outputs)) {
    const found = byKey.get(key);
    if (!found) {
      problems.push({ path: ['outputs', key], message: `no input component has the key "${key}"` });
      continue;
    }
    if (!found.topLevel) {
      problems.push({
        path: ['outputs', key],
        message: `"${key}" is inside a table of rows: an output must be a single answer`,
      });
      continue;
    }
    const actual = valueTypeOf(found.component);
    if (actual !== output.type) {
      problems.push({
        path: ['outputs', key, 'type'],
        message: `"${key}" gives ${actual ?? 'several values'}, not ${output.type}`,
      });
    }
  }
  return problems.length
    ? { ok: false, problems }
    : { ok: true, definition: normaliseForm(definition) };
}

/**
 * What the platform adds to a definition before it is stored: calculated values are
 * recomputed on the server (a client-sent score is never trusted), hidden fields are cleared,
 * and choices outside a component's list are refused.
 */
export function normaliseForm(definition: FormDefinition): FormDefinition {
  const copy = structuredClone(definition);
  for (const { component } of walkComponents(copy.schema.components)) {
    if (component.calculateValue !== undefined && component.calculateValue !== '') {
      component.calculateServer = true;
      component.allowCalculateOverride = false;
    }
    if (inputTypes.has(String(component.type)) && component.clearOnHide === undefined) {
      component.clearOnHide = true;
    }
    // Form.io compares "6" with the answer 6 as text and misses the boundary: numeric
    // condition values become numbers for the ordering operators.
    const conditional = component.conditional as { conditions?: unknown } | undefined;
    if (conditional && Array.isArray(conditional.conditions)) {
      for (const c of conditional.conditions as { operator?: unknown; value?: unknown }[]) {
        if (
          typeof c.operator === 'string' &&
          /^(lessThan|greaterThan|lessThanOrEqual|greaterThanOrEqual)$/.test(c.operator) &&
          typeof c.value === 'string' &&
          c.value.trim() !== '' &&
          Number.isFinite(Number(c.value))
        ) {
          c.value = Number(c.value);
        }
      }
    }
    if (['select', 'radio', 'selectboxes'].includes(String(component.type))) {
      const validate = (component.validate ?? {}) as Record<string, unknown>;
      component.validate = { ...validate, onlyAvailableItems: true };
    }
  }
  return copy;
}
