import assert from 'node:assert/strict';
import { create } from 'xmlbuilder2';
import { hl7Date, hl7Ts } from '../../templates/cda/datatypes.js';
import { CdaRenderError } from '../../templates/cda/header.js';
import { appendNarrativeBlocks, blockStrings } from '../../templates/cda/narrative.js';
import {
  CdaConformance,
  describeFailure,
  type ConformanceReport,
} from '../../templates/conformance/cda-conformance.js';
import type { OutlineSection } from '../../templates/documents/outline.js';
import { renderTelevisitaCda } from '../../templates/documents/referto-televisita/cda.js';
import { refertoTelevisita } from '../../templates/documents/referto-televisita/index.js';
import {
  refertoTelevisitaModel,
  type RefertoTelevisitaInput,
  type RefertoTelevisitaModel,
} from '../../templates/documents/referto-televisita/model.js';

import { normalise, sectionNarrative } from '../support/cda.js';
/*
 * Schematron warnings expected on these documents: none. Every Wnnn report of
 * schematron_Referto_Televisita_v1.0.sch is avoidable and avoided: W001 (code displayName
 * "Telehealth note"), W002 (custodian coded FLS11/HSP11/STS11), W003/W004 (participant REF,
 * no functionCode), W003 of Precedenti esami (no observation entries written).
 */
const EXPECTED_WARNINGS: string[] = [];

function parse(input: unknown): RefertoTelevisitaModel {
  return refertoTelevisitaModel.parse(input);
}

describe('CDA core: data types and narrative', () => {
  it('writes HL7 TS with the offset of the ISO string, in winter and in summer', () => {
    assert.equal(hl7Ts('2024-01-16T10:00:00+01:00'), '20240116100000+0100');
    assert.equal(hl7Ts('2024-07-01T09:05:30+02:00'), '20240701090530+0200');
    assert.equal(hl7Ts('2024-07-01T07:05:30Z'), '20240701070530+0000');
    assert.equal(hl7Date('1948-11-03'), '19481103');
    assert.throws(() => hl7Ts('16/01/2024'), /non valida/);
  });

  it('renders paragraph, list, table and fields blocks as CDA narrative, with IDs and line breaks', () => {
    const text = create().ele('urn:hl7-org:v3', 'text');
    appendNarrativeBlocks(
      text,
      [
        { kind: 'paragraph', text: 'Prima riga\nseconda riga <80 & >60' },
        { kind: 'list', items: ['uno', 'due'] },
        { kind: 'table', head: ['Data', 'Esito'], rows: [['01/02/2024', 'nella norma']] },
        { kind: 'fields', fields: [{ label: 'Qualità', value: 'buona' }] },
      ],
      { idPrefix: 'S' },
    );
    assert.equal(
      text.end({ headless: true }),
      '<text xmlns="urn:hl7-org:v3"><paragraph ID="S-1">Prima riga<br/>seconda riga &lt;80 &amp; &gt;60</paragraph>' +
        '<list><item ID="S-2-1">uno</item><item ID="S-2-2">due</item></list>' +
        '<table><thead><tr><th>Data</th><th>Esito</th></tr></thead><tbody><tr ID="S-3-1"><td>01/02/2024</td><td>nella norma</td></tr></tbody></table>' +
        '<table><tbody><tr ID="S-4-1"><th>Qualità</th><td>buona</td></tr></tbody></table></text>',
    );
    assert.throws(
      () => appendNarrativeBlocks(text, [{ kind: 'svg', svg: '<svg/>', width: 10 }]),
      /svg/,
    );
  });
});

