import assert from 'node:assert/strict';
import { lintForm, type FormProblem } from '../../forms/definition.js';

type Component = Record<string, unknown>;

const title = { it: 'Prova', en: 'Test' };
const submit: Component = { type: 'button', key: 'submit', label: 'Invia', action: 'submit' };

const definition = (components: Component[], outputs: Record<string, unknown> = {}) => ({
  title,
  outputs,
  schema: { display: 'form', components },
});

const scale = (n: number) =>
  Array.from({ length: n + 1 }, (_, i) => ({ label: String(i), value: String(i) }));

/** Lints a definition that must be refused and returns its problems. */
function problemsOf(input: unknown): FormProblem[] {
  const r = lintForm(input);
  if (r.ok) assert.fail('the definition was accepted');
  return r.problems;
}

const pathsOf = (problems: FormProblem[]) => problems.map((p) => p.path.join('.'));

describe('lintForm', () => {
  describe('no JavaScript', () => {
    it('refuses a JavaScript string in calculateValue, with its path', () => {
      const problems = problemsOf(
        definition([
          { type: 'number', key: 'a', label: 'A', input: true },
          {
            type: 'number',
            key: 'somma',
            label: 'Somma',
            input: true,
            calculateValue: 'value = data.a * 2;',
          },
        ]),
      );
      assert.deepEqual(pathsOf(problems), ['schema.components.1.calculateValue']);
      assert.match(problems[0]?.message ?? '', /JSONLogic/);
    });

    it('refuses customConditional and validate.custom code, nested in a panel', () => {
      const problems = problemsOf(
        definition([
          {
            type: 'panel',
            key: 'pannello',
            components: [
              { type: 'textfield', key: 'a', label: 'A', input: true },
              {
                type: 'textfield',
                key: 'b',
                label: 'B',
                input: true,
                customConditional: 'show = data.a === "x";',
                validate: { custom: 'valid = input.length > 2;' },
              },
            ],
          },
        ]),
      );
      assert.deepEqual(pathsOf(problems), [
        'schema.components.0.components.1.customConditional',
        'schema.components.0.components.1.validate.custom',
      ]);
    });

    it('refuses customDefaultValue code inside columns', () => {
      const problems = problemsOf(
        definition([
          {
            type: 'columns',
            key: 'colonne',
            columns: [
              { components: [] },
              {
                components: [
                  { type: 'textfield', key: 'c', label: 'C', customDefaultValue: 'value = 1' },
                ],
              },
            ],
          },
        ]),
      );
      assert.deepEqual(pathsOf(problems), [
        'schema.components.0.columns.1.components.0.customDefaultValue',
      ]);
    });

    it('accepts JSONLogic objects for calculateValue and an empty code string', () => {
      const r = lintForm(
        definition([
          { type: 'number', key: 'a', label: 'A', input: true },
          {
            type: 'number',
            key: 'doppio',
            label: 'Doppio',
            input: true,
            calculateValue: { '*': [{ var: 'data.a' }, 2] },
            customConditional: '',
          },
        ]),
      );
      assert.equal(r.ok, true);
    });

    it('refuses a logic array', () => {
      const problems = problemsOf(
        definition([
          {
            type: 'textfield',
            key: 'a',
            label: 'A',
            input: true,
            logic: [{ name: 'x', trigger: { type: 'simple' }, actions: [] }],
          },
        ]),
      );
      assert.deepEqual(pathsOf(problems), ['schema.components.0.logic']);
    });
  });

  describe('components', () => {
    it('refuses a select that takes its options from a URL', () => {
      const problems = problemsOf(
        definition([
          {
            type: 'select',
            key: 'farmaco',
            label: 'Farmaco',
            input: true,
            dataSrc: 'url',
            data: { url: 'https://example.org/farmaci', values: [{ label: 'A', value: 'a' }] },
          },
        ]),
      );
      assert.deepEqual(pathsOf(problems), ['schema.components.0.dataSrc']);
      assert.match(problems[0]?.message ?? '', /URL/);
    });

    it('refuses a key used twice, even in different containers', () => {
      const problems = problemsOf(
        definition([
          { type: 'textfield', key: 'nota', label: 'Nota', input: true },
          {
            type: 'fieldset',
            key: 'gruppo',
            components: [{ type: 'textarea', key: 'nota', label: 'Nota 2', input: true }],
          },
        ]),
      );
      assert.deepEqual(pathsOf(problems), ['schema.components.1.components.0.key']);
      assert.match(problems[0]?.message ?? '', /"nota" is used twice/);
    });

    it('refuses an unknown component type and a component without key', () => {
      const problems = problemsOf(
        definition([
          { type: 'file', key: 'allegato', label: 'Allegato', input: true },
          { type: 'textfield', label: 'Senza chiave', input: true },
        ]),
      );
      assert.deepEqual(pathsOf(problems), ['schema.components.0.type', 'schema.components.1.key']);
      assert.match(problems[0]?.message ?? '', /"file" is not allowed/);
    });

    it('refuses dataType on a radio', () => {
      const problems = problemsOf(
        definition([
          {
            type: 'radio',
            key: 'v',
            label: 'V',
            input: true,
            dataType: 'number',
            values: scale(3),
          },
        ]),
      );
      assert.deepEqual(pathsOf(problems), ['schema.components.0.dataType']);
    });

    it('refuses choices without a value or with the same value twice', () => {
      const problems = problemsOf(
        definition([
          {
            type: 'radio',
            key: 'a',
            label: 'A',
            values: [
              { label: 'Sì', value: 'si' },
              { label: 'No', value: '' },
            ],
          },
          {
            type: 'select',
            key: 'b',
            label: 'B',
            data: {
              values: [
                { label: 'X', value: 'x' },
                { label: 'Y', value: 'x' },
              ],
            },
          },
        ]),
      );
      assert.deepEqual(pathsOf(problems), [
        'schema.components.0.values',
        'schema.components.1.values',
      ]);
    });

    it('refuses a button that is not a submit button', () => {
      const problems = problemsOf(
        definition([{ type: 'button', key: 'b', label: 'B', action: 'url', url: 'https://x' }]),
      );
      assert.deepEqual(pathsOf(problems), ['schema.components.0.action']);
    });
  });

  describe('outputs', () => {
    const components: Component[] = [
      { type: 'radio', key: 'dolore', label: 'Dolore', input: true, values: scale(10) },
      {
        type: 'radio',
        key: 'sede',
        label: 'Sede',
        input: true,
        values: [
          { label: 'Torace', value: 'torace' },
          { label: 'Addome', value: 'addome' },
        ],
      },
      {
        type: 'datagrid',
        key: 'righe',
        label: 'Righe',
        input: true,
        components: [{ type: 'number', key: 'dose', label: 'Dose', input: true }],
      },
    ];
    const out = (type: string) => ({ type, title });

    it('refuses an output naming a missing key', () => {
      const problems = problemsOf(definition(components, { punteggio: out('number') }));
      assert.deepEqual(pathsOf(problems), ['outputs.punteggio']);
      assert.match(problems[0]?.message ?? '', /"punteggio"/);
    });

    it('refuses an output whose type does not match its component', () => {
      const problems = problemsOf(
        definition(components, { dolore: out('string'), sede: out('number') }),
      );
      assert.deepEqual(pathsOf(problems), ['outputs.dolore.type', 'outputs.sede.type']);
      assert.match(problems[0]?.message ?? '', /gives number, not string/);
    });

    it('refuses an output inside a data grid', () => {
      const problems = problemsOf(definition(components, { dose: out('number') }));
      assert.deepEqual(pathsOf(problems), ['outputs.dose']);
    });

    it('refuses a definition without titles, with the zod path', () => {
      const problems = problemsOf({ title: { it: 'Solo italiano' }, schema: { components } });
      assert.deepEqual(pathsOf(problems), ['title.en']);
    });

    it('reports every problem in one pass', () => {
      const problems = problemsOf(
        definition(
          [
            ...components,
            { type: 'number', key: 'x', label: 'X', calculateValue: 'value = 1' },
            { type: 'signature', key: 'firma', label: 'Firma' },
          ],
          { manca: out('number') },
        ),
      );
      assert.deepEqual(pathsOf(problems), [
        'schema.components.3.calculateValue',
        'schema.components.4.type',
        'outputs.manca',
      ]);
    });
  });

  describe('normalisation', () => {
    it('normalises a valid form for server-side processing', () => {
      const input = definition(
        [
          {
            type: 'panel',
            key: 'p',
            components: [
              { type: 'radio', key: 'a', label: 'A', input: true, values: scale(5) },
              {
                type: 'select',
                key: 'b',
                label: 'B',
                input: true,
                data: { values: [{ label: 'X', value: 'x' }] },
                validate: { required: true },
              },
            ],
          },
          {
            type: 'textfield',
            key: 'nota',
            label: 'Nota',
            input: true,
            clearOnHide: false,
          },
          {
            type: 'number',
            key: 'somma',
            label: 'Somma',
            input: true,
            calculateValue: { '+': [{ var: 'data.a' }, 1] },
          },
          submit,
        ],
        {
          somma: { type: 'number', title },
          a: { type: 'number', title },
          b: { type: 'string', title },
        },
      );
      const before = structuredClone(input);
      const r = lintForm(input);
      if (!r.ok) assert.fail(JSON.stringify(r.problems));
      assert.deepEqual(input, before, 'the input is not changed');
      const [panel, nota, somma, button] = r.definition.schema.components as Component[];
      const [a, b] = (panel?.components ?? []) as Component[];
      assert.equal(somma?.calculateServer, true);
      assert.equal(somma?.allowCalculateOverride, false);
      assert.equal(somma?.clearOnHide, true);
      assert.equal(a?.clearOnHide, true);
      assert.deepEqual(a?.validate, { onlyAvailableItems: true });
      assert.deepEqual(b?.validate, { required: true, onlyAvailableItems: true });
      assert.equal(nota?.clearOnHide, false, 'an explicit clearOnHide is kept');
      assert.equal(nota?.validate, undefined);
      assert.equal(panel?.clearOnHide, undefined, 'layout components are left alone');
      assert.equal(button?.clearOnHide, undefined);
      assert.equal(r.definition.schema.display, 'form');
    });

    it('defaults outputs to none and display to form', () => {
      const r = lintForm({
        title,
        schema: { components: [{ type: 'textfield', key: 't', label: 'T', input: true }] },
      });
      if (!r.ok) assert.fail(JSON.stringify(r.problems));
      assert.deepEqual(r.definition.outputs, {});
      assert.equal(r.definition.schema.display, 'form');
    });
  });
});
