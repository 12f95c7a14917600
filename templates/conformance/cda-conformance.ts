import SaxonJS from 'saxon-js';
import { locateConformanceFiles, type ConformanceFiles } from './conformance-files.js';
import { Schematron, type SchematronFinding } from './schematron.js';
import { XsdSchema, type XsdProblem } from './xsd.js';

/** The CDA R2 document types the FSE 2.0 gateway checks, with their official schematron. */
export const cdaTypes = {
  'referto-televisita': {
    templateId: '2.16.840.1.113883.2.9.10.1.16.1.1',
    loinc: '75496-0',
    loincDisplay: 'Telehealth note',
    schematron: 'schematron_Referto_Televisita_v1.0.sch',
    title: { it: 'Referto di Televisita', en: 'Telehealth visit report' },
  },
  'relazione-teleconsulto': {
    templateId: '2.16.840.1.113883.2.9.10.1.16.2.1',
    loinc: '85208-7',
    loincDisplay: 'Telehealth consult note',
    schematron: 'schematron_Relazione_CTC_v1.0.sch',
    title: { it: 'Relazione di Teleconsulto', en: 'Teleconsultation report' },
  },
  'relazione-teleassistenza': {
    templateId: '2.16.840.1.113883.2.9.10.1.16.4.1',
    loinc: '75496-0',
    loincDisplay: 'Telehealth note',
    schematron: 'schematron_Rel_Fin_Teleassistenza_v1.0.sch',
    title: { it: 'Relazione finale di Teleassistenza', en: 'Final teleassistance report' },
  },
  rsa: {
    templateId: '2.16.840.1.113883.2.9.10.1.9.1',
    loinc: '11488-4',
    loincDisplay: 'Nota di consulto',
    schematron: 'schematron_RSA_v8.3.sch',
    title: { it: 'Referto di Specialistica Ambulatoriale', en: 'Outpatient specialist report' },
  },
} as const;

export type CdaType = keyof typeof cdaTypes;
export const cdaTypeNames = Object.keys(cdaTypes) as CdaType[];

export interface ConformanceReport {
  /** True when the XSD accepts the document and no schematron assert fails. */
  valid: boolean;
  type: CdaType | null;
  schematron: string | null;
  xsd: XsdProblem[];
  errors: SchematronFinding[];
  warnings: SchematronFinding[];
  assertionsChecked: number;
  assertionsFailed: number;
}

/**
 * The gateway's checks on a CDA: the XSD (POCD_MT000040UV02) and the schematron chosen by
 * the document's national templateId. Load once; check many.
 */
export class CdaConformance {
  private readonly schematrons = new Map<CdaType, Promise<Schematron>>();
  private xsdSchema: XsdSchema | null = null;

  constructor(readonly files: ConformanceFiles) {}

  static fromConfig(dir?: string | null): CdaConformance {
    return new CdaConformance(locateConformanceFiles(dir));
  }

  schematronFor(type: CdaType): Promise<Schematron> {
    let loaded = this.schematrons.get(type);
    if (!loaded) {
      loaded = Schematron.load(this.files.schematron(cdaTypes[type].schematron));
      this.schematrons.set(type, loaded);
    }
    return loaded;
  }

  private get xsd(): XsdSchema {
    this.xsdSchema ??= XsdSchema.load(this.files.xsd);
    return this.xsdSchema;
  }

  /**
   * Checks `xml`. The type comes from the document's templateIds; `expected`, when given,
   * must match it. A document of no known type fails with an error naming the templateIds.
   */
  async check(xml: string, expected?: CdaType): Promise<ConformanceReport> {
    const xsd = this.xsd.validate(xml);
    const report: ConformanceReport = {
      valid: false,
      type: null,
      schematron: null,
      xsd,
      errors: [],
      warnings: [],
      assertionsChecked: 0,
      assertionsFailed: 0,
    };
    if (
      xsd.length > 0 &&
      xsd.some((p) => /parser|not well-formed|Start tag|EndTag|Document is empty/i.test(p.message))
    ) {
      return report;
    }
    const doc = await SaxonJS.getResource({ text: xml, type: 'xml' });
    const templateIds = SaxonJS.XPath.evaluate(
      '/hl7:ClinicalDocument/hl7:templateId/@root ! string()',
      doc,
      {
        namespaceContext: { hl7: 'urn:hl7-org:v3' },
        resultForm: 'array',
      },
    ) as string[];
    const type = cdaTypeNames.find((t) => templateIds.includes(cdaTypes[t].templateId)) ?? null;
    report.type = type;
    if (!type || (expected && type !== expected)) {
      const want = expected
        ? cdaTypes[expected].templateId
        : cdaTypeNames.map((t) => cdaTypes[t].templateId).join(' | ');
      report.errors.push({
        id: 'TEMPLATE',
        message: `ClinicalDocument/templateId: expected ${want}, found ${templateIds.join(', ') || 'none'}`,
        location: '/ClinicalDocument[1]',
        test: 'templateId',
      });
      report.assertionsFailed = 1;
      return report;
    }
    const schematron = await this.schematronFor(type);
    const result = schematron.validateDocument(doc);
    report.schematron = schematron.file;
    report.errors = result.errors;
    report.warnings = result.warnings;
    report.assertionsChecked = result.assertionsChecked;
    report.assertionsFailed = result.errors.length;
    report.valid = xsd.length === 0 && result.errors.length === 0;
    return report;
  }
}

/** One line naming the first failing rule, for error messages and logs. */
export function describeFailure(report: ConformanceReport): string {
  const xsd = report.xsd[0];
  if (xsd) return `XSD CDA.xsd${xsd.line ? ` (riga ${xsd.line})` : ''}: ${xsd.message}`;
  const err = report.errors[0];
  if (err) return `${report.schematron ?? 'schematron'} ${err.message} [${err.location}]`;
  return 'conforme';
}
