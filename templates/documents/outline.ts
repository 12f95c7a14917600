import type { DocumentHeader } from './header.js';

/**
 * A rendering-neutral outline of a clinical document: its header and its sections with
 * their human-readable content. Each document type builds the outline from its model; the
 * PDF renders it as is, and the CDA renders the same blocks as each section's narrative
 * <text>, so what a person reads in the PDF and in the CDA is the same text.
 */

export interface Coding {
  code: string;
  system: string;
  systemName?: string;
  display: string;
}

export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; head: string[]; rows: string[][] }
  /** Label/value pairs shown as a two-column grid. */
  | { kind: 'fields'; fields: { label: string; value: string }[] }
  /** A chart as SVG (PDF only: the CDA types never use it). */
  | { kind: 'svg'; svg: string; width: number; caption?: string };

export interface OutlineSection {
  /** LOINC (or national) section code. */
  code: Coding;
  title: string;
  blocks: Block[];
  subsections?: OutlineSection[];
}

export interface DocumentOutline {
  /** Document title as printed, e.g. "Referto di Televisita". */
  title: string;
  /** Subtitle such as the speciality or the service performed. */
  subtitle?: string;
  header: DocumentHeader;
  sections: OutlineSection[];
  /** Closing line above the signature, e.g. "Documento firmato digitalmente". */
  signatureNote?: string;
}
