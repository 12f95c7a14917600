import jsonLogic from 'json-logic-js';
import type { Expression } from './definition.js';

/**
 * Conditions are json-logic (deterministic, no eval). validate.ts checks operators and
 * variables at publish time; here they are only evaluated.
 */

export type Context = Record<string, unknown>;

/** Data point names a condition reads (inputs and missed counters excluded). */
export function dataPointsRead(expr: Expression): string[] {
  const names = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const [op, args] of Object.entries(node)) {
      if (op === 'var') {
        const name: unknown = Array.isArray(args) ? (args as unknown[])[0] : args;
        if (typeof name === 'string') {
          const head = name.split('.')[0]!;
          if (head !== 'inputs' && head !== 'missed') names.add(head);
        }
      } else walk(args);
    }
  };
  walk(expr);
  return [...names];
}

export function evaluate(expr: Expression, context: Context): unknown {
  return jsonLogic.apply(expr, context);
}

export function truthy(value: unknown): boolean {
  return jsonLogic.truthy(value);
}
