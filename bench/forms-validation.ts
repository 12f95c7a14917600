import { performance } from 'node:perf_hooks';
import { loadBuiltInForms } from '../forms/builtin.js';
import { choicesOf, walkComponents, type FormDefinition } from '../forms/definition.js';
import { validateSubmission } from '../forms/submission.js';

/**
 * Server-side validation throughput (issue 4): how many submissions per second one core
 * validates with @formio/core plus Percorsi's own checks, for every built-in form, with the
 * largest form (most input components) as the headline. Answers vary per iteration (a
 * different choice per question, every second set with a conditional branch open), and one
 * in five sets is invalid, as real traffic has some.
 *
 *   npx tsx bench/forms-validation.ts [iterations per form, default 2000]
 */
const iterations = Number(process.argv[2] ?? 2000);

const inputsOf = (d: FormDefinition) =>
  walkComponents(d.schema.components).filter(
    ({ component, topLevel }) =>
      topLevel &&
      component.input === true &&
      component.type !== 'button' &&
      !component.calculateValue,
  );

/** A plausible answer set: choice i of each question, numbers inside their bounds, some text. */
function answersFor(d: FormDefinition, i: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { component } of inputsOf(d)) {
    const key = String(component.key);
    const validate = (component.validate ?? {}) as {
      min?: number;
      max?: number;
      maxLength?: number;
    };
    switch (component.type) {
      case 'radio':
      case 'select': {
        const choices = choicesOf(component);
        out[key] = choices[(i + key.length) % choices.length];
        break;
      }
      case 'selectboxes':
        out[key] = Object.fromEntries(choicesOf(component).map((c, j) => [c, (i + j) % 2 === 0]));
        break;
      case 'number': {
        const min = validate.min ?? 0;
        const max = validate.max ?? min + 10;
        out[key] = Math.round(min + ((i * 7) % (max - min + 1)));
        break;
      }
      case 'checkbox':
        out[key] = i % 2 === 0;
        break;
      case 'datagrid':
        out[key] = [{ codice: '428.0', descrizione: 'Insufficienza cardiaca congestizia' }];
        break;
      default:
        out[key] = `Risposta ${i}: il paziente riferisce un buon andamento generale.`.slice(
          0,
          validate.maxLength ?? 200,
        );
    }
  }
  return out;
}

/** Answers that pass: generated, then completed with what the server asked for. */
function validAnswers(d: FormDefinition, i: number): Record<string, unknown> | null {
  const answers = answersFor(d, i);
  for (let round = 0; round < 4; round++) {
    const r = validateSubmission(d, answers);
    if (r.ok) return answers;
    for (const e of r.errors) {
      const key = e.path.replace(/^data\./, '').split(/[.[]/)[0]!;
      const component = walkComponents(d.schema.components).find(
        (c) => c.component.key === key,
      )?.component;
      if (!component) return null;
      if (component.type === 'number')
        answers[key] = (component.validate as { min?: number })?.min ?? 1;
      else if (component.type === 'radio' || component.type === 'select')
        answers[key] = choicesOf(component)[0];
      else answers[key] = 'Nota';
    }
  }
  return null;
}

const forms = loadBuiltInForms();
const results: { id: string; inputs: number; perSecond: number; valid: number; invalid: number }[] =
  [];
for (const f of forms) {
  const sets: Record<string, unknown>[] = [];
  for (let i = 0; i < 50; i++) {
    const good = validAnswers(f.definition, i);
    if (!good) continue;
    // One set in five is broken: a required answer missing.
    sets.push(i % 5 === 4 ? Object.fromEntries(Object.entries(good).slice(1)) : good);
  }
  if (!sets.length) {
    console.log(`  ${f.id}: no valid answer set could be generated, skipped`);
    continue;
  }
  for (let i = 0; i < 200; i++) validateSubmission(f.definition, sets[i % sets.length]); // warm-up
  let valid = 0;
  let invalid = 0;
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) {
    if (validateSubmission(f.definition, sets[i % sets.length]).ok) valid++;
    else invalid++;
  }
  const ms = performance.now() - t0;
  results.push({
    id: f.id,
    inputs: inputsOf(f.definition).length,
    perSecond: (iterations / ms) * 1000,
    valid,
    invalid,
  });
}

results.sort((a, b) => b.inputs - a.inputs);
const largest = results[0]!;
console.log(
  `form validation (@formio/core ${'2.8'} + Percorsi checks), ${iterations} submissions per form, one core`,
);
for (const r of results) {
  console.log(
    `  ${r.id.padEnd(32)} ${String(r.inputs).padStart(3)} inputs  ${r.perSecond.toFixed(0).padStart(6)} validations/s  (${r.valid} valid, ${r.invalid} refused)`,
  );
}
console.log(
  `largest built-in form: ${largest.id} (${largest.inputs} inputs): ${largest.perSecond.toFixed(0)} validations/s, ${(1000 / largest.perSecond).toFixed(2)} ms each`,
);
