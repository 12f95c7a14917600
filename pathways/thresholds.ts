import type { LocalisedText, PathwayDefinition } from './definition.js';
import { evaluate, type Context } from './expressions.js';

/**
 * The alert thresholds a patient's pathway applies to each measured value, read from its
 * rules: "SpO2 below inputs.spo2Min" is a lower limit at the patient's own 92 %. The nurse's
 * charts draw them as bands. Only what a rule says plainly is drawn: a comparison of a data
 * point with a number (or an expression of inputs), alone or under `and` / `or`. Anything
 * more involved is left out rather than guessed.
 */
export interface ThresholdBand {
  dataPoint: string;
  ruleId: string;
  title: LocalisedText;
  severity: 'red' | 'orange' | 'yellow';
  /** The alert fires below this value (or at it, when `inclusive`). */
  below?: number;
  /** The alert fires above this value (or at it, when `inclusive`). */
  above?: number;
  /** True when the limit itself alerts (≤, ≥). */
  inclusive?: boolean;
  /** For a band between two limits (e.g. "borderline": ≥ min and < min + 2). */
  between?: [number, number];
}

type Node = Record<string, unknown>;

const isVar = (n: unknown): n is { var: string } =>
  typeof n === 'object' && n !== null && typeof (n as Node).var === 'string';

interface Limit {
  dataPoint: string;
  op: '<' | '<=' | '>' | '>=';
  value: number;
}

function limitsOf(when: unknown, ctx: Context, measured: Set<string>): Limit[] | null {
  if (typeof when !== 'object' || when === null || Array.isArray(when)) return null;
  const [op, args] = Object.entries(when as Node)[0] ?? [];
  if (!op || !Array.isArray(args)) return null;
  if (op === 'and' || op === 'or') {
    const parts = args.map((a) => limitsOf(a, ctx, measured));
    return parts.every((p) => p !== null) ? parts.flat() : null;
  }
  if (!['<', '<=', '>', '>='].includes(op) || args.length !== 2) return null;
  const [l, r] = args as [unknown, unknown];
  const flip = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' } as const;
  const side = (v: unknown, bound: unknown, o: Limit['op']): Limit | null => {
    if (!isVar(v) || !measured.has(v.var)) return null;
    const value = evaluate(bound as never, ctx);
    return typeof value === 'number' && Number.isFinite(value)
      ? { dataPoint: v.var, op: o, value }
      : null;
  };
  const limit = side(l, r, op as Limit['op']) ?? side(r, l, flip[op as keyof typeof flip]);
  return limit ? [limit] : null;
}

export function thresholdBands(
  definition: PathwayDefinition,
  inputs: Record<string, unknown>,
): ThresholdBand[] {
  const measured = new Set(
    Object.entries(definition.dataPoints)
      .filter(([, d]) => d.type === 'quantity' || d.type === 'score')
      .map(([n]) => n),
  );
  const ctx: Context = { inputs };
  const bands: ThresholdBand[] = [];
  for (const rule of definition.rules) {
    const alert = rule.then.find((a) => a.do === 'alert');
    if (!alert || alert.do !== 'alert') continue;
    const when = rule.when as Node;
    const limits = limitsOf(when, ctx, measured);
    if (!limits?.length) continue;
    const base = { ruleId: rule.id, title: alert.title, severity: alert.severity };
    const isAnd = typeof when === 'object' && when !== null && 'and' in when;
    const dps = new Set(limits.map((l) => l.dataPoint));
    if (isAnd && dps.size === 1) {
      // "≥ a and < b" on one value: the alert zone is between the two.
      const lows = limits.filter((l) => l.op === '>' || l.op === '>=').map((l) => l.value);
      const highs = limits.filter((l) => l.op === '<' || l.op === '<=').map((l) => l.value);
      if (lows.length && highs.length) {
        bands.push({
          ...base,
          dataPoint: [...dps][0]!,
          between: [Math.max(...lows), Math.min(...highs)],
        });
      }
      continue;
    }
    if (isAnd) continue; // a condition on several values together is not one band
    for (const l of limits) {
      bands.push(
        l.op === '<' || l.op === '<='
          ? { ...base, dataPoint: l.dataPoint, below: l.value, inclusive: l.op === '<=' }
          : { ...base, dataPoint: l.dataPoint, above: l.value, inclusive: l.op === '>=' },
      );
    }
  }
  return bands;
}
