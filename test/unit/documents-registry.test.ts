import assert from 'node:assert/strict';
import { documentTypes } from '../../templates/documents/document-type.js';
import { documentTypeSpecs } from '../../templates/documents/registry.js';
import { renderPdf } from '../../templates/pdf/render-pdf.js';

const branding = { organisation: 'ASL Toscana Centro', color: '#0b5394' };
const creationDate = new Date('2026-11-27T08:00:00Z');

describe('document types: one model, two renderings', function () {
  this.timeout(120_000);

  it('registers every type, each with at least ten samples its model accepts', function () {
    assert.deepEqual(
      documentTypeSpecs()
        .map((s) => s.type)
        .sort(),
      [...documentTypes].sort(),
    );
    for (const spec of documentTypeSpecs()) {
      const samples = spec.samples();
      assert.ok(samples.length >= 10, `${spec.type}: ${samples.length} samples`);
      samples.forEach((s, i) => {
        const parsed = spec.model.safeParse(s);
        assert.ok(
          parsed.success,
          `${spec.type} sample ${i}: ${JSON.stringify(parsed.error?.issues)}`,
        );
      });
    }
  });

  it('renders the PDF without touching the model: the CDA after it is the CDA before it', async function () {
    // pdfmake rewrites the definition it renders; the model that is stored (and rendered
    // again for a new version) must be what was signed.
    for (const spec of documentTypeSpecs()) {
      const model = spec.model.parse(spec.samples()[0]);
      const before = JSON.stringify(model);
      const cdaBefore = spec.renderCda?.(model) ?? null;
      await renderPdf(spec.outline(model), {
        branding,
        creationDate,
        ...(cdaBefore ? { attachment: { name: 'cda.xml', xml: cdaBefore } } : {}),
      });
      assert.equal(JSON.stringify(model), before, `${spec.type}: model changed by rendering`);
      assert.equal(spec.renderCda?.(model) ?? null, cdaBefore, `${spec.type}: CDA changed`);
    }
  });
});
