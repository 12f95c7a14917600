import { z } from 'zod';
import type { Enrolment } from '../../db/stores/enrolment-store.js';
import type { Patient } from '../../db/stores/patient-store.js';
import type { User } from '../../db/stores/user-store.js';
import type { PathwayCatalog } from '../../platform/pathway-catalog.js';

/** Shapes the API returns, shared by routes and the OpenAPI document. */

export const idParams = z.object({ id: z.uuid('must be a UUID') });

export const patientDto = z.object({
  id: z.string(),
  codiceFiscale: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  birthDate: z.string(),
  sex: z.enum(['M', 'F']),
  phone: z.string().nullable(),
  email: z.string().nullable(),
});

export const toPatientDto = (p: Patient): z.infer<typeof patientDto> => ({
  id: p.id,
  codiceFiscale: p.codiceFiscale,
  givenName: p.givenName,
  familyName: p.familyName,
  birthDate: p.birthDate,
  sex: p.sex,
  phone: p.phone,
  email: p.email,
});

const localisedText = z.object({ it: z.string(), en: z.string() });

export const enrolmentDto = z.object({
  id: z.string(),
  patientId: z.string(),
  pathwayId: z.string(),
  pathwayTitle: localisedText,
  pathwayVersion: z.string(),
  status: z.enum(['active', 'completed', 'withdrawn', 'failed']),
  outcome: z.string().nullable(),
  workflowId: z.string(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
});

/** Enrolments carry their pathway's title: the patient portal cannot list pathways. */
export const toEnrolmentDto = (
  e: Enrolment,
  catalog: PathwayCatalog,
): z.infer<typeof enrolmentDto> => ({
  id: e.id,
  patientId: e.patientId,
  pathwayId: e.pathwayId,
  pathwayTitle: catalog.get(e.pathwayId, e.pathwayVersion, e.tenantId)?.title ??
    catalog.get(e.pathwayId, undefined, e.tenantId)?.title ?? { it: e.pathwayId, en: e.pathwayId },
  pathwayVersion: e.pathwayVersion,
  status: e.status,
  outcome: e.outcome,
  workflowId: e.workflowId,
  createdAt: e.createdAt,
  completedAt: e.completedAt,
});

export const userDto = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.string(),
  tenantId: z.string(),
  tenantName: z.string(),
  patientId: z.string().nullable(),
  locale: z.enum(['it', 'en']),
});

export const toUserDto = (u: User, tenantName: string): z.infer<typeof userDto> => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  tenantId: u.tenantId,
  tenantName,
  patientId: u.patientId,
  locale: u.locale,
});

export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
