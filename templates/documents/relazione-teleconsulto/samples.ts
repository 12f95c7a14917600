import type { DocumentHeaderInput } from '../header.js';
import {
  addressIn,
  clinician,
  documentIds,
  oidRoots,
  organisations,
  patient,
  type OrganisationKey,
} from '../rsa/sample-fixtures.js';
import type { RelazioneTeleconsultoModelInput } from './model.js';

/**
 * Varied teleconsultation reports: one to three consultants, synchronous and asynchronous,
 * scheduled and estemporaneo, with and without NRE or request id, accented and apostrophed
 * names, omocodic and foreign-born patients, a replacement (version 2), minimal and very
 * long opinions. The national catalogue has no teleconsultation code: collaborative cases use
 * 89.07 (visita multidisciplinare), single-consultant ones the specialty's control visit.
 */

type Clinician = DocumentHeaderInput['author']['clinician'];
type Patient = DocumentHeaderInput['patient'];
type Input = RelazioneTeleconsultoModelInput;

interface HeaderSpec {
  org: OrganisationKey;
  code: string;
  version?: number;
  signedAt: string;
  patient: Patient;
  /** The consultant who writes and signs. */
  writer: Clinician;
  encounter: { extension: string; start: string; end?: string };
  nre?: { nre: string; priority: 'R' | 'P' | 'UR' | 'EM' };
  confidentiality?: 'N' | 'R' | 'V';
  dataEnterer?: { clinician: Clinician; time: string };
}

function header(s: HeaderSpec): DocumentHeaderInput {
  const org = organisations[s.org];
  return {
    ...documentIds(org.region, s.code, s.version),
    effectiveTime: s.signedAt,
    ...(s.confidentiality ? { confidentiality: s.confidentiality } : {}),
    patient: s.patient,
    author: { clinician: s.writer, time: s.signedAt },
    legalAuthenticator: { clinician: s.writer, time: s.signedAt },
    ...(s.dataEnterer ? { dataEnterer: s.dataEnterer } : {}),
    custodian: org.custodian,
    ...(s.nre ? { prescription: s.nre } : {}),
    encounter: {
      id: { root: oidRoots.encounters(org.region), extension: s.encounter.extension },
      start: s.encounter.start,
      ...(s.encounter.end ? { end: s.encounter.end } : {}),
      facility: org.facility,
      responsible: s.writer,
    },
  };
}

const sacco = {
  id: { root: oidRoots.hsp11, extension: '030913' },
  name: 'ASST Fatebenefratelli Sacco – Presidio Ospedaliero Luigi Sacco',
  phone: '02 3904 1',
  address: addressIn('milano', 'Via Giovanni Battista Grassi 74'),
};

const cardiologa = clinician({
  given: 'Beatrice',
  family: 'Valsecchi',
  sex: 'F',
  birthDate: '1974-02-14',
  born: 'milano',
  prefix: 'Dott.ssa',
  specialty: 'Cardiologia',
  phone: '02 3904 2615',
  email: 'beatrice.valsecchi@asst-fbf-sacco.example.it',
  address: addressIn('milano', 'Via Giovanni Battista Grassi 74'),
});

const nefrologo = clinician({
  given: 'Davide',
  family: "Sant'Elia",
  sex: 'M',
  birthDate: '1970-08-09',
  born: 'palermo',
  prefix: 'Dott.',
  specialty: 'Nefrologia',
  email: 'davide.santelia@asst-fbf-sacco.example.it',
  omocodia: 1,
});

const internistaRichiedente = clinician({
  given: 'Giacomo',
  family: 'Brambilla',
  sex: 'M',
  birthDate: '1981-11-23',
  born: 'milano',
  prefix: 'Dott.',
  specialty: 'Medicina interna',
  phone: '0362 984 111',
});

const mmgBologna = clinician({
  given: 'Francesca',
  family: 'Righi',
  sex: 'F',
  birthDate: '1968-04-01',
  born: 'bologna',
  prefix: 'Dott.ssa',
  phone: '051 433 210',
  address: addressIn('bologna', 'Via San Donato 88'),
});

const dermatologo = clinician({
  given: 'Niccolò',
  family: 'Degli Esposti',
  sex: 'M',
  birthDate: '1979-05-30',
  born: 'bologna',
  prefix: 'Dott.',
  specialty: 'Dermatologia',
  email: 'niccolo.degliesposti@ausl.bologna.example.it',
});

const neurologaHub = clinician({
  given: 'Elisa',
  family: 'Zanotti',
  sex: 'F',
  birthDate: '1982-10-17',
  born: 'bologna',
  prefix: 'Dott.ssa',
  specialty: 'Neurologia',
  phone: '051 622 5700',
});

const neuroradiologo = clinician({
  given: 'Mattia',
  family: 'Calò',
  sex: 'M',
  birthDate: '1976-07-03',
  born: 'lecce',
  prefix: 'Dott.',
  specialty: 'Neuroradiologia',
  phone: '051 622 5760',
});

const diabetologa = clinician({
  given: 'Irene',
  family: 'Mazzoleni',
  sex: 'F',
  birthDate: '1973-12-12',
  born: 'milano',
  prefix: 'Dott.ssa',
  specialty: 'Endocrinologia e malattie del metabolismo',
  phone: '02 3904 2450',
});

const oculista = clinician({
  given: 'Fabrizio',
  family: "D'Urso",
  sex: 'M',
  birthDate: '1965-01-21',
  born: 'napoli',
  prefix: 'Prof.',
  specialty: 'Oftalmologia',
  phone: '02 3904 2480',
});

const ospedaleDesio = {
  id: { root: oidRoots.hsp11, extension: '030118' },
  name: 'ASST Brianza – Ospedale di Desio',
  address: {
    street: 'Via Fiuggi 56',
    city: 'Desio',
    county: 'MB',
    postalCode: '20832',
    region: '030',
    country: '100',
  },
};

const ospedaleBentivoglio = {
  id: { root: oidRoots.hsp11, extension: '080910' },
  name: 'Ospedale di Bentivoglio – Pronto Soccorso',
  phone: '051 664 4111',
  address: {
    street: 'Via Marconi 35',
    city: 'Bentivoglio',
    county: 'BO',
    postalCode: '40010',
    region: '080',
    country: '100',
  },
};

