import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { PathwayDefinition } from '../pathways/definition.js';
import { simulate, type ScenarioInput, type TimelineEntry } from '../pathways/simulator.js';
import { formatSourceError, parsePathwaySource } from '../pathways/source.js';
import { PathwayCatalog } from '../platform/pathway-catalog.js';

/** Bookkeeping a designer does not need to read; `--verbose` shows it. */
const QUIET = new Set(['schedule-timer', 'cancel-timer', 'reading-accepted']);

/**
 * `percorsi simulate <pathway.yaml|id> --scenario <file>`: plays the scenario and prints a
 * day-by-day timeline (or the whole result as JSON).
 */
export function runSimulate(
  pathway: string,
  opts: { scenario?: string; days?: string; json?: boolean; verbose?: boolean },
): number {
  let definition: PathwayDefinition;
  if (existsSync(pathway)) {
    const parsed = parsePathwaySource(readFileSync(pathway, 'utf8'), pathway);
    if (!parsed.ok) {
      for (const e of parsed.errors) console.error(formatSourceError(pathway, e));
      return 1;
    }
    definition = parsed.definition;
  } else {
    const found = PathwayCatalog.builtIn().get(pathway);
    if (!found) {
      console.error(`percorsi simulate: no file or built-in pathway "${pathway}"`);
      return 2;
    }
    definition = found;
  }
  const scenario = (
    opts.scenario ? parse(readFileSync(opts.scenario, 'utf8')) : {}
  ) as ScenarioInput;
  if (opts.days !== undefined) scenario.days = Number(opts.days);
  const result = simulate(definition, scenario);
  if (opts.json) {
    const { state: _state, ...rest } = result;
    console.log(JSON.stringify(rest, null, 2));
    return 0;
  }
  console.log(`${definition.title.it} (${definition.id} ${definition.version})`);
  console.log(
    `simulazione dal ${result.timeline[0]?.local ?? result.start} per ${result.stats.days} giorni\n`,
  );
  let day = 0;
  for (const e of result.timeline) {
    if (!opts.verbose && QUIET.has(e.kind)) continue;
    if (e.day !== day) {
      day = e.day;
      console.log(`— giorno ${day} —`);
    }
    console.log(line(e));
  }
  const s = result.stats;
  console.log(
    `\nesito: ${result.final.status}${result.final.outcome ? ` (${result.final.outcome})` : ''}; ` +
      `allerte rosse ${s.alerts.red}, arancioni ${s.alerts.orange}, gialle ${s.alerts.yellow}; ` +
      `escalation ${s.alertEscalations}; mancate ${s.missed}; attività ${s.itemsOpened}; notifiche ${s.notifications}`,
  );
  return 0;
}

function line(e: TimelineEntry): string {
  return `${e.local}  ${e.label}`;
}
