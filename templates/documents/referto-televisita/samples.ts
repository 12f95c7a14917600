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
import type { RefertoTelevisitaInput } from './model.js';

/**
 * Varied Referti di Televisita: every specialty the platform runs by video, first and
 * follow-up visits, with and without NRE, a replacement (version 2), minimal and long
 * reports, accented and apostrophed names, omocodic codici fiscali, a patient born abroad.
 * The first one is what the designer preview starts from.
 */

function header(
  n: string,
  day: string,
  start: string,
  end: string | undefined,
  parts: Pick<DocumentHeaderInput, 'patient'> &
    Partial<Omit<DocumentHeaderInput, 'patient'>> & {
      clinician: DocumentHeaderInput['author']['clinician'];
    },
): DocumentHeaderInput {
  const offset = /^(\d{4})-(0[4-9]|10)/.test(day) ? '+02:00' : '+01:00';
  const at = (time: string) => `${day}T${time}:00${offset}`;
  const docId = { root: sampleRoots.document, extension: `120201.TV.${day.slice(0, 4)}.${n}` };
  const { clinician, ...rest } = parts;
  const signedAt = at(end ?? start);
  return {
    id: docId,
    setId: docId,
    version: 1,
    effectiveTime: signedAt,
    author: { clinician, time: signedAt },
    legalAuthenticator: { clinician, time: signedAt },
    custodian: aslRoma1,
    encounter: {
      id: { root: sampleRoots.encounter, extension: `TV-${n}` },
      start: at(start),
      ...(end ? { end: at(end) } : {}),
      facility: telemedicineCentre,
      responsible: clinician,
    },
    ...rest,
  };
}

const booking = (n: string) => ({ root: sampleRoots.booking, extension: `PREN-${n}` });

const cardiology = {
  service: { code: '89.01', display: 'Visita cardiologica di controllo' },
  specialty: {
    branca: { code: '02', display: 'Cardiologia' },
    disciplina: { code: '08', display: 'Cardiologia' },
  },
};

/** A report long enough to span pages: a heart-failure follow-up written in full. */
const LONG_REPORT = [
  'Paziente noto per cardiopatia ischemica cronica con disfunzione ventricolare sinistra (FE 35% all’ultimo ecocardiogramma), seguito nel percorso di telemonitoraggio dello scompenso cardiaco da otto mesi. Il collegamento video è avvenuto al domicilio, con la moglie presente, e ha permesso una valutazione adeguata dei segni clinici osservabili a distanza.',
  'Nelle ultime due settimane il paziente riferisce un lieve aumento della dispnea per sforzi moderati (salire due rampe di scale), senza ortopnea né dispnea parossistica notturna. Nega dolore toracico, cardiopalmo e sincope. Diuresi conservata secondo quanto riferito. Il diario del peso mostra un incremento di 1,8 kg in dieci giorni, con valori stabili negli ultimi tre giorni; la pressione arteriosa domiciliare è compresa tra 105/65 e 120/75 mmHg, la frequenza cardiaca tra 62 e 74 bpm, la saturazione periferica tra 94% e 96% in aria ambiente.',
  'All’osservazione in video: paziente vigile, orientato, eloquio fluido senza pause respiratorie durante la conversazione; non cianosi periferica apprezzabile. Su invito, mostra le caviglie: edema declive bilaterale lieve, con segno della fovea riferito dalla moglie dopo pressione digitale, più evidente a sinistra. Turgore giugulare non valutabile con affidabilità a distanza. Il paziente esegue il test di alzata dalla sedia (cinque ripetizioni) in 14 secondi, senza desaturazione significativa al saturimetro domiciliare (minimo 93%).',
  'Aderenza terapeutica buona, verificata con il paziente sulle confezioni mostrate in camera. Riferisce di aver ridotto spontaneamente l’apporto di liquidi negli ultimi giorni; dieta iposodica seguita con qualche eccezione durante le festività. Ultimi esami ematici (di quindici giorni fa): creatinina 1,3 mg/dl, potassio 4,6 mEq/l, sodio 137 mEq/l, NT-proBNP 1.480 pg/ml (precedente 1.120 pg/ml).',
  'Nel complesso il quadro è compatibile con una lieve ritenzione idrica in scompenso cardiaco cronico in classe NYHA II, senza segni di instabilizzazione. Si ritiene appropriato un aumento temporaneo della terapia diuretica con controllo ravvicinato del peso e degli elettroliti, mantenendo il paziente nel percorso di telemonitoraggio con soglie di allerta invariate. Si raccomanda di contattare la centrale di telemedicina in caso di aumento di peso superiore a 1 kg in un giorno o 2 kg in tre giorni, di comparsa di ortopnea o di riduzione della diuresi.',
].join('\n\n');

