import { ApiError } from '../api/api-error';
import type { SourceProblem } from '../api/types';
import { locate } from './source-text';

/** A refused simulation, sorted by the field the designer has to fix. */
export interface SimulationProblems {
  source: SourceProblem[];
  scenario: SourceProblem[];
  days: string[];
}

// The API folds a definition error's place into the message: "12:5 tracks.0.id: message".
const placed = /^(\d+):(\d+) (?:(\S+): )?([\s\S]*)$/;

/**
 * Reads a 400 from /api/pathways/simulate into problems per editor, with lines: the
 * definition's come from the API, the scenario's are found in the scenario text here.
 * Null when the error is not about the request's fields (network, 5xx…).
 */
export function simulationProblems(
  error: unknown,
  scenarioText: string,
): SimulationProblems | null {
  if (!(error instanceof ApiError) || error.status !== 400 || error.fieldErrors.length === 0) {
    return null;
  }
  const problems: SimulationProblems = { source: [], scenario: [], days: [] };
  for (const field of error.fieldErrors) {
    if (field.path === 'body.source') {
      const match = placed.exec(field.message);
      problems.source.push(
        match
          ? {
              line: Number(match[1]),
              column: Number(match[2]),
              path: match[3] ?? '',
              message: match[4] ?? field.message,
            }
          : { path: '', message: field.message },
      );
    } else if (field.path === 'body.scenario' || field.path.startsWith('body.scenario.')) {
      const path = field.path
        .split('.')
        .slice(2)
        .map((key) => (/^\d+$/.test(key) ? Number(key) : key));
      const where = locate(scenarioText, path);
      problems.scenario.push({ path, message: field.message, ...(where ?? {}) });
    } else if (field.path === 'body.days') {
      problems.days.push(field.message);
    } else {
      problems.source.push({ path: field.path.replace(/^body\.?/, ''), message: field.message });
    }
  }
  return problems;
}
