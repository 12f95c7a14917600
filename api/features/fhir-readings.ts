import express, { type ErrorRequestHandler, type Request, type RequestHandler } from 'express';
import { z, ZodError } from 'zod';
import type { Stores } from '../../db/stores/index.js';
import {
  ECG_LOINC,
  LOINC_SYSTEM,
  UCUM_SYSTEM,
  normaliseUnit,
  vitalPanels,
  type LocalisedText,
} from '../../pathways/vitals.js';
import { PercorsiError } from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';
import { clinicalRoles } from '../../platform/roles.js';
import type { Identity } from '../auth/session.js';
import { defineRoute } from '../route.js';
import type { EnrolmentService } from './enrolment-service.js';
import {
  IngestRefusal,
  ReadingIngestion,
  issue,
  namespacedMessageId,
  observationIdOf,
  type IngestIssue,
  type IngestResult,
  type IssueCode,
  type MeasurementInput,
  type PreparedReading,
  type ReadingInput,
} from './reading-ingestion.js';

/**
 * FHIR R4 input for readings: `POST /fhir/Observation` (one Observation) and `POST /fhir` (a
 * transaction or batch Bundle of Observations). Errors are OperationOutcomes, with Italian
 * diagnostics unless the caller asks for English (Accept-Language: en). The zod schemas below
 * cover the fields used; everything else in a resource is allowed and ignored.
 */

export const FHIR_JSON = 'application/fhir+json';
export const CODICE_FISCALE_SYSTEM = 'http://hl7.it/sid/codiceFiscale';

const coding = z.looseObject({
  system: z.string().optional(),
  code: z.string().optional(),
  display: z.string().optional(),
});
const codeableConcept = z.looseObject({
  coding: z.array(coding).optional(),
  text: z.string().optional(),
});
const quantity = z.looseObject({
  value: z.number().finite(),
  unit: z.string().max(64).optional(),
  system: z.string().optional(),
  code: z.string().max(64).optional(),
});
const attachment = z.looseObject({
  contentType: z.string().max(100),
  data: z.string(),
});
const identifier = z.looseObject({
  system: z.string().max(300).optional(),
  value: z.string().min(1).max(200),
});
const reference = z.looseObject({
  reference: z.string().optional(),
  identifier: identifier.optional(),
});

const observationSchema = z.looseObject({
  resourceType: z.literal('Observation'),
  identifier: z.array(identifier).optional(),
  status: z.enum([
    'registered',
    'preliminary',
    'final',
    'amended',
    'corrected',
    'cancelled',
    'entered-in-error',
    'unknown',
  ]),
  code: codeableConcept,
  subject: reference,
  effectiveDateTime: z.string().optional(),
  effectiveInstant: z.string().optional(),
  valueQuantity: quantity.optional(),
  valueString: z.string().max(10_000).optional(),
  // R5's Attachment value; R4 devices that send an ECG file use it the same way.
  valueAttachment: attachment.optional(),
  component: z
    .array(z.looseObject({ code: codeableConcept, valueQuantity: quantity.optional() }))
    .max(50)
    .optional(),
  interpretation: z.array(codeableConcept).optional(),
  note: z.array(z.looseObject({ text: z.string().max(10_000) })).optional(),
});
type Observation = z.output<typeof observationSchema>;

const bundleSchema = z.looseObject({
  resourceType: z.literal('Bundle'),
  type: z.string(),
  entry: z
    .array(
      z.looseObject({
        fullUrl: z.string().optional(),
        resource: z.unknown(),
        request: z.looseObject({ method: z.string(), url: z.string() }).optional(),
      }),
    )
    .max(200)
    .default([]),
});

const acceptedStatuses = new Set(['preliminary', 'final', 'amended', 'corrected']);
const isoDateTime = z.iso.datetime({ offset: true });
const uuidRe = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// --- OperationOutcome ---------------------------------------------------------------------------

export interface OperationOutcome {
  resourceType: 'OperationOutcome';
  issue: {
    severity: 'fatal' | 'error' | 'warning' | 'information';
    code: string;
    diagnostics: string;
    expression?: string[];
  }[];
}

