import type { z } from 'zod';
import type { CdaType } from '../conformance/cda-conformance.js';
import type { DocumentOutline } from './outline.js';

/** Every document type Percorsi produces: the four FSE CDA types and the PDF-only summary. */
export const documentTypes = [
  'referto-televisita',
  'relazione-teleconsulto',
  'relazione-teleassistenza',
  'rsa',
  'riepilogo-telemonitoraggio',
] as const;
export type DocumentType = (typeof documentTypes)[number];

/**
 * One document type: its zod model (header + clinical content), the outline both renderings
 * share, the CDA R2 rendering when the type goes to the FSE, and varied sample data (the
 * first sample is what the designer preview starts from).
 */
export interface DocumentTypeSpec<M = unknown> {
  type: DocumentType;
  /** The FSE CDA type, or null for PDF-only documents. */
  cda: CdaType | null;
  title: { it: string; en: string };
  model: z.ZodType<M>;
  outline(model: M): DocumentOutline;
  /** CDA R2 XML (UTF-8, with XML declaration); absent for PDF-only types. */
  renderCda?(model: M): string;
  samples(): unknown[];
}
