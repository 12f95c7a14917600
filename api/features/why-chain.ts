import { DateTime, Duration } from 'luxon';
import { z } from 'zod';
import type { AlertRecord, ObservationRecord, WorkItemRecord } from '../../db/stores/care-store.js';
import type { EnrolmentEvent } from '../../db/stores/enrolment-store.js';
import type { CareNote } from '../../db/stores/worklist-store.js';
import {
  deriveOps,
  type Action,
  type Expression,
  type LocalisedText,
  type PathwayDefinition,
  type Rule,
  type Step,
} from '../../pathways/definition.js';
import { dataPointsRead, evaluate } from '../../pathways/expressions.js';
import { windowStart } from '../../pathways/time.js';
import { vitalByLoinc, vitalByName } from '../../pathways/vitals.js';

/**
 * "Why?" for an alert or a task: the chain that produced it (readings or a missed schedule →
 * the rule and its version → the alert or task → escalation timers → who took it, who
 * acknowledged, when, with what note), assembled from the read models and, where it adds what
 * only the workflow knows (timers started and fired, messages delivered), from the workflow's
 * history. Pure: the route loads the rows and the history, this module only reads them.
 */

const text = z.object({ it: z.string(), en: z.string() });

export const whySources = ['database', 'workflow-history'] as const;

export const whyStepKinds = [
  'reading',
  'derived-value',
  'missed-schedule',
  'form-submission',
  'workflow-message',
  'rule',
  'alert',
  'task',
  'escalation-timer',
  'escalation',
  'ladder-exhausted',
  'reminder',
  'notification',
  'claim',
  'release',
  'note',
  'acknowledgement',
  'completion',
  'resolution',
  'closure',
] as const;
export type WhyStepKind = (typeof whyStepKinds)[number];

export const whyRuleKinds = ['threshold', 'trend', 'missed-schedule', 'other'] as const;

const whyReading = z.object({
  readingId: z.string(),
  dataPoint: z.string(),
  label: text,
  value: z.number(),
  unit: z.string(),
  measuredAt: z.string(),
  /** When the platform stored it (the read model). */
  receivedAt: z.string(),
  /** When the workflow took it (its update's handling, from the history); null without it. */
  deliveredAt: z.string().nullable(),
  source: z.string(),
  deviceMessageId: z.string().nullable(),
});

const ladderLevel = z.object({ level: z.number(), role: z.string(), within: z.string() });

export const whyStep = z.object({
  at: z.string(),
  kind: z.enum(whyStepKinds),
  text,
  actor: z.object({ username: z.string(), role: z.string().nullable() }).nullable(),
  source: z.enum(whySources),
  readings: z.array(whyReading).optional(),
  derived: z
    .object({
      dataPoint: z.string(),
      label: text,
      op: z.enum(deriveOps),
      of: z.string(),
      over: z.string(),
      windowStart: z.string(),
      windowEnd: z.string(),
      value: z.number().nullable(),
      unit: z.string(),
    })
    .optional(),
  missed: z
    .object({
      stepId: z.string(),
      stepTitle: text,
      occurrence: z.number().nullable(),
      consecutive: z.number().nullable(),
      windowOpenedAt: z.string().nullable(),
      windowClosedAt: z.string().nullable(),
    })
    .optional(),
  timer: z
    .object({
      timerId: z.string(),
      startedAt: z.string(),
      dueAt: z.string(),
      firedAt: z.string().nullable(),
      canceledAt: z.string().nullable(),
      /** The timer was found in the workflow's history (else: inferred from the database). */
      seenInHistory: z.boolean(),
    })
    .optional(),
  escalation: z
    .object({ level: z.number(), assignee: z.string(), deadline: z.string().nullable() })
    .optional(),
  acknowledgement: z
    .object({
      by: z.string(),
      at: z.string(),
      note: z.string().nullable(),
      /** The first deadline: raised + the rule's acknowledgeWithin. */
      deadline: z.string(),
      withinLimit: z.boolean(),
      /** The level the alert had reached, and that level's deadline. */
      level: z.number(),
      deadlineInForce: z.string(),
      withinDeadlineInForce: z.boolean(),
    })
    .optional(),
  message: z
    .object({
      type: z.enum(['update', 'signal']),
      name: z.string(),
      id: z.string(),
      /** When the workflow handled it. */
      handledAt: z.string(),
      completedAt: z.string().nullable(),
    })
    .optional(),
});
export type WhyStep = z.infer<typeof whyStep>;

export const whyChain = z.object({
  subject: z.object({
    type: z.enum(['alert', 'work-item']),
    id: z.string(),
    enrolmentId: z.string(),
    patientId: z.string(),
    title: text,
    severity: z.enum(['red', 'orange', 'yellow']).nullable(),
    status: z.string(),
    /** Work items: the step type or `task`, `reading-due`; null for an alert. */
    kind: z.string().nullable(),
    level: z.number(),
    assignee: z.string(),
    openedAt: z.string(),
  }),
  pathway: z.object({
    id: z.string(),
    title: text,
    /** The version in force when the alert or task was raised. */
    version: z.string(),
    /** The version the enrolment runs now (after a migration it differs). */
    currentVersion: z.string(),
    definitionAvailable: z.boolean(),
  }),
  rule: z
    .object({
      id: z.string(),
      title: text,
      kind: z.enum(whyRuleKinds),
      condition: text,
      severity: z.enum(['red', 'orange', 'yellow']).nullable(),
      assignee: z.string().nullable(),
      acknowledgeWithin: z.string().nullable(),
      sla: z.string().nullable(),
      escalation: z.array(ladderLevel),
    })
    .nullable(),
  pathwayStep: z
    .object({
      id: z.string(),
      title: text,
      type: z.string(),
      track: text.nullable(),
      schedule: text.nullable(),
      due: z.string().nullable(),
      escalation: z.array(ladderLevel),
    })
    .nullable(),
  steps: z.array(whyStep),
  historyAvailable: z.boolean(),
  /** Why the workflow's part is missing, when it is. */
  historyNote: text.nullable(),
});
export type WhyChain = z.infer<typeof whyChain>;

// ---------------------------------------------------------------------------------------------
// The workflow's history, reduced to what the chain reads (why-history.ts reads it).

export interface HistoryTimer {
  /** Workflow time of the task that started it (the engine's `now` then), epoch ms. */
  startedAt: number;
  durationMs: number;
  firedAt: number | null;
  canceledAt: number | null;
}

export interface HistoryMessage {
  type: 'update' | 'signal';
  name: string;
  id: string;
  handledAt: number;
  completedAt: number | null;
  /** The first argument, decoded (e.g. the reading or the acknowledgement). */
  arg: Record<string, unknown> | null;
}

export interface HistoryFacts {
  timers: HistoryTimer[];
  messages: HistoryMessage[];
}

