import type { Db } from '../connection.js';
import { nowIso, toIso } from '../rows.js';

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
}
