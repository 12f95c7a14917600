import {
  aslRoma1,
  clinicians,
  ospedaleSantoSpirito,
  patients,
  SAMPLE_PNG,
  sampleRoots,
  telemedicineCentre,
} from '../../cda/sample-people.js';
import type { DocumentHeaderInput } from '../header.js';
import type { RelazioneTeleassistenzaInput, TeleassistanceActivity } from './model.js';

/**
 * Varied final teleassistance reports: nursing, physiotherapy, education, caregiver support;
 * goals met, partly met, not met, interrupted; with and without NRE; a replacement; minimal
 * and long texts; accented and apostrophed names; omocodic codici fiscali.
 */

type Clinician = DocumentHeaderInput['author']['clinician'];

/** Europe/Rome offset of a date in the samples' years (DST from the last Sunday of March). */
function offsetOf(date: string): string {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const lastSunday = (month: number) => {
    const last = new Date(Date.UTC(y, month, 0));
    return last.getUTCDate() - last.getUTCDay();
  };
  const summer =
    (mo > 3 && mo < 10) || (mo === 3 && d >= lastSunday(3)) || (mo === 10 && d < lastSunday(10));
  return summer ? '+02:00' : '+01:00';
}

const at = (date: string, time: string) => `${date}T${time}:00${offsetOf(date)}`;

function header(
  n: string,
  from: string,
  to: string,
  parts: Pick<DocumentHeaderInput, 'patient'> &
    Partial<Omit<DocumentHeaderInput, 'patient'>> & {
      writer: Clinician;
      /** The physician responsible for the plan, who signs; the writer when absent. */
      signer?: Clinician;
    },
): DocumentHeaderInput {
  const docId = { root: sampleRoots.document, extension: `120201.TA.${to.slice(0, 4)}.${n}` };
  const { writer, signer, ...rest } = parts;
  const signedAt = at(to, '18:00');
  return {
    id: docId,
    setId: docId,
    version: 1,
    effectiveTime: signedAt,
    author: { clinician: writer, time: at(to, '17:30') },
    legalAuthenticator: { clinician: signer ?? writer, time: signedAt },
    custodian: aslRoma1,
    encounter: {
      id: { root: sampleRoots.encounter, extension: `TA-${n}` },
      start: at(from, '09:00'),
      end: at(to, '17:00'),
      facility: telemedicineCentre,
      responsible: signer ?? writer,
    },
    ...rest,
  };
}

const plan = (n: string) => ({ root: sampleRoots.booking, extension: `PIANO-TA-${n}` });
const period = (from: string, to: string) => ({ start: at(from, '09:00'), end: at(to, '17:00') });

function session(
  date: string,
  time: string,
  kind: TeleassistanceActivity['kind'],
  note: string,
  extra: Partial<Omit<TeleassistanceActivity, 'time' | 'kind' | 'note'>> = {},
): Omit<TeleassistanceActivity, 'mode'> & { mode: TeleassistanceActivity['mode'] } {
  return { time: at(date, time), kind, note, mode: 'video', ...extra };
}

/** Nursing teleassistance is coded in the region's catalogue (the nomenclatore has no code). */
const nursingService = {
  code: 'TA.INF.01',
  display: 'Teleassistenza infermieristica',
  system: sampleRoots.catalogue,
  systemName: 'Catalogo regionale delle prestazioni di telemedicina',
};

const nursing = {
  service: nursingService,
  specialty: {
    branca: { code: '26', display: 'Altro' },
    disciplina: { code: '26', display: 'Medicina generale' },
  },
};

const physiotherapy = {
  service: { code: '93.11', display: 'Teleriabilitazione motoria individuale' },
  specialty: {
    branca: { code: '12', display: 'Medicina fisica e riabilitazione' },
    disciplina: { code: '56', display: 'Recupero e riabilitazione funzionale' },
  },
};