const studioRighi = {
  name: 'Studio di Medicina Generale Righi – AFT Bologna Navile',
  address: addressIn('bologna', 'Via San Donato 88'),
};

const bellaria = {
  id: { root: oidRoots.hsp11, extension: '080905' },
  name: 'Ospedale Bellaria – IRCCS Istituto delle Scienze Neurologiche',
  phone: '051 622 5111',
  address: addressIn('bologna', 'Via Altura 3'),
};

const LONG_OPINION_NEFRO = `Ho esaminato la documentazione condivisa (lettere di dimissione degli ultimi due ricoveri, andamento di creatinina, elettroliti ed emocromo degli ultimi dodici mesi, ecografia renale di ottobre, terapia domiciliare aggiornata) e ho partecipato alla videoconferenza con il collega richiedente e con la collega cardiologa.

Il paziente presenta una malattia renale cronica verosimilmente su base nefroangiosclerotica e diabetica, con un filtrato stimato che nell'ultimo anno è passato da 38 a 27 mL/min/1,73 m², quindi in stadio 4. La riduzione non è lineare: i due cali più marcati coincidono con i ricoveri per scompenso cardiaco, durante i quali la terapia diuretica endovenosa ad alte dosi ha prodotto un peggioramento della funzione renale, in parte recuperato alla dimissione. Questo andamento orienta verso una componente emodinamica, cardio-renale, sovrapposta alla progressione della nefropatia di base, e non verso un danno renale acuto intrinseco. L'ecografia mostra reni di dimensioni ai limiti inferiori della norma (diametro longitudinale 9,6 e 9,8 cm), con assottigliamento corticale e aumento dell'ecogenicità, senza idronefrosi: un quadro coerente con una nefropatia cronica di lunga durata, che non giustifica ulteriori accertamenti morfologici in questa fase.

La potassiemia è oscillata tra 5,1 e 5,8 mmol/L dopo l'introduzione dello spironolattone a dosaggio pieno; il bicarbonato è 19 mmol/L, con acidosi metabolica lieve che contribuisce all'iperkaliemia. L'emoglobina è 10,4 g/dL con ferritina 62 ng/mL e saturazione della transferrina 14%: anemia della malattia renale cronica con carenza marziale funzionale, che peggiora la tolleranza allo sforzo e può contribuire ai ricoveri.

In accordo con la collega cardiologa propongo di non sospendere l'antagonista mineralcorticoide, il cui beneficio prognostico nello scompenso con frazione di eiezione ridotta è rilevante, ma di ridurlo a 25 mg a giorni alterni, di correggere l'acidosi con bicarbonato di sodio per os e di aggiungere un chelante del potassio, con controllo di potassiemia e creatinina a 7 e a 14 giorni. Il diuretico dell'ansa va titolato sul peso quotidiano, evitando le riduzioni automatiche di dose: un peso stabile vale più di una creatinina apparentemente migliore ottenuta a prezzo di una congestione persistente. Consiglio la correzione della carenza marziale con ferro carbossimaltosio endovenoso, da eseguire in regime ambulatoriale, e di rivalutare l'emoglobina a otto settimane prima di considerare un agente stimolante l'eritropoiesi.

Con un filtrato inferiore a 30 mL/min e una progressione nell'ultimo anno, il paziente va preso in carico dall'ambulatorio di nefrologia per la malattia renale cronica avanzata, dove saranno affrontati anche l'informazione sulle terapie sostitutive e la preservazione del patrimonio venoso dell'arto superiore non dominante. Nel frattempo vanno evitati i farmaci antinfiammatori non steroidei e i mezzi di contrasto iodati non indispensabili.`;

