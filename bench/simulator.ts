import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse } from 'yaml';
import { simulate, type ScenarioInput } from '../pathways/simulator.js';
import { parsePathwaySource } from '../pathways/source.js';

/**
 * Simulator throughput: 90 days of the COPD telemonitoring plan per synthetic patient (daily
 * readings, weekly diary, alerts and escalations), for N patients with varied readings.
 * Target (issue 3): under 20 ms per patient. `npx tsx bench/simulator.ts [patients] [days]`
 */
const patients = Number(process.argv[2] ?? 200);
const days = Number(process.argv[3] ?? 90);
const root = path.join(import.meta.dirname, '..');
const file = path.join(root, 'pathways', 'definitions', 'bpco-telemonitoraggio.yaml');
const parsed = parsePathwaySource(readFileSync(file, 'utf8'), file);
if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
const definition = parsed.definition;
const base = parse(
  readFileSync(path.join(root, 'pathways', 'scenarios', 'bpco-telemonitoraggio.yaml'), 'utf8'),
) as ScenarioInput;

// Each patient gets a different desaturation day and different skipped mornings, so the runs
// are not one cached path repeated.
const scenarios: ScenarioInput[] = Array.from({ length: patients }, (_, i) => ({
  ...base,
  days,
  readings: {
    ...base.readings,
    'misurazioni-mattino': {
      values: {
        spo2: Array.from({ length: days }, (_, d) => (d % 17 === i % 17 ? 87 : 94 + ((d + i) % 3))),
        heartRate: { from: 70 + (i % 10), to: 90 + (i % 25) },
      },
      skipDays: [5 + (i % 20), 6 + (i % 20), 40 + (i % 30)],
    },
  },
}));

simulate(definition, { ...scenarios[0]!, days: 10 }); // warm-up: JIT, rrule parse cache

let events = 0;
let commands = 0;
let entries = 0;
const t0 = performance.now();
for (const s of scenarios) {
  const r = simulate(definition, s);
  events += r.stats.events;
  commands += r.stats.commands;
  entries += r.timeline.length;
}
const ms = performance.now() - t0;

console.log(
  `simulator: ${patients} patients × ${days} days of ${definition.id} ${definition.version}`,
);
console.log(`  total            ${ms.toFixed(0)} ms`);
console.log(`  per patient      ${(ms / patients).toFixed(2)} ms  (target < 20 ms)`);
console.log(
  `  engine events    ${events} (${Math.round(events / (ms / 1000)).toLocaleString('en')} events/s)`,
);
console.log(`  commands         ${commands}; timeline entries ${entries}`);
