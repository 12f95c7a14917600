import type { DocumentHeaderInput } from '../header.js';
import type { RsaModelInput } from './model.js';
import {
  addressIn,
  clinician,
  documentIds,
  oidRoots,
  organisations,
  patient,
  type OrganisationKey,
} from './sample-fixtures.js';

/**
 * Varied RSA inputs for the designer preview and the conformance tests: in-person visits
 * with and without an NRE, both sexes, accented and apostrophed names, omocodic and
 * foreign-born codici fiscali, a replacement (version 2), minimal and very long reports.
 */

type Clinician = DocumentHeaderInput['author']['clinician'];
type Patient = DocumentHeaderInput['patient'];

interface HeaderSpec {
  org: OrganisationKey;
  code: string;
  version?: number;
  /** Signature time: author, legal authenticator and document. */
  signedAt: string;
  patient: Patient;
  author: Clinician;
  legal?: Clinician;
  referrer?: Clinician;
  nre?: { nre: string; priority: 'R' | 'P' | 'UR' | 'EM' };
  encounter: { extension: string; start: string; end?: string };
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
    author: { clinician: s.author, time: s.signedAt },
    legalAuthenticator: { clinician: s.legal ?? s.author, time: s.signedAt },
    ...(s.dataEnterer ? { dataEnterer: s.dataEnterer } : {}),
    custodian: org.custodian,
    ...(s.nre ? { prescription: s.nre } : {}),
    ...(s.referrer ? { referrer: s.referrer } : {}),
    encounter: {
      id: { root: oidRoots.encounters(org.region), extension: s.encounter.extension },
      start: s.encounter.start,
      ...(s.encounter.end ? { end: s.encounter.end } : {}),
      facility: org.facility,
      responsible: s.legal ?? s.author,
    },
  };
}

const cardiologo = clinician({
  given: 'Marco',
  family: 'Bellini',
  sex: 'M',
  birthDate: '1969-02-11',
  born: 'roma',
  prefix: 'Dott.',
  specialty: 'Cardiologia',
  phone: '06 6835 2291',
  email: 'marco.bellini@aslroma1.example.it',
  address: addressIn('roma', 'Piazza Santa Maria della Pietà 5'),
});

const mmgRoma = clinician({
  given: 'Lucia',
  family: 'Ferrante',
  sex: 'F',
  birthDate: '1971-09-30',
  born: 'napoli',
  prefix: 'Dott.ssa',
  phone: '06 4470 1188',
  address: addressIn('roma', 'Via Tiburtina 212'),
});

const dermatologa = clinician({
  given: 'Chiara',
  family: "Dell'Orto",
  sex: 'F',
  birthDate: '1980-06-05',
  born: 'milano',
  prefix: 'Dott.ssa',
  specialty: 'Dermatologia',
  email: 'chiara.dellorto@asst-fbf-sacco.example.it',
});

const neurologo = clinician({
  given: 'Nicolò',
  family: 'Santoro',
  sex: 'M',
  birthDate: '1975-12-19',
  born: 'firenze',
  prefix: 'Prof.',
  specialty: 'Neurologia',
  phone: '055 794 8120',
  omocodia: 1,
});

const endocrinologa = clinician({
  given: 'Maria Grazia',
  family: 'Lo Russo',
  sex: 'F',
  birthDate: '1966-03-08',
  born: 'lecce',
  prefix: 'Dott.ssa',
  specialty: 'Endocrinologia',
  phone: '0832 215 440',
});

const infermiereAccettazione = clinician({
  given: 'Andrea',
  family: 'Pellegrini',
  sex: 'M',
  birthDate: '1988-07-22',
  born: 'roma',
  prefix: 'Inf.',
});

const PHYSICAL_EXAM_CARDIO = `Condizioni generali buone, paziente vigile, orientato e collaborante. Peso 84 kg, altezza 176 cm (BMI 27,1).
PA 148/92 mmHg al braccio destro, 146/90 mmHg al sinistro; FC 76 bpm, ritmica. SpO2 97% in aria ambiente.

Torace: murmure vescicolare normotrasmesso, non rumori aggiunti. Cuore: toni validi, pause libere, non soffi. Polsi periferici presenti e simmetrici. Non edemi declivi. Non turgore giugulare.`;

