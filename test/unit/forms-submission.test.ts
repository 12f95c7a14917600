import assert from 'node:assert/strict';
import { lintForm, type FormDefinition } from '../../forms/definition.js';
import { validateSubmission } from '../../forms/submission.js';

/** Lints a small form as the API would before storing it. */
function form(
  components: Record<string, unknown>[],
  outputs: Record<string, unknown> = {},
): FormDefinition {
  const r = lintForm({ title: { it: 'Prova', en: 'Test' }, outputs, schema: { components } });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  return r.definition;
}

describe('form submissions: what the server refuses beyond Form.io', () => {
  it('never keeps a client-sent calculated value, even when the calculation yields nothing', () => {
    const f = form(
      [
        { type: 'number', key: 'a', label: 'A', input: true },
        {
          type: 'number',
          key: 'n',
          label: 'N',
          input: true,
          calculateValue: { if: [{ '>': [{ var: 'data.a' }, 3] }, 5] },
        },
      ],
      { n: { type: 'number', title: { it: 'N', en: 'N' } } },
    );
    const low = validateSubmission(f, { a: 1, n: 99 });
    assert.ok(low.ok);
    assert.deepEqual(low.outputs, {});
    assert.equal(low.data.n, undefined);
    const high = validateSubmission(f, { a: 4, n: 99 });
    assert.ok(high.ok);
    assert.deepEqual(high.outputs, { n: 5 });
  });

  it('refuses answers of the wrong type with the field named', () => {
    const f = form([
      { type: 'textfield', key: 'nome', label: 'Nome', input: true, validate: { maxLength: 5 } },
      { type: 'number', key: 'peso', label: 'Peso', input: true },
      { type: 'checkbox', key: 'ok', label: 'Confermo', input: true },
      {
        type: 'selectboxes',
        key: 'sintomi',
        label: 'Sintomi',
        input: true,
        values: [{ label: 'Tosse', value: 'tosse' }],
      },
    ]);
    const r = validateSubmission(f, {
      nome: { a: 1 },
      peso: 'settanta',
      ok: 'sì',
      sintomi: ['tosse'],
    });
    assert.ok(!r.ok);
    assert.deepEqual(
      r.errors.map((e) => [e.path, e.message]),
      [
        ['data.nome', 'Nome deve essere un testo'],
        ['data.peso', 'Peso non è un numero valido'],
        ['data.ok', 'Confermo deve essere sì o no'],
        ['data.sintomi', 'Sintomi ha un valore non previsto'],
      ],
    );
    const good = validateSubmission(f, {
      nome: 'Anna',
      peso: '70.5',
      ok: true,
      sintomi: { tosse: true },
    });
    assert.ok(good.ok, JSON.stringify(!good.ok && good.errors));
    assert.equal(good.data.peso, 70.5);
  });

  it('shows a field on the boundary of a numeric condition written as text', () => {
    const f = form([
      {
        type: 'radio',
        key: 'voto',
        label: 'Voto',
        input: true,
        values: ['5', '6', '7'].map((v) => ({ label: v, value: v })),
      },
      {
        type: 'textarea',
        key: 'perche',
        label: 'Perché?',
        input: true,
        validate: { required: true },
        conditional: {
          show: true,
          conjunction: 'all',
          conditions: [{ component: 'voto', operator: 'lessThanOrEqual', value: '6' }],
        },
      },
    ]);
    const at = validateSubmission(f, { voto: '6' });
    assert.ok(!at.ok);
    assert.deepEqual(
      at.errors.map((e) => e.path),
      ['data.perche'],
    );
    const above = validateSubmission(f, { voto: '7', perche: 'dropped' });
    assert.ok(above.ok);
    assert.deepEqual(above.data, { voto: 7 });
  });

  it('refuses the survey component, which @formio/core does not validate', () => {
    const r = lintForm({
      title: { it: 'P', en: 'P' },
      schema: { components: [{ type: 'survey', key: 's', label: 'S', input: true }] },
    });
    assert.ok(!r.ok);
    assert.deepEqual(r.problems[0]!.path, ['schema', 'components', 0, 'type']);
  });
});
