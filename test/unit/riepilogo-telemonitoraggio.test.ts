import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { vitalByLoinc } from '../../pathways/vitals.js';
import { deomocodise } from '../../platform/identity/codice-fiscale.js';
import { branding } from '../../templates/documents/header.js';
import { isReportOutline } from '../../templates/documents/outline.js';
import { riepilogoTelemonitoraggio as spec } from '../../templates/documents/riepilogo-telemonitoraggio/index.js';
import {
  type RiepilogoTelemonitoraggio,
  type RiepilogoTelemonitoraggioInput,
} from '../../templates/documents/riepilogo-telemonitoraggio/model.js';
import { levelOf } from '../../templates/documents/riepilogo-telemonitoraggio/outline.js';
import { renderPdf } from '../../templates/pdf/render-pdf.js';

const run = promisify(execFile);
const screenshots = path.resolve(import.meta.dirname, '../../test-results/screenshots');

const tenant = branding.parse({
  organisation: 'Azienda USL Toscana Centro',
  unit: 'Centrale di Telemedicina',
  footer: 'Piazza Santa Maria Nuova 1, 50122 Firenze',
});
const clock = new Date('2025-12-01T10:00:00Z');

const days = (m: RiepilogoTelemonitoraggio) =>
  Math.round((Date.parse(m.period.to) - Date.parse(m.period.from)) / 86_400_000);