const cardiologyCase = (): Input => ({
  header: header({
    org: 'asstMilano',
    code: '030913.RTC.2025.000341',
    signedAt: '2025-03-20T17:30:00+01:00',
    patient: patient({
      given: 'Ambrogio',
      family: 'Crippa',
      sex: 'M',
      birthDate: '1947-03-06',
      born: 'milano',
      home: addressIn('milano', 'Via Padova 210'),
      phone: '02 2614 3310',
    }),
    writer: cardiologa,
    encounter: {
      extension: 'TC-2025-000341',
      start: '2025-03-20T15:00:00+01:00',
      end: '2025-03-20T15:45:00+01:00',
    },
  }),
  mode: 'sincrono',
  requester: {
    clinician: internistaRichiedente,
    organisation: ospedaleDesio,
    requestedAt: '2025-03-17T11:20:00+01:00',
    requestId: { root: '2.16.840.1.113883.2.9.2.30.4.7', extension: 'RTC-DESIO-2025-0192' },
  },
  consultants: [
    {
      clinician: cardiologa,
      organisation: sacco,
      time: '2025-03-20T15:40:00+01:00',
      opinion:
        "Scompenso cardiaco a frazione di eiezione ridotta (FE 30% all'ecocardiogramma di febbraio) in classe NYHA III, con due ricoveri negli ultimi sei mesi. La terapia è incompleta per l'assenza di un inibitore SGLT2, indicato anche per la protezione renale con filtrato superiore a 20 mL/min. Propongo di introdurre dapagliflozin 10 mg e di mantenere il betabloccante alla dose attuale.\n\nConcordo con il collega nefrologo sulla riduzione dello spironolattone e sulla correzione della carenza marziale, che nello scompenso migliora la capacità di esercizio e riduce i ricoveri.",
    },
    {
      clinician: nefrologo,
      organisation: sacco,
      time: '2025-03-20T17:10:00+01:00',
      opinion: LONG_OPINION_NEFRO,
    },
  ],
  quesito: {
    text: 'Paziente con scompenso cardiaco e malattia renale cronica ingravescente, iperkaliemia ricorrente in terapia con spironolattone: si chiede parere condiviso cardiologico e nefrologico sulla gestione della terapia.',
    code: { code: '428.0', display: 'Insufficienza cardiaca congestizia non specificata' },
  },
  clinicalSummary: {
    anamnesis:
      'Uomo di 78 anni, diabetico di tipo 2 da vent’anni, iperteso, cardiopatia ischemica con pregresso infarto anteriore (2016) trattato con angioplastica. Due ricoveri per scompenso cardiaco acuto (ottobre 2024 e febbraio 2025). Vive con la moglie, autonomo nelle attività di base.',
    problems: [
      {
        description: 'Scompenso cardiaco a frazione di eiezione ridotta',
        code: { code: '428.0', display: 'Insufficienza cardiaca congestizia non specificata' },
        onset: '2019-06-01',
        course: 'chronic',
      },
      {
        description: 'Malattia renale cronica stadio 4',
        code: { code: '585.4', display: 'Malattia renale cronica, stadio IV (grave)' },
        onset: '2021-01-01',
        course: 'chronic',
      },
      {
        description: 'Diabete mellito di tipo 2',
        code: {
          code: '250.00',
          display:
            'Diabete mellito tipo II senza menzione di complicazioni, non definito come non controllato',
        },
        onset: '2005-01-01',
        course: 'chronic',
      },
      {
        description: 'Iperkaliemia ricorrente',
        code: { code: '276.7', display: 'Iperpotassiemia' },
        onset: '2024-11-15',
        course: 'acute',
      },
    ],
    allergies: { text: 'Nessuna allergia nota.' },
    currentTherapy: {
      items: [
        {
          description: 'Furosemide 25 mg compresse (Lasix)',
          aic: { code: '023993013', display: 'LASIX*25MG 30 CPR' },
          atc: { code: 'C03CA01', display: 'Furosemide' },
          dosage: '2 compresse al mattino e 1 a pranzo',
        },
        {
          description: 'Spironolattone 25 mg compresse',
          atc: { code: 'C03DA01', display: 'Spironolattone' },
          dosage: '2 compresse al giorno',
        },
        {
          description: 'Bisoprololo 2,5 mg compresse',
          atc: { code: 'C07AB07', display: 'Bisoprololo' },
          dosage: '1 compressa al mattino',
        },
      ],
    },
  },
  previousExams: {
    items: [
      {
        description: 'Ecocardiogramma transtoracico',
        date: '2025-02-11',
        outcome:
          'Ventricolo sinistro dilatato, acinesia anteriore, FE 30%; insufficienza mitralica moderata.',
        code: { system: 'icd9cm', code: '88.72', display: 'Diagnostica ecografica del cuore' },
      },
      {
        description: 'Creatinina sierica',
        date: '2025-03-10',
        outcome: '2,31 mg/dL (eGFR 27 mL/min/1,73 m²)',
        code: {
          system: 'loinc',
          code: '2160-0',
          display: 'Creatinine [Mass/volume] in Serum or Plasma',
        },
      },
      {
        description: 'Potassio sierico',
        date: '2025-03-10',
        outcome: '5,7 mmol/L',
        code: {
          system: 'loinc',
          code: '2823-3',
          display: 'Potassium [Moles/volume] in Serum or Plasma',
        },
      },
    ],
  },
  services: [
    {
      code: '89.07',
      display: 'Visita multidisciplinare',
      time: '2025-03-20T15:00:00+01:00',
      branca: { code: '02', display: 'Cardiologia' },
      disciplina: { code: '08', display: 'Cardiologia' },
      note: 'Teleconsulto collaborativo cardiologico e nefrologico in videoconferenza con il medico richiedente.',
    },
  ],
  diagnoses: [
    { code: '428.0', display: 'Insufficienza cardiaca congestizia non specificata' },
    { code: '585.4', display: 'Malattia renale cronica, stadio IV (grave)' },
    {
      code: '276.7',
      display: 'Iperpotassiemia',
      note: 'Da antagonista mineralcorticoide e acidosi',
    },
    { code: '285.21', display: 'Anemia in malattia renale cronica' },
  ],
  conclusions:
    'Scompenso cardiaco a FE ridotta con sindrome cardio-renale e iperkaliemia. Si concorda: introduzione di dapagliflozin, riduzione dello spironolattone, correzione di acidosi e carenza marziale, presa in carico nefrologica per malattia renale cronica avanzata.',
  suggestions:
    'Controllo di creatinina e potassio a 7 e 14 giorni dalle modifiche; peso quotidiano con diario; evitare FANS.',
  recommendedTests: [
    {
      description: 'Creatinina, elettroliti ed emogasanalisi venosa',
      when: 'A 7 e 14 giorni',
    },
    {
      description: 'Visita nefrologica di controllo (ambulatorio MRC avanzata)',
      service: { code: '89.01.B', display: 'Visita nefrologica di controllo' },
      when: 'Entro 1 mese',
    },
  ],
  recommendedTherapy: {
    text: 'Proseguire bisoprololo. Spironolattone ridotto a 25 mg a giorni alterni.',
    items: [
      {
        description: 'Furosemide 25 mg compresse (Lasix)',
        aic: { code: '023993013', display: 'LASIX*25MG 30 CPR' },
        atc: { code: 'C03CA01', display: 'Furosemide' },
        dosage: '2 compresse al mattino e 1 a pranzo, da adeguare al peso',
        start: '2025-03-21',
        packages: 2,
      },
      {
        description: 'Dapagliflozin 10 mg compresse',
        atc: { code: 'A10BK01', display: 'Dapagliflozin' },
        dosage: '1 compressa al mattino',
        everyHours: 24,
        start: '2025-03-21',
      },
    ],
  },
});

