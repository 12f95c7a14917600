import assert from 'node:assert/strict';
import { thresholdBands } from '../../pathways/thresholds.js';
import { loadBuiltInPathways } from '../../platform/pathway-catalog.js';

const pathway = (id: string) => loadBuiltInPathways().find((p) => p.id === id)!;
const strip = (bands: ReturnType<typeof thresholdBands>) => bands.map(({ title: _t, ...b }) => b);

describe('threshold bands read from pathway rules', () => {
  it("COPD: the patient's own SpO2 limit, the borderline zone above it, the heart-rate limit", () => {
    assert.deepEqual(
      strip(thresholdBands(pathway('bpco-telemonitoraggio'), { spo2Min: 92, hrMax: 110 })),
      [
        { ruleId: 'spo2-bassa', severity: 'red', dataPoint: 'spo2', below: 92, inclusive: false },
        { ruleId: 'spo2-limite', severity: 'yellow', dataPoint: 'spo2', between: [92, 94] },
        {
          ruleId: 'tachicardia',
          severity: 'orange',
          dataPoint: 'heartRate',
          above: 110,
          inclusive: false,
        },
      ],
    );
    // Another patient's inputs move the bands.
    const other = thresholdBands(pathway('bpco-telemonitoraggio'), { spo2Min: 88, hrMax: 120 });
    assert.equal(other[0]!.below, 88);
    assert.deepEqual(other[1]!.between, [88, 90]);
  });

  it('heart failure: both systolic limits of one rule; a trend on a derived value is not a band', () => {
    assert.deepEqual(strip(thresholdBands(pathway('scompenso-telemonitoraggio'), {})), [
      {
        ruleId: 'pressione-fuori-limiti',
        severity: 'red',
        dataPoint: 'systolic',
        below: 90,
        inclusive: false,
      },
      {
        ruleId: 'pressione-fuori-limiti',
        severity: 'red',
        dataPoint: 'systolic',
        above: 180,
        inclusive: false,
      },
    ]);
  });

  it('scores with inclusive limits', () => {
    const bands = strip(thresholdBands(pathway('teleassistenza-post-dimissione'), {}));
    assert.deepEqual(bands, [
      {
        ruleId: 'dolore-intenso',
        severity: 'orange',
        dataPoint: 'dolore',
        above: 7,
        inclusive: true,
      },
    ]);
  });
});