export function wantsEnglish(req: Request): boolean {
  const first = req.headers['accept-language']?.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en');
}

const pick = (t: LocalisedText, english: boolean) => (english ? t.en : t.it);

export function outcomeOf(issues: IngestIssue[], english: boolean): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: issues.map((i) => ({
      severity: 'error',
      code: i.code,
      diagnostics: pick(i.text, english),
      ...(i.path ? { expression: [i.path] } : {}),
    })),
  };
}

/** One HTTP status for several issues: malformed beats not-found beats unprocessable. */
export function statusOf(issues: IngestIssue[]): number {
  const statuses = new Set(issues.map((i) => i.status));
  for (const s of [400, 404, 409, 422]) if (statuses.has(s)) return s;
  return issues[0]?.status ?? 400;
}

/** The value at a zod issue's path, to tell a missing element from a wrong one. */
function valueAt(raw: unknown, path: PropertyKey[]): unknown {
  let v = raw;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

const zodIssues = (err: ZodError, base: string, raw?: unknown): IngestIssue[] =>
  err.issues.map((i) => {
    const path = [base, ...i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))]
      .join('')
      .replace(/^\./, '');
    const missing = raw !== undefined && i.path.length > 0 && valueAt(raw, i.path) === undefined;
    return missing
      ? issue(400, 'required', path, 'elemento obbligatorio mancante', 'required element missing')
      : issue(
          400,
          'structure',
          path,
          `valore non valido: ${i.message}`,
          `invalid value: ${i.message}`,
        );
  });

/** Failures thrown by the router or the platform, as OperationOutcome issues. */
function issuesOfError(err: unknown): { status: number; issues: IngestIssue[] } | null {
  if (err instanceof IngestRefusal) return { status: statusOf(err.issues), issues: err.issues };
  if (err instanceof ZodError) return { status: 400, issues: zodIssues(err, '') };
  if (err instanceof PercorsiError) {
    const code: Record<number, IssueCode> = {
      400: 'invalid',
      401: 'login',
      403: 'forbidden',
      404: 'not-found',
      409: 'conflict',
      503: 'transient',
    };
    const it: Record<number, string> = {
      401: 'autenticazione richiesta',
      403: 'operazione non consentita',
      404: 'risorsa non trovata',
      409: 'conflitto con lo stato attuale',
      503: 'servizio temporaneamente non disponibile: riprovare',
    };
    return {
      status: err.status,
      issues: [
        {
          status: err.status,
          code: code[err.status] ?? 'processing',
          path: '',
          text: {
            it: `${it[err.status] ?? 'richiesta non valida'}: ${err.message}`,
            en: err.message,
          },
        },
        ...err.errors.map((e) => issue(400, 'invalid', e.path, e.message, e.message)),
      ],
    };
  }
  const bodyError = err as { type?: unknown; status?: unknown; message?: unknown } | null;
  if (bodyError && typeof bodyError.type === 'string' && typeof bodyError.status === 'number') {
    const tooLarge = bodyError.status === 413;
    return {
      status: bodyError.status,
      issues: [
        issue(
          bodyError.status,
          tooLarge ? 'too-long' : 'structure',
          '',
          tooLarge ? 'messaggio troppo grande' : `JSON non valido: ${String(bodyError.message)}`,
          tooLarge ? 'message too large' : `invalid JSON: ${String(bodyError.message)}`,
        ),
      ],
    };
  }
  return null;
}

function sendOutcome(res: express.Response, status: number, outcome: OperationOutcome): void {
  res.status(status).type(FHIR_JSON).json(outcome);
}

/**
 * Parses FHIR JSON (`application/fhir+json` and `application/json`) with room for an ECG file;
 * mounted on /fhir before the API's general 1 MB JSON parser.
 */
export const fhirJsonBody: RequestHandler = express.json({
  type: [FHIR_JSON, 'application/json', 'application/json+fhir'],
  limit: '8mb',
});

