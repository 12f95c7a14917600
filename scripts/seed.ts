import { hashPassword } from '../api/auth/passwords.js';
import type { Stores } from '../db/stores/index.js';
import { computeCodiceFiscale, omocodicVariant } from '../platform/identity/codice-fiscale.js';
import { seedBuiltInForms } from '../forms/builtin.js';
import { seedBuiltInPathways } from '../platform/pathway-catalog.js';
import type { Role } from '../platform/roles.js';

/** Password of every demo account. Demo data only: never seeded in production. */
export const DEMO_PASSWORD = 'Percorsi!2026';

interface DemoPatient {
  givenName: string;
  familyName: string;
  birthDate: string;
  sex: 'M' | 'F';
  birthPlaceCode: string;
  omocodia?: number;
}

interface DemoTenant {
  id: string;
  prefix: string;
  name: string;
  regionCode: string;
  staff: Record<Exclude<Role, 'patient'>, string>;
  patients: DemoPatient[];
}

export const demoTenants: DemoTenant[] = [
  {
    id: 'asl-toscana-centro',
    prefix: 'centro',
    name: 'ASL Toscana Centro',
    regionCode: '090',
    staff: {
      designer: 'Chiara Lombardi',
      nurse: 'Giulia Innocenti',
      doctor: 'Dott. Marco Bianchi',
      manager: 'Elena Ricci',
      admin: 'Paolo Conti',
    },
    patients: [
      {
        givenName: 'Mario',
        familyName: 'Rossi',
        birthDate: '1948-03-15',
        sex: 'M',
        birthPlaceCode: 'D612',
      },
      {
        givenName: 'Anna Maria',
        familyName: "D'Angelo",
        birthDate: '1952-11-02',
        sex: 'F',
        birthPlaceCode: 'G999',
      },
      {
        givenName: 'Niccolò',
        familyName: 'Bàrtoli',
        birthDate: '1939-07-21',
        sex: 'M',
        birthPlaceCode: 'G713',
      },
      // An omocodic code, as the Agenzia delle Entrate issues when two people would share one.
      {
        givenName: 'Lucia',
        familyName: 'Ferri',
        birthDate: '1961-01-09',
        sex: 'F',
        birthPlaceCode: 'D403',
        omocodia: 1,
      },
    ],
  },
  {
    id: 'asl-toscana-nord-ovest',
    prefix: 'nord',
    name: 'ASL Toscana Nord Ovest',
    regionCode: '090',
    staff: {
      designer: 'Stefano Galli',
      nurse: 'Francesca Marchetti',
      doctor: 'Dott.ssa Laura Neri',
      manager: 'Roberto Fabbri',
      admin: 'Silvia Moretti',
    },
    patients: [
      {
        givenName: 'Giuseppe',
        familyName: 'Bertolucci',
        birthDate: '1945-05-30',
        sex: 'M',
        birthPlaceCode: 'G702',
      },
      {
        givenName: 'Maria',
        familyName: 'Del Chiaro',
        birthDate: '1950-09-12',
        sex: 'F',
        birthPlaceCode: 'E625',
      },
      {
        givenName: 'Franco',
        familyName: 'Puccinelli',
        birthDate: '1942-12-24',
        sex: 'M',
        birthPlaceCode: 'E715',
      },
    ],
  },
];

/** Italian usernames: what a nurse in Florence would expect to type. */
const usernameRole: Record<Role, string> = {
  designer: 'designer',
  nurse: 'infermiere',
  doctor: 'medico',
  patient: 'paziente',
  manager: 'manager',
  admin: 'admin',
};

export interface DemoLogin {
  tenant: string;
  role: Role;
  username: string;
  displayName: string;
}

/**
 * Seeds demo tenants, staff and patients. Idempotent: existing rows are kept as they are
 * (an account changed by an admin is not reset), missing ones are created.
 */
export async function seedDemoData(stores: Stores): Promise<DemoLogin[]> {
  const logins: DemoLogin[] = [];
  let passwordHash: string | null = null;
  const hash = async () => (passwordHash ??= await hashPassword(DEMO_PASSWORD));
  // The built-in pathways as published versions, so that demo enrolments can pin them.
  await seedBuiltInPathways(stores.pathwayVersions);
  await seedBuiltInForms(stores.forms);

  for (const t of demoTenants) {
    await stores.tenants.upsert({ id: t.id, name: t.name, oid: null, regionCode: t.regionCode });
    const patients = [];
    for (const p of t.patients) {
      const base = computeCodiceFiscale(p);
      const codiceFiscale = p.omocodia ? omocodicVariant(base, p.omocodia) : base;
      patients.push(
        await stores.patients.upsertByCodiceFiscale({
          tenantId: t.id,
          codiceFiscale,
          givenName: p.givenName,
          familyName: p.familyName,
          birthDate: p.birthDate,
          sex: p.sex,
          phone: null,
          email: null,
        }),
      );
    }
    const accounts: { role: Role; displayName: string; patientId: string | null }[] = [
      ...(Object.entries(t.staff) as [Exclude<Role, 'patient'>, string][]).map(
        ([role, displayName]) => ({
          role,
          displayName,
          patientId: null,
        }),
      ),
    ];
    const first = patients[0];
    if (first) {
      accounts.push({
        role: 'patient',
        displayName: `${first.givenName} ${first.familyName}`,
        patientId: first.id,
      });
    }
    for (const a of accounts) {
      const username = `${t.prefix}.${usernameRole[a.role]}`;
      if (!(await stores.users.findForLogin(username))) {
        await stores.users.upsert({
          tenantId: t.id,
          username,
          displayName: a.displayName,
          role: a.role,
          passwordHash: await hash(),
          patientId: a.patientId,
          locale: 'it',
        });
      }
      logins.push({ tenant: t.name, role: a.role, username, displayName: a.displayName });
    }
  }
  return logins;
}
