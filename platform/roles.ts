import { z } from 'zod';

export const roles = ['designer', 'nurse', 'doctor', 'patient', 'manager', 'admin'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

/** Roles that care for patients and so may read their clinical data within the tenant. */
export const clinicalRoles = ['nurse', 'doctor'] as const satisfies readonly Role[];
