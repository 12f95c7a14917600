import { createHash, randomUUID } from 'node:crypto';
import type { Enrolment } from '../../db/stores/enrolment-store.js';
import type { Stores } from '../../db/stores/index.js';
import type { Patient } from '../../db/stores/patient-store.js';
import type { DataPointDefinition, PathwayDefinition } from '../../pathways/definition.js';
import {
  ECG_LOINC,
  isLoincCode,
  normaliseUnit,
  outsidePathwayRange,
  vitalByLoinc,
  vitalByName,
  type LocalisedText,
  type VitalSign,
} from '../../pathways/vitals.js';
import { normaliseCodiceFiscale } from '../../platform/identity/codice-fiscale.js';
import type { Identity } from '../auth/session.js';
import type { AuditInput } from '../route.js';
import { EngineRejection, type EnrolmentService, type ReadingReply } from './enrolment-service.js';
import { convertUnit, measureVital } from './units.js';

/**
 * Readings from devices and other systems (FHIR Observation, the device JSON), whatever the
 * transport: find the patient the caller may write for, map each code to the data point of the
 * enrolment that measures it, convert units, refuse impossible values, then send the reading to
 * the pathway and keep an ECG's file. Everything is checked before anything is sent, so a
 * refused message leaves nothing behind; a repeated device message id lands once.
 */

/** Issue codes of FHIR's IssueType. */
export type IssueCode =
  | 'login'
  | 'forbidden'
  | 'processing'
  | 'transient'
  | 'exception'
  | 'invalid'
  | 'structure'
  | 'required'
  | 'value'
  | 'code-invalid'
  | 'not-found'
  | 'not-supported'
  | 'business-rule'
  | 'conflict'
  | 'too-long';

export interface IngestIssue {
  /** The HTTP status this issue alone would have (400 malformed, 404, 409, 422 refused). */
  status: number;
  code: IssueCode;
  /** Where, in the caller's own terms (a FHIRPath such as `Observation.valueQuantity.unit`). */
  path: string;
  text: LocalisedText;
}

/** A reading (or a whole message) refused, with every reason found. Nothing was stored. */
export class IngestRefusal extends Error {
  override name = 'IngestRefusal';
  constructor(readonly issues: IngestIssue[]) {
    super(issues.map((i) => `${i.path}: ${i.text.en}`).join('; '));
  }
}

export const issue = (
  status: number,
  code: IssueCode,
  path: string,
  it: string,
  en: string,
): IngestIssue => ({ status, code, path, text: { it, en } });

/** Largest ECG file accepted (decoded bytes). */
export const MAX_ECG_BYTES = 5 * 1024 * 1024;

export const ecgContentTypes = ['application/pdf', 'image/png'] as const;
const magic: Record<(typeof ecgContentTypes)[number], Buffer> = {
  'application/pdf': Buffer.from('%PDF-', 'latin1'),
  'image/png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
};

export type PatientRef = { id: string } | { codiceFiscale: string };

export interface MeasurementInput {
  /** A LOINC code, or a data point name (the device JSON allows either). */
  code: string;
  value: number;
  unit: string;
  at: { code: string; value: string; unit: string };
  /** Skipped, not refused, when no pathway of the patient measures it (an ECG's heart rate). */
  optional?: boolean;
}

export interface EcgInput {
  contentType: string;
  content: Buffer;
  interpretation: string | null;
  note: string | null;
  at: string;
}

export interface ReadingInput {
  patient: PatientRef;
  patientAt: string;
  /** The device's message id, already namespaced; null when the sender gave none. */
  deviceMessageId: string | null;
  measuredAt: string;
  measuredAtPath: string;
  /** Where the values are (for "no values"). */
  valuesAt: string;
  enrolmentId?: string | undefined;
  measurements: MeasurementInput[];
  ecg?: EcgInput;
  /** For the audit trail: "FHIR", "device JSON". */
  channel: string;
}

export interface MeasuredValue {
  dataPoint: string;
  value: number;
  unit: string;
  loinc: string | null;
  enrolmentId: string;
}