const LONG_REPORT = [
  'Il signor Sàlvini è stato preso in carico dalla centrale di telemedicina il giorno successivo alla dimissione dal reparto di cardiologia, dove era stato ricoverato per scompenso cardiaco acuto. Il piano prevedeva sei sessioni in videochiamata nell’arco di quattro settimane, con il coinvolgimento del figlio che vive con lui e che ha partecipato a tutti i collegamenti.',
  'Nelle prime due sessioni il lavoro si è concentrato sulla comprensione della terapia: il paziente confondeva le due compresse del mattino e assumeva il diuretico in orario serale, con risvegli notturni frequenti per la minzione. Con il figlio è stato preparato un portapillole settimanale, verificato in video a ogni sessione successiva; dalla terza settimana non sono stati più rilevati errori di assunzione.',
  'L’educazione al riconoscimento dei segni di allarme ha richiesto più tempo del previsto: il paziente tendeva a sottovalutare l’aumento di peso, attribuendolo all’alimentazione. Abbiamo concordato con lui una regola semplice, scritta su un cartoncino vicino alla bilancia: «più 1 chilo in un giorno o più 2 chili in tre giorni: chiamare la centrale». Alla quinta sessione il paziente ha ripetuto correttamente la regola e ha riferito di averla applicata una volta, con un contatto telefonico appropriato che ha portato a un aggiustamento del diuretico da parte del cardiologo.',
  'La restrizione idrica (1,5 litri al giorno) è stata accettata con difficoltà nei giorni più caldi; insieme al figlio è stata introdotta una bottiglia graduata per la giornata, strumento che il paziente ha trovato utile. La dieta iposodica è seguita in modo soddisfacente; resta qualche eccezione legata ai pasti domenicali in famiglia, discussa apertamente senza colpevolizzare.',
  'Per quanto riguarda l’attività fisica, il paziente ha ripreso gradualmente le passeggiate quotidiane, arrivando a 20 minuti a passo lento senza dispnea significativa. I parametri trasmessi dal sistema di telemonitoraggio sono rimasti stabili per tutto il periodo: peso tra 76,2 e 77,4 kg, pressione arteriosa tra 110/65 e 128/78 mmHg, frequenza cardiaca tra 64 e 76 bpm, saturazione non inferiore al 94%.',
  'Al termine del percorso il paziente appare consapevole della propria malattia, gestisce in autonomia la terapia con il supporto del figlio e sa quando e come chiedere aiuto. Si propone la prosecuzione del solo telemonitoraggio dei parametri, senza ulteriori sessioni di teleassistenza programmate.',
].join('\n\n');

const heartFailureActivities = [
  session(
    '2024-04-03',
    '10:00',
    'educazione',
    'Presentazione del piano; revisione della terapia con il figlio; errori di orario nel diuretico.',
    { durationMinutes: 40 },
  ),
  session(
    '2024-04-08',
    '10:00',
    'aderenza',
    'Preparato il portapillole settimanale; verificato in video.',
    { durationMinutes: 30 },
  ),
  session(
    '2024-04-12',
    '11:00',
    'educazione',
    'Segni di allarme dello scompenso; regola del peso scritta vicino alla bilancia.',
    { durationMinutes: 35 },
  ),
  session(
    '2024-04-17',
    '10:30',
    'monitoraggio',
    'Parametri stabili; gestione della restrizione idrica con bottiglia graduata.',
    { durationMinutes: 25 },
  ),
  session(
    '2024-04-24',
    '10:00',
    'educazione',
    'Il paziente ripete correttamente la regola del peso; riferito un contatto appropriato con la centrale.',
    { durationMinutes: 30 },
  ),
  session(
    '2024-04-30',
    '10:00',
    'monitoraggio',
    'Verifica finale: autonomia nella terapia, passeggiate di 20 minuti senza dispnea.',
    { durationMinutes: 30, operator: 'Inf. Sara Colombo' },
  ),
];

