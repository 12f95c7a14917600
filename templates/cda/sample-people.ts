import { computeCodiceFiscale, omocodicVariant } from '../../platform/identity/codice-fiscale.js';
import type { DocumentHeaderInput } from '../documents/header.js';

/**
 * Fictitious people and organisations for the sample documents of the CDA types. Codici
 * fiscali are computed (valid check character), some omocodic; names carry accents and
 * apostrophes on purpose. Nothing here is a real person.
 */

type PatientInput = DocumentHeaderInput['patient'];
type ClinicianInput = DocumentHeaderInput['author']['clinician'];
type CustodianInput = DocumentHeaderInput['custodian'];

export function fiscalCode(
  family: string,
  given: string,
  birthDate: string,
  sex: 'M' | 'F',
  birthPlaceCode: string,
  omocodia = 0,
): string {
  const cf = computeCodiceFiscale({
    familyName: family,
    givenName: given,
    birthDate,
    sex,
    birthPlaceCode,
  });
  return omocodia > 0 ? omocodicVariant(cf, omocodia) : cf;
}

const ROMA = { city: 'Roma', county: 'RM', region: '120', istat: '058091', country: '100' };
const MILANO = { city: 'Milano', county: 'MI', region: '030', istat: '015146', country: '100' };
const NAPOLI = { city: 'Napoli', county: 'NA', region: '150', istat: '063049', country: '100' };
const FIRENZE = { city: 'Firenze', county: 'FI', region: '090', istat: '048017', country: '100' };

export const places = { ROMA, MILANO, NAPOLI, FIRENZE } as const;

function clinician(
  family: string,
  given: string,
  prefix: string,
  birthDate: string,
  sex: 'M' | 'F',
  specialty: string,
  extra: Partial<ClinicianInput> = {},
): ClinicianInput {
  return {
    fiscalCode: fiscalCode(family, given, birthDate, sex, 'H501'),
    name: { given, family, prefix },
    specialty,
    ...extra,
  };
}

const WORK = { ...ROMA, street: 'Borgo Santo Spirito 3', postalCode: '00193' };

export const clinicians = {
  cardiologa: clinician('Mancini', 'Chiara', 'Dott.ssa', '1974-02-11', 'F', 'Cardiologia', {
    phone: '06 6835 2201',
    email: 'chiara.mancini@aslroma1.example.it',
    address: WORK,
  }),
  diabetologo: clinician('Ferri', 'Paolo', 'Dott.', '1969-09-30', 'M', 'Diabetologia', {
    email: 'paolo.ferri@aslroma1.example.it',
  }),
  dermatologa: clinician('Galli', 'Elena', 'Dott.ssa', '1981-06-05', 'F', 'Dermatologia', {
    phone: '06 6835 2410',
  }),
  neurologo: clinician('Rinaldi', 'Marco', 'Prof.', '1960-12-19', 'M', 'Neurologia', {
    phone: '06 6835 2300',
    email: 'marco.rinaldi@aslroma1.example.it',
    address: WORK,
  }),
  pneumologo: clinician('Conti', 'Stefano', 'Dott.', '1977-03-22', 'M', 'Pneumologia'),
  endocrinologa: clinician('Marchetti', 'Laura', 'Dott.ssa', '1983-10-14', 'F', 'Endocrinologia', {
    email: 'laura.marchetti@aslroma1.example.it',
  }),
  psichiatra: clinician('Greco', 'Davide', 'Dott.', '1972-05-27', 'M', 'Psichiatria'),
  infermiera: clinician('Colombo', 'Sara', 'Inf.', '1988-01-09', 'F', 'Infermieristica', {
    phone: '06 6835 2299',
  }),
  fisioterapista: clinician('Pellegrini', 'Matteo', 'Dott.', '1990-07-16', 'M', 'Fisioterapia', {
    email: 'matteo.pellegrini@aslroma1.example.it',
  }),
  medicoDiFamiglia: clinician(
    'Moretti',
    'Giorgio',
    'Dott.',
    '1958-08-08',
    'M',
    'Medicina generale',
    {
      phone: '06 3972 1180',
      address: { ...ROMA, street: "Via dell'Aeroporto di Centocelle 41", postalCode: '00175' },
    },
  ),
} satisfies Record<string, ClinicianInput>;