const dermatologyCase = (): Input => ({
  header: header({
    org: 'aslBologna',
    code: '080105.RTC.2025.001208',
    signedAt: '2025-05-06T12:15:00+02:00',
    patient: patient({
      given: 'Lucrezia',
      family: "Dall'Olio",
      sex: 'F',
      birthDate: '1958-09-25',
      born: 'bologna',
      home: addressIn('bologna', 'Via Mascarella 40'),
    }),
    writer: dermatologo,
    encounter: { extension: 'TC-2025-001208', start: '2025-05-06T11:30:00+02:00' },
  }),
  mode: 'asincrono',
  access: 'DIR',
  requester: {
    clinician: mmgBologna,
    organisation: studioRighi,
    requestedAt: '2025-05-02T09:40:00+02:00',
  },
  consultants: [
    {
      clinician: dermatologo,
      organisation: bellaria,
      time: '2025-05-06T12:00:00+02:00',
      opinion:
        'Dalle fotografie cliniche e dermatoscopiche inviate: lesione di 9 mm della guancia sinistra, asimmetrica, con reticolo atipico e aree di regressione. Il quadro è sospetto per lentigo maligna e richiede una valutazione in presenza con biopsia incisionale.',
    },
  ],
  serviceProvider: { id: { root: oidRoots.hsp11, extension: '080905' } },
  quesito: {
    text: 'Lesione pigmentata del volto modificata negli ultimi mesi: è necessaria una visita?',
  },
  clinicalSummary: {
    anamnesis:
      'Fototipo II, numerose ustioni solari in età giovanile. Nessuna storia personale di neoplasie cutanee. La paziente riferisce allargamento della lesione da circa sei mesi.',
  },
  services: [
    {
      code: '89.01.7',
      display: 'Visita dermatologica/allergologica di controllo',
      time: '2025-05-06T11:30:00+02:00',
      branca: { code: '06', display: 'Dermosifilopatia' },
      disciplina: { code: '52', display: 'Dermatologia' },
    },
  ],
  conclusions:
    'Lesione sospetta per lentigo maligna: visita dermatologica con biopsia con priorità breve (entro 10 giorni).',
});

const LONG_STROKE_OPINION = `Valutazione in videoconferenza alle 02:20 con il medico di Pronto Soccorso e con il paziente. Donna di 74 anni, destrimane, trovata dal marito alle 01:35 con difficoltà a parlare e debolezza dell'arto superiore destro; ultima volta vista in benessere alle 00:50, al momento di coricarsi. All'esame in telecamera: afasia mista prevalentemente motoria, paresi facciale centrale destra, emiparesi destra con arto superiore che cade prima dei dieci secondi, arto inferiore che mantiene la posizione con slivellamento; NIHSS 9. Pressione arteriosa 172/94 mmHg, glicemia capillare 136 mg/dL, ritmo sinusale al monitor. Nessuna terapia anticoagulante, nessun intervento chirurgico recente, nessuna emorragia nota.

La TC dell'encefalo senza contrasto, trasmessa alle 02:31, non mostra emorragie; ASPECTS 9 per sfumata ipodensità della corteccia insulare sinistra. L'angio-TC documenta l'occlusione del tratto M1 distale dell'arteria cerebrale media sinistra, con buon circolo collaterale.

Ritengo indicata la trombolisi endovenosa con tenecteplase, non essendovi controindicazioni e trovandoci entro 4 ore e mezza dall'ultima volta in cui la paziente è stata vista in benessere, e il contestuale trasferimento al nostro centro per trombectomia meccanica. La pressione va mantenuta sotto 180/105 mmHg prima e nelle 24 ore successive al trattamento; consiglio labetalolo endovenoso in boli se superiore. Il trasferimento va attivato senza attendere la fine dell'infusione, con monitoraggio neurologico ogni 15 minuti durante il trasporto. In caso di peggioramento neurologico, cefalea improvvisa, vomito o rialzo pressorio non controllato l'infusione va sospesa e il centro contattato.`;

const strokeCase = (version = 1): Input => ({
  header: header({
    org: 'aslBologna',
    code: '080105.RTC.2025.002714',
    version,
    signedAt: version === 1 ? '2025-11-09T03:40:00+01:00' : '2025-11-09T10:05:00+01:00',
    patient: patient({
      given: 'Graziella',
      family: 'Bonfiglioli',
      sex: 'F',
      birthDate: '1951-06-30',
      born: 'bologna',
      omocodia: 2,
      home: addressIn('bologna', 'Via Saliceto 5'),
    }),
    writer: neurologaHub,
    encounter: {
      extension: 'TC-2025-002714',
      start: '2025-11-09T02:20:00+01:00',
      end: '2025-11-09T02:55:00+01:00',
    },
  }),
  mode: 'sincrono',
  access: 'DIR',
  requester: {
    clinician: clinician({
      given: 'Raffaele',
      family: 'Amodio',
      sex: 'M',
      birthDate: '1986-02-02',
      born: 'napoli',
      prefix: 'Dott.',
      specialty: 'Medicina d’emergenza-urgenza',
      phone: '051 664 4200',
    }),
    organisation: ospedaleBentivoglio,
    requestedAt: '2025-11-09T02:12:00+01:00',
  },
  consultants: [
    {
      clinician: neurologaHub,
      organisation: bellaria,
      time: '2025-11-09T02:50:00+01:00',
      opinion: LONG_STROKE_OPINION,
    },
    {
      clinician: neuroradiologo,
      organisation: bellaria,
      time: '2025-11-09T02:40:00+01:00',
      opinion:
        'TC senza contrasto: non emorragie, ASPECTS 9. Angio-TC: occlusione M1 distale sinistra, collaterali di grado 2 secondo Tan. Paziente candidabile a trombectomia meccanica; sala angiografica allertata.',
    },
  ],
  serviceProvider: { id: { root: oidRoots.hsp11, extension: '080905' } },
  quesito: {
    text: 'Sospetto ictus ischemico acuto con afasia ed emiparesi destra: indicazione a trombolisi e trombectomia?',
    code: {
      code: '434.91',
      display: 'Occlusione di arteria cerebrale non specificata con infarto cerebrale',
    },
  },
  clinicalSummary: {
    anamnesis:
      'Ipertensione arteriosa in terapia. Nessun evento cerebrovascolare precedente. Autonoma (mRS 0).',
    problems: [
      {
        description: 'Ipertensione arteriosa',
        code: { code: '401.9', display: 'Ipertensione essenziale non specificata' },
        course: 'chronic',
      },
    ],
  },
  physicalExam:
    'NIHSS 9: afasia mista (2), paresi facciale (2), arto superiore destro (3), arto inferiore destro (1), sensibilità (1).',
  services: [
    {
      code: '89.07',
      display: 'Visita multidisciplinare',
      time: '2025-11-09T02:20:00+01:00',
      branca: { code: '15', display: 'Neurologia' },
      disciplina: { code: '32', display: 'Neurologia' },
    },
  ],
  diagnoses: [
    {
      code: '434.91',
      display: 'Occlusione di arteria cerebrale non specificata con infarto cerebrale',
      note: 'Occlusione M1 distale sinistra',
    },
    { code: '401.9', display: 'Ipertensione essenziale non specificata' },
  ],
  conclusions:
    version === 1
      ? 'Ictus ischemico acuto da occlusione M1 sinistra: trombolisi endovenosa e trasferimento al centro hub per trombectomia.'
      : 'Ictus ischemico acuto da occlusione M1 sinistra: trombolisi endovenosa e trasferimento al centro hub per trombectomia. Integrazione: orario di esordio corretto (ultima volta vista in benessere alle 00:50).',
  suggestions: 'Pressione arteriosa sotto 180/105 mmHg; monitoraggio neurologico ogni 15 minuti.',
});

