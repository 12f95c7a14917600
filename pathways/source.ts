import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { PathwayDefinition } from './definition.js';
import { validateDefinition, type Path } from './validate.js';

/**
 * Pathway source text (YAML or JSON) to a validated definition, with every problem placed at a
 * line and column of the text the designer wrote. JSON goes through the YAML parser too (JSON
 * is YAML 1.2), so both formats get positions from the same code. Pure: no file system.
 */

export interface SourceError {
  path: Path;
  message: string;
  line?: number;
  column?: number;
}

export type SourceResult =
  { ok: true; definition: PathwayDefinition } | { ok: false; errors: SourceError[] };

export type SourceFormat = 'yaml' | 'json';

export function formatOf(filename: string): SourceFormat {
  return filename.toLowerCase().endsWith('.json') ? 'json' : 'yaml';
}

export function parsePathwaySource(
  text: string,
  filename = 'pathway.yaml',
  format: SourceFormat = formatOf(filename),
): SourceResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return {
          path: [],
          message: e.message.split('\n')[0] ?? e.message,
          line: pos.line,
          column: pos.col,
        };
      }),
    };
  }
  const notJson = format === 'json' ? jsonProblem(text, lineCounter) : null;
  if (notJson) return { ok: false, errors: [notJson] };
  const result = validateDefinition(doc.toJS({ maxAliasCount: 100 }));
  if (result.ok) return result;
  return {
    ok: false,
    errors: result.errors.map((e) => ({ ...e, ...positionOf(doc.contents, e.path, lineCounter) })),
  };
}

/** JSON that YAML would accept but JSON.parse would not (comments, single quotes…). */
function jsonProblem(text: string, lc: LineCounter): SourceError | null {
  try {
    JSON.parse(text);
    return null;
  } catch (e) {
    const message = `not valid JSON: ${(e as Error).message}`;
    // V8 says "… at position N": place it like the other errors.
    const at = /position (\d+)/.exec(message)?.[1];
    if (at === undefined) return { path: [], message };
    const pos = lc.linePos(Number(at));
    return { path: [], message, line: pos.line, column: pos.col };
  }
}

/**
 * The position of the node at `path`, or of its deepest existing ancestor (a missing key is
 * reported where its parent is, which is where the designer has to add it).
 */
function positionOf(
  root: Node | null,
  path: Path,
  lc: LineCounter,
): { line?: number; column?: number } {
  let node: Node | null = root;
  let best: Node | null = root;
  for (const key of path) {
    if (!node) break;
    let child: unknown = null;
    if (isMap(node)) {
      // Point at the key when the value is missing or a scalar would hide the mapping line.
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
      child = pair ? (pair.value ?? pair.key) : null;
    } else if (isSeq(node) && typeof key === 'number') {
      child = node.items[key] ?? null;
    }
    if (!child || typeof child !== 'object' || !('range' in child)) break;
    node = child as Node;
    best = node;
  }
  const offset = best?.range?.[0];
  if (offset === undefined) return {};
  const pos = lc.linePos(offset);
  return { line: pos.line, column: pos.col };
}

/** `file:12:5 tracks.0.steps.2.schedule.rrule: message`, the shape editors jump to. */
export function formatSourceError(file: string, e: SourceError): string {
  const where = e.line !== undefined ? `${file}:${e.line}:${e.column ?? 1}` : file;
  const path = e.path.length ? `${e.path.join('.')}: ` : '';
  return `${where} ${path}${e.message}`;
}