export interface PreparedReading {
  input: ReadingInput;
  patient: Patient;
  readingId: string;
  groups: { enrolment: Enrolment; values: Record<string, number> }[];
  measured: MeasuredValue[];
  ecgHeartRate: { value: number; enrolmentId: string | null } | null;
}

export interface IngestResult {
  patientId: string;
  readingId: string;
  /** The whole message was seen before: nothing new was stored. */
  duplicate: boolean;
  measured: MeasuredValue[];
  replies: ReadingReply[];
  ecgRecordingId: string | null;
}

interface Candidate {
  enrolment: Enrolment;
  definition: PathwayDefinition;
}

type QuantityPoint = Extract<DataPointDefinition, { type: 'quantity' }>;

interface Target {
  enrolment: Enrolment;
  name: string;
  point: QuantityPoint;
}

/**
 * The reading id a device message gets: its id, namespaced (by the identifier system, or by the
 * device that sent it) so that two kits counting from 1 never collide; long ids are hashed to
 * fit the column.
 */
export function namespacedMessageId(value: string, namespace: string | null): string {
  const id = namespace ? `${namespace}|${value}` : value;
  return id.length <= 200 ? id : `sha256:${createHash('sha256').update(id).digest('hex')}`;
}

/** A FHIR-safe logical id ([A-Za-z0-9.-]{1,64}) for the Observation a reading became. */
export function observationIdOf(readingId: string): string {
  if (readingId.startsWith('api:')) return readingId.slice(4);
  return createHash('sha256').update(readingId).digest('hex').slice(0, 32);
}

export class ReadingIngestion {
  constructor(
    private readonly deps: { stores: Stores; enrolments: EnrolmentService },
    private readonly identity: Identity,
    private readonly audit: (e: AuditInput) => Promise<void>,
  ) {}

  private readonly patients = new Map<string, Promise<Patient | null>>();
  private readonly candidates = new Map<string, Promise<Candidate[]>>();

  /** Checks a reading completely, without storing or sending anything. */
  async prepare(input: ReadingInput): Promise<PreparedReading> {
    const issues: IngestIssue[] = [];
    const patient = await this.patient(input.patient, input.patientAt);
    if (!patient) throw new IngestRefusal([this.patientNotFound(input.patientAt)]);

    const measuredAt = Date.parse(input.measuredAt);
    if (!Number.isFinite(measuredAt)) {
      issues.push(
        issue(
          400,
          'value',
          input.measuredAtPath,
          'istante di misurazione non valido',
          'not a valid measurement instant',
        ),
      );
    } else if (measuredAt > Date.now() + 5 * 60_000) {
      issues.push(
        issue(
          422,
          'business-rule',
          input.measuredAtPath,
          `misurazione nel futuro (${input.measuredAt})`,
          `measured in the future (${input.measuredAt})`,
        ),
      );
    }

    let candidates = await this.candidatesOf(patient.id);
    if (input.enrolmentId) {
      candidates = candidates.filter((c) => c.enrolment.id === input.enrolmentId);
      if (!candidates.length) {
        issues.push(
          issue(
            422,
            'business-rule',
            'enrolmentId',
            'nessun arruolamento attivo del paziente con questo id',
            'no active enrolment of this patient has this id',
          ),
        );
      }
    }

    const groups = new Map<string, { enrolment: Enrolment; values: Record<string, number> }>();
    const measured: MeasuredValue[] = [];
    let ecgHeartRate: PreparedReading['ecgHeartRate'] = null;
    for (const m of input.measurements) {
      const found = this.measure(m, candidates, issues);
      if (!found) continue;
      if (found.kind === 'skipped') {
        if (input.ecg && found.vital?.name === 'heartRate') {
          ecgHeartRate = { value: found.value, enrolmentId: null };
        }
        continue;
      }
      const group = groups.get(found.enrolment.id) ?? { enrolment: found.enrolment, values: {} };
      if (found.name in group.values) {
        issues.push(
          issue(
            400,
            'invalid',
            m.at.code,
            `${found.name} compare due volte nella stessa lettura`,
            `${found.name} appears twice in the same reading`,
          ),
        );
        continue;
      }
      group.values[found.name] = found.value;
      groups.set(found.enrolment.id, group);
      measured.push({
        dataPoint: found.name,
        value: found.value,
        unit: found.point.unit,
        loinc: found.point.loinc ?? (isLoincCode(m.code) ? m.code : null),
        enrolmentId: found.enrolment.id,
      });
      if (input.ecg && (found.vital?.name === 'heartRate' || found.name === 'heartRate')) {
        ecgHeartRate = { value: found.value, enrolmentId: found.enrolment.id };
      }
    }

    if (input.ecg) this.checkEcg(input.ecg, issues);
    else if (!input.measurements.length) {
      issues.push(issue(400, 'required', input.valuesAt, 'nessun valore', 'no values'));
    }
    if (issues.length) throw new IngestRefusal(issues);
    return {
      input,
      patient,
      readingId: input.deviceMessageId ?? `api:${randomUUID()}`,
      groups: [...groups.values()],
      measured,
      ecgHeartRate,
    };
  }