export function relazioneTeleconsultoSamples(): Input[] {
  const samples: Input[] = [
    // 1. Collaborative cardiology + nephrology, synchronous, very long opinion, AIC entries.
    cardiologyCase(),

    // 2. Asynchronous teledermatology on photos: one consultant, minimal sections, no codes.
    dermatologyCase(),

    // 3. Telestroke, estemporaneo (DIR), two hub consultants, omocodic patient.
    strokeCase(),

    // 4. The same telestroke report, version 2 replacing version 1.
    strokeCase(2),

    // 5. Diabetology + ophthalmology on retinopathy, dataEnterer, NRE with urgent priority.
    {
      header: header({
        org: 'asstMilano',
        code: '030913.RTC.2025.000512',
        signedAt: '2025-04-15T18:20:00+02:00',
        patient: patient({
          given: 'Ludovica',
          family: 'Ferrarò',
          sex: 'F',
          birthDate: '1969-12-24',
          born: 'torino',
          home: addressIn('milano', 'Viale Monza 77'),
          email: 'ludovica.ferraro@example.it',
        }),
        writer: diabetologa,
        nre: { nre: '0300A8009988776', priority: 'UR' },
        encounter: { extension: 'TC-2025-000512', start: '2025-04-15T17:00:00+02:00' },
        dataEnterer: {
          clinician: clinician({
            given: 'Sara',
            family: 'Locatelli',
            sex: 'F',
            birthDate: '1990-03-15',
            born: 'milano',
            prefix: 'Inf.',
          }),
          time: '2025-04-15T16:40:00+02:00',
        },
      }),
      mode: 'sincrono',
      requester: {
        clinician: internistaRichiedente,
        organisation: ospedaleDesio,
        requestedAt: '2025-04-10T10:00:00+02:00',
      },
      consultants: [
        {
          clinician: diabetologa,
          organisation: sacco,
          time: '2025-04-15T17:50:00+02:00',
          opinion:
            "Diabete tipo 2 in scarso compenso (HbA1c 9,1%) nonostante metformina a dose piena. Con retinopatia proliferante attiva è prudente evitare riduzioni troppo rapide della glicemia: propongo l'introduzione di insulina basale con titolazione graduale, obiettivo HbA1c 7,5% in sei mesi.",
        },
        {
          clinician: oculista,
          organisation: sacco,
          time: '2025-04-15T18:05:00+02:00',
          opinion:
            "Le retinografie mostrano neovasi sul disco ottico dell'occhio destro ed emorragie preretiniche: retinopatia diabetica proliferante ad alto rischio, con indicazione a panfotocoagulazione laser da avviare entro due settimane.",
        },
      ],
      quesito: {
        text: 'Peggioramento del visus in diabetica con scarso compenso glicemico.',
        code: { code: '362.02', display: 'Retinopatia diabetica proliferante' },
      },
      clinicalSummary: {
        anamnesis: 'Diabete mellito tipo 2 noto da 12 anni, ipertensione arteriosa, dislipidemia.',
        problems: [
          {
            description: 'Diabete mellito tipo 2 con complicanze oculari',
            code: {
              code: '250.50',
              display:
                'Diabete con complicanze oculari, tipo II o non specificato, non definito come non controllato',
            },
            onset: '2013-01-01',
            course: 'chronic',
          },
        ],
        currentTherapy: {
          text: 'Metformina 1000 mg due volte al giorno, ramipril 5 mg.',
        },
      },
      previousExams: {
        items: [
          {
            description: 'Emoglobina glicata',
            date: '2025-03-28',
            outcome: '9,1% (76 mmol/mol)',
            code: {
              system: 'loinc',
              code: '4548-4',
              display: 'Hemoglobin A1c/Hemoglobin.total in Blood',
            },
          },
          {
            description: 'Retinografia',
            date: '2025-04-08',
            outcome:
              'Neovasi papillari in OD, emorragie preretiniche; OS retinopatia non proliferante moderata.',
          },
        ],
      },
      services: [
        {
          code: '89.07',
          display: 'Visita multidisciplinare',
          time: '2025-04-15T17:00:00+02:00',
          branca: { code: '09', display: 'Endocrinologia' },
          disciplina: {
            code: '19',
            display: 'Malattie endocrine, del ricambio e della nutrizione',
          },
        },
        {
          code: '89.01.D',
          display: 'Visita oculistica di controllo',
          time: '2025-04-15T17:30:00+02:00',
          branca: { code: '16', display: 'Oculistica' },
          disciplina: { code: '34', display: 'Oculistica' },
        },
      ],
      diagnoses: [
        { code: '362.02', display: 'Retinopatia diabetica proliferante' },
        {
          code: '250.50',
          display:
            'Diabete con complicanze oculari, tipo II o non specificato, non definito come non controllato',
        },
      ],
      conclusions:
        'Retinopatia diabetica proliferante ad alto rischio in diabete scompensato: panfotocoagulazione laser entro due settimane e introduzione graduale di insulina basale.',
      recommendedTests: [
        {
          description: 'Panfotocoagulazione laser OD',
          service: { code: '14.24', display: 'Fotocoagulazione panretinica' },
          when: 'Entro 2 settimane',
        },
        {
          description: 'Visita diabetologica di controllo',
          service: { code: '89.01.8', display: 'Visita endocrinologica di controllo' },
          when: 'Tra 3 mesi',
        },
      ],
      recommendedTherapy: {
        items: [
          {
            description: 'Insulina glargine 100 U/mL penna preriempita',
            atc: { code: 'A10AE04', display: 'Insulina glargine' },
            dosage:
              '10 unità alle 22, aumentare di 2 unità ogni 3 giorni fino a glicemia a digiuno < 130 mg/dL',
            everyHours: 24,
            start: '2025-04-16',
          },
        ],
      },
    },
  ];
  return [...samples, ...moreSamples()];
}

