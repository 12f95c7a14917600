import { Duration } from 'luxon';
import { z } from 'zod';

/**
 * The pathway language, schemaVersion 1. A pathway definition (≈ FHIR PlanDefinition) is data:
 * metadata, enrolment inputs, typed data points, parallel tracks of steps, recurring schedules
 * and rules. Conditions are json-logic expressions (no eval, no parser of ours). This module
 * is pure: the engine, the workflow sandbox, the API and the CLI all validate with it.
 */

export const localisedText = z.object({
  it: z.string().min(1, 'Italian text is required'),
  en: z.string().min(1, 'English text is required'),
});
export type LocalisedText = z.infer<typeof localisedText>;

const identifier = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and dashes, starting with a letter');

/** A data point or input name: usable as a json-logic `var`. */
const variableName = z
  .string()
  .regex(/^[a-zA-Z][a-zA-Z0-9]*$/, 'letters and digits, starting with a letter (camelCase)');

/** ISO 8601 duration such as PT30M, P3D, P1W. */
export const isoDuration = z.string().refine((s) => {
  const d = Duration.fromISO(s);
  return d.isValid && d.toMillis() >= 0;
}, 'an ISO 8601 duration such as PT30M, PT4H, P3D');

/** A json-logic expression, checked for operators and variables by validate.ts. */
export const expression = z.union([
  z.record(z.string(), z.unknown()),
  z.boolean(),
  z.number(),
  z.string(),
]);
export type Expression = z.infer<typeof expression>;

export const participantRoles = ['patient', 'caregiver', 'nurse', 'doctor', 'consultant'] as const;
export const participantRole = z.enum(participantRoles);
/** Roles a task or an alert can be assigned to; `emergency` is the 118 operations centre. */
export const assigneeRole = z.enum([
  'patient',
  'caregiver',
  'nurse',
  'doctor',
  'consultant',
  'emergency',
]);
export type AssigneeRole = z.infer<typeof assigneeRole>;

// ---------------------------------------------------------------------------------------------
// Inputs and data points

const inputBase = { title: localisedText, required: z.boolean().default(false) };

export const inputSchema = z.discriminatedUnion('type', [
  z.object({
    ...inputBase,
    type: z.literal('number'),
    unit: z.string().optional(),
    default: z.number().optional(),
    min: z.number().optional(),
    max: z.number().optional(),
  }),
  z.object({ ...inputBase, type: z.literal('text'), default: z.string().optional() }),
  z.object({ ...inputBase, type: z.literal('boolean'), default: z.boolean().optional() }),
  z.object({
    ...inputBase,
    type: z.literal('user'),
    /** A user of the tenant in this role, e.g. the referring doctor. */
    role: z.enum(['nurse', 'doctor']),
  }),
]);
export type InputDefinition = z.infer<typeof inputSchema>;

const dataPointBase = { title: localisedText };

export const deriveOps = ['change', 'mean', 'min', 'max', 'count', 'latest'] as const;

export const dataPointSchema = z.discriminatedUnion('type', [
  z.object({
    ...dataPointBase,
    type: z.literal('quantity'),
    /** UCUM unit, e.g. "%", "/min", "kg", "mm[Hg]", "Cel", "mg/dL", "L", "L/min". */
    unit: z.string().min(1),
    /** LOINC code of the observation, where one exists. */
    loinc: z
      .string()
      .regex(/^\d{1,7}-\d$/, 'a LOINC code such as 59408-5')
      .optional(),
    /** Physiologically possible range: values outside it are refused, not stored. */
    min: z.number().optional(),
    max: z.number().optional(),
  }),
  z.object({
    ...dataPointBase,
    type: z.literal('score'),
    min: z.number(),
    max: z.number(),
    loinc: z.string().optional(),
  }),
  z.object({
    ...dataPointBase,
    type: z.literal('code'),
    system: z.string().optional(),
    codes: z.array(z.object({ code: z.string().min(1), display: localisedText })).min(1),
  }),
  z.object({ ...dataPointBase, type: z.literal('boolean') }),
  z.object({ ...dataPointBase, type: z.literal('text') }),
  z.object({ ...dataPointBase, type: z.literal('datetime') }),
  z.object({
    ...dataPointBase,
    type: z.literal('derived'),
    unit: z.string().optional(),
    /** Computed by the engine from another data point's history, e.g. weight change over 3 days. */
    derive: z.object({ op: z.enum(deriveOps), of: variableName, over: isoDuration }),
  }),
]);
export type DataPointDefinition = z.infer<typeof dataPointSchema>;

// ---------------------------------------------------------------------------------------------
// Schedules

