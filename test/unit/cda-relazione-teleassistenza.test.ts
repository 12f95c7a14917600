import assert from 'node:assert/strict';
import { blockStrings } from '../../templates/cda/narrative.js';
import { CdaConformance, describeFailure } from '../../templates/conformance/cda-conformance.js';
import type { OutlineSection } from '../../templates/documents/outline.js';
import { renderTeleassistenzaCda } from '../../templates/documents/relazione-teleassistenza/cda.js';
import { relazioneTeleassistenza } from '../../templates/documents/relazione-teleassistenza/index.js';
import {
  relazioneTeleassistenzaModel,
  type RelazioneTeleassistenzaInput,
  type RelazioneTeleassistenzaModel,
} from '../../templates/documents/relazione-teleassistenza/model.js';

import { normalise, sectionNarrative } from '../support/cda.js';
/*
 * Schematron warnings expected on these documents: none. The Wnnn reports of
 * schematron_Rel_Fin_Teleassistenza_v1.0.sch are all avoided: W001 (code displayName
 * "Telehealth note"), W002 (custodian coded FLS11/HSP11), W003/W004 (participant REF, no
 * functionCode), W003 of Precedenti esami (section not written by this type).
 */
const EXPECTED_WARNINGS: string[] = [];

function parse(input: unknown): RelazioneTeleassistenzaModel {
  return relazioneTeleassistenzaModel.parse(input);
}

