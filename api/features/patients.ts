import { z } from 'zod';
import type { Stores } from '../../db/stores/index.js';
import { clinicalRoles } from '../../platform/roles.js';
import { defineRoute } from '../route.js';
import { idParams, listOf, patientDto, toPatientDto } from './dto.js';
import { loadPatientAudited } from './patient-access.js';

export function patientRoutes(deps: { stores: Stores }) {
  return [
    defineRoute({
      method: 'get',
      path: '/patients',
      summary: "Patients of the caller's tenant",
      tags: ['patients'],
      access: { roles: clinicalRoles },
      query: z.object({
        limit: z.coerce.number().int().min(1).max(500).default(100),
        offset: z.coerce.number().int().min(0).default(0),
      }),
      response: listOf(patientDto),
      async handler({ identity, query, audit }) {
        const patients = await deps.stores.patients.list(identity.tenantId, query);
        await audit({
          action: 'search',
          resourceType: 'Patient',
          detail: `${patients.length} results`,
        });
        return { body: { items: patients.map(toPatientDto) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/patients/:id',
      summary: 'One patient',
      tags: ['patients'],
      access: { roles: clinicalRoles },
      params: idParams,
      response: z.object({ patient: patientDto }),
      async handler({ identity, params, audit }) {
        const patient = await loadPatientAudited(deps.stores, identity, params.id, audit);
        return { body: { patient: toPatientDto(patient) } };
      },
    }),
  ];
}
