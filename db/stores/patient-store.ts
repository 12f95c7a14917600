import { randomUUID } from 'node:crypto';
import type { Db } from '../connection.js';
import { nowIso, toIso } from '../rows.js';

export interface Patient {
  id: string;
  tenantId: string;
  codiceFiscale: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  sex: 'M' | 'F';
  phone: string | null;
  email: string | null;
  createdAt: string;
}

export type NewPatient = Omit<Patient, 'id' | 'createdAt'>;

interface PatientRow {
  id: string;
  tenant_id: string;
  codice_fiscale: string;
  given_name: string;
  family_name: string;
  birth_date: unknown;
  sex: string;
  phone: string | null;
  email: string | null;
  created_at: unknown;
}

/** A DATE column reads back as a string on SQLite and as a local-midnight Date on PostgreSQL. */
function toDateOnly(value: unknown): string {
  if (value instanceof Date) {
    const y = value.getFullYear();
    const m = String(value.getMonth() + 1).padStart(2, '0');
    const d = String(value.getDate()).padStart(2, '0');
    return `${y}-${m}-${d}`;
  }
  return String(value).slice(0, 10);
}

const toPatient = (r: PatientRow): Patient => ({
  id: r.id,
  tenantId: r.tenant_id,
  codiceFiscale: r.codice_fiscale,
  givenName: r.given_name,
  familyName: r.family_name,
  birthDate: toDateOnly(r.birth_date),
  sex: r.sex === 'F' ? 'F' : 'M',
  phone: r.phone,
  email: r.email,
  createdAt: toIso(r.created_at),
});

/** Every query is scoped by tenant: a patient of another tenant does not exist here. */
export class PatientStore {
  constructor(private readonly db: Db) {}

  async get(tenantId: string, id: string): Promise<Patient | null> {
    const row = await this.db<PatientRow>('patients').where({ tenant_id: tenantId, id }).first();
    return row ? toPatient(row) : null;
  }

  async findByCodiceFiscale(tenantId: string, codiceFiscale: string): Promise<Patient | null> {
    const row = await this.db<PatientRow>('patients')
      .where({ tenant_id: tenantId, codice_fiscale: codiceFiscale })
      .first();
    return row ? toPatient(row) : null;
  }

  async list(
    tenantId: string,
    options: { limit?: number; offset?: number } = {},
  ): Promise<Patient[]> {
    const rows = await this.db<PatientRow>('patients')
      .where({ tenant_id: tenantId })
      .orderBy([{ column: 'family_name' }, { column: 'given_name' }, { column: 'id' }])
      .limit(options.limit ?? 500)
      .offset(options.offset ?? 0);
    return rows.map(toPatient);
  }

  async count(tenantId: string): Promise<number> {
    const row = await this.db('patients').where({ tenant_id: tenantId }).count({ n: '*' }).first();
    return Number(row?.n ?? 0);
  }

  /** Creates the patient, or returns the existing one with the same codice fiscale. */
  async upsertByCodiceFiscale(p: NewPatient): Promise<Patient> {
    await this.db('patients')
      .insert({
        id: randomUUID(),
        tenant_id: p.tenantId,
        codice_fiscale: p.codiceFiscale,
        given_name: p.givenName,
        family_name: p.familyName,
        birth_date: p.birthDate,
        sex: p.sex,
        phone: p.phone,
        email: p.email,
        created_at: nowIso(),
      })
      .onConflict(['tenant_id', 'codice_fiscale'])
      .ignore();
    const patient = await this.findByCodiceFiscale(p.tenantId, p.codiceFiscale);
    if (!patient) throw new Error('patient vanished after upsert');
    return patient;
  }
}
