import { createHash, randomBytes } from 'node:crypto';
import SaxonJS from 'saxon-js';

/**
 * What the gateway reads from a CDA besides validating it: the document id (the transaction's
 * workflowInstanceId derives from it), its LOINC code (against the token's resource_hl7_type)
 * and the patient's identifiers (against person_id); and the hash that ties a publication to
 * its validation.
 */

export const WII_SUFFIX = '^^^^urn:ihe:iti:xdw:2013:workflowInstanceId';

export interface CdaFacts {
  idRoot: string;
  idExtension: string;
  code: string;
  codeSystem: string;
  /** recordTarget/patientRole/id: `{ root, extension }`, the codice fiscale among them. */
  patientIds: { root: string; extension: string }[];
}

const ns = { hl7: 'urn:hl7-org:v3' };

/** Throws the parser's message when the XML is not well-formed. */
export async function readCdaFacts(xml: string): Promise<CdaFacts> {
  const doc = await SaxonJS.getResource({ text: xml, type: 'xml' });
  const s = (expr: string) =>
    String(SaxonJS.XPath.evaluate(`string(${expr})`, doc, { namespaceContext: ns }));
  const ids = SaxonJS.XPath.evaluate(
    '/hl7:ClinicalDocument/hl7:recordTarget/hl7:patientRole/hl7:id ! [string(@root), string(@extension)]',
    doc,
    { namespaceContext: ns, resultForm: 'array' },
  ) as [string, string][];
  return {
    idRoot: s('/hl7:ClinicalDocument/hl7:id/@root'),
    idExtension: s('/hl7:ClinicalDocument/hl7:id/@extension'),
    code: s('/hl7:ClinicalDocument/hl7:code/@code'),
    codeSystem: s('/hl7:ClinicalDocument/hl7:code/@codeSystem'),
    patientIds: ids.map(([root, extension]) => ({ root, extension })),
  };
}

/**
 * SHA-256 of the CDA without its legalAuthenticator: the national gateway matches a
 * publication to its validation this way, so a document signed after validation still matches.
 */
export function cdaHash(xml: string): string {
  const unsigned = xml.replace(
    /<((?:[\w-]+:)?)legalAuthenticator\b[\s\S]*?<\/\1legalAuthenticator\s*>/g,
    '',
  );
  return createHash('sha256').update(unsigned, 'utf8').digest('hex');
}

/** `<id/@root>.<sha256(id/@extension)>.<10 hex>^^^^urn:ihe:iti:xdw:2013:workflowInstanceId`. */
export function workflowInstanceIdOf(facts: Pick<CdaFacts, 'idRoot' | 'idExtension'>): string {
  const ext = createHash('sha256').update(facts.idExtension, 'utf8').digest('hex');
  return `${facts.idRoot}.${ext}.${randomHex()}${WII_SUFFIX}`;
}

/** A transaction without a CDA (deletion, metadata update): from the document's id. */
export function workflowInstanceIdOfDocument(idDoc: string): string {
  return `${createHash('sha256').update(idDoc, 'utf8').digest('hex')}.${randomHex()}${WII_SUFFIX}`;
}

function randomHex(): string {
  return randomBytes(5).toString('hex');
}