function moreSamples(): Input[] {
  const pneumologo = clinician({
    given: 'Ottavio',
    family: 'Lombardi',
    sex: 'M',
    birthDate: '1963-03-03',
    born: 'milano',
    prefix: 'Dott.',
    specialty: 'Pneumologia',
    phone: '02 3904 2290',
  });
  const oncologa = clinician({
    given: 'Caterina',
    family: "D'Amico",
    sex: 'F',
    birthDate: '1975-09-09',
    born: 'palermo',
    prefix: 'Dott.ssa',
    specialty: 'Oncologia',
    phone: '02 3904 2700',
  });
  const radioterapista = clinician({
    given: 'Emanuele',
    family: 'Foà',
    sex: 'M',
    birthDate: '1971-04-18',
    born: 'torino',
    prefix: 'Dott.',
    specialty: 'Radioterapia',
    phone: '02 3904 2710',
  });
  const chirurgo = clinician({
    given: 'Serena',
    family: 'Marchetti',
    sex: 'F',
    birthDate: '1978-11-11',
    born: 'perugia',
    prefix: 'Dott.ssa',
    specialty: 'Chirurgia toracica',
    phone: '02 3904 2730',
  });
  const pediatra = clinician({
    given: 'Agnese',
    family: 'Orlandi',
    sex: 'F',
    birthDate: '1977-02-27',
    born: 'firenze',
    prefix: 'Dott.ssa',
    phone: '051 420 990',
  });
  const cardiologoPediatra = clinician({
    given: 'Jacopo',
    family: 'Tedeschi',
    sex: 'M',
    birthDate: '1980-12-01',
    born: 'bologna',
    prefix: 'Dott.',
    specialty: 'Cardiologia pediatrica',
    phone: '051 622 5880',
  });
  const infettivologo = clinician({
    given: 'Stefano',
    family: 'Galli',
    sex: 'M',
    birthDate: '1972-05-05',
    born: 'milano',
    prefix: 'Prof.',
    specialty: 'Malattie infettive',
    email: 'stefano.galli@asst-fbf-sacco.example.it',
  });
  const geriatra = clinician({
    given: 'Mirella',
    family: 'Nicolò',
    sex: 'F',
    birthDate: '1969-07-19',
    born: 'palermo',
    prefix: 'Dott.ssa',
    specialty: 'Geriatria',
    phone: '051 622 5990',
  });

  return [
    // 6. Pneumology with a supporting technician (SPRF), spirometry shared.
    {
      header: header({
        org: 'asstMilano',
        code: '030913.RTC.2025.000610',
        signedAt: '2025-06-05T12:40:00+02:00',
        patient: patient({
          given: 'Ercole',
          family: 'Viganò',
          sex: 'M',
          birthDate: '1950-10-10',
          born: 'milano',
          home: addressIn('milano', 'Via Novara 301'),
        }),
        writer: pneumologo,
        encounter: { extension: 'TC-2025-000610', start: '2025-06-05T11:30:00+02:00' },
      }),
      mode: 'sincrono',
      requester: {
        clinician: internistaRichiedente,
        organisation: ospedaleDesio,
        requestedAt: '2025-06-03T08:30:00+02:00',
        requestId: { root: '2.16.840.1.113883.2.9.2.30.4.7', extension: 'RTC-DESIO-2025-0388' },
      },
      consultants: [
        {
          clinician: pneumologo,
          organisation: sacco,
          time: '2025-06-05T12:30:00+02:00',
          opinion:
            'La spirometria eseguita durante il collegamento conferma un deficit ostruttivo moderato (FEV1 58%) con risposta significativa al broncodilatatore (+14%, +220 mL). Il quadro è compatibile con asma tardiva più che con BPCO: indico corticosteroide inalatorio associato a broncodilatatore a lunga durata d’azione.',
        },
      ],
      supportingParticipants: [
        {
          clinician: clinician({
            given: 'Paolo',
            family: 'Re',
            sex: 'M',
            birthDate: '1985-01-09',
            born: 'milano',
            prefix: 'Dott.',
          }),
          organisation: ospedaleDesio,
          role: 'Tecnico di fisiopatologia cardiocircolatoria e respiratoria',
        },
      ],
      quesito: { text: 'Dispnea e tosse notturna in non fumatore: asma o BPCO?' },
      clinicalSummary: {
        anamnesis: 'Mai fumatore. Rinite allergica stagionale. Tosse notturna da un anno.',
        allergies: {
          items: [
            {
              description: 'Allergia ai pollini di graminacee (rinocongiuntivite)',
              type: 'EALG',
              since: '1990-04-01',
            },
          ],
        },
      },
      services: [
        {
          code: '89.01.L',
          display: 'Visita pneumologica di controllo',
          time: '2025-06-05T11:30:00+02:00',
          branca: { code: '22', display: 'Pneumologia' },
          disciplina: { code: '68', display: 'Pneumologia' },
        },
        {
          code: '89.37.1',
          display: 'Spirometria semplice',
          time: '2025-06-05T11:45:00+02:00',
          branca: { code: '22', display: 'Pneumologia' },
          disciplina: { code: '68', display: 'Pneumologia' },
          note: 'Eseguita dal tecnico presso la struttura richiedente, in collegamento.',
        },
      ],
      diagnoses: [
        { code: '493.90', display: 'Asma non specificata, senza menzione di stato asmatico' },
      ],
      conclusions: 'Asma bronchiale a esordio tardivo; avviata terapia inalatoria di mantenimento.',
      recommendedTherapy: {
        items: [
          {
            description: 'Budesonide/formoterolo 160/4,5 microgrammi polvere per inalazione',
            atc: { code: 'R03AK07', display: 'Formoterolo e budesonide' },
            dosage: '1 inalazione due volte al giorno',
            everyHours: 12,
            start: '2025-06-06',
          },
        ],
      },
    },

    // 7. Multidisciplinary oncology board with three consultants, several diagnoses.
    {
      header: header({
        org: 'asstMilano',
        code: '030913.RTC.2025.000977',
        signedAt: '2025-09-24T19:00:00+02:00',
        confidentiality: 'R',
        patient: patient({
          given: 'Vittoria',
          family: 'Lo Presti',
          sex: 'F',
          birthDate: '1956-01-14',
          born: 'palermo',
          home: addressIn('milano', 'Via Lorenteggio 190'),
        }),
        writer: oncologa,
        encounter: {
          extension: 'TC-2025-000977',
          start: '2025-09-24T16:00:00+02:00',
          end: '2025-09-24T17:15:00+02:00',
        },
      }),
      mode: 'sincrono',
      requester: {
        clinician: pneumologo,
        organisation: sacco,
        requestedAt: '2025-09-15T12:00:00+02:00',
      },
      consultants: [
        {
          clinician: oncologa,
          organisation: sacco,
          time: '2025-09-24T17:00:00+02:00',
          opinion:
            'Adenocarcinoma polmonare del lobo superiore destro, cT2aN0M0 (stadio IB) dopo PET-TC negativa per localizzazioni a distanza. EGFR e ALK in corso. Indicazione chirurgica prioritaria; terapia adiuvante da definire sulla stadiazione patologica e sul profilo molecolare.',
        },
        {
          clinician: chirurgo,
          organisation: sacco,
          time: '2025-09-24T17:05:00+02:00',
          opinion:
            'Funzionalità respiratoria adeguata (FEV1 82%, DLCO 74%): paziente candidabile a lobectomia superiore destra videotoracoscopica con linfoadenectomia ilo-mediastinica.',
        },
        {
          clinician: radioterapista,
          organisation: sacco,
          time: '2025-09-24T17:10:00+02:00',
          opinion:
            'La radioterapia stereotassica resta l’alternativa in caso di rifiuto o controindicazione all’intervento; al momento non indicata.',
        },
      ],
      quesito: {
        text: 'Definizione del percorso terapeutico per nodulo polmonare con istologia di adenocarcinoma.',
        code: { code: '162.3', display: 'Tumori maligni del lobo superiore, bronchi o polmone' },
      },
      clinicalSummary: {
        anamnesis:
          'Ex fumatrice (30 pack-years, ha smesso nel 2015). BPCO lieve. Ipotiroidismo in terapia sostitutiva.',
        problems: [
          {
            description: 'Ipotiroidismo',
            code: { code: '244.9', display: 'Ipotiroidismo non specificato' },
            onset: '2010-05-01',
            course: 'chronic',
          },
          {
            description: 'BPCO lieve',
            code: {
              code: '496',
              display: 'Ostruzioni croniche delle vie respiratorie, non classificate altrove',
            },
            course: 'chronic',
          },
        ],
        currentTherapy: {
          items: [
            {
              description: 'Levotiroxina 75 microgrammi compresse',
              atc: { code: 'H03AA01', display: 'Levotiroxina sodica' },
              dosage: '1 compressa al mattino a digiuno',
            },
          ],
        },
      },
      previousExams: {
        items: [
          {
            description: 'PET-TC con FDG',
            date: '2025-09-05',
            outcome:
              'Nodulo di 32 mm del lobo superiore destro ipercaptante (SUVmax 8,4); non altre captazioni patologiche.',
          },
          {
            description: 'Biopsia TC-guidata',
            date: '2025-08-28',
            outcome: 'Adenocarcinoma a pattern acinare, TTF-1 positivo.',
          },
        ],
      },
      services: [
        {
          code: '89.07',
          display: 'Visita multidisciplinare',
          time: '2025-09-24T16:00:00+02:00',
          branca: { code: '18', display: 'Oncologia' },
          disciplina: { code: '64', display: 'Oncologia' },
        },
      ],
      diagnoses: [
        { code: '162.3', display: 'Tumori maligni del lobo superiore, bronchi o polmone' },
        {
          code: '496',
          display: 'Ostruzioni croniche delle vie respiratorie, non classificate altrove',
        },
        { code: '244.9', display: 'Ipotiroidismo non specificato' },
      ],
      conclusions:
        'Adenocarcinoma polmonare stadio IB: lobectomia superiore destra videotoracoscopica; discussione post-operatoria per terapia adiuvante.',
      recommendedTests: [
        {
          description: 'Visita anestesiologica preoperatoria',
          service: { code: '89.7A.1', display: 'Prima visita anestesiologica/algologica' },
        },
      ],
    },

    // 8. Paediatric cardiology: child patient, asynchronous on the ECG and echo images.
    {
      header: header({
        org: 'aslBologna',
        code: '080105.RTC.2025.003001',
        signedAt: '2025-12-15T10:30:00+01:00',
        patient: patient({
          given: 'Leonardo',
          family: 'Guidetti',
          sex: 'M',
          birthDate: '2018-08-08',
          born: 'bologna',
          home: addressIn('bologna', 'Via Emilia Levante 14'),
        }),
        writer: cardiologoPediatra,
        encounter: { extension: 'TC-2025-003001', start: '2025-12-15T09:00:00+01:00' },
      }),
      mode: 'asincrono',
      requester: {
        clinician: pediatra,
        organisation: {
          name: 'Pediatria di libera scelta – Casa della Comunità Navile',
          address: addressIn('bologna', 'Via Svampa 8'),
        },
        requestedAt: '2025-12-11T16:00:00+01:00',
      },
      consultants: [
        {
          clinician: cardiologoPediatra,
          organisation: bellaria,
          time: '2025-12-15T10:20:00+01:00',
          opinion:
            'ECG e registrazione fonocardiografica compatibili con soffio innocente (soffio di Still). Non necessari ulteriori accertamenti in assenza di sintomi.',
        },
      ],
      serviceProvider: { id: { root: oidRoots.hsp11, extension: '080905' } },
      quesito: {
        text: 'Soffio sistolico riscontrato al bilancio di salute dei 7 anni.',
        code: { code: '785.2', display: 'Soffi cardiaci non diagnosticati' },
      },
      clinicalSummary: {
        anamnesis:
          'Bambino in buona salute, accrescimento regolare, attività sportiva senza sintomi.',
      },
      services: [
        {
          code: '89.01.3',
          display: 'Visita cardiologica di controllo',
          time: '2025-12-15T09:00:00+01:00',
          branca: { code: '02', display: 'Cardiologia' },
          disciplina: { code: '08', display: 'Cardiologia' },
        },
      ],
      conclusions: 'Soffio innocente. Idoneo all’attività sportiva non agonistica.',
    },

    // 9. Foreign-born patient (Morocco) with birthplace stated; infectious diseases.
    {
      header: header({
        org: 'asstMilano',
        code: '030913.RTC.2025.001120',
        signedAt: '2025-10-02T13:10:00+02:00',
        confidentiality: 'V',
        patient: patient({
          given: 'Youssef',
          family: 'El Amrani',
          sex: 'M',
          birthDate: '1990-02-17',
          born: { foreign: 'Z330' },
          bornAbroad: { country: '436', city: 'Casablanca' },
          home: addressIn('milano', 'Via Imbonati 12'),
        }),
        writer: infettivologo,
        encounter: { extension: 'TC-2025-001120', start: '2025-10-02T12:30:00+02:00' },
      }),
      mode: 'asincrono',
      requester: {
        clinician: internistaRichiedente,
        organisation: ospedaleDesio,
        requestedAt: '2025-09-30T15:00:00+02:00',
      },
      consultants: [
        {
          clinician: infettivologo,
          organisation: sacco,
          time: '2025-10-02T13:00:00+02:00',
          opinion:
            'Test IGRA positivo con radiografia del torace negativa e assenza di sintomi: infezione tubercolare latente. Indicata terapia preventiva con isoniazide per sei mesi, previo controllo della funzione epatica.',
        },
      ],
      quesito: { text: 'Test IGRA positivo a screening pre-assunzione: come procedere?' },
      clinicalSummary: { anamnesis: 'In Italia dal 2012. Nessuna patologia nota. Asintomatico.' },
      services: [
        {
          code: '89.01',
          display: 'Visita di controllo',
          time: '2025-10-02T12:30:00+02:00',
          branca: { code: '26', display: 'Altro' },
          disciplina: { code: '24', display: 'Malattie infettive e tropicali' },
        },
      ],
      diagnoses: [
        {
          code: '795.5',
          display:
            'Reazione non specifica al test cutaneo alla tubercolina senza tubercolosi attiva',
        },
      ],
      conclusions:
        'Infezione tubercolare latente: terapia con isoniazide per 6 mesi con controlli mensili.',
      recommendedTherapy: {
        items: [
          {
            description: 'Isoniazide 200 mg compresse',
            atc: { code: 'J04AC01', display: 'Isoniazide' },
            dosage: '300 mg al giorno a digiuno',
            everyHours: 24,
            start: '2025-10-06',
            end: '2026-04-05',
          },
        ],
      },
    },

    // 10. Geriatrics, scheduled, NRE with routine priority, inactive history, no diagnoses.
    {
      header: header({
        org: 'aslBologna',
        code: '080105.RTC.2025.003150',
        signedAt: '2025-12-19T16:00:00+01:00',
        patient: patient({
          given: 'Nazzareno',
          family: 'Pò',
          sex: 'M',
          birthDate: '1936-12-08',
          born: 'perugia',
          home: addressIn('bologna', 'Via della Beverara 99'),
        }),
        writer: geriatra,
        nre: { nre: '0800A5123456789', priority: 'R' },
        encounter: { extension: 'TC-2025-003150', start: '2025-12-19T15:00:00+01:00' },
      }),
      mode: 'sincrono',
      requester: {
        clinician: mmgBologna,
        organisation: studioRighi,
        requestedAt: '2025-12-12T09:00:00+01:00',
      },
      consultants: [
        {
          clinician: geriatra,
          organisation: bellaria,
          time: '2025-12-19T15:50:00+01:00',
          opinion:
            'Declino cognitivo lieve-moderato (MMSE 21/30 somministrato in videochiamata con il supporto della figlia) con cadute ripetute. La politerapia include due farmaci ad azione anticolinergica e una benzodiazepina a lunga emivita che vanno sospesi gradualmente.',
        },
      ],
      serviceProvider: { id: { root: oidRoots.hsp11, extension: '080905' } },
      quesito: { text: 'Cadute ripetute e disturbi di memoria in anziano con politerapia.' },
      clinicalSummary: {
        anamnesis: 'Vedovo, vive con la figlia. Tre cadute negli ultimi sei mesi.',
        problems: [
          {
            description: 'Frattura di polso sinistro dopo caduta',
            code: {
              code: '813.42',
              display: "Altre fratture dell'estremità distale del radio (da sola), chiuse",
            },
            onset: '2025-07-02',
            resolved: '2025-09-15',
            status: 'inactive',
          },
        ],
      },
      services: [
        {
          code: '89.01',
          display: 'Visita di controllo',
          time: '2025-12-19T15:00:00+01:00',
          branca: { code: '26', display: 'Altro' },
          disciplina: { code: '21', display: 'Geriatria' },
        },
      ],
      conclusions:
        'Deprescrizione graduale di benzodiazepina e anticolinergici; valutazione cognitiva completa in presenza.',
      suggestions:
        'Ridurre il lorazepam di un quarto di dose ogni due settimane; sospendere ossibutinina e idroxizina.',
      recommendedTests: [
        {
          description: 'Valutazione neuropsicologica completa',
          when: 'Entro 2 mesi',
        },
      ],
    },
  ];
}
