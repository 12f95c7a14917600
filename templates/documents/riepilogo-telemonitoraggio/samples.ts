import { DateTime } from 'luxon';
import {
  computeCodiceFiscale,
  omocodicVariant,
} from '../../../platform/identity/codice-fiscale.js';
import type { PersonName } from '../header.js';
import type { AlertLevel, RiepilogoTelemonitoraggioInput, ThresholdBand } from './model.js';
import { levelOf } from './outline.js';

/**
 * Varied summaries for the designer preview and the tests: short and long periods, one vital
 * and six, no alerts and a hundred, a vital with no readings, names with accents and
 * apostrophes, an omocodic codice fiscale, long notes, a second version. Readings come from a
 * seeded generator, so every call returns the same data.
 */

type AlertInput = NonNullable<RiepilogoTelemonitoraggioInput['alerts']>[number];
type AdherenceInput = NonNullable<RiepilogoTelemonitoraggioInput['adherence']>[number];

const ZONE = 'Europe/Rome';
const DOC_ROOT = '2.16.840.1.113883.2.9.2.90.4.8';

const LOINC = {
  spo2: '59408-5',
  heartRate: '8867-4',
  systolic: '8480-6',
  diastolic: '8462-4',
  temperature: '8310-5',
  weight: '29463-7',
  glucose: '2339-0',
  respiratoryRate: '9279-1',
  fev1: '20150-9',
  pef: '19935-6',
} as const;

const bands: Record<string, ThresholdBand[]> = {
  spo2: [
    { level: 'red', high: 90 },
    { level: 'orange', low: 90, high: 92 },
  ],
  heartRate: [
    { level: 'red', high: 40 },
    { level: 'yellow', low: 100, high: 120 },
    { level: 'red', low: 120 },
  ],
  systolic: [
    { level: 'red', high: 90 },
    { level: 'orange', low: 160, high: 180 },
    { level: 'red', low: 180 },
  ],
  diastolic: [{ level: 'orange', low: 100 }],
  temperature: [
    { level: 'yellow', low: 37.5, high: 38 },
    { level: 'orange', low: 38 },
  ],
  weight: [{ level: 'orange', low: 74 }],
  glucose: [
    { level: 'red', high: 70 },
    { level: 'yellow', low: 180, high: 250 },
    { level: 'red', low: 250 },
  ],
  respiratoryRate: [
    { level: 'yellow', low: 22, high: 25 },
    { level: 'red', low: 25 },
  ],
  fev1: [{ level: 'orange', high: 1.2 }],
  pef: [
    { level: 'red', high: 150 },
    { level: 'yellow', low: 150, high: 200 },
  ],
};

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const iso = (d: DateTime) => d.toISO({ suppressMilliseconds: true })!;

interface SeriesSpec {
  from: string;
  days: number;
  /** Local times of the planned readings, "HH:mm". */
  times: string[];
  base: number;
  /** Change per day. */
  trend?: number;
  /** Day-to-day swing. */
  noise: number;
  decimals: number;
  /** Probability of a missed reading. */
  missed?: number;
  /** Values forced on given days (index from the start), for excursions. */
  spikes?: Record<number, number>;
  seed: number;
}

function series(spec: SeriesSpec): { at: string; value: number }[] {
  const next = random(spec.seed);
  const start = DateTime.fromISO(spec.from, { zone: ZONE }).startOf('day');
  const out: { at: string; value: number }[] = [];
  for (let day = 0; day < spec.days; day++) {
    for (const time of spec.times) {
      const [h, m] = time.split(':').map(Number) as [number, number];
      const jitter = Math.floor(next() * 25);
      const when = start.plus({ days: day }).set({ hour: h, minute: m + jitter });
      const skip = next() < (spec.missed ?? 0);
      const noise = (next() - 0.5) * 2 * spec.noise;
      if (skip) continue;
      const f = 10 ** spec.decimals;
      const value = spec.spikes?.[day] ?? spec.base + (spec.trend ?? 0) * day + noise;
      out.push({ at: iso(when), value: Math.round(value * f) / f });
    }
  }
  return out;
}

