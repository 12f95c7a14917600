import type { ClinicalDocument, FseStatus } from '../api/types';
import { fseStatuses } from '../api/types';
import type { Language } from '../i18n/i18n';

/** The tone of an FSE state's badge (the wording comes from the catalogue, never colour alone). */
export function fseTone(
  status: string,
): 'completed' | 'warning' | 'failed' | 'withdrawn' | 'unknown' {
  switch (status as FseStatus) {
    case 'published':
      return 'completed';
    case 'pending':
    case 'withdrawing':
      return 'warning';
    case 'rejected':
      return 'failed';
    case 'withdrawn':
    case 'not-applicable':
      return 'withdrawn';
    default:
      return 'unknown';
  }
}

export function isKnownFseStatus(status: string): status is FseStatus {
  return (fseStatuses as readonly string[]).includes(status);
}

/** States the list keeps polling for: the publication workflow will move them on. */
export function isInFlight(document: ClinicalDocument): boolean {
  return document.fse.status === 'pending' || document.fse.status === 'withdrawing';
}

/** A document and the versions it replaced, newest first. */
export interface DocumentSet {
  head: ClinicalDocument;
  previous: ClinicalDocument[];
}

/**
 * Groups every version of a patient's documents into sets: the newest version (the one no
 * other replaces) with the versions it replaced under it. Sets are newest first.
 */
export function documentSets(documents: readonly ClinicalDocument[]): DocumentSet[] {
  const byId = new Map(documents.map((d) => [d.id, d]));
  const replaced = new Set(documents.flatMap((d) => (d.replacesId ? [d.replacesId] : [])));
  const heads = documents.filter((d) => !replaced.has(d.id));
  const sets = heads.map((head) => {
    const previous: ClinicalDocument[] = [];
    const seen = new Set([head.id]);
    let next = head.replacesId ? byId.get(head.replacesId) : undefined;
    while (next && !seen.has(next.id)) {
      previous.push(next);
      seen.add(next.id);
      next = next.replacesId ? byId.get(next.replacesId) : undefined;
    }
    return { head, previous };
  });
  return sets.sort((a, b) => b.head.createdAt.localeCompare(a.head.createdAt));
}

/** The version a document replaced, when it is in the list (else its number minus one). */
export function replacedVersion(
  document: ClinicalDocument,
  all: readonly ClinicalDocument[],
): number | null {
  if (!document.replacesId) return null;
  return all.find((d) => d.id === document.replacesId)?.version ?? document.version - 1;
}

/** "ERRORE-12| La sezione…" → the rule id and its message; other messages as they are. */
export function splitRule(message: string): { rule: string | null; text: string } {
  const match = /^\s*([A-Za-z][\w.-]*-[\w.-]+)\s*\|\s*([\s\S]*)$/.exec(message);
  return match
    ? { rule: match[1] ?? null, text: (match[2] ?? '').trim() }
    : { rule: null, text: message };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function nameOf(person: unknown): string | null {
  if (!isRecord(person)) return null;
  const name = isRecord(person.name) ? person.name : person;
  const parts = [name.given, name.family].filter((part) => typeof part === 'string' && part);
  return parts.length > 0 ? parts.join(' ') : null;
}

function firstText(value: unknown): string | null {
  if (typeof value === 'string' && value.trim()) return value.trim();
  if (Array.isArray(value)) return firstText(value[0]);
  if (isRecord(value)) {
    for (const key of ['display', 'description', 'text', 'title']) {
      const found = firstText(value[key]);
      if (found) return found;
    }
  }
  return null;
}

const shorten = (text: string, max = 60) =>
  text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;

/**
 * What tells a sample apart in the sample picker: the patient's name and a hint (the sample's
 * own label, the specialty, the first diagnosis or service…).
 */
export function sampleSummary(sample: unknown): { patient: string | null; hint: string | null } {
  if (!isRecord(sample)) return { patient: null, hint: null };
  const header = isRecord(sample.header) ? sample.header : sample;
  const report = isRecord(sample.report) ? sample.report : null;
  const patient = nameOf(header.patient) ?? nameOf(report?.patient);
  let hint: string | null = null;
  for (const key of [
    'label',
    'hint',
    'scenario',
    'specialty',
    'subtitle',
    'diagnoses',
    'services',
    'quesito',
    'reason',
    'period',
  ]) {
    hint = firstText(sample[key]);
    if (hint) break;
  }
  return { patient, hint: hint ? shorten(hint) : null };
}

/** A random idempotency key (plain http pages have no crypto.randomUUID). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Bytes in words: "84 kB". */
export function formatBytes(bytes: number, language: Language): string {
  const locale = language === 'en' ? 'en-GB' : 'it-IT';
  const format = (value: number, unit: string) =>
    `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value)} ${unit}`;
  if (bytes < 1024) return format(bytes, 'B');
  if (bytes < 1024 * 1024) return format(bytes / 1024, 'kB');
  return format(bytes / (1024 * 1024), 'MB');
}

/** A PDF sent as base64 → a Blob the browser can show or save. */
export function base64Blob(base64: string, type: string): Blob {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type });
}
