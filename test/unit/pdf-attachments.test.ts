import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import {
  extractEmbeddedFiles,
  findEmbeddedFile,
  PdfAttachmentError,
} from '../../templates/pdf/pdf-attachments.js';

const cda = '<?xml version="1.0" encoding="UTF-8"?>\n<ClinicalDocument xmlns="urn:hl7-org:v3"/>';

async function reportWith(
  attach: (doc: PDFDocument) => Promise<void> | void,
  save: { useObjectStreams?: boolean } = {},
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText('Referto di televisita', { x: 50, y: 700 });
  await attach(doc);
  return doc.save(save);
}

/** A page /FileAttachment annotation whose file spec is not in the EmbeddedFiles tree. */
function annotateWithFile(doc: PDFDocument, name: string, data: Buffer, compressed: boolean) {
  const ctx = doc.context;
  const stream = compressed
    ? ctx.flateStream(data, { Type: 'EmbeddedFile', Subtype: 'application/xml' })
    : ctx.stream(data, { Type: 'EmbeddedFile' });
  const spec = ctx.obj({
    Type: 'Filespec',
    F: PDFString.of(name),
    UF: PDFHexString.fromText(name),
    EF: { F: ctx.register(stream) },
  });
  const annot = ctx.obj({
    Type: 'Annot',
    Subtype: 'FileAttachment',
    Rect: [10, 10, 30, 30],
    FS: ctx.register(spec),
  });
  const page = doc.getPage(0).node;
  const annots = page.Annots();
  if (annots) annots.push(ctx.register(annot));
  else page.set(PDFName.of('Annots'), ctx.obj([ctx.register(annot)]));
}

describe('PDF attachments', () => {
  it('reads back what pdf-lib attach() embedded, name, type and bytes', async () => {
    const pdf = await reportWith(async (doc) => {
      await doc.attach(Buffer.from(cda), 'cda.xml', { mimeType: 'text/xml', description: 'CDA' });
      await doc.attach(Buffer.from('x'.repeat(10_000)), 'allegato.txt', {
        mimeType: 'text/plain',
      });
    });
    const files = await extractEmbeddedFiles(pdf);
    assert.deepEqual(
      files.map((f) => [f.name, f.mimeType, f.data.length]),
      [
        ['cda.xml', 'text/xml', Buffer.byteLength(cda)],
        ['allegato.txt', 'text/plain', 10_000],
      ],
    );
    assert.equal(files[0]!.data.toString('utf8'), cda, 'the FlateDecode stream is inflated');
  });

  it('finds the attachment whatever the case of its name, as the gateway looks for cda.xml', async () => {
    const pdf = await reportWith((doc) =>
      doc.attach(Buffer.from(cda), 'CDA.XML', { mimeType: 'text/xml' }),
    );
    const found = findEmbeddedFile(await extractEmbeddedFiles(pdf), 'cda.xml');
    assert.equal(found?.data.toString('utf8'), cda);
    assert.equal(findEmbeddedFile(await extractEmbeddedFiles(pdf), 'other.xml'), undefined);
  });

  it('reads the files of page FileAttachment annotations, compressed or not', async () => {
    for (const useObjectStreams of [true, false]) {
      const pdf = await reportWith(
        (doc) => {
          annotateWithFile(doc, 'cda.xml', Buffer.from(cda), true);
          annotateWithFile(doc, 'plain.txt', Buffer.from('non compresso'), false);
        },
        { useObjectStreams },
      );
      const files = await extractEmbeddedFiles(pdf);
      assert.deepEqual(
        files.map((f) => [f.name, f.mimeType, f.data.toString('utf8')]),
        [
          // A #2F-escaped /Subtype name comes back decoded.
          ['cda.xml', 'application/xml', cda],
          ['plain.txt', undefined, 'non compresso'],
        ],
      );
    }
  });

  it('walks /Kids of the EmbeddedFiles name tree and lists a shared file spec once', async () => {
    const flat = await reportWith(async (doc) => {
      await doc.attach(Buffer.from(cda), 'cda.xml', { mimeType: 'text/xml' });
      await doc.attach(Buffer.from('secondo'), 'b.txt', {});
    });
    // attach() embeds on save: reopen the saved file to rework its name tree.
    const doc = await PDFDocument.load(flat);
    {
      // Move the flat /Names into a kid, as producers with many attachments do.
      const ctx = doc.context;
      const names = doc.catalog.lookup(PDFName.of('Names'), PDFDict);
      const tree = names.lookup(PDFName.of('EmbeddedFiles'), PDFDict);
      const pairs = tree.lookup(PDFName.of('Names'), PDFArray);
      const kid = ctx.obj({ Names: pairs, Limits: [PDFString.of('a'), PDFString.of('z')] });
      tree.delete(PDFName.of('Names'));
      tree.set(PDFName.of('Kids'), ctx.obj([ctx.register(kid)]));
      // The first file spec is also the target of an annotation.
      const annot = ctx.obj({
        Type: 'Annot',
        Subtype: 'FileAttachment',
        Rect: [0, 0, 10, 10],
        FS: pairs.get(1),
      });
      doc.getPage(0).node.set(PDFName.of('Annots'), ctx.obj([ctx.register(annot)]));
    }
    const files = await extractEmbeddedFiles(await doc.save());
    assert.deepEqual(
      files.map((f) => f.name),
      ['cda.xml', 'b.txt'],
    );
  });

  it('refuses what is not a PDF, and a file that inflates beyond the limit', async () => {
    await assert.rejects(extractEmbeddedFiles(Buffer.from('<html>no</html>')), PdfAttachmentError);
    const bomb = Buffer.alloc(2_000_000, 0x41);
    const pdf = await reportWith((doc) => doc.attach(bomb, 'bomb.txt', {}));
    await assert.rejects(extractEmbeddedFiles(pdf, { maxBytes: 1_000_000 }), (err: unknown) => {
      assert.ok(err instanceof PdfAttachmentError);
      assert.match(err.message, /bomb\.txt/);
      return true;
    });
    assert.equal((await extractEmbeddedFiles(pdf))[0]?.data.length, 2_000_000);
  });

  it('returns nothing for a PDF without attachments', async () => {
    const pdf = await reportWith(() => undefined);
    assert.deepEqual(await extractEmbeddedFiles(pdf), []);
  });

  it('decodes a stream whose filter chain node:zlib alone cannot (ASCIIHex over Flate)', async () => {
    const pdf = await reportWith((doc) => {
      const ctx = doc.context;
      const hex = Buffer.from(deflateSync(Buffer.from(cda)).toString('hex') + '>');
      const stream = ctx.stream(hex, {
        Type: 'EmbeddedFile',
        Filter: [PDFName.of('ASCIIHexDecode'), PDFName.of('FlateDecode')],
      });
      const spec = ctx.obj({
        Type: 'Filespec',
        F: PDFString.of('cda.xml'),
        EF: { F: ctx.register(stream) },
      });
      const tree = ctx.obj({ Names: [PDFString.of('cda.xml'), ctx.register(spec)] });
      doc.catalog.set(PDFName.of('Names'), ctx.obj({ EmbeddedFiles: ctx.register(tree) }));
    });
    const [file] = await extractEmbeddedFiles(pdf);
    assert.equal(file?.data.toString('utf8'), cda);
  });
});
