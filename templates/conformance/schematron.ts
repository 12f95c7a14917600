import { readFileSync } from 'node:fs';
import path from 'node:path';
import SaxonJS, { type XdmNode } from 'saxon-js';

/**
 * A Schematron (ISO, queryBinding xslt2) runner on SaxonJS's XPath 3.1 engine.
 *
 * The official FSE schematrons use one pattern of rules with `let` (in rules and, like
 * global variables evaluated on the document, in the pattern), `assert`, `report`,
 * `name` and `value-of`; this runner implements exactly those, with the ISO semantics that
 * matter: a node is handled by the first rule of a pattern whose context matches it, lets are
 * evaluated in order and visible to later lets and tests, a failing assert is an error and a
 * firing report a warning. See docs/adr/008-clinical-documents.md for why this is not an
 * XSLT skeleton compilation.
 */

const SCH = 'http://purl.oclc.org/dsdl/schematron';

type MessagePart = { text: string } | { name: true } | { valueOf: string };

interface Check {
  kind: 'assert' | 'report';
  test: string;
  /** "ERRORE-12", "W003": the text before the first "|". */
  id: string;
  message: MessagePart[];
  line: number | null;
}

type RuleItem = { kind: 'let'; name: string; value: string } | Check;

interface Rule {
  context: string;
  /** The context as a selection from the document root. */
  select: string;
  items: RuleItem[];
}

export interface SchematronFinding {
  id: string;
  message: string;
  /** XPath of the node the rule fired on. */
  location: string;
  test: string;
}

export interface SchematronResult {
  /** Failed asserts: the document does not conform. */
  errors: SchematronFinding[];
  /** Firing reports (Wnnn): recommendations. */
  warnings: SchematronFinding[];
  /** Assertions evaluated (assert tests, each on each context node it applies to). */
  assertionsChecked: number;
  /** Rules of the schema that matched at least one node. */
  rulesFired: number;
}

export class Schematron {
  private constructor(
    readonly title: string,
    readonly file: string,
    private readonly namespaces: Record<string, string>,
    private readonly patterns: { lets: { name: string; value: string }[]; rules: Rule[] }[],
    /** Number of assert elements in the schema. */
    readonly assertCount: number,
  ) {}

  static async load(schPath: string): Promise<Schematron> {
    const text = readFileSync(schPath, 'utf8');
    const doc = await SaxonJS.getResource({ text, type: 'xml' });
    const nsCtx = { sch: SCH };
    const q = (expr: string, ctx: XdmNode): XdmNode[] =>
      SaxonJS.XPath.evaluate(expr, ctx, {
        namespaceContext: nsCtx,
        resultForm: 'array',
      }) as XdmNode[];
    const s = (expr: string, ctx: XdmNode): string =>
      String(SaxonJS.XPath.evaluate(`string(${expr})`, ctx, { namespaceContext: nsCtx }));

    const namespaces: Record<string, string> = {};
    for (const ns of q('//sch:ns', doc)) namespaces[s('@prefix', ns)] = s('@uri', ns);

    let assertCount = 0;
    const patterns = q('//sch:pattern', doc).map((pattern) => ({
      lets: q('sch:let', pattern).map((l) => ({ name: s('@name', l), value: s('@value', l) })),
      rules: q('sch:rule', pattern).map((rule): Rule => {
        const context = s('@context', rule).trim();
        const items = q('sch:let | sch:assert | sch:report', rule).map((item): RuleItem => {
          const kind = s('local-name()', item);
          if (kind === 'let')
            return { kind: 'let', name: s('@name', item), value: s('@value', item) };
          if (kind === 'assert') assertCount++;
          const message = q('node()', item).map((part): MessagePart => {
            const local = s('local-name()', part);
            if (local === 'name') return { name: true };
            if (local === 'value-of') return { valueOf: s('@select', part) };
            return { text: s('.', part) };
          });
          const plain = message.map((p) => ('text' in p ? p.text : '')).join('');
          return {
            kind: kind === 'assert' ? 'assert' : 'report',
            test: s('@test', item),
            id: (plain.split('|')[0] ?? '').trim(),
            message,
            line: null,
          };
        });
        return { context, select: context.startsWith('/') ? context : `//${context}`, items };
      }),
    }));
    return new Schematron(
      s('/sch:schema/sch:title', doc).trim(),
      path.basename(schPath),
      namespaces,
      patterns,
      assertCount,
    );
  }

  async validate(xml: string): Promise<SchematronResult> {
    const doc = await SaxonJS.getResource({ text: xml, type: 'xml' });
    return this.validateDocument(doc);
  }

  validateDocument(doc: XdmNode): SchematronResult {
    const result: SchematronResult = {
      errors: [],
      warnings: [],
      assertionsChecked: 0,
      rulesFired: 0,
    };
    const namespaceContext = this.namespaces;
    const evaluate = (
      expr: string,
      ctx: XdmNode,
      params: Record<string, unknown>,
      resultForm?: 'xdm' | 'array',
    ) =>
      SaxonJS.XPath.evaluate(expr, ctx, {
        namespaceContext,
        params,
        ...(resultForm ? { resultForm } : {}),
      });

    for (const { lets, rules } of this.patterns) {
      const handled = new Set<XdmNode>();
      const patternParams: Record<string, unknown> = {};
      for (const l of lets) patternParams[l.name] = evaluate(l.value, doc, patternParams, 'xdm');
      for (const rule of rules) {
        const nodes = (evaluate(rule.select, doc, {}, 'array') as XdmNode[]).filter(
          (n) => !handled.has(n),
        );
        if (nodes.length > 0) result.rulesFired++;
        for (const node of nodes) {
          handled.add(node);
          const params: Record<string, unknown> = { ...patternParams };
          for (const item of rule.items) {
            if (item.kind === 'let') {
              params[item.name] = evaluate(item.value, node, params, 'xdm');
              continue;
            }
            const fired = evaluate(`boolean(${item.test})`, node, params) === true;
            if (item.kind === 'assert') {
              result.assertionsChecked++;
              if (!fired) result.errors.push(this.finding(item, node, params));
            } else if (fired) {
              result.warnings.push(this.finding(item, node, params));
            }
          }
        }
      }
    }
    return result;
  }

  private finding(check: Check, node: XdmNode, params: Record<string, unknown>): SchematronFinding {
    const namespaceContext = this.namespaces;
    const text = check.message
      .map((part) => {
        if ('text' in part) return part.text;
        if ('name' in part)
          return String(SaxonJS.XPath.evaluate('name()', node, { namespaceContext }));
        return String(
          SaxonJS.XPath.evaluate(`string-join((${part.valueOf})!string(), ' ')`, node, {
            namespaceContext,
            params,
          }),
        );
      })
      .join('')
      .replace(/\s+/g, ' ')
      .trim();
    const location = String(SaxonJS.XPath.evaluate('path()', node)).replace(/Q\{[^}]*\}/g, '');
    return { id: check.id, message: text, location, test: check.test.replace(/\s+/g, ' ').trim() };
  }
}