const first: RefertoTelevisitaInput = {
  header: header('000101', '2024-01-16', '10:00', '10:35', {
    patient: patients.niccolo,
    clinician: clinicians.cardiologa,
    prescription: { nre: '1200A4001234567', priority: 'R' },
    referrer: clinicians.medicoDiFamiglia,
  }),
  booking: booking('000101'),
  visitKind: 'controllo',
  ...cardiology,
  connection: {
    mode: 'video',
    patientLocation: 'domicilio',
    assistedBy: 'la moglie',
    quality: 'buona',
  },
  question: {
    text: 'Controllo programmato in telemonitoraggio per scompenso cardiaco; aumento ponderale segnalato dal sistema.',
    code: { code: '428.0', display: 'Insufficienza cardiaca congestizia non specificata' },
  },
  history: {
    text: 'Cardiopatia ischemica cronica; pregresso infarto miocardico anteriore (2017) trattato con angioplastica e stent su discendente anteriore. Ipertensione arteriosa. Ex fumatore dal 2017.',
    allergies: 'Nessuna allergia nota a farmaci.',
    currentTherapy:
      'Sacubitril/valsartan 49/51 mg due volte al giorno; bisoprololo 2,5 mg al mattino; furosemide 25 mg al mattino; spironolattone 25 mg; acido acetilsalicilico 100 mg; atorvastatina 40 mg la sera.',
  },
  remoteExamination:
    'Vigile, orientato, eupnoico a riposo durante il colloquio. Edema declive lieve bilaterale alle caviglie. Parametri domiciliari del giorno: PA 112/70 mmHg, FC 68 bpm, SpO2 95%, peso 82,4 kg.',
  report: LONG_REPORT,
  diagnoses: [
    {
      code: '428.0',
      display: 'Insufficienza cardiaca congestizia non specificata',
      note: 'classe NYHA II, lieve ritenzione idrica',
    },
    { code: '414.01', display: 'Aterosclerosi coronarica di arteria coronarica nativa' },
  ],
  conclusions:
    'Scompenso cardiaco cronico con lieve ritenzione idrica, senza segni di instabilizzazione. Prosegue il telemonitoraggio.',
  suggestions:
    'Si prega il medico curante di verificare creatinina ed elettroliti a sette giorni dall’aumento del diuretico.',
  followUp: [
    {
      description: 'Creatinina, sodio e potassio',
      due: '2024-01-23',
    },
    {
      description: 'Nuova televisita cardiologica di controllo',
      service: { code: '89.01', display: 'Visita cardiologica di controllo' },
      due: '2024-02-13',
    },
  ],
  therapy: {
    text: 'Invariata la restante terapia in atto.',
    drugs: [
      {
        aic: '023993013',
        name: 'LASIX*25MG 30 CPR',
        atc: { code: 'C03CA01', display: 'Furosemide' },
        instructions: '2 compresse al mattino per 5 giorni, poi 1 compressa al mattino',
        start: '2024-01-17',
      },
    ],
  },
};

