import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { sha256Hex } from '../../platform/hashing.js';
import type { Db } from '../connection.js';
import { nowIso, toIso, toIsoOrNull } from '../rows.js';

/**
 * Devices that send readings (migration 006) and the ECG files they send. A device's bearer
 * token is `pdk_` + 32 random bytes (base64url); only its SHA-256 is stored, so the token is
 * shown once, at registration, and a stolen database holds no usable token.
 */

export const DEVICE_TOKEN_PREFIX = 'pdk_';

export type DeviceKind = 'patient-kit' | 'nurse-kit';

export interface DeviceRecord {
  id: string;
  tenantId: string;
  kind: DeviceKind;
  patientId: string | null;
  label: string;
  serial: string | null;
  tokenHint: string;
  createdBy: string | null;
  createdAt: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
}

export interface NewDevice {
  tenantId: string;
  kind: DeviceKind;
  patientId: string | null;
  label: string;
  serial: string | null;
  createdBy: string | null;
}

export interface NewEcgRecording {
  tenantId: string;
  patientId: string;
  enrolmentId: string | null;
  readingId: string;
  deviceMessageId: string | null;
  deviceId: string | null;
  loinc: string;
  contentType: string;
  content: Buffer;
  interpretation: string | null;
  note: string | null;
  heartRate: number | null;
  measuredAt: string;
  source: string;
}

export interface EcgRecordingRecord extends Omit<NewEcgRecording, 'content'> {
  id: string;
  sizeBytes: number;
  sha256: string;
  receivedAt: string;
}

interface DeviceRow {
  id: string;
  tenant_id: string;
  kind: DeviceKind;
  patient_id: string | null;
  label: string;
  serial: string | null;
  token_hash: string;
  token_hint: string;
  created_by: string | null;
  created_at: unknown;
  last_seen_at: unknown;
  revoked_at: unknown;
  revoked_by: string | null;
}

interface EcgRow {
  id: string;
  tenant_id: string;
  patient_id: string;
  enrolment_id: string | null;
  reading_id: string;
  device_message_id: string | null;
  device_id: string | null;
  loinc: string;
  content_type: string;
  size_bytes: number | string;
  sha256: string;
  content?: Buffer | Uint8Array;
  interpretation: string | null;
  note: string | null;
  heart_rate: number | string | null;
  measured_at: unknown;
  received_at: unknown;
  source: string;
}

const toDevice = (r: DeviceRow): DeviceRecord => ({
  id: r.id,
  tenantId: r.tenant_id,
  kind: r.kind,
  patientId: r.patient_id,
  label: r.label,
  serial: r.serial,
  tokenHint: r.token_hint,
  createdBy: r.created_by,
  createdAt: toIso(r.created_at),
  lastSeenAt: toIsoOrNull(r.last_seen_at),
  revokedAt: toIsoOrNull(r.revoked_at),
  revokedBy: r.revoked_by,
});

const toRecording = (r: EcgRow): EcgRecordingRecord => ({
  id: r.id,
  tenantId: r.tenant_id,
  patientId: r.patient_id,
  enrolmentId: r.enrolment_id,
  readingId: r.reading_id,
  deviceMessageId: r.device_message_id,
  deviceId: r.device_id,
  loinc: r.loinc,
  contentType: r.content_type,
  sizeBytes: Number(r.size_bytes),
  sha256: r.sha256,
  interpretation: r.interpretation,
  note: r.note,
  heartRate: r.heart_rate === null ? null : Number(r.heart_rate),
  measuredAt: toIso(r.measured_at),
  receivedAt: toIso(r.received_at),
  source: r.source,
});

/** Everything but the bytes: lists never carry files. */
const recordingColumns = [
  'id',
  'tenant_id',
  'patient_id',
  'enrolment_id',
  'reading_id',
  'device_message_id',
  'device_id',
  'loinc',
  'content_type',
  'size_bytes',
  'sha256',
  'interpretation',
  'note',
  'heart_rate',
  'measured_at',
  'received_at',
  'source',
];

export function hashDeviceToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export { sha256Hex };

export class DeviceStore {
  constructor(private readonly db: Db) {}