export const patients = {
  niccolo: {
    fiscalCode: fiscalCode("D'Angelo", 'Niccolò', '1948-11-03', 'M', 'H501'),
    name: { given: 'Niccolò', family: "D'Angelo" },
    gender: 'M',
    birthDate: '1948-11-03',
    birthPlace: ROMA,
    address: { ...ROMA, street: 'Via Appia Nuova 1024', postalCode: '00178' },
    phone: '+39 333 120 4411',
    email: 'niccolo.dangelo@example.it',
  },
  mariaGrazia: {
    // Omocodic: two digits replaced by letters.
    fiscalCode: fiscalCode("Dell'Orto", 'Maria Grazia', '1962-04-17', 'F', 'F839', 2),
    name: { given: 'Maria Grazia', family: "Dell'Orto" },
    gender: 'F',
    birthDate: '1962-04-17',
    birthPlace: NAPOLI,
    address: { ...ROMA, street: 'Via Tuscolana 870', postalCode: '00174' },
    phone: '347 220 1198',
  },
  chloe: {
    // Born in Switzerland (Belfiore Z133): no Italian comune of birth.
    fiscalCode: fiscalCode('Bernasconi', 'Chloé', '1991-08-29', 'F', 'Z133'),
    name: { given: 'Chloé', family: 'Bernasconi' },
    gender: 'F',
    birthDate: '1991-08-29',
    email: 'chloe.bernasconi@example.ch',
  },
  gianluca: {
    fiscalCode: fiscalCode('Nicolò', 'Gianluca', '1979-01-15', 'M', 'L219'),
    name: { given: 'Gianluca', family: 'Nicolò' },
    gender: 'M',
    birthDate: '1979-01-15',
    // An address without a street: printed in the PDF, left out of the CDA.
    address: { ...ROMA, postalCode: '00135' },
  },
  annaMaria: {
    fiscalCode: fiscalCode("Sant'Elia", 'Anna Maria', '1936-02-24', 'F', 'D612'),
    name: { given: 'Anna Maria', family: "Sant'Elia" },
    gender: 'F',
    birthDate: '1936-02-24',
    birthPlace: FIRENZE,
    address: { ...ROMA, street: 'Viale Marconi 211, scala B', postalCode: '00146' },
    phone: '06 558 1290',
  },
  luca: {
    // Omocodic at the highest level: every digit replaced.
    fiscalCode: fiscalCode('Bianchi', 'Luca', '1951-07-04', 'M', 'F205', 7),
    name: { given: 'Luca', family: 'Bianchi' },
    gender: 'M',
    birthDate: '1951-07-04',
    birthPlace: MILANO,
    address: { ...ROMA, street: 'Via Nomentana 333', postalCode: '00162' },
    phone: '338 456 7120',
  },
  francesca: {
    fiscalCode: fiscalCode('Lo Iacono', 'Francesca', '1985-12-01', 'F', 'G273'),
    name: { given: 'Francesca', family: 'Lo Iacono' },
    gender: 'F',
    birthDate: '1985-12-01',
    address: { ...ROMA, street: 'Circonvallazione Gianicolense 87', postalCode: '00152' },
    email: 'francesca.loiacono@example.it',
  },
  ludovica: {
    fiscalCode: fiscalCode('Ferrari', 'Ludovica', '2001-03-30', 'F', 'A944'),
    name: { given: 'Ludovica', family: 'Ferrari' },
    gender: 'F',
    birthDate: '2001-03-30',
    address: { ...ROMA, street: 'Via dei Volsci 12', postalCode: '00185' },
    phone: '349 001 7733',
  },
  ettore: {
    fiscalCode: fiscalCode("Dell'Acqua", 'Ettore', '1955-10-10', 'M', 'H501', 1),
    name: { given: 'Ettore', family: "Dell'Acqua" },
    gender: 'M',
    birthDate: '1955-10-10',
    birthPlace: ROMA,
    address: { ...ROMA, street: 'Largo Preneste 5', postalCode: '00176' },
  },
  giovanni: {
    fiscalCode: fiscalCode('Sàlvini', 'Giovanni Battista', '1944-06-21', 'M', 'A662'),
    name: { given: 'Giovanni Battista', family: 'Sàlvini' },
    gender: 'M',
    birthDate: '1944-06-21',
    address: { ...ROMA, street: 'Via Cassia 1120', postalCode: '00189' },
    phone: '06 3037 4455',
  },
  ilaria: {
    fiscalCode: fiscalCode('Ricciardi', 'Ilaria', '1968-09-09', 'F', 'H501', 3),
    name: { given: 'Ilaria', family: 'Ricciardi' },
    gender: 'F',
    birthDate: '1968-09-09',
    birthPlace: ROMA,
    address: { ...ROMA, street: 'Via di Boccea 590', postalCode: '00166' },
    phone: '339 871 0021',
  },
} satisfies Record<string, PatientInput>;

/** ASL Roma 1 as custodian (FLS11): the azienda is the provider's asOrganizationPartOf. */
export const aslRoma1: CustodianInput = {
  idRoot: '2.16.840.1.113883.2.9.4.1.1',
  code: '120201',
  name: 'ASL Roma 1',
  phone: '06 6835 1',
  address: { ...ROMA, street: 'Borgo Santo Spirito 3', postalCode: '00193' },
};

/** A hospital (HSP11) as custodian: it is the service provider, its azienda must be given. */
export const ospedaleSantoSpirito: CustodianInput = {
  idRoot: '2.16.840.1.113883.2.9.4.1.2',
  code: '120048',
  name: 'Presidio Ospedaliero Santo Spirito in Sassia',
};

export const telemedicineCentre = {
  idRoot: '2.16.840.1.113883.2.9.4.1.6',
  code: '120048.01.56',
  name: 'Centrale operativa di telemedicina',
  address: { ...ROMA, street: 'Lungotevere in Sassia 1', postalCode: '00193' },
};

/** OIDs under which the samples' tenant numbers documents, encounters and bookings. */
export const sampleRoots = {
  document: '2.16.840.1.113883.2.9.2.120.4.4',
  encounter: '2.16.840.1.113883.2.9.2.120.4.6',
  booking: '2.16.840.1.113883.2.9.2.120.4.8',
  /** The region's catalogue of telemedicine services (for codes the national one lacks). */
  catalogue: '2.16.840.1.113883.2.9.2.120.6.1',
} as const;

/** A 4×4 PNG (skin tones): a stand-in for a photo shared during a call. */
export const SAMPLE_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAK0lEQVR42gXBoQEAAAzCMC5Go9Ho3dSzloiYmpmzSGhYuIiUlpWryOjYuD3kAhzBlna8qgAAAABJRU5ErkJggg==';