const nurse: PersonName = { prefix: 'Inf.', given: 'Giulia', family: 'Nerozzi' };
const nurse2: PersonName = { prefix: 'Inf.', given: 'Tommaso', family: "Dell'Innocenti" };

const levelWords: Record<AlertLevel, string> = {
  red: 'critico',
  orange: 'alterato',
  yellow: 'da controllare',
};

/** The alerts the pathway would have raised on these readings, handled as a team would. */
function alertsFor(
  code: string,
  label: string,
  unit: string,
  readings: { at: string; value: number }[],
  zones: ThresholdBand[],
  leaveOpen = 1,
): AlertInput[] {
  const raised = readings.flatMap((r) => {
    const level = levelOf(r.value, zones);
    return level ? [{ ...r, level }] : [];
  });
  return raised.map((r, i) => {
    const open = i >= raised.length - leaveOpen;
    const base = {
      at: r.at,
      level: r.level,
      vital: code,
      message: `${label} ${String(r.value).replace('.', ',')} ${unit}: valore ${levelWords[r.level]}`,
    };
    if (open) return { ...base, status: 'open' as const };
    const ackAt = iso(DateTime.fromISO(r.at, { zone: ZONE }).plus({ minutes: 12 + (i % 5) * 7 }));
    return {
      ...base,
      status: i % 3 === 0 ? ('resolved' as const) : ('acknowledged' as const),
      acknowledgedBy: i % 2 === 0 ? nurse : nurse2,
      acknowledgedAt: ackAt,
    };
  });
}

function person(given: string, family: string, birthDate: string, sex: 'M' | 'F', place: string) {
  return {
    fiscalCode: computeCodiceFiscale({
      familyName: family,
      givenName: given,
      birthDate,
      sex,
      birthPlaceCode: place,
    }),
    name: { given, family },
    gender: sex,
    birthDate,
  };
}

const asl = {
  idRoot: '2.16.840.1.113883.2.9.4.1.1',
  code: '090201',
  name: 'Azienda USL Toscana Centro',
};
const careggi = {
  idRoot: '2.16.840.1.113883.2.9.4.1.2',
  code: '090901',
  name: 'Azienda Ospedaliero-Universitaria Careggi',
};

const pneumologa = {
  ...person('Chiara', 'Nocentini', '1979-04-11', 'F', 'D612'),
  name: { given: 'Chiara', family: 'Nocentini', prefix: 'Dott.ssa' },
  specialty: 'Pneumologia',
};
const cardiologo = {
  ...person('Lorenzo', "Sant'Ambrogio", '1975-10-03', 'M', 'G713'),
  name: { given: 'Lorenzo', family: "Sant'Ambrogio", prefix: 'Dott.' },
  specialty: 'Cardiologia',
};
const diabetologa = {
  ...person('Beatrice', 'Mancini', '1983-06-21', 'F', 'H501'),
  name: { given: 'Beatrice', family: 'Mancini', prefix: 'Dott.ssa' },
  specialty: 'Diabetologia',
};

function clinicianOnly(c: typeof pneumologa) {
  return { fiscalCode: c.fiscalCode, name: c.name, specialty: c.specialty };
}

interface VitalPlan {
  key: keyof typeof LOINC;
  label: string;
  unit: string;
  spec: Omit<SeriesSpec, 'from' | 'days' | 'seed'>;
  /** Alerts left open at the end of the period. */
  open?: number;
  /** No reading arrived at all (device not delivered, not paired…). */
  silent?: boolean;
  /** Bands other than the default ones for this vital. */
  zones?: ThresholdBand[];
}

