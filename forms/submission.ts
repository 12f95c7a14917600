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
  // Form.io mutates what it is given: work on copies of both schema and answers.
  const components = structuredClone(definition.schema.components) as never[];
  const data = structuredClone(answers) as Record<string, unknown>;
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
  const check = (component: Record<string, unknown>, value: unknown, path: string) => {
    if (value === undefined || value === null || value === '') return;
    const choices = choicesOf(component);
    const label = typeof component.label === 'string' ? component.label : String(component.key);
    const bad =
      component.type === 'selectboxes'
        ? typeof value !== 'object' || Object.keys(value).some((k) => !choices.includes(k))
        : component.multiple === true
          ? !Array.isArray(value) || value.some((v) => !choices.includes(asText(v)))
          : typeof value === 'object' || !choices.includes(asText(value));
    if (bad)
      out.push({
        path,
        rule: 'onlyAvailableItems',
        message: formatFormMessage(language, 'invalidOption', { field: label }),
      });
  };
  const isChoice = (c: Record<string, unknown>) =>
    ['radio', 'select', 'selectboxes'].includes(String(c.type));
  for (const { component, topLevel } of walkComponents(definition.schema.components)) {
    const key = String(component.key);
    if (!topLevel) continue;
    if (isChoice(component)) check(component, data[key], `data.${key}`);
    if (component.type === 'datagrid' && Array.isArray(data[key])) {
      const children = walkComponents((component.components as unknown[]) ?? []);
      (data[key] as Record<string, unknown>[]).forEach((row, i) => {
        for (const { component: child } of children) {
          if (isChoice(child) && row && typeof row === 'object')
            check(child, row[String(child.key)], `data.${key}[${i}].${String(child.key)}`);
        }
      });
    }
  }
  return out;
}
