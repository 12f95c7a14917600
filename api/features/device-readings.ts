import { z } from 'zod';
import type { Stores } from '../../db/stores/index.js';
import { InputError, NotFoundError } from '../../platform/errors.js';
import { clinicalRoles } from '../../platform/roles.js';
import { defineRoute } from '../route.js';
import type { EnrolmentService } from './enrolment-service.js';
import { wantsEnglish } from './fhir-readings.js';
import { readingReplyDto } from './readings.js';
import {
  IngestRefusal,
  ReadingIngestion,
  namespacedMessageId,
  type ReadingInput,
} from './reading-ingestion.js';

/**
 * The plain JSON device endpoint: one device message, measured at one instant, with one or more
 * measurements named by LOINC code or data point name, each in its own UCUM unit. The same
 * checks as the FHIR input; errors are problem+json like the rest of the platform.
 */

export const deviceReadingBody = z.object({
  patient: z.union([
    z.object({ codiceFiscale: z.string().min(11).max(16) }).strict(),
    z.object({ id: z.uuid() }).strict(),
  ]),
  /** The device's own message id: a resent message is counted once. */
  deviceMessageId: z.string().min(1).max(200),
  measuredAt: z.iso.datetime({ offset: true }),
  /** Needed only when several active enrolments of the patient measure the same value. */
  enrolmentId: z.uuid().optional(),
  measurements: z
    .array(
      z.object({
        /** A LOINC code (8867-4) or a data point name (heartRate). */
        code: z.string().min(1).max(64),
        value: z.number().finite(),
        /** UCUM (mm[Hg], Cel, [lb_av], mmol/L …); a few common spellings (mmHg, bpm) too. */
        unit: z.string().min(1).max(32),
      }),
    )
    .min(1)
    .max(50),
});

export const deviceReadingReply = z.object({
  patientId: z.string(),
  readingId: z.string(),
  duplicate: z.boolean(),
  measurements: z.array(
    z.object({
      dataPoint: z.string(),
      value: z.number(),
      unit: z.string(),
      loinc: z.string().nullable(),
      enrolmentId: z.string(),
    }),
  ),
  outcomes: z.array(readingReplyDto),
});

export function deviceReadingRoutes(deps: { stores: Stores; enrolments: EnrolmentService }) {
  return [
    defineRoute({
      method: 'post',
      path: '/device/readings',
      summary:
        'A device (patient kit or nurse kit) sends one message of measurements; units converted, impossible values refused',
      tags: ['readings', 'devices'],
      access: { roles: [...clinicalRoles, 'patient'] },
      devices: true,
      body: deviceReadingBody,
      response: deviceReadingReply,
      async handler({ req, identity, body, audit }) {
        const ingestion = new ReadingIngestion(deps, identity, audit);
        const reading: ReadingInput = {
          patient: body.patient,
          patientAt: 'body.patient',
          deviceMessageId: namespacedMessageId(
            body.deviceMessageId,
            identity.device ? `device:${identity.device.id}` : null,
          ),
          measuredAt: body.measuredAt,
          measuredAtPath: 'body.measuredAt',
          valuesAt: 'body.measurements',
          enrolmentId: body.enrolmentId,
          measurements: body.measurements.map((m, i) => ({
            code: m.code,
            value: m.value,
            unit: m.unit,
            at: {
              code: `body.measurements.${i}.code`,
              value: `body.measurements.${i}.value`,
              unit: `body.measurements.${i}.unit`,
            },
          })),
          channel: 'device JSON',
        };
        try {
          const result = await ingestion.commit(
            await ingestion.prepare(reading),
            identity.device ? 'device' : identity.role,
          );
          return {
            status: result.duplicate ? 200 : 201,
            body: {
              patientId: result.patientId,
              readingId: result.readingId,
              duplicate: result.duplicate,
              measurements: result.measured,
              outcomes: result.replies,
            },
          };
        } catch (err) {
          if (!(err instanceof IngestRefusal)) throw err;
          await ingestion.auditRefusal(err, 'device JSON');
          const english = wantsEnglish(req);
          const errors = err.issues.map((i) => ({
            path: i.path,
            message: english ? i.text.en : i.text.it,
          }));
          if (err.issues.every((i) => i.status === 404)) {
            throw new NotFoundError(english ? 'patient not found' : 'paziente non trovato', errors);
          }
          throw new InputError(english ? 'reading refused' : 'lettura rifiutata', errors);
        }
      },
    }),
  ];
}