export interface WhyInput {
  subject: { type: 'alert'; alert: AlertRecord } | { type: 'work-item'; item: WorkItemRecord };
  pathway: { id: string; version: string; currentVersion: string };
  /** The definition of `pathway.version`, or null when that version is no longer published. */
  definition: PathwayDefinition | null;
  inputs: Record<string, unknown>;
  events: EnrolmentEvent[];
  observations: ObservationRecord[];
  notes: CareNote[];
  /** Role of a tenant user by username (for actors not recorded with their role). */
  roleOf(username: string): string | null;
  enrolmentCompletedAt: string | null;
  history: HistoryFacts | null;
}

// ---------------------------------------------------------------------------------------------
// Text helpers (Italian first, English second; times in Europe/Rome as the pathways run).

const ZONE = 'Europe/Rome';
type Lang = 'it' | 'en';
const both = (f: (l: Lang) => string): LocalisedText => ({ it: f('it'), en: f('en') });

const unitLabels: Record<string, string> = {
  'mm[Hg]': 'mmHg',
  Cel: '°C',
  '[degF]': '°F',
  '[lb_av]': 'lb',
  '{beats}/min': '/min',
  '{breaths}/min': '/min',
  '1/min': '/min',
};
export const unitLabel = (unit: string) => unitLabels[unit] ?? unit;

export function formatValue(value: number, lang: Lang): string {
  const rounded = Math.round(value * 100) / 100;
  const s = String(rounded);
  return lang === 'it' ? s.replace('.', ',') : s;
}

function quantity(value: number, unit: string, lang: Lang): string {
  const u = unitLabel(unit);
  return u ? `${formatValue(value, lang)} ${u}` : formatValue(value, lang);
}

/** "07/03/2026 14:05:09" in Europe/Rome. */
export function localTime(iso: string): string {
  const d = DateTime.fromISO(iso, { zone: ZONE });
  return d.isValid ? d.toFormat('dd/MM/yyyy HH:mm:ss') : iso;
}

const durationUnits: [string, string, string, string, string][] = [
  ['years', 'anno', 'anni', 'year', 'years'],
  ['months', 'mese', 'mesi', 'month', 'months'],
  ['weeks', 'settimana', 'settimane', 'week', 'weeks'],
  ['days', 'giorno', 'giorni', 'day', 'days'],
  ['hours', 'h', 'h', 'h', 'h'],
  ['minutes', 'min', 'min', 'min', 'min'],
  ['seconds', 's', 's', 's', 's'],
];

/** PT30M → "30 min", P3D → "3 giorni" / "3 days". */
export function humanDuration(iso: string, lang: Lang): string {
  const d = Duration.fromISO(iso);
  if (!d.isValid) return iso;
  const values = d.toObject() as Record<string, number | undefined>;
  const parts: string[] = [];
  for (const [key, itOne, itMany, enOne, enMany] of durationUnits) {
    const n = values[key];
    if (!n) continue;
    const word = lang === 'it' ? (n === 1 ? itOne : itMany) : n === 1 ? enOne : enMany;
    parts.push(`${formatValue(n, lang)} ${word}`);
  }
  return parts.join(' ') || '0 s';
}

const roleLabels: Record<string, LocalisedText> = {
  patient: { it: 'Paziente', en: 'Patient' },
  caregiver: { it: 'Caregiver', en: 'Caregiver' },
  nurse: { it: 'Infermiere', en: 'Nurse' },
  doctor: { it: 'Medico', en: 'Doctor' },
  consultant: { it: 'Consulente', en: 'Consultant' },
  emergency: { it: 'Centrale operativa 118', en: 'Emergency operations (118)' },
  designer: { it: 'Progettista', en: 'Designer' },
  manager: { it: 'Direzione', en: 'Manager' },
  admin: { it: 'Amministratore', en: 'Administrator' },
};
export const roleLabel = (role: string, lang: Lang) => roleLabels[role]?.[lang] ?? role;

const alertLabels: Record<string, LocalisedText> = {
  red: { it: 'Allerta rossa', en: 'Red alert' },
  orange: { it: 'Allerta arancione', en: 'Orange alert' },
  yellow: { it: 'Allerta gialla', en: 'Yellow alert' },
};

const ms = (iso: string) => Date.parse(iso);
const iso = (t: number) => new Date(t).toISOString();

// ---------------------------------------------------------------------------------------------
// Conditions, rendered readably

type Node = Record<string, unknown>;
const isNode = (n: unknown): n is Node => typeof n === 'object' && n !== null && !Array.isArray(n);
const varName = (n: unknown): string | null => {
  if (!isNode(n) || !('var' in n)) return null;
  const v = n.var;
  const name: unknown = Array.isArray(v) ? (v as unknown[])[0] : v;
  return typeof name === 'string' ? name : null;
};

/** The short label of a data point ("SpO2"), else its title. */
export function dataPointLabel(name: string, def: PathwayDefinition | null): LocalisedText {
  const d = def?.dataPoints[name];
  if (d?.type === 'quantity') {
    const vital = (d.loinc ? vitalByLoinc(d.loinc) : undefined) ?? vitalByName(name);
    if (vital) return vital.label;
  }
  return d?.title ?? { it: name, en: name };
}

function dataPointUnit(name: string, def: PathwayDefinition | null): string | null {
  const d = def?.dataPoints[name];
  if (d?.type === 'quantity') return d.unit;
  if (d?.type === 'derived') return d.unit ?? null;
  return null;
}

function readsVar(expr: unknown, prefix: string): string[] {
  const found: string[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!isNode(n)) return;
    const name = varName(n);
    if (name?.startsWith(prefix)) found.push(name);
    for (const [op, args] of Object.entries(n)) if (op !== 'var') walk(args);
  };
  walk(expr);
  return found;
}

const comparison: Record<string, string> = {
  '<': '<',
  '<=': '≤',
  '>': '>',
  '>=': '≥',
  '==': '=',
  '===': '=',
  '!=': '≠',
  '!==': '≠',
};
const arithmetic = new Set(['+', '-', '*', '/', '%', 'min', 'max']);

function stepTitle(def: PathwayDefinition | null, stepId: string): LocalisedText {
  for (const track of def?.tracks ?? []) {
    const s = track.steps.find((x) => x.id === stepId);
    if (s) return s.title;
  }
  return { it: stepId, en: stepId };
}