  /** Sends a prepared reading to its pathway(s) and stores its ECG file. */
  async commit(p: PreparedReading, source: string): Promise<IngestResult> {
    const replies: ReadingReply[] = [];
    for (const g of p.groups) {
      try {
        const reply = await this.deps.enrolments.submitReading(this.identity, p.patient.id, {
          enrolmentId: g.enrolment.id,
          values: g.values,
          measuredAt: p.input.measuredAt,
          deviceMessageId: p.readingId,
          source,
        });
        replies.push(reply);
        await this.audit({
          action: reply.duplicate ? 'create-repeated' : 'create',
          resourceType: 'Observation',
          resourceId: reply.readingId,
          patientId: p.patient.id,
          detail: `${p.input.channel}; enrolment ${reply.enrolmentId}; ${Object.keys(g.values).join(', ')}`,
        });
      } catch (err) {
        if (err instanceof EngineRejection) {
          await this.audit({
            action: 'create',
            resourceType: 'Observation',
            patientId: p.patient.id,
            outcome: 'failure',
            detail: `${p.input.channel}; ${err.message}`,
          });
          throw new IngestRefusal(
            err.reasons.map((r) => issue(422, 'business-rule', p.input.patientAt, r, r)),
          );
        }
        throw err;
      }
    }
    let ecgRecordingId: string | null = null;
    let ecgCreated = false;
    if (p.input.ecg) {
      const { recording, created } = await this.deps.stores.devices.saveRecording({
        tenantId: this.identity.tenantId,
        patientId: p.patient.id,
        enrolmentId: p.ecgHeartRate?.enrolmentId ?? null,
        readingId: p.readingId,
        deviceMessageId: p.input.deviceMessageId,
        deviceId: this.identity.device?.id ?? null,
        loinc: ECG_LOINC,
        contentType: p.input.ecg.contentType,
        content: p.input.ecg.content,
        interpretation: p.input.ecg.interpretation,
        note: p.input.ecg.note,
        heartRate: p.ecgHeartRate?.value ?? null,
        measuredAt: new Date(p.input.measuredAt).toISOString(),
        source,
      });
      ecgRecordingId = recording.id;
      ecgCreated = created;
      await this.audit({
        action: created ? 'create' : 'create-repeated',
        resourceType: 'DocumentReference',
        resourceId: recording.id,
        patientId: p.patient.id,
        detail: `${p.input.channel}; ECG ${recording.contentType}, ${recording.sizeBytes} bytes, sha256 ${recording.sha256}`,
      });
    }
    const duplicate = replies.every((r) => r.duplicate) && (!p.input.ecg || !ecgCreated);
    return {
      patientId: p.patient.id,
      readingId: p.readingId,
      duplicate,
      measured: p.measured,
      replies,
      ecgRecordingId,
    };
  }

  /** Audits a refusal once per refused reading (the person reading the log sees why). */
  async auditRefusal(refusal: IngestRefusal, channel: string, patientId?: string): Promise<void> {
    const notFound = refusal.issues.every((i) => i.status === 404);
    if (notFound) return; // already audited as a not-found patient
    await this.audit({
      action: 'create',
      resourceType: 'Observation',
      patientId: patientId ?? null,
      outcome: 'failure',
      detail: `${channel}; ${refusal.message}`.slice(0, 2000),
    });
  }