function build(opts: {
  n: number;
  patient: ReturnType<typeof person>;
  custodian?: typeof asl;
  author: typeof pneumologa;
  pathway: { name: string; version: string };
  from: string;
  days: number;
  vitals: VitalPlan[];
  extraAlerts?: AlertInput[];
  extraAdherence?: AdherenceInput[];
  notes?: string;
  version?: number;
}): RiepilogoTelemonitoraggioInput {
  const from = DateTime.fromISO(opts.from, { zone: ZONE }).startOf('day');
  const to = from.plus({ days: opts.days }).minus({ seconds: 1 });
  const vitals = opts.vitals.map((v, i) => {
    const zones = v.zones ?? bands[v.key] ?? [];
    const readings = v.silent
      ? []
      : series({ ...v.spec, from: opts.from, days: opts.days, seed: opts.n * 100 + i });
    return { plan: v, zones, readings };
  });
  const alerts = [
    ...vitals.flatMap(({ plan, zones, readings }) =>
      alertsFor(LOINC[plan.key], plan.label, plan.unit, readings, zones, plan.open ?? 1),
    ),
    ...(opts.extraAlerts ?? []),
  ];
  return {
    id: { root: DOC_ROOT, extension: `RTM-2025-${String(opts.n).padStart(6, '0')}` },
    version: opts.version ?? 1,
    issued: iso(to.plus({ hours: 9, seconds: 1 })),
    patient: opts.patient,
    custodian: opts.custodian ?? asl,
    author: clinicianOnly(opts.author),
    period: { from: iso(from), to: iso(to) },
    pathway: opts.pathway,
    vitals: vitals.map(({ plan, zones, readings }) => ({
      code: LOINC[plan.key],
      unit: plan.unit === 'mmHg' ? 'mm[Hg]' : plan.unit === '°C' ? 'Cel' : plan.unit,
      readings,
      bands: zones,
    })),
    alerts,
    adherence: [
      ...vitals.map(({ plan, readings }) => ({
        code: LOINC[plan.key],
        expected: opts.days * plan.spec.times.length,
        received: readings.length,
      })),
      ...(opts.extraAdherence ?? []),
    ],
    ...(opts.notes ? { notes: opts.notes } : {}),
  };
}

const scompenso = { name: 'Telemonitoraggio scompenso cardiaco', version: '1.0.0' };
const bpco = { name: 'Telemonitoraggio BPCO', version: '1.2.0' };

const longNotes = [
  "Paziente seguita dal servizio di telemonitoraggio dopo il ricovero per riacutizzazione di BPCO. Nelle prime settimane l'aderenza è stata discontinua per difficoltà nell'uso del saturimetro; dopo l'intervento dell'infermiera di famiglia e di comunità, con una seconda sessione di addestramento a domicilio, le misurazioni sono diventate regolari.",
  "Il 12° giorno la paziente ha riferito dispnea da sforzo più marcata e tosse con espettorato giallastro: contattata telefonicamente, è stata indirizzata al medico di medicina generale che ha prescritto terapia antibiotica. L'andamento successivo della saturazione è stato favorevole, senza nuovi valori sotto soglia.",
  "Si segnala che la figlia, caregiver principale, ha chiesto di ricevere gli avvisi dell'app anche sul proprio telefono: la richiesta è stata registrata e inoltrata all'amministrazione del servizio per la verifica del consenso.",
  ...Array.from(
    { length: 14 },
    (_, i) =>
      `Diario clinico, settimana ${i + 1}: parametri rivalutati in videochiamata; la paziente riferisce di seguire la terapia inalatoria come prescritto (tiotropio/olodaterolo una volta al giorno, salbutamolo al bisogno, in media ${i % 3} volte a settimana), di aver effettuato gli esercizi di riabilitazione respiratoria e di non aver avuto accessi al pronto soccorso. Nessuna variazione della terapia.`,
  ),
].join('\n\n');

