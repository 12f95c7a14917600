import { DateTime } from 'luxon';
import type { Block } from '../documents/outline.js';

/**
 * Italian renderings of model values for the outlines of the CDA types. Dates keep the
 * offset written in the model (the local time of the event), so the text never depends on
 * the machine's time zone.
 */

/** "12/03/2025" from an ISO date or date-time. */
export function formatDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!match) throw new RangeError(`data ISO non valida: ${iso}`);
  return `${match[3]}/${match[2]}/${match[1]}`;
}

/** "12/03/2025 alle 10:30" from an ISO date-time with offset. */
export function formatDateTime(iso: string): string {
  const dt = DateTime.fromISO(iso, { setZone: true });
  if (!dt.isValid) throw new RangeError(`data/ora ISO non valida: ${iso}`);
  return `${dt.toFormat('dd/MM/yyyy')} alle ${dt.toFormat('HH:mm')}`;
}

/** "10:30" from an ISO date-time with offset. */
export function formatTime(iso: string): string {
  const dt = DateTime.fromISO(iso, { setZone: true });
  if (!dt.isValid) throw new RangeError(`data/ora ISO non valida: ${iso}`);
  return dt.toFormat('HH:mm');
}

/** A free text as paragraph blocks: blank lines separate paragraphs, single breaks stay. */
export function paragraphs(text: string): Block[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) => ({ kind: 'paragraph', text: p }));
}

/** "Dott.ssa Maria Rossi" */
export function displayName(name: { given: string; family: string; prefix?: string }): string {
  return [name.prefix, name.given, name.family].filter(Boolean).join(' ');
}

/** "428.0 – Insufficienza cardiaca congestizia non specificata" */
export function codeLabel(code: { code: string; display: string }): string {
  return `${code.code} – ${code.display}`;
}
