import { isCollection, isNode, isSeq, LineCounter, parseDocument, stringify } from 'yaml';
import type { SourceFormat } from '../api/types';

// Text helpers for the workbench editors. JSON is YAML 1.2, so one parser reads both formats
// and places a syntax error at a line and column either way.

/** A definition or scenario object as the text a designer edits. */
export function toText(value: unknown, format: SourceFormat): string {
  if (format === 'json') return `${JSON.stringify(value, null, 2)}\n`;
  return stringify(value, { lineWidth: 100 });
}

export type ParsedText =
  { ok: true; value: unknown } | { ok: false; message: string; line?: number; column?: number };

/** Parses YAML or JSON text; a syntax error comes back with its position, never as a throw. */
export function parseText(text: string): ParsedText {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const error = doc.errors[0];
  if (error) {
    const position = lineCounter.linePos(error.pos[0]);
    return {
      ok: false,
      message: error.message.split('\n')[0] ?? error.message,
      line: position.line,
      column: position.col,
    };
  }
  return { ok: true, value: doc.toJS({ maxAliasCount: 100 }) as unknown };
}

/** The same content in the other format, or null when the text does not parse (left as is). */
export function convertText(text: string, to: SourceFormat): string | null {
  const parsed = parseText(text);
  return parsed.ok && parsed.value !== undefined ? toText(parsed.value, to) : null;
}

/** Offsets of line `line` (1-based) in `text`, without its line break; clamped to the text. */
export function lineRange(text: string, line: number): { start: number; end: number } {
  let start = 0;
  for (let current = 1; current < line; current++) {
    const next = text.indexOf('\n', start);
    if (next === -1) break;
    start = next + 1;
  }
  const newline = text.indexOf('\n', start);
  return { start, end: newline === -1 ? text.length : newline };
}

/** 1-based line and column of a caret offset. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

export function countLines(text: string): number {
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

/**
 * Where `path` (keys and indexes) lies in YAML/JSON `text`: the line of the deepest node that
 * exists, so a missing key points at its parent, where the designer has to add it.
 */
export function locate(
  text: string,
  path: readonly (string | number)[],
): { line: number; column: number } | null {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length) return null;
  let node: unknown = doc.contents;
  let offset: number | undefined = rangeStart(node);
  for (const key of path) {
    const next = isCollection(node) ? node.get(isSeq(node) ? Number(key) : key, true) : undefined;
    if (next === undefined || next === null) break;
    node = next;
    offset = rangeStart(node) ?? offset;
  }
  if (offset === undefined) return null;
  const position = lineCounter.linePos(offset);
  return { line: position.line, column: position.col };
}

function rangeStart(node: unknown): number | undefined {
  return isNode(node) ? node.range?.[0] : undefined;
}