/** `{ "<": [{var: spo2}, {var: inputs.spo2Min}] }` → "SpO2 < 92 % (soglia del paziente)". */
export function renderCondition(
  expr: Expression,
  def: PathwayDefinition | null,
  inputs: Record<string, unknown>,
): LocalisedText {
  const term = (n: unknown, unit: string | null, lang: Lang): string => {
    const name = varName(n);
    if (name !== null) {
      if (name.startsWith('inputs.')) {
        const value = inputs[name.slice('inputs.'.length)];
        const mine = lang === 'it' ? 'soglia del paziente' : "patient's threshold";
        return typeof value === 'number'
          ? `${unit ? quantity(value, unit, lang) : formatValue(value, lang)} (${mine})`
          : `${name} (${mine})`;
      }
      if (name.startsWith('missed.')) {
        const [, stepId = '', counter = ''] = name.split('.');
        const title = stepTitle(def, stepId)[lang];
        if (counter === 'consecutive')
          return lang === 'it'
            ? `misurazioni consecutive mancate («${title}»)`
            : `consecutive missed («${title}»)`;
        return lang === 'it' ? `totale mancate («${title}»)` : `total missed («${title}»)`;
      }
      return dataPointLabel(name.split('.')[0]!, def)[lang];
    }
    if (typeof n === 'number') return unit ? quantity(n, unit, lang) : formatValue(n, lang);
    if (isNode(n)) {
      const [op, args] = Object.entries(n)[0] ?? [];
      if (op && arithmetic.has(op) && dataPointsRead(n).length === 0) {
        // Only inputs and constants: the limit is a number for this patient.
        const value = evaluate(n, { inputs });
        if (typeof value === 'number' && Number.isFinite(value)) {
          const own = readsVar(n, 'inputs.').length > 0;
          const label = lang === 'it' ? 'soglia del paziente' : "patient's threshold";
          const shown = unit ? quantity(value, unit, lang) : formatValue(value, lang);
          return own ? `${shown} (${label})` : shown;
        }
      }
      if (op && arithmetic.has(op) && Array.isArray(args)) {
        return `(${args.map((a) => term(a, unit, lang)).join(` ${op} `)})`;
      }
      return render(n, lang);
    }
    return JSON.stringify(n);
  };
  const unitOf = (n: unknown): string | null => {
    const name = varName(n);
    return name && !name.includes('.') ? dataPointUnit(name, def) : null;
  };
  const render = (n: unknown, lang: Lang): string => {
    if (!isNode(n)) return term(n, null, lang);
    const [op, args] = Object.entries(n)[0] ?? [];
    if (!op) return JSON.stringify(n);
    const list = Array.isArray(args) ? (args as unknown[]) : [args];
    const sym = comparison[op];
    if (sym && list.length === 2) {
      const unit = unitOf(list[0]) ?? unitOf(list[1]);
      return `${term(list[0], unit, lang)} ${sym} ${term(list[1], unit, lang)}`;
    }
    if (sym && list.length === 3) {
      const unit = unitOf(list[1]);
      return list.map((a) => term(a, unit, lang)).join(` ${sym} `);
    }
    if (op === 'and' || op === 'or') {
      const joiner =
        op === 'and' ? (lang === 'it' ? ' e ' : ' and ') : lang === 'it' ? ' o ' : ' or ';
      return list
        .map((a) => {
          const inner = render(a, lang);
          return isNode(a) && ('and' in a || 'or' in a) ? `(${inner})` : inner;
        })
        .join(joiner);
    }
    if (op === '!') return `${lang === 'it' ? 'non' : 'not'} (${render(list[0], lang)})`;
    if (op === '!!') return render(list[0], lang);
    if (op === 'var') return term(n, null, lang);
    return term(n, null, lang);
  };
  return both((lang) => render(expr, lang));
}

/** Threshold (a measured value against a limit), trend (a derived value), missed schedule. */
export function ruleKind(
  rule: Pick<Rule, 'when'>,
  def: PathwayDefinition | null,
  causes: string[] = [],
): (typeof whyRuleKinds)[number] {
  if (readsVar(rule.when, 'missed.').length || causes.some((c) => c.startsWith('missed:')))
    return 'missed-schedule';
  const reads = dataPointsRead(rule.when);
  const types = reads.map((n) => def?.dataPoints[n]?.type);
  if (types.includes('derived')) return 'trend';
  const compares = (n: unknown): boolean => {
    if (!isNode(n)) return false;
    const [op, args] = Object.entries(n)[0] ?? [];
    if (op === 'and' || op === 'or') return Array.isArray(args) && args.every(compares);
    return op !== undefined && op in comparison;
  };
  if ((types.includes('quantity') || types.includes('score')) && compares(rule.when))
    return 'threshold';
  return 'other';
}

// ---------------------------------------------------------------------------------------------
// The assembler

interface Built extends WhyStep {
  /** Sort key: causes before what they caused even when a device clock ran ahead. */
  order: number;
}

type AlertAction = Extract<Action, { do: 'alert' }>;
type TaskAction = Extract<Action, { do: 'task' }>;

function payloadOf<T>(e: EnrolmentEvent): T {
  return (e.payload ?? {}) as T;
}

function findStep(
  def: PathwayDefinition | null,
  stepId: string,
): { step: Step; track: LocalisedText } | null {
  for (const track of def?.tracks ?? []) {
    const step = track.steps.find((s) => s.id === stepId);
    if (step) return { step, track: track.title };
  }
  return null;
}

const ladder = (levels: { role: string; within: string }[]) =>
  levels.map((l, i) => ({ level: i + 1, role: l.role, within: l.within }));

