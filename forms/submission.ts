import { processSync, Processors } from '@formio/core';
import {
  asText,
  choicesOf,
  walkComponents,
  type FormDefinition,
  type OutputType,
} from './definition.js';
import { formatFormMessage, type FormLanguage } from './messages.js';

export interface SubmissionError {
  /** Where the answer is in the submission, e.g. `data.dolore` or `data.farmaci[1].dose`. */
  path: string;
  /** Form.io's rule name: required, min, max, pattern, onlyAvailableItems… */
  rule: string;
  message: string;
}

export type SubmissionResult =
  | {
      ok: true;
      /** The answers as the server computed them: unknown keys and hidden fields dropped, calculated values recomputed. */
      data: Record<string, unknown>;
      /** The declared outputs, typed, for the pathway (a missing optional answer is absent). */
      outputs: Record<string, number | string | boolean>;
    }
  | { ok: false; errors: SubmissionError[] };

interface FormioError {
  ruleName?: string;
  errorKeyOrMessage?: string;
  context?: Record<string, unknown> & { path?: string; field?: string };
}

const coerce = (type: OutputType, value: unknown): number | string | boolean | undefined => {
  if (value === undefined || value === null || value === '') return undefined;
  switch (type) {
    case 'number': {
      const n = typeof value === 'number' ? value : Number(value);
      return Number.isFinite(n) ? n : undefined;
    }
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'string':
      return typeof value === 'string' ? value : asText(value);
  }
};

/**
 * Validates answers against one stored form version with @formio/core, on the server, the
 * way Form.io's own server does: types normalised, required, min/max, patterns and choices
 * checked, conditionally hidden answers removed, unknown keys dropped, and every calculated
 * value computed again (a score sent by the client is replaced, never trusted).
 * Pure and synchronous: the same answers against the same version give the same result.
 */
export function validateSubmission(
  definition: FormDefinition,
  answers: unknown,
  language: FormLanguage = 'it',
): SubmissionResult {
  if (!answers || typeof answers !== 'object' || Array.isArray(answers)) {
    return {
      ok: false,
      errors: [
        {
          path: 'data',
          rule: 'object',
          message:
            language === 'it'
              ? 'le risposte devono essere un oggetto'
              : 'answers must be an object',
        },
      ],
    };
  }
  const typeErrors = wrongTypes(definition, answers as Record<string, unknown>, language);
  if (typeErrors.length) return { ok: false, errors: typeErrors };
  // Form.io mutates what it is given: work on copies of both schema and answers.
  const components = structuredClone(definition.schema.components) as never[];
  const data = structuredClone(answers) as Record<string, unknown>;
  // A calculated value is the server's alone: what the client sent is removed first, so a
  // calculation that yields nothing leaves nothing (Form.io keeps the sent value on null).
  forEachAnswer(definition, data, (component, row, key) => {
    if (component.calculateValue !== undefined) delete row[key];
  });
  const errors: FormioError[] = [];
  const context = {
    form: { display: 'form', components },
    submission: { data },
    data,
    components,
    processors: Processors,
    scope: { errors },
    config: { server: true },
  };
  processSync(context as never);
  const cleaned = context.data;
  const problems: SubmissionError[] = [...outOfList(definition, cleaned, language)];
  if (errors.length || problems.length) {
    return {
      ok: false,
      errors: errors
        .map((e) => {
          const ctx = e.context ?? {};
          const rule = e.ruleName ?? 'invalid';
          return {
            path: `data.${ctx.path ?? '?'}`,
            rule,
            message: formatFormMessage(language, e.errorKeyOrMessage ?? rule, {
              ...ctx,
              field: ctx.field ?? ctx.path,
            }),
          };
        })
        .concat(problems.filter((p) => !errors.some((e) => `data.${e.context?.path}` === p.path))),
    };
  }
  const outputs: Record<string, number | string | boolean> = {};
  for (const [key, output] of Object.entries(definition.outputs)) {
    const v = coerce(output.type, cleaned[key]);
    if (v !== undefined) outputs[key] = v;
  }
  return { ok: true, data: cleaned, outputs };
}

