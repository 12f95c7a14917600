import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadBuiltInForms, type BuiltInForm } from '../../forms/builtin.js';
import { walkComponents, type FormDefinition } from '../../forms/definition.js';
import { validateSubmission, type SubmissionError } from '../../forms/submission.js';
import type { FormLanguage } from '../../forms/messages.js';
import { repoRoot } from '../../platform/config.js';

const builtIns: BuiltInForm[] = loadBuiltInForms();

const expectedIds = [
  'bpco-diario-sintomi',
  'dispnea-borg',
  'dolore-nrs',
  'parere-teleconsulto',
  'referto-televisita',
  'richiesta-teleconsulto',
  'scompenso-controllo-sintomi',
  'soddisfazione-paziente',
  'teleassistenza-autovalutazione',
];

function form(id: string): FormDefinition {
  const found = builtIns.find((f) => f.id === id);
  assert.ok(found, `built-in form ${id} is loaded`);
  return found.definition;
}

/** A submission that must pass: returns the cleaned data and outputs. */
function accept(id: string, answers: Record<string, unknown>) {
  const r = validateSubmission(form(id), answers, 'it');
  if (!r.ok) assert.fail(`${id} refused a good submission: ${JSON.stringify(r.errors)}`);
  return r;
}

/** A submission that must fail: returns its errors. */
function refuse(
  id: string,
  answers: Record<string, unknown>,
  language: FormLanguage = 'it',
): SubmissionError[] {
  const r = validateSubmission(form(id), answers, language);
  if (r.ok) assert.fail(`${id} accepted a bad submission: ${JSON.stringify(r.data)}`);
  return r.errors;
}

/** The label of the component an error path points at (`data.x` or `data.grid[0].x`). */
function labelAt(id: string, errorPath: string): string {
  const key = errorPath.split('.').pop() ?? '';
  const found = walkComponents(form(id).schema.components).find((v) => v.component.key === key);
  assert.ok(found, `${id} has a component for ${errorPath}`);
  return String(found.component.label);
}

/** Asserts the exact error paths and rules, and that every message names its field. */
function assertErrors(
  id: string,
  errors: SubmissionError[],
  expected: [path: string, rule: string][],
  language: FormLanguage = 'it',
) {
  const actual = errors
    .map((e) => [e.path, e.rule])
    .sort((a, b) => a.join().localeCompare(b.join()));
  const wanted = [...expected].sort((a, b) => a.join().localeCompare(b.join()));
  assert.deepEqual(actual, wanted, JSON.stringify(errors));
  for (const e of errors) {
    assert.ok(e.message.startsWith(labelAt(id, e.path)), `"${e.message}" names its field`);
    const italian = /obbligatorio|valore non previsto|non può|formato richiesto|non è un numero/;
    assert.equal(italian.test(e.message), language === 'it', `"${e.message}" is in ${language}`);
  }
}

const bpcoItems = [
  'tosse',
  'catarro',
  'fiatoInPiano',
  'fiatoInCasa',
  'fischi',
  'risvegli',
  'energia',
  'rinunce',
] as const;
const bpcoAnswers = (values: number[]) =>
  Object.fromEntries(bpcoItems.map((k, i) => [k, String(values[i])]));