const LONG_NEURO_REPORT = `Paziente di 47 anni giunto alla nostra osservazione su richiesta del medico curante per cefalea ricorrente, ingravescente negli ultimi otto mesi, con episodi che il paziente descrive come diversi da quelli sofferti in giovane età. Riferisce emicrania senza aura dall'adolescenza, con frequenza storicamente di due o tre attacchi al mese, ben controllati con FANS al bisogno. Da circa otto mesi gli attacchi sono divenuti quasi settimanali, di durata compresa tra 12 e 36 ore, a localizzazione prevalentemente fronto-temporale sinistra, di carattere pulsante, con intensità moderata-severa (NRS 7-8/10), accompagnati da fotofobia, fonofobia e nausea, talora con vomito. Gli attacchi peggiorano con l'attività fisica di routine e costringono il paziente a interrompere il lavoro (impiegato, uso prolungato del videoterminale).

Il diario delle cefalee compilato nelle ultime dodici settimane documenta una media di 9 giorni di cefalea al mese, di cui 6 con caratteristiche emicraniche. Nello stesso periodo il paziente ha assunto ibuprofene 600 mg in media 8 giorni al mese e, negli ultimi due mesi, anche paracetamolo-codeina in 3-4 giorni al mese, senza raggiungere i 15 giorni di assunzione mensile che definirebbero un uso eccessivo di analgesici. Nega episodi di cefalea a rombo di tuono, risvegli notturni dovuti al dolore, peggioramento con la manovra di Valsalva o in clinostatismo, febbre, calo ponderale, deficit neurologici focali transitori o persistenti, disturbi visivi diversi dalla fotofobia. Riferisce invece sonno irregolare e non ristoratore da quando lavora su turni, e un aumento dello stress lavorativo.

All'esame neurologico il paziente è vigile, orientato, con eloquio fluente e comprensione conservata. Nervi cranici indenni; fundus oculi nei limiti, papille a margini netti. Forza, tono e trofismo conservati ai quattro arti; riflessi osteotendinei normoevocabili e simmetrici, Babinski assente bilateralmente. Sensibilità superficiale e profonda conservata. Prove di coordinazione eseguite correttamente; Romberg negativo, marcia autonoma su base normale. Non segni meningei. Dolorabilità alla palpazione dei muscoli pericranici e del trapezio bilateralmente, più marcata a sinistra.

La risonanza magnetica dell'encefalo senza e con mezzo di contrasto, eseguita il mese scorso, non mostra alterazioni di segnale del parenchima né lesioni espansive; sistema ventricolare in asse e di normali dimensioni; non anomalie vascolari evidenti nelle sequenze angiografiche. Gli esami ematochimici recenti (emocromo, VES, PCR, funzionalità renale ed epatica, TSH) sono nella norma.

Il quadro clinico è compatibile con emicrania senza aura ad alta frequenza episodica, in assenza di segni d'allarme e con neuroimmagini negative; la componente tensiva pericranica e il sonno irregolare contribuiscono verosimilmente all'aumento della frequenza degli attacchi. Non vi sono elementi per una cefalea secondaria. L'uso di analgesici, pur non configurando ancora un abuso, è vicino alla soglia e va contenuto. Si ritiene indicata una terapia di profilassi e un intervento sullo stile di vita, con rivalutazione clinica a tre mesi sulla base del diario delle cefalee.`;