export function riepilogoSamples(): RiepilogoTelemonitoraggioInput[] {
  return [
    // 30 days of heart failure: weight, pressure and heart rate, a few alerts.
    build({
      n: 1,
      patient: person('Anna Maria', "D'Angelo", '1952-11-02', 'F', 'D704'),
      author: cardiologo,
      pathway: scompenso,
      from: '2025-03-01',
      days: 30,
      vitals: [
        {
          key: 'weight',
          label: 'Peso',
          unit: 'kg',
          spec: {
            times: ['07:30'],
            base: 71.2,
            trend: 0.05,
            noise: 0.6,
            decimals: 1,
            missed: 0.05,
            spikes: { 17: 74.6, 18: 74.3 },
          },
        },
        {
          key: 'systolic',
          label: 'Pressione sistolica',
          unit: 'mmHg',
          spec: {
            times: ['07:40'],
            base: 132,
            noise: 12,
            decimals: 0,
            missed: 0.05,
            spikes: { 9: 171 },
          },
        },
        {
          key: 'diastolic',
          label: 'Pressione diastolica',
          unit: 'mmHg',
          spec: { times: ['07:40'], base: 82, noise: 7, decimals: 0, missed: 0.05 },
        },
        {
          key: 'heartRate',
          label: 'Frequenza cardiaca',
          unit: '/min',
          spec: { times: ['07:40'], base: 72, noise: 9, decimals: 0, missed: 0.05 },
        },
      ],
      notes:
        'Aumento di peso tra il 18 e il 19 marzo, rientrato dopo l’aumento della dose di diuretico concordato con il cardiologo.',
    }),
    // 90 days of COPD, twice a day, many alerts.
    build({
      n: 2,
      patient: person('Niccolò', 'Bertè', '1947-05-19', 'M', 'D612'),
      author: pneumologa,
      pathway: bpco,
      from: '2025-01-06',
      days: 90,
      vitals: [
        {
          key: 'spo2',
          label: 'SpO2',
          unit: '%',
          spec: { times: ['08:00', '20:00'], base: 93, noise: 2.6, decimals: 0, missed: 0.1 },
          open: 3,
        },
        {
          key: 'heartRate',
          label: 'Frequenza cardiaca',
          unit: '/min',
          spec: { times: ['08:00', '20:00'], base: 86, noise: 16, decimals: 0, missed: 0.1 },
          open: 2,
        },
        {
          key: 'respiratoryRate',
          label: 'Frequenza respiratoria',
          unit: '/min',
          spec: { times: ['08:00'], base: 19, noise: 4, decimals: 0, missed: 0.15 },
        },
      ],
    }),
    // 30 days of glucose, all within range: no alerts.
    build({
      n: 3,
      patient: person('Lucia', 'Esposito', '1968-02-14', 'F', 'F839'),
      custodian: careggi,
      author: diabetologa,
      pathway: { name: 'Telemonitoraggio diabete tipo 2', version: '2.0.1' },
      from: '2025-04-01',
      days: 30,
      vitals: [
        {
          key: 'glucose',
          label: 'Glicemia',
          unit: 'mg/dL',
          spec: {
            times: ['07:00', '13:30', '20:00'],
            base: 122,
            noise: 28,
            decimals: 0,
            missed: 0.08,
          },
        },
      ],
    }),
    // Saturation that keeps falling under the thresholds: a hundred alerts or so.
    build({
      n: 4,
      patient: person('Giuseppe', "Dell'Orto", '1939-09-30', 'M', 'G999'),
      author: pneumologa,
      pathway: bpco,
      from: '2025-02-01',
      days: 30,
      vitals: [
        {
          key: 'spo2',
          label: 'SpO2',
          unit: '%',
          spec: {
            times: ['07:00', '12:00', '18:00', '22:00'],
            base: 90.5,
            noise: 2.2,
            decimals: 0,
            missed: 0.05,
          },
          open: 6,
        },
      ],
      notes: 'Ossigenoterapia a lungo termine rivalutata dallo pneumologo il 20 febbraio.',
    }),
    // A vital whose device never sent anything, and long notes.
    build({
      n: 5,
      patient: person('Maria Grazia', "dell'Acqua", '1955-07-08', 'F', 'E625'),
      author: pneumologa,
      pathway: bpco,
      from: '2025-05-05',
      days: 30,
      vitals: [
        {
          key: 'spo2',
          label: 'SpO2',
          unit: '%',
          spec: {
            times: ['08:00'],
            base: 94,
            noise: 2,
            decimals: 0,
            missed: 0.3,
            spikes: { 11: 89, 12: 91 },
          },
        },
        {
          key: 'heartRate',
          label: 'Frequenza cardiaca',
          unit: '/min',
          spec: { times: ['08:00'], base: 78, noise: 8, decimals: 0, missed: 0.3 },
        },
        {
          key: 'temperature',
          label: 'Temperatura',
          unit: '°C',
          spec: { times: ['08:00'], base: 36.6, noise: 0.3, decimals: 1 },
          silent: true,
        },
      ],
      notes: longNotes,
    }),
    // Omocodic codice fiscale; two weeks after discharge.
    build({
      n: 6,
      patient: {
        ...person('Marco', 'Bianchi', '1980-01-01', 'M', 'H501'),
        fiscalCode: omocodicVariant(
          computeCodiceFiscale({
            familyName: 'Bianchi',
            givenName: 'Marco',
            birthDate: '1980-01-01',
            sex: 'M',
            birthPlaceCode: 'H501',
          }),
          3,
        ),
      },
      author: cardiologo,
      pathway: { name: 'Teleassistenza post-dimissione', version: '1.0.0' },
      from: '2025-06-10',
      days: 14,
      vitals: [
        {
          key: 'temperature',
          label: 'Temperatura',
          unit: '°C',
          spec: {
            times: ['08:00', '20:00'],
            base: 36.8,
            noise: 0.5,
            decimals: 1,
            spikes: { 3: 38.4 },
          },
        },
        {
          key: 'heartRate',
          label: 'Frequenza cardiaca',
          unit: '/min',
          spec: { times: ['08:00'], base: 80, noise: 10, decimals: 0 },
        },
      ],
    }),
    // Six vitals over 60 days; a foreign-born patient with accented names.
    build({
      n: 7,
      patient: person('Élise', 'Fontaine-Müller', '1962-03-27', 'F', 'Z110'),
      custodian: careggi,
      author: cardiologo,
      pathway: scompenso,
      from: '2025-01-15',
      days: 60,
      vitals: [
        {
          key: 'weight',
          label: 'Peso',
          unit: 'kg',
          spec: { times: ['07:30'], base: 68, trend: 0.03, noise: 0.5, decimals: 1, missed: 0.1 },
          zones: [{ level: 'orange', low: 70.5 }],
        },
        {
          key: 'systolic',
          label: 'Pressione sistolica',
          unit: 'mmHg',
          spec: { times: ['07:40', '19:00'], base: 138, noise: 18, decimals: 0, missed: 0.1 },
        },
        {
          key: 'diastolic',
          label: 'Pressione diastolica',
          unit: 'mmHg',
          spec: { times: ['07:40', '19:00'], base: 86, noise: 9, decimals: 0, missed: 0.1 },
        },
        {
          key: 'heartRate',
          label: 'Frequenza cardiaca',
          unit: '/min',
          spec: { times: ['07:40', '19:00'], base: 76, noise: 12, decimals: 0, missed: 0.1 },
        },
        {
          key: 'spo2',
          label: 'SpO2',
          unit: '%',
          spec: { times: ['07:40'], base: 96, noise: 2, decimals: 0, missed: 0.1 },
        },
        {
          key: 'temperature',
          label: 'Temperatura',
          unit: '°C',
          spec: { times: ['07:40'], base: 36.5, noise: 0.4, decimals: 1, missed: 0.2 },
        },
      ],
    }),
    // Home spirometry: litres with two decimals, peak flow in L/min.
    build({
      n: 8,
      patient: person('Salvatore', 'Lo Iacono', '1950-08-15', 'M', 'G273'),
      author: pneumologa,
      pathway: { name: 'Telemonitoraggio spirometrico domiciliare', version: '1.0.0' },
      from: '2025-09-01',
      days: 30,
      vitals: [
        {
          key: 'fev1',
          label: 'FEV1',
          unit: 'L',
          spec: { times: ['09:00'], base: 1.45, noise: 0.22, decimals: 2, missed: 0.2 },
        },
        {
          key: 'pef',
          label: 'PEF',
          unit: 'L/min',
          spec: { times: ['09:00'], base: 215, noise: 40, decimals: 0, missed: 0.2 },
        },
      ],
    }),
    // Second version of a summary, replacing the first.
    build({
      n: 9,
      version: 2,
      patient: person('Francesca', "Sant'Angelo", '1972-12-25', 'F', 'I726'),
      author: cardiologo,
      pathway: scompenso,
      from: '2025-10-01',
      days: 30,
      vitals: [
        {
          key: 'weight',
          label: 'Peso',
          unit: 'kg',
          spec: { times: ['07:30'], base: 63.4, noise: 0.4, decimals: 1 },
          zones: [{ level: 'orange', low: 66 }],
        },
        {
          key: 'systolic',
          label: 'Pressione sistolica',
          unit: 'mmHg',
          spec: { times: ['07:40'], base: 121, noise: 10, decimals: 0 },
        },
      ],
      notes:
        'Versione corretta: nella precedente mancavano le misurazioni del 30 e 31 ottobre, arrivate in ritardo dal dispositivo.',
    }),
    // One week, three readings, more arrived than planned.
    build({
      n: 10,
      patient: person('Giovanni', 'Núñez', '1961-11-11', 'M', 'Z131'),
      author: diabetologa,
      pathway: { name: 'Telemonitoraggio diabete tipo 2', version: '2.0.1' },
      from: '2025-07-07',
      days: 7,
      vitals: [
        {
          key: 'glucose',
          label: 'Glicemia',
          unit: 'mg/dL',
          spec: { times: ['07:00'], base: 150, noise: 40, decimals: 0, missed: 0.6 },
        },
      ],
      extraAdherence: [
        { label: 'Glicemie extra (a richiesta del paziente)', expected: 0, received: 2 },
      ],
    }),
    // Alerts that come from a questionnaire and a missed reading, not from a vital.
    build({
      n: 11,
      patient: person('Chiara', 'Ricci', '1990-01-31', 'F', 'A390'),
      author: pneumologa,
      pathway: bpco,
      from: '2025-11-01',
      days: 30,
      vitals: [
        {
          key: 'spo2',
          label: 'SpO2',
          unit: '%',
          spec: { times: ['08:00'], base: 96, noise: 1.5, decimals: 0, missed: 0.2 },
        },
      ],
      extraAlerts: [
        {
          at: '2025-11-09T10:15:00+01:00',
          level: 'yellow',
          message: 'Questionario CAT: punteggio 21 (impatto elevato)',
          status: 'acknowledged',
          acknowledgedBy: nurse,
          acknowledgedAt: '2025-11-09T11:02:00+01:00',
        },
        {
          at: '2025-11-20T21:00:00+01:00',
          level: 'orange',
          message: 'Nessuna misurazione da 3 giorni',
          status: 'resolved',
          acknowledgedBy: nurse2,
          acknowledgedAt: '2025-11-21T09:10:00+01:00',
        },
      ],
      extraAdherence: [{ label: 'Questionario CAT (settimanale)', expected: 4, received: 3 }],
    }),
  ];
}
