import { performance } from 'node:perf_hooks';
import { CdaConformance } from '../templates/conformance/cda-conformance.js';
import { documentTypeSpecs } from '../templates/documents/registry.js';
import type { Branding } from '../templates/documents/header.js';
import { renderPdf } from '../templates/pdf/render-pdf.js';

/**
 * Clinical-document throughput (issue 6), one core, per document type:
 * - CDA: render the CDA R2 from the model, then the gateway's full checks (XSD + the type's
 *   schematron), as every document goes through before it is stored;
 * - PDF: render the PDF from the outline with pdfmake, the CDA embedded as an attachment.
 * Inputs cycle through each type's samples (varied lengths, 1–3 pages). A warm-up pass runs
 * first (schema compilation, font loading, JIT).
 *
 *   npx tsx bench/documents.ts [documents per type, default 60]
 */
const perType = Number(process.argv[2] ?? 60);
const branding: Branding = {
  organisation: 'ASL Toscana Centro',
  unit: 'Centrale di Telemedicina',
  color: '#0b5394',
};
const creationDate = new Date('2026-11-27T09:00:00Z');
const conformance = CdaConformance.fromConfig();

interface Row {
  type: string;
  cdaPerSecond: number | null;
  cdaMs: number | null;
  assertions: number | null;
  pdfPerSecond: number;
  pdfMs: number;
  pdfKb: number;
}

const rows: Row[] = [];
for (const spec of documentTypeSpecs()) {
  const models = spec.samples().map((s) => spec.model.parse(s));
  const outlines = models.map((m) => spec.outline(m));
  const cdas = spec.renderCda ? models.map((m) => spec.renderCda!(m)) : [];

  // Warm-up: one of each sample through both paths.
  for (let i = 0; i < models.length; i++) {
    if (spec.renderCda) await conformance.check(spec.renderCda(models[i]), spec.cda!);
    await renderPdf(outlines[i]!, { branding, creationDate });
  }

  let cdaPerSecond: number | null = null;
  let cdaMs: number | null = null;
  let assertions: number | null = null;
  if (spec.renderCda) {
    let checked = 0;
    const t0 = performance.now();
    for (let i = 0; i < perType; i++) {
      const xml = spec.renderCda(models[i % models.length]);
      const report = await conformance.check(xml, spec.cda!);
      if (!report.valid) throw new Error(`${spec.type} sample ${i % models.length} not conformant`);
      checked += report.assertionsChecked;
    }
    const elapsed = performance.now() - t0;
    cdaPerSecond = (perType * 1000) / elapsed;
    cdaMs = elapsed / perType;
    assertions = Math.round(checked / perType);
  }

  let bytes = 0;
  const t1 = performance.now();
  for (let i = 0; i < perType; i++) {
    const k = i % models.length;
    const cda = cdas[k];
    const pdf = await renderPdf(outlines[k]!, {
      branding,
      creationDate,
      ...(cda ? { attachment: { name: 'cda.xml', xml: cda } } : {}),
    });
    bytes += pdf.length;
  }
  const pdfElapsed = performance.now() - t1;
  rows.push({
    type: spec.type,
    cdaPerSecond,
    cdaMs,
    assertions,
    pdfPerSecond: (perType * 1000) / pdfElapsed,
    pdfMs: pdfElapsed / perType,
    pdfKb: bytes / perType / 1024,
  });
}

const fmt = (n: number | null, d = 1) => (n === null ? '—' : n.toFixed(d));
console.log(`\nClinical documents, ${perType} per type, one core (Node ${process.version})\n`);
console.log(
  '| Type | CDA + XSD + schematron (docs/s) | ms/doc | assertions/doc | PDF with CDA attached (docs/s) | ms/doc | KB/doc |',
);
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.type} | ${fmt(r.cdaPerSecond)} | ${fmt(r.cdaMs)} | ${r.assertions ?? '—'} | ${fmt(r.pdfPerSecond)} | ${fmt(r.pdfMs)} | ${fmt(r.pdfKb, 0)} |`,
  );
}