export function rsaSamples(): RsaModelInput[] {
  return [
    // 1. First cardiology visit with NRE: every section, several diagnoses, coded entries.
    {
      header: header({
        org: 'aslRoma1',
        code: '120201.RSA.2025.000118',
        signedAt: '2025-03-12T11:05:00+01:00',
        patient: patient({
          given: 'Niccolò',
          family: "D'Angelo",
          sex: 'M',
          birthDate: '1958-04-17',
          born: 'roma',
          home: addressIn('roma', "Via dell'Amba Aradam 14"),
          phone: '+39 333 410 2290',
          email: 'niccolo.dangelo@example.it',
        }),
        author: cardiologo,
        referrer: mmgRoma,
        nre: { nre: '1200A4012345678', priority: 'P' },
        encounter: {
          extension: 'AMB-2025-031207',
          start: '2025-03-12T10:15:00+01:00',
          end: '2025-03-12T10:50:00+01:00',
        },
        dataEnterer: { clinician: infermiereAccettazione, time: '2025-03-12T10:12:00+01:00' },
      }),
      specialty: 'Cardiologia',
      quesito: {
        text: 'Dolore toracico atipico da sforzo in paziente iperteso e dislipidemico. Si richiede valutazione cardiologica.',
        codes: [{ code: '786.50', display: 'Dolore toracico non specificato' }],
      },
      clinicalHistory: {
        anamnesis:
          'Ex fumatore (20 sigarette/die fino al 2010). Familiarità per cardiopatia ischemica (padre infartuato a 62 anni). Ipertensione arteriosa nota dal 2012, ipercolesterolemia dal 2015.\n\nRiferisce da circa due mesi episodi di oppressione retrosternale durante la salita di due rampe di scale, di durata inferiore a cinque minuti, regrediti con il riposo. Non dispnea parossistica notturna, non cardiopalmo, non sincopi.',
        problems: [
          {
            description: 'Ipertensione arteriosa',
            code: { code: '401.9', display: 'Ipertensione essenziale non specificata' },
            onset: '2012-05-01',
            course: 'chronic',
          },
          {
            description: 'Ipercolesterolemia',
            code: { code: '272.0', display: 'Ipercolesterolemia pura' },
            onset: '2015-10-01',
            course: 'chronic',
          },
          {
            description: 'Colica biliare, risolta dopo colecistectomia laparoscopica',
            code: { code: '574.20', display: 'Calcolosi della colecisti senza colecistite' },
            onset: '2018-02-10',
            resolved: '2018-06-21',
            status: 'inactive',
            course: 'acute',
          },
        ],
        allergies: {
          items: [
            {
              description: "Allergia all'amoxicillina: orticaria generalizzata nel 2003",
              type: 'DALG',
              agent: { system: 'atc', code: 'J01CA04', display: 'Amoxicillina' },
              since: '2003-07-15',
            },
          ],
        },
        currentTherapy: {
          items: [
            {
              description: 'Ramipril 5 mg compresse',
              atc: { code: 'C09AA05', display: 'Ramipril' },
              dosage: '1 compressa al mattino',
            },
            {
              description: 'Atorvastatina 20 mg compresse',
              atc: { code: 'C10AA05', display: 'Atorvastatina' },
              dosage: '1 compressa la sera',
            },
          ],
        },
      },
      previousExams: {
        items: [
          {
            description: 'Elettrocardiogramma a riposo',
            date: '2025-01-20',
            outcome:
              'Ritmo sinusale, FC 72 bpm, PR 160 ms, QRS stretto; non alterazioni della ripolarizzazione.',
            code: { system: 'icd9cm', code: '89.52', display: 'Elettrocardiogramma' },
          },
          {
            description: 'Colesterolo totale',
            date: '2025-02-03',
            outcome: '228 mg/dL',
            code: {
              system: 'loinc',
              code: '2093-3',
              display: 'Cholesterol [Mass/volume] in Serum or Plasma',
            },
          },
          {
            description: 'Esami ematochimici di routine (emocromo, creatinina, glicemia)',
            date: '2025-02-03',
            outcome: 'Nei limiti di norma; creatinina 0,9 mg/dL, glicemia a digiuno 98 mg/dL.',
          },
        ],
      },
      physicalExam: PHYSICAL_EXAM_CARDIO,
      services: [
        {
          code: '89.7A.3',
          display: 'Prima visita cardiologica',
          time: '2025-03-12T10:15:00+01:00',
        },
        {
          code: '89.52',
          display: 'Elettrocardiogramma',
          time: '2025-03-12T10:30:00+01:00',
          note: 'Eseguito in corso di visita, incluso nella prestazione 89.7A.3.',
        },
      ],
      comparison:
        "Rispetto all'ECG del 20/01/2025 non si osservano variazioni significative della ripolarizzazione.",
      report:
        'ECG odierno: ritmo sinusale a 74 bpm, asse elettrico nei limiti, conduzione atrioventricolare e intraventricolare regolare, non alterazioni acute della ripolarizzazione.\n\nIl quadro anamnestico di angor da sforzo di recente insorgenza in paziente con più fattori di rischio cardiovascolare (ipertensione non a target, dislipidemia, pregresso tabagismo, familiarità) impone di escludere una cardiopatia ischemica inducibile. Valori pressori non adeguatamente controllati con la terapia in atto.',
      diagnoses: [
        {
          code: '786.59',
          display: 'Altri dolori toracici',
          note: 'Angor da sforzo da definire',
        },
        { code: '401.9', display: 'Ipertensione essenziale non specificata', note: 'Non a target' },
        { code: '272.0', display: 'Ipercolesterolemia pura' },
      ],
      conclusions:
        'Dolore toracico da sforzo di sospetta natura ischemica in paziente ad alto rischio cardiovascolare. Ipertensione arteriosa non controllata.',
      suggestions:
        'Si consiglia di potenziare la terapia antipertensiva e ipolipemizzante come indicato e di programmare con priorità breve gli accertamenti richiesti. In caso di dolore toracico a riposo o prolungato oltre 15 minuti il paziente deve rivolgersi al 118.',
      recommendedTests: [
        {
          description: 'Ecocolordoppler cardiaco a riposo',
          service: { code: '88.72.2', display: 'Eco(color)dopplergrafia cardiaca a riposo' },
          when: 'Entro 10 giorni',
        },
        {
          description: 'Test da sforzo al cicloergometro',
          service: {
            code: '89.41',
            display: 'Test cardiovascolare da sforzo con cicloergometro o con pedana mobile',
          },
          when: 'Entro 10 giorni',
        },
        {
          description: 'Visita cardiologica di controllo con gli esiti',
          service: { code: '89.01.3', display: 'Visita cardiologica di controllo' },
          when: 'Entro 1 mese',
        },
      ],
      recommendedTherapy: {
        text: 'Proseguire ramipril 5 mg al mattino. Sospendere atorvastatina 20 mg e sostituirla come sotto indicato.',
        items: [
          {
            description: 'Acido acetilsalicilico 100 mg compresse gastroresistenti',
            atc: { code: 'B01AC06', display: 'Acido acetilsalicilico' },
            dosage: '1 compressa al giorno dopo pranzo',
            everyHours: 24,
            start: '2025-03-13',
          },
          {
            description: 'Atorvastatina 40 mg compresse',
            atc: { code: 'C10AA05', display: 'Atorvastatina' },
            dosage: '1 compressa la sera',
            everyHours: 24,
            start: '2025-03-13',
            packages: 2,
          },
          {
            description: 'Amlodipina 5 mg compresse',
            atc: { code: 'C08CA01', display: 'Amlodipina' },
            dosage: '1 compressa la sera',
            start: '2025-03-13',
            end: '2025-04-12',
            packages: 1,
          },
        ],
      },
    },

    // 2. Minimal RSA: direct access, no NRE, no optional section, female patient.
    {
      header: header({
        org: 'asstMilano',
        code: '030913.RSA.2025.004417',
        signedAt: '2025-06-18T16:40:00+02:00',
        patient: patient({
          given: 'Anna Maria',
          family: "Dell'Acqua",
          sex: 'F',
          birthDate: '1991-11-02',
          born: 'milano',
        }),
        author: dermatologa,
        encounter: { extension: 'AMB-2025-118822', start: '2025-06-18T16:10:00+02:00' },
      }),
      access: 'DIR',
      services: [
        {
          code: '89.7A.7',
          display: 'Prima visita dermatologica/allergologica',
          time: '2025-06-18T16:10:00+02:00',
        },
      ],
      report:
        'Lesione pigmentata di 4 mm in regione scapolare destra, simmetrica, a margini regolari e colorito omogeneo; in dermatoscopia reticolo pigmentario regolare. Quadro compatibile con nevo melanocitico benigno. Non necessari ulteriori accertamenti; autoesame della cute e controllo annuale.',
    },

    // 3. Version 2 replacing version 1 (corrected diagnosis), omocodic patient code.
    {
      header: header({
        org: 'aslRoma1',
        code: '120201.RSA.2025.000201',
        version: 2,
        signedAt: '2025-04-03T09:20:00+02:00',
        patient: patient({
          given: 'Giuseppe',
          family: 'Esposito',
          sex: 'M',
          birthDate: '1949-08-23',
          born: 'napoli',
          omocodia: 2,
          home: addressIn('roma', 'Via Casilina 1021'),
        }),
        author: cardiologo,
        referrer: mmgRoma,
        nre: { nre: '1200A4019876543', priority: 'R' },
        encounter: {
          extension: 'AMB-2025-040118',
          start: '2025-04-02T15:00:00+02:00',
          end: '2025-04-02T15:30:00+02:00',
        },
      }),
      specialty: 'Cardiologia',
      quesito: {
        text: 'Controllo in fibrillazione atriale permanente in terapia anticoagulante orale.',
        codes: [{ code: '427.31', display: 'Fibrillazione atriale' }],
      },
      clinicalHistory: {
        anamnesis:
          'Fibrillazione atriale permanente dal 2019, in terapia con apixaban. Insufficienza renale cronica di grado moderato.',
        problems: [
          {
            description: 'Fibrillazione atriale permanente',
            code: { code: '427.31', display: 'Fibrillazione atriale' },
            onset: '2019-09-01',
            course: 'chronic',
          },
          {
            description: 'Malattia renale cronica stadio 3',
            code: { code: '585.3', display: 'Malattia renale cronica, stadio III (moderata)' },
            course: 'chronic',
          },
        ],
        currentTherapy: {
          text: 'Terapia riferita dal paziente e verificata sul piano terapeutico.',
          items: [
            {
              description: 'Apixaban 2,5 mg compresse',
              atc: { code: 'B01AF02', display: 'Apixaban' },
              dosage: '1 compressa ogni 12 ore',
            },
            {
              description: 'Furosemide 25 mg compresse (Lasix)',
              aic: { code: '023993013', display: 'LASIX*25MG 30 CPR' },
              atc: { code: 'C03CA01', display: 'Furosemide' },
              dosage: '1 compressa al mattino',
            },
          ],
        },
      },
      services: [
        {
          code: '89.01.3',
          display: 'Visita cardiologica di controllo',
          time: '2025-04-02T15:00:00+02:00',
        },
      ],
      report:
        'Paziente asintomatico per angor e dispnea. Frequenza ventricolare media 78 bpm. Funzione renale stabile (eGFR 42 mL/min). Dose di apixaban adeguata per età, peso e creatinina.\n\nVersione corretta: nella prima versione la diagnosi di malattia renale cronica era riportata con stadio errato.',
      diagnoses: [
        { code: '427.31', display: 'Fibrillazione atriale' },
        { code: '585.3', display: 'Malattia renale cronica, stadio III (moderata)' },
        { code: 'V58.61', display: 'Uso prolungato (in corso) di anticoagulanti' },
      ],
      conclusions: 'Fibrillazione atriale permanente a frequenza controllata, terapia invariata.',
      recommendedTests: [
        {
          description: 'Creatinina ed emocromo',
          when: 'Ogni 6 mesi',
        },
        {
          description: 'Visita cardiologica di controllo',
          service: { code: '89.01.3', display: 'Visita cardiologica di controllo' },
          when: 'Tra 12 mesi',
        },
      ],
    },

    // 4. Neurology: very long report (over 2,000 characters), omocodic author.
    {
      header: header({
        org: 'aouCareggi',
        code: '090901.RSA.2025.017734',
        signedAt: '2025-10-27T12:10:00+01:00',
        patient: patient({
          given: 'Tommaso',
          family: 'Bartolini',
          sex: 'M',
          birthDate: '1978-01-30',
          born: 'firenze',
          home: addressIn('firenze', 'Via di Novoli 57'),
          email: 'tommaso.bartolini@example.it',
        }),
        author: neurologo,
        nre: { nre: '0900A2004567123', priority: 'P' },
        encounter: {
          extension: 'AMB-2025-277190',
          start: '2025-10-27T10:40:00+01:00',
          end: '2025-10-27T11:30:00+01:00',
        },
      }),
      specialty: 'Neurologia',
      quesito: {
        text: 'Cefalea ricorrente con aumento della frequenza degli attacchi.',
        codes: [{ code: '784.0', display: 'Cefalea' }],
      },
      clinicalHistory: {
        anamnesis:
          "Emicrania senza aura dall'età di 15 anni. Nessuna patologia cronica di rilievo. Non assume farmaci in modo continuativo.",
        problems: [
          {
            description: 'Emicrania senza aura',
            code: {
              code: '346.10',
              display: 'Emicrania comune, senza menzione di emicrania intrattabile',
            },
            onset: '1993-01-01',
            course: 'chronic',
          },
        ],
        allergies: { text: 'Nessuna allergia nota a farmaci o alimenti.' },
      },
      previousExams: {
        items: [
          {
            description: "Risonanza magnetica dell'encefalo senza e con contrasto",
            date: '2025-09-22',
            outcome:
              'Non alterazioni di segnale del parenchima, non lesioni espansive, sistema ventricolare nella norma.',
            code: {
              system: 'icd9cm',
              code: '88.91',
              display: 'Risonanza magnetica nucleare del cervello e del tronco encefalico',
            },
          },
          {
            description: 'TSH',
            date: '2025-09-15',
            outcome: '1,8 mUI/L',
            code: {
              system: 'loinc',
              code: '3016-3',
              display: 'Thyrotropin [Units/volume] in Serum or Plasma',
            },
          },
        ],
      },
      services: [
        {
          code: '89.13',
          display: 'Prima visita neurologica [neurochirurgica]',
          time: '2025-10-27T10:40:00+01:00',
        },
      ],
      report: LONG_NEURO_REPORT,
      diagnoses: [
        {
          code: '346.10',
          display: 'Emicrania comune, senza menzione di emicrania intrattabile',
          note: 'Ad alta frequenza episodica',
        },
        { code: '307.81', display: 'Cefalea tensiva' },
      ],
      conclusions:
        'Emicrania senza aura ad alta frequenza episodica con componente tensiva; indicata profilassi.',
      suggestions:
        'Limitare gli analgesici a non più di 8 giorni al mese; compilare il diario delle cefalee. Regolarizzare il ritmo sonno-veglia.',
      recommendedTests: [
        {
          description: 'Visita neurologica di controllo con il diario delle cefalee',
          service: { code: '89.01.C', display: 'Visita neurologica di controllo' },
          when: 'Tra 3 mesi',
        },
      ],
      recommendedTherapy: {
        items: [
          {
            description: 'Amitriptilina 10 mg compresse',
            atc: { code: 'N06AA09', display: 'Amitriptilina' },
            dosage: '1 compressa la sera per due settimane, poi 2 compresse la sera',
            everyHours: 24,
            start: '2025-10-28',
            end: '2026-01-28',
          },
          {
            description: 'Almotriptan 12,5 mg compresse',
            atc: { code: 'N02CC05', display: 'Almotriptan' },
            dosage:
              "1 compressa all'esordio dell'attacco, ripetibile dopo 2 ore; massimo 2 al giorno",
            start: '2025-10-28',
          },
        ],
      },
    },

    // 5. Endocrinology in Puglia: ASL custodian without phone, female, no referrer, NRE urgent.
    {
      header: header({
        org: 'aslLecce',
        code: '160116.RSA.2025.002290',
        signedAt: '2025-02-07T13:00:00+01:00',
        patient: patient({
          given: 'Addolorata',
          family: 'De Giorgi',
          sex: 'F',
          birthDate: '1962-05-14',
          born: 'lecce',
          home: addressIn('lecce', 'Viale Gallipoli 33'),
          phone: '0832 301 552',
        }),
        author: endocrinologa,
        nre: { nre: '1600A1234509876', priority: 'UR' },
        encounter: { extension: 'AMB-2025-002290', start: '2025-02-07T12:15:00+01:00' },
      }),
      specialty: 'Endocrinologia',
      quesito: {
        text: 'Nodulo tiroideo di riscontro ecografico occasionale.',
        codes: [{ code: '241.0', display: 'Struma uninodulare non tossico' }],
      },
      clinicalHistory: {
        anamnesis:
          'Menopausa a 51 anni. Osteopenia nota. Nessuna esposizione a radiazioni in età infantile.',
        problems: [
          {
            description: 'Osteoporosi postmenopausale',
            code: { code: '733.01', display: 'Osteoporosi senile' },
            onset: '2020-03-01',
            course: 'chronic',
          },
        ],
        currentTherapy: {
          items: [
            {
              description: 'Colecalciferolo 25.000 UI flaconcini orali',
              atc: { code: 'A11CC05', display: 'Colecalciferolo' },
              dosage: '1 flaconcino ogni 14 giorni',
            },
          ],
        },
      },
      previousExams: {
        text: 'Ecografia tiroidea eseguita in struttura privata, referto in visione.',
        items: [
          {
            description: 'Ecografia del collo',
            date: '2025-01-10',
            outcome:
              'Nodulo solido isoecogeno di 14 mm al lobo destro, margini regolari, senza microcalcificazioni (EU-TIRADS 3).',
            code: {
              system: 'icd9cm',
              code: '88.71',
              display: 'Diagnostica ecografica del capo e del collo',
            },
          },
        ],
      },
      physicalExam:
        'Tiroide palpabile, nodulo di consistenza parenchimatosa al lobo destro, mobile con la deglutizione. Non linfoadenopatie laterocervicali.',
      services: [
        {
          code: '89.7A.8',
          display: 'Prima visita endocrinologica',
          time: '2025-02-07T12:15:00+01:00',
        },
      ],
      report:
        "Nodulo tiroideo destro di 14 mm a basso rischio ecografico (EU-TIRADS 3), in paziente clinicamente eutiroidea. Secondo le linee guida, per noduli EU-TIRADS 3 l'agoaspirato è indicato sopra i 20 mm: si propone sorveglianza ecografica.",
      diagnoses: [
        { code: '241.0', display: 'Struma uninodulare non tossico' },
        { code: '733.01', display: 'Osteoporosi senile' },
      ],
      recommendedTests: [
        {
          description: 'TSH',
          service: { code: '90.42.1', display: 'Tireotropina (TSH)' },
          when: 'Prima del controllo',
        },
        {
          description: 'Ecografia tiroidea di controllo',
          when: 'Tra 12 mesi',
        },
      ],
    },

    // 6. Foreign-born patient (codice fiscale with Z code, birthplace unknown), restricted.
    {
      header: header({
        org: 'aslRoma1',
        code: '120201.RSA.2025.000777',
        signedAt: '2025-05-21T10:45:00+02:00',
        confidentiality: 'R',
        patient: patient({
          given: 'Ioana',
          family: 'Popescu',
          sex: 'F',
          birthDate: '1987-03-29',
          born: { foreign: 'Z129' },
          home: addressIn('roma', 'Via Prenestina 480'),
          phone: '+39 347 220 9183',
        }),
        author: cardiologo,
        referrer: mmgRoma,
        nre: { nre: '1200A4011122233', priority: 'R' },
        encounter: {
          extension: 'AMB-2025-052144',
          start: '2025-05-21T09:50:00+02:00',
          end: '2025-05-21T10:20:00+02:00',
        },
      }),
      specialty: 'Cardiologia',
      quesito: {
        text: 'Cardiopalmo parossistico in gravidanza alla 24ª settimana.',
        codes: [{ code: '785.1', display: 'Palpitazioni' }],
      },
      physicalExam:
        'PA 112/70 mmHg, FC 88 bpm ritmica. Soffio sistolico eiettivo 1/6 al focolaio polmonare, funzionale.',
      services: [
        {
          code: '89.7A.3',
          display: 'Prima visita cardiologica',
          time: '2025-05-21T09:50:00+02:00',
        },
        {
          code: '89.50',
          display: 'Elettrocardiogramma dinamico (secondo Holter)',
          time: '2025-05-21T10:15:00+02:00',
          note: 'Applicazione del registratore; lettura alla riconsegna.',
        },
      ],
      report:
        'ECG: tachicardia sinusale a 102 bpm, non preeccitazione ventricolare. Il quadro è compatibile con tachicardia sinusale fisiologica della gravidanza. Soffio funzionale da iperdinamismo.',
      diagnoses: [{ code: '785.0', display: 'Tachicardia non specificata' }],
      conclusions: 'Tachicardia sinusale in gravidanza senza segni di cardiopatia strutturale.',
    },

    // 7. Pulmonology with many diagnoses and a regional catalogue code.
    {
      header: header({
        org: 'asstMilano',
        code: '030913.RSA.2025.005102',
        signedAt: '2025-11-14T12:30:00+01:00',
        patient: patient({
          given: 'Pierluigi',
          family: "Sant'Ambrogio",
          sex: 'M',
          birthDate: '1944-12-01',
          born: 'milano',
          omocodia: 3,
          home: addressIn('milano', 'Corso di Porta Romana 118'),
        }),
        author: clinician({
          given: 'Federica',
          family: 'Colombo',
          sex: 'F',
          birthDate: '1977-04-04',
          born: 'milano',
          prefix: 'Dott.ssa',
          specialty: 'Pneumologia',
          phone: '02 3904 2210',
        }),
        nre: { nre: '0300A8001122334', priority: 'R' },
        encounter: { extension: 'AMB-2025-200311', start: '2025-11-14T11:20:00+01:00' },
      }),
      specialty: 'Pneumologia',
      quesito: { text: 'Dispnea da sforzo ingravescente in ex fumatore.' },
      clinicalHistory: {
        anamnesis:
          'Ex fumatore (50 pack-years), ex operaio edile. Diabete tipo 2 in terapia orale.',
        problems: [
          {
            description: 'Diabete mellito di tipo 2',
            code: {
              code: '250.00',
              display:
                'Diabete mellito tipo II senza menzione di complicazioni, non definito come non controllato',
            },
            onset: '2008-01-01',
            course: 'chronic',
          },
          { description: 'Pregressa frattura di femore destro (2016)', status: 'inactive' },
        ],
      },
      previousExams: {
        items: [
          {
            description: 'Radiografia del torace',
            date: '2025-10-02',
            outcome:
              'Iperdiafania dei campi polmonari, appiattimento degli emidiaframmi; non addensamenti.',
            code: { system: 'icd9cm', code: '87.44', display: 'Radiografia del torace di routine' },
          },
        ],
      },
      services: [
        {
          code: '89.7C.1',
          display: 'Prima visita pneumologica',
          time: '2025-11-14T11:20:00+01:00',
        },
        {
          code: '89.37.2',
          display: 'Spirometria globale',
          time: '2025-11-14T11:45:00+01:00',
          catalogue: '2.16.840.1.113883.2.9.2.30.6.1.11',
        },
      ],
      report:
        'Spirometria globale: FEV1 1,42 L (52% del predetto), FEV1/FVC 0,58 post-broncodilatatore; aumento del volume residuo. Deficit ventilatorio ostruttivo di grado moderato-grave non reversibile, con iperinsufflazione.',
      diagnoses: [
        {
          code: '496',
          display: 'Ostruzioni croniche delle vie respiratorie, non classificate altrove',
        },
        { code: '492.8', display: 'Altri enfisemi' },
        {
          code: '250.00',
          display:
            'Diabete mellito tipo II senza menzione di complicazioni, non definito come non controllato',
        },
        { code: 'V15.82', display: 'Anamnesi personale di tabagismo' },
      ],
      conclusions: 'BPCO di grado moderato-grave (GOLD 3) con enfisema.',
      suggestions:
        'Indicata vaccinazione antinfluenzale e antipneumococcica; programma di riabilitazione respiratoria.',
      recommendedTests: [
        {
          description: 'Emogasanalisi arteriosa',
          service: { code: '89.65.1', display: 'Emogasanalisi arteriosa sistemica' },
        },
        {
          description: 'Test del cammino di 6 minuti',
          service: {
            code: '89.44.2',
            display: 'Test del cammino con valutazione della saturazione arteriosa',
          },
        },
        {
          description: 'Visita pneumologica di controllo',
          service: { code: '89.01.L', display: 'Visita pneumologica di controllo' },
          when: 'Tra 6 mesi',
        },
      ],
      recommendedTherapy: {
        items: [
          {
            description: 'Tiotropio bromuro 2,5 microgrammi soluzione per inalazione',
            atc: { code: 'R03BB04', display: 'Tiotropio bromuro' },
            dosage: '2 erogazioni una volta al giorno',
            everyHours: 24,
            start: '2025-11-15',
          },
        ],
      },
    },

    // 8. Generic first visit (89.7 "Visita generale") without NRE, only narrative sections.
    {
      header: header({
        org: 'aouCareggi',
        code: '090901.RSA.2025.018001',
        signedAt: '2025-07-09T18:05:00+02:00',
        patient: patient({
          given: 'Zoë',
          family: 'Cantù',
          sex: 'F',
          birthDate: '2001-09-12',
          born: 'bologna',
          email: 'zoe.cantu@example.it',
        }),
        author: clinician({
          given: 'Gianmarco',
          family: 'Forlì',
          sex: 'M',
          birthDate: '1983-05-27',
          born: 'perugia',
          prefix: 'Dott.',
          specialty: 'Medicina interna',
          email: 'g.forli@aou-careggi.example.it',
        }),
        encounter: { extension: 'AMB-2025-190044', start: '2025-07-09T17:30:00+02:00' },
      }),
      access: 'DIR',
      services: [{ code: '89.7', display: 'Visita generale', time: '2025-07-09T17:30:00+02:00' }],
      physicalExam: 'Obiettività generale nei limiti. PA 110/68 mmHg, FC 70 bpm.',
      report:
        "Visita per idoneità a un soggiorno di studio all'estero: non controindicazioni. Vaccinazioni aggiornate secondo il calendario nazionale.",
      conclusions: "Nessuna controindicazione. Si rilascia attestazione all'interessata.",
    },

    // 9. Orthopaedics with ICD-9-CM coded history only and therapy ending on a date.
    {
      header: header({
        org: 'aslRoma1',
        code: '120201.RSA.2025.000912',
        signedAt: '2025-09-03T12:00:00+02:00',
        patient: patient({
          given: 'Rosaria',
          family: "D'Alessandro",
          sex: 'F',
          birthDate: '1955-02-20',
          born: 'laquila',
          home: addressIn('roma', 'Via Nomentana 301'),
        }),
        author: clinician({
          given: 'Luca',
          family: 'Mancini',
          sex: 'M',
          birthDate: '1972-10-10',
          born: 'roma',
          prefix: 'Dott.',
          specialty: 'Ortopedia e traumatologia',
          phone: '06 6835 2410',
        }),
        referrer: mmgRoma,
        nre: { nre: '1200A4015550001', priority: 'P' },
        encounter: {
          extension: 'AMB-2025-090303',
          start: '2025-09-03T11:20:00+02:00',
          end: '2025-09-03T11:45:00+02:00',
        },
      }),
      specialty: 'Ortopedia e traumatologia',
      quesito: {
        text: 'Gonalgia destra meccanica da circa un anno.',
        codes: [{ code: '719.46', display: 'Dolore articolare, gamba' }],
      },
      clinicalHistory: {
        problems: [
          {
            description: 'Gonartrosi bilaterale',
            code: {
              code: '715.96',
              display: 'Osteoartrosi non specificata se generalizzata o localizzata, gamba',
            },
            onset: '2021-04-01',
            course: 'chronic',
          },
          {
            description: 'Obesità',
            code: { code: '278.00', display: 'Obesità non specificata' },
            course: 'chronic',
          },
        ],
        allergies: {
          text: 'Allergia al lattice (dermatite da contatto).',
          items: [
            {
              description: 'Allergia al lattice',
              type: 'EALG',
              agent: { system: 'allergeni-non-farmaci', code: '111088007', display: 'Lattice' },
            },
            {
              description: 'Intolleranza a un analgesico non ricordato dalla paziente',
              type: 'DINT',
            },
          ],
        },
      },
      physicalExam:
        'Ginocchio destro: lieve versamento, crepitii femoro-rotulei, flessione limitata a 110°, estensione completa. Legamenti stabili.',
      services: [
        {
          code: '89.7B.8',
          display: 'Prima visita ortopedica',
          time: '2025-09-03T11:20:00+02:00',
        },
      ],
      report:
        'Quadro clinico di gonartrosi destra in fase sintomatica, senza segni di instabilità.',
      diagnoses: [
        {
          code: '715.96',
          display: 'Osteoartrosi non specificata se generalizzata o localizzata, gamba',
        },
      ],
      suggestions: 'Calo ponderale e attività fisica a basso impatto (cyclette, acqua).',
      recommendedTests: [
        {
          description: 'Radiografia del ginocchio destro in carico',
          service: { code: '88.27.2', display: 'Rx del ginocchio' },
        },
      ],
      recommendedTherapy: {
        items: [
          {
            description: 'Paracetamolo 1000 mg compresse',
            atc: { code: 'N02BE01', display: 'Paracetamolo' },
            dosage: '1 compressa fino a 3 volte al giorno se dolore',
            everyHours: 8,
            start: '2025-09-03',
            end: '2025-09-17',
            packages: 1,
          },
        ],
      },
    },

    // 10. Version 2 of a minimal report: same set, new id, replaced version 1.
    {
      header: header({
        org: 'asstMilano',
        code: '030913.RSA.2025.004417',
        version: 2,
        signedAt: '2025-06-19T09:00:00+02:00',
        patient: patient({
          given: 'Anna Maria',
          family: "Dell'Acqua",
          sex: 'F',
          birthDate: '1991-11-02',
          born: 'milano',
        }),
        author: dermatologa,
        encounter: { extension: 'AMB-2025-118822', start: '2025-06-18T16:10:00+02:00' },
      }),
      access: 'DIR',
      services: [
        {
          code: '89.7A.7',
          display: 'Prima visita dermatologica/allergologica',
          time: '2025-06-18T16:10:00+02:00',
        },
      ],
      report:
        'Lesione pigmentata di 4 mm in regione scapolare destra, simmetrica, a margini regolari e colorito omogeneo; in dermatoscopia reticolo pigmentario regolare. Quadro compatibile con nevo melanocitico benigno.',
      diagnoses: [
        { code: '216.5', display: 'Tumori benigni della cute del tronco, eccetto lo scroto' },
      ],
      conclusions: 'Nevo melanocitico benigno. Controllo dermatologico annuale.',
    },

    // 11. Very restricted confidentiality (psychiatry), uncoded diagnosis only in narrative.
    {
      header: header({
        org: 'aslLecce',
        code: '160116.RSA.2025.003018',
        signedAt: '2025-12-02T17:45:00+01:00',
        confidentiality: 'V',
        patient: patient({
          given: 'Salvatore',
          family: 'Quarta',
          sex: 'M',
          birthDate: '1996-06-06',
          born: 'palermo',
          home: addressIn('lecce', 'Via Taranto 12'),
        }),
        author: clinician({
          given: 'Elena',
          family: 'Rizzo',
          sex: 'F',
          birthDate: '1979-01-25',
          born: 'lecce',
          prefix: 'Dott.ssa',
          specialty: 'Psichiatria',
          phone: '0832 215 700',
        }),
        nre: { nre: '1600A1234500001', priority: 'R' },
        encounter: { extension: 'AMB-2025-003018', start: '2025-12-02T16:50:00+01:00' },
      }),
      specialty: 'Psichiatria',
      services: [
        {
          code: '94.19.1',
          display: 'Prima visita psichiatrica',
          time: '2025-12-02T16:50:00+01:00',
        },
      ],
      report:
        "Colloquio clinico: umore deflesso da circa quattro mesi, anedonia, insonnia iniziale, riduzione dell'appetito. Non ideazione autolesiva. Buona rete familiare.",
      diagnoses: [
        {
          code: '296.20',
          display: 'Disturbo depressivo maggiore, episodio singolo, non specificato',
        },
        { code: '780.52', display: 'Insonnia, non specificata' },
      ],
      conclusions:
        'Episodio depressivo maggiore di gravità moderata. Avviata presa in carico ambulatoriale.',
    },
  ];
}