describe('CDA Relazione finale di Teleassistenza', () => {
  let conformance: CdaConformance;
  const samples = relazioneTeleassistenza.samples() as RelazioneTeleassistenzaInput[];

  before(() => {
    conformance = CdaConformance.fromConfig();
  });

  it('offers at least ten varied samples, all valid for the model', () => {
    assert.ok(samples.length >= 10, `${samples.length} samples`);
    const models = samples.map(parse);
    assert.ok(
      models.some((m) => m.header.prescription) && models.some((m) => !m.header.prescription),
    );
    assert.ok(models.some((m) => m.header.replaces && m.header.version === 2));
    assert.ok(models.some((m) => m.report.length >= 2000));
    assert.ok(models.some((m) => m.diagnoses.length >= 2));
    assert.ok(models.some((m) => m.header.patient.name.family.includes("'")));
    assert.ok(
      models.some((m) =>
        /[àèéìòù]/i.test(m.header.patient.name.family + m.header.patient.name.given),
      ),
    );
    assert.ok(models.some((m) => /[LMNPQRSTUV]/.test(m.header.patient.fiscalCode.slice(6, 15))));
    assert.deepEqual([...new Set(models.map((m) => m.outcome.status))].sort(), [
      'interrotta',
      'non-raggiunti',
      'parzialmente-raggiunti',
      'raggiunti',
    ]);
    assert.ok(
      models.some((m) => m.activities.length === 1 && !m.history && m.diagnoses.length === 0),
    );
  });

  samples.forEach((input, i) => {
    it(`sample ${i + 1}: passes CDA.xsd and the schematron with zero failed asserts`, async () => {
      const xml = renderTeleassistenzaCda(parse(input));
      const report = await conformance.check(xml, 'relazione-teleassistenza');
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
      // About 145 asserts for the minimal report, over 230 for the fullest.
      assert.ok(report.assertionsChecked >= 140, `${report.assertionsChecked} asserts checked`);
    });
  });

  it('puts the outline text of every section, and of its subsections, in the CDA narrative', async () => {
    for (const input of samples) {
      const model = parse(input);
      const xml = renderTeleassistenzaCda(model);
      const outline = relazioneTeleassistenza.outline(model);
      const visit = async (section: OutlineSection, nested: boolean) => {
        const narrative = await sectionNarrative(xml, section.code.code, nested);
        for (const s of blockStrings(section.blocks)) {
          assert.ok(narrative.includes(normalise(s)), `${section.title}: «${s.slice(0, 60)}»`);
        }
        for (const sub of section.subsections ?? []) await visit(sub, true);
      };
      for (const section of outline.sections) await visit(section, false);
    }
  });

  it('writes each session as an act pointing to its narrative row, with its note', () => {
    const model = parse(samples[0]);
    const xml = renderTeleassistenzaCda(model);
    model.activities.forEach((a, i) => {
      assert.ok(xml.includes(`<tr ID="PRESTAZIONI-2-${i + 1}">`));
      assert.ok(xml.includes(`<reference value="#PRESTAZIONI-2-${i + 1}"/>`));
      assert.ok(xml.includes(`<text>${a.note}</text>`));
    });
    // The period of assistance is the service event.
    assert.match(
      xml,
      /<serviceEvent>[\s\S]*?<low value="20240403090000\+0200"\/>\s*<high value="20240430170000\+0200"\/>/,
    );
  });

  it('renders the same bytes for the same input', () => {
    for (const input of samples) {
      assert.equal(
        renderTeleassistenzaCda(parse(input)),
        renderTeleassistenzaCda(parse(structuredClone(input))),
      );
    }
  });

  it('leaves out the birthplace of a patient born abroad when the header does not give it', () => {
    const abroad = parse(samples.find((s) => s.header.patient.fiscalCode.slice(11, 12) === 'Z'));
    assert.doesNotMatch(renderTeleassistenzaCda(abroad), /<birthplace>/);
  });

  it('is refused by the gateway checks without realmCode, naming ERRORE-1 and ERRORE-2', async () => {
    const xml = renderTeleassistenzaCda(parse(samples[4])).replace('<realmCode code="IT"/>', '');
    const report = await conformance.check(xml, 'relazione-teleassistenza');
    assert.equal(report.valid, false);
    assert.deepEqual(
      report.errors.map((e) => e.id),
      ['ERRORE-1', 'ERRORE-2'],
    );
    assert.match(describeFailure(report), /ERRORE-1\|/);
  });

  it('is refused without the mandatory Quesito diagnostico section, naming ERRORE-b1', async () => {
    const xml = renderTeleassistenzaCda(parse(samples[4])).replace(
      /<component typeCode="COMP">\s*<section ID="QUESITO_DIAGNOSTICO">[\s\S]*?<\/section>\s*<\/component>/,
      '',
    );
    assert.doesNotMatch(xml, /29299-5/);
    const report = await conformance.check(xml, 'relazione-teleassistenza');
    assert.equal(report.valid, false);
    assert.deepEqual(
      report.errors.map((e) => e.id),
      ['ERRORE-b1'],
    );
  });

  it('is refused when the service act loses its disciplina, naming ERRORE-b126', async () => {
    const xml = renderTeleassistenzaCda(parse(samples[4])).replace(
      '2.16.840.1.113883.3.1937.777.63.10.704',
      '2.16.840.1.113883.3.1937.777.63.10.999',
    );
    const report = await conformance.check(xml, 'relazione-teleassistenza');
    assert.equal(report.valid, false);
    assert.ok(
      report.errors.some((e) => e.id === 'ERRORE-b126'),
      describeFailure(report),
    );
  });

  it('rejects at the model, with field paths, what the gateway would refuse', () => {
    const base = structuredClone(samples[0]!);
    const outside = relazioneTeleassistenzaModel.safeParse({
      ...base,
      activities: [
        ...base.activities,
        { ...base.activities[0]!, time: '2024-05-15T10:00:00+02:00' },
      ],
    });
    assert.equal(outside.success, false);
    assert.ok(
      outside.error.issues.some(
        (i) => i.path.join('.') === `activities.${base.activities.length}.time`,
      ),
    );

    const ward = relazioneTeleassistenzaModel.safeParse({
      ...base,
      header: {
        ...base.header,
        encounter: {
          ...base.header.encounter,
          facility: { ...base.header.encounter.facility, idRoot: '2.16.840.1.113883.2.9.4.1.2' },
        },
      },
    });
    assert.equal(ward.success, false);
    assert.ok(
      ward.error.issues.some((i) => i.path.join('.') === 'header.encounter.facility.idRoot'),
    );

    const noGoals = relazioneTeleassistenzaModel.safeParse({ ...base, objectives: [] });
    assert.equal(noGoals.success, false);
  });
});
