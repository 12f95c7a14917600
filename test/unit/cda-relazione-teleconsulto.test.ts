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
import { relazioneTeleconsulto as spec } from '../../templates/documents/relazione-teleconsulto/index.js';
import type {
  RelazioneTeleconsultoModel,
  RelazioneTeleconsultoModelInput,
} from '../../templates/documents/relazione-teleconsulto/model.js';
import { relazioneTeleconsultoSamples } from '../../templates/documents/relazione-teleconsulto/samples.js';

import { allSections, broken, normalise, parseXml, xpathStrings } from '../support/cda.js';
/**
 * The collaborative teleconsultation report against the gateway's checks: the CDA XSD and
 * schematron_Relazione_CTC_v1.0.sch. Every sample must pass with zero failed asserts and
 * zero warnings (W001–W005 are all avoidable and avoided).
 */

function render(input: RelazioneTeleconsultoModelInput): {
  model: RelazioneTeleconsultoModel;
  xml: string;
} {
  const model = spec.model.parse(input);
  return { model, xml: spec.renderCda!(model) };
}

const TYPE = 'relazione-teleconsulto';

describe('CDA: Relazione (collaborativa) di Teleconsulto', function () {
  this.timeout(120_000);
  const conformance = CdaConformance.fromConfig();
  const samples = relazioneTeleconsultoSamples();
  const reports = new Map<number, ConformanceReport>();

  it('offers at least ten varied samples, all accepted by the model', () => {
    assert.ok(samples.length >= 10, `solo ${samples.length} esempi`);
    const models = samples.map((s) => spec.model.parse(s));
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
      models.some((m) => m.consultants.length >= 3),
      'tre consulenti',
    );
    assert.ok(
      models.some((m) => m.consultants.length === 1),
      'un solo consulente',
    );
    assert.ok(
      models.some((m) => m.mode === 'asincrono') && models.some((m) => m.mode === 'sincrono'),
    );
    assert.ok(
      models.some((m) => m.consultants.some((c) => c.opinion.length >= 2000)),
      'un parere di almeno 2.000 caratteri',
    );
    assert.ok(
      models.some((m) => m.diagnoses.length >= 3),
      'più diagnosi',
    );
  });

  samples.forEach((input, i) => {
    it(`sample ${i + 1} passes the CDA XSD and schematron_Relazione_CTC_v1.0 with no failed assert`, async function () {
      const { xml } = render(input);
      const report = await conformance.check(xml, TYPE);
      reports.set(i, report);
      assert.deepEqual(report.xsd, [], describeFailure(report));
      assert.deepEqual(
        report.errors.map((e) => `${e.id} ${e.location}`),
        [],
        describeFailure(report),
      );
      assert.equal(report.assertionsFailed, 0);
      assert.equal(report.valid, true);
      // None is unavoidable: W001 code display, W002 custodian id root, W003 participant
      // typeCode (REF/SPRF), W004 functionCode (never written), W005 exam coding.
      assert.deepEqual(
        report.warnings.map((w) => `${w.id} ${w.location}`),
        [],
      );
      assert.ok(report.assertionsChecked > 120, `${report.assertionsChecked} asserzioni`);
      this.test!.title += ` (${report.assertionsChecked} asserzioni)`;
    });
  });

  it('checks, over the samples, a total of assertions recorded in the title', async function () {
    for (const [i, input] of samples.entries()) {
      if (!reports.has(i)) reports.set(i, await conformance.check(render(input).xml, TYPE));
    }
    const total = [...reports.values()].reduce((n, r) => n + r.assertionsChecked, 0);
    assert.ok((reports.get(0)?.assertionsChecked ?? 0) > 300);
    assert.ok(total > 1500, `${total}`);
    this.test!.title += ` (totale ${total} asserzioni)`;
  });

  it('writes in each section narrative the text of the outline the PDF prints', async () => {
    for (const input of samples) {
      const { model, xml } = render(input);
      const doc = await parseXml(xml);
      for (const section of allSections(spec.outline(model).sections)) {
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

  it('makes every consultant an author and the requester a participant with organisation', async () => {
    for (const input of samples) {
      const { model, xml } = render(input);
      const doc = await parseXml(xml);
      const authors = xpathStrings(
        '/hl7:ClinicalDocument/hl7:author/hl7:assignedAuthor/hl7:id/@extension',
        doc,
      );
      assert.deepEqual(
        [...authors].sort(),
        model.consultants.map((c) => c.clinician.fiscalCode).sort(),
      );
      assert.equal(
        authors[0],
        model.header.author.clinician.fiscalCode,
        'il redattore è il primo autore',
      );
      assert.deepEqual(
        xpathStrings(
          '/hl7:ClinicalDocument/hl7:participant[@typeCode="REF"]/hl7:associatedEntity/hl7:id/@extension',
          doc,
        ),
        [model.requester.clinician.fiscalCode],
      );
      assert.deepEqual(
        xpathStrings(
          '/hl7:ClinicalDocument/hl7:participant[@typeCode="REF"]//hl7:scopingOrganization/hl7:name',
          doc,
        ),
        [model.requester.organisation.name],
      );
      assert.equal(
        xpathStrings('/hl7:ClinicalDocument/hl7:participant[@typeCode="SPRF"]', doc).length,
        model.supportingParticipants.length,
      );
      const opinions = normalise(
        xpathStrings("//hl7:section[hl7:code/@code = '47045-0']/hl7:text", doc)[0] ?? '',
      );
      for (const c of model.consultants) {
        assert.ok(opinions.includes(c.clinician.name.family), c.clinician.name.family);
        assert.ok(opinions.includes(normalise(c.opinion.split('\n')[0]!)));
      }
      // Branca and disciplina of every service, as the schematron wants them.
      for (const templateId of ['777.63.10.703', '777.63.10.704']) {
        assert.equal(
          xpathStrings(
            `//hl7:act/hl7:entryRelationship/hl7:observation/hl7:templateId[ends-with(@root, '${templateId}')]`,
            doc,
          ).length,
          model.services.length,
        );
      }
      const ids = new Set(xpathStrings('//@ID', doc));
      for (const ref of xpathStrings('//hl7:reference/@value', doc))
        assert.ok(ids.has(ref.slice(1)), ref);
    }
  });

  it('renders the same bytes for the same input', () => {
    for (const input of samples.slice(0, 4)) {
      assert.equal(render(structuredClone(input)).xml, render(structuredClone(input)).xml);
    }
  });

  it('refuses a document without the Quesito diagnostico, naming ERRORE-b1', async () => {
    const { xml } = render(samples[1]!);
    const report = await conformance.check(
      broken(
        xml,
        /<component typeCode="COMP">\s*<section ID="QUESITO_DIAGNOSTICO">[\s\S]*?<\/section>\s*<\/component>/,
        '',
      ),
      TYPE,
    );
    assert.equal(report.valid, false);
    assert.ok(
      report.errors.some((e) => e.id === 'ERRORE-b1'),
      JSON.stringify(report.errors),
    );
    assert.match(describeFailure(report), /ERRORE-b1\|/);
  });

  it('never publishes a non-conformant report: renderDocument throws naming the rule', async () => {
    const withoutQuesito: typeof spec = {
      ...spec,
      renderCda: (m) =>
        broken(
          spec.renderCda!(m),
          /<component typeCode="COMP">\s*<section ID="QUESITO_DIAGNOSTICO">[\s\S]*?<\/section>\s*<\/component>/,
          '',
        ),
    };
    await assert.rejects(
      renderDocument(withoutQuesito, spec.model.parse(samples[0]), {
        conformance,
        branding: { organisation: 'ASST Fatebenefratelli Sacco', color: '#0b5394' },
        creationDate: new Date('2025-03-20T16:00:00Z'),
      }),
      (err: unknown) => err instanceof DocumentNotConformant && /ERRORE-b1\|/.test(err.message),
    );
  });

  it('refuses a recommended drug proposed (PRP) instead of intended, naming ERRORE-b160', async () => {
    const { xml } = render(samples[0]!);
    const report = await conformance.check(
      broken(
        xml,
        /<substanceAdministration classCode="SBADM" moodCode="INT">/,
        '<substanceAdministration classCode="SBADM" moodCode="PRP">',
      ),
      TYPE,
    );
    assert.deepEqual(
      report.errors.map((e) => e.id),
      ['ERRORE-b160'],
    );
    assert.match(describeFailure(report), /ERRORE-b160/);
  });

  it('refuses a participant without organisation, naming ERRORE-50a', async () => {
    const { xml } = render(samples[0]!);
    const report = await conformance.check(
      broken(xml, /<scopingOrganization>[\s\S]*?<\/scopingOrganization>/, ''),
      TYPE,
    );
    assert.ok(
      report.errors.some((e) => e.id === 'ERRORE-50a'),
      JSON.stringify(report.errors),
    );
  });

  it('refuses, before rendering, input the gateway or the clinic would reject, with paths', () => {
    const base = samples[0]!;
    const issuesOf = (input: unknown): string[] => {
      const r = spec.model.safeParse(input);
      assert.equal(r.success, false);
      return r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    const [first, second] = base.consultants;
    assert.ok(
      issuesOf({ ...base, consultants: [second!] }).some((m) => m.startsWith('header.author:')),
      'il redattore deve essere un consulente',
    );
    assert.ok(
      issuesOf({ ...base, consultants: [first!, first!] }).some((m) =>
        m.startsWith('consultants.1.clinician.fiscalCode'),
      ),
    );
    assert.ok(
      issuesOf({ ...base, header: { ...base.header, referrer: first!.clinician } }).some((m) =>
        m.startsWith('header.referrer'),
      ),
    );
    const asl = samples.find((s) => s.header.custodian.idRoot === '2.16.840.1.113883.2.9.4.1.1')!;
    assert.ok(
      issuesOf({ ...asl, serviceProvider: undefined }).some((m) => m.startsWith('serviceProvider')),
    );
    const foreign = samples.find((s) => s.header.patient.fiscalCode[11] === 'Z')!;
    assert.ok(
      issuesOf({
        ...foreign,
        header: {
          ...foreign.header,
          patient: { ...foreign.header.patient, birthPlace: undefined },
        },
      }).some((m) => m.startsWith('header.patient.birthPlace')),
    );
    assert.ok(issuesOf({ ...base, quesito: undefined }).some((m) => m.startsWith('quesito')));
    assert.ok(
      issuesOf({ ...base, services: base.services.map((s) => ({ ...s, branca: undefined })) }).some(
        (m) => m.startsWith('services.0.branca'),
      ),
    );
  });
});