/** Under /fhir every error, including authentication and unknown paths, is an OperationOutcome. */
export function fhirErrorHandlers(logger: Logger): [RequestHandler, ErrorRequestHandler] {
  const notFound: RequestHandler = (req, res) => {
    const english = wantsEnglish(req);
    sendOutcome(
      res,
      404,
      outcomeOf(
        [
          issue(
            404,
            'not-supported',
            '',
            `nessuna operazione FHIR per ${req.method} ${req.originalUrl}`,
            `no FHIR operation for ${req.method} ${req.originalUrl}`,
          ),
        ],
        english,
      ),
    );
  };
  const onError: ErrorRequestHandler = (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const english = wantsEnglish(req);
    const known = issuesOfError(err);
    if (known) {
      sendOutcome(res, known.status, outcomeOf(known.issues, english));
      return;
    }
    logger.error({ err, path: req.path, requestId: req.requestId }, 'unhandled FHIR error');
    sendOutcome(res, 500, {
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'fatal',
          code: 'exception',
          diagnostics: english
            ? `internal error (request ${req.requestId ?? ''})`
            : `errore interno (richiesta ${req.requestId ?? ''})`,
        },
      ],
    });
  };
  return [notFound, onError];
}

// --- Observation → reading ----------------------------------------------------------------------

function loincOf(cc: z.output<typeof codeableConcept>): string | undefined {
  return cc.coding?.find((c) => c.system === LOINC_SYSTEM && c.code)?.code;
}

function unitOf(q: z.output<typeof quantity>, at: string, issues: IngestIssue[]): string | null {
  if (q.system && q.system !== UCUM_SYSTEM) {
    // A unit text devices commonly send ("mmHg", "bpm") is still understood.
    if (q.unit && normaliseUnit(q.unit) !== q.unit) return q.unit;
    issues.push(
      issue(
        422,
        'code-invalid',
        `${at}.system`,
        `sistema di unità "${q.system}" non supportato: usare UCUM (${UCUM_SYSTEM})`,
        `unit system "${q.system}" is not supported: use UCUM (${UCUM_SYSTEM})`,
      ),
    );
    return null;
  }
  const unit = q.code ?? q.unit;
  if (!unit) {
    issues.push(issue(400, 'required', `${at}.code`, 'unità di misura mancante', 'unit missing'));
    return null;
  }
  return unit;
}

function textOf(cc: z.output<typeof codeableConcept>): string | undefined {
  return cc.text ?? cc.coding?.map((c) => c.display ?? c.code).find(Boolean);
}

/**
 * Turns one Observation into a reading, or says everything wrong with it. `base` is the
 * FHIRPath of the resource ("Observation", "Bundle.entry[2].resource").
 */
