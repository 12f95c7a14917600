import { z } from 'zod';

/**
 * The first, minimal slice of the pathway language: enough to prove the wiring from API to
 * workflow to database. The full language (tracks, schedules, rules, alerts…) extends this
 * schema; definitions written against it stay valid.
 */
const localisedText = z.object({ it: z.string().min(1), en: z.string().min(1) });

const stepId = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and dashes, starting with a letter');

/** What every step has: an id and a title people read in the console and the portal. */
const stepBase = { id: stepId, title: localisedText };

export const recordStepSchema = z.object({
  ...stepBase,
  type: z.literal('record'),
  /** What happened, in the patient's record of this enrolment. */
  kind: z.string().min(1),
  message: localisedText,
});

export const waitStepSchema = z.object({
  ...stepBase,
  type: z.literal('wait'),
  /** Seconds to wait; an enrolment input of the same name as `secondsInput` overrides it. */
  seconds: z.number().int().min(0),
  secondsInput: z.string().optional(),
});

export const endStepSchema = z.object({
  ...stepBase,
  type: z.literal('end'),
  outcome: z.string().min(1),
});

export const stepSchema = z.discriminatedUnion('type', [
  recordStepSchema,
  waitStepSchema,
  endStepSchema,
]);

export const pathwayKinds = [
  'telemonitoring',
  'teleassistance',
  'teleconsult',
  'televisit',
  'visit-journey',
  'demo',
] as const;

export const pathwayDefinitionSchema = z
  .object({
    schemaVersion: z.literal(1),
    id: z.string().regex(/^[a-z][a-z0-9-]*$/),
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'semantic version, e.g. 1.0.0'),
    kind: z.enum(pathwayKinds),
    title: localisedText,
    description: localisedText,
    roles: z.array(z.enum(['nurse', 'doctor', 'patient', 'caregiver'])).min(1),
    steps: z.array(stepSchema).min(1),
  })
  .superRefine((def, ctx) => {
    const seen = new Set<string>();
    def.steps.forEach((s, i) => {
      if (seen.has(s.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['steps', i, 'id'],
          message: `duplicate step id "${s.id}"`,
        });
      }
      seen.add(s.id);
    });
    const last = def.steps[def.steps.length - 1];
    if (last && last.type !== 'end') {
      ctx.addIssue({
        code: 'custom',
        path: ['steps', def.steps.length - 1],
        message: 'the last step must be an end step',
      });
    }
  });

export type PathwayDefinition = z.infer<typeof pathwayDefinitionSchema>;
export type Step = z.infer<typeof stepSchema>;
