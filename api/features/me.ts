import { z } from 'zod';
import type { Stores } from '../../db/stores/index.js';
import type { PathwayCatalog } from '../../platform/pathway-catalog.js';
import { NotFoundError } from '../../platform/errors.js';
import { defineRoute } from '../route.js';
import { enrolmentDto, idParams, listOf, patientDto, toEnrolmentDto, toPatientDto } from './dto.js';
import { enrolmentDetail, enrolmentDetailDto } from './enrolments.js';
import type { EnrolmentService } from './enrolment-service.js';

/** The patient portal's own data: a patient reaches only the record linked to the account. */
export function meRoutes(deps: {
  stores: Stores;
  enrolments: EnrolmentService;
  catalog: PathwayCatalog;
}) {
  async function ownPatientId(identity: { patientId: string | null }): Promise<string> {
    if (!identity.patientId)
      throw new NotFoundError('this account is not linked to a patient record');
    return identity.patientId;
  }

  return [
    defineRoute({
      method: 'get',
      path: '/me/patient',
      summary: "The patient's own record",
      tags: ['patient portal'],
      access: { roles: ['patient'] },
      response: z.object({ patient: patientDto }),
      async handler({ identity, audit }) {
        const id = await ownPatientId(identity);
        const patient = await deps.stores.patients.get(identity.tenantId, id);
        if (!patient) throw new NotFoundError('patient record not found');
        await audit({ action: 'read', resourceType: 'Patient', resourceId: id, patientId: id });
        return { body: { patient: toPatientDto(patient) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/me/enrolments',
      summary: "The patient's own enrolments",
      tags: ['patient portal'],
      access: { roles: ['patient'] },
      response: listOf(enrolmentDto),
      async handler({ identity, audit }) {
        const id = await ownPatientId(identity);
        const list = await deps.stores.enrolments.listByPatient(identity.tenantId, id);
        await audit({ action: 'search', resourceType: 'CarePlan', patientId: id });
        return { body: { items: list.map((e) => toEnrolmentDto(e, deps.catalog)) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/me/enrolments/:id',
      summary: "One of the patient's own enrolments, with events and live state",
      tags: ['patient portal'],
      access: { roles: ['patient'] },
      params: idParams,
      response: enrolmentDetailDto,
      async handler({ identity, params, audit }) {
        return { body: await enrolmentDetail(deps, identity, params.id, audit) };
      },
    }),
  ];
}