/** Calls `visit` for every input component's place in the answers: top level and grid rows. */
function forEachAnswer(
  definition: FormDefinition,
  data: Record<string, unknown>,
  visit: (
    component: Record<string, unknown>,
    row: Record<string, unknown>,
    key: string,
    path: string,
  ) => void,
): void {
  for (const { component, topLevel } of walkComponents(definition.schema.components)) {
    if (!topLevel) continue;
    const key = asText(component.key);
    if (component.type === 'datagrid') {
      const rows = data[key];
      if (!Array.isArray(rows)) continue;
      const children = walkComponents(component.components ?? []);
      rows.forEach((row: unknown, i) => {
        if (!row || typeof row !== 'object') return;
        for (const { component: child } of children) {
          const ck = asText(child.key);
          visit(child, row as Record<string, unknown>, ck, `data.${key}[${i}].${ck}`);
        }
      });
    } else {
      visit(component, data, key, `data.${key}`);
    }
  }
}

const textTypes = new Set([
  'textfield',
  'textarea',
  'email',
  'phoneNumber',
  'datetime',
  'day',
  'time',
]);

/**
 * Answers of the wrong JSON type, refused before Form.io sees them: @formio/core skips its
 * checks for a text field holding an object, and drops a non-numeric answer to a number
 * field silently. Empty answers (absent, null, '') are left to `required`.
 */
function wrongTypes(
  definition: FormDefinition,
  answers: Record<string, unknown>,
  language: FormLanguage,
): SubmissionError[] {
  const out: SubmissionError[] = [];
  forEachAnswer(definition, answers, (component, row, key, path) => {
    const value = row[key];
    if (value === undefined || value === null || value === '') return;
    const type = asText(component.type);
    const multiple = component.multiple === true;
    const one = (v: unknown): string | null => {
      if (textTypes.has(type)) return typeof v === 'string' ? null : 'invalid_type_text';
      if (type === 'number') {
        const n =
          typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
        return Number.isFinite(n) ? null : 'number';
      }
      if (type === 'checkbox') return typeof v === 'boolean' ? null : 'invalid_type_boolean';
      if (type === 'radio' || type === 'select')
        return ['string', 'number', 'boolean'].includes(typeof v) ? null : 'invalidOption';
      if (type === 'selectboxes')
        return v &&
          typeof v === 'object' &&
          !Array.isArray(v) &&
          Object.values(v).every((b) => typeof b === 'boolean')
          ? null
          : 'invalidOption';
      return null;
    };
    const problem =
      multiple && type !== 'selectboxes'
        ? Array.isArray(value)
          ? (value.map(one).find((p) => p !== null) ?? null)
          : 'array'
        : one(value);
    if (problem) {
      const label = typeof component.label === 'string' ? component.label : key;
      out.push({
        path,
        rule: problem,
        message: formatFormMessage(language, problem, { field: label }),
      });
    }
  });
  return out;
}

/**
 * Choices outside a component's list. @formio/core 2.8 turns numeric-looking answers into
 * numbers and then skips its own check for them (lodash `isEmpty(7)` is true), so "11" on a
 * 0–10 scale would pass: this check compares as text, for every single-valued choice field at
 * the top level and in data-grid rows, and for select boxes.
 */
function outOfList(
  definition: FormDefinition,
  data: Record<string, unknown>,
  language: FormLanguage,
): SubmissionError[] {
  const out: SubmissionError[] = [];
  forEachAnswer(definition, data, (component, row, key, path) => {
    if (!['radio', 'select', 'selectboxes'].includes(asText(component.type))) return;
    const value = row[key];
    if (value === undefined || value === null || value === '') return;
    const choices = choicesOf(component);
    const bad =
      component.type === 'selectboxes'
        ? typeof value !== 'object' || Object.keys(value).some((k) => !choices.includes(k))
        : component.multiple === true
          ? !Array.isArray(value) || value.some((v) => !choices.includes(asText(v)))
          : typeof value === 'object' || !choices.includes(asText(value));
    if (bad) {
      const label = typeof component.label === 'string' ? component.label : key;
      out.push({
        path,
        rule: 'onlyAvailableItems',
        message: formatFormMessage(language, 'invalidOption', { field: label }),
      });
    }
  });
  return out;
}