const first: RelazioneTeleassistenzaInput = {
  header: header('000201', '2024-04-03', '2024-04-30', {
    patient: patients.giovanni,
    writer: clinicians.infermiera,
    signer: clinicians.cardiologa,
    prescription: { nre: '1200A4002223334', priority: 'R' },
    referrer: clinicians.medicoDiFamiglia,
  }),
  plan: plan('000201'),
  period: period('2024-04-03', '2024-04-30'),
  ...nursing,
  reason: {
    text: 'Dimissione dopo ricovero per scompenso cardiaco acuto; necessità di educazione terapeutica e supporto all’autogestione a domicilio.',
    code: { code: '428.0', display: 'Insufficienza cardiaca congestizia non specificata' },
  },
  objectives: [
    'Assunzione corretta e autonoma della terapia',
    'Riconoscimento dei segni di allarme e contatto tempestivo con la centrale',
    'Rispetto della restrizione idrica e della dieta iposodica',
  ],
  history: {
    text: 'Scompenso cardiaco a frazione di eiezione ridotta; ipertensione arteriosa; insufficienza renale cronica stadio 3a.',
    currentTherapy:
      'Furosemide 25 mg al mattino; bisoprololo 2,5 mg; ramipril 2,5 mg; spironolattone 25 mg.',
  },
  activities: heartFailureActivities,
  finalAssessment:
    'Paziente vigile, eupnoico durante il colloquio, senza edemi declivi visibili. Peso all’ultima rilevazione 76,8 kg.',
  report: LONG_REPORT,
  outcome: {
    status: 'raggiunti',
    text: 'Tutti gli obiettivi del piano sono stati raggiunti; il paziente prosegue con il solo telemonitoraggio.',
  },
  diagnoses: [
    { code: '428.0', display: 'Insufficienza cardiaca congestizia non specificata' },
    { code: '585.3', display: 'Malattia renale cronica, stadio III (moderata)' },
  ],
  suggestions: 'Si suggerisce al medico curante di rivalutare la funzione renale entro un mese.',
  followUp: [{ description: 'Creatinina ed elettroliti', due: '2024-05-30' }],
};

