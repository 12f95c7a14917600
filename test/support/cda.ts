import assert from 'node:assert/strict';
import SaxonJS, { type XdmNode } from 'saxon-js';
import type { OutlineSection } from '../../templates/documents/outline.js';

/** Helpers the CDA document-type tests share: XPath over a rendered CDA, outline walking. */

export const HL7 = { hl7: 'urn:hl7-org:v3' };

export const normalise = (s: string): string => s.replace(/\s+/g, ' ').trim();

export async function parseXml(xml: string): Promise<XdmNode> {
  return SaxonJS.getResource({ text: xml, type: 'xml' });
}

/** The string values an XPath (with the hl7 prefix) selects. */
export function xpathStrings(
  expr: string,
  doc: XdmNode,
  params: Record<string, unknown> = {},
): string[] {
  return SaxonJS.XPath.evaluate(`${expr} ! string()`, doc, {
    namespaceContext: HL7,
    params,
    resultForm: 'array',
  }) as string[];
}

/** Every section of an outline, subsections included, depth first. */
export function allSections(sections: readonly OutlineSection[]): OutlineSection[] {
  return sections.flatMap((s) => [s, ...allSections(s.subsections ?? [])]);
}

/** The text of a section's own narrative (not its subsections'), whitespace-normalised. */
export async function sectionNarrative(
  xml: string,
  code: string,
  nested: boolean,
): Promise<string> {
  const doc = await parseXml(xml);
  const path = nested
    ? '//hl7:section/hl7:component/hl7:section'
    : '/hl7:ClinicalDocument/hl7:component/hl7:structuredBody/hl7:component/hl7:section';
  const text = SaxonJS.XPath.evaluate(
    `string-join(${path}[hl7:code/@code = $code]/hl7:text//text(), ' ')`,
    doc,
    { namespaceContext: HL7, params: { code } },
  );
  return normalise(String(text));
}

/** A CDA with one deliberate change; fails when the pattern did not match. */
export function broken(xml: string, from: RegExp, to: string): string {
  const out = xml.replace(from, to);
  assert.notEqual(out, xml, `la sostituzione ${String(from)} non è avvenuta`);
  return out;
}