describe('CDA Referto di Televisita', () => {
  let conformance: CdaConformance;
  const samples = refertoTelevisita.samples() as RefertoTelevisitaInput[];

  before(() => {
    conformance = CdaConformance.fromConfig();
  });

  it('offers at least ten varied samples, all valid for the model', () => {
    assert.ok(samples.length >= 10, `${samples.length} samples`);
    const models = samples.map(parse);
    // The variety the type must survive, checked rather than trusted.
    assert.ok(
      models.some((m) => m.header.prescription) && models.some((m) => !m.header.prescription),
    );
    assert.ok(models.some((m) => m.header.replaces && m.header.version === 2));
    assert.ok(models.some((m) => m.diagnoses.length >= 3));
    assert.ok(models.some((m) => m.report.length >= 2000));
    assert.ok(models.some((m) => m.header.patient.name.family.includes("'")));
    assert.ok(models.some((m) => /[àèéìòù]/i.test(m.header.patient.name.given)));
    assert.ok(models.some((m) => /[LMNPQRSTUV]{2}/.test(m.header.patient.fiscalCode.slice(6, 8))));
    assert.ok(models.some((m) => m.header.patient.gender === 'F'));
    assert.ok(models.some((m) => m.header.patient.gender === 'M'));
    assert.ok(models.some((m) => !m.question && !m.history && m.diagnoses.length === 0));
  });

  samples.forEach((input, i) => {
    it(`sample ${i + 1}: passes CDA.xsd and the schematron with zero failed asserts`, async () => {
      const xml = renderTelevisitaCda(parse(input));
      const report = await conformance.check(xml, 'referto-televisita');
      assert.deepEqual(report.xsd, []);
      assert.deepEqual(
        report.errors.map((e) => e.message),
        [],
      );
      assert.equal(report.valid, true, describeFailure(report));
      assert.deepEqual(
        report.warnings.map((w) => w.id),
        EXPECTED_WARNINGS,
      );
      // 125 for the minimal referto, close to 200 for the fullest one (each assert counted once
      // per node it applies to): a drop would mean rules silently stopped applying.
      assert.ok(report.assertionsChecked >= 120, `${report.assertionsChecked} asserts checked`);
    });
  });

  it('puts the outline text of every section, and of its subsections, in the CDA narrative', async () => {
    for (const input of samples) {
      const model = parse(input);
      const xml = renderTelevisitaCda(model);
      const outline = refertoTelevisita.outline(model);
      const visit = async (section: OutlineSection, nested: boolean) => {
        const narrative = await sectionNarrative(xml, section.code.code, nested);
        for (const s of blockStrings(section.blocks)) {
          assert.ok(narrative.includes(normalise(s)), `${section.title}: «${s.slice(0, 60)}»`);
        }
        for (const sub of section.subsections ?? []) await visit(sub, true);
      };
      for (const section of outline.sections) await visit(section, false);
      assert.match(xml, new RegExp(`<title>${outline.title}</title>`));
    }
  });

  it('renders the same bytes for the same input, UTF-8 with an XML declaration', () => {
    const once = renderTelevisitaCda(parse(samples[0]));
    const twice = renderTelevisitaCda(parse(structuredClone(samples[0])));
    assert.equal(once, twice);
    assert.ok(once.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<ClinicalDocument'));
    assert.ok(
      once.includes("<family>D'Angelo</family>") && once.includes('<given>Niccolò</given>'),
    );
  });

  it('writes the replacement as relatedDocument RPLC with the parent id, setId and version', () => {
    const v2 = parse(samples.find((s) => s.header.version === 2));
    const xml = renderTelevisitaCda(v2);
    assert.match(
      xml,
      /<relatedDocument typeCode="RPLC">\s*<parentDocument>\s*<id root="[\d.]+" extension="120201\.TV\.2024\.000101"\/>\s*<setId root="[\d.]+" extension="120201\.TV\.2024\.000101"\/>\s*<versionNumber value="1"\/>/,
    );
    assert.match(xml, /<versionNumber value="2"\/>/);
  });

  it('fulfils the NRE when there is one, the booking otherwise', () => {
    const withNre = renderTelevisitaCda(parse(samples[0]));
    assert.match(
      withNre,
      /<id root="2\.16\.840\.1\.113883\.2\.9\.4\.3\.9" extension="1200A4001234567"/,
    );
    const withoutNre = parse(samples.find((s) => !s.header.prescription));
    assert.match(
      renderTelevisitaCda(withoutNre),
      new RegExp(
        `<order classCode="ACT" moodCode="RQO">\\s*<id root="${withoutNre.booking.root}" extension="${withoutNre.booking.extension}"/>`,
      ),
    );
  });

  it('is refused by the gateway checks without realmCode, naming ERRORE-1 and ERRORE-2', async () => {
    const xml = renderTelevisitaCda(parse(samples[0])).replace('<realmCode code="IT"/>', '');
    const report: ConformanceReport = await conformance.check(xml, 'referto-televisita');
    assert.equal(report.valid, false);
    assert.deepEqual(
      report.errors.map((e) => e.id),
      ['ERRORE-1', 'ERRORE-2'],
    );
    assert.match(describeFailure(report), /ERRORE-1\|/);
  });

  it('is refused without the mandatory Referto section, naming ERRORE-b7', async () => {
    const xml = renderTelevisitaCda(parse(samples[3])).replace(
      /<component typeCode="COMP">\s*<section ID="REFERTO">[\s\S]*?<\/section>\s*<\/component>/,
      '',
    );
    assert.doesNotMatch(xml, /47045-0/);
    const report = await conformance.check(xml, 'referto-televisita');
    assert.equal(report.valid, false);
    assert.ok(
      report.errors.some((e) => e.id === 'ERRORE-b7'),
      describeFailure(report),
    );
  });

  it('rejects at the model, with field paths, a header the gateway would refuse', () => {
    const base = structuredClone(samples[0]!);
    const result = refertoTelevisitaModel.safeParse({
      ...base,
      header: { ...base.header, version: 2, replaces: undefined },
    });
    assert.equal(result.success, false);
    assert.ok(result.error.issues.some((i) => i.path.join('.') === 'header.replaces'));

    const hospital = samples.find((s) => s.serviceProvider)!;
    const orphan = refertoTelevisitaModel.safeParse({ ...hospital, serviceProvider: undefined });
    assert.equal(orphan.success, false);
    assert.ok(orphan.error.issues.some((i) => i.path.join('.') === 'serviceProvider.partOf'));

    const phone = refertoTelevisitaModel.safeParse({
      ...base,
      connection: { ...base.connection, mode: 'telefono' },
    });
    assert.equal(phone.success, false);
  });

  it('throws CdaRenderError when handed a model that skipped validation', () => {
    const model = parse(samples[0]);
    assert.throws(
      () => renderTelevisitaCda({ ...model, header: { ...model.header, version: 3 } }),
      (err: unknown) => err instanceof CdaRenderError && /replaces/.test(err.message),
    );
  });
});
