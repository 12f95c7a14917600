import { z } from 'zod';

/**
 * The managers' reports (issue 8) as the API gives them: filters, indicators with their
 * definitions, the series the charts draw, and the drill-down lists behind a number.
 */

const text = z.object({ it: z.string(), en: z.string() });
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date such as 2026-03-29');

export const reportFilters = z
  .object({
    from: day,
    to: day,
    pathwayId: z.string().min(1).max(100).optional(),
    version: z.string().min(1).max(32).optional(),
    siteId: z.string().min(1).max(64).optional(),
  })
  .refine((f) => f.from <= f.to, { message: 'from must not be after to', path: ['to'] })
  .refine((f) => !f.version || f.pathwayId, {
    message: 'a version needs its pathway',
    path: ['version'],
  });
export type ReportFilters = z.infer<typeof reportFilters>;

export const indicatorIds = [
  'enrolled',
  'active',
  'completed',
  'withdrawn',
  'adherence',
  'alertsPerPatientMonth',
  'ackMedian',
  'ackP90',
  'ackWithinLimit',
  'escalations',
  'missedReadingTasks',
  'tasksOverdue',
  'notificationsSent',
  'notificationsFailed',
  'inRange',
  'scoreTrends',
  'worseningPatients',
  'outcomes',
] as const;
export type IndicatorId = (typeof indicatorIds)[number];

export const indicatorBreakdown = z.object({
  key: z.string(),
  label: text,
  value: z.number().nullable(),
  numerator: z.number().optional(),
  denominator: z.number().optional(),
  /** Score trends: the mean in the first and in the last part of the period. */
  first: z.number().nullable().optional(),
  last: z.number().nullable().optional(),
});

export const indicator = z.object({
  id: z.enum(indicatorIds),
  group: z.enum(['process', 'clinical']),
  title: text,
  definition: text,
  /** count; percent (0–100); minutes; rate (per patient-month); none (see breakdown). */
  unit: z.enum(['count', 'percent', 'minutes', 'rate', 'none']),
  value: z.number().nullable(),
  numerator: z.number().optional(),
  denominator: z.number().optional(),
  breakdown: z.array(indicatorBreakdown),
  /** The list behind the number can be opened (GET /reports/drilldown?indicator=…). */
  drilldown: z.boolean(),
});
export type Indicator = z.infer<typeof indicator>;

export const seriesBucket = z.object({
  /** First local day of the bucket. */
  start: day,
  /** Last local day of the bucket (inclusive). */
  end: day,
  inRange: z.number().nullable(),
  adherence: z.number().nullable(),
  alerts: z.object({ red: z.number(), orange: z.number(), yellow: z.number() }),
});

export const indicatorsResponse = z.object({
  filters: z.object({
    from: day,
    to: day,
    pathwayId: z.string().nullable(),
    version: z.string().nullable(),
    siteId: z.string().nullable(),
    zone: z.string(),
  }),
  options: z.object({
    pathways: z.array(z.object({ id: z.string(), title: text, versions: z.array(z.string()) })),
    sites: z.array(z.object({ id: z.string(), name: text })),
  }),
  /** When the figures were computed, and the patient-months they are relative to. */
  generatedAt: z.string(),
  patientMonths: z.number(),
  indicators: z.array(indicator),
  series: z.object({
    granularity: z.enum(['day', 'week', 'month']),
    buckets: z.array(seriesBucket),
  }),
});
export type IndicatorsResponse = z.infer<typeof indicatorsResponse>;

export const drilldownQuery = z.intersection(
  reportFilters,
  z.object({
    indicator: z.enum(indicatorIds),
    /** A breakdown key (severity, level, data point, outcome…), when the number was one. */
    key: z.string().max(100).optional(),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(500).default(50),
  }),
);
export type DrilldownQuery = z.infer<typeof drilldownQuery>;

export const drilldownPatient = z.object({
  id: z.string(),
  /** Stable within the tenant: the same patient has the same pseudonym in every list and export. */
  pseudonym: z.string(),
  /** Present only for roles allowed to see who the patient is. */
  name: z.string().optional(),
  fiscalCode: z.string().optional(),
});

export const drilldownRow = z.object({
  patient: drilldownPatient,
  pathway: z.object({ id: z.string(), title: text, version: z.string() }),
  site: z.object({ id: z.string(), name: text }).nullable(),
  enrolmentId: z.string(),
  /** The alert or work item behind the row, when the list is of alerts or tasks. */
  alertId: z.string().optional(),
  workItemId: z.string().optional(),
  at: z.string().nullable(),
  label: text,
  /** The figure that put the row in the list (minutes, share, count), with its unit. */
  value: z.number().nullable(),
  unit: z.enum(['count', 'percent', 'minutes', 'rate', 'none']),
  detail: text,
});
export type DrilldownRow = z.infer<typeof drilldownRow>;

export const drilldownResponse = z.object({
  indicator: z.enum(indicatorIds),
  title: text,
  /** False: patients are pseudonymised in this list and its export. */
  identified: z.boolean(),
  kind: z.enum(['enrolments', 'patients', 'alerts', 'tasks', 'notifications']),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  rows: z.array(drilldownRow),
});
export type DrilldownResponse = z.infer<typeof drilldownResponse>;
