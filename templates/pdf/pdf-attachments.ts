import { inflateSync } from 'node:zlib';
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFRawStream,
  PDFRef,
  PDFString,
  type PDFObject,
} from 'pdf-lib';

/**
 * Files embedded in a PDF: the FSE 2.0 gateway receives the CDA as `cda.xml` attached to the
 * PDF of the report ("ATTACHMENT" injection mode). Read with pdf-lib's low-level objects because
 * its high-level API can add attachments but not list them.
 */

export interface EmbeddedFile {
  /** The file specification's name (/UF, else /F), as the producer wrote it. */
  name: string;
  data: Buffer;
  /** The embedded file stream's /Subtype (e.g. `text/xml`), when declared. */
  mimeType?: string;
}

export interface ExtractOptions {
  /** Largest decoded size of one file; a bigger one is refused (a zip bomb, not a CDA). */
  maxBytes?: number;
}

/** The bytes are not a PDF we can read, or an attachment cannot be decoded. */
export class PdfAttachmentError extends Error {
  override name = 'PdfAttachmentError';
}

const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

/**
 * Every embedded file: first those of the document's /Names /EmbeddedFiles name tree (where
 * `PDFDocument.attach` and most producers put them), then those of page /FileAttachment
 * annotations. A file referenced from both places is listed once.
 */
export async function extractEmbeddedFiles(
  pdf: Uint8Array,
  options: ExtractOptions = {},
): Promise<EmbeddedFile[]> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(pdf, { ignoreEncryption: true, updateMetadata: false });
  } catch (err) {
    throw new PdfAttachmentError(`not a readable PDF: ${(err as Error).message}`);
  }
  const context = doc.context;
  const seen = new Set<PDFObject>();
  const files: EmbeddedFile[] = [];

  const take = (fileSpecOrRef: PDFObject | undefined) => {
    if (!fileSpecOrRef) return;
    const spec = fileSpecOrRef instanceof PDFRef ? context.lookup(fileSpecOrRef) : fileSpecOrRef;
    if (!(spec instanceof PDFDict) || seen.has(spec)) return;
    seen.add(spec);
    const file = readFileSpec(spec, maxBytes);
    if (file) files.push(file);
  };

  const names = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
  const tree = names?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict);
  if (tree) walkNameTree(tree, take, new Set());

  for (const page of doc.getPages()) {
    const annots = page.node.Annots();
    if (!annots) continue;
    for (let i = 0; i < annots.size(); i++) {
      const annot = annots.lookup(i);
      if (!(annot instanceof PDFDict)) continue;
      if (annot.lookupMaybe(PDFName.of('Subtype'), PDFName)?.decodeText() !== 'FileAttachment') {
        continue;
      }
      take(annot.get(PDFName.of('FS')));
    }
  }
  return files;
}

/** The first embedded file whose name matches, ignoring case (the gateway looks for `cda.xml`). */
export function findEmbeddedFile(files: EmbeddedFile[], name: string): EmbeddedFile | undefined {
  const wanted = name.toLowerCase();
  return files.find((f) => f.name.toLowerCase() === wanted);
}

/** A name tree node holds leaf pairs in /Names and children in /Kids (PDF 32000-1, 7.9.6). */
function walkNameTree(
  node: PDFDict,
  visit: (value: PDFObject | undefined) => void,
  visited: Set<PDFDict>,
): void {
  if (visited.has(node)) return; // a malformed tree may loop
  visited.add(node);
  const pairs = node.lookupMaybe(PDFName.of('Names'), PDFArray);
  if (pairs) {
    for (let i = 1; i < pairs.size(); i += 2) visit(pairs.get(i));
  }
  const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
  if (kids) {
    for (let i = 0; i < kids.size(); i++) {
      const kid = kids.lookup(i);
      if (kid instanceof PDFDict) walkNameTree(kid, visit, visited);
    }
  }
}

function text(obj: PDFObject | undefined): string | undefined {
  if (obj instanceof PDFString || obj instanceof PDFHexString) return obj.decodeText();
  return undefined;
}

function readFileSpec(spec: PDFDict, maxBytes: number): EmbeddedFile | null {
  const ef = spec.lookupMaybe(PDFName.of('EF'), PDFDict);
  if (!ef) return null; // a reference to an external file: nothing embedded
  const stream = ef.lookup(PDFName.of('UF')) ?? ef.lookup(PDFName.of('F'));
  if (!(stream instanceof PDFRawStream)) return null;
  const name =
    text(spec.lookup(PDFName.of('UF'))) ??
    text(spec.lookup(PDFName.of('F'))) ??
    text(spec.lookup(PDFName.of('Desc'))) ??
    '';
  const subtype = stream.dict.lookupMaybe(PDFName.of('Subtype'), PDFName)?.decodeText();
  return {
    name,
    data: decodeStream(stream, maxBytes, name),
    ...(subtype ? { mimeType: subtype } : {}),
  };
}

function filtersOf(stream: PDFRawStream): string[] {
  const filter = stream.dict.lookup(PDFName.of('Filter'));
  if (filter instanceof PDFName) return [filter.decodeText()];
  if (filter instanceof PDFArray) {
    return filter.asArray().map((f) => (f instanceof PDFName ? f.decodeText() : String(f)));
  }
  return [];
}

function decodeStream(stream: PDFRawStream, maxBytes: number, name: string): Buffer {
  const filters = filtersOf(stream);
  const predictor = stream.dict
    .lookupMaybe(PDFName.of('DecodeParms'), PDFDict)
    ?.lookup(PDFName.of('Predictor'))
    ?.toString();
  try {
    let data: Buffer;
    if (filters.length === 0) {
      data = Buffer.from(stream.contents);
    } else if (
      filters.every((f) => f === 'FlateDecode') &&
      (predictor === undefined || predictor === '1')
    ) {
      // node:zlib is native and bounds the output; pdf-lib's decoder is pure JS and unbounded.
      data = filters.reduce(
        (bytes) => inflateSync(bytes, { maxOutputLength: maxBytes }),
        Buffer.from(stream.contents),
      );
    } else {
      // ASCIIHex, ASCII85, LZW, RunLength and mixed chains: rare for attachments.
      data = Buffer.from(decodePDFRawStream(stream).decode());
    }
    if (data.length > maxBytes) throw new Error(`larger than ${maxBytes} bytes`);
    return data;
  } catch (err) {
    throw new PdfAttachmentError(
      `attachment ${JSON.stringify(name)} (${filters.join(', ') || 'no filter'}) cannot be decoded: ${(err as Error).message}`,
    );
  }
}
