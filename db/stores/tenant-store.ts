import type { Db } from '../connection.js';
import {
  documentSettings,
  type DocumentSettings,
  type DocumentSettingsInput,
} from '../../templates/documents/settings.js';
import { fromJson, nowIso, toIso, toJson } from '../rows.js';

export interface Tenant {
  id: string;
  name: string;
  oid: string | null;
  regionCode: string | null;
  createdAt: string;
}

interface TenantRow {
  id: string;
  name: string;
  oid: string | null;
  region_code: string | null;
  created_at: unknown;
}

const toTenant = (r: TenantRow): Tenant => ({
  id: r.id,
  name: r.name,
  oid: r.oid,
  regionCode: r.region_code,
  createdAt: toIso(r.created_at),
});

export class TenantStore {
  constructor(private readonly db: Db) {}

  async get(id: string): Promise<Tenant | null> {
    const row = await this.db<TenantRow>('tenants').where({ id }).first();
    return row ? toTenant(row) : null;
  }

  async list(): Promise<Tenant[]> {
    const rows = await this.db<TenantRow>('tenants').orderBy('name');
    return rows.map(toTenant);
  }

  /** Creates the tenant or updates its name and codes; used by seeding and admin. */
  async upsert(t: Omit<Tenant, 'createdAt'>): Promise<Tenant> {
    await this.db('tenants')
      .insert({
        id: t.id,
        name: t.name,
        oid: t.oid,
        region_code: t.regionCode,
        created_at: nowIso(),
      })
      .onConflict('id')
      .merge(['name', 'oid', 'region_code']);
    const tenant = await this.get(t.id);
    if (!tenant) throw new Error(`tenant ${t.id} vanished after upsert`);
    return tenant;
  }

  /** The organisation's clinical-document settings, or null when not configured yet. */
  async getDocumentSettings(id: string): Promise<DocumentSettings | null> {
    const row = (await this.db('tenants').select('document_settings').where({ id }).first()) as
      { document_settings: unknown } | undefined;
    if (!row?.document_settings) return null;
    return documentSettings.parse(fromJson(row.document_settings));
  }

  async setDocumentSettings(
    id: string,
    settings: DocumentSettingsInput,
  ): Promise<DocumentSettings> {
    const parsed = documentSettings.parse(settings);
    await this.db('tenants')
      .where({ id })
      .update({ document_settings: toJson(parsed) });
    return parsed;
  }
}
