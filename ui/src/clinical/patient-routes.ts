import type { Role } from '../api/types';
import { homePath } from '../routing/sections';

/** A patient's page for a nurse or doctor: `/nurse/pazienti/<id>` (under the role's home). */
export function patientPagePath(role: Role, patientId: string): string {
  return `${homePath(role)}/pazienti/${encodeURIComponent(patientId)}`;
}
