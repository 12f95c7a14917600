import {
  computeCodiceFiscale,
  omocodicVariant,
  type CodiceFiscaleInput,
} from '../../../platform/identity/codice-fiscale.js';
import type { DocumentHeaderInput } from '../header.js';

/**
 * People, places and organisations of the sample documents (RSA and teleconsultation).
 * Invented but well formed: codici fiscali computed from the data they show, real ISTAT and
 * Belfiore codes for the comuni, Ministry code systems for the organisations.
 */

type Address = NonNullable<DocumentHeaderInput['patient']['address']>;
type Clinician = DocumentHeaderInput['author']['clinician'];
type Patient = DocumentHeaderInput['patient'];

interface Comune {
  city: string;
  county: string;
  istat: string;
  region: string;
  postalCode: string;
  belfiore: string;
}

export const comuni = {
  roma: { city: 'Roma', county: 'RM', istat: '058091', region: '120', postalCode: '00185', belfiore: 'H501' },
  milano: { city: 'Milano', county: 'MI', istat: '015146', region: '030', postalCode: '20121', belfiore: 'F205' },
  napoli: { city: 'Napoli', county: 'NA', istat: '063049', region: '150', postalCode: '80138', belfiore: 'F839' },
  firenze: { city: 'Firenze', county: 'FI', istat: '048017', region: '090', postalCode: '50134', belfiore: 'D612' },
  bologna: { city: 'Bologna', county: 'BO', istat: '037006', region: '080', postalCode: '40138', belfiore: 'A944' },
  lecce: { city: 'Lecce', county: 'LE', istat: '075035', region: '160', postalCode: '73100', belfiore: 'E506' },
  perugia: { city: 'Perugia', county: 'PG', istat: '054039', region: '100', postalCode: '06129', belfiore: 'G478' },
  laquila: { city: "L'Aquila", county: 'AQ', istat: '066049', region: '130', postalCode: '67100', belfiore: 'A345' },
  torino: { city: 'Torino', county: 'TO', istat: '001272', region: '010', postalCode: '10126', belfiore: 'L219' },
  palermo: { city: 'Palermo', county: 'PA', istat: '082053', region: '190', postalCode: '90127', belfiore: 'G273' },
} satisfies Record<string, Comune>; // prettier-ignore

export type ComuneKey = keyof typeof comuni;

export function addressIn(key: ComuneKey, street: string): Address {
  const c = comuni[key];
  return {
    street,
    city: c.city,
    postalCode: c.postalCode,
    county: c.county,
    istat: c.istat,
    region: c.region,
    country: '100',
  };
}

export function birthPlaceIn(key: ComuneKey): NonNullable<Patient['birthPlace']> {
  const c = comuni[key];
  return { city: c.city, county: c.county, istat: c.istat, region: c.region, country: '100' };
}

interface PersonData {
  given: string;
  family: string;
  sex: 'M' | 'F';
  birthDate: string;
  /** Comune of birth, or the Belfiore code of a foreign state (Z…). */
  born: ComuneKey | { foreign: string };
  /** Omocodia level (1…7) when the person's code is an omocodic variant. */
  omocodia?: number;
}

export function codiceFiscaleOf(p: PersonData): string {
  const input: CodiceFiscaleInput = {
    familyName: p.family,
    givenName: p.given,
    birthDate: p.birthDate,
    sex: p.sex,
    birthPlaceCode: typeof p.born === 'string' ? comuni[p.born].belfiore : p.born.foreign,
  };
  const cf = computeCodiceFiscale(input);
  return p.omocodia ? omocodicVariant(cf, p.omocodia) : cf;
}

export function patient(
  p: PersonData & {
    home?: Address;
    phone?: string;
    email?: string;
    /** Birthplace abroad: ISTAT code of the state, optionally the city. */
    bornAbroad?: { country: string; city?: string };
  },
): Patient {
  const birthPlace =
    typeof p.born === 'string' ? birthPlaceIn(p.born) : (p.bornAbroad ?? undefined);
  return {
    fiscalCode: codiceFiscaleOf(p),
    name: { given: p.given, family: p.family },
    gender: p.sex,
    birthDate: p.birthDate,
    ...(birthPlace ? { birthPlace } : {}),
    ...(p.home ? { address: p.home } : {}),
    ...(p.phone ? { phone: p.phone } : {}),
    ...(p.email ? { email: p.email } : {}),
  };
}

