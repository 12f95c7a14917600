import { hashPassword } from '../api/auth/passwords.js';
import type { Stores } from '../db/stores/index.js';
import { computeCodiceFiscale, omocodicVariant } from '../platform/identity/codice-fiscale.js';
import { seedBuiltInForms } from '../forms/builtin.js';
import { seedBuiltInPathways } from '../platform/pathway-catalog.js';
import type { Role } from '../platform/roles.js';
import type { DocumentSettingsInput } from '../templates/documents/settings.js';

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
  /** FLS11 code of the ASL (region + company), the custodian of its documents. */
  aslCode: string;
  /** Where the tenant's patients are followed: enrolments name one, reports filter by it. */
  sites: { id: string; it: string; en: string }[];
  city: { name: string; county: string; istat: string; postalCode: string; street: string };
  /** The demo doctor's birth data, for a valid codice fiscale (a signer must have one). */
  doctor: {
    givenName: string;
    familyName: string;
    birthDate: string;
    sex: 'M' | 'F';
    birthPlaceCode: string;
  };
  staff: Record<Exclude<Role, 'patient'>, string>;
  patients: DemoPatient[];
}

export const demoTenants: DemoTenant[] = [
  {
    id: 'asl-toscana-centro',
    prefix: 'centro',
    name: 'ASL Toscana Centro',
    regionCode: '090',
    aslCode: '090201',
    sites: [
      { id: 'firenze-smn', it: 'Ospedale Santa Maria Nuova', en: 'Santa Maria Nuova Hospital' },
      { id: 'prato', it: 'Ospedale Santo Stefano, Prato', en: 'Santo Stefano Hospital, Prato' },
      { id: 'empoli', it: 'Ospedale San Giuseppe, Empoli', en: 'San Giuseppe Hospital, Empoli' },
    ],
    city: {
      name: 'Firenze',
      county: 'FI',
      istat: '048017',
      postalCode: '50122',
      street: 'Piazza Santa Maria Nuova 1',
    },
    doctor: {
      givenName: 'Marco',
      familyName: 'Bianchi',
      birthDate: '1975-04-18',
      sex: 'M',
      birthPlaceCode: 'D612',
    },
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
    aslCode: '090202',
    sites: [
      { id: 'pisa', it: 'Ospedale Santa Chiara, Pisa', en: 'Santa Chiara Hospital, Pisa' },
      { id: 'lucca', it: 'Ospedale San Luca, Lucca', en: 'San Luca Hospital, Lucca' },
    ],
    city: {
      name: 'Pisa',
      county: 'PI',
      istat: '050026',
      postalCode: '56121',
      street: 'Via Cocchi 7',
    },
    doctor: {
      givenName: 'Laura',
      familyName: 'Neri',
      birthDate: '1980-10-02',
      sex: 'F',
      birthPlaceCode: 'G702',
    },
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

/**
 * Clinical-document settings of a demo ASL: custodian (FLS11), the regional document and
 * encounter OIDs (HL7 Italia scheme 2.16.840.1.113883.2.9.2.<region>.4.x), the telemedicine
 * centre as facility, branding and FSE metadata.
 */
export function demoDocumentSettings(t: DemoTenant): DocumentSettingsInput {
  const region = String(Number(t.regionCode));
  const address = {
    street: t.city.street,
    city: t.city.name,
    postalCode: t.city.postalCode,
    county: t.city.county,
    istat: t.city.istat,
    region: t.regionCode,
  };
  return {
    custodian: {
      idRoot: '2.16.840.1.113883.2.9.4.1.1',
      code: t.aslCode,
      name: t.name,
      phone: '+39 055 6938111',
      address,
    },
    documentIdRoot: `2.16.840.1.113883.2.9.2.${region}.4.4`,
    encounterIdRoot: `2.16.840.1.113883.2.9.2.${region}${t.aslCode.slice(3)}.4.6`,
    facility: {
      // Reparto/unità operativa (HSP.12 codes): what healthCareFacility/id names in the CDA.
      idRoot: '2.16.840.1.113883.2.9.4.1.6',
      code: `${t.aslCode}01`,
      name: `Centrale di Telemedicina — ${t.name}`,
      address,
    },
    branding: {
      organisation: t.name,
      unit: 'Centrale di Telemedicina',
      color: t.prefix === 'centro' ? '#0b5394' : '#1d6b4f',
      footer: `${t.name} · ${t.city.street}, ${t.city.postalCode} ${t.city.name} (${t.city.county})`,
    },
    fse: {
      tipologiaStruttura: 'Ospedale',
      assettoOrganizzativo: 'AD_PSC001',
      identificativoRep: `${t.aslCode}-REP`,
      regionCode: t.regionCode,
    },
  };
}

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
    for (const site of t.sites) {
      await stores.reports.upsertSite({
        id: site.id,
        tenantId: t.id,
        name: { it: site.it, en: site.en },
      });
    }
    if (!(await stores.tenants.getDocumentSettings(t.id))) {
      await stores.tenants.setDocumentSettings(t.id, demoDocumentSettings(t));
    }
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
        const user = await stores.users.upsert({
          tenantId: t.id,
          username,
          displayName: a.displayName,
          role: a.role,
          passwordHash: await hash(),
          patientId: a.patientId,
          locale: 'it',
        });
        // The demo doctor signs clinical documents: a signer is identified by codice fiscale.
        if (a.role === 'doctor')
          await stores.users.setCodiceFiscale(user.id, computeCodiceFiscale(t.doctor));
      }
      logins.push({ tenant: t.name, role: a.role, username, displayName: a.displayName });
    }
  }
  return logins;
}
