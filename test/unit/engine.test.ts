import assert from 'node:assert/strict';
import { pathwayDefinitionSchema, type PathwayDefinition } from '../../pathways/definition.js';
import { EngineError, initialState, step, type EngineState } from '../../pathways/engine.js';
import { loadBuiltInPathways } from '../../platform/pathway-catalog.js';

const benvenuto = (): PathwayDefinition => {
  const d = loadBuiltInPathways().find((p) => p.id === 'benvenuto');
  assert.ok(d, 'built-in pathway benvenuto');
  return d;
};

describe('pathway engine (minimal slice)', () => {
  it('walks the welcome pathway: record, wait, record, end', () => {
    const def = benvenuto();
    let r = step(def, initialState(), { type: 'started' });
    assert.deepEqual(r.commands, [
      {
        type: 'record',
        stepId: 'arruolamento',
        kind: 'enrolment-recorded',
        message: { it: 'Arruolamento registrato', en: 'Enrolment recorded' },
      },
    ]);
    r = step(def, r.state, { type: 'recorded', stepId: 'arruolamento' });
    assert.deepEqual(r.commands, [{ type: 'start-timer', stepId: 'attesa', seconds: 60 }]);
    r = step(def, r.state, { type: 'timer-fired', stepId: 'attesa' });
    assert.equal(r.commands[0]?.type, 'record');
    r = step(def, r.state, { type: 'recorded', stepId: 'presa-in-carico' });
    assert.deepEqual(r.commands, [{ type: 'finish', stepId: 'fine', outcome: 'completed' }]);
    assert.equal(r.state.status, 'completed');
    assert.deepEqual(r.state.completedSteps, ['arruolamento', 'attesa', 'presa-in-carico', 'fine']);
  });

  it('takes the wait from the enrolment input when the step names one', () => {
    const def = benvenuto();
    const r1 = step(def, initialState(), { type: 'started' }, { waitSeconds: 5 });
    const r2 = step(
      def,
      r1.state,
      { type: 'recorded', stepId: 'arruolamento' },
      { waitSeconds: 5 },
    );
    assert.deepEqual(r2.commands, [{ type: 'start-timer', stepId: 'attesa', seconds: 5 }]);
  });

  it('refuses events for a step it is not at, and any event after completion', () => {
    const def = benvenuto();
    const r = step(def, initialState(), { type: 'started' });
    assert.throws(() => step(def, r.state, { type: 'timer-fired', stepId: 'attesa' }), EngineError);
    const done: EngineState = { ...r.state, status: 'completed' };
    assert.throws(() => step(def, done, { type: 'started' }), EngineError);
  });

  it('is pure: the input state is not modified', () => {
    const def = benvenuto();
    const s0 = initialState();
    const frozen = JSON.stringify(s0);
    step(def, s0, { type: 'started' });
    assert.equal(JSON.stringify(s0), frozen);
  });

  it('schema reports duplicate step ids and a missing end step with their paths', () => {
    const bad = {
      ...benvenuto(),
      steps: [
        { id: 'a', title: { it: 'A', en: 'A' }, type: 'wait', seconds: 1 },
        { id: 'a', title: { it: 'A', en: 'A' }, type: 'wait', seconds: 1 },
      ],
    };
    const result = pathwayDefinitionSchema.safeParse(bad);
    assert.equal(result.success, false);
    const paths = result.error.issues.map((i) => i.path.join('.'));
    assert.deepEqual(paths.sort(), ['steps.1', 'steps.1.id']);
  });
});
