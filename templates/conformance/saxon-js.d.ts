/** The part of SaxonJS 2.7 (no bundled types) that the schematron runner uses. */
declare module 'saxon-js' {
  /** An XDM node as SaxonJS represents it (a DOM-like node). */
  export type XdmNode = object;

  interface XPathOptions {
    namespaceContext?: Record<string, string>;
    params?: Record<string, unknown>;
    resultForm?: 'default' | 'array' | 'iterator' | 'xdm';
  }

  interface SaxonJSStatic {
    getResource(options: { text: string; type: 'xml' }): Promise<XdmNode>;
    XPath: {
      evaluate(expression: string, context: XdmNode | null, options?: XPathOptions): unknown;
    };
  }

  const SaxonJS: SaxonJSStatic;
  export default SaxonJS;
}