export function readingOfObservation(
  raw: unknown,
  base: string,
  identity: Identity,
): { reading: ReadingInput } | { issues: IngestIssue[] } {
  const parsed = observationSchema.safeParse(raw);
  if (!parsed.success) return { issues: zodIssues(parsed.error, base, raw) };
  const o: Observation = parsed.data;
  const issues: IngestIssue[] = [];

  if (!acceptedStatuses.has(o.status)) {
    issues.push(
      issue(
        422,
        'business-rule',
        `${base}.status`,
        `stato "${o.status}" non accettato (ammessi: ${[...acceptedStatuses].join(', ')})`,
        `status "${o.status}" is not accepted (accepted: ${[...acceptedStatuses].join(', ')})`,
      ),
    );
  }
  const code = loincOf(o.code);
  if (!code) {
    issues.push(
      issue(
        422,
        'code-invalid',
        `${base}.code`,
        `manca un codice LOINC (system ${LOINC_SYSTEM})`,
        `a LOINC code (system ${LOINC_SYSTEM}) is missing`,
      ),
    );
  }

  let patient: ReadingInput['patient'] | null = null;
  let patientAt = `${base}.subject`;
  if (o.subject.identifier) {
    patientAt = `${base}.subject.identifier`;
    if (o.subject.identifier.system === CODICE_FISCALE_SYSTEM) {
      patient = { codiceFiscale: o.subject.identifier.value };
    } else {
      issues.push(
        issue(
          422,
          'not-supported',
          `${base}.subject.identifier.system`,
          `identificativo del paziente: è accettato solo il codice fiscale (${CODICE_FISCALE_SYSTEM})`,
          `patient identifier: only the codice fiscale (${CODICE_FISCALE_SYSTEM}) is accepted`,
        ),
      );
    }
  } else if (o.subject.reference) {
    patientAt = `${base}.subject.reference`;
    const m = /^Patient\/([^/]+)$/.exec(o.subject.reference);
    if (m && uuidRe.test(m[1]!)) patient = { id: m[1]! };
    else {
      issues.push(
        issue(
          422,
          'not-supported',
          patientAt,
          `riferimento "${o.subject.reference}" non supportato: usare Patient/<id> o il codice fiscale`,
          `reference "${o.subject.reference}" is not supported: use Patient/<id> or the codice fiscale`,
        ),
      );
    }
  } else {
    issues.push(
      issue(
        400,
        'required',
        `${base}.subject`,
        'paziente mancante (subject.identifier con il codice fiscale o subject.reference)',
        'patient missing (subject.identifier with the codice fiscale, or subject.reference)',
      ),
    );
  }

  const effectivePath = o.effectiveInstant
    ? `${base}.effectiveInstant`
    : `${base}.effectiveDateTime`;
  const measuredAt = o.effectiveDateTime ?? o.effectiveInstant;
  if (!measuredAt) {
    issues.push(
      issue(
        400,
        'required',
        effectivePath,
        'istante di misurazione mancante',
        'measurement time missing',
      ),
    );
  } else if (!isoDateTime.safeParse(measuredAt).success) {
    issues.push(
      issue(
        400,
        'value',
        effectivePath,
        `"${measuredAt}": indicare data, ora e fuso orario (es. 2026-03-01T08:30:00+01:00)`,
        `"${measuredAt}": give date, time and time zone (e.g. 2026-03-01T08:30:00+01:00)`,
      ),
    );
  }

  const measurements: MeasurementInput[] = [];
  const addQuantity = (
    codeOf: string,
    q: z.output<typeof quantity>,
    at: string,
    codeAt: string,
    optional = false,
  ) => {
    const unit = unitOf(q, at, issues);
    if (unit === null) return;
    measurements.push({
      code: codeOf,
      value: q.value,
      unit,
      at: { code: codeAt, value: `${at}.value`, unit: q.code ? `${at}.code` : `${at}.unit` },
      ...(optional ? { optional } : {}),
    });
  };
  const addComponents = (optional: boolean) => {
    for (const [i, c] of (o.component ?? []).entries()) {
      const at = `${base}.component[${i}]`;
      const cCode = loincOf(c.code);
      if (!cCode) {
        issues.push(
          issue(
            422,
            'code-invalid',
            `${at}.code`,
            'manca un codice LOINC',
            'a LOINC code is missing',
          ),
        );
        continue;
      }
      if (!c.valueQuantity) {
        issues.push(
          issue(400, 'required', `${at}.valueQuantity`, 'valore mancante', 'value missing'),
        );
        continue;
      }
      addQuantity(cCode, c.valueQuantity, `${at}.valueQuantity`, `${at}.code`, optional);
    }
  };

  let ecg: ReadingInput['ecg'];
  if (code === ECG_LOINC) {
    if (!o.valueAttachment) {
      issues.push(
        issue(
          400,
          'required',
          `${base}.valueAttachment`,
          "il file dell'ECG manca (valueAttachment con contentType e data in base64)",
          'the ECG file is missing (valueAttachment with contentType and base64 data)',
        ),
      );
    } else {
      const data = o.valueAttachment.data.replace(/\s+/g, '');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data) || data.length % 4 !== 0) {
        issues.push(
          issue(
            400,
            'value',
            `${base}.valueAttachment.data`,
            'il file non è in base64 valido',
            'the file is not valid base64',
          ),
        );
      } else {
        const interpretation = [...(o.interpretation ?? []).map(textOf), o.valueString].filter(
          (s): s is string => Boolean(s),
        );
        const notes = (o.note ?? []).map((n) => n.text).filter(Boolean);
        ecg = {
          contentType: o.valueAttachment.contentType.split(';')[0]!.trim().toLowerCase(),
          content: Buffer.from(data, 'base64'),
          interpretation: interpretation.length ? interpretation.join('; ') : null,
          note: notes.length ? notes.join('\n') : null,
          at: `${base}.valueAttachment`,
        };
      }
    }
    // A heart rate measured on the trace goes to the pathway when one measures it.
    addComponents(true);
  } else if (code && vitalPanels[code]) {
    if (!o.component?.length) {
      issues.push(
        issue(
          400,
          'required',
          `${base}.component`,
          'un pannello porta i suoi valori nei componenti (component)',
          'a panel carries its values in its components',
        ),
      );
    }
    addComponents(false);
  } else if (code) {
    if (o.valueQuantity) {
      addQuantity(code, o.valueQuantity, `${base}.valueQuantity`, `${base}.code`);
    } else if (!o.component?.length) {
      issues.push(
        issue(
          400,
          'required',
          `${base}.valueQuantity`,
          'valore mancante (valueQuantity)',
          'value missing (valueQuantity)',
        ),
      );
    }
    addComponents(false);
  }

  if (issues.length || !patient || !measuredAt) return { issues };
  const first = o.identifier?.[0];
  const namespace = first?.system ?? (identity.device ? `device:${identity.device.id}` : null);
  return {
    reading: {
      patient,
      patientAt,
      deviceMessageId: first ? namespacedMessageId(first.value, namespace) : null,
      measuredAt,
      measuredAtPath: effectivePath,
      valuesAt: `${base}.valueQuantity`,
      measurements,
      ...(ecg ? { ecg } : {}),
      channel: 'FHIR',
    },
  };
}

