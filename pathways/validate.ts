import { RRule } from './rrule.js';
import { z } from 'zod';
import {
  pathwayDefinitionSchema,
  type Action,
  type Expression,
  type PathwayDefinition,
  type Step,
} from './definition.js';

export type Path = (string | number)[];

export interface DefinitionError {
  path: Path;
  message: string;
}

export type ValidationResult =
  { ok: true; definition: PathwayDefinition } | { ok: false; errors: DefinitionError[] };

/**
 * json-logic operators a condition may use. Anything else (including custom operations a
 * future json-logic might add) is refused, so a definition means the same everywhere.
 */
const OPERATORS = new Set([
  'var', 'missing', 'missing_some', 'if', '?:', '==', '===', '!=', '!==', '!', '!!', 'or', 'and',
  '>', '>=', '<', '<=', 'max', 'min', '+', '-', '*', '/', '%', 'in', 'cat', 'substr', 'all', 'none',
  'some', 'map', 'filter', 'reduce', 'merge',
]); // prettier-ignore

/** Validates a parsed definition (from YAML or JSON): the schema, then every cross-reference. */
export function validateDefinition(data: unknown): ValidationResult {
  const parsed = pathwayDefinitionSchema.safeParse(data);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((i) => ({ path: i.path as Path, message: i.message })),
    };
  }
  const errors = crossCheck(parsed.data);
  return errors.length ? { ok: false, errors } : { ok: true, definition: parsed.data };
}

function crossCheck(def: PathwayDefinition): DefinitionError[] {
  const errors: DefinitionError[] = [];
  const err = (path: Path, message: string) => errors.push({ path, message });

  const trackIds = new Set<string>();
  const stepIds = new Map<string, { track: string; step: Step }>();
  def.tracks.forEach((track, t) => {
    if (trackIds.has(track.id)) err(['tracks', t, 'id'], `duplicate track id "${track.id}"`);
    trackIds.add(track.id);
    track.steps.forEach((step, s) => {
      if (stepIds.has(step.id))
        err(
          ['tracks', t, 'steps', s, 'id'],
          `duplicate step id "${step.id}" (step ids are unique across tracks)`,
        );
      stepIds.set(step.id, { track: track.id, step });
    });
  });
  if (!def.tracks.some((t) => t.autoStart))
    err(['tracks'], 'at least one track must start with the enrolment (autoStart)');

  const dp = def.dataPoints;
  const isType = (name: string, ...types: string[]) =>
    dp[name] !== undefined && types.includes(dp[name].type);

  for (const [name, point] of Object.entries(dp)) {
    if (point.type === 'derived' && !isType(point.derive.of, 'quantity', 'score')) {
      err(
        ['dataPoints', name, 'derive', 'of'],
        `"${point.derive.of}" is not a quantity or score data point`,
      );
    }
    if (
      point.type === 'quantity' &&
      point.min !== undefined &&
      point.max !== undefined &&
      point.min >= point.max
    ) {
      err(['dataPoints', name, 'max'], 'max must be greater than min');
    }
  }
  for (const [name, input] of Object.entries(def.inputs)) {
    if (name in dp) err(['inputs', name], `"${name}" is both an input and a data point`);
    if (input.type === 'number' && input.default !== undefined) {
      if (
        (input.min !== undefined && input.default < input.min) ||
        (input.max !== undefined && input.default > input.max)
      ) {
        err(['inputs', name, 'default'], 'the default lies outside min…max');
      }
    }
  }

  const checkExpression = (expr: Expression, path: Path) => {
    for (const problem of expressionProblems(expr, def, stepIds)) err(path, problem);
  };

  const checkActions = (actions: Action[], path: Path) => {
    actions.forEach((a, i) => {
      const p = [...path, i];
      switch (a.do) {
        case 'start-track':
        case 'stop-track':
          if (!trackIds.has(a.track)) err([...p, 'track'], `no track "${a.track}"`);
          break;
        case 'set':
          if (!(a.dataPoint in dp)) err([...p, 'dataPoint'], `no data point "${a.dataPoint}"`);
          else if (dp[a.dataPoint]?.type === 'derived')
            err([...p, 'dataPoint'], `"${a.dataPoint}" is derived and cannot be set`);
          checkExpression(a.value, [...p, 'value']);
          break;
        case 'start-pathway':
          if (a.pathway === def.id) err([...p, 'pathway'], 'a pathway cannot start itself');
          for (const [name, value] of Object.entries(a.inputs))
            checkExpression(value, [...p, 'inputs', name]);
          break;
        case 'alert':
        case 'task':
        case 'notify':
        case 'end':
          break;
        default: {
          const never: never = a;
          err(p, `unknown action ${JSON.stringify(never)}`);
        }
      }
    });
  };

  def.tracks.forEach((track, t) => {
    const local = new Set(track.steps.map((s) => s.id));
    track.steps.forEach((step, s) => {
      const p: Path = ['tracks', t, 'steps', s];
      if (step.schedule) {
        try {
          RRule.parseString(step.schedule.rrule);
        } catch (e) {
          err([...p, 'schedule', 'rrule'], `not a valid RRULE: ${(e as Error).message}`);
        }
        if (['branch', 'end', 'wait', 'check-in'].includes(step.type)) {
          err([...p, 'schedule'], `a ${step.type} step cannot recur`);
        }
      }
      checkActions(step.onMissed, [...p, 'onMissed']);
      switch (step.type) {
        case 'reading':
          step.observations.forEach((o, i) => {
            if (!isType(o, 'quantity'))
              err([...p, 'observations', i], `"${o}" is not a quantity data point`);
          });
          break;
        case 'form':
          for (const name of Object.keys(step.produces)) {
            if (!(name in dp)) err([...p, 'produces', name], `no data point "${name}"`);
          }
          break;
        case 'booking':
          if (!isType(step.appointmentDataPoint, 'datetime')) {
            err(
              [...p, 'appointmentDataPoint'],
              `"${step.appointmentDataPoint}" is not a datetime data point`,
            );
          }
          break;
        case 'check-in':
          if (!isType(step.appointmentDataPoint, 'datetime')) {
            err(
              [...p, 'appointmentDataPoint'],
              `"${step.appointmentDataPoint}" is not a datetime data point`,
            );
          }
          checkActions(step.onNoShow, [...p, 'onNoShow']);
          break;
        case 'video':
          step.required.forEach((r, i) => {
            if (!step.participants.includes(r))
              err([...p, 'required', i], `"${r}" is required but not a participant`);
          });
          checkActions(step.onNoShow, [...p, 'onNoShow']);
          break;
        case 'document':
          if (step.releaseAfter && !stepIds.has(step.releaseAfter))
            err([...p, 'releaseAfter'], `no step "${step.releaseAfter}"`);
          break;
        case 'wait': {
          const ways = [step.duration, step.until, step.durationInput].filter(
            (w) => w !== undefined,
          ).length;
          if (ways !== 1) err(p, 'a wait step needs exactly one of duration, until, durationInput');
          if (step.until && !isType(step.until.dataPoint, 'datetime')) {
            err(
              [...p, 'until', 'dataPoint'],
              `"${step.until.dataPoint}" is not a datetime data point`,
            );
          }
          if (step.durationInput && def.inputs[step.durationInput]?.type !== 'number') {
            err([...p, 'durationInput'], `"${step.durationInput}" is not a number input`);
          }
          break;
        }
        case 'branch':
          step.cases.forEach((c, i) => {
            if (!local.has(c.goto))
              err([...p, 'cases', i, 'goto'], `no step "${c.goto}" in track "${track.id}"`);
            checkExpression(c.when, [...p, 'cases', i, 'when']);
          });
          if (step.otherwise && !local.has(step.otherwise))
            err([...p, 'otherwise'], `no step "${step.otherwise}" in track "${track.id}"`);
          break;
        case 'task':
        case 'consult':
        case 'payment':
        case 'notification':
        case 'end':
          break;
        default: {
          const never: never = step;
          err(p, `unknown step ${JSON.stringify(never)}`);
        }
      }
    });
  });

  const ruleIds = new Set<string>();
  def.rules.forEach((rule, r) => {
    if (ruleIds.has(rule.id)) err(['rules', r, 'id'], `duplicate rule id "${rule.id}"`);
    ruleIds.add(rule.id);
    checkExpression(rule.when, ['rules', r, 'when']);
    checkActions(rule.then, ['rules', r, 'then']);
  });
  return errors;
}

