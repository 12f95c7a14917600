import assert from 'node:assert/strict';
import { convertUnit, measureVital } from '../../api/features/units.js';
import {
  acceptedUnits,
  impossibleValue,
  normaliseUnit,
  outsidePathwayRange,
  vitalByLoinc,
  vitalByName,
  vitalPanels,
  vitalSigns,
  type VitalSign,
} from '../../pathways/vitals.js';

const vital = (name: string): VitalSign => {
  const v = vitalByName(name);
  assert.ok(v, `vital ${name} in the catalog`);
  return v;
};

function measured(name: string, value: number, unit: string, target?: string) {
  const r = measureVital(vital(name), value, unit, target);
  assert.ok(r.ok, `${name} ${value} ${unit}: ${r.ok ? '' : r.reason.en}`);
  return r.measurement;
}

function refused(name: string, value: number, unit: string) {
  const r = measureVital(vital(name), value, unit);
  assert.ok(!r.ok, `${name} ${value} ${unit} should be refused`);
  return r;
}

describe('vital-sign catalog', () => {
  it('names every vital the telemonitoring service measures, each with LOINC, UCUM and limits', () => {
    assert.deepEqual(
      vitalSigns.map((v) => v.name),
      [
        'spo2',
        'heartRate',
        'systolic',
        'diastolic',
        'temperature',
        'weight',
        'glucose',
        'respiratoryRate',
        'fvc',
        'fev1',
        'fev1FvcRatio',
        'pef',
        'fef2575',
      ],
    );
    for (const v of vitalSigns) {
      assert.ok(v.loinc.length > 0, `${v.name} has a LOINC code`);
      for (const code of v.loinc) assert.match(code, /^\d{1,7}-\d$/);
      assert.ok(v.limits.min < v.limits.max, `${v.name} limits`);
      assert.ok(v.label.it && v.label.en, `${v.name} labels`);
    }
    // No LOINC code is claimed by two vitals.
    const codes = vitalSigns.flatMap((v) => v.loinc);
    assert.equal(new Set(codes).size, codes.length);
  });

  it('finds a vital by any of its LOINC codes and by its conventional name', () => {
    assert.equal(vitalByLoinc('59408-5')?.name, 'spo2');
    assert.equal(vitalByLoinc('2708-6')?.name, 'spo2');
    assert.equal(vitalByLoinc('8867-4')?.name, 'heartRate');
    assert.equal(vitalByLoinc('8480-6')?.name, 'systolic');
    assert.equal(vitalByLoinc('8462-4')?.name, 'diastolic');
    assert.equal(vitalByLoinc('8310-5')?.name, 'temperature');
    assert.equal(vitalByLoinc('29463-7')?.name, 'weight');
    for (const code of ['2339-0', '15074-8', '2345-7']) {
      assert.equal(vitalByLoinc(code)?.name, 'glucose');
    }
    assert.equal(vitalByLoinc('9279-1')?.name, 'respiratoryRate');
    assert.equal(vitalByLoinc('19868-9')?.name, 'fvc');
    assert.equal(vitalByLoinc('20150-9')?.name, 'fev1');
    assert.equal(vitalByLoinc('19926-5')?.name, 'fev1FvcRatio');
    assert.equal(vitalByLoinc('19935-6')?.name, 'pef');
    assert.equal(vitalByLoinc('19927-3')?.name, 'fef2575');
    assert.equal(vitalByLoinc('11524-6'), undefined, 'the ECG is a file, not a number');
    assert.equal(vitalByLoinc('0000-0'), undefined);
    assert.equal(vitalByName('spo2')?.unit, '%');
    assert.equal(vitalByName('glucose')?.unit, 'mg/dL');
    assert.equal(vitalByName('pef')?.unit, 'L/min');
    assert.equal(vitalByName('nonEsiste'), undefined);
    assert.deepEqual(vitalPanels['85354-9']?.components, ['systolic', 'diastolic']);
  });

  it('understands the unit spellings devices send beside UCUM', () => {
    assert.equal(normaliseUnit('mmHg'), 'mm[Hg]');
    assert.equal(normaliseUnit(' bpm '), '/min');
    assert.equal(normaliseUnit('°C'), 'Cel');
    assert.equal(normaliseUnit('°F'), '[degF]');
    assert.equal(normaliseUnit('lbs'), '[lb_av]');
    assert.equal(normaliseUnit('mg/dl'), 'mg/dL');
    assert.equal(normaliseUnit('mm[Hg]'), 'mm[Hg]');
    assert.deepEqual(acceptedUnits(vital('weight')), ['kg', 'g', '[lb_av]']);
    assert.deepEqual(acceptedUnits(vital('glucose'), 'mmol/L'), ['mg/dL', 'mmol/L', 'g/L']);
  });
});