describe('built-in forms', () => {
  describe('loading', () => {
    it('loads and lints every built-in form, one file per id, version 1', () => {
      assert.deepEqual(
        builtIns.map((f) => f.id),
        expectedIds,
      );
      for (const f of builtIns) assert.equal(f.version, 1, `${f.id} is version 1`);
    });

    it('every form ends with a submit button and is normalised for the server', () => {
      for (const f of builtIns) {
        const components = f.definition.schema.components;
        const last = components[components.length - 1];
        assert.equal(last?.type, 'button', `${f.id} ends with a button`);
        assert.equal(last?.action, 'submit', `${f.id} ends with a submit button`);
        for (const { component } of walkComponents(components)) {
          if (component.calculateValue !== undefined) {
            assert.equal(component.calculateServer, true, `${f.id}.${String(component.key)}`);
            assert.equal(typeof component.calculateValue, 'object', 'calculations are JSONLogic');
          }
          if (component.type === 'radio' || component.type === 'select') {
            assert.equal(component.dataType, undefined, `${f.id}.${String(component.key)}`);
          }
        }
      }
    });

    it('every output is declared with Italian and English titles', () => {
      for (const f of builtIns) {
        assert.ok(Object.keys(f.definition.outputs).length > 0, `${f.id} has outputs`);
        for (const o of Object.values(f.definition.outputs)) {
          assert.ok(o.title.it && o.title.en);
        }
      }
    });

    it('every produces map of a built-in pathway names an output of its form', () => {
      const dir = path.join(repoRoot, 'pathways', 'definitions');
      const byId = new Map(builtIns.map((f) => [f.id, f.definition]));
      let checked = 0;
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
        const doc = parse(readFileSync(path.join(dir, file), 'utf8')) as {
          tracks?: { steps?: Record<string, unknown>[] }[];
        };
        for (const step of (doc.tracks ?? []).flatMap((t) => t.steps ?? [])) {
          if (step.type !== 'form') continue;
          const formId = (step.form as { id?: string } | undefined)?.id;
          assert.ok(formId, `${file}: step ${String(step.id)} names a form`);
          const definition = byId.get(formId);
          assert.ok(definition, `${file}: form ${formId} is a built-in`);
          const produces = (step.produces ?? {}) as Record<string, string>;
          for (const [dataPoint, outputKey] of Object.entries(produces)) {
            assert.ok(
              outputKey in definition.outputs,
              `${file}: ${dataPoint} ← ${formId}.${outputKey} is an output of the form`,
            );
            checked++;
          }
        }
      }
      assert.ok(checked >= 5, `checked ${checked} produced data points`);
    });
  });

  describe('bpco-diario-sintomi', () => {
    const id = 'bpco-diario-sintomi';

    it('sums the eight items into punteggioSintomi and drops unknown keys', () => {
      const r = accept(id, {
        ...bpcoAnswers([5, 4, 3, 2, 1, 0, 5, 5]),
        farmaciAlBisogno: 'si',
        volteFarmaci: '3',
        note: 'Tosse peggiore al mattino',
        intruso: 'x',
      });
      assert.deepEqual(r.data, {
        tosse: 5,
        catarro: 4,
        fiatoInPiano: 3,
        fiatoInCasa: 2,
        fischi: 1,
        risvegli: 0,
        energia: 5,
        rinunce: 5,
        punteggioSintomi: 25,
        farmaciAlBisogno: 'si',
        volteFarmaci: 3,
        note: 'Tosse peggiore al mattino',
      });
      assert.deepEqual(r.outputs, { punteggioSintomi: 25 });
    });

    it('gives 0 and 40 at the ends of the scale', () => {
      const low = accept(id, { ...bpcoAnswers([0, 0, 0, 0, 0, 0, 0, 0]), farmaciAlBisogno: 'no' });
      assert.deepEqual(low.outputs, { punteggioSintomi: 0 });
      const high = accept(id, { ...bpcoAnswers([5, 5, 5, 5, 5, 5, 5, 5]), farmaciAlBisogno: 'no' });
      assert.deepEqual(high.outputs, { punteggioSintomi: 40 });
    });

    it('recomputes a tampered score: punteggioSintomi 0 sent with high answers comes back as the sum', () => {
      const r = accept(id, {
        ...bpcoAnswers([4, 4, 3, 3, 3, 2, 4, 3]),
        farmaciAlBisogno: 'no',
        punteggioSintomi: 0,
      });
      assert.equal(r.data.punteggioSintomi, 26);
      assert.deepEqual(r.outputs, { punteggioSintomi: 26 });
      const over = accept(id, {
        ...bpcoAnswers([0, 0, 0, 0, 0, 0, 0, 1]),
        farmaciAlBisogno: 'no',
        punteggioSintomi: 40,
      });
      assert.deepEqual(over.outputs, { punteggioSintomi: 1 });
    });

    it('drops the follow-up count when no extra rescue medication was needed', () => {
      const r = accept(id, {
        ...bpcoAnswers([1, 1, 1, 1, 1, 1, 1, 1]),
        farmaciAlBisogno: 'no',
        volteFarmaci: 4,
      });
      assert.equal('volteFarmaci' in r.data, false);
      assert.equal(r.data.punteggioSintomi, 8);
    });

    it('requires every scored item and the count only when extra medication was needed', () => {
      const { rinunce: _omitted, ...seven } = bpcoAnswers([5, 4, 3, 2, 1, 0, 5, 5]);
      const errors = refuse(id, { ...seven, farmaciAlBisogno: 'si', punteggioSintomi: 20 });
      assertErrors(id, errors, [
        ['data.rinunce', 'required'],
        ['data.volteFarmaci', 'required'],
      ]);
    });

    it('refuses a value outside 0–5 and a count outside 1–100 or not whole', () => {
      const answers = { ...bpcoAnswers([5, 4, 3, 2, 1, 0, 5, 5]), tosse: '6' };
      assertErrors(id, refuse(id, { ...answers, farmaciAlBisogno: 'si', volteFarmaci: 0 }), [
        ['data.tosse', 'onlyAvailableItems'],
        ['data.volteFarmaci', 'min'],
      ]);
      const fine = bpcoAnswers([1, 1, 1, 1, 1, 1, 1, 1]);
      assertErrors(id, refuse(id, { ...fine, farmaciAlBisogno: 'si', volteFarmaci: 2.5 }), [
        ['data.volteFarmaci', 'json'],
      ]);
      assertErrors(id, refuse(id, { ...fine, farmaciAlBisogno: 'forse' }), [
        ['data.farmaciAlBisogno', 'onlyAvailableItems'],
      ]);
    });

    it('answers in English with language en', () => {
      const errors = refuse(id, { farmaciAlBisogno: 'no' }, 'en');
      assertErrors(
        id,
        errors,
        bpcoItems.map((k) => [`data.${k}`, 'required']),
        'en',
      );
      assert.ok(errors.every((e) => e.message.endsWith(' is required')));
    });
  });

  describe('scompenso-controllo-sintomi', () => {
    const id = 'scompenso-controllo-sintomi';
    const calm = {
      dispnea: '0',
      ortopnea: '0',
      risvegliNotturni: 'no',
      edemi: '0',
      aumentoPeso: 'no',
      stanchezza: '0',
      capogiri: 'no',
    };

    it('scores the symptoms and keeps the shown details', () => {
      const r = accept(id, {
        dispnea: '2',
        ortopnea: '1',
        risvegliNotturni: 'si',
        edemi: '2',
        sedeEdemi: 'una',
        aumentoPeso: 'si',
        kgInPiu: '1.5',
        stanchezza: '1',
        capogiri: 'si',
        svenimento: 'no',
        punteggioScompenso: 0,
      });
      assert.deepEqual(r.data, {
        dispnea: 2,
        ortopnea: 1,
        risvegliNotturni: 'si',
        edemi: 2,
        sedeEdemi: 'una',
        aumentoPeso: 'si',
        kgInPiu: 1.5,
        stanchezza: 1,
        capogiri: 'si',
        svenimento: 'no',
        // 2 + 1 + 1 (night) + 2 + 2 (weight) + 1 + 1 (dizziness)
        punteggioScompenso: 10,
      });
      assert.deepEqual(r.outputs, { punteggioScompenso: 10, edemi: 2 });
    });

    it('gives 0 with no symptoms and 16 at most, dropping hidden details', () => {
      const none = accept(id, { ...calm, sedeEdemi: 'una', kgInPiu: 3, svenimento: 'si' });
      assert.deepEqual(none.data, {
        ...calm,
        dispnea: 0,
        ortopnea: 0,
        edemi: 0,
        stanchezza: 0,
        punteggioScompenso: 0,
      });
      assert.deepEqual(none.outputs, { punteggioScompenso: 0, edemi: 0 });
      const worst = accept(id, {
        dispnea: '4',
        ortopnea: '2',
        risvegliNotturni: 'si',
        edemi: '3',
        sedeEdemi: 'entrambe',
        aumentoPeso: 'si',
        stanchezza: '3',
        capogiri: 'si',
        svenimento: 'si',
        punteggioScompenso: 1,
      });
      assert.deepEqual(worst.outputs, { punteggioScompenso: 16, edemi: 3 });
    });

    it('requires the details only when they are shown', () => {
      assertErrors(id, refuse(id, { ...calm, edemi: '1', capogiri: 'si' }), [
        ['data.sedeEdemi', 'required'],
        ['data.svenimento', 'required'],
      ]);
    });

    it('refuses missing answers, values not among the choices and weights out of range', () => {
      const { stanchezza: _omitted, ...rest } = calm;
      assertErrors(id, refuse(id, { ...rest, dispnea: '5', risvegliNotturni: 'forse' }), [
        ['data.stanchezza', 'required'],
        ['data.dispnea', 'onlyAvailableItems'],
        ['data.risvegliNotturni', 'onlyAvailableItems'],
      ]);
      assertErrors(id, refuse(id, { ...calm, aumentoPeso: 'si', kgInPiu: 30 }), [
        ['data.kgInPiu', 'max'],
      ]);
    });
  });

  describe('dolore-nrs', () => {
    const id = 'dolore-nrs';

    it('keeps the pain score and the site when there is pain', () => {
      const r = accept(id, { dolore: '6', sede: 'schiena', note: 'Da ieri sera' });
      assert.deepEqual(r.data, { dolore: 6, sede: 'schiena', note: 'Da ieri sera' });
      assert.deepEqual(r.outputs, { dolore: 6 });
    });

    it('drops the site when there is no pain', () => {
      const r = accept(id, { dolore: '0', sede: 'testa' });
      assert.deepEqual(r.data, { dolore: 0 });
      assert.deepEqual(r.outputs, { dolore: 0 });
    });

    it('refuses a missing score, a score above 10 and a site required by pain', () => {
      assertErrors(id, refuse(id, {}), [['data.dolore', 'required']]);
      assertErrors(id, refuse(id, { dolore: '11', sede: 'torace' }), [
        ['data.dolore', 'onlyAvailableItems'],
      ]);
      assertErrors(id, refuse(id, { dolore: '3' }), [['data.sede', 'required']]);
    });
  });

  describe('dispnea-borg', () => {
    const id = 'dispnea-borg';

    it('keeps the rating, when, and the activity during effort', () => {
      const r = accept(id, { dispnea: '6', quando: 'sforzo', attivita: 'scale', altro: 1 });
      assert.deepEqual(r.data, { dispnea: 6, quando: 'sforzo', attivita: 'scale' });
      assert.deepEqual(r.outputs, { dispnea: 6, quando: 'sforzo' });
    });

    it('drops "when" with no breathlessness and the activity at rest', () => {
      assert.deepEqual(accept(id, { dispnea: '0', quando: 'riposo', attivita: 'casa' }).data, {
        dispnea: 0,
      });
      const atRest = accept(id, { dispnea: '3', quando: 'riposo', attivita: 'casa' });
      assert.deepEqual(atRest.data, { dispnea: 3, quando: 'riposo' });
      assert.deepEqual(atRest.outputs, { dispnea: 3, quando: 'riposo' });
    });

    it('uses original descriptors from "nessuna" to "massima"', () => {
      const radio = form(id).schema.components.find((c) => c.key === 'dispnea');
      const labels = (radio?.values as { label: string }[]).map((v) => v.label);
      assert.equal(labels.length, 11);
      assert.equal(labels[0], '0 – nessuna');
      assert.match(labels[10] ?? '', /^10 – massima/);
    });

    it('refuses a missing rating, a half point and an activity not in the list', () => {
      assertErrors(id, refuse(id, {}), [['data.dispnea', 'required']]);
      assertErrors(id, refuse(id, { dispnea: '0.5' }), [
        ['data.dispnea', 'onlyAvailableItems'],
        ['data.quando', 'required'],
      ]);
      assertErrors(id, refuse(id, { dispnea: '4', quando: 'sforzo', attivita: 'nuotare' }), [
        ['data.attivita', 'onlyAvailableItems'],
      ]);
    });
  });

  describe('soddisfazione-paziente', () => {
    const id = 'soddisfazione-paziente';
    const ratings = {
      facilita: '5',
      informazioni: '4',
      tempestivita: '4',
      cortesia: '5',
      sicurezza: '3',
    };

    it('computes the mean satisfaction and keeps the recommendation', () => {
      const r = accept(id, {
        ...ratings,
        raccomandazione: '9',
        miglioramenti: 'nascosto',
        commenti: 'Ottimo servizio',
        mediaSoddisfazione: 1,
      });
      assert.deepEqual(r.data, {
        facilita: 5,
        informazioni: 4,
        tempestivita: 4,
        cortesia: 5,
        sicurezza: 3,
        mediaSoddisfazione: 4.2,
        raccomandazione: 9,
        commenti: 'Ottimo servizio',
      });
      assert.deepEqual(r.outputs, { mediaSoddisfazione: 4.2, raccomandazione: 9 });
    });

    it('asks what to improve only for a recommendation of 6 or less', () => {
      const low = accept(id, { ...ratings, raccomandazione: '6', miglioramenti: 'Più orari' });
      assert.equal(low.data.miglioramenti, 'Più orari');
      assert.deepEqual(low.outputs, { mediaSoddisfazione: 4.2, raccomandazione: 6 });
      const seven = accept(id, { ...ratings, raccomandazione: '7', miglioramenti: 'Più orari' });
      assert.equal('miglioramenti' in seven.data, false);
      const zero = accept(id, { ...ratings, raccomandazione: '0', miglioramenti: 'Tutto' });
      assert.equal(zero.data.miglioramenti, 'Tutto');
    });

    it('refuses missing ratings and values outside their scales', () => {
      const { sicurezza: _omitted, ...four } = ratings;
      assertErrors(id, refuse(id, { ...four, raccomandazione: '8' }), [
        ['data.sicurezza', 'required'],
      ]);
      assertErrors(id, refuse(id, { ...ratings, facilita: '0', raccomandazione: '11' }), [
        ['data.facilita', 'onlyAvailableItems'],
        ['data.raccomandazione', 'onlyAvailableItems'],
      ]);
    });
  });

  describe('referto-televisita', () => {
    const id = 'referto-televisita';
    const minimal = {
      quesitoDiagnostico: 'Controllo scompenso',
      conclusioni: 'Compenso stabile',
      followUp: 'controllo-3-mesi',
      collegamento: 'buona',
    };

    it('keeps a full report with its coded diagnoses', () => {
      const answers = {
        ...minimal,
        anamnesi: 'Scompenso cardiaco noto',
        esameObiettivo: 'Non edemi declivi alla videocamera',
        diagnosi: [
          { codice: '428.0', descrizione: 'Insufficienza cardiaca congestizia' },
          { codice: 'V45.81', descrizione: 'Bypass aortocoronarico' },
          { codice: 'E880.9', descrizione: 'Caduta dalle scale' },
        ],
        terapia: 'Furosemide 25 mg',
        indicazioni: 'Peso quotidiano',
        noteCollegamento: 'nascosta',
      };
      const { noteCollegamento: _hidden, ...kept } = answers;
      const r = accept(id, answers);
      assert.deepEqual(r.data, kept);
      assert.deepEqual(r.outputs, { followUp: 'controllo-3-mesi', collegamento: 'buona' });
    });

    it('accepts a report without diagnoses', () => {
      const r = accept(id, { ...minimal, followUp: 'nessuno' });
      assert.deepEqual(r.data, { ...minimal, followUp: 'nessuno' });
      assert.deepEqual(r.outputs, { followUp: 'nessuno', collegamento: 'buona' });
    });

    it('requires a note on a poor connection', () => {
      assertErrors(id, refuse(id, { ...minimal, collegamento: 'insufficiente' }), [
        ['data.noteCollegamento', 'required'],
      ]);
      const r = accept(id, {
        ...minimal,
        collegamento: 'insufficiente',
        noteCollegamento: 'Audio a tratti',
      });
      assert.equal(r.data.noteCollegamento, 'Audio a tratti');
      assert.deepEqual(r.outputs, { followUp: 'controllo-3-mesi', collegamento: 'insufficiente' });
    });

    it('refuses missing conclusions, badly formed ICD-9-CM codes and unknown choices', () => {
      const { conclusioni: _c, quesitoDiagnostico: _q, ...rest } = minimal;
      assertErrors(id, refuse(id, rest), [
        ['data.conclusioni', 'required'],
        ['data.quesitoDiagnostico', 'required'],
      ]);
      const errors = refuse(id, {
        ...minimal,
        diagnosi: [
          { codice: '428.0', descrizione: 'ok' },
          { codice: '4280', descrizione: 'senza punto' },
          { codice: 'X12', descrizione: 'lettera sbagliata' },
        ],
      });
      assertErrors(id, errors, [
        ['data.diagnosi[1].codice', 'pattern'],
        ['data.diagnosi[2].codice', 'pattern'],
      ]);
      assertErrors(id, refuse(id, { ...minimal, followUp: 'mai', collegamento: 'ottima' }), [
        ['data.followUp', 'onlyAvailableItems'],
        ['data.collegamento', 'onlyAvailableItems'],
      ]);
    });
  });

  describe('richiesta-teleconsulto', () => {
    const id = 'richiesta-teleconsulto';
    const request = {
      specialita: 'cardiologia',
      priorita: 'ordinaria',
      quesito: 'Indicazione a ecocardiogramma?',
      sintesiClinica: 'Dispnea da sforzo ingravescente',
      terapiaInCorso: 'Bisoprololo 2,5 mg',
      esamiAllegati: 'ECG del 3 marzo',
    };

    it('outputs priority, question and specialty, dropping the urgency reason when routine', () => {
      const r = accept(id, { ...request, motivoUrgenza: 'nascosto' });
      assert.deepEqual(r.data, request);
      assert.deepEqual(r.outputs, {
        priorita: 'ordinaria',
        quesito: 'Indicazione a ecocardiogramma?',
        specialita: 'cardiologia',
      });
    });

    it('offers exactly the priorities ordinaria and urgente', () => {
      const radio = form(id).schema.components.find((c) => c.key === 'priorita');
      assert.deepEqual(
        (radio?.values as { value: string }[]).map((v) => v.value),
        ['ordinaria', 'urgente'],
      );
      assert.equal(form(id).outputs.priorita?.type, 'string');
      assert.equal(form(id).outputs.quesito?.type, 'string');
    });

    it('requires the reason of an urgent request', () => {
      assertErrors(id, refuse(id, { ...request, priorita: 'urgente' }), [
        ['data.motivoUrgenza', 'required'],
      ]);
      const r = accept(id, { ...request, priorita: 'urgente', motivoUrgenza: 'Sincope' });
      assert.deepEqual(r.data, { ...request, priorita: 'urgente', motivoUrgenza: 'Sincope' });
      assert.equal(r.outputs.priorita, 'urgente');
    });

    it('refuses an empty question and choices not in the lists', () => {
      assertErrors(id, refuse(id, { ...request, quesito: '' }), [['data.quesito', 'required']]);
      assertErrors(id, refuse(id, { ...request, priorita: 'alta', specialita: 'chirurgia' }), [
        ['data.priorita', 'onlyAvailableItems'],
        ['data.specialita', 'onlyAvailableItems'],
      ]);
    });

    it('answers in English with language en', () => {
      const errors = refuse(id, { ...request, priorita: 'urgente', quesito: '' }, 'en');
      assertErrors(
        id,
        errors,
        [
          ['data.motivoUrgenza', 'required'],
          ['data.quesito', 'required'],
        ],
        'en',
      );
      assert.ok(errors.some((e) => e.message === "Motivo dell'urgenza is required"));
    });
  });

  describe('parere-teleconsulto', () => {
    const id = 'parere-teleconsulto';

    it('keeps the opinion and the days when a visit is needed', () => {
      const r = accept(id, {
        parere: 'Eseguire ecocardiogramma',
        raccomandazioni: 'Ridurre il sale',
        visitaNecessaria: 'si',
        giorniVisita: '30',
      });
      assert.deepEqual(r.data, {
        parere: 'Eseguire ecocardiogramma',
        raccomandazioni: 'Ridurre il sale',
        visitaNecessaria: 'si',
        giorniVisita: 30,
      });
      assert.deepEqual(r.outputs, {
        parere: 'Eseguire ecocardiogramma',
        visitaNecessaria: 'si',
        giorniVisita: 30,
      });
    });

    it('drops the days when no visit is needed', () => {
      const r = accept(id, { parere: 'Nessuna modifica', visitaNecessaria: 'no', giorniVisita: 5 });
      assert.deepEqual(r.data, { parere: 'Nessuna modifica', visitaNecessaria: 'no' });
      assert.deepEqual(r.outputs, { parere: 'Nessuna modifica', visitaNecessaria: 'no' });
    });

    it('refuses a missing opinion, missing days and days outside 1–90', () => {
      assertErrors(id, refuse(id, { visitaNecessaria: 'si' }), [
        ['data.parere', 'required'],
        ['data.giorniVisita', 'required'],
      ]);
      assertErrors(id, refuse(id, { parere: 'p', visitaNecessaria: 'si', giorniVisita: 91 }), [
        ['data.giorniVisita', 'max'],
      ]);
      assertErrors(id, refuse(id, { parere: 'p', visitaNecessaria: 'forse' }), [
        ['data.visitaNecessaria', 'onlyAvailableItems'],
      ]);
    });
  });

  describe('teleassistenza-autovalutazione', () => {
    const id = 'teleassistenza-autovalutazione';
    const fine = { febbre: 'no', affanno: 'no', ferita: 'no', farmaci: 'si' };

    it('outputs well-being and pain as numbers, dropping the story when all is well', () => {
      const r = accept(id, { benessere: '8', dolore: '2', ...fine, racconto: 'nascosto' });
      assert.deepEqual(r.data, { benessere: 8, dolore: 2, ...fine });
      assert.deepEqual(r.outputs, { benessere: 8, dolore: 2 });
    });

    it('asks for the story when any answer is worrying', () => {
      for (const worrying of [
        { febbre: 'si' },
        { affanno: 'si' },
        { ferita: 'si' },
        { farmaci: 'no' },
      ]) {
        const r = accept(id, {
          benessere: '3',
          dolore: '7',
          ...fine,
          ...worrying,
          racconto: 'Ieri',
        });
        assert.deepEqual(r.data, {
          benessere: 3,
          dolore: 7,
          ...fine,
          ...worrying,
          racconto: 'Ieri',
        });
        assert.deepEqual(r.outputs, { benessere: 3, dolore: 7 });
      }
    });

    it('refuses missing answers and scores outside 0–10', () => {
      assertErrors(id, refuse(id, { benessere: '-1', dolore: '7' }), [
        ['data.benessere', 'onlyAvailableItems'],
        ['data.febbre', 'required'],
        ['data.affanno', 'required'],
        ['data.ferita', 'required'],
        ['data.farmaci', 'required'],
      ]);
      assertErrors(id, refuse(id, { ...fine, dolore: '10.5' }), [
        ['data.benessere', 'required'],
        ['data.dolore', 'onlyAvailableItems'],
      ]);
    });
  });
});
