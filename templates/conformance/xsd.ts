import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { XmlDocument, XmlParseError, XmlValidateError, XsdValidator } from 'libxml2-wasm';
import { xmlRegisterFsInputProviders } from 'libxml2-wasm/lib/nodejs.mjs';

export interface XsdProblem {
  line: number | null;
  message: string;
}

let providersRegistered = false;

/**
 * A compiled XML Schema (libxml2 through WebAssembly). The schema's includes are resolved
 * from the file system next to it. Compile once, validate many documents.
 */
export class XsdSchema {
  private constructor(private readonly validator: XsdValidator) {}

  static load(xsdPath: string): XsdSchema {
    if (!providersRegistered) {
      xmlRegisterFsInputProviders();
      providersRegistered = true;
    }
    const schemaDoc = XmlDocument.fromBuffer(readFileSync(xsdPath), {
      url: pathToFileURL(xsdPath).href,
    });
    try {
      return new XsdSchema(XsdValidator.fromDoc(schemaDoc));
    } finally {
      schemaDoc.dispose();
    }
  }

  /** Problems found, empty when the document is well-formed and valid. */
  validate(xml: string): XsdProblem[] {
    let doc: XmlDocument;
    try {
      doc = XmlDocument.fromString(xml);
    } catch (err) {
      if (err instanceof XmlParseError) return problemsOf(err.details);
      throw err;
    }
    try {
      this.validator.validate(doc);
      return [];
    } catch (err) {
      if (err instanceof XmlValidateError) return problemsOf(err.details);
      throw err;
    } finally {
      doc.dispose();
    }
  }
}

function problemsOf(details: { message: string; line?: number }[]): XsdProblem[] {
  return details.map((d) => ({ line: d.line ?? null, message: d.message.trim() }));
}
