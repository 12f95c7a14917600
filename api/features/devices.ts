import { z } from 'zod';
import type { DeviceRecord } from '../../db/stores/device-store.js';
import type { Stores } from '../../db/stores/index.js';
import { NotFoundError } from '../../platform/errors.js';
import { clinicalRoles } from '../../platform/roles.js';
import { defineRoute } from '../route.js';
import { idParams, listOf } from './dto.js';
import { loadPatientAudited } from './patient-access.js';

/**
 * Devices that send readings: a patient's kit (registered by a clinician for that patient) and a
 * nurse's home kit (for the whole tenant). The token is in the registration answer only; it is
 * stored as a hash and works until the device is revoked.
 */

const deviceManagers = ['nurse', 'doctor', 'admin'] as const;

export const deviceDto = z.object({
  id: z.string(),
  kind: z.enum(['patient-kit', 'nurse-kit']),
  patientId: z.string().nullable(),
  label: z.string(),
  serial: z.string().nullable(),
  /** The token's first characters, to tell kits apart; never the token. */
  tokenHint: z.string(),
  status: z.enum(['active', 'revoked']),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  lastSeenAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  revokedBy: z.string().nullable(),
});

const toDeviceDto = (d: DeviceRecord): z.infer<typeof deviceDto> => ({
  id: d.id,
  kind: d.kind,
  patientId: d.patientId,
  label: d.label,
  serial: d.serial,
  tokenHint: d.tokenHint,
  status: d.revokedAt ? 'revoked' : 'active',
  createdBy: d.createdBy,
  createdAt: d.createdAt,
  lastSeenAt: d.lastSeenAt,
  revokedAt: d.revokedAt,
  revokedBy: d.revokedBy,
});

const registered = z.object({
  device: deviceDto,
  /** Shown once: give it to the kit now (Authorization: Bearer pdk_…). */
  token: z.string(),
});

const label = z.string().trim().min(1).max(200);
const serial = z.string().trim().min(1).max(100).optional();

export function deviceRoutes(deps: { stores: Stores }) {
  return [
    defineRoute({
      method: 'post',
      path: '/patients/:id/devices',
      summary: "Registers a patient's kit; answers its token once",
      tags: ['devices'],
      access: { roles: clinicalRoles },
      params: idParams,
      body: z.object({ label, serial }),
      response: registered,
      async handler({ identity, params, body, audit }) {
        const patient = await loadPatientAudited(deps.stores, identity, params.id, audit, 'write');
        const { device, token } = await deps.stores.devices.register({
          tenantId: identity.tenantId,
          kind: 'patient-kit',
          patientId: patient.id,
          label: body.label,
          serial: body.serial ?? null,
          createdBy: identity.username,
        });
        await audit({
          action: 'create',
          resourceType: 'Device',
          resourceId: device.id,
          patientId: patient.id,
          detail: `patient kit "${device.label}"`,
        });
        return { status: 201, body: { device: toDeviceDto(device), token } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/patients/:id/devices',
      summary: "A patient's kits, revoked ones included",
      tags: ['devices'],
      access: { roles: clinicalRoles },
      params: idParams,
      response: listOf(deviceDto),
      async handler({ identity, params, audit }) {
        await loadPatientAudited(deps.stores, identity, params.id, audit);
        const items = await deps.stores.devices.list(identity.tenantId, { patientId: params.id });
        await audit({ action: 'search', resourceType: 'Device', patientId: params.id });
        return { body: { items: items.map(toDeviceDto) } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/devices',
      summary: "Registers a nurse's home kit for the tenant; answers its token once",
      tags: ['devices'],
      access: { roles: deviceManagers },
      body: z.object({ label, serial, kind: z.literal('nurse-kit') }),
      response: registered,
      async handler({ identity, body, audit }) {
        const { device, token } = await deps.stores.devices.register({
          tenantId: identity.tenantId,
          kind: 'nurse-kit',
          patientId: null,
          label: body.label,
          serial: body.serial ?? null,
          createdBy: identity.username,
        });
        await audit({
          action: 'create',
          resourceType: 'Device',
          resourceId: device.id,
          detail: `nurse kit "${device.label}"`,
        });
        return { status: 201, body: { device: toDeviceDto(device), token } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/devices',
      summary: "The tenant's devices (patient and nurse kits), revoked ones included",
      tags: ['devices'],
      access: { roles: deviceManagers },
      query: z.object({ kind: z.enum(['patient-kit', 'nurse-kit']).optional() }),
      response: listOf(deviceDto),
      async handler({ identity, query, audit }) {
        const items = (await deps.stores.devices.list(identity.tenantId)).filter(
          (d) => !query.kind || d.kind === query.kind,
        );
        await audit({ action: 'search', resourceType: 'Device' });
        return { body: { items: items.map(toDeviceDto) } };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/devices/:id',
      summary: 'Revokes a device: its token stops working at once',
      tags: ['devices'],
      access: { roles: deviceManagers },
      params: idParams,
      response: z.object({ device: deviceDto }),
      async handler({ identity, params, audit }) {
        const device = await deps.stores.devices.revoke(
          identity.tenantId,
          params.id,
          identity.username,
        );
        if (!device) {
          await audit({
            action: 'delete',
            resourceType: 'Device',
            resourceId: params.id,
            outcome: 'not-found',
          });
          throw new NotFoundError(`device ${params.id} not found`);
        }
        await audit({
          action: 'delete',
          resourceType: 'Device',
          resourceId: device.id,
          patientId: device.patientId,
          detail: `revoked ${device.kind} "${device.label}"`,
        });
        return { body: { device: toDeviceDto(device) } };
      },
    }),
  ];
}