export function teleassistenzaSamples(): RelazioneTeleassistenzaInput[] {
  return [
    first,

    // Tele-rehabilitation after knee replacement: goals met; omocodic CF (level 3).
    {
      header: header('000202', '2024-09-02', '2024-10-11', {
        patient: patients.ilaria,
        writer: clinicians.fisioterapista,
        prescription: { nre: '1200A4003334445', priority: 'P' },
      }),
      plan: plan('000202'),
      period: period('2024-09-02', '2024-10-11'),
      ...physiotherapy,
      reason: {
        text: 'Esiti di artroprotesi totale di ginocchio sinistro (intervento del 20/08/2024).',
        code: { code: 'V43.65', display: 'Articolazione del ginocchio sostituita da protesi' },
      },
      objectives: [
        'Flessione attiva del ginocchio di almeno 110°',
        'Deambulazione autonoma senza ausili per 500 metri',
        'Salita e discesa delle scale con alternanza degli arti',
      ],
      activities: [
        session(
          '2024-09-02',
          '15:00',
          'riabilitazione',
          'Valutazione iniziale in video: flessione 75°, deambulazione con due bastoni.',
          { durationMinutes: 45 },
        ),
        session(
          '2024-09-09',
          '15:00',
          'riabilitazione',
          'Esercizi di mobilizzazione attiva e rinforzo del quadricipite.',
          { durationMinutes: 45 },
        ),
        session(
          '2024-09-16',
          '15:00',
          'riabilitazione',
          'Flessione 95°; passaggio a un solo bastone.',
          { durationMinutes: 45 },
        ),
        session(
          '2024-09-23',
          '15:00',
          'riabilitazione',
          'Esercizi propriocettivi con sedia di appoggio; scale con corrimano.',
          { durationMinutes: 45 },
        ),
        session(
          '2024-10-01',
          '15:00',
          'riabilitazione',
          'Flessione 108°; deambulazione senza ausili in casa.',
          { durationMinutes: 40 },
        ),
        session(
          '2024-10-11',
          '15:00',
          'riabilitazione',
          'Valutazione finale: flessione 115°, 600 metri senza ausili, scale con alternanza.',
          { durationMinutes: 40 },
        ),
      ],
      report:
        'Percorso di teleriabilitazione di sei settimane con buona adesione al programma domiciliare (esercizi quotidiani documentati nel diario). Dolore ridotto da 6/10 a 2/10 (NRS) al termine degli esercizi.',
      outcome: {
        status: 'raggiunti',
        text: 'Obiettivi funzionali raggiunti; la paziente prosegue gli esercizi in autonomia.',
      },
      followUp: [
        {
          description: 'Visita fisiatrica di controllo',
          service: { code: '89.01', display: 'Visita fisiatrica di controllo' },
          due: '2025-01-15',
        },
      ],
    },

    // Insulin start education, no NRE (plan only), omocodic CF, goals partly met.
    {
      header: header('000203', '2024-02-12', '2024-03-08', {
        patient: patients.mariaGrazia,
        writer: clinicians.infermiera,
        signer: clinicians.diabetologo,
      }),
      plan: plan('000203'),
      period: period('2024-02-12', '2024-03-08'),
      service: nursingService,
      specialty: {
        branca: { code: '09', display: 'Endocrinologia' },
        disciplina: { code: '19', display: 'Malattie endocrine, del ricambio e della nutrizione' },
      },
      reason: {
        text: 'Avvio di terapia insulinica basale in diabete mellito tipo 2 non controllato.',
        code: {
          code: '250.02',
          display:
            'Diabete mellito tipo II o non specificato, senza menzione di complicazioni, scompensato',
        },
      },
      objectives: [
        'Autosomministrazione corretta dell’insulina con penna',
        'Automonitoraggio glicemico capillare a digiuno',
        'Riconoscimento e trattamento dell’ipoglicemia',
      ],
      activities: [
        session(
          '2024-02-12',
          '09:30',
          'addestramento',
          'Uso della penna: caricamento, sito di iniezione, rotazione.',
          { mode: 'video-condivisione', durationMinutes: 50 },
        ),
        session(
          '2024-02-19',
          '09:30',
          'addestramento',
          'Glucometro: esecuzione corretta, annotazione nel diario.',
          { durationMinutes: 30 },
        ),
        session(
          '2024-02-26',
          '09:30',
          'educazione',
          'Ipoglicemia: sintomi e regola del 15; la paziente ripete in modo incompleto.',
          { durationMinutes: 35 },
        ),
        session(
          '2024-03-08',
          '09:30',
          'monitoraggio',
          'Glicemie a digiuno 120-150 mg/dl; iniezioni corrette; incertezza residua sull’ipoglicemia.',
          { mode: 'telefono', durationMinutes: 20 },
        ),
      ],
      report:
        'La paziente ha appreso la tecnica di iniezione e l’automonitoraggio. Permane incertezza nella gestione dell’ipoglicemia, anche per l’ansia riferita all’idea di un episodio notturno.',
      outcome: {
        status: 'parzialmente-raggiunti',
        text: 'Obiettivi 1 e 2 raggiunti; obiettivo 3 da consolidare in ambulatorio.',
      },
      suggestions:
        'Rinforzo educativo sull’ipoglicemia alla prossima visita diabetologica; valutare sensore per il monitoraggio continuo.',
      therapy: {
        text: 'Insulina glargine 14 UI alle 22, titolazione secondo schema del diabetologo.',
      },
      attachment: {
        title: 'Diario glicemico di febbraio',
        mediaType: 'text/plain',
        data: Buffer.from(
          'data;digiuno\n2024-02-20;168\n2024-02-27;151\n2024-03-05;132\n',
          'utf8',
        ).toString('base64'),
      },
    },

    // Caregiver support in dementia, interrupted by a hospital admission; referrer present.
    {
      header: header('000204', '2024-11-04', '2024-11-22', {
        patient: patients.annaMaria,
        writer: clinicians.infermiera,
        signer: clinicians.neurologo,
        referrer: clinicians.medicoDiFamiglia,
        dataEnterer: { clinician: clinicians.infermiera, time: '2024-11-22T17:45:00+01:00' },
      }),
      plan: plan('000204'),
      access: 'DIR',
      period: period('2024-11-04', '2024-11-22'),
      service: nursingService,
      specialty: {
        branca: { code: '15', display: 'Neurologia' },
        disciplina: { code: '32', display: 'Neurologia' },
      },
      reason: {
        text: 'Supporto alla figlia caregiver nella gestione dei disturbi del comportamento notturni.',
        code: { code: '331.0', display: 'Malattia di Alzheimer' },
      },
      objectives: [
        'Strategie non farmacologiche per l’agitazione serale',
        'Prevenzione delle cadute notturne',
      ],
      activities: [
        session(
          '2024-11-04',
          '18:00',
          'caregiver',
          'Raccolta delle abitudini serali; diario del sonno consegnato alla figlia.',
          { durationMinutes: 40 },
        ),
        session(
          '2024-11-11',
          '18:00',
          'caregiver',
          'Routine serale strutturata; luce notturna nel corridoio.',
          { durationMinutes: 35 },
        ),
        session(
          '2024-11-18',
          '18:00',
          'caregiver',
          'Agitazione ridotta in due sere su sette; una caduta senza conseguenze.',
          { durationMinutes: 30 },
        ),
      ],
      report:
        'Percorso avviato con buona collaborazione della figlia. Il 20/11 la paziente è stata ricoverata in medicina interna per polmonite; la teleassistenza è stata interrotta.',
      outcome: {
        status: 'interrotta',
        text: 'Interruzione per ricovero ospedaliero. Da rivalutare la ripresa del piano alla dimissione.',
      },
    },

    // Minimal: only what is mandatory; patient address without street.
    {
      header: header('000205', '2024-03-11', '2024-03-22', {
        patient: patients.gianluca,
        writer: clinicians.infermiera,
        custodian: { ...aslRoma1, address: undefined, phone: undefined },
      }),
      plan: plan('000205'),
      period: period('2024-03-11', '2024-03-22'),
      ...nursing,
      reason: { text: 'Verifica della tecnica inalatoria.' },
      objectives: ['Tecnica inalatoria corretta'],
      activities: [
        session('2024-03-15', '12:00', 'addestramento', 'Tecnica corretta dopo due prove guidate.'),
      ],
      report: 'Obiettivo raggiunto in una sessione.',
      outcome: { status: 'raggiunti', text: 'Nessun ulteriore intervento necessario.' },
    },

    // Replacement of the first report (version 2): a session note corrected.
    {
      ...first,
      header: {
        ...first.header,
        id: { root: sampleRoots.document, extension: '120201.TA.2024.000201.V2' },
        version: 2,
        effectiveTime: '2024-05-02T09:15:00+02:00',
        author: { clinician: clinicians.infermiera, time: '2024-05-02T09:00:00+02:00' },
        legalAuthenticator: { clinician: clinicians.cardiologa, time: '2024-05-02T09:15:00+02:00' },
        replaces: { id: first.header.id, setId: first.header.setId, version: 1 },
      },
      activities: heartFailureActivities.map((a, i) =>
        i === 3
          ? {
              ...a,
              note: 'Parametri stabili; restrizione idrica gestita con bottiglia graduata da 1,5 litri.',
            }
          : a,
      ),
    },

    // Oxygen therapy training in COPD; omocodic CF level 7; SpO2 log attached; goals not met.
    {
      header: header('000207', '2024-12-02', '2024-12-20', {
        patient: patients.luca,
        writer: clinicians.infermiera,
        signer: clinicians.pneumologo,
        prescription: { nre: '1200A4004445556', priority: 'UR' },
      }),
      plan: plan('000207'),
      period: period('2024-12-02', '2024-12-20'),
      service: nursingService,
      specialty: {
        branca: { code: '22', display: 'Pneumologia' },
        disciplina: { code: '68', display: 'Pneumologia' },
      },
      reason: {
        text: 'Avvio di ossigenoterapia domiciliare a lungo termine (1,5 l/min a riposo, 2 l/min sotto sforzo).',
        code: { code: '518.83', display: 'Insufficienza respiratoria cronica' },
      },
      objectives: [
        'Uso sicuro del concentratore e dello stroller',
        'Almeno 15 ore al giorno di ossigenoterapia',
      ],
      history: {
        text: 'BPCO grave (GOLD 3), ex fumatore (50 pack-year).',
        allergies: 'Nessuna allergia nota.',
      },
      activities: [
        session(
          '2024-12-02',
          '11:00',
          'addestramento',
          'Concentratore: accensione, flussimetro, pulizia delle cannule. Rischio incendio discusso.',
          { mode: 'video-condivisione', durationMinutes: 45 },
        ),
        session(
          '2024-12-09',
          '11:00',
          'monitoraggio',
          'Uso riferito 8-10 ore al giorno; fastidio nasale.',
          { durationMinutes: 25 },
        ),
        session(
          '2024-12-16',
          '11:00',
          'educazione',
          'Motivazione all’uso notturno; umidificatore consigliato.',
          { durationMinutes: 30 },
        ),
        session(
          '2024-12-20',
          '11:00',
          'monitoraggio',
          'Uso 10-11 ore al giorno; SpO2 90-92% con ossigeno.',
          { mode: 'telefono', durationMinutes: 15 },
        ),
      ],
      report:
        'Il paziente usa i dispositivi in sicurezza ma l’aderenza resta inferiore a quella prescritta, soprattutto di notte, per il fastidio alle narici e la rumorosità del concentratore.',
      outcome: {
        status: 'non-raggiunti',
        text: 'Obiettivo di aderenza non raggiunto (media 10 ore/giorno). Sicurezza d’uso acquisita.',
      },
      diagnoses: [
        { code: '518.83', display: 'Insufficienza respiratoria cronica' },
        {
          code: '496',
          display: 'Ostruzioni croniche delle vie respiratorie, non classificate altrove',
        },
      ],
      suggestions:
        'Valutare con il pneumologo interfaccia alternativa e concentratore più silenzioso; rivalutazione emogasanalitica.',
      followUp: [{ description: 'Emogasanalisi arteriosa in ossigeno', due: '2025-01-10' }],
      attachment: {
        title: 'Saturazioni registrate dal paziente',
        mediaType: 'text/plain',
        data: Buffer.from(
          'giorno;SpO2 min;SpO2 max\n10/12;89;93\n15/12;90;93\n19/12;90;92\n',
          'utf8',
        ).toString('base64'),
      },
    },

    // Wound care guidance with a photo; hospital custodian (HSP11) as service provider.
    {
      header: header('000208', '2024-06-03', '2024-07-12', {
        patient: patients.ettore,
        writer: clinicians.infermiera,
        custodian: ospedaleSantoSpirito,
      }),
      serviceProvider: { partOf: { root: '2.16.840.1.113883.2.9.4.1.1', extension: '120201' } },
      plan: plan('000208'),
      period: period('2024-06-03', '2024-07-12'),
      ...nursing,
      reason: {
        text: 'Ulcera neuropatica plantare al primo metatarso destro in paziente diabetico.',
        code: { code: '707.15', display: 'Ulcera di altre parti del piede' },
      },
      objectives: ['Guarigione della lesione', 'Medicazione corretta da parte della moglie'],
      activities: [
        session(
          '2024-06-03',
          '16:00',
          'medicazione',
          'Lesione 2 × 1,5 cm, fondo granuleggiante; addestramento della moglie.',
          { mode: 'video-condivisione', durationMinutes: 40 },
        ),
        session(
          '2024-06-17',
          '16:00',
          'medicazione',
          'Lesione 1,2 × 1 cm; scarico con calzatura confermato.',
          { mode: 'video-condivisione', durationMinutes: 30 },
        ),
        session(
          '2024-07-01',
          '16:00',
          'medicazione',
          'Lesione 0,5 × 0,4 cm, margini in epitelizzazione.',
          { mode: 'video-condivisione', durationMinutes: 25 },
        ),
        session('2024-07-12', '16:00', 'monitoraggio', 'Lesione epitelizzata.', {
          mode: 'video-condivisione',
          durationMinutes: 20,
        }),
      ],
      finalAssessment: 'Cute integra alla sede della pregressa ulcera; nessun segno di infezione.',
      report:
        'Guarigione completa in sei settimane con medicazioni avanzate eseguite dalla moglie sotto guida in video.',
      outcome: {
        status: 'raggiunti',
        text: 'Lesione guarita; prosegue lo scarico con calzatura su misura.',
      },
      diagnoses: [
        { code: '707.15', display: 'Ulcera di altre parti del piede' },
        {
          code: '250.60',
          display:
            'Diabete con complicanze neurologiche, tipo II o non specificato, non definito se scompensato',
        },
      ],
      attachment: {
        title: 'Fotografia della lesione all’ultima sessione',
        mediaType: 'image/png',
        data: SAMPLE_PNG,
      },
    },

    // Low back pain exercises; patient born abroad; restricted confidentiality.
    {
      header: header('000209', '2024-01-15', '2024-02-23', {
        patient: patients.chloe,
        writer: clinicians.fisioterapista,
        confidentiality: 'R',
      }),
      plan: plan('000209'),
      period: period('2024-01-15', '2024-02-23'),
      ...physiotherapy,
      reason: { text: 'Lombalgia cronica aspecifica con limitazione nelle attività lavorative.' },
      objectives: ['Riduzione del dolore sotto 3/10', 'Programma di esercizi autonomo'],
      activities: [
        session('2024-01-15', '13:00', 'riabilitazione', 'Valutazione: NRS 6/10, Oswestry 34%.', {
          durationMinutes: 45,
        }),
        session(
          '2024-01-29',
          '13:00',
          'riabilitazione',
          'Esercizi di controllo motorio e mobilità.',
          { durationMinutes: 40 },
        ),
        session('2024-02-12', '13:00', 'riabilitazione', 'Progressione con elastico; NRS 4/10.', {
          durationMinutes: 40,
        }),
        session(
          '2024-02-23',
          '13:00',
          'riabilitazione',
          'NRS 2/10, Oswestry 14%; programma consegnato.',
          { durationMinutes: 35 },
        ),
      ],
      report:
        'Riduzione progressiva del dolore e della disabilità; buona autonomia negli esercizi.',
      outcome: { status: 'raggiunti', text: 'Obiettivi raggiunti.' },
    },

    // Insulin pump education for a young woman with type 1 diabetes; direct access.
    {
      header: header('000210', '2024-10-01', '2024-10-25', {
        patient: patients.ludovica,
        writer: clinicians.infermiera,
        signer: clinicians.endocrinologa,
        prescription: { nre: '120B00011122233', priority: 'R' },
      }),
      plan: plan('000210'),
      access: 'DIR',
      period: period('2024-10-01', '2024-10-25'),
      service: nursingService,
      specialty: {
        branca: { code: '09', display: 'Endocrinologia' },
        disciplina: { code: '19', display: 'Malattie endocrine, del ricambio e della nutrizione' },
      },
      reason: {
        text: 'Passaggio da multiniettiva a microinfusore con sensore integrato.',
        code: {
          code: '250.01',
          display:
            'Diabete mellito tipo I, senza menzione di complicazioni, non definito se scompensato',
        },
      },
      objectives: [
        'Gestione autonoma del set di infusione e del sensore',
        'Calcolo dei boli con il conteggio dei carboidrati',
        'Gestione degli allarmi e della chetosi',
      ],
      history: {
        text: 'Diabete tipo 1 dal 2012. Celiachia.',
        currentTherapy: 'Microinfusore con insulina aspart; levotiroxina 50 µg.',
      },
      activities: [
        session(
          '2024-10-01',
          '17:00',
          'addestramento',
          'Cambio del set di infusione in video; corretto al secondo tentativo.',
          { mode: 'video-condivisione', durationMinutes: 60 },
        ),
        session(
          '2024-10-08',
          '17:00',
          'educazione',
          'Conteggio dei carboidrati su pasti reali fotografati dalla paziente.',
          { mode: 'video-condivisione', durationMinutes: 45 },
        ),
        session(
          '2024-10-15',
          '17:00',
          'educazione',
          'Allarmi di occlusione e chetonemia > 1,5 mmol/l: cosa fare.',
          { durationMinutes: 40 },
        ),
        session('2024-10-25', '17:00', 'monitoraggio', 'Tempo nel range 74%, ipoglicemie < 4%.', {
          durationMinutes: 30,
        }),
      ],
      report:
        'La paziente gestisce il microinfusore in autonomia. Tempo nel range (70-180 mg/dl) passato dal 58% al 74% in quattro settimane.',
      outcome: { status: 'raggiunti', text: 'Obiettivi raggiunti.' },
      therapy: {
        drugs: [
          {
            aic: '035652015',
            name: 'NOVORAPID*1FL 10ML 100U/ML',
            atc: { code: 'A10AB05', display: 'Insulina aspart' },
            instructions: 'Tramite microinfusore secondo i profili impostati dal diabetologo',
          },
        ],
      },
    },

    // Heart failure, second plan for Niccolò, with therapy and follow-up, summer dates.
    {
      header: header('000211', '2024-07-01', '2024-07-26', {
        patient: patients.niccolo,
        writer: clinicians.infermiera,
        signer: clinicians.cardiologa,
        prescription: { nre: '1200A4006667778', priority: 'R' },
      }),
      plan: plan('000211'),
      period: period('2024-07-01', '2024-07-26'),
      ...nursing,
      reason: {
        text: 'Gestione della terapia diuretica nei mesi estivi, con rischio di disidratazione e ipotensione.',
        code: { code: '428.0', display: 'Insufficienza cardiaca congestizia non specificata' },
      },
      objectives: ['Nessun episodio di ipotensione sintomatica', 'Idratazione adeguata'],
      activities: [
        session(
          '2024-07-01',
          '09:00',
          'educazione',
          'Regole per il caldo: idratazione, orari, abbigliamento.',
          { durationMinutes: 30 },
        ),
        session(
          '2024-07-12',
          '09:00',
          'monitoraggio',
          'PA 100/60 mmHg, capogiri all’alzata: segnalato al cardiologo.',
          { durationMinutes: 25 },
        ),
        session(
          '2024-07-26',
          '09:00',
          'monitoraggio',
          'Dopo riduzione del diuretico: PA 115/70 mmHg, nessun sintomo.',
          { durationMinutes: 20 },
        ),
      ],
      report:
        'Un episodio di ipotensione ortostatica lieve il 12/07, gestito con riduzione temporanea del diuretico concordata con il cardiologo. Successivamente parametri stabili.',
      outcome: {
        status: 'raggiunti',
        text: 'Periodo estivo superato senza accessi in pronto soccorso.',
      },
      therapy: {
        text: 'Dal 13/07 furosemide 25 mg a giorni alterni fino a nuova indicazione.',
        drugs: [
          {
            aic: '023993013',
            name: 'LASIX*25MG 30 CPR',
            atc: { code: 'C03CA01', display: 'Furosemide' },
            instructions: '1 compressa al mattino a giorni alterni',
            start: '2024-07-13',
          },
        ],
      },
      followUp: [
        {
          description: 'Televisita cardiologica di controllo',
          service: { code: '89.01', display: 'Visita cardiologica di controllo' },
          due: '2024-09-15',
        },
      ],
    },
  ];
}