  /** Registers a device and returns its token: the only time the token exists in clear. */
  async register(d: NewDevice): Promise<{ device: DeviceRecord; token: string }> {
    const token = DEVICE_TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const id = randomUUID();
    await this.db('devices').insert({
      id,
      tenant_id: d.tenantId,
      kind: d.kind,
      patient_id: d.patientId,
      label: d.label,
      serial: d.serial,
      token_hash: hashDeviceToken(token),
      token_hint: token.slice(0, 10),
      created_by: d.createdBy,
      created_at: nowIso(),
    });
    const device = await this.get(d.tenantId, id);
    if (!device) throw new Error('device vanished after insert');
    return { device, token };
  }

  /** The device a token belongs to, revoked or not (the caller decides); any tenant. */
  async findByToken(token: string): Promise<DeviceRecord | null> {
    const row = await this.db<DeviceRow>('devices')
      .where({ token_hash: hashDeviceToken(token) })
      .first();
    return row ? toDevice(row) : null;
  }

  async get(tenantId: string, id: string): Promise<DeviceRecord | null> {
    const row = await this.db<DeviceRow>('devices').where({ tenant_id: tenantId, id }).first();
    return row ? toDevice(row) : null;
  }

  async list(tenantId: string, f: { patientId?: string } = {}): Promise<DeviceRecord[]> {
    const q = this.db<DeviceRow>('devices').where({ tenant_id: tenantId });
    if (f.patientId) void q.andWhere({ patient_id: f.patientId });
    const rows: DeviceRow[] = await q.orderBy([{ column: 'created_at' }, { column: 'id' }]);
    return rows.map(toDevice);
  }

  /** Revokes at once; revoking twice keeps the first time and person. */
  async revoke(tenantId: string, id: string, by: string): Promise<DeviceRecord | null> {
    await this.db('devices')
      .where({ tenant_id: tenantId, id })
      .whereNull('revoked_at')
      .update({ revoked_at: nowIso(), revoked_by: by });
    return this.get(tenantId, id);
  }

  async touch(id: string, at = nowIso()): Promise<void> {
    await this.db('devices').where({ id }).update({ last_seen_at: at });
  }

  /**
   * Stores an ECG file once per reading: a resent message finds the recording it stored the
   * first time (`created: false`) and changes nothing.
   */
  async saveRecording(
    r: NewEcgRecording,
  ): Promise<{ recording: EcgRecordingRecord; created: boolean }> {
    const id = randomUUID();
    const inserted = await this.db('ecg_recordings')
      .insert({
        id,
        tenant_id: r.tenantId,
        patient_id: r.patientId,
        enrolment_id: r.enrolmentId,
        reading_id: r.readingId,
        device_message_id: r.deviceMessageId,
        device_id: r.deviceId,
        loinc: r.loinc,
        content_type: r.contentType,
        size_bytes: r.content.length,
        sha256: sha256Hex(r.content),
        content: r.content,
        interpretation: r.interpretation,
        note: r.note,
        heart_rate: r.heartRate,
        measured_at: r.measuredAt,
        received_at: nowIso(),
        source: r.source,
      })
      .onConflict(['tenant_id', 'reading_id'])
      .ignore()
      .returning('id');
    const row = (await this.db('ecg_recordings')
      .select(recordingColumns)
      .where({ tenant_id: r.tenantId, reading_id: r.readingId })
      .first()) as EcgRow | undefined;
    if (!row) throw new Error('ECG recording vanished after insert');
    return { recording: toRecording(row), created: inserted.length > 0 && row.id === id };
  }

  async listRecordings(tenantId: string, patientId: string): Promise<EcgRecordingRecord[]> {
    const rows = (await this.db('ecg_recordings')
      .select(recordingColumns)
      .where({ tenant_id: tenantId, patient_id: patientId })
      .orderBy([
        { column: 'measured_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])) as EcgRow[];
    return rows.map(toRecording);
  }

  async getRecording(
    tenantId: string,
    id: string,
  ): Promise<(EcgRecordingRecord & { content: Buffer }) | null> {
    const row = await this.db<EcgRow>('ecg_recordings').where({ tenant_id: tenantId, id }).first();
    if (!row?.content) return null;
    return { ...toRecording(row), content: Buffer.from(row.content) };
  }
}
