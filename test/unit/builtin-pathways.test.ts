import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { PathwayDefinition } from '../../pathways/definition.js';
import { simulate } from '../../pathways/simulator.js';
import { parsePathwaySource } from '../../pathways/source.js';
import { repoRoot } from '../../platform/config.js';

const definitionsDir = path.join(repoRoot, 'pathways', 'definitions');
const scenariosDir = path.join(repoRoot, 'pathways', 'scenarios');

export function loadDefinition(id: string): PathwayDefinition {
  const file = path.join(definitionsDir, `${id}.yaml`);
  const r = parsePathwaySource(readFileSync(file, 'utf8'), file);
  if (!r.ok) throw new Error(`${id}: ${JSON.stringify(r.errors)}`);
  return r.definition;
}

const builtIns = readdirSync(definitionsDir)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''));

describe('built-in pathways', () => {
  for (const id of builtIns) {
    it(`${id} validates (schema and cross-references)`, () => {
      const d = loadDefinition(id);
      assert.equal(d.id, id, 'file name and id agree');
    });
  }

  it('between them use every step type and every rule action', () => {
    const defs = builtIns.map(loadDefinition);
    const stepTypes = new Set(
      defs.flatMap((d) => d.tracks.flatMap((t) => t.steps.map((s) => s.type))),
    );
    const actions = new Set(
      defs.flatMap((d) => [
        ...d.rules.flatMap((r) => r.then.map((a) => a.do)),
        ...d.tracks.flatMap((t) =>
          t.steps.flatMap((s) =>
            [...s.onMissed, ...('onNoShow' in s ? s.onNoShow : [])].map((a) => a.do),
          ),
        ),
      ]),
    );
    assert.deepEqual([...stepTypes].sort(), [
      'booking', 'branch', 'check-in', 'consult', 'document', 'end', 'form', 'notification',
      'payment', 'reading', 'task', 'video', 'wait',
    ]); // prettier-ignore
    assert.deepEqual([...actions].sort(), [
      'alert',
      'end',
      'notify',
      'set',
      'start-pathway',
      'start-track',
      'stop-track',
      'task',
    ]);
  });

  it('are bilingual (Italian and English) and versioned 1.x, except the demo', () => {
    // 1.1.0: COPD (own symptom-diary score) and teleconsult (the opinion form) of the forms issue.
    const expected: Record<string, string> = {
      'bpco-telemonitoraggio': '1.1.0',
      'teleconsulto-hub-spoke': '1.1.0',
    };
    for (const d of builtIns.map(loadDefinition).filter((x) => x.kind !== 'demo')) {
      assert.equal(d.version, expected[d.id] ?? '1.0.0', d.id);
      assert.ok(d.title.it && d.title.en && d.description.it && d.description.en, d.id);
    }
  });

  const scenarios = readdirSync(scenariosDir).filter((f) => f.endsWith('.yaml'));
  it('ship at least one example scenario per clinical pathway', () => {
    const covered = new Set(
      scenarios.map(
        (f) =>
          (parse(readFileSync(path.join(scenariosDir, f), 'utf8')) as { pathway: string }).pathway,
      ),
    );
    for (const id of builtIns.filter((b) => b !== 'benvenuto'))
      assert.ok(covered.has(id), `scenario for ${id}`);
  });

  for (const f of scenarios) {
    it(`scenario ${f} plays through its pathway without a refused event`, () => {
      const scenario = parse(readFileSync(path.join(scenariosDir, f), 'utf8')) as {
        pathway: string;
      };
      const r = simulate(loadDefinition(scenario.pathway), scenario);
      assert.equal(
        r.stats.rejected,
        0,
        JSON.stringify(r.timeline.filter((e) => e.kind === 'rejected')),
      );
      assert.ok(r.timeline.length > 5);
    });
  }
});