export const scheduleSchema = z.object({
  /**
   * RFC 5545 recurrence rule, in the pathway's time zone (wall-clock time), e.g.
   * "FREQ=DAILY;BYHOUR=9;BYMINUTE=0" or "FREQ=WEEKLY;BYDAY=MO;BYHOUR=10".
   */
  rrule: z
    .string()
    .regex(
      /^FREQ=(DAILY|WEEKLY|MONTHLY|HOURLY)(;[A-Z]+=[A-Z0-9,+-]+)*$/,
      'an RRULE such as FREQ=DAILY;BYHOUR=9',
    ),
  /** How long after each occurrence a response counts (the validity window). */
  window: isoDuration,
  /** Reminders to the assignee, measured from the occurrence, while nothing has arrived. */
  reminders: z.array(isoDuration).default([]),
  /** Occurrences stop after this long from the start of the step (default: the pathway's duration). */
  for: isoDuration.optional(),
  /** Or after this many occurrences. */
  count: z.number().int().min(1).optional(),
});
export type Schedule = z.infer<typeof scheduleSchema>;

const escalationLevel = z.object({
  role: assigneeRole,
  /** Time this level has to acknowledge before the next one is involved. */
  within: isoDuration,
});

export const escalationSchema = z.array(escalationLevel).min(1);

// ---------------------------------------------------------------------------------------------
// Rule actions (also used by steps' onMissed)

export const alertSeverity = z.enum(['red', 'orange', 'yellow']);
export type AlertSeverity = z.infer<typeof alertSeverity>;

export const actionSchema = z.discriminatedUnion('do', [
  z.object({
    do: z.literal('alert'),
    severity: alertSeverity,
    title: localisedText,
    /** First assignee and the time it has; then each escalation level in turn. */
    assignee: assigneeRole,
    acknowledgeWithin: isoDuration,
    escalation: z.array(escalationLevel).default([]),
  }),
  z.object({
    do: z.literal('task'),
    assignee: assigneeRole,
    title: localisedText,
    sla: isoDuration,
    escalation: z.array(escalationLevel).default([]),
  }),
  z.object({
    do: z.literal('notify'),
    to: assigneeRole,
    channels: z
      .array(z.enum(['in-app', 'email', 'sms']))
      .min(1)
      .default(['in-app']),
    message: localisedText,
  }),
  z.object({ do: z.literal('set'), dataPoint: variableName, value: expression }),
  z.object({ do: z.literal('start-track'), track: identifier }),
  z.object({ do: z.literal('stop-track'), track: identifier }),
  z.object({ do: z.literal('end'), outcome: identifier }),
  z.object({
    do: z.literal('start-pathway'),
    /** Enrols the same patient in another published pathway, linked to this enrolment. */
    pathway: identifier,
    /** Its enrolment inputs, computed from this pathway's data (json-logic). */
    inputs: z.record(variableName, expression).default({}),
  }),
]);
export type Action = z.infer<typeof actionSchema>;

// ---------------------------------------------------------------------------------------------
// Steps

const stepBase = {
  id: identifier,
  title: localisedText,
  /** Makes the step recur on a schedule; the track moves on when the occurrences end. */
  schedule: scheduleSchema.optional(),
  /** Run when an occurrence's window closes with nothing received. */
  onMissed: z.array(actionSchema).default([]),
};

/** Steps that wait for a person: due time, reminders and escalation of the human task. */
const humanStep = {
  due: isoDuration.optional(),
  reminders: z.array(isoDuration).default([]),
  escalation: z.array(escalationLevel).default([]),
};

