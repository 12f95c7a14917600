import {
  describeFailure,
  type CdaConformance,
  type ConformanceReport,
} from '../conformance/cda-conformance.js';
import { renderPdf } from '../pdf/render-pdf.js';
import type { DocumentTypeSpec } from './document-type.js';
import type { Branding } from './header.js';
import type { DocumentOutline } from './outline.js';

export interface RenderedDocument {
  outline: DocumentOutline;
  /** CDA R2 XML for FSE types, checked; null for PDF-only types. */
  cdaXml: string | null;
  report: ConformanceReport | null;
  /** The PDF, with the CDA embedded as an attachment when there is one. */
  pdf: Buffer;
}

/** The CDA failed the gateway's checks: it is never stored or sent. */
export class DocumentNotConformant extends Error {
  override name = 'DocumentNotConformant';
  constructor(readonly report: ConformanceReport) {
    super(`documento non conforme: ${describeFailure(report)}`);
  }
}

/**
 * One model, two renderings: the outline feeds the PDF; the CDA is rendered from the same
 * model, checked against the XSD and the type's schematron, and embedded in the PDF.
 * `creationDate` fixes the PDF's dates, so the same input gives the same bytes.
 */
export async function renderDocument<M>(
  spec: DocumentTypeSpec<M>,
  model: M,
  options: {
    conformance: CdaConformance;
    branding: Branding;
    creationDate: Date;
    /** Preview: render and report even when the CDA does not conform. */
    allowNonConformant?: boolean;
  },
): Promise<RenderedDocument> {
  const outline = spec.outline(model);
  let cdaXml: string | null = null;
  let report: ConformanceReport | null = null;
  if (spec.renderCda && spec.cda) {
    cdaXml = spec.renderCda(model);
    report = await options.conformance.check(cdaXml, spec.cda);
    if (!report.valid && !options.allowNonConformant) throw new DocumentNotConformant(report);
  }
  const pdf = await renderPdf(outline, {
    branding: options.branding,
    creationDate: options.creationDate,
    ...(cdaXml
      ? {
          attachment: {
            name: 'cda.xml',
            xml: cdaXml,
            description: `${outline.title} (HL7 CDA R2)`,
          },
        }
      : {}),
  });
  return { outline, cdaXml, report, pdf };
}