export function clinician(
  p: PersonData & {
    prefix: string;
    specialty?: string;
    phone?: string;
    email?: string;
    address?: Address;
  },
): Clinician {
  return {
    fiscalCode: codiceFiscaleOf(p),
    name: { given: p.given, family: p.family, prefix: p.prefix },
    ...(p.specialty ? { specialty: p.specialty } : {}),
    ...(p.phone ? { phone: p.phone } : {}),
    ...(p.email ? { email: p.email } : {}),
    ...(p.address ? { address: p.address } : {}),
  };
}

export const oidRoots = {
  fls11: '2.16.840.1.113883.2.9.4.1.1',
  hsp11: '2.16.840.1.113883.2.9.4.1.2',
  sts11: '2.16.840.1.113883.2.9.4.1.3',
  hsp11Ward: '2.16.840.1.113883.2.9.4.1.6',
  /** Regional roots: documents (.4.4) and encounters (.4.6) of Lazio, Lombardia… */
  documents: (region: string) => `2.16.840.1.113883.2.9.2.${Number(region)}.4.4`,
  encounters: (region: string) => `2.16.840.1.113883.2.9.2.${Number(region)}.4.6`,
} as const;

/** The organisations keeping the sample documents. */
export const organisations = {
  aslRoma1: {
    custodian: {
      idRoot: oidRoots.fls11,
      code: '120201',
      name: 'Azienda Sanitaria Locale Roma 1',
      phone: '06 6835 1',
      address: addressIn('roma', 'Borgo Santo Spirito 3'),
    },
    region: '120',
    facility: {
      idRoot: oidRoots.hsp11Ward,
      code: '120201.0301',
      name: 'Poliambulatorio Santa Maria della Pietà – Ambulatori specialistici',
      address: addressIn('roma', 'Piazza Santa Maria della Pietà 5'),
    },
  },
  asstMilano: {
    custodian: {
      idRoot: oidRoots.hsp11,
      code: '030913',
      name: 'ASST Fatebenefratelli Sacco – Presidio Ospedaliero Luigi Sacco',
      phone: '02 3904 1',
      address: addressIn('milano', 'Via Giovanni Battista Grassi 74'),
    },
    region: '030',
    facility: {
      idRoot: oidRoots.hsp11Ward,
      code: '030913.08',
      name: 'Cardiologia – Ambulatorio di telemedicina',
      address: addressIn('milano', 'Via Giovanni Battista Grassi 74'),
    },
  },
  aouCareggi: {
    custodian: {
      idRoot: oidRoots.hsp11,
      code: '090901',
      name: 'Azienda Ospedaliero-Universitaria Careggi',
      phone: '055 794 111',
      address: addressIn('firenze', 'Largo Giovanni Alessandro Brambilla 3'),
    },
    region: '090',
    facility: {
      idRoot: oidRoots.hsp11Ward,
      code: '090901.32',
      name: 'Neurologia – Ambulatori',
      address: addressIn('firenze', 'Largo Giovanni Alessandro Brambilla 3'),
    },
  },
  aslLecce: {
    custodian: {
      idRoot: oidRoots.fls11,
      code: '160116',
      name: 'Azienda Sanitaria Locale Lecce',
      address: addressIn('lecce', 'Via Miglietta 5'),
    },
    region: '160',
    facility: {
      idRoot: oidRoots.hsp11Ward,
      code: '160116.0714',
      name: 'Distretto Socio Sanitario di Lecce – Poliambulatorio',
    },
  },
  aslBologna: {
    custodian: {
      idRoot: oidRoots.fls11,
      code: '080105',
      name: 'Azienda USL di Bologna',
      phone: '051 622 5111',
      address: addressIn('bologna', 'Via Castiglione 29'),
    },
    region: '080',
    facility: {
      idRoot: oidRoots.hsp11Ward,
      code: '080105.32',
      name: 'Ospedale Bellaria – Neurologia e Stroke Unit',
      address: addressIn('bologna', 'Via Altura 3'),
    },
    /** The presidio providing the service (the custodian is the azienda). */
    presidio: { root: oidRoots.hsp11, extension: '080905' },
  },
} as const;

export type OrganisationKey = keyof typeof organisations;

/** ClinicalDocument ids of a sample: version 1 has id = setId, later versions a new id. */
export function documentIds(
  region: string,
  code: string,
  version = 1,
): Pick<DocumentHeaderInput, 'id' | 'setId' | 'version' | 'replaces'> {
  const root = oidRoots.documents(region);
  const setId = { root, extension: code };
  const idOf = (v: number) => ({ root, extension: v === 1 ? code : `${code}.V${v}` });
  return {
    id: idOf(version),
    setId,
    version,
    ...(version > 1 ? { replaces: { id: idOf(version - 1), setId, version: version - 1 } } : {}),
  };
}
