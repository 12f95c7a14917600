import type { Stores } from '../../db/stores/index.js';
import type { Patient } from '../../db/stores/patient-store.js';
import { NotFoundError } from '../../platform/errors.js';
import type { Identity } from '../auth/session.js';
import type { AuditInput } from '../route.js';

/**
 * Loads a patient of the caller's tenant, auditing the attempt either way. A patient of
 * another tenant is "not found": the answer must not reveal that it exists elsewhere.
 */
export async function loadPatientAudited(
  stores: Stores,
  identity: Identity,
  patientId: string,
  audit: (e: AuditInput) => Promise<void>,
  action = 'read',
): Promise<Patient> {
  const patient = await stores.patients.get(identity.tenantId, patientId);
  if (!patient) {
    await audit({ action, resourceType: 'Patient', resourceId: patientId, outcome: 'not-found' });
    throw new NotFoundError(`patient ${patientId} not found`);
  }
  await audit({ action, resourceType: 'Patient', resourceId: patient.id, patientId: patient.id });
  return patient;
}
