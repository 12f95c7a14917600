import assert from 'node:assert/strict';
import type { PathwayDefinitionInput } from '../../pathways/definition.js';
import { pathwayJsonSchema } from '../../pathways/json-schema.js';
import { formatSourceError, parsePathwaySource } from '../../pathways/source.js';
import { validateDefinition } from '../../pathways/validate.js';

/** A small valid pathway each bad case breaks in one place. */
function base(): PathwayDefinitionInput {
  return {
    schemaVersion: 1,
    id: 'prova',
    version: '1.0.0',
    kind: 'telemonitoring',
    title: { it: 'Prova', en: 'Test' },
    description: { it: 'Prova', en: 'Test' },
    roles: ['patient', 'nurse'],
    duration: 'P30D',
    inputs: { spo2Min: { type: 'number', title: { it: 'Soglia', en: 'Threshold' }, default: 90 } },
    dataPoints: {
      spo2: { type: 'quantity', title: { it: 'SpO2', en: 'SpO2' }, unit: '%', min: 50, max: 100 },
      nota: { type: 'text', title: { it: 'Nota', en: 'Note' } },
    },
    tracks: [
      {
        id: 'principale',
        title: { it: 'Principale', en: 'Main' },
        steps: [
          {
            id: 'lettura',
            title: { it: 'Lettura', en: 'Reading' },
            type: 'reading',
            from: 'patient',
            observations: ['spo2'],
            schedule: { rrule: 'FREQ=DAILY;BYHOUR=9;BYMINUTE=0', window: 'PT4H' },
          },
          { id: 'attesa', title: { it: 'Attesa', en: 'Wait' }, type: 'wait', duration: 'P1D' },
          {
            id: 'scelta',
            title: { it: 'Scelta', en: 'Choice' },
            type: 'branch',
            cases: [{ when: { '<': [{ var: 'spo2' }, 90] }, goto: 'fine' }],
          },
          { id: 'fine', title: { it: 'Fine', en: 'End' }, type: 'end', outcome: 'completed' },
        ],
      },
      {
        id: 'secondaria',
        title: { it: 'Secondaria', en: 'Secondary' },
        autoStart: false,
        steps: [
          { id: 'altro', title: { it: 'Altro', en: 'Other' }, type: 'task', assignee: 'nurse' },
        ],
      },
    ],
    rules: [
      {
        id: 'bassa',
        title: { it: 'Bassa', en: 'Low' },
        when: { '<': [{ var: 'spo2' }, { var: 'inputs.spo2Min' }] },
        then: [{ do: 'start-track', track: 'secondaria' }],
      },
    ],
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Mutable = any;

const cases: { name: string; mutate: (d: Mutable) => void; path: string; message: RegExp }[] = [
  {
    name: 'duplicate step ids across tracks',
    mutate: (d) => (d.tracks[1].steps[0].id = 'lettura'),
    path: 'tracks.1.steps.0.id',
    message: /duplicate step id "lettura"/,
  },
  {
    name: 'a rule reads an unknown variable',
    mutate: (d) => (d.rules[0].when = { '<': [{ var: 'spo3' }, 90] }),
    path: 'rules.0.when',
    message: /no data point "spo3"/,
  },
  {
    name: 'an unknown json-logic operator',
    mutate: (d) => (d.rules[0].when = { eval: ['1+1'] }),
    path: 'rules.0.when',
    message: /unknown operator "eval"/,
  },
  {
    name: 'an unknown input',
    mutate: (d) => (d.rules[0].when = { '<': [{ var: 'spo2' }, { var: 'inputs.spo2Max' }] }),
    path: 'rules.0.when',
    message: /no input "spo2Max"/,
  },
  {
    name: 'a bad RRULE',
    mutate: (d) => (d.tracks[0].steps[0].schedule.rrule = 'FREQ=SOMETIMES;BYHOUR=9'),
    path: 'tracks.0.steps.0.schedule.rrule',
    message: /RRULE/,
  },
  {
    name: 'a branch jumping into another track',
    mutate: (d) => (d.tracks[0].steps[2].cases[0].goto = 'altro'),
    path: 'tracks.0.steps.2.cases.0.goto',
    message: /no step "altro" in track "principale"/,
  },
  {
    name: 'a wait step without a way to end',
    mutate: (d) => delete d.tracks[0].steps[1].duration,
    path: 'tracks.0.steps.1',
    message: /exactly one of duration, until, durationInput/,
  },
  {
    name: 'a derived data point over a text',
    mutate: (d) =>
      (d.dataPoints.media = {
        type: 'derived',
        title: { it: 'Media', en: 'Mean' },
        derive: { op: 'mean', of: 'nota', over: 'P7D' },
      }),
    path: 'dataPoints.media.derive.of',
    message: /not a quantity or score/,
  },
  {
    name: 'a bad ISO duration',
    mutate: (d) => (d.tracks[0].steps[0].schedule.window = 'PT4X'),
    path: 'tracks.0.steps.0.schedule.window',
    message: /ISO 8601 duration/,
  },
  {
    name: 'a missing Italian title',
    mutate: (d) => delete d.title.it,
    path: 'title.it',
    message: /./,
  },
  {
    name: 'an observation that is not a quantity data point',
    mutate: (d) => (d.tracks[0].steps[0].observations = ['spo2', 'nota']),
    path: 'tracks.0.steps.0.observations.1',
    message: /"nota" is not a quantity data point/,
  },
  {
    name: 'start-track of an unknown track',
    mutate: (d) => (d.rules[0].then[0].track = 'inesistente'),
    path: 'rules.0.then.0.track',
    message: /no track "inesistente"/,
  },
  {
    name: 'a set of a derived data point',
    mutate: (d) => {
      d.dataPoints.media = {
        type: 'derived',
        title: { it: 'Media', en: 'Mean' },
        derive: { op: 'mean', of: 'spo2', over: 'P7D' },
      };
      d.rules[0].then = [{ do: 'set', dataPoint: 'media', value: 1 }];
    },
    path: 'rules.0.then.0.dataPoint',
    message: /derived and cannot be set/,
  },
  {
    name: 'a recurring end step',
    mutate: (d) => (d.tracks[0].steps[3].schedule = { rrule: 'FREQ=DAILY', window: 'PT1H' }),
    path: 'tracks.0.steps.3.schedule',
    message: /cannot recur/,
  },
];

describe('pathway validation: every error with its path', () => {
  it('accepts the base definition the cases break', () => {
    const r = validateDefinition(base());
    assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  });

  for (const c of cases) {
    it(`reports ${c.name} at ${c.path}`, () => {
      const d = structuredClone(base());
      c.mutate(d);
      const r = validateDefinition(d);
      assert.equal(r.ok, false);
      const hit = !r.ok && r.errors.find((e) => e.path.join('.') === c.path);
      assert.ok(hit, `no error at ${c.path}: ${JSON.stringify(!r.ok && r.errors)}`);
      assert.match(hit.message, c.message);
    });
  }

  it('reports several independent errors in one pass', () => {
    const d: Mutable = structuredClone(base());
    d.tracks[0].steps[2].cases[0].goto = 'altro';
    d.rules[0].then[0].track = 'inesistente';
    d.tracks[0].steps[0].observations = ['nota'];
    const r = validateDefinition(d);
    assert.ok(!r.ok);
    assert.deepEqual(r.errors.map((e) => e.path.join('.')).sort(), [
      'rules.0.then.0.track',
      'tracks.0.steps.0.observations.0',
      'tracks.0.steps.2.cases.0.goto',
    ]);
  });
});

const yamlText = `schemaVersion: 1
id: prova
version: 1.0.0
kind: telemonitoring
title: { it: Prova, en: Test }
description: { it: Prova, en: Test }
roles: [patient]
duration: P30D
dataPoints:
  spo2: { type: quantity, title: { it: SpO2, en: SpO2 }, unit: '%' }
tracks:
  - id: principale
    title: { it: Principale, en: Main }
    steps:
      - id: lettura
        title: { it: Lettura, en: Reading }
        type: reading
        from: patient
        observations: [spo2, peso]
        schedule:
          rrule: FREQ=SOMETIMES
          window: PT4H
rules:
  - id: bassa
    title: { en: Low }
    when: { '<': [{ var: spo2 }, 90] }
    then: [{ do: end, outcome: fine }]
`;

describe('pathway source: YAML and JSON with positions', () => {
  it('places each schema error at the line and column of the YAML that caused it', () => {
    const r = parsePathwaySource(yamlText, 'prova.yaml');
    assert.ok(!r.ok);
    const at = (p: string) => r.errors.find((e) => e.path.join('.') === p);
    assert.deepEqual(
      {
        line: at('tracks.0.steps.0.schedule.rrule')?.line,
        column: at('tracks.0.steps.0.schedule.rrule')?.column,
      },
      { line: 21, column: 18 },
    );
    // A missing key is reported on its parent mapping, where the designer must add it.
    assert.deepEqual(
      { line: at('rules.0.title.it')?.line, column: at('rules.0.title.it')?.column },
      { line: 25, column: 12 },
    );
    assert.equal(
      formatSourceError('prova.yaml', at('tracks.0.steps.0.schedule.rrule')!),
      'prova.yaml:21:18 tracks.0.steps.0.schedule.rrule: an RRULE such as FREQ=DAILY;BYHOUR=9',
    );
  });

  it('places cross-reference errors too (second pass, after the schema passes)', () => {
    const fixed = yamlText
      .replace('FREQ=SOMETIMES', 'FREQ=DAILY;BYHOUR=9')
      .replace('{ en: Low }', '{ it: Bassa, en: Low }');
    const r = parsePathwaySource(fixed, 'prova.yaml');
    assert.ok(!r.ok);
    assert.deepEqual(r.errors, [
      {
        path: ['tracks', 0, 'steps', 0, 'observations', 1],
        message: '"peso" is not a quantity data point',
        line: 19,
        column: 30,
      },
    ]);
  });

  it('reports a YAML syntax error with its position', () => {
    const r = parsePathwaySource('id: prova\ntitle: { it: Prova\nkind: demo\n', 'x.yaml');
    assert.ok(!r.ok);
    assert.ok(r.errors[0]?.line !== undefined && r.errors[0].line >= 2, JSON.stringify(r.errors));
  });

  it('reads JSON with positions and refuses what only YAML accepts', () => {
    const json = JSON.stringify({ ...base(), version: 'uno' }, null, 2);
    const r = parsePathwaySource(json, 'prova.json');
    assert.ok(!r.ok);
    assert.equal(r.errors[0]?.path.join('.'), 'version');
    assert.equal(r.errors[0]?.line, 4);
    const ok = parsePathwaySource(JSON.stringify(base()), 'prova.json');
    assert.ok(ok.ok);
    const yamlish = parsePathwaySource("{ id: 'prova' }", 'prova.json');
    assert.ok(!yamlish.ok);
    assert.match(yamlish.errors[0]!.message, /not valid JSON/);
    assert.deepEqual([yamlish.errors[0]!.line, yamlish.errors[0]!.column], [1, 3]);
  });
});

describe('pathway JSON Schema', () => {
  it('describes the input form of the language: step types, and defaults optional', () => {
    const schema = pathwayJsonSchema() as {
      required: string[];
      properties: Record<string, unknown>;
    };
    assert.ok(schema.required.includes('tracks'));
    assert.ok(!schema.required.includes('timeZone'), 'timeZone has a default');
    const text = JSON.stringify(schema);
    for (const t of [
      'form',
      'reading',
      'task',
      'video',
      'consult',
      'booking',
      'check-in',
      'payment',
      'document',
      'notification',
      'wait',
      'branch',
      'end',
    ]) {
      assert.ok(text.includes(`"const":"${t}"`), `step type ${t}`);
    }
  });
});
