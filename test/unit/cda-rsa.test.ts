import assert from 'node:assert/strict';
import { blockStrings } from '../../templates/cda/narrative.js';
import {
  CdaConformance,
  describeFailure,
  type ConformanceReport,
} from '../../templates/conformance/cda-conformance.js';
import {
  DocumentNotConformant,
  renderDocument,
} from '../../templates/documents/render-document.js';
import { rsa } from '../../templates/documents/rsa/index.js';
import type { RsaModel, RsaModelInput } from '../../templates/documents/rsa/model.js';
import { rsaSamples } from '../../templates/documents/rsa/samples.js';

import { allSections, broken, normalise, parseXml, xpathStrings } from '../support/cda.js';
/**
 * The Referto di Specialistica Ambulatoriale against the gateway's own checks: the CDA XSD
 * and schematron_RSA_v8.3.sch. Every sample must pass with zero failed asserts and, since
 * none is unavoidable for this type, zero warnings.
 */

function render(input: RsaModelInput): { model: RsaModel; xml: string } {
  const model = rsa.model.parse(input);
  return { model, xml: rsa.renderCda!(model) };
}

/** The sample's XML with one substitution, which must happen. */

describe('CDA: Referto di Specialistica Ambulatoriale (RSA)', function () {
  this.timeout(120_000);
  const conformance = CdaConformance.fromConfig();
  const samples = rsaSamples();
  const reports = new Map<number, ConformanceReport>();

  it('offers at least ten varied samples, all accepted by the model', () => {
    assert.ok(samples.length >= 10, `solo ${samples.length} esempi`);
    const models = samples.map((s) => rsa.model.parse(s));
    const headers = models.map((m) => m.header);
    const names = headers.map((h) => `${h.patient.name.given} ${h.patient.name.family}`);
    assert.ok(
      names.some((n) => n.includes("'")),
      'un nome con apostrofo',
    );
    assert.ok(
      names.some((n) => /[àèéìòù]/i.test(n)),
      'un nome accentato',
    );
    assert.ok(
      headers.some((h) => h.patient.gender === 'F') &&
        headers.some((h) => h.patient.gender === 'M'),
    );
    assert.ok(
      headers.some((h) => h.prescription) && headers.some((h) => !h.prescription),
      'con e senza NRE',
    );
    assert.ok(
      headers.some((h) => h.version === 2 && h.replaces),
      'una sostituzione (versione 2)',
    );
    assert.ok(
      headers.some((h) => /[LMNPQRSTUV]/.test(h.patient.fiscalCode.slice(12, 15))),
      'un codice fiscale omocodico',
    );
    assert.ok(
      headers.some((h) => h.patient.fiscalCode[11] === 'Z'),
      'un paziente nato all’estero',
    );
    assert.ok(
      models.some((m) => m.report.length >= 2000),
      'un referto di almeno 2.000 caratteri',
    );
    assert.ok(
      models.some((m) => m.diagnoses.length >= 3),
      'più diagnosi',
    );
    assert.ok(
      models.some((m) => !m.quesito && !m.clinicalHistory && m.diagnoses.length === 0),
      'un referto minimo',
    );
  });

  samples.forEach((input, i) => {
    it(`sample ${i + 1} passes the CDA XSD and schematron_RSA_v8.3 with no failed assert`, async function () {
      const { xml } = render(input);
      const report = await conformance.check(xml, 'rsa');
      reports.set(i, report);
      assert.deepEqual(report.xsd, [], describeFailure(report));
      assert.deepEqual(
        report.errors.map((e) => `${e.id} ${e.location}`),
        [],
        describeFailure(report),
      );
      assert.equal(report.assertionsFailed, 0);
      assert.equal(report.valid, true);
      // No RSA warning is unavoidable: W001 (code display), W003 (previous exam coding) are
      // met by construction.
      assert.deepEqual(
        report.warnings.map((w) => `${w.id} ${w.location}`),
        [],
      );
      assert.ok(report.assertionsChecked > 80, `${report.assertionsChecked} asserzioni`);
      this.test!.title += ` (${report.assertionsChecked} asserzioni)`;
    });
  });

  it('checks at least as many assertions over the samples as the Ministry example has', async function () {
    // Reuses the reports of the tests above; recomputes those a --grep left out.
    for (const [i, input] of samples.entries()) {
      if (!reports.has(i)) reports.set(i, await conformance.check(render(input).xml, 'rsa'));
    }
    const total = [...reports.values()].reduce((n, r) => n + r.assertionsChecked, 0);
    // The Ministry's RSA.xml example checks 264 assertions; the first sample fills every
    // section, so it must check more.
    assert.ok((reports.get(0)?.assertionsChecked ?? 0) > 264);
    assert.ok(total > 264 * 5, `${total}`);
    this.test!.title += ` (totale ${total} asserzioni)`;
  });

  it('writes in each section narrative the text of the outline the PDF prints', async () => {
    for (const input of samples) {
      const { model, xml } = render(input);
      const doc = await parseXml(xml);
      for (const section of allSections(rsa.outline(model).sections)) {
        const [text] = xpathStrings('//hl7:section[hl7:code/@code = $code]/hl7:text', doc, {
          code: section.code.code,
        });
        assert.ok(text !== undefined, `sezione ${section.code.code} assente`);
        const narrative = normalise(text);
        for (const expected of blockStrings(section.blocks)) {
          for (const line of expected.split('\n').map(normalise).filter(Boolean)) {
            assert.ok(narrative.includes(line), `${section.title}: manca «${line.slice(0, 60)}»`);
          }
        }
      }
    }
  });

  it('codes every diagnosis, service and quesito of the model in the entries', async () => {
    const { model, xml } = render(samples[0]!);
    const doc = await parseXml(xml);
    const section = (code: string) => `//hl7:section[hl7:code/@code = '${code}']`;
    assert.deepEqual(
      xpathStrings(`${section('29548-5')}/hl7:entry/hl7:observation/hl7:value/@code`, doc),
      model.diagnoses.map((d) => d.code),
    );
    assert.deepEqual(
      xpathStrings(`${section('62387-6')}/hl7:entry/hl7:act/hl7:code/@code`, doc),
      model.services.map((s) => s.code),
    );
    assert.deepEqual(
      xpathStrings(`${section('29299-5')}/hl7:entry/hl7:observation/hl7:value/@codeSystem`, doc),
      ['2.16.840.1.113883.6.103'],
    );
    assert.deepEqual(
      xpathStrings('/hl7:ClinicalDocument/hl7:inFulfillmentOf/hl7:order/hl7:id/@extension', doc),
      [model.header.prescription!.nre],
    );
    // Every reference points at a narrative element of the document.
    const ids = new Set(xpathStrings('//@ID', doc));
    for (const ref of xpathStrings('//hl7:reference/@value', doc))
      assert.ok(ids.has(ref.slice(1)), ref);
  });

  it('states the replaced version of a version 2', async () => {
    const input = samples.find((s) => s.header.version === 2)!;
    const { model, xml } = render(input);
    const doc = await parseXml(xml);
    assert.deepEqual(
      xpathStrings(
        '/hl7:ClinicalDocument/hl7:relatedDocument[@typeCode="RPLC"]/hl7:parentDocument/hl7:id/@extension',
        doc,
      ),
      [model.header.replaces!.id.extension],
    );
    assert.notEqual(model.header.id.extension, model.header.setId.extension);
  });

  it('renders the same bytes for the same input', () => {
    for (const input of samples.slice(0, 4)) {
      const first = render(structuredClone(input)).xml;
      const second = render(structuredClone(input)).xml;
      assert.equal(first, second);
      assert.ok(first.startsWith('<?xml version="1.0" encoding="UTF-8"?>'));
    }
  });

  it('refuses a document without the Referto section, naming ERRORE-b4', async () => {
    const { xml } = render(samples[1]!);
    const report = await conformance.check(
      broken(
        xml,
        /<component typeCode="COMP">\s*<section ID="REFERTO">[\s\S]*?<\/section>\s*<\/component>/,
        '',
      ),
      'rsa',
    );
    assert.equal(report.valid, false);
    assert.ok(
      report.errors.some((e) => e.id === 'ERRORE-b4'),
      JSON.stringify(report.errors),
    );
    assert.match(describeFailure(report), /ERRORE-b4/);
  });

  it('never publishes a non-conformant RSA: renderDocument throws naming the rule', async () => {
    const withoutReferto: typeof rsa = {
      ...rsa,
      renderCda: (m) =>
        broken(
          rsa.renderCda!(m),
          /<component typeCode="COMP">\s*<section ID="REFERTO">[\s\S]*?<\/section>\s*<\/component>/,
          '',
        ),
    };
    await assert.rejects(
      renderDocument(withoutReferto, rsa.model.parse(samples[0]), {
        conformance,
        branding: { organisation: 'ASL Roma 1', color: '#0b5394' },
        creationDate: new Date('2025-03-12T10:00:00Z'),
      }),
      (err: unknown) => err instanceof DocumentNotConformant && /ERRORE-b4\|/.test(err.message),
    );
  });

  it('refuses a diagnosis without value and a wrong confidentiality, naming the rules', async () => {
    const { xml } = render(samples[0]!);
    const noValue = broken(
      xml,
      /(<section ID="DIAGNOSI">[\s\S]*?<entry[^>]*>\s*<observation[^>]*>[\s\S]*?)<value [^>]*\/>/,
      '$1',
    );
    const report = await conformance.check(
      broken(noValue, /<confidentialityCode code="N"/, '<confidentialityCode code="X"'),
      'rsa',
    );
    const ids = report.errors.map((e) => e.id);
    assert.ok(ids.includes('ERRORE-b86'), ids.join(', '));
    assert.ok(ids.includes('ERRORE-6'), ids.join(', '));
    assert.equal(report.assertionsFailed, report.errors.length);
  });

  it('refuses, before rendering, input the gateway would reject, with paths', () => {
    const base = samples[0]!;
    const noReplaces = rsa.model.safeParse({ ...base, header: { ...base.header, version: 2 } });
    assert.equal(noReplaces.success, false);
    assert.ok(
      noReplaces.error.issues.some((i) => i.path.join('.') === 'header.replaces'),
      JSON.stringify(noReplaces.error.issues),
    );
    const author = base.header.author.clinician;
    const unreachable = rsa.model.safeParse({
      ...base,
      header: {
        ...base.header,
        author: {
          ...base.header.author,
          clinician: { ...author, phone: undefined, email: undefined },
        },
      },
    });
    assert.equal(unreachable.success, false);
    assert.ok(
      unreachable.error.issues.some((i) => i.path.join('.') === 'header.author.clinician.phone'),
    );
    const noServices = rsa.model.safeParse({ ...base, services: [] });
    assert.ok(noServices.error?.issues.some((i) => i.path[0] === 'services'));
    const noReport = rsa.model.safeParse({ ...base, report: '   ' });
    assert.ok(noReport.error?.issues.some((i) => i.path[0] === 'report'));
    const badCode = rsa.model.safeParse({
      ...base,
      diagnoses: [{ code: '4019', display: 'Ipertensione' }],
    });
    assert.ok(badCode.error?.issues.some((i) => i.path.join('.') === 'diagnoses.0.code'));
  });
});