export const stepSchema = z.discriminatedUnion('type', [
  z.object({
    ...stepBase,
    ...humanStep,
    type: z.literal('form'),
    form: z.object({
      id: identifier,
      version: z.union([z.number().int().min(1), z.literal('latest')]).default('latest'),
    }),
    assignee: participantRole,
    /** Answers or scores that become data points: data point ← form field key. */
    produces: z.record(variableName, z.string().min(1)).default({}),
  }),
  z.object({
    ...stepBase,
    type: z.literal('reading'),
    /** Data points of type quantity the reading must carry. */
    observations: z.array(variableName).min(1),
    from: z.enum(['patient', 'caregiver', 'device', 'nurse']),
  }),
  z.object({
    ...stepBase,
    ...humanStep,
    type: z.literal('task'),
    assignee: assigneeRole,
    description: localisedText.optional(),
  }),
  z.object({
    ...stepBase,
    ...humanStep,
    type: z.literal('video'),
    participants: z.array(participantRole).min(2),
    /** Participants without whom the session does not count (a no-show otherwise). */
    required: z.array(participantRole).min(1),
    duration: isoDuration,
    /** When the room opens, from the moment the step starts (default: at once). */
    opensAfter: isoDuration.optional(),
    onNoShow: z.array(actionSchema).default([]),
  }),
  z.object({
    ...stepBase,
    ...humanStep,
    type: z.literal('consult'),
    requester: z.enum(['doctor', 'nurse']),
    specialty: z.string().min(1),
    mode: z.enum(['async', 'video']),
    form: z
      .object({
        id: identifier,
        version: z.union([z.number().int().min(1), z.literal('latest')]).default('latest'),
      })
      .optional(),
  }),
  z.object({
    ...stepBase,
    ...humanStep,
    type: z.literal('booking'),
    /** Service (nomenclatore) code of what is booked. */
    service: z.string().min(1),
    assignee: z.enum(['patient', 'caregiver', 'nurse']),
    /** Data point that receives the appointment time. */
    appointmentDataPoint: variableName,
    televisit: z.boolean().default(false),
  }),
  z.object({
    ...stepBase,
    type: z.literal('check-in'),
    appointmentDataPoint: variableName,
    /** Check-in opens this long before the appointment… */
    opensBefore: isoDuration,
    /** …and closes this long after it. */
    closesAfter: isoDuration,
    onNoShow: z.array(actionSchema).default([]),
  }),
  z.object({
    ...stepBase,
    ...humanStep,
    type: z.literal('payment'),
    tariff: z.string().min(1),
    exemptionsAllowed: z.boolean().default(true),
  }),
  z.object({
    ...stepBase,
    ...humanStep,
    type: z.literal('document'),
    template: z.enum([
      'referto-televisita',
      'relazione-teleconsulto',
      'relazione-teleassistenza',
      'referto-specialistica',
      'sintesi-telemonitoraggio',
    ]),
    author: z.enum(['doctor', 'nurse', 'consultant']),
    publishToFse: z.boolean().default(true),
    /** Released to the patient only once this step (e.g. the payment) is done. */
    releaseAfter: identifier.optional(),
  }),
  z.object({
    ...stepBase,
    type: z.literal('notification'),
    to: assigneeRole,
    channels: z
      .array(z.enum(['in-app', 'email', 'sms']))
      .min(1)
      .default(['in-app']),
    message: localisedText,
  }),
  z.object({
    ...stepBase,
    type: z.literal('wait'),
    /** Wait this long… */
    duration: isoDuration.optional(),
    /** …or until the time in a datetime data point, shifted by `offset` (e.g. -P1D). */
    until: z
      .object({
        dataPoint: variableName,
        offset: z
          .string()
          .regex(/^-?P/, 'an ISO 8601 duration, optionally negative')
          .default('PT0S'),
      })
      .optional(),
    /** Or take the duration in seconds from a number input (demo and test pathways). */
    durationInput: variableName.optional(),
  }),
  z.object({
    ...stepBase,
    type: z.literal('branch'),
    cases: z.array(z.object({ when: expression, goto: identifier })).min(1),
    otherwise: identifier.optional(),
  }),
  z.object({ ...stepBase, type: z.literal('end'), outcome: identifier }),
]);
export type Step = z.infer<typeof stepSchema>;
export type StepType = Step['type'];

export const trackSchema = z.object({
  id: identifier,
  title: localisedText,
  /** Tracks that do not start with the enrolment are started by a rule's start-track. */
  autoStart: z.boolean().default(true),
  steps: z.array(stepSchema).min(1),
});
export type Track = z.infer<typeof trackSchema>;

export const ruleSchema = z.object({
  id: identifier,
  title: localisedText,
  when: expression,
  then: z.array(actionSchema).min(1),
  /**
   * `edge` (default): fires when the condition becomes true, and again only after it was
   * false in between. `every`: on each event that leaves it true.
   */
  fire: z.enum(['edge', 'every']).default('edge'),
});
export type Rule = z.infer<typeof ruleSchema>;

export const pathwayKinds = [
  'telemonitoring',
  'teleassistance',
  'teleconsult',
  'televisit',
  'visit-journey',
  'demo',
] as const;

export const pathwayDefinitionSchema = z.object({
  schemaVersion: z.literal(1),
  id: identifier,
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'semantic version, e.g. 1.0.0'),
  kind: z.enum(pathwayKinds),
  title: localisedText,
  description: localisedText,
  roles: z.array(participantRole).min(1),
  /** Overall duration (ISO 8601), or "open-ended". */
  duration: z.union([isoDuration, z.literal('open-ended')]),
  timeZone: z.literal('Europe/Rome').default('Europe/Rome'),
  inputs: z.record(variableName, inputSchema).default({}),
  dataPoints: z.record(variableName, dataPointSchema).default({}),
  tracks: z.array(trackSchema).min(1),
  rules: z.array(ruleSchema).default([]),
});

export type PathwayDefinition = z.infer<typeof pathwayDefinitionSchema>;
export type PathwayDefinitionInput = z.input<typeof pathwayDefinitionSchema>;
