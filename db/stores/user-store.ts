import { randomUUID } from 'node:crypto';
import type { Role } from '../../platform/roles.js';
import type { Db } from '../connection.js';
import { nowIso, toBool, toIso } from '../rows.js';

export interface User {
  id: string;
  tenantId: string;
  username: string;
  displayName: string;
  role: Role;
  patientId: string | null;
  locale: 'it' | 'en';
  active: boolean;
  /** Clinicians' codice fiscale: it identifies the author and signer of clinical documents. */
  codiceFiscale: string | null;
  createdAt: string;
}

export interface UserWithSecret extends User {
  passwordHash: string | null;
}

export interface NewUser {
  tenantId: string;
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string | null;
  patientId: string | null;
  locale: 'it' | 'en';
}

interface UserRow {
  id: string;
  tenant_id: string;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string | null;
  patient_id: string | null;
  locale: string;
  active: unknown;
  codice_fiscale?: string | null;
  created_at: unknown;
}

const toUser = (r: UserRow): UserWithSecret => ({
  id: r.id,
  tenantId: r.tenant_id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  patientId: r.patient_id,
  locale: r.locale === 'en' ? 'en' : 'it',
  active: toBool(r.active),
  codiceFiscale: r.codice_fiscale ?? null,
  createdAt: toIso(r.created_at),
  passwordHash: r.password_hash,
});

function withoutSecret(u: UserWithSecret): User {
  const { passwordHash: _secret, ...user } = u;
  return user;
}

export class UserStore {
  constructor(private readonly db: Db) {}

  /** For login only: the one read that returns the password hash. */
  async findForLogin(username: string): Promise<UserWithSecret | null> {
    const row = await this.db<UserRow>('users').where({ username: username.toLowerCase() }).first();
    return row ? toUser(row) : null;
  }

  async get(id: string): Promise<User | null> {
    const row = await this.db<UserRow>('users').where({ id }).first();
    return row ? withoutSecret(toUser(row)) : null;
  }

  async list(tenantId: string): Promise<User[]> {
    const rows = await this.db<UserRow>('users')
      .where({ tenant_id: tenantId })
      .orderBy([{ column: 'role' }, { column: 'username' }]);
    return rows.map((r) => withoutSecret(toUser(r)));
  }

  /** Creates the user, or updates name, role, links and password of an existing username. */
  async upsert(u: NewUser): Promise<User> {
    const username = u.username.toLowerCase();
    await this.db('users')
      .insert({
        id: randomUUID(),
        tenant_id: u.tenantId,
        username,
        display_name: u.displayName,
        role: u.role,
        password_hash: u.passwordHash,
        patient_id: u.patientId,
        locale: u.locale,
        active: true,
        created_at: nowIso(),
      })
      .onConflict('username')
      .merge(['display_name', 'role', 'password_hash', 'patient_id', 'locale']);
    const user = await this.findForLogin(username);
    if (!user) throw new Error('user vanished after upsert');
    return withoutSecret(user);
  }

  /** Records a clinician's codice fiscale (already checked by the caller). */
  async setCodiceFiscale(id: string, codiceFiscale: string | null): Promise<void> {
    await this.db('users').where({ id }).update({ codice_fiscale: codiceFiscale });
  }

  async setActive(id: string, active: boolean): Promise<void> {
    await this.db('users').where({ id }).update({ active });
  }
}