// --- answers -------------------------------------------------------------------------------------

function sourceOf(identity: Identity): string {
  return identity.device ? 'device' : identity.role;
}

function storedObservation(raw: Observation, result: IngestResult) {
  const { valueAttachment, ...rest } = raw;
  return {
    ...rest,
    id: observationIdOf(result.readingId),
    meta: { lastUpdated: new Date().toISOString() },
    subject: { ...raw.subject, reference: `Patient/${result.patientId}` },
    ...(valueAttachment && result.ecgRecordingId
      ? {
          valueAttachment: {
            contentType: valueAttachment.contentType,
            url: `/api/patients/${result.patientId}/ecg-recordings/${result.ecgRecordingId}/content`,
          },
        }
      : {}),
  };
}

function entryResponse(result: IngestResult) {
  return {
    status: result.duplicate ? '200 OK' : '201 Created',
    location: `Observation/${observationIdOf(result.readingId)}`,
    lastModified: new Date().toISOString(),
  };
}

async function refused<T>(ingestion: ReadingIngestion, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof IngestRefusal) await ingestion.auditRefusal(err, 'FHIR');
    throw err;
  }
}

export function fhirReadingRoutes(deps: { stores: Stores; enrolments: EnrolmentService }) {
  const roles = [...clinicalRoles, 'patient'] as const;
  return [
    defineRoute({
      method: 'post',
      path: '/fhir/Observation',
      summary:
        'FHIR R4: creates one Observation (a vital sign, a blood-pressure panel or an ECG) for a patient',
      tags: ['readings', 'fhir'],
      access: { roles },
      devices: true,
      async handler({ req, res, identity, audit }) {
        const ingestion = new ReadingIngestion(deps, identity, audit);
        const parsed = readingOfObservation(req.body, 'Observation', identity);
        if ('issues' in parsed) {
          const refusal = new IngestRefusal(parsed.issues);
          await ingestion.auditRefusal(refusal, 'FHIR');
          throw refusal;
        }
        const result = await refused(ingestion, async () =>
          ingestion.commit(await ingestion.prepare(parsed.reading), sourceOf(identity)),
        );
        const body = storedObservation(observationSchema.parse(req.body), result);
        res
          .status(result.duplicate ? 200 : 201)
          .location(`Observation/${body.id}`)
          .type(FHIR_JSON)
          .json(body);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/fhir',
      summary:
        'FHIR R4: a transaction (all or nothing) or batch Bundle of Observations; answers the response Bundle',
      tags: ['readings', 'fhir'],
      access: { roles },
      devices: true,
      async handler({ req, res, identity, audit }) {
        const ingestion = new ReadingIngestion(deps, identity, audit);
        const parsed = bundleSchema.safeParse(req.body);
        if (!parsed.success) throw new IngestRefusal(zodIssues(parsed.error, 'Bundle', req.body));
        const bundle = parsed.data;
        if (bundle.type !== 'transaction' && bundle.type !== 'batch') {
          throw new IngestRefusal([
            issue(
              422,
              'not-supported',
              'Bundle.type',
              `Bundle di tipo "${bundle.type}" non supportato: usare transaction o batch`,
              `Bundle type "${bundle.type}" is not supported: use transaction or batch`,
            ),
          ]);
        }
        const entries = bundle.entry.map((e, i) => {
          const base = `Bundle.entry[${i}]`;
          const problems: IngestIssue[] = [];
          if (
            e.request &&
            (e.request.method !== 'POST' || !/^Observation\/?$/.test(e.request.url))
          ) {
            problems.push(
              issue(
                422,
                'not-supported',
                `${base}.request`,
                `operazione ${e.request.method} ${e.request.url} non supportata: solo POST Observation`,
                `operation ${e.request.method} ${e.request.url} is not supported: only POST Observation`,
              ),
            );
          } else if (!e.request && bundle.type === 'transaction') {
            problems.push(
              issue(400, 'required', `${base}.request`, 'request mancante', 'request missing'),
            );
          }
          const resourceType = (e.resource as { resourceType?: unknown } | undefined)?.resourceType;
          if (resourceType !== 'Observation') {
            problems.push(
              issue(
                422,
                'not-supported',
                `${base}.resource.resourceType`,
                `risorsa ${String(resourceType)} non supportata: solo Observation`,
                `resource ${String(resourceType)} is not supported: only Observation`,
              ),
            );
          }
          if (problems.length) return { problems };
          const r = readingOfObservation(e.resource, `${base}.resource`, identity);
          return 'issues' in r ? { problems: r.issues } : { reading: r.reading };
        });

        const source = sourceOf(identity);
        if (bundle.type === 'transaction') {
          // All or nothing: every entry is checked before the first is sent.
          const shape = entries.flatMap((e) => e.problems ?? []);
          if (shape.length) {
            const refusal = new IngestRefusal(shape);
            await ingestion.auditRefusal(refusal, 'FHIR transaction');
            throw refusal;
          }
          const prepared: PreparedReading[] = [];
          const issues: IngestIssue[] = [];
          for (const e of entries) {
            try {
              prepared.push(await ingestion.prepare(e.reading!));
            } catch (err) {
              if (!(err instanceof IngestRefusal)) throw err;
              issues.push(...err.issues);
            }
          }
          if (issues.length) {
            const refusal = new IngestRefusal(issues);
            await ingestion.auditRefusal(refusal, 'FHIR transaction');
            throw refusal;
          }
          const results: IngestResult[] = [];
          for (const p of prepared) {
            results.push(await refused(ingestion, () => ingestion.commit(p, source)));
          }
          res
            .status(200)
            .type(FHIR_JSON)
            .json({
              resourceType: 'Bundle',
              type: 'transaction-response',
              entry: results.map((r) => ({ response: entryResponse(r) })),
            });
          return;
        }

        // Batch: each entry on its own.
        const english = wantsEnglish(req);
        const answers = [];
        for (const e of entries) {
          try {
            if (e.problems) throw new IngestRefusal(e.problems);
            const result = await refused(ingestion, async () =>
              ingestion.commit(await ingestion.prepare(e.reading), source),
            );
            answers.push({ response: entryResponse(result) });
          } catch (err) {
            const known = issuesOfError(err);
            if (!known) throw err;
            if (e.problems) await ingestion.auditRefusal(err as IngestRefusal, 'FHIR batch');
            answers.push({
              response: {
                status: String(known.status),
                outcome: outcomeOf(known.issues, english),
              },
            });
          }
        }
        res.status(200).type(FHIR_JSON).json({
          resourceType: 'Bundle',
          type: 'batch-response',
          entry: answers,
        });
      },
    }),
  ];
}