function issues(input: unknown): { path: string; message: string }[] {
  const r = spec.model.safeParse(input);
  return r.success
    ? []
    : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('riepilogo di telemonitoraggio', function () {
  let dir: string;
  const samples = spec.samples() as RiepilogoTelemonitoraggioInput[];
  const models = samples.map((s) => spec.model.parse(s));

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'percorsi-riepilogo-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function pdftotext(pdf: Buffer, name: string): Promise<string> {
    const file = path.join(dir, `${name}.pdf`);
    await writeFile(file, pdf);
    return (await run('pdftotext', ['-enc', 'UTF-8', file, '-'])).stdout.normalize('NFC');
  }

  async function pageCount(pdf: Buffer, name: string): Promise<number> {
    const file = path.join(dir, `${name}.pdf`);
    await writeFile(file, pdf);
    return Number(/Pages:\s+(\d+)/.exec((await run('pdfinfo', [file])).stdout)?.[1]);
  }

  /** pdftotext ends every page with a form feed. */
  const pagesOf = (text: string) => text.split('\f').slice(0, -1);

  it('is a PDF-only document type', () => {
    assert.equal(spec.type, 'riepilogo-telemonitoraggio');
    assert.equal(spec.cda, null);
    assert.equal(spec.renderCda, undefined);
    assert.ok(isReportOutline(spec.outline(models[0]!)));
  });

  it('has at least ten varied samples', () => {
    assert.ok(models.length >= 10);
    const names = models.map((m) => `${m.patient.name.given} ${m.patient.name.family}`);
    assert.ok(
      names.some((n) => n.includes("'")),
      'an apostrophe',
    );
    assert.ok(
      names.some((n) => /[àèéìòùÉü]/.test(n)),
      'an accent',
    );
    assert.ok(
      models.some((m) => deomocodise(m.patient.fiscalCode) !== m.patient.fiscalCode),
      'an omocodic codice fiscale',
    );
    assert.ok(
      models.some((m) => days(m) === 30),
      'a 30-day period',
    );
    assert.ok(
      models.some((m) => days(m) === 90),
      'a 90-day period',
    );
    assert.ok(
      models.some((m) => m.alerts.length === 0),
      'no alerts',
    );
    assert.ok(
      models.some((m) => m.alerts.length >= 50),
      'many alerts',
    );
    assert.ok(
      models.some((m) => m.vitals.some((v) => v.readings.length === 0)),
      'a vital with no readings',
    );
    assert.ok(
      models.some((m) => m.vitals.length >= 5),
      'several vitals',
    );
    assert.ok(
      models.some((m) => (m.notes ?? '').length > 3000),
      'long notes',
    );
    assert.ok(
      models.some((m) => m.version > 1),
      'a second version',
    );
  });

  it('renders every sample with the patient, the sections, the values and no empty page', async () => {
    for (const [i, model] of models.entries()) {
      const name = `sample-${i + 1}`;
      const pdf = await renderPdf(spec.outline(model), { branding: tenant, creationDate: clock });
      const text = await pdftotext(pdf, name);
      const who = `${model.patient.name.family} ${model.patient.name.given}`;
      for (const expected of [
        'Riepilogo di telemonitoraggio',
        who,
        model.patient.fiscalCode,
        model.pathway.name,
        'Sintesi del periodo',
        'Allerte del periodo',
        'Aderenza al piano',
        'Medico responsabile'.toUpperCase(),
        ...model.vitals.map((v) => vitalByLoinc(v.code)!.label.it),
      ]) {
        assert.ok(text.includes(expected), `${name} shows "${expected}"`);
      }
      for (const v of model.vitals) {
        if (v.readings.length === 0) {
          assert.ok(
            text.includes('Nessuna misurazione ricevuta nel periodo.'),
            `${name}: a silent vital says so`,
          );
        }
      }
      if (model.alerts.length === 0) assert.ok(text.includes('Nessuna allerta nel periodo.'));
      else
        assert.ok(text.includes(model.alerts[0]!.message.slice(0, 12)), `${name} lists its alerts`);
      if (model.version > 1)
        assert.ok(text.includes(`Sostituisce la versione ${model.version - 1}`));

      const pages = await pageCount(pdf, name);
      const texts = pagesOf(text);
      assert.equal(texts.length, pages);
      for (let page = 1; page <= pages; page++) {
        const pageText = texts[page - 1]!;
        assert.ok(pageText.includes(`Pagina ${page} di ${pages}`), `${name} numbers page ${page}`);
        assert.ok(pageText.split(/\s+/).length > 40, `${name}: page ${page} is not empty`);
      }
      await mkdir(screenshots, { recursive: true });
      await run('pdftoppm', [
        '-png',
        '-r',
        '60',
        '-l',
        '1',
        path.join(dir, `${name}.pdf`),
        path.join(screenshots, `documents-riepilogo-${i + 1}`),
      ]);
    }
  });

  it('prints the figures of a period: last value, out-of-range readings, adherence', async () => {
    const model = models[0]!;
    const text = await pdftotext(
      await renderPdf(spec.outline(model), { branding: tenant, creationDate: clock }),
      'figures',
    );
    const weight = model.vitals.find((v) => v.code === '29463-7')!;
    const last = [...weight.readings].sort((a, b) => Date.parse(a.at) - Date.parse(b.at)).at(-1)!;
    assert.ok(
      text.includes(`${String(last.value).replace('.', ',')} kg`),
      'the last weight in Italian notation',
    );
    const over = weight.readings.filter((r) => r.value >= 74);
    assert.ok(over.length > 0);
    for (const r of over) assert.ok(text.includes(String(r.value).replace('.', ',')));
    const expected = model.adherence.reduce((n, a) => n + a.expected, 0);
    const received = model.adherence.reduce((n, a) => n + a.received, 0);
    const row = (cells: string[]) => cells.join('\\s+');
    assert.match(
      text,
      new RegExp(
        row([
          'Totale',
          String(expected),
          String(received),
          `${Math.round((received / expected) * 100)} %`,
        ]),
      ),
    );
  });

  it('gives the same bytes twice and carries no attachment', async () => {
    const outline = spec.outline(models[1]!);
    const a = await renderPdf(outline, { branding: tenant, creationDate: clock });
    const b = await renderPdf(outline, { branding: tenant, creationDate: clock });
    assert.ok(a.equals(b));
    const file = path.join(dir, 'no-attachment.pdf');
    await writeFile(file, a);
    assert.match((await run('pdfdetach', ['-list', file])).stdout, /^0 embedded files/);
  });

  it('puts a reading in the most severe zone it falls in, from low included to high excluded', () => {
    const zones = [
      { level: 'red' as const, high: 90 },
      { level: 'orange' as const, low: 90, high: 92 },
      { level: 'yellow' as const, low: 91 },
    ];
    assert.equal(levelOf(89.9, zones), 'red');
    assert.equal(levelOf(90, zones), 'orange');
    assert.equal(levelOf(91.5, zones), 'orange');
    assert.equal(levelOf(92, zones), 'yellow');
    assert.equal(levelOf(95, zones.slice(0, 2)), undefined);
  });

  describe('model', () => {
    const base = () => structuredClone(samples[0]!);

    it('accepts every sample', () => {
      for (const s of samples) assert.deepEqual(issues(s), []);
    });

    it('refuses readings and alerts outside the period, with their path', () => {
      const input = base();
      input.vitals[0]!.readings![0]!.at = '2024-01-01T08:00:00+01:00';
      input.alerts = [
        { at: '2026-01-01T08:00:00+01:00', level: 'red', message: 'x', status: 'open' },
      ];
      assert.deepEqual(
        issues(input).map((i) => i.path),
        ['vitals.0.readings.0.at', 'alerts.0.at'],
      );
    });

    it('refuses a vital outside the catalogue, a unit it does not accept and an empty band', () => {
      const input = base();
      input.vitals[0]!.code = '12345-6';
      input.vitals[1]!.unit = 'kg';
      input.vitals[2]!.bands = [{ level: 'red' }, { level: 'orange', low: 100, high: 90 }];
      const found = issues(input);
      assert.deepEqual(
        found.map((i) => i.path),
        ['vitals.0.code', 'vitals.1.unit', 'vitals.2.bands.0', 'vitals.2.bands.1.high'],
      );
      assert.match(found[1]!.message, /unità "kg" non ammessa per Pressione sistolica/);
    });

    it('refuses a period that ends before it starts and an invalid codice fiscale', () => {
      const input = base();
      input.period = { from: input.period.to, to: input.period.from };
      input.patient.fiscalCode = 'RSSMRA85T10A562X';
      assert.deepEqual(
        issues(input).map((i) => i.path),
        ['patient.fiscalCode', 'period.to'],
      );
    });
  });
});