  private patientNotFound(path: string): IngestIssue {
    return issue(404, 'not-found', path, 'paziente non trovato', 'patient not found');
  }

  /**
   * The patient named by the message, if the caller may write for them: a patient kit (or a
   * patient's own account) only for its patient, a nurse kit or a clinician for any patient of
   * the tenant. Anything else is "not found", as for another tenant's patient.
   */
  private async patient(ref: PatientRef, path: string): Promise<Patient | null> {
    const key = 'id' in ref ? `id:${ref.id}` : `cf:${normaliseCodiceFiscale(ref.codiceFiscale)}`;
    let pending = this.patients.get(key);
    if (!pending) {
      pending = this.loadPatient(ref, path);
      this.patients.set(key, pending);
    }
    return pending;
  }

  private async loadPatient(ref: PatientRef, path: string): Promise<Patient | null> {
    const { tenantId } = this.identity;
    const found =
      'id' in ref
        ? /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref.id)
          ? await this.deps.stores.patients.get(tenantId, ref.id)
          : null
        : await this.deps.stores.patients.findByCodiceFiscale(
            tenantId,
            normaliseCodiceFiscale(ref.codiceFiscale),
          );
    const own = this.identity.device
      ? this.identity.device.kind === 'patient-kit'
        ? this.identity.device.patientId
        : undefined
      : this.identity.role === 'patient'
        ? this.identity.patientId
        : undefined;
    if (!found || (own !== undefined && found.id !== own)) {
      await this.audit({
        action: 'write',
        resourceType: 'Patient',
        resourceId: 'id' in ref ? ref.id.slice(0, 128) : null,
        outcome: 'not-found',
        detail: `${path}`,
      });
      return null;
    }
    await this.audit({
      action: 'write',
      resourceType: 'Patient',
      resourceId: found.id,
      patientId: found.id,
    });
    return found;
  }

  private async candidatesOf(patientId: string): Promise<Candidate[]> {
    let pending = this.candidates.get(patientId);
    if (!pending) {
      pending = (async () => {
        const active = (
          await this.deps.stores.enrolments.listByPatient(this.identity.tenantId, patientId)
        ).filter((e) => e.status === 'active');
        const out: Candidate[] = [];
        for (const enrolment of active) {
          const definition = await this.deps.enrolments.definitionOf(enrolment);
          if (definition) out.push({ enrolment, definition });
        }
        return out;
      })();
      this.candidates.set(patientId, pending);
    }
    return pending;
  }

  /**
   * One measurement: the pathway data point it feeds, its value in that data point's unit. The
   * data point is found by the definition's own LOINC code first, then by the catalog (another
   * LOINC code of the same vital, or its conventional name).
   */
  private measure(
    m: MeasurementInput,
    candidates: Candidate[],
    issues: IngestIssue[],
  ):
    | (Target & { kind: 'target'; value: number; vital: VitalSign | undefined })
    | { kind: 'skipped'; value: number; vital: VitalSign | undefined }
    | null {
    const loinc = isLoincCode(m.code);
    const vital = loinc ? vitalByLoinc(m.code) : vitalByName(m.code);
    const targets = candidates.flatMap((c) => {
      const t = targetIn(c, m.code, loinc, vital);
      return t ? [t] : [];
    });
    const label = vital?.label ?? { it: m.code, en: m.code };
    if (!vital && !targets.length) {
      if (m.optional) return { kind: 'skipped', value: m.value, vital };
      issues.push(
        issue(
          422,
          'code-invalid',
          m.at.code,
          loinc
            ? `codice LOINC ${m.code}: non è un parametro vitale misurato dai percorsi del paziente`
            : `"${m.code}": né un codice LOINC né un parametro noto`,
          loinc
            ? `LOINC code ${m.code}: not a vital sign any pathway of the patient measures`
            : `"${m.code}": neither a LOINC code nor a known vital sign`,
        ),
      );
      return null;
    }
    const first = targets[0];
    // Units and impossible values first: they are wrong whatever the pathway.
    let value: number;
    if (vital) {
      const checked = measureVital(vital, m.value, m.unit, first?.point.unit ?? vital.unit);
      if (!checked.ok) {
        issues.push(
          checked.kind === 'unit'
            ? { status: 422, code: 'value', path: m.at.unit, text: checked.reason }
            : { status: 422, code: 'value', path: m.at.value, text: checked.reason },
        );
        return null;
      }
      value = checked.measurement.value;
    } else {
      const converted = convertUnit(m.value, normaliseUnit(m.unit), first!.point.unit);
      if (!converted.ok) {
        issues.push({ status: 422, code: 'value', path: m.at.unit, text: converted.reason });
        return null;
      }
      value = converted.value;
    }
    if (!first) {
      if (m.optional) return { kind: 'skipped', value, vital };
      issues.push(
        issue(
          422,
          'business-rule',
          m.at.code,
          `${label.it}: nessun percorso attivo del paziente misura questo parametro`,
          `${label.en}: no active pathway of the patient measures this vital sign`,
        ),
      );
      return null;
    }
    if (targets.length > 1) {
      issues.push(
        issue(
          422,
          'business-rule',
          m.at.code,
          `${label.it}: ${targets.length} percorsi attivi del paziente misurano questo parametro; indicare l'arruolamento`,
          `${label.en}: ${targets.length} active pathways of the patient measure this vital sign; name the enrolment`,
        ),
      );
      return null;
    }
    // Same unit for every target; a pathway in another unit gets its own conversion.
    const outside = outsidePathwayRange(label, value, first.point.unit, first.point);
    if (outside) {
      issues.push({ status: 422, code: 'value', path: m.at.value, text: outside });
      return null;
    }
    return { ...first, kind: 'target', value, vital };
  }

  private checkEcg(ecg: EcgInput, issues: IngestIssue[]): void {
    if (!(ecgContentTypes as readonly string[]).includes(ecg.contentType)) {
      issues.push(
        issue(
          422,
          'value',
          `${ecg.at}.contentType`,
          `tipo di file "${ecg.contentType}" non accettato per l'ECG (ammessi: ${ecgContentTypes.join(', ')})`,
          `file type "${ecg.contentType}" is not accepted for an ECG (accepted: ${ecgContentTypes.join(', ')})`,
        ),
      );
      return;
    }
    if (ecg.content.length === 0) {
      issues.push(issue(400, 'required', `${ecg.at}.data`, 'file ECG vuoto', 'empty ECG file'));
      return;
    }
    if (ecg.content.length > MAX_ECG_BYTES) {
      issues.push(
        issue(
          422,
          'too-long',
          `${ecg.at}.data`,
          `file ECG di ${ecg.content.length} byte: il massimo è ${MAX_ECG_BYTES}`,
          `ECG file of ${ecg.content.length} bytes: the maximum is ${MAX_ECG_BYTES}`,
        ),
      );
      return;
    }
    const expected = magic[ecg.contentType as (typeof ecgContentTypes)[number]];
    if (!ecg.content.subarray(0, expected.length).equals(expected)) {
      issues.push(
        issue(
          422,
          'value',
          `${ecg.at}.data`,
          `il contenuto non è un file ${ecg.contentType}`,
          `the content is not a ${ecg.contentType} file`,
        ),
      );
    }
  }
}

function targetIn(
  c: Candidate,
  code: string,
  loinc: boolean,
  vital: VitalSign | undefined,
): Target | null {
  const points = Object.entries(c.definition.dataPoints).filter(
    (e): e is [string, QuantityPoint] => e[1].type === 'quantity',
  );
  const pick = (found: [string, QuantityPoint] | undefined): Target | null =>
    found ? { enrolment: c.enrolment, name: found[0], point: found[1] } : null;
  if (loinc) {
    const exact = points.find(([, d]) => d.loinc === code);
    if (exact) return pick(exact);
  } else {
    const named = points.find(([name]) => name === code);
    if (named) return pick(named);
  }
  if (!vital) return null;
  return pick(
    points.find(([, d]) => d.loinc !== undefined && vital.loinc.includes(d.loinc)) ??
      points.find(([name]) => name === vital.name),
  );
}