/**
 * Operators outside the allowed set and `var`s that name nothing. Variables are data points
 * (`spo2`), inputs (`inputs.spo2Min`) and missed counters (`missed.<stepId>.consecutive|total`).
 */
export function expressionProblems(
  expr: Expression,
  def: PathwayDefinition,
  steps: Map<string, unknown>,
): string[] {
  const problems: string[] = [];
  const checkVar = (name: unknown) => {
    if (typeof name !== 'string') {
      problems.push('var must name a variable (a string)');
      return;
    }
    const [head, second, third] = name.split('.');
    if (head === 'inputs') {
      if (!second || !(second in def.inputs)) problems.push(`no input "${second ?? ''}"`);
    } else if (head === 'missed') {
      if (!second || !steps.has(second)) problems.push(`no step "${second ?? ''}" for missed`);
      else if (third !== 'consecutive' && third !== 'total')
        problems.push('missed.<step> takes .consecutive or .total');
    } else if (!head || !(head in def.dataPoints)) {
      problems.push(`no data point "${name}"`);
    }
  };
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const keys = Object.keys(node);
    if (keys.length !== 1) {
      problems.push(
        `an operation is an object with exactly one operator, got {${keys.join(', ')}}`,
      );
      return;
    }
    const op = keys[0]!;
    const args = (node as Record<string, unknown>)[op];
    if (!OPERATORS.has(op)) {
      problems.push(`unknown operator "${op}"`);
      return;
    }
    if (op === 'var') {
      checkVar(Array.isArray(args) ? args[0] : args);
      return;
    }
    // Inside all/some/none/map/filter/reduce, `var` refers to the current item: not checked.
    if (['all', 'some', 'none', 'map', 'filter', 'reduce'].includes(op) && Array.isArray(args)) {
      walk(args[0]);
      return;
    }
    walk(args);
  };
  walk(expr);
  return problems;
}

export const definitionErrorSchema = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
});
