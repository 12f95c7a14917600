import type { Clinician, Custodian, DocumentHeader, InstanceId, Patient } from './header.js';

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

interface OutlineBody {
  /** Document title as printed, e.g. "Referto di Televisita". */
  title: string;
  /** Subtitle such as the speciality or the service performed. */
  subtitle?: string;
  sections: OutlineSection[];
  /** Closing line above the signature, e.g. "Documento validato elettronicamente". */
  signatureNote?: string;
}

/** The outline of a CDA document type: its sections and its CDA header. */
export interface CdaOutline extends OutlineBody {
  header: DocumentHeader;
  report?: never;
}

/**
 * The heading of a PDF-only report (no CDA header: it has no encounter and no legal
 * authenticator), e.g. the telemonitoring period summary: whose it is, who answers for it,
 * and the facts printed in its document box.
 */
export interface ReportHeading {
  id: InstanceId;
  version: number;
  /** When the report was produced (ISO 8601 with offset). */
  issued: string;
  patient: Patient;
  custodian: Custodian;
  /** The clinician responsible for the report. */
  author: { clinician: Clinician; time: string };
  /** Extra label/value lines in the document box (period, pathway…). */
  facts: { label: string; value: string }[];
}

/** The outline of a PDF-only report: the same sections, a report heading instead of a CDA header. */
export interface ReportOutline extends OutlineBody {
  header?: never;
  report: ReportHeading;
}

/** What every document type's `outline(model)` returns and the PDF renderer prints. */
export type DocumentOutline = CdaOutline | ReportOutline;

export function isReportOutline(outline: DocumentOutline): outline is ReportOutline {
  return outline.report !== undefined;
}