describe('unit conversion (UCUM, @lhncbc/ucum-lhc)', () => {
  it('converts °F to Cel', () => {
    const m = measured('temperature', 98.6, '[degF]');
    assert.equal(m.value, 37);
    assert.equal(m.unit, 'Cel');
    assert.equal(m.converted, true);
    assert.equal(measured('temperature', 101.3, '°F').value, 38.5);
  });

  it('converts [lb_av] to kg', () => {
    const m = measured('weight', 176, '[lb_av]');
    assert.equal(m.value, 79.8);
    assert.equal(m.unit, 'kg');
    assert.equal(measured('weight', 80500, 'g').value, 80.5);
  });

  it('converts glucose mmol/L to mg/dL with the molar mass of glucose', () => {
    const m = measured('glucose', 5.5, 'mmol/L');
    // 5.5 mmol/L × 180.156 g/mol = 99.09 mg/dL
    assert.equal(m.value, 99);
    assert.equal(m.unit, 'mg/dL');
    assert.equal(measured('glucose', 10, 'mmol/L').value, 180);
    // And back, for a pathway that keeps glucose in mmol/L.
    const back = measured('glucose', 180.156, 'mg/dL', 'mmol/L');
    assert.equal(back.unit, 'mmol/L');
    assert.equal(back.value, 10);
    // Without a molar mass UCUM refuses to turn moles into grams.
    assert.equal(convertUnit(5.5, 'mmol/L', 'mg/dL').ok, false);
  });

  it('converts kPa to mm[Hg]', () => {
    assert.equal(measured('systolic', 16, 'kPa').value, 120);
    assert.equal(measured('diastolic', 10.7, 'kPa').value, 80);
    assert.equal(measured('systolic', 120, 'mmHg').value, 120);
  });

  it('converts L/s to L/min (PEF) and L/min to L/s (FEF25-75)', () => {
    assert.equal(measured('pef', 5, 'L/s').value, 300);
    assert.equal(measured('pef', 7.25, 'L/s').value, 435);
    assert.equal(measured('fef2575', 150, 'L/min').value, 2.5);
  });

  it('converts a ratio to % (SpO2, FEV1/FVC) and leaves canonical values untouched', () => {
    assert.equal(measured('spo2', 0.95, '1').value, 95);
    assert.equal(measured('fev1FvcRatio', 0.68, '1').value, 68);
    const same = measured('heartRate', 72.5, '/min');
    assert.equal(same.value, 72.5);
    assert.equal(same.converted, false);
    assert.equal(measured('fvc', 3200, 'mL').value, 3.2);
  });

  it('refuses an incompatible unit with a clear reason in Italian and English', () => {
    const r = refused('spo2', 95, 'kg');
    assert.ok(!r.ok);
    assert.equal(r.kind, 'unit');
    assert.equal(r.reason.it, 'SpO2: unità "kg" non accettata (unità ammesse: %, 1)');
    assert.equal(r.reason.en, 'SpO2: unit "kg" is not accepted (accepted units: %, 1)');
    const bp = refused('systolic', 120, 'Cel');
    assert.ok(!bp.ok);
    assert.match(
      bp.reason.it,
      /Pressione sistolica: unità "Cel" non accettata \(unità ammesse: mm\[Hg\], kPa\)/,
    );
    const conversion = convertUnit(1, 'kg', 'mm[Hg]');
    assert.deepEqual(conversion, {
      ok: false,
      reason: {
        it: 'l\'unità "kg" non è convertibile in "mm[Hg]"',
        en: 'unit "kg" cannot be converted to "mm[Hg]"',
      },
    });
    const unknown = convertUnit(1, 'furlong', 'kg');
    assert.ok(!unknown.ok);
    assert.equal(unknown.reason.en, '"furlong" is not a valid UCUM unit');
  });

  it('refuses physiologically impossible values before anything else, with the reason', () => {
    const spo2 = refused('spo2', 140, '%');
    assert.ok(!spo2.ok);
    assert.equal(spo2.kind, 'value');
    assert.equal(spo2.reason.it, "SpO2 140 %: fuori dall'intervallo possibile 50–100 %");
    assert.equal(spo2.reason.en, 'SpO2 140 %: outside the possible range 50–100 %');
    // Judged after conversion, shown in the unit sent and in the canonical one.
    const fever = refused('temperature', 120, '[degF]');
    assert.ok(!fever.ok);
    assert.equal(
      fever.reason.it,
      "Temperatura corporea 120 [degF] (= 48.9 Cel): fuori dall'intervallo possibile 25–45 Cel",
    );
    const hr = refused('heartRate', 0, '/min');
    assert.ok(!hr.ok);
    assert.equal(hr.reason.en, 'Heart rate 0 /min: outside the possible range 20–300 /min');
    const glucose = refused('glucose', 300, 'mmol/L');
    assert.ok(!glucose.ok);
    assert.match(
      glucose.reason.it,
      /^Glicemia 300 mmol\/L \(= 5405 mg\/dL\): fuori dall'intervallo possibile 5–3000 mg\/dL$/,
    );
    assert.equal(
      impossibleValue(vital('weight'), 0.1)?.it,
      "Peso corporeo 0.1 kg: fuori dall'intervallo possibile 0.3–650 kg",
    );
    assert.equal(impossibleValue(vital('weight'), 82), null);
  });

  it("says when a possible value is outside the pathway's own range", () => {
    assert.equal(outsidePathwayRange(vital('weight').label, 80, 'kg', { min: 20, max: 300 }), null);
    assert.deepEqual(outsidePathwayRange(vital('weight').label, 350, 'kg', { min: 20, max: 300 }), {
      it: "Peso corporeo 350 kg: fuori dall'intervallo accettato dal percorso 20–300 kg",
      en: 'Body weight 350 kg: outside the range the pathway accepts 20–300 kg',
    });
  });
});