/** Assembles the chain; every `at` is an ISO instant, steps in the order they happened. */
export function assembleWhy(input: WhyInput): WhyChain {
  const { definition: def, events, observations, history } = input;
  const isAlert = input.subject.type === 'alert';
  const alert = input.subject.type === 'alert' ? input.subject.alert : null;
  const item = input.subject.type === 'work-item' ? input.subject.item : null;
  const engineId = alert?.alertId ?? item!.itemId;
  const openedAt = alert?.raisedAt ?? item!.openedAt;
  const openedMs = ms(openedAt);
  const steps: Built[] = [];
  const add = (s: Omit<Built, 'order'> & { order?: number }) =>
    steps.push({ ...s, order: s.order ?? ms(s.at) });
  const actor = (username: string | null | undefined, role?: string | null) =>
    username ? { username, role: role ?? input.roleOf(username) } : null;

  // --- what the rule is ---------------------------------------------------------------------
  const ruleId = alert?.ruleId ?? item!.ruleId;
  const causes: string[] =
    alert?.causes ??
    (Array.isArray(item!.details.causes) ? (item!.details.causes as string[]) : []);
  const rule = ruleId ? (def?.rules.find((r) => r.id === ruleId) ?? null) : null;
  let ruleView: WhyChain['rule'] = null;
  let stepView: WhyChain['pathwayStep'] = null;
  let ladderLevels: { role: string; within: string }[] = [];
  let acknowledgeWithin: string | null = null;

  if (rule) {
    const alertAction =
      rule.then.find(
        (a): a is AlertAction => a.do === 'alert' && (!alert || a.severity === alert.severity),
      ) ?? rule.then.find((a): a is AlertAction => a.do === 'alert');
    const taskAction = rule.then.find((a): a is TaskAction => a.do === 'task');
    const action = isAlert ? alertAction : taskAction;
    ladderLevels = action?.escalation ?? [];
    acknowledgeWithin = alertAction && isAlert ? alertAction.acknowledgeWithin : null;
    ruleView = {
      id: rule.id,
      title: rule.title,
      kind: ruleKind(rule, def, causes),
      condition: renderCondition(rule.when, def, input.inputs),
      severity: isAlert ? (alertAction?.severity ?? alert!.severity) : null,
      assignee: action?.assignee ?? null,
      acknowledgeWithin,
      sla: !isAlert && taskAction ? taskAction.sla : null,
      escalation: ladder(ladderLevels),
    };
  } else if (ruleId) {
    // An alert of a step's onMissed / onNoShow actions (`step-missed:<step>:<n>`), or a rule of
    // a version that is no longer published.
    const missedCause = causes.find((c) => c.startsWith('missed:') || c.startsWith('no-show:'));
    const stepId = missedCause?.split(':')[1];
    const found = stepId ? findStep(def, stepId) : null;
    const actions = found
      ? [...found.step.onMissed, ...('onNoShow' in found.step ? found.step.onNoShow : [])]
      : [];
    const alertAction = actions.find((a): a is AlertAction => a.do === 'alert');
    ladderLevels = alertAction?.escalation ?? [];
    acknowledgeWithin = alertAction?.acknowledgeWithin ?? null;
    const title = found?.step.title ?? alert?.title ?? item!.title;
    ruleView = {
      id: ruleId,
      title,
      kind: missedCause ? 'missed-schedule' : 'other',
      condition: missedCause
        ? both((l) =>
            l === 'it'
              ? `Finestra di «${title.it}» chiusa senza risposta`
              : `Window of «${title.en}» closed without an answer`,
          )
        : both((l) =>
            l === 'it'
              ? 'Definizione della regola non disponibile'
              : 'Rule definition not available',
          ),
      severity: alert?.severity ?? null,
      assignee: alertAction?.assignee ?? null,
      acknowledgeWithin,
      sla: null,
      escalation: ladder(ladderLevels),
    };
  }
  if (item && !item.ruleId && item.stepId) {
    const found = findStep(def, item.stepId);
    const st = found?.step;
    ladderLevels = st && 'escalation' in st ? st.escalation : [];
    stepView = {
      id: item.stepId,
      title: st?.title ?? item.title,
      type: st?.type ?? item.kind,
      track: found?.track ?? null,
      schedule: st?.schedule
        ? both((l) =>
            l === 'it'
              ? `${st.schedule!.rrule} · finestra ${humanDuration(st.schedule!.window, 'it')}`
              : `${st.schedule!.rrule} · window ${humanDuration(st.schedule!.window, 'en')}`,
          )
        : null,
      due: st && 'due' in st ? (st.due ?? null) : null,
      escalation: ladder(ladderLevels),
    };
  }

  // --- the messages the workflow took --------------------------------------------------------
  const messages = history?.messages ?? [];
  const readingMessage = new Map<string, HistoryMessage>();
  for (const m of messages) {
    const id = m.arg?.readingId;
    if (m.name === 'submitReading' && typeof id === 'string') readingMessage.set(id, m);
  }
  const messageStep = (m: HistoryMessage, what: LocalisedText, order?: number) =>
    add({
      at: iso(m.handledAt),
      ...(order !== undefined ? { order } : {}),
      kind: 'workflow-message',
      text: both((l) =>
        l === 'it'
          ? `${what.it}: ${m.type === 'update' ? 'update' : 'segnale'} ${m.name} preso in carico dal workflow${m.completedAt ? `, completato alle ${localTime(iso(m.completedAt))}` : ''}`
          : `${what.en}: ${m.type} ${m.name} handled by the workflow${m.completedAt ? `, completed at ${localTime(iso(m.completedAt))}` : ''}`,
      ),
      actor: typeof m.arg?.by === 'string' ? actor(m.arg.by) : null,
      source: 'workflow-history',
      message: {
        type: m.type,
        name: m.name,
        id: m.id,
        handledAt: iso(m.handledAt),
        completedAt: m.completedAt === null ? null : iso(m.completedAt),
      },
    });

  const toReading = (o: ObservationRecord): z.infer<typeof whyReading> => {
    const m = readingMessage.get(o.readingId);
    return {
      readingId: o.readingId,
      dataPoint: o.dataPoint,
      label: dataPointLabel(o.dataPoint, def),
      value: o.value,
      unit: o.unit,
      measuredAt: o.measuredAt,
      receivedAt: o.receivedAt,
      deliveredAt: m ? iso(m.handledAt) : null,
      source: o.source,
      deviceMessageId: o.deviceMessageId,
    };
  };
  const describe = (rows: ObservationRecord[], l: Lang) =>
    rows
      .map((o) => `${dataPointLabel(o.dataPoint, def)[l]} ${quantity(o.value, o.unit, l)}`)
      .join(', ');
  const sourceText = (o: ObservationRecord, l: Lang) => {
    const who: Record<string, LocalisedText> = {
      patient: { it: 'inviata dal paziente', en: 'sent by the patient' },
      device: { it: 'inviata da un dispositivo', en: 'sent by a device' },
      nurse: { it: "inserita dall'infermiere", en: 'entered by a nurse' },
      doctor: { it: 'inserita dal medico', en: 'entered by a doctor' },
    };
    const base = who[o.source]?.[l] ?? o.source;
    return o.deviceMessageId ? `${base} (${o.deviceMessageId})` : base;
  };

  // --- causes ---------------------------------------------------------------------------------
  const readingCauses = causes.filter((c) => c.startsWith('reading:')).map((c) => c.slice(8));
  // Causes come before what they caused, whatever the clocks say.
  const causeOrder = openedMs - 1;
  for (const readingId of readingCauses) {
    const rows = observations
      .filter((o) => o.readingId === readingId)
      .sort((a, b) => a.dataPoint.localeCompare(b.dataPoint));
    const first = rows[0];
    if (!first) {
      add({
        at: openedAt,
        order: causeOrder,
        kind: 'reading',
        text: both((l) =>
          l === 'it'
            ? `Misurazione ${readingId} (valori non più presenti nel database)`
            : `Reading ${readingId} (values no longer in the database)`,
        ),
        actor: null,
        source: 'database',
        readings: [],
      });
      continue;
    }
    add({
      at: first.measuredAt,
      order: Math.min(ms(first.measuredAt), causeOrder),
      kind: 'reading',
      text: both((l) =>
        l === 'it'
          ? `Misurazione: ${describe(rows, l)} — ${sourceText(first, l)}, registrata alle ${localTime(first.receivedAt)}`
          : `Reading: ${describe(rows, l)} — ${sourceText(first, l)}, stored at ${localTime(first.receivedAt)}`,
      ),
      actor: null,
      source: 'database',
      readings: rows.map(toReading),
    });
    const m = readingMessage.get(readingId);
    if (m) {
      messageStep(
        m,
        { it: 'Misurazione consegnata al percorso', en: 'Reading delivered to the pathway' },
        Math.min(m.handledAt, openedMs - 0.75),
      );
    }
  }

  // Trend: the series a derived value was computed from, inside its window.
  if (rule && def) {
    for (const name of dataPointsRead(rule.when)) {
      const d = def.dataPoints[name];
      if (d?.type !== 'derived') continue;
      const causeIds = new Set(readingCauses);
      const deliveredBefore = new Set(
        messages
          .filter((m) => m.name === 'submitReading' && m.handledAt <= openedMs)
          .map((m) => String(m.arg?.readingId)),
      );
      const known = observations.filter(
        (o) =>
          o.dataPoint === d.derive.of &&
          (causeIds.has(o.readingId) ||
            deliveredBefore.has(o.readingId) ||
            ms(o.receivedAt) <= openedMs),
      );
      const latest = Math.max(...known.map((o) => ms(o.measuredAt)));
      if (!Number.isFinite(latest)) continue;
      const from = windowStart(latest, d.derive.over, def.timeZone);
      const series = known
        .filter((o) => ms(o.measuredAt) >= from && ms(o.measuredAt) <= latest)
        .sort((a, b) => a.measuredAt.localeCompare(b.measuredAt) || a.id.localeCompare(b.id));
      const recorded = alert?.data[name];
      const value = typeof recorded === 'number' ? recorded : null;
      const unit = d.unit ?? series[0]?.unit ?? '';
      const label = d.title;
      const ofLabel = dataPointLabel(d.derive.of, def);
      const opText: Record<string, LocalisedText> = {
        change: { it: 'variazione', en: 'change' },
        mean: { it: 'media', en: 'mean' },
        min: { it: 'minimo', en: 'minimum' },
        max: { it: 'massimo', en: 'maximum' },
        count: { it: 'numero', en: 'count' },
        latest: { it: 'ultimo valore', en: 'latest value' },
      };
      add({
        at: openedAt,
        order: causeOrder + 0.5,
        kind: 'derived-value',
        text: both((l) =>
          l === 'it'
            ? `Valore derivato «${label.it}»${value !== null ? ` = ${quantity(value, unit, l)}` : ''}: ${opText[d.derive.op]!.it} di ${ofLabel.it} negli ultimi ${humanDuration(d.derive.over, l)}, da ${series.length} misurazioni (${series.map((o) => quantity(o.value, o.unit, l)).join(', ')}) tra ${localTime(iso(from))} e ${localTime(iso(latest))}`
            : `Derived value «${label.en}»${value !== null ? ` = ${quantity(value, unit, l)}` : ''}: ${opText[d.derive.op]!.en} of ${ofLabel.en} over the last ${humanDuration(d.derive.over, l)}, from ${series.length} readings (${series.map((o) => quantity(o.value, o.unit, l)).join(', ')}) between ${localTime(iso(from))} and ${localTime(iso(latest))}`,
        ),
        actor: null,
        source: 'database',
        readings: series.map(toReading),
        derived: {
          dataPoint: name,
          label,
          op: d.derive.op,
          of: d.derive.of,
          over: d.derive.over,
          windowStart: iso(from),
          windowEnd: iso(latest),
          value,
          unit,
        },
      });
    }
  }

  // Missed schedules: named in the causes, or read by the rule (missed.<step>.consecutive).
  const openItems = events.filter((e) => e.kind === 'open-item');
  const missedEvents = events.filter((e) => e.kind === 'missed' && ms(e.at) <= openedMs);
  const missedStep = (e: EnrolmentEvent) => {
    const p = payloadOf<{ stepId: string; occurrence: number; consecutive: number }>(e);
    const title = stepTitle(def, p.stepId);
    const opened = openItems.find((o) => {
      const i = payloadOf<{ item: { stepId: string | null; details: Record<string, unknown> } }>(
        o,
      ).item;
      return i.stepId === p.stepId && (i.details.occurrence ?? 1) === p.occurrence;
    });
    const occ = opened
      ? payloadOf<{ item: { openedAt: string; dueAt: string | null } }>(opened).item
      : null;
    add({
      at: e.at,
      order: Math.min(ms(e.at), causeOrder),
      kind: 'missed-schedule',
      text: both((l) =>
        l === 'it'
          ? `«${title.it}» non ricevuta: occorrenza n. ${p.occurrence}${occ ? `, finestra ${localTime(occ.openedAt)} – ${occ.dueAt ? localTime(occ.dueAt) : '…'}` : ''} chiusa senza dati (${p.consecutive}ª consecutiva)`
          : `«${title.en}» not received: occurrence ${p.occurrence}${occ ? `, window ${localTime(occ.openedAt)} – ${occ.dueAt ? localTime(occ.dueAt) : '…'}` : ''} closed without data (${p.consecutive} in a row)`,
      ),
      actor: null,
      source: 'database',
      missed: {
        stepId: p.stepId,
        stepTitle: title,
        occurrence: p.occurrence ?? null,
        consecutive: p.consecutive ?? null,
        windowOpenedAt: occ?.openedAt ?? null,
        windowClosedAt: occ?.dueAt ?? null,
      },
    });
  };
  const missedCauses = causes.filter((c) => c.startsWith('missed:'));
  for (const c of missedCauses) {
    const [, stepId, occurrence] = c.split(':');
    const e = [...missedEvents].reverse().find((x) => {
      const p = payloadOf<{ stepId: string; occurrence: number }>(x);
      return (
        p.stepId === stepId && (occurrence === undefined || p.occurrence === Number(occurrence))
      );
    });
    if (e) missedStep(e);
  }
  if (rule && !missedCauses.length) {
    for (const name of new Set(readsVar(rule.when, 'missed.'))) {
      const stepId = name.split('.')[1]!;
      const ofStep = missedEvents.filter((e) => payloadOf<{ stepId: string }>(e).stepId === stepId);
      const last = ofStep[ofStep.length - 1];
      if (!last) continue;
      const run = name.endsWith('.consecutive')
        ? Math.max(1, payloadOf<{ consecutive: number }>(last).consecutive || 1)
        : ofStep.length;
      for (const e of ofStep.slice(-run)) missedStep(e);
    }
  }
  for (const c of causes.filter((x) => x.startsWith('form:'))) {
    add({
      at: openedAt,
      order: causeOrder,
      kind: 'form-submission',
      text: both((l) =>
        l === 'it'
          ? `Questionario inviato (${c.slice(5)})`
          : `Questionnaire submitted (${c.slice(5)})`,
      ),
      actor: null,
      source: 'database',
    });
  }

  // --- the rule, and what it raised -----------------------------------------------------------
  if (ruleView) {
    const values = alert
      ? Object.entries(alert.data)
          .filter(([, v]) => typeof v === 'number')
          .map(([n, v]) => ({ n, v: v as number, unit: dataPointUnit(n, def) ?? '' }))
      : [];
    const r = ruleView;
    add({
      at: openedAt,
      kind: 'rule',
      text: both((l) =>
        l === 'it'
          ? `Regola «${r.title.it}» (${r.id}, percorso ${input.pathway.id} v${input.pathway.version}) verificata: ${r.condition.it}${values.length ? ` — valori: ${values.map((x) => `${dataPointLabel(x.n, def).it} ${quantity(x.v, x.unit, l)}`).join(', ')}` : ''}`
          : `Rule «${r.title.en}» (${r.id}, pathway ${input.pathway.id} v${input.pathway.version}) met: ${r.condition.en}${values.length ? ` — values: ${values.map((x) => `${dataPointLabel(x.n, def).en} ${quantity(x.v, x.unit, l)}`).join(', ')}` : ''}`,
      ),
      actor: null,
      source: 'database',
    });
  }

  const byEngineId = (e: EnrolmentEvent, key: 'alertId' | 'itemId') =>
    payloadOf<Record<string, unknown>>(e)[key] === engineId;

  if (alert) {
    const raise = events.find(
      (e) =>
        e.kind === 'raise-alert' && payloadOf<{ alert: { id: string } }>(e).alert?.id === engineId,
    );
    const firstDeadline =
      (raise ? payloadOf<{ alert: { acknowledgeBy: string } }>(raise).alert.acknowledgeBy : null) ??
      alert.acknowledgeBy;
    const firstAssignee =
      (raise ? payloadOf<{ alert: { assignee: string } }>(raise).alert.assignee : null) ??
      alert.assignee;
    add({
      at: alert.raisedAt,
      kind: 'alert',
      text: both((l) =>
        l === 'it'
          ? `${alertLabels[alert.severity]!.it} «${alert.title.it}» aperta per ${roleLabel(firstAssignee, l)}: presa visione entro ${localTime(firstDeadline)}${acknowledgeWithin ? ` (${humanDuration(acknowledgeWithin, l)})` : ''}`
          : `${alertLabels[alert.severity]!.en} «${alert.title.en}» opened for ${roleLabel(firstAssignee, l)}: acknowledge by ${localTime(firstDeadline)}${acknowledgeWithin ? ` (${humanDuration(acknowledgeWithin, l)})` : ''}`,
      ),
      actor: null,
      source: 'database',
    });
    // Notifications the same rule sent with it.
    const prefix = `${alert.ruleId}:${alert.causes.join(',')}:`;
    for (const e of events) {
      const p = payloadOf<{
        key?: string;
        to?: string;
        channels?: string[];
        message?: LocalisedText;
      }>(e);
      if (e.kind !== 'notify' || !p.key?.startsWith(prefix) || Math.abs(ms(e.at) - openedMs) > 1000)
        continue;
      add({
        at: e.at,
        kind: 'notification',
        text: both((l) =>
          l === 'it'
            ? `Notifica a ${roleLabel(p.to ?? '', l)} (${(p.channels ?? []).join(', ')}): «${p.message?.it ?? ''}»`
            : `Notification to ${roleLabel(p.to ?? '', l)} (${(p.channels ?? []).join(', ')}): «${p.message?.en ?? ''}»`,
        ),
        actor: null,
        source: 'database',
      });
    }

    const escalations = events
      .filter((e) => e.kind === 'escalate-alert' && byEngineId(e, 'alertId'))
      .map((e) => ({
        e,
        p: payloadOf<{ level: number; assignee: string; acknowledgeBy: string }>(e),
      }));
    const exhausted = events.find(
      (e) => e.kind === 'alert-ladder-exhausted' && byEngineId(e, 'alertId'),
    );
    const closes = events.filter((e) => e.kind === 'close-alert' && byEngineId(e, 'alertId'));
    const ackAt = alert.acknowledgedAt;
    const stopAt = ackAt ?? alert.resolvedAt;
    const periods = [
      { start: alert.raisedAt, due: firstDeadline, level: 0 },
      ...escalations.map(({ e, p }) => ({ start: e.at, due: p.acknowledgeBy, level: p.level })),
    ];
    periods.forEach((period, i) => {
      const next = escalations[i];
      const endedByEscalation =
        next?.e.at ?? (exhausted && i === periods.length - 1 ? exhausted.at : null);
      timerSteps({
        add,
        timerId: `alert:${engineId}`,
        start: period.start,
        due: period.due,
        firedFallback: endedByEscalation,
        canceledFallback:
          !endedByEscalation && stopAt && ms(stopAt) <= ms(period.due) + 1000 ? stopAt : null,
        history,
        level: period.level,
      });
    });
    for (const { e, p } of escalations) {
      add({
        at: e.at,
        kind: 'escalation',
        text: both((l) =>
          l === 'it'
            ? `Nessuna presa visione entro la scadenza: escalation al livello ${p.level} — ${roleLabel(p.assignee, l)}, nuova scadenza ${localTime(p.acknowledgeBy)}`
            : `Not acknowledged in time: escalated to level ${p.level} — ${roleLabel(p.assignee, l)}, new deadline ${localTime(p.acknowledgeBy)}`,
        ),
        actor: null,
        source: 'database',
        escalation: { level: p.level, assignee: p.assignee, deadline: p.acknowledgeBy },
      });
    }
    if (exhausted) {
      const p = payloadOf<{ assignee: string }>(exhausted);
      add({
        at: exhausted.at,
        kind: 'ladder-exhausted',
        text: both((l) =>
          l === 'it'
            ? `Scala di escalation esaurita: l'allerta resta a ${roleLabel(p.assignee, l)}`
            : `Escalation ladder exhausted: the alert stays with ${roleLabel(p.assignee, l)}`,
        ),
        actor: null,
        source: 'database',
        escalation: { level: alert.level, assignee: p.assignee, deadline: null },
      });
    }

    noteSteps(input.notes, add, actor);

    for (const m of messages) {
      if (m.arg?.alertId !== engineId) continue;
      if (m.name === 'acknowledgeAlert')
        messageStep(m, {
          it: 'Presa visione consegnata al percorso',
          en: 'Acknowledgement delivered to the pathway',
        });
      else if (m.name === 'resolveAlert')
        messageStep(m, {
          it: 'Risoluzione consegnata al percorso',
          en: 'Resolution delivered to the pathway',
        });
    }

    if (ackAt && alert.acknowledgedBy) {
      const ackMs = ms(ackAt);
      const inForce = [
        { level: 0, due: firstDeadline },
        ...escalations
          .filter(({ e }) => ms(e.at) <= ackMs)
          .map(({ p }) => ({ level: p.level, due: p.acknowledgeBy })),
      ].at(-1)!;
      const within = ackMs <= ms(firstDeadline);
      const withinInForce = ackMs <= ms(inForce.due);
      const by = alert.acknowledgedBy;
      const noteRole = input.notes.find(
        (n) => n.kind === 'acknowledged' && n.author === by,
      )?.authorRole;
      const note = alert.note;
      add({
        at: ackAt,
        kind: 'acknowledgement',
        text: both((l) =>
          l === 'it'
            ? `Presa visione di ${by}${within ? ` entro il limite${acknowledgeWithin ? ` di ${humanDuration(acknowledgeWithin, l)}` : ''}` : ` oltre il limite${acknowledgeWithin ? ` di ${humanDuration(acknowledgeWithin, l)}` : ''} (livello ${inForce.level}, ${withinInForce ? 'entro' : 'oltre'} la scadenza del livello)`}${note ? ` — nota: «${note}»` : ''}`
            : `Acknowledged by ${by}${within ? ` within the limit${acknowledgeWithin ? ` of ${humanDuration(acknowledgeWithin, l)}` : ''}` : ` after the limit${acknowledgeWithin ? ` of ${humanDuration(acknowledgeWithin, l)}` : ''} (level ${inForce.level}, ${withinInForce ? 'within' : 'after'} that level's deadline)`}${note ? ` — note: «${note}»` : ''}`,
        ),
        actor: actor(by, noteRole),
        source: 'database',
        acknowledgement: {
          by,
          at: ackAt,
          note,
          deadline: firstDeadline,
          withinLimit: within,
          level: inForce.level,
          deadlineInForce: inForce.due,
          withinDeadlineInForce: withinInForce,
        },
      });
    }
    if (alert.resolvedAt && alert.resolvedBy) {
      const by = alert.resolvedBy;
      const note = [...input.notes].reverse().find((n) => n.kind === 'resolved');
      add({
        at: alert.resolvedAt,
        kind: 'resolution',
        text: both((l) =>
          l === 'it'
            ? `Risolta da ${by}${note?.text ? ` — motivo: «${note.text}»` : ''}`
            : `Resolved by ${by}${note?.text ? ` — reason: «${note.text}»` : ''}`,
        ),
        actor: actor(by, note?.authorRole),
        source: 'database',
      });
    }
    if (alert.status === 'closed' && !closes.length) {
      add({
        at: input.enrolmentCompletedAt ?? alert.acknowledgeBy,
        kind: 'closure',
        text: both((l) =>
          l === 'it' ? "Chiusa con la fine dell'arruolamento" : 'Closed when the enrolment ended',
        ),
        actor: null,
        source: 'database',
      });
    }
  }

  if (item) {
    const open = events.find(
      (e) => e.kind === 'open-item' && payloadOf<{ item: { id: string } }>(e).item?.id === engineId,
    );
    const firstDue = open
      ? payloadOf<{ item: { dueAt: string | null } }>(open).item.dueAt
      : item.dueAt;
    const firstAssignee = open
      ? payloadOf<{ item: { assignee: string } }>(open).item.assignee
      : item.assignee;
    add({
      at: item.openedAt,
      kind: 'task',
      text: both((l) =>
        l === 'it'
          ? `Attività «${item.title.it}» aperta per ${roleLabel(firstAssignee, l)}${firstDue ? `, scadenza ${localTime(firstDue)}` : ''}`
          : `Task «${item.title.en}» opened for ${roleLabel(firstAssignee, l)}${firstDue ? `, due ${localTime(firstDue)}` : ''}`,
      ),
      actor: null,
      source: 'database',
    });
    const escalations = events
      .filter((e) => e.kind === 'escalate-item' && byEngineId(e, 'itemId'))
      .map((e) => ({ e, p: payloadOf<{ level: number; assignee: string; dueAt: string }>(e) }));
    const closed = events.find((e) => e.kind === 'close-item' && byEngineId(e, 'itemId'));
    const timerId = item.ruleId
      ? `item:${engineId}`
      : item.kind === 'reading-due'
        ? `step:${item.stepId ?? ''}:window:${typeof item.details.occurrence === 'number' ? item.details.occurrence : ''}`
        : `step:${item.stepId ?? ''}:due:${engineId}`;
    if (firstDue) {
      const periods = [
        { start: item.openedAt, due: firstDue, level: 0 },
        ...escalations.map(({ e, p }) => ({ start: e.at, due: p.dueAt, level: p.level })),
      ];
      periods.forEach((period, i) => {
        const next = escalations[i];
        const closedAt = item.closedAt;
        const endedByDue =
          next?.e.at ??
          (closedAt && item.status !== 'done' && Math.abs(ms(closedAt) - ms(period.due)) < 1000
            ? closedAt
            : null);
        timerSteps({
          add,
          timerId,
          start: period.start,
          due: period.due,
          firedFallback: endedByDue,
          canceledFallback: !endedByDue && closedAt ? closedAt : null,
          history,
          level: period.level,
        });
      });
    }
    for (const { e, p } of escalations) {
      add({
        at: e.at,
        kind: 'escalation',
        text: both((l) =>
          l === 'it'
            ? `Scadenza superata: escalation al livello ${p.level} — ${roleLabel(p.assignee, l)}, nuova scadenza ${localTime(p.dueAt)}`
            : `Deadline passed: escalated to level ${p.level} — ${roleLabel(p.assignee, l)}, new deadline ${localTime(p.dueAt)}`,
        ),
        actor: null,
        source: 'database',
        escalation: { level: p.level, assignee: p.assignee, deadline: p.dueAt },
      });
    }
    for (const e of events.filter((x) => x.kind === 'remind' && byEngineId(x, 'itemId'))) {
      const p = payloadOf<{ to: string }>(e);
      add({
        at: e.at,
        kind: 'reminder',
        text: both((l) =>
          l === 'it' ? `Promemoria a ${roleLabel(p.to, l)}` : `Reminder to ${roleLabel(p.to, l)}`,
        ),
        actor: null,
        source: 'database',
      });
    }
    noteSteps(input.notes, add, actor);
    for (const m of messages) {
      if (m.arg?.itemId !== engineId) continue;
      if (m.name === 'completeItem' || m.name === 'submitForm')
        messageStep(m, {
          it: 'Completamento consegnato al percorso',
          en: 'Completion delivered to the pathway',
        });
    }
    if (item.closedAt) {
      const p = closed ? payloadOf<{ status: string; by: string | null }>(closed) : null;
      const status = p?.status ?? item.status;
      const by = item.closedBy ?? p?.by ?? null;
      const statusText: Record<string, LocalisedText> = {
        done: { it: 'completata', en: 'completed' },
        missed: { it: 'chiusa come mancata', en: 'closed as missed' },
        cancelled: { it: 'annullata', en: 'cancelled' },
        'no-show': { it: 'chiusa per mancata presentazione', en: 'closed as a no-show' },
      };
      add({
        at: item.closedAt,
        kind: status === 'done' ? 'completion' : 'closure',
        text: both((l) => {
          const s = statusText[status]?.[l] ?? status;
          return l === 'it'
            ? `Attività ${s}${by ? ` da ${by}` : ''}`
            : `Task ${s}${by ? ` by ${by}` : ''}`;
        }),
        actor: actor(by),
        source: 'database',
      });
    }
  }

  const sorted = steps
    .map((s, i) => ({ s, i }))
    .sort((a, b) => a.s.order - b.s.order || a.i - b.i)
    .map(({ s: { order: _order, ...rest } }) => rest);

  const subject: WhyChain['subject'] = alert
    ? {
        type: 'alert',
        id: alert.id,
        enrolmentId: alert.enrolmentId,
        patientId: alert.patientId,
        title: alert.title,
        severity: alert.severity,
        status: alert.status,
        kind: null,
        level: alert.level,
        assignee: alert.assignee,
        openedAt: alert.raisedAt,
      }
    : {
        type: 'work-item',
        id: item!.id,
        enrolmentId: item!.enrolmentId,
        patientId: item!.patientId,
        title: item!.title,
        severity: null,
        status: item!.status,
        kind: item!.kind,
        level: item!.level,
        assignee: item!.assignee,
        openedAt: item!.openedAt,
      };
  return {
    subject,
    pathway: {
      id: input.pathway.id,
      title: def?.title ?? { it: input.pathway.id, en: input.pathway.id },
      version: input.pathway.version,
      currentVersion: input.pathway.currentVersion,
      definitionAvailable: def !== null,
    },
    rule: ruleView,
    pathwayStep: stepView,
    steps: sorted,
    historyAvailable: history !== null,
    historyNote:
      history === null
        ? {
            it: 'Storia del workflow non disponibile (percorso archiviato o servizio Temporal non raggiungibile): la catena è ricostruita dal solo database.',
            en: 'Workflow history unavailable (pathway archived or Temporal unreachable): the chain is rebuilt from the database alone.',
          }
        : null,
  };
}

/**
 * One escalation period: the workflow's timer for it, started, due, then fired or cancelled.
 * The history says exactly; without it the database says when the next level took over
 * (fired) or when someone acted (cancelled).
 */
function timerSteps(o: {
  add(s: Omit<Built, 'order'> & { order?: number }): void;
  timerId: string;
  start: string;
  due: string;
  firedFallback: string | null;
  canceledFallback: string | null;
  history: HistoryFacts | null;
  level: number;
}): void {
  const start = ms(o.start);
  const due = ms(o.due);
  // The workflow sleeps `due - now` from the engine's `now`: a timer of the same end, started
  // in the task that raised or escalated (or re-armed in a continued run), is this one.
  const candidates = (o.history?.timers ?? [])
    .filter(
      (t) =>
        Math.abs(t.startedAt + t.durationMs - due) <= 20 &&
        t.startedAt >= start - 20 &&
        t.startedAt <= due,
    )
    .sort((a, b) => a.startedAt - b.startedAt);
  const first = candidates[0];
  const fired = candidates.find((t) => t.firedAt !== null);
  const last = candidates.at(-1);
  const firedAt = first ? (fired?.firedAt ?? null) : o.firedFallback ? ms(o.firedFallback) : null;
  const canceledAt = first
    ? fired
      ? null
      : (last?.canceledAt ?? null)
    : o.canceledFallback
      ? ms(o.canceledFallback)
      : null;
  const startedAt = first ? first.startedAt : start;
  const length = Math.max(0, due - startedAt);
  const lengthText = (l: Lang) =>
    humanDuration(Duration.fromMillis(length).rescale().toISO() ?? 'PT0S', l);
  o.add({
    at: iso(startedAt),
    // A level's timer starts with its escalation: told after it.
    order: startedAt + (o.level > 0 ? 0.5 : 0),
    kind: 'escalation-timer',
    text: both((l) => {
      const outcome =
        firedAt !== null
          ? l === 'it'
            ? `; scattato alle ${localTime(iso(firedAt))}`
            : `; fired at ${localTime(iso(firedAt))}`
          : canceledAt !== null
            ? l === 'it'
              ? `; fermato alle ${localTime(iso(canceledAt))}`
              : `; stopped at ${localTime(iso(canceledAt))}`
            : l === 'it'
              ? '; in corso'
              : '; running';
      return l === 'it'
        ? `Timer di escalation ${o.timerId} (livello ${o.level}) avviato: scade alle ${localTime(o.due)} (${lengthText(l)})${outcome}`
        : `Escalation timer ${o.timerId} (level ${o.level}) started: due at ${localTime(o.due)} (${lengthText(l)})${outcome}`;
    }),
    actor: null,
    source: first ? 'workflow-history' : 'database',
    timer: {
      timerId: o.timerId,
      startedAt: iso(startedAt),
      dueAt: o.due,
      firedAt: firedAt === null ? null : iso(firedAt),
      canceledAt: canceledAt === null ? null : iso(canceledAt),
      seenInHistory: first !== undefined,
    },
  });
}

function noteSteps(
  notes: CareNote[],
  add: (s: Omit<Built, 'order'> & { order?: number }) => void,
  actor: (u: string, role?: string | null) => WhyStep['actor'],
): void {
  for (const n of notes) {
    switch (n.kind) {
      case 'claimed':
        add({
          at: n.createdAt,
          kind: 'claim',
          text: both((l) =>
            l === 'it'
              ? `Presa in carico da ${n.author}${n.text ? ` — «${n.text}»` : ''}`
              : `Taken in charge by ${n.author}${n.text ? ` — «${n.text}»` : ''}`,
          ),
          actor: actor(n.author, n.authorRole),
          source: 'database',
        });
        break;
      case 'released':
        add({
          at: n.createdAt,
          kind: 'release',
          text: both((l) => (l === 'it' ? `Rilasciata da ${n.author}` : `Released by ${n.author}`)),
          actor: actor(n.author, n.authorRole),
          source: 'database',
        });
        break;
      case 'note':
        add({
          at: n.createdAt,
          kind: 'note',
          text: both((l) =>
            l === 'it' ? `Nota di ${n.author}: «${n.text}»` : `Note by ${n.author}: «${n.text}»`,
          ),
          actor: actor(n.author, n.authorRole),
          source: 'database',
        });
        break;
      case 'acknowledged':
      case 'resolved':
        // Told by the acknowledgement and resolution steps, from the alert itself.
        break;
      default: {
        const never: never = n.kind;
        throw new Error(`unknown note kind ${String(never)}`);
      }
    }
  }
}
