import { z } from 'zod';
import type { EcgRecordingRecord } from '../../db/stores/device-store.js';
import type { Stores } from '../../db/stores/index.js';
import { NotFoundError } from '../../platform/errors.js';
import { clinicalRoles } from '../../platform/roles.js';
import { defineRoute } from '../route.js';
import { idParams, listOf } from './dto.js';
import { loadPatientAudited } from './patient-access.js';

/** ECG files sent by devices (FHIR Observation 11524-6), as stored: metadata and the bytes. */

export const ecgRecordingDto = z.object({
  id: z.string(),
  patientId: z.string(),
  enrolmentId: z.string().nullable(),
  readingId: z.string(),
  deviceId: z.string().nullable(),
  loinc: z.string(),
  contentType: z.string(),
  sizeBytes: z.number(),
  sha256: z.string(),
  interpretation: z.string().nullable(),
  note: z.string().nullable(),
  heartRate: z.number().nullable(),
  measuredAt: z.string(),
  receivedAt: z.string(),
  source: z.string(),
  contentUrl: z.string(),
});

const toDto = (r: EcgRecordingRecord): z.infer<typeof ecgRecordingDto> => ({
  id: r.id,
  patientId: r.patientId,
  enrolmentId: r.enrolmentId,
  readingId: r.readingId,
  deviceId: r.deviceId,
  loinc: r.loinc,
  contentType: r.contentType,
  sizeBytes: r.sizeBytes,
  sha256: r.sha256,
  interpretation: r.interpretation,
  note: r.note,
  heartRate: r.heartRate,
  measuredAt: r.measuredAt,
  receivedAt: r.receivedAt,
  source: r.source,
  contentUrl: `/api/patients/${r.patientId}/ecg-recordings/${r.id}/content`,
});

export function ecgRecordingRoutes(deps: { stores: Stores }) {
  return [
    defineRoute({
      method: 'get',
      path: '/patients/:id/ecg-recordings',
      summary: "A patient's ECG recordings, newest first (without the files)",
      tags: ['readings'],
      access: { roles: clinicalRoles },
      params: idParams,
      response: listOf(ecgRecordingDto),
      async handler({ identity, params, audit }) {
        await loadPatientAudited(deps.stores, identity, params.id, audit);
        const items = await deps.stores.devices.listRecordings(identity.tenantId, params.id);
        await audit({ action: 'search', resourceType: 'DocumentReference', patientId: params.id });
        return { body: { items: items.map(toDto) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/patients/:id/ecg-recordings/:recordingId/content',
      summary: 'The ECG file exactly as the device sent it (PDF or PNG)',
      tags: ['readings'],
      access: { roles: clinicalRoles },
      params: idParams.extend({ recordingId: z.uuid('must be a UUID') }),
      async handler({ res, identity, params, audit }) {
        await loadPatientAudited(deps.stores, identity, params.id, audit);
        const recording = await deps.stores.devices.getRecording(
          identity.tenantId,
          params.recordingId,
        );
        if (!recording || recording.patientId !== params.id) {
          await audit({
            action: 'read',
            resourceType: 'DocumentReference',
            resourceId: params.recordingId,
            patientId: params.id,
            outcome: 'not-found',
          });
          throw new NotFoundError(`ECG recording ${params.recordingId} not found`);
        }
        await audit({
          action: 'read',
          resourceType: 'DocumentReference',
          resourceId: recording.id,
          patientId: recording.patientId,
        });
        res
          .status(200)
          .type(recording.contentType)
          .setHeader('x-content-sha256', recording.sha256)
          .setHeader('content-disposition', `inline; filename="ecg-${recording.id}"`)
          .send(recording.content);
      },
    }),
  ];
}