export function televisitaSamples(): RefertoTelevisitaInput[] {
  return [
    first,

    // Diabetology, first visit, booked without prescription (no NRE), omocodic CF,
    // several diagnoses, glucose diary attached as text.
    {
      header: header('000102', '2024-02-07', '15:30', '16:10', {
        patient: patients.mariaGrazia,
        clinician: clinicians.diabetologo,
        confidentiality: 'N',
      }),
      booking: booking('000102'),
      visitKind: 'prima-visita',
      service: { code: '89.7', display: 'Prima visita diabetologica' },
      specialty: {
        branca: { code: '09', display: 'Endocrinologia' },
        disciplina: { code: '19', display: 'Malattie endocrine, del ricambio e della nutrizione' },
      },
      connection: {
        mode: 'video-condivisione',
        patientLocation: 'domicilio',
        quality: 'sufficiente',
        notes: 'Due brevi interruzioni audio, ripristinate senza perdita di informazioni.',
      },
      question: { text: 'Iperglicemia a digiuno riscontrata agli esami di routine.' },
      previousExams: [
        { date: '2024-01-10', description: 'Glicemia a digiuno', outcome: '148 mg/dl' },
        {
          date: '2024-01-10',
          description: 'Emoglobina glicata (HbA1c)',
          outcome: '7,4% (57 mmol/mol)',
        },
        { date: '2024-01-10', description: 'Colesterolo LDL', outcome: '162 mg/dl' },
      ],
      report:
        'Prima valutazione diabetologica a distanza. La paziente condivide durante la chiamata il diario glicemico delle ultime due settimane: glicemie a digiuno tra 135 e 160 mg/dl, post-prandiali fino a 210 mg/dl. BMI riferito 31,2 kg/m².\nNon sintomi di iperglicemia marcata, non episodi ipoglicemici.',
      diagnoses: [
        {
          code: '250.00',
          display:
            'Diabete mellito tipo II o non specificato, senza menzione di complicazioni, non definito se scompensato',
        },
        { code: '278.00', display: 'Obesità, non specificata' },
        { code: '272.0', display: 'Ipercolesterolemia pura' },
      ],
      conclusions:
        'Diabete mellito tipo 2 di nuova diagnosi in paziente con obesità e ipercolesterolemia.',
      followUp: [
        { description: 'Fondo oculare', due: '2024-05-07' },
        { description: 'Microalbuminuria su urine del mattino' },
      ],
      therapy: {
        text: 'Metformina 500 mg: 1 compressa a cena per una settimana, poi 1 compressa a pranzo e 1 a cena. Dieta ipocalorica con il supporto della dietista; attività fisica aerobica moderata 150 minuti a settimana.',
      },
      attachment: {
        title: 'Diario glicemico condiviso dalla paziente',
        mediaType: 'text/plain',
        data: Buffer.from(
          'data;digiuno;dopo pranzo\n2024-01-25;142;188\n2024-01-26;151;205\n2024-01-27;138;176\n',
          'utf8',
        ).toString('base64'),
      },
    },

    // Dermatology with a photo shared in the call; patient born abroad (no birthplace):
    // the CDA writes birthplace/place/addr with nullFlavor UNK.
    {
      header: header('000103', '2024-05-21', '09:10', '09:30', {
        patient: patients.chloe,
        clinician: clinicians.dermatologa,
        prescription: { nre: '120B00098765432', priority: 'P' },
      }),
      booking: booking('000103'),
      visitKind: 'prima-visita',
      service: { code: '89.7', display: 'Prima visita dermatologica' },
      specialty: {
        branca: { code: '06', display: 'Dermosifilopatia' },
        disciplina: { code: '52', display: 'Dermatologia' },
      },
      connection: { mode: 'video-condivisione', patientLocation: 'ufficio', quality: 'buona' },
      question: {
        text: 'Chiazze eritemato-desquamative ai gomiti da circa tre mesi.',
        code: { code: '696.1', display: 'Altre psoriasi' },
      },
      remoteExamination:
        'Dalla fotografia ad alta risoluzione inviata dalla paziente e dall’osservazione in video: placche eritematose ben delimitate, ricoperte da squame argentee, alla superficie estensoria dei gomiti (diametro massimo circa 4 cm). Unghie senza alterazioni visibili.',
      report:
        'Quadro clinico suggestivo di psoriasi volgare a placche di lieve estensione (BSA stimata < 3%). La valutazione a distanza non consente di escludere con certezza altre dermatosi eritemato-desquamative: si propone controllo in presenza se non vi è risposta alla terapia topica.',
      diagnoses: [{ code: '696.1', display: 'Altre psoriasi' }],
      therapy: {
        text: 'Calcipotriolo/betametasone gel una volta al giorno sulle placche per 4 settimane, poi due volte a settimana. Emollienti quotidiani.',
      },
      followUp: [
        {
          description: 'Visita dermatologica di controllo in presenza',
          service: { code: '89.01', display: 'Visita dermatologica di controllo' },
          due: '2024-07-02',
        },
      ],
      attachment: {
        title: 'Fotografia della lesione al gomito destro',
        mediaType: 'image/png',
        data: SAMPLE_PNG,
      },
    },

    // The least a referto can be: only what is mandatory. No question, no coded content,
    // no end of encounter, a patient address without street (left out of the CDA).
    {
      header: header('000104', '2024-03-04', '11:00', undefined, {
        patient: patients.gianluca,
        clinician: clinicians.pneumologo,
        custodian: { ...aslRoma1, address: undefined, phone: undefined },
      }),
      booking: booking('000104'),
      visitKind: 'controllo',
      service: { code: '89.01', display: 'Visita pneumologica di controllo' },
      specialty: {
        branca: { code: '22', display: 'Pneumologia' },
        disciplina: { code: '68', display: 'Pneumologia' },
      },
      connection: { mode: 'video', patientLocation: 'domicilio', quality: 'buona' },
      report: 'Condizioni respiratorie stabili. Prosegue la terapia inalatoria in atto.',
    },

    // Replacement: version 2 of the first referto, correcting a diagnosis code.
    {
      ...first,
      header: {
        ...first.header,
        id: { root: sampleRoots.document, extension: '120201.TV.2024.000101.V2' },
        version: 2,
        effectiveTime: '2024-01-16T12:20:00+01:00',
        author: { clinician: clinicians.cardiologa, time: '2024-01-16T12:20:00+01:00' },
        legalAuthenticator: { clinician: clinicians.cardiologa, time: '2024-01-16T12:20:00+01:00' },
        replaces: {
          id: first.header.id,
          setId: first.header.setId,
          version: 1,
        },
      },
      diagnoses: [
        {
          code: '428.0',
          display: 'Insufficienza cardiaca congestizia non specificata',
          note: 'classe NYHA II, lieve ritenzione idrica',
        },
        { code: '412', display: 'Infarto miocardico pregresso' },
        { code: '414.01', display: 'Aterosclerosi coronarica di arteria coronarica nativa' },
      ],
      conclusions:
        'Versione corretta: aggiunta la diagnosi di infarto miocardico pregresso, omessa per errore. Invariato il resto del referto.',
    },

    // Neurology, direct access, caregiver present, data enterer, urgent prescription.
    {
      header: header('000106', '2024-10-08', '16:00', '16:45', {
        patient: patients.annaMaria,
        clinician: clinicians.neurologo,
        prescription: { nre: '1200A4007654321', priority: 'UR' },
        referrer: clinicians.medicoDiFamiglia,
        dataEnterer: { clinician: clinicians.infermiera, time: '2024-10-08T16:50:00+02:00' },
      }),
      booking: booking('000106'),
      access: 'DIR',
      visitKind: 'controllo',
      service: { code: '89.01', display: 'Visita neurologica di controllo' },
      specialty: {
        branca: { code: '15', display: 'Neurologia' },
        disciplina: { code: '32', display: 'Neurologia' },
      },
      connection: {
        mode: 'video',
        patientLocation: 'RSA Villa Serena, Roma',
        assistedBy: "l'infermiera della struttura",
        quality: 'sufficiente',
      },
      question: {
        text: 'Peggioramento dell’orientamento temporale e disturbi del sonno riferiti dalla figlia.',
        code: { code: '331.0', display: 'Malattia di Alzheimer' },
      },
      history: {
        text: 'Malattia di Alzheimer diagnosticata nel 2021 (MMSE 19/30 a marzo 2024). Ipertensione arteriosa. Frattura di femore destro nel 2022.',
        allergies: 'Allergia a penicillina (orticaria).',
      },
      remoteExamination:
        'Vigile, collaborante, disorientata nel tempo, parzialmente nello spazio. Linguaggio con anomie. Non segni di lato apprezzabili alla prova di Mingazzini eseguita con l’aiuto dell’infermiera. Andatura con deambulatore, senza aggravamento rispetto al controllo precedente.',
      comparison:
        'Rispetto alla visita di marzo: lieve peggioramento cognitivo, comparsa di inversione del ritmo sonno-veglia.',
      report:
        'Decadimento cognitivo in lenta progressione, con disturbi del comportamento notturni di recente insorgenza. Non elementi suggestivi di eventi acuti.\nSi consiglia igiene del sonno e monitoraggio dei disturbi comportamentali con l’équipe della RSA.',
      diagnoses: [
        { code: '331.0', display: 'Malattia di Alzheimer' },
        {
          code: '294.11',
          display:
            'Demenza in condizioni morbose classificate altrove, con disturbi comportamentali',
        },
      ],
      suggestions:
        'Evitare benzodiazepine a lunga emivita. Rivalutare la terapia antipertensiva serale per il rischio di ipotensione notturna e cadute.',
      followUp: [
        { description: 'Test MMSE e NPI a cura dello psicologo della RSA', due: '2025-01-08' },
      ],
    },

    // Pulmonology (COPD) with NRE "P", omocodic CF level 7, coded drugs.
    {
      header: header('000107', '2024-11-19', '08:30', '09:00', {
        patient: patients.luca,
        clinician: clinicians.pneumologo,
        prescription: { nre: '1200A4000011122', priority: 'P' },
      }),
      booking: booking('000107'),
      visitKind: 'controllo',
      service: { code: '89.01', display: 'Visita pneumologica di controllo' },
      specialty: {
        branca: { code: '22', display: 'Pneumologia' },
        disciplina: { code: '68', display: 'Pneumologia' },
      },
      connection: { mode: 'video', patientLocation: 'domicilio', quality: 'buona' },
      question: {
        text: 'BPCO in telemonitoraggio: controllo dopo riacutizzazione.',
        code: {
          code: '491.21',
          display: 'Bronchite cronica ostruttiva con esacerbazione (acuta)',
        },
      },
      previousExams: [
        {
          date: '2024-10-02',
          description: 'Spirometria globale',
          outcome: 'FEV1 52% del predetto, FEV1/FVC 0,58, non reversibilità dopo broncodilatatore',
        },
      ],
      report:
        'Risoluzione della riacutizzazione di ottobre. Tosse produttiva mattutina modesta, espettorato mucoso. Saturazione domiciliare 93-95% a riposo. Dispnea mMRC 2.',
      diagnoses: [
        {
          code: '496',
          display: 'Ostruzioni croniche delle vie respiratorie, non classificate altrove',
        },
      ],
      therapy: {
        drugs: [
          {
            aic: '041077015',
            name: 'TRIMBOW*120D 87MCG+5MCG+9MCG',
            atc: { code: 'R03AL09', display: 'Beclometasone, formoterolo e glicopirronio bromuro' },
            instructions: '2 inalazioni due volte al giorno, sciacquando la bocca dopo l’uso',
          },
        ],
      },
      followUp: [{ description: 'Emogasanalisi arteriosa in aria ambiente', due: '2025-01-15' }],
    },

    // Endocrinology (thyroid) with exams table and comparison; text with symbols.
    {
      header: header('000108', '2024-06-12', '14:00', '14:20', {
        patient: patients.francesca,
        clinician: clinicians.endocrinologa,
        referrer: clinicians.medicoDiFamiglia,
      }),
      booking: booking('000108'),
      visitKind: 'controllo',
      service: { code: '89.01', display: 'Visita endocrinologica di controllo' },
      specialty: {
        branca: { code: '09', display: 'Endocrinologia' },
        disciplina: { code: '19', display: 'Malattie endocrine, del ricambio e della nutrizione' },
      },
      connection: { mode: 'video-condivisione', patientLocation: 'domicilio', quality: 'buona' },
      question: {
        text: 'Tiroidite cronica autoimmune in terapia sostitutiva: controllo dopo variazione di dose.',
      },
      previousExams: [
        { date: '2024-03-05', description: 'TSH', outcome: '6,8 mUI/l (v.n. 0,4-4,0)' },
        { date: '2024-05-28', description: 'TSH', outcome: '2,1 mUI/l' },
        { date: '2024-05-28', description: 'FT4', outcome: '13,9 pg/ml' },
      ],
      comparison:
        'TSH rientrato nei limiti (6,8 → 2,1 mUI/l) dopo l’aumento della levotiroxina a 75 µg/die.',
      report:
        'Eutiroidismo raggiunto con la dose attuale. La paziente riferisce miglioramento dell’astenia. Nessun effetto indesiderato (palpitazioni < 1 episodio/mese, non tremori).',
      diagnoses: [{ code: '245.2', display: 'Tiroidite linfocitaria cronica' }],
      therapy: {
        text: 'Levotiroxina 75 µg al mattino a digiuno, 30 minuti prima della colazione & lontano da calcio e ferro.',
      },
      followUp: [{ description: 'TSH e FT4', due: '2024-12-12' }],
    },

    // Psychiatry: very restricted confidentiality, allergies and current therapy.
    {
      header: header('000109', '2024-09-03', '17:30', '18:15', {
        patient: patients.ludovica,
        clinician: clinicians.psichiatra,
        confidentiality: 'V',
      }),
      booking: booking('000109'),
      visitKind: 'controllo',
      service: { code: '94.12.1', display: 'Visita psichiatrica di controllo' },
      specialty: {
        branca: { code: '23', display: 'Psichiatria' },
        disciplina: { code: '40', display: 'Psichiatria' },
      },
      connection: {
        mode: 'video',
        patientLocation: 'domicilio',
        quality: 'buona',
        notes: 'Colloquio svolto in ambiente riservato scelto dalla paziente.',
      },
      history: {
        text: 'Disturbo d’ansia generalizzato esordito durante gli studi universitari. Nessun ricovero.',
        allergies: 'Intolleranza a sertralina (nausea persistente).',
        currentTherapy: 'Escitalopram 10 mg al mattino da quattro mesi.',
      },
      report:
        'Buona risposta al trattamento: riduzione dell’ansia anticipatoria e ripresa regolare della frequenza universitaria. Sonno ristoratore. Non ideazione autolesiva.',
      diagnoses: [{ code: '300.02', display: 'Disturbo d’ansia generalizzato' }],
      conclusions: 'Quadro in remissione parziale; prosegue terapia e percorso psicoterapeutico.',
      followUp: [{ description: 'Televisita psichiatrica di controllo', due: '2024-12-03' }],
    },

    // A hospital as custodian: the azienda it belongs to is given explicitly.
    {
      header: header('000110', '2024-12-02', '12:00', '12:25', {
        patient: patients.ettore,
        clinician: clinicians.cardiologa,
        custodian: ospedaleSantoSpirito,
        prescription: { nre: '1200A4009990001', priority: 'EM' },
      }),
      serviceProvider: {
        partOf: { root: '2.16.840.1.113883.2.9.4.1.1', extension: '120201' },
      },
      booking: booking('000110'),
      visitKind: 'prima-visita',
      service: { code: '89.7', display: 'Prima visita cardiologica' },
      specialty: cardiology.specialty,
      connection: { mode: 'video', patientLocation: 'domicilio del figlio', quality: 'scarsa' },
      question: {
        text: 'Palpitazioni e riscontro di fibrillazione atriale all’ECG eseguito in farmacia.',
        code: { code: '427.31', display: 'Fibrillazione atriale' },
      },
      report:
        'Fibrillazione atriale a frequenza ventricolare controllata (FC domiciliare 78-90 bpm), verosimilmente di recente insorgenza. CHA2DS2-VASc 2 (età, ipertensione).\nQualità del collegamento scarsa: valutazione limitata al colloquio e ai parametri trasmessi.',
      diagnoses: [
        { code: '427.31', display: 'Fibrillazione atriale' },
        { code: '401.9', display: 'Ipertensione essenziale non specificata' },
      ],
      suggestions: 'Avviare terapia anticoagulante orale dopo valutazione della funzione renale.',
      followUp: [
        { description: 'Ecocardiogramma transtoracico', due: '2024-12-20' },
        { description: 'Holter ECG 24 ore' },
      ],
    },

    // Geriatric heart failure with two drugs, CF of a man with an accented surname.
    {
      header: header('000111', '2024-02-27', '10:15', '10:45', {
        patient: patients.giovanni,
        clinician: clinicians.cardiologa,
        prescription: { nre: '1200A4005550123', priority: 'R' },
        dataEnterer: { clinician: clinicians.infermiera, time: '2024-02-27T10:50:00+01:00' },
      }),
      booking: booking('000111'),
      visitKind: 'controllo',
      ...cardiology,
      connection: {
        mode: 'video',
        patientLocation: 'domicilio',
        assistedBy: 'il figlio',
        quality: 'buona',
      },
      report:
        'Compenso emodinamico mantenuto. Peso stabile (± 0,5 kg nell’ultimo mese), nessun edema declive visibile.',
      diagnoses: [{ code: '428.0', display: 'Insufficienza cardiaca congestizia non specificata' }],
      therapy: {
        drugs: [
          {
            aic: '023993013',
            name: 'LASIX*25MG 30 CPR',
            atc: { code: 'C03CA01', display: 'Furosemide' },
            instructions: '1 compressa al mattino',
          },
          {
            aic: '024840074',
            name: 'CARDIOASPIRIN*30CPR GASTR 100MG',
            atc: { code: 'B01AC06', display: 'Acido acetilsalicilico' },
            instructions: '1 compressa a pranzo',
            start: '2024-02-28',
          },
        ],
      },
    },
  ];
}
