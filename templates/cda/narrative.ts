import type { Block, OutlineSection } from '../documents/outline.js';
import { appendCode, type XmlNode } from './datatypes.js';

/**
 * Outline blocks as CDA narrative (section/text). The PDF renders the same blocks, so what a
 * person reads in either rendering is the same text: paragraph → paragraph, list → list/item,
 * table → table/thead/tbody, fields → a two-column table of th/td rows.
 */

export interface NarrativeOptions {
  /**
   * Gives elements an ID that entries can point to (text/reference, originalText/reference):
   * the n-th block, if a paragraph, is `${idPrefix}-n`; the r-th list item or table body row
   * of the n-th block is `${idPrefix}-n-r` (both 1-based).
   */
  idPrefix?: string;
}

/** Text with line breaks as `<br/>`, so multi-line input keeps its lines. */
function appendLines(parent: XmlNode, text: string): void {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  lines.forEach((line, i) => {
    if (i > 0) parent.ele('br');
    if (line.length > 0) parent.txt(line);
  });
}

export function appendNarrativeBlocks(
  text: XmlNode,
  blocks: readonly Block[],
  { idPrefix }: NarrativeOptions = {},
): void {
  blocks.forEach((block, b) => {
    const id = (...at: number[]): Record<string, string> =>
      idPrefix ? { ID: [idPrefix, b + 1, ...at].join('-') } : {};
    switch (block.kind) {
      case 'paragraph':
        appendLines(text.ele('paragraph', id()), block.text);
        break;
      case 'list': {
        const list = text.ele('list');
        block.items.forEach((item, r) => appendLines(list.ele('item', id(r + 1)), item));
        break;
      }
      case 'table': {
        const table = text.ele('table');
        const headRow = table.ele('thead').ele('tr');
        for (const head of block.head) appendLines(headRow.ele('th'), head);
        const body = table.ele('tbody');
        block.rows.forEach((row, r) => {
          const tr = body.ele('tr', id(r + 1));
          for (const cell of row) appendLines(tr.ele('td'), cell);
        });
        break;
      }
      case 'fields': {
        const body = text.ele('table').ele('tbody');
        block.fields.forEach((field, r) => {
          const tr = body.ele('tr', id(r + 1));
          appendLines(tr.ele('th'), field.label);
          appendLines(tr.ele('td'), field.value);
        });
        break;
      }
      case 'svg':
        // Charts belong to PDF-only documents; a CDA type that produced one is a bug.
        throw new TypeError('Il blocco svg non è ammesso nella parte narrativa di un CDA');
    }
  });
}

export interface SectionOptions extends NarrativeOptions {
  /** Section templateId root required or allowed by the schematron. */
  templateId?: string;
  /** The section's XML ID attribute, e.g. "DIAGNOSI". */
  id?: string;
  /** Writes the coded entries (after text, before subsections, as the XSD orders them). */
  entries?: (section: XmlNode) => void;
}

/** Options for an outline section (and, recursively, for its subsections). */
export type SectionOptionsFor = (section: OutlineSection) => SectionOptions;

/**
 * One outline section as component/section under `parent` (a structuredBody or a section):
 * templateId, code, title, narrative text, entries, then its subsections.
 */
export function appendSection(
  parent: XmlNode,
  outline: OutlineSection,
  options: SectionOptions = {},
  optionsFor: SectionOptionsFor = () => ({}),
): XmlNode {
  const section = parent
    .ele('component', { typeCode: 'COMP' })
    .ele('section', options.id ? { ID: options.id } : {});
  if (options.templateId) section.ele('templateId', { root: options.templateId });
  appendCode(section, 'code', {
    code: outline.code.code,
    system: outline.code.system,
    systemName: outline.code.systemName ?? 'LOINC',
    display: outline.code.display,
  });
  section.ele('title').txt(outline.title);
  appendNarrativeBlocks(section.ele('text'), outline.blocks, options);
  options.entries?.(section);
  appendSections(section, outline.subsections ?? [], optionsFor);
  return section;
}

/** The outline's sections in order under `parent`, each with `optionsFor(section)`. */
export function appendSections(
  parent: XmlNode,
  sections: readonly OutlineSection[],
  optionsFor: SectionOptionsFor = () => ({}),
): void {
  for (const s of sections) appendSection(parent, s, optionsFor(s), optionsFor);
}

/** Every human-readable string of the blocks, in order: what the narrative must contain. */
export function blockStrings(blocks: readonly Block[]): string[] {
  return blocks.flatMap((block): string[] => {
    switch (block.kind) {
      case 'paragraph':
        return [block.text];
      case 'list':
        return block.items;
      case 'table':
        return [...block.head, ...block.rows.flat()];
      case 'fields':
        return block.fields.flatMap((f) => [f.label, f.value]);
      case 'svg':
        return block.caption ? [block.caption] : [];
    }
  });
}
